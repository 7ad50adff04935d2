/**
 * The harness of the property-based fuzz tests (test/unit/fuzz/, issue #15 item 8): the seed and run counts, a
 * sandbox that runs each case's reader operation in a worker thread under a per-case timeout, and the one rule for
 * what may escape a reader. (Not a test file itself.)
 *
 * Determinism: every property runs with a fixed seed (DL_FUZZ_SEED overrides it) mixed with the property's name,
 * printed as a test diagnostic with the run count, so a CI failure replays exactly. Run longer locally with
 * DL_FUZZ_SCALE=20 (every property's runs × 20) or DL_FUZZ_RUNS=N (every property N runs).
 *
 * Why a worker: a case must never hang or take the machine down. The main thread races each operation against
 * CASE_TIMEOUT_MS and, on timeout, terminates the worker — which also stops a synchronous endless loop that a
 * Promise.race alone could never interrupt — and fails the case as a hang; the worker's heap is capped so a
 * runaway allocation fails the case instead of exhausting memory; an exception that escapes asynchronously kills
 * the worker and fails the case as an escape.
 */
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { after, type TestContext } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { FuzzOpName, fuzzOps } from './fuzzOps.ts';
import type { Thrown } from './fuzzWorker.ts';
import type { ReaderErrorReason } from '../../../src/core/reader/readerError.ts';

/** The default seed of every property (mixed with its name); DL_FUZZ_SEED overrides it. */
export const FUZZ_SEED = process.env.DL_FUZZ_SEED ? Number(process.env.DL_FUZZ_SEED) : 20240815;
const SCALE = process.env.DL_FUZZ_SCALE ? Number(process.env.DL_FUZZ_SCALE) : 1;
const FIXED_RUNS = process.env.DL_FUZZ_RUNS ? Number(process.env.DL_FUZZ_RUNS) : null;

/** A case slower than this is a hang (inputs are at most a few KiB: a healthy case takes milliseconds). */
export const CASE_TIMEOUT_MS = 5000;
/** Heap of the sandbox worker: a few-KiB input that needs more is a runaway allocation. */
const WORKER_HEAP_MB = 512;

/** The runs of a property whose CI budget is `base` runs (see the module comment for the overrides). */
export function fuzzRuns(base: number): number {
  if (FIXED_RUNS !== null && Number.isFinite(FIXED_RUNS) && FIXED_RUNS > 0) return Math.floor(FIXED_RUNS);
  return Math.max(1, Math.round(base * (Number.isFinite(SCALE) && SCALE > 0 ? SCALE : 1)));
}

/** The seed of the property `name`: FUZZ_SEED mixed with the name (FNV-1a), so properties draw different inputs. */
export function fuzzSeed(name: string): number {
  let h = 0x811c9dc5 ^ FUZZ_SEED;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Checks `predicate` on `base` (scaled) inputs drawn from `arb`, with the property's seed printed as a diagnostic of
 * `t`. Why: every fuzz property states its seed and run count the same way, and replays with them.
 */
export async function fuzzProperty<T>(
  t: TestContext,
  arb: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  base: number,
): Promise<void> {
  const seed = fuzzSeed(t.name);
  const numRuns = fuzzRuns(base);
  t.diagnostic(`fast-check seed ${seed} (DL_FUZZ_SEED=${FUZZ_SEED}), ${numRuns} runs`);
  const started = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (v) => {
        await predicate(v);
      }),
      { seed, numRuns },
    );
  } catch (err) {
    // fast-check keeps the failing assertion as the cause; node:test prints only the message
    const cause = (err as { cause?: unknown }).cause;
    if (err instanceof Error && cause instanceof Error)
      err.message += `\nFailure: ${cause.message}\n${cause.stack ?? ''}`;
    throw err;
  }
  t.diagnostic(`${numRuns} runs in ${Math.round(performance.now() - started)} ms`);
}

/** What an operation gave: its value, or what it threw (in the worker). */
export type Outcome<V> = { value: V; thrown?: undefined } | { thrown: Thrown; value?: undefined };

type OpResult<K extends FuzzOpName> = Awaited<ReturnType<(typeof fuzzOps)[K]>>;

/** A case that did not finish: a hang (cut off at the timeout) or a worker that died (escape, out of memory). */
export class FuzzCaseFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FuzzCaseFailure';
  }
}

