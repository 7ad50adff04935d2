/**
 * The one atomic file writer (reports from the CLI and "Export Report", written mixes, recipes). Why: a reader of
 * the target must see the old file or the complete new one, never a prefix, and a failed write must leave nothing
 * behind. How: a temporary file with a unique name in the target's directory (same file system, so the rename is
 * atomic; unique, so two writes of one target never share it), written, fsynced, closed, renamed over the target,
 * then the directory fsynced where the platform allows it (so the rename itself survives a crash). On any failure
 * the temporary file is removed and the target is left as it was. Pure Node, no vscode.
 *
 * An interrupt the process handles (the CLI's SIGINT/SIGTERM/SIGHUP handler, src/cli/interrupt.ts) removes the
 * temporary files still in progress ({@link removeLiveTemps}) and waits for a commit in progress ({@link commitsSettled}).
 * A process killed mid-write (SIGKILL, power loss) runs no cleanup: its temporary file stays beside the target,
 * and the target is the old file. Policy for those leftovers: every temporary name carries the writer's pid
 * (`.<target name>.<pid>.<12 hex>.<suffix>`), and the next atomic write of the same target removes the
 * temporary files of that target whose pid is no longer a running process on this machine (a live pid's file is
 * never touched: it may be a write in progress). So a kill leaves at most one stale file per target until that
 * target is written again. Out of scope: a folder shared over the network or between PID namespaces (a container,
 * a Flatpak or snap editor), where another live writer has a pid that means nothing here (its write would then fail cleanly at its rename, never corrupt the target).
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temporary paths of this thread handed out by tempPathFor and not yet removed or renamed. */
const liveTemps = new Set<string>();
let exitHookInstalled = false;

/**
 * A temporary path beside `target`: hidden, unique (pid + 48 random bits), and recognisable by its suffix. The path
 * is tracked until {@link removeTemp} (or the rename of writeAtomically) releases it, so an exit of the process — a
 * signal handler's process.exit included — removes a file still at that path ({@link removeLiveTemps}).
 */
