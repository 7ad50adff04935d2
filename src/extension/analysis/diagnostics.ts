/**
 * "Diversity Lens: Show Analysis Diagnostics": how responsive the editor stayed during the last analysis — the
 * extension host's event-loop delay, measured by eventLoopStats.ts while the analysis ran — for a user who
 * reports a frozen or sluggish editor. The figures are shown as a notification and appended, with the full path
 * and the time, to the "Diversity Lens" output channel (created on first use), where they can be copied into a
 * bug report. The e2e suite reads the notification to check the host stays responsive during an analysis.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../disposable.ts';
import { EventLoopMonitor, type EventLoopStats } from './eventLoopStats.ts';

/** Delays above this are noticeable as a stutter (the figure the output channel compares against). */
const NOTICEABLE_MS = 100;

/** The diagnostics of the extension's analyses: the event-loop monitor and the output channel. */
export class AnalysisDiagnostics extends Disposable {
  /** Measures every analysis started by analyzeWithProgress (ctx.diagnostics.eventLoop.measure). */
  readonly eventLoop = new EventLoopMonitor();
  private channel: vscode.OutputChannel | undefined;

  /** `runsIn`: where analyses run (analysisEndpoint.ts), said with the figures: a bug report needs it. */
  constructor(private readonly runsIn: 'thread' | 'process') {
    super();
  }

  /** The command: shows and logs the figures of the last analysis; returns them (null before any analysis). */
  show(): EventLoopStats | null {
    const s = this.eventLoop.last;
    const summary = s
      ? `Diversity Lens event loop: max delay ${s.maxDelayMs} ms (p99 ${s.p99DelayMs} ms, mean ${s.meanDelayMs} ms, ${s.samples} samples) during the analysis of ${path.basename(s.file)}`
      : 'Diversity Lens event loop: no analysis measured yet';
    // under VS Code desktop the child is Electron's binary run as Node, whose own allocator (PartitionAlloc) may stand
    // in for glibc's malloc: the settings are given but not known to apply (not measured: docs/robustness.md, item 10)
    const where =
      this.runsIn === 'thread'
        ? 'analyses run in worker threads of the extension host'
        : process.versions.electron
          ? "analyses run in a child process (Electron as Node: glibc malloc settings given; Electron's own allocator may not use them)"
          : 'analyses run in a child process (glibc malloc: one arena, huge pages where the kernel allows them)';
    this.channel ??= this._register(vscode.window.createOutputChannel('Diversity Lens'));
    this.channel.appendLine(`[${new Date().toISOString()}] ${summary}`);
    this.channel.appendLine(`  ${where}`);
    if (s) {
      this.channel.appendLine(`  dataset: ${s.file}`);
      this.channel.appendLine(
        s.maxDelayMs < NOTICEABLE_MS
          ? `  the editor stayed responsive (every delay below ${NOTICEABLE_MS} ms)`
          : `  the editor was blocked for up to ${s.maxDelayMs} ms (noticeable above ${NOTICEABLE_MS} ms); please include these lines in a bug report`,
      );
    }
    void vscode.window.showInformationMessage(`${summary}; ${where} (also in Output › Diversity Lens)`);
    return s;
  }
}