const WORKER = fileURLToPath(new URL('./fuzzWorker.ts', import.meta.url));

/** A worker thread running fuzzOps, restarted after a hang or a crash. See the module comment. */
/** A case waiting for its answer. */
interface Pending {
  resolve: (o: Outcome<unknown>) => void;
  reject: (e: Error) => void;
}

/** One worker and the cases it is running (a dead worker fails its own cases, never a later worker's). */
interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class FuzzSandbox {
  private current: Running | null = null;
  private next = 1;

  /** Runs `op(...args)` in the worker; resolves with its value or what it threw, rejects on a hang or a crash. */
  async run<K extends FuzzOpName>(
    op: K,
    args: Parameters<(typeof fuzzOps)[K]>,
    timeoutMs = CASE_TIMEOUT_MS,
  ): Promise<Outcome<OpResult<K>>> {
    const running = this.start();
    const id = this.next++;
    let timer: NodeJS.Timeout | undefined;
    try {
      return (await new Promise<Outcome<unknown>>((resolve, reject) => {
        running.pending.set(id, { resolve, reject });
        timer = setTimeout(() => {
          running.pending.delete(id);
          this.stop();
          reject(new FuzzCaseFailure(`hang: ${op} did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
        running.worker.postMessage({ id, op, args });
      })) as Outcome<OpResult<K>>;
    } finally {
      clearTimeout(timer);
      running.pending.delete(id);
    }
  }

  /** Ends the worker (after a hang, and in the file's `after` hook). */
  stop(): void {
    const r = this.current;
    this.current = null;
    if (r) void r.worker.terminate();
  }

  private start(): Running {
    if (this.current) return this.current;
    const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    worker.unref();
    const running: Running = { worker, pending: new Map() };
    const failAll = (why: string): void => {
      if (this.current === running) this.current = null;
      for (const [, p] of running.pending) p.reject(new FuzzCaseFailure(why));
      running.pending.clear();
    };
    worker.on('message', (m: { id: number; value?: unknown; thrown?: Thrown }) => {
      const p = running.pending.get(m.id);
      if (!p) return;
      running.pending.delete(m.id);
      p.resolve(m.thrown ? { thrown: m.thrown } : { value: m.value });
    });
    worker.on('error', (err) =>
      failAll(`escaped: the worker died of ${err.name}: ${err.message}\n${err.stack ?? ''}`),
    );
    worker.on('exit', (code) => failAll(`the worker exited (code ${code})`));
    this.current = running;
    return running;
  }
}

/** One sandbox per test file, stopped after the file's tests. */
export function fileSandbox(): FuzzSandbox {
  const s = new FuzzSandbox();
  after(() => s.stop());
  return s;
}

/** Every reason a ReaderError may carry (readerError.ts): anything else escaping a reader is a bug. */
export const READER_REASONS: readonly ReaderErrorReason[] = [
  'malformed',
  'invalidUtf8',
  'tooLong',
  'tooDeep',
  'notObject',
  'notJsonl',
  'unsupportedCompression',
  'gzipBomb',
  'gzipError',
  'zstdBomb',
  'zstdError',
  'unsupportedRange',
  'arrayStructure',
  'notParquet',
  'emptyFile',
];

/**
 * Asserts the documented failure contract: what `o` threw (if anything) is a ReaderError whose reason is one of
 * `reasons` (default: any known reason), or an AbortError when `abort` is allowed — never a TypeError, a
 * RangeError, a stack overflow or an untyped Error. Returns the value when the operation succeeded, else null.
 */
export function documentedOutcome<V>(
  o: Outcome<V>,
  reasons: readonly ReaderErrorReason[] = READER_REASONS,
  abort = false,
): V | null {
  if (!o.thrown) return o.value;
  const t = o.thrown;
  if (abort && t.name === 'AbortError') return null;
  assert.ok(
    t.name === 'ReaderError' && t.ctor === 'ReaderError' && reasons.includes(t.reason as ReaderErrorReason),
    `undocumented error escaped: ${t.ctor}/${t.name} reason=${t.reason} (allowed: ReaderError ${reasons.join('|')}${abort ? ', AbortError' : ''})\n${t.stack ?? t.message}`,
  );
  return null;
}

/** A temp folder for one fuzz file's cases, removed when the file's tests end. */
export function fuzzDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