export function tempPathFor(target: string, suffix: string): string {
  const p = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`,
  );
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      removeLiveTemps();
    });
  }
  liveTemps.add(p);
  return p;
}

/** Removes a temporary file made at a {@link tempPathFor} path (if it exists) and stops tracking the path. */
export async function removeTemp(p: string): Promise<void> {
  await fsp.rm(p, { force: true });
  liveTemps.delete(p);
}

/**
 * Synchronously removes every temporary file of this thread still at a tracked path (a write, spool or held-out file
 * in progress); returns how many existed. Why: a signal ends the process through process.exit, and an interrupted
 * write must leave neither its temporary file nor a changed target (the target is only ever renamed over).
 */
export function removeLiveTemps(): number {
  let removed = 0;
  for (const p of [...liveTemps]) {
    try {
      rmSync(p);
      removed++;
    } catch {
      // never created, already gone, or not removable: nothing more to do at exit
    }
    liveTemps.delete(p);
  }
  return removed;
}

/** Atomic writes between their commit's start (beforeRename) and the end of their rename, and who waits for none. */
let commits = 0;
const commitWaiters: (() => void)[] = [];

/**
 * Resolves once no atomic write of this thread is in its commit window (the companion file's write in beforeRename,
 * then the rename), at once if none is. Why: an interrupt that ended the process inside that window could leave a
 * mix's recipe renamed in place over the old recipe while the mix itself was never renamed.
 */
export function commitsSettled(): Promise<void> {
  if (commits === 0) return Promise.resolve();
  return new Promise((resolve) => commitWaiters.push(resolve));
}

/** Whether an atomic write of this thread is in its commit window (see {@link commitsSettled}). */
export function commitRunning(): boolean {
  return commits > 0;
}

function endCommit(): void {
  commits--;
  if (commits === 0) for (const w of commitWaiters.splice(0)) w();
}

/** The parts of a name {@link tempPathFor} made for `target`'s base name, or null for any other name. */
function tempOwner(name: string, targetBase: string): { pid: number } | null {
  const prefix = `.${targetBase}.`;
  if (!name.startsWith(prefix)) return null;
  const m = /^(\d+)\.[0-9a-f]{12}\.[A-Za-z0-9.]+$/.exec(name.slice(prefix.length));
  return m ? { pid: Number(m[1]) } : null;
}

/** Whether `pid` is a running process on this machine (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files of `target` whose writer's pid `drop` accepts; returns the names removed. */
async function removeTempsWhere(target: string, drop: (pid: number) => boolean): Promise<string[]> {
  const dir = dirname(target) || '.';
  const base = basename(target);
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const owner = tempOwner(name, base);
    if (!owner || !drop(owner.pid)) continue;
    try {
      await fsp.rm(join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // another writer removed it first, or the folder is read-only: nothing to do
    }
  }
  return removed;
}

/**
 * Removes the temporary files that writers of `target` left when they were killed mid-write: names made by
 * {@link tempPathFor} for this target whose pid no longer runs (see the file comment). Best effort; returns the
 * names removed. Why: without it every kill during a write leaves a hidden file beside the target forever.
 */
export function removeStaleTemps(target: string): Promise<string[]> {
  return removeTempsWhere(target, (pid) => !processAlive(pid));
}

/**
 * Removes this process's temporary files of `target`. Only for a writer known to be gone: a worker thread that
 * crashed or ran out of memory mid-write runs no cleanup, and its pid — ours — is alive, so
 * {@link removeStaleTemps} would keep its files for as long as the editor runs.
 */
export function removeOwnTemps(target: string): Promise<string[]> {
  return removeTempsWhere(target, (pid) => pid === process.pid);
}

export interface AtomicWriteOptions {
  /** Create the target's directory (and its parents) first. */
  mkdir?: boolean;
  /** Permission bits of a new file (default 0o666, less the umask). */
  mode?: number;
}

/** What {@link writeAtomically} runs just before its rename; it may return how to take its own effect back. */
export type BeforeRename<T> = (result: T) => Promise<void | (() => Promise<void>)>;

/**
 * Writes `target` atomically: `fill` writes the contents through the temporary file's handle (it may throw to
 * abandon the write, e.g. on cancel or a checksum mismatch); the file is then fsynced, closed and renamed over the
 * target, and the directory fsynced. Returns what `fill` returned. On failure the temporary file is removed.
 * `beforeRename` runs between the close and the rename (the commit point of a pair of files): if it throws, nothing
 * is renamed; if the rename fails after it, the undo it returned runs.
 */
export async function writeAtomically<T>(
  target: string,
  fill: (fh: fsp.FileHandle) => Promise<T>,
  options: AtomicWriteOptions & { beforeRename?: BeforeRename<T> } = {},
): Promise<T> {
  const dir = dirname(target) || '.';
  if (options.mkdir) await fsp.mkdir(dir, { recursive: true });
  // a device or a pipe (`--out /dev/null`, `/dev/stdout`, a FIFO) is written to, never renamed over: a rename
  // would replace the device node itself with a regular file
  const existing = await fsp.stat(target).catch(() => null);
  if (existing && (existing.isCharacterDevice() || existing.isFIFO() || existing.isSocket()))
    return writeToStream(target, fill);
  if (existing?.isDirectory()) throw new Error(`is a folder, not a file to write: ${target}`);
  await removeStaleTemps(target);
  const tmp = tempPathFor(target, 'tmp');
  let fh: fsp.FileHandle | null = null;
  try {
    fh = await fsp.open(tmp, 'wx', options.mode ?? 0o666);
    const result = await fill(fh);
    await fh.sync();
    await fh.close();
    fh = null;
    // a companion file (a mix's recipe) goes in place only once this file is complete on disk; if the rename then
    // fails, the companion's effect is taken back, so a failure changes neither file
    commits++;
    try {
      const undo = await options.beforeRename?.(result);
      try {
        await fsp.rename(tmp, target);
        liveTemps.delete(tmp);
      } catch (err) {
        if (undo) await undo().catch(() => undefined);
        throw err;
      }
    } finally {
      endCommit();
    }
    await syncDirectory(dir);
    return result;
  } catch (err) {
    if (fh) await fh.close().catch(() => undefined);
    await removeTemp(tmp).catch(() => undefined);
    throw outOfSpace(err, target) ?? err;
  }
}

/** Error codes of a write that ran out of room: the device, the user's quota, the largest file allowed. */
const NO_ROOM = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** A write that ran out of room, naming its target (the error of a nested atomic write is passed on as it is). */
export class OutOfSpaceError extends Error {
  override name = 'OutOfSpaceError';
  constructor(
    message: string,
    readonly code: string,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A full disk, as a message that names the target and says what happened to it (a raw `ENOSPC: …, write` names
 * no file); its `code` is kept. Null for any other error, and for one already described.
 */
function outOfSpace(err: unknown, target: string): Error | null {
  if (err instanceof OutOfSpaceError) return null;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (!code || !NO_ROOM.has(code)) return null;
  const what =
    code === 'EFBIG' ? 'the file is larger than the file system allows' : 'no space left on the disk';
  return new OutOfSpaceError(
    `${what} (${code}) while writing ${target}; the previous file is unchanged and nothing was left behind`,
    code,
    { cause: err },
  );
}

/** Writes straight into an existing device or pipe (no temporary file: there is nothing to replace atomically). */
async function writeToStream<T>(target: string, fill: (fh: fsp.FileHandle) => Promise<T>): Promise<T> {
  const fh = await fsp.open(target, 'w');
  try {
    return await fill(fh);
  } finally {
    await fh.close();
  }
}

/** Writes a whole text (or byte) file atomically; see {@link writeAtomically}. */
export async function writeTextAtomically(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeAtomically(target, (fh) => fh.writeFile(data), options);
}

/**
 * fsyncs a directory so a rename in it is durable. Best effort: some platforms (Windows) cannot open a directory
 * for syncing; the rename has happened either way.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let fh: fsp.FileHandle | null = null;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch {
    // not supported here (EISDIR / EPERM / EINVAL): nothing more to do
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
