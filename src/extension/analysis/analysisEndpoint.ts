/**
 * Where an editor analysis runs: a worker thread of the extension host, or — on Linux with glibc — a child process
 * with glibc's malloc tuned (src/worker/analysisProcess.ts relays between the host and the same worker thread inside
 * it). Both are endpoints of one shape, so AnalysisRunner, its channel (protocol/channel.ts) and its tests are the same
 * for both. Why a process where it can be: glibc reads its malloc settings only when a process starts, so the host's
 * threads cannot have the one arena, fixed mmap threshold and huge pages the CLI runs with (core/mallocTuning.ts):
 * in the host a 2 GB file peaked at ~1.05 GiB, with them ~0.9 GiB, and the hot path misses the TLB less. No `vscode`
 * import, so it is unit-testable.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { removeNearSpillFiles } from '../../core/duplicates/nearSpillFile.ts';
import { removeExitedProcessTemps } from '../../core/io/staleTemps.ts';
import { removeSpoolDirs } from '../../core/lexical/tokenSpool.ts';
import { runsOnGlibc, tunedMallocEnv, userTunesMalloc } from '../../core/mallocTuning.ts';
import { startThread, stopThread, STOP_GRACE_MS } from '../../core/threadStop.ts';
import type { WorkerLike } from '../../protocol/channel.ts';
import type { HostToAnalysisWorker } from '../../protocol/analysisWorkerProtocol.ts';
import { isRelayedError, isRelayedExit, type RelayStart } from '../../protocol/processRelayProtocol.ts';
import { STOP_THREAD } from '../../protocol/stopThreadProtocol.ts';

/** One running analysis worker, wherever it runs. */
export interface AnalysisEndpoint extends WorkerLike<HostToAnalysisWorker> {
  /** 'thread' or 'process': where it runs (for the log and the tests). */
  readonly kind: 'thread' | 'process';
  /** Asks it to stop, forces it after STOP_GRACE_MS; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/** How analyses are started: in a thread of this process, or in a process forked with `relayScript` and `env`. */
export type AnalysisLaunch =
  { kind: 'thread' } | { kind: 'process'; relayScript: string; env: Record<string, string> };

/** Set to 1 (as for the CLI) to run the editor's analyses in threads of the extension host, with glibc's defaults. */
export const IN_PROCESS_VARIABLE = 'DIVERSITY_LENS_IN_PROCESS';

/**
 * How this host should run analyses: in a process when the platform is Linux on glibc and neither the user's
 * environment tunes malloc itself nor DIVERSITY_LENS_IN_PROCESS=1 asks for threads; else in threads (the settings
 * would mean nothing, or the user's own would be overridden).
 */
export function analysisLaunch(
  relayScript: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  isGlibc: () => boolean = runsOnGlibc,
): AnalysisLaunch {
  if (env[IN_PROCESS_VARIABLE] === '1' || platform !== 'linux' || userTunesMalloc(env) || !isGlibc())
    return { kind: 'thread' };
  return { kind: 'process', relayScript, env: tunedMallocEnv(env) };
}

/** Starts the analysis worker `script` as `launch` says. */
export function startAnalysisEndpoint(
  launch: AnalysisLaunch,
  script: string,
  resourceLimits?: ResourceLimits,
): AnalysisEndpoint {
  return launch.kind === 'thread'
    ? threadEndpoint(script, resourceLimits)
    : new ProcessEndpoint(launch.relayScript, launch.env, {
        script,
        ...(resourceLimits ? { resourceLimits } : {}),
      });
}

function threadEndpoint(script: string, resourceLimits?: ResourceLimits): AnalysisEndpoint {
  const worker = startThread(script, resourceLimits ? { resourceLimits } : {});
  // a worker that had to be terminated runs no cleanup code: remove the spill files it may have left
  const threadId = worker.threadId;
  worker.on('exit', () => {
    removeNearSpillFiles(threadId);
    removeSpoolDirs(threadId);
  });
  return {
    kind: 'thread',
    postMessage: (m) => worker.postMessage(m),
    on: (event: 'message' | 'error' | 'exit', listener: (x: never) => void) =>
      worker.on(event, listener as (x: unknown) => void),
    stop: () => stopThread(worker),
  };
}

/** The first and the last bytes of the process's standard error kept for a failure's message. */
const STDERR_KEPT = 4000;

/** The analysis worker in a child process (src/worker/analysisProcess.ts relays its messages). */
class ProcessEndpoint extends EventEmitter implements AnalysisEndpoint {
  readonly kind = 'process';
  private readonly child: ChildProcess;
  private exited = false;
  private stopping: Promise<void> | null = null;
  private stderrHead = '';
  private stderrTail = '';
  /** The worker's exit code, as the relay reported it (RelayedExit); null if the process ended without one. */
  private relayedExit: number | null = null;
  /** When the process was started and when it exited (ms since the epoch): its temporary files were written between. */
  private readonly startedAt = Date.now();
  private exitedAt = Number.POSITIVE_INFINITY;

