/**
 * The editor's analysis process (dist/analysisProcess.js): a child process the extension host forks with glibc's
 * malloc tuned (core/mallocTuning.ts), which runs the analysis worker (dist/worker.js) as a worker thread and relays
 * messages between it and the host. Why a process: glibc reads its malloc settings only at a process's start, so
 * worker threads of the extension host cannot get the one arena, fixed mmap threshold and huge pages that hold the CLI's
 * 2 GB run under 1 GiB and save 5–13 % of its CPU (docs/performance.md, "Session 17"); and a crash of the analysis,
 * even a native one or the kernel's out-of-memory killer, now ends this process, never the extension host.
 *
 * Why a relay instead of the analysis on this process's main thread: the analysis worker, its chunk workers and
 * their stop tree (core/threadStop.ts) run exactly as they do inside the host, so the two ways of running are the same
 * code. This thread only relays:
 * - host → worker: every message as it came, except STOP_THREAD, which stops this process's threads, then exits;
 * - worker → host: every message (typed arrays are copied: the IPC channel uses V8's serialization), and the worker's
 *   'error' event as a RelayedError (a process has no 'error' event to carry it);
 * - the worker's exit is relayed (RelayedExit) and ends the process with the worker's exit code, once everything sent
 *   has been written; the host closing the channel (it stopped, or it died) stops everything;
 * - an uncaught error of the relay itself is relayed as an error before the process exits (code 70).
 */
import { removeNearSpillFiles } from '../core/duplicates/nearSpillFile.ts';
import { removeSpoolDirs } from '../core/lexical/tokenSpool.ts';
import { lowerThisThreadPriority } from '../core/threadPriority.ts';
import { startThread, stopOwnThreads } from '../core/threadStop.ts';
import { parseRelayStart, type RelayedError, type RelayedExit } from '../protocol/processRelayProtocol.ts';
import { isStopThread } from '../protocol/stopThreadProtocol.ts';
import { thrownCode, thrownText } from '../protocol/channel.ts';

const start = parseRelayStart(process.argv[2]);
const send = process.send?.bind(process);
if (start === null || send === undefined) {
  process.stderr.write('analysisProcess: must be forked with an IPC channel and a JSON start argument\n');
  process.exit(2);
}

// nice 10 before any thread starts: the worker thread, its chunk workers and libuv's pool threads inherit it
lowerThisThreadPriority();
const worker = startThread(
  start.script,
  start.resourceLimits ? { resourceLimits: start.resourceLimits } : {},
);
const workerThreadId = worker.threadId;

let unsent = 0;
let exitCode: number | null = null;

/** Sends to the host; the process exits only once every message sent is written (see exitWhenSent). */
function relay(m: unknown): void {
  if (!process.connected) return;
  // counted once accepted: a send that throws at once (a value that cannot be serialised) is never written
  send!(m as object, undefined, undefined, () => {
    unsent--;
    if (exitCode !== null && unsent === 0) process.exit(exitCode);
  });
  unsent++;
}

function exitWhenSent(code: number): void {
  exitCode ??= code;
  if (unsent === 0 || !process.connected) process.exit(exitCode);
}

let stopping = false;
/** The exit code once stopped: 0 when asked to stop, 70 after a failure of this relay itself. */
let stopCode = 0;
/** Stops the worker's tree (asked first, terminated after the grace: core/threadStop.ts), then exits. */
function stop(): void {
  if (stopping) return;
  stopping = true;
  void stopOwnThreads().then(() => exitWhenSent(stopCode));
}

process.on('message', (m: unknown) => {
  if (isStopThread(m)) stop();
  else worker.postMessage(m);
});
process.on('disconnect', stop);
worker.on('message', relay);
/** Relays an error as the host's 'error' event: a thrown value need not be an Error (`throw 'x'`, `throw null`). */
function relayError(err: unknown, prefix = ''): void {
  const e: RelayedError['diversityLensRelayedError'] = { message: prefix + thrownText(err) };
  const code = thrownCode(err);
  if (code !== undefined) e.code = code;
  relay({ diversityLensRelayedError: e } satisfies RelayedError);
}
worker.on('error', (err: unknown) => relayError(err));
worker.on('exit', (code: number) => {
  // a terminated worker ran no cleanup of its own
  removeNearSpillFiles(workerThreadId);
  removeSpoolDirs(workerThreadId);
  if (stopping) return exitWhenSent(stopCode);
  // the worker's own exit, reported as a thread's exit is (the host tells it from a failure of this process)
  relay({ diversityLensRelayedExit: code } satisfies RelayedExit);
  exitWhenSent(code);
});
// a failure of this relay itself: say what it was (stderr would only hold its stack), stop the worker, exit
process.on('uncaughtException', (err: unknown) => {
  try {
    relayError(err, 'the analysis process failed: ');
  } catch {
    // relaying failed too: the host reports the exit code and stderr
  }
  stopCode = 70;
  if (stopping) exitWhenSent(stopCode);
  else stop();
});
