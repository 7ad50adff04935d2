/**
 * Writes chosen source lines to a file atomically, through the one atomic writer (src/core/io/atomicWrite.ts:
 * unique temporary file beside the target, fsync, rename, directory fsync). On any error or cancel the temporary
 * file (and any spool) is removed and the target is left untouched. Each line is the source line's exact bytes
 * followed by "\n" (a JSON-array element that spans lines: with the whitespace outside its strings removed,
 * compactJson.ts) — or, for an input with a `transform` (reference rows converted to the dataset's schema), the
 * bytes the transform makes of them. A Parquet input's rows are written as their canonical JSON (parquetSource.ts).
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { oneLineJson } from './compactJson.ts';
import { openByOffsets, openByScan, type LineSource } from './lineSource.ts';
import { openParquetRows } from './parquetSource.ts';
import { isParquetFile } from '../reader/parquetReader.ts';
import { BatchedWriter } from '../io/batchedWriter.ts';
import {
  removeTemp,
  tempPathFor,
  writeAtomically,
  writeTextAtomically as writeFileTextAtomically,
} from '../io/atomicWrite.ts';
import type { Compression } from '../types.ts';

/** One input the lines come from. `locs` (line → offset/length) is given for plain files read by offset. */
export interface LineInput {
  path: string;
  compression: Compression;
  locs?: Map<number, { offset: number; length: number }>;
  /** Rewrites a line's bytes before it is written (conversion to the dataset's schema); absent = byte-exact copy. */
  transform?: (bytes: Buffer) => Buffer;
}

export interface WriteLinesHooks {
  signal?: AbortSignal;
  /** Called every 1,000 lines and at the end. */
  onProgress?: (written: number, total: number) => void;
  /** Test seam: called after each line is queued; throwing from it simulates a failure mid-write. */
  onLineWritten?: (written: number) => void;
  /** When set, the written bytes must hash to this sha256 (hex) or nothing is renamed into place. */
  expectSha256?: string;
  /**
   * Runs once every line is in the temporary file, fsynced and closed, just before it is renamed over the target
   * (a mix writes its recipe here: the commit point — a cancel after it no longer stops the write): if it throws,
   * nothing is renamed and the target is left as it was; if the rename fails after it, the undo it returns runs.
   */
  beforeRename?: (file: WrittenFile) => Promise<void | (() => Promise<void>)>;
}

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

const FLUSH_BYTES = 64 * 1024;

function abortError(): Error {
  return Object.assign(new Error('the write was cancelled'), { name: 'AbortError' });
}

/**
 * Writes `order` (input index — one per file: an input of several files has one per file, inputFiles.ts —, 1-based
 * line in that file) to `target` atomically and returns its size and sha256.
 * `sources` are opened here and closed before returning.
 */
export async function writeLinesAtomically(
  target: string,
  inputs: readonly LineInput[],
  order: { input: Uint8Array | Uint32Array; line: Uint32Array },
  hooks: WriteLinesHooks = {},
): Promise<WrittenFile> {
  const spools: string[] = [];
  const sources: LineSource[] = [];
  try {
    for (let k = 0; k < inputs.length; k++) {
      const inp = inputs[k];
      // Parquet rows have no bytes to copy: they are written as canonical JSON (parquetSource.ts)
      const parquet = await isParquetFile(inp.path);
      if (inp.locs && inp.compression === 'none' && !parquet)
        sources.push(await openByOffsets(inp.path, inp.locs));
      else {
        const wanted = new Set<number>();
        for (let i = 0; i < order.line.length; i++) if (order.input[i] === k) wanted.add(order.line[i]);
        const spool = tempPathFor(target, `spool${k}`);
        spools.push(spool);
        sources.push(
          parquet
            ? await openParquetRows(inp.path, wanted, spool, hooks.signal)
            : await openByScan(inp.path, wanted, inp.compression, spool, hooks.signal),
        );
      }
    }
    const total = order.line.length;
    const written = await writeAtomically(
      target,
      async (out) => {
        const hash = createHash('sha256');
        const writer = new BatchedWriter(out, FLUSH_BYTES);
        let bytes = 0;
        const newline = Buffer.from('\n');
        for (let i = 0; i < total; i++) {
          if (hooks.signal?.aborted) throw abortError();
          const raw = await sources[order.input[i]].read(order.line[i]);
          const transform = inputs[order.input[i]].transform;
          // (a JSON-array element spanning lines becomes one line: compactJson.ts; JSONL lines are untouched)
          const line = oneLineJson(transform ? transform(raw) : raw);
          writer.push(line);
          writer.push(newline);
          bytes += line.length + 1;
          hash.update(line);
          hash.update(newline);
          await writer.flushIfFull();
          hooks.onLineWritten?.(i + 1);
          if ((i + 1) % 1000 === 0) hooks.onProgress?.(i + 1, total);
        }
        await writer.flush();
        const sha256 = hash.digest('hex');
        if (hooks.expectSha256 !== undefined && hooks.expectSha256 !== sha256) {
          throw new Error(
            `the reproduced file's sha256 ${sha256} differs from the recipe's ${hooks.expectSha256}; nothing was written`,
          );
        }
        if (hooks.signal?.aborted) throw abortError();
        return { bytes, sha256 };
      },
      {
        mode: 0o644,
        beforeRename: async ({ bytes, sha256 }) => {
          if (hooks.signal?.aborted) throw abortError(); // the last moment a cancel stops the write
          return hooks.beforeRename?.({ path: target, rows: total, bytes, sha256 });
        },
      },
    );
    hooks.onProgress?.(total, total);
    return { path: target, rows: total, ...written };
  } finally {
    for (const s of sources) await s.close().catch(() => undefined);
    for (const s of spools) await removeTemp(s);
  }
}

/** Writes a small text file (a recipe) atomically, through the one atomic writer. */
export async function writeTextAtomically(target: string, text: string): Promise<void> {
  await writeFileTextAtomically(target, text, { mode: 0o644 });
}

/**
 * Writes a small text file (a recipe) atomically and returns how to put back what was there before (its old bytes,
 * or no file). Why: a mix puts its recipe in place just before the mix's own rename; if that rename fails, the
 * recipe must not describe a file that was never written.
 */
export async function replaceTextUndoably(target: string, text: string): Promise<() => Promise<void>> {
  const previous = await fsp.readFile(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  await writeTextAtomically(target, text);
  return async () => {
    if (previous === null) await fsp.rm(target, { force: true });
    else await writeFileTextAtomically(target, previous, { mode: 0o644 });
  };
}

/** sha256 (hex) of a file's bytes on disk, streamed. */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const fh = await fsp.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      if (signal?.aborted) throw abortError();
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}
