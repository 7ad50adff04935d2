/**
 * The one atomic file writer (reports from the CLI and "Export Report", written mixes, recipes). Why: a reader of
 * the target must see the old file or the complete new one, never a prefix, and a failed write must leave nothing
 * behind. How: a temporary file with a unique name in the target's directory (same file system, so the rename is
 * atomic; unique, so two writes of one target never share it), written, fsynced, closed, renamed over the target,
 * then the directory fsynced where the platform allows it (so the rename itself survives a crash). On any failure
 * the temporary file is removed and the target is left as it was. Pure Node, no vscode.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temporary path beside `target`: hidden, unique (pid + 48 random bits), and recognisable by its suffix. */
export function tempPathFor(target: string, suffix: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`,
  );
}

export interface AtomicWriteOptions {
  /** Create the target's directory (and its parents) first. */
  mkdir?: boolean;
  /** Permission bits of a new file (default 0o666, less the umask). */
  mode?: number;
}

/**
 * Writes `target` atomically: `fill` writes the contents through the temporary file's handle (it may throw to
 * abandon the write, e.g. on cancel or a checksum mismatch); the file is then fsynced, closed and renamed over the
 * target, and the directory fsynced. Returns what `fill` returned. On failure the temporary file is removed.
 */
export async function writeAtomically<T>(
  target: string,
  fill: (fh: fsp.FileHandle) => Promise<T>,
  options: AtomicWriteOptions = {},
): Promise<T> {
  const dir = dirname(target) || '.';
  if (options.mkdir) await fsp.mkdir(dir, { recursive: true });
  // a device or a pipe (`--out /dev/null`, `/dev/stdout`, a FIFO) is written to, never renamed over: a rename
  // would replace the device node itself with a regular file
  const existing = await fsp.stat(target).catch(() => null);
  if (existing && (existing.isCharacterDevice() || existing.isFIFO() || existing.isSocket()))
    return writeToStream(target, fill);
  if (existing?.isDirectory()) throw new Error(`is a folder, not a file to write: ${target}`);
  const tmp = tempPathFor(target, 'tmp');
  let fh: fsp.FileHandle | null = null;
  try {
    fh = await fsp.open(tmp, 'wx', options.mode ?? 0o666);
    const result = await fill(fh);
    await fh.sync();
    await fh.close();
    fh = null;
    await fsp.rename(tmp, target);
    await syncDirectory(dir);
    return result;
  } catch (err) {
    if (fh) await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
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