  constructor(relayScript: string, env: Record<string, string>, start: RelayStart) {
    super();
    this.child = fork(relayScript, [JSON.stringify(start)], {
      // V8's serialization, as postMessage: typed arrays (line marks, lost types) cross as typed arrays
      serialization: 'advanced',
      // not the host's own flags (an inspector port, the editor's heap settings)
      execArgv: [],
      // under VS Code's Electron, its binary runs as plain Node only with this variable
      env: { ...process.env, ...env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (s: string) => {
      if (this.stderrHead.length < STDERR_KEPT)
        this.stderrHead += s.slice(0, STDERR_KEPT - this.stderrHead.length);
      this.stderrTail = (this.stderrTail + s).slice(-STDERR_KEPT);
    });
    this.child.on('message', (m: unknown) => {
      if (isRelayedExit(m)) this.relayedExit = m.diversityLensRelayedExit;
      else if (isRelayedError(m)) {
        const { message, code } = m.diversityLensRelayedError;
        this.emit('error', Object.assign(new Error(message), code === undefined ? {} : { code }));
      } else this.emit('message', m);
    });
    this.child.on('error', (err) => {
      // the process could not be started (or signalled): nothing else will come from it
      if (this.child.pid === undefined) this.ended(null, null, err);
    });
    // the pid may be reused from (just before) here on: a file of this pid written later is not this process's
    this.child.on('exit', () => (this.exitedAt = Date.now()));
    // 'close', not 'exit': it comes after the IPC channel closed, so after every message the process sent
    this.child.on('close', (code, signal) => this.ended(code, signal));
  }

  private ended(code: number | null, signal: NodeJS.Signals | null, startError?: Error): void {
    if (this.exited) return;
    this.exited = true;
    // a killed process ran no cleanup of its own; after a clean exit there is nothing left, and this finds nothing
    if (this.child.pid !== undefined)
      removeExitedProcessTemps(this.child.pid, undefined, this.startedAt, this.exitedAt);
    const failure = this.failure(code, signal, startError);
    if (failure !== null) this.emit('error', new Error(failure));
    this.emit('exit', this.relayedExit ?? code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
  }

  /** Why the run failed, or null when it did not fail here (asked to stop, or the worker's exit was relayed). */
  private failure(code: number | null, signal: NodeJS.Signals | null, startError?: Error): string | null {
    if (startError) return `its process could not be started (${startError.message})`;
    // once the worker's exit was relayed, it is reported as a thread's exit is (AnalysisRunner words it), whatever
    // ended the process after it
    if (this.stopping !== null || this.relayedExit !== null) return null;
    if (signal !== null)
      return `its process was ended by ${signal}${signal === 'SIGKILL' ? ': out of memory, or kill -9' : ''}${this.stderrSummary()}`;
    if (code !== 0 && code !== null) return `its process exited with code ${code}${this.stderrSummary()}`;
    return null;
  }

  /**
   * What the process wrote to stderr, in brief: its first error line (`FATAL ERROR: …` of V8, `TypeError: …` of an
   * uncaught exception) — not the stack frames that follow it — else its last three lines; '' when it wrote nothing.
   */
  private stderrSummary(): string {
    const lines = (text: string) =>
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const errorLine = /^(FATAL ERROR\b|(\w+)?Error\b|Uncaught\b)/;
    const key =
      lines(this.stderrHead).find((l) => errorLine.test(l)) ??
      lines(this.stderrTail).find((l) => errorLine.test(l));
    const text = key ?? lines(this.stderrTail).slice(-3).join(' | ');
    return text === '' ? '' : ` (${text})`;
  }

  postMessage(m: HostToAnalysisWorker): void {
    if (!this.child.connected) throw new Error('the analysis process has exited');
    this.child.send(m);
  }

  stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      this.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        this.child.send(STOP_THREAD);
      } catch {
        this.child.kill('SIGKILL');
      }
    });
    return this.stopping;
  }
}
