/**
 * The operations the fuzz tests (test/unit/fuzz/) run on generated inputs, each returning a plain, structured-
 * cloneable summary. Why a module of its own: they run inside the fuzz sandbox's worker thread (fuzzWorker.ts), so a
 * hang can be cut off by terminating the worker and a runaway allocation hits the worker's heap limit instead of the
 * machine; the main thread only compares summaries. Every reader entry point the analysis uses has an op here.
 * (Not a test file itself.)
 */
import { statSync } from 'node:fs';
import { readJsonl, readJsonlBytes, type ReaderOptions } from '../../../src/core/reader/jsonlReader.ts';
import { LineScanner } from '../../../src/core/reader/lineScanner.ts';
import { decodeLine } from '../../../src/core/reader/lineDecoder.ts';
import { describeNonJsonl, looksLikeJsonArray, sniffFormat } from '../../../src/core/reader/sniff.ts';
import { sniffFile } from '../../../src/core/reader/sniffFile.ts';
import { detectFileFormat } from '../../../src/core/reader/jsonArray.ts';
import { JsonArrayScanner } from '../../../src/core/reader/jsonArrayScanner.ts';
import { locateArrayElement } from '../../../src/core/reader/jsonArrayLocate.ts';
import { fileCompression } from '../../../src/core/reader/decompress.ts';
import {
  parquetRowCount,
  readParquetRows,
  canonicalRowJson,
} from '../../../src/core/reader/parquetReader.ts';
import { planChunks } from '../../../src/core/pipeline/chunkPlan.ts';
import { compressedChunks } from '../../../src/core/pipeline/compressedChunks.ts';
import { analyzeFile } from '../../../src/core/pipeline/analyze.ts';
import type { JsonlRecord, ReaderStats } from '../../../src/core/types.ts';

/** A record as the fuzz tests compare it: identity and value (as its JSON). */
export type RecordSummary = [line: number, offset: number, length: number, json: string];

/** What one full read gave: every record and the final stats. */
export interface ReadSummary {
  records: RecordSummary[];
  stats: ReaderStats;
}

const summarise = (r: JsonlRecord): RecordSummary => [r.line, r.offset, r.length, JSON.stringify(r.value)];

/** Reads `path` whole with readJsonl (batches, as the analysis does). */
async function read(path: string, options: ReaderOptions = {}): Promise<ReadSummary> {
  const reading = readJsonl(path, options);
  const records: RecordSummary[] = [];
  for await (const batch of reading.batches) for (const r of batch) records.push(summarise(r));
  return { records, stats: reading.stats };
}

