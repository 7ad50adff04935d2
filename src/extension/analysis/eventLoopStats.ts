/**
 * Measures how long the extension host's event loop was blocked while an analysis ran, with Node's
 * perf_hooks.monitorEventLoopDelay (a timer sampling every 10 ms; a delay is how late it fired). The
 * analysis itself runs in a worker, so the figure shows what the host still does on its thread
 * (progress messages, the report's structured clone, decorations). One monitor lives in the extension's
 * context (ctx.ts); "Show Analysis Diagnostics" (diagnostics.ts) reports its last figures. No `vscode` import.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Figures of the last finished (or cancelled) analysis, in milliseconds. */
export interface EventLoopStats {
  /** Dataset the figures were measured for. */
  file: string;
  /** Largest event-loop delay seen while the analysis ran. */
  maxDelayMs: number;
  meanDelayMs: number;
  p99DelayMs: number;
  /** Number of delay samples taken (about one per 10 ms of wall time). */
  samples: number;
}

/** Sampling interval of the delay timer. */
const RESOLUTION_MS = 10;

/** Event-loop delay during analyses; keeps the figures of the last one that settled. */
export class EventLoopMonitor {
  private lastStats: EventLoopStats | null = null;

  /** Starts measuring for one analysis of `file`; call the returned function when it settles. */
  measure(file: string): () => EventLoopStats {
    const h: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    return () => {
      h.disable();
      // The histogram records the sampling interval itself (≈ RESOLUTION_MS when nothing blocks): subtract it.
      const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e4) / 100 - RESOLUTION_MS);
      const round = (x: number): number => Math.round(x * 100) / 100;
      this.lastStats = {
        file,
        maxDelayMs: round(ms(h.max)),
        meanDelayMs: round(ms(Number.isFinite(h.mean) ? h.mean : 0)),
        p99DelayMs: round(ms(h.percentile(99))),
        samples: h.count,
      };
      return this.lastStats;
    };
  }

  /** The figures of the last measured analysis, or null before the first one. */
  get last(): EventLoopStats | null {
    return this.lastStats;
  }
}
