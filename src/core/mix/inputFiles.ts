/**
 * The files behind a mix input. Why: a dataset (or a reference) may be several files — a folder of shards, a glob,
 * the explorer's multi-selection — read as ONE input whose line numbers run through its files in order, exactly as
 * the analysis numbers them (analyzeDataset.ts: the first file's lines are 1…n₁, the second's n₁+1…). The model keeps
 * those input-wide line numbers (so the panel, the report and the recipe speak of the same rows); writing a row needs
 * its file and its line in that file, which this module gives back, and the writer gets one source per file.
 * A single-file input has no `files` and stays exactly what it was (its lines are its own).
 */
import type { LineInput } from './atomicLines.ts';
import type { MixInputFile, MixInputInfo } from './mixTypes.ts';

/** A span of input-wide lines held by one file: lines firstLine … firstLine + lines − 1. */
export interface LineSpan {
  firstLine: number;
  lines: number;
}

/**
 * Why: maps input-wide line `line` to the index of the file whose span holds it (the spans are consecutive and in
 * order; binary search), or −1 when none does.
 */
export function fileIndexOfLine(files: readonly LineSpan[], line: number): number {
  let lo = 0;
  let hi = files.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (files[mid].firstLine <= line) lo = mid;
    else hi = mid - 1;
  }
  const f = files[lo];
  return line >= f.firstLine && line < f.firstLine + f.lines ? lo : -1;
}

/** Why: the files an input reads — its `files`, or itself as the one file (first line 1) when it is a single file. */
export function filesOf(info: MixInputInfo): MixInputFile[] {
  return (
    info.files ?? [
      {
        path: info.path,
        bytes: info.bytes,
        mtimeMs: info.mtimeMs,
        compression: info.compression,
        firstLine: 1,
        lines: Number.MAX_SAFE_INTEGER,
      },
    ]
  );
}

/**
 * The writer's sources for several inputs, one per file (inputs in the given order, each input's files in order),
 * and where a row of an input goes: `place(k, line, offset, length)` returns the source index and the line in that
 * file, and records the row's offset for files read by offset.
 */
export class FileSources {
  readonly inputs: LineInput[] = [];
  private readonly first: number[] = [];
  private readonly spans: MixInputFile[][] = [];

  /** Why: one LineInput per file of every input; `transforms[k]` applies to every file of input k. */
  constructor(infos: readonly MixInputInfo[], transforms: readonly (LineInput['transform'] | undefined)[]) {
    infos.forEach((info, k) => {
      this.first.push(this.inputs.length);
      const files = filesOf(info);
      this.spans.push(files);
      for (const f of files)
        this.inputs.push({
          path: f.path,
          compression: f.compression,
          locs: f.compression === 'none' ? new Map() : undefined,
          transform: transforms[k],
        });
    });
  }

  /**
   * Why: the source index and file line of input `k`'s row at input-wide line `line`; the row's bytes at
   * (offset, length) of that file are recorded for a plain file. Throws when no file of the input holds the line.
   */
  place(k: number, line: number, offset?: number, length?: number): { source: number; line: number } {
    const files = this.spans[k];
    const i = fileIndexOfLine(files, line);
    if (i < 0) throw new Error(`line ${line} is in none of the input's files`);
    const source = this.first[k] + i;
    const fileLine = line - files[i].firstLine + 1;
    if (offset !== undefined && length !== undefined)
      this.inputs[source].locs?.set(fileLine, { offset, length });
    return { source, line: fileLine };
  }

  /** Why: the index of a file within its input (what the recipe records per chosen row). */
  fileIndex(k: number, source: number): number {
    return source - this.first[k];
  }
}