/** Splits `bytes` at the given cut points (sorted, deduplicated, inside the buffer). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  out.push(bytes.subarray(from));
  return out;
}

/** The operations, by name; arguments and results are structured-cloneable. */
export const fuzzOps = {
  /** Loads the modules and the tokenizer once, so the first timed case does not pay for it. */
  async warm(path: string): Promise<boolean> {
    await analyzeFile(path, {});
    return true;
  },

  /** readJsonl over the whole file (any option of ReaderOptions except the signal and the progress callback). */
  read,

  /**
   * readJsonl with an AbortSignal aborted after `afterBatches` batches (0: before the first): the read must end with
   * an AbortError or complete (when it had fewer batches), never hang or throw anything else.
   */
  async readAborted(path: string, afterBatches: number, chunkSize: number): Promise<number> {
    const ac = new AbortController();
    if (afterBatches === 0) ac.abort();
    const reading = readJsonl(path, { signal: ac.signal, chunkSize });
    let batches = 0;
    for await (const batch of reading.batches) {
      void batch;
      if (++batches >= afterBatches) ac.abort();
    }
    return batches;
  },

  /**
   * The parallel analysis's reading of a plain file: planChunks cuts it into line-aligned byte ranges of
   * `chunkBytes`, and each range is read alone with start/end/firstLine. Returns the ranges' reads in order.
   */
  async rangedRead(path: string, chunkBytes: number, options: ReaderOptions): Promise<ReadSummary[]> {
    const size = statSync(path).size;
    const chunks = await planChunks(path, size, chunkBytes);
    const out: ReadSummary[] = [];
    for (const c of chunks)
      out.push(await read(path, { ...options, start: c.start, end: c.end, firstLine: c.firstLine }));
    return out;
  },

  /**
   * The parallel analysis's reading of a gzip/zstd file: compressedChunks cuts the decompressed bytes into chunks of
   * whole lines and each chunk is read with readJsonlBytes (what a chunk worker does). Returns the chunks' reads.
   */
  async compressedRead(path: string, chunkBytes: number): Promise<ReadSummary[]> {
    const compression = await fileCompression(path);
    if (compression === 'none') throw new Error('compressedRead: not a compressed file');
    const out: ReadSummary[] = [];
    for await (const { chunk, bytes } of compressedChunks(path, compression, chunkBytes)) {
      const r = readJsonlBytes(bytes, {
        firstLine: chunk.firstLine,
        baseOffset: chunk.start,
        first: chunk.index === 0,
        compression,
      });
      const records: RecordSummary[] = [];
      for (const batch of r.batches) for (const rec of batch) records.push(summarise(rec));
      out.push({ records, stats: r.stats });
    }
    return out;
  },

  /** readJsonlBytes over in-memory bytes (one chunk, from the start of the input). */
  readBytes(bytes: Uint8Array, maxLineBytes?: number, maxDepth?: number): ReadSummary {
    const r = readJsonlBytes(Buffer.from(bytes), {
      firstLine: 1,
      baseOffset: 0,
      first: true,
      maxLineBytes,
      maxDepth,
    });
    const records: RecordSummary[] = [];
    for (const batch of r.batches) for (const rec of batch) records.push(summarise(rec));
    return { records, stats: r.stats };
  },

  /** LineScanner fed `bytes` cut at `cuts`: every emitted line as [line, offset, length, bytes as latin1 or null]. */
  scanLines(
    bytes: Uint8Array,
    cuts: number[],
    maxLineBytes: number,
  ): { lines: [number, number, number, string | null][]; bom: boolean } {
    const scanner = new LineScanner({ maxLineBytes });
    const lines: [number, number, number, string | null][] = [];
    const sink = (b: Buffer | null, line: number, offset: number, length: number): void => {
      lines.push([line, offset, length, b === null ? null : b.toString('latin1')]);
    };
    for (const piece of split(Buffer.from(bytes), cuts)) scanner.push(piece, sink);
    scanner.end(sink);
    return { lines, bom: scanner.bom };
  },

  /** JsonArrayScanner fed `bytes` cut at `cuts`: every element, then the structure error (if any) as a string. */
  scanArray(
    bytes: Uint8Array,
    cuts: number[],
    maxElementBytes: number,
  ): { elements: [number, number, number, number, number, string | null][]; structure: string | null } {
    const scanner = new JsonArrayScanner({ maxElementBytes });
    const elements: [number, number, number, number, number, string | null][] = [];
    const sink = (
      b: Buffer | null,
      index: number,
      offset: number,
      length: number,
      line: number,
      column: number,
    ): void => {
      elements.push([index, offset, length, line, column, b === null ? null : b.toString('latin1')]);
    };
    try {
      for (const piece of split(Buffer.from(bytes), cuts)) scanner.push(piece, sink);
      scanner.end();
    } catch (err) {
      if ((err as Error).name !== 'JsonArrayStructureError') throw err;
      return { elements, structure: (err as Error).message };
    }
    return { elements, structure: null };
  },

  /** decodeLine on one line's bytes. */
  decode(bytes: Uint8Array, maxDepth: number): unknown {
    const d = decodeLine(Buffer.from(bytes), maxDepth);
    return d.kind === 'record' ? { kind: 'record', json: JSON.stringify(d.value) } : d;
  },

  /** The pure sniffers on a window: describeNonJsonl, sniffFormat and looksLikeJsonArray. */
  sniffWindow(bytes: Uint8Array, complete: boolean): unknown {
    const w = Buffer.from(bytes);
    return {
      nonJsonl: describeNonJsonl(w, complete),
      format: sniffFormat(w, complete),
      array: looksLikeJsonArray(w, complete),
    };
  },

  /** The sniffers on a file: sniffFile, detectFileFormat and fileCompression. */
  async sniffPath(path: string): Promise<unknown> {
    return {
      sniffed: await sniffFile(path),
      format: await detectFileFormat(path),
      compression: await fileCompression(path),
    };
  },

  /** locateArrayElement for elements 1..n of a JSON-array file: their offsets, lengths and lines (text dropped). */
  async locateElements(path: string, n: number): Promise<([number, number, number] | null)[]> {
    const out: ([number, number, number] | null)[] = [];
    for (let i = 1; i <= n; i++) {
      const loc = await locateArrayElement(path, i, 64);
      out.push(loc === null ? null : [loc.offset, loc.length, loc.line]);
    }
    return out;
  },

  /** The Parquet entry points the panel and Mix use: the row count, then rows read back by number. */
  async parquetRows(path: string, lines: number[]): Promise<{ count: number; rows: [number, string][] }> {
    const count = await parquetRowCount(path);
    const rows: [number, string][] = [];
    await readParquetRows(path, lines, (line, row) => void rows.push([line, canonicalRowJson(row)]));
    return { count, rows };
  },

  /**
   * The whole analysis of a small file (no reference), in one pass or in chunks of `chunkBytes` in this thread.
   * Returns the figures that must not depend on how the file was cut: rows, tokens, exact duplicates.
   */
  async analyze(path: string, chunkBytes: number | null, strict: boolean): Promise<unknown> {
    const report = await analyzeFile(path, {
      strict,
      ...(chunkBytes === null ? {} : { chunkBytes, workers: 1 }),
    });
    return {
      chunks: report.timing.chunks ?? null,
      rows: report.rows,
      tokens: report.tokens,
      exact: report.duplicates.exact,
    };
  },
};

/** The name of an operation. */
export type FuzzOpName = keyof typeof fuzzOps;
