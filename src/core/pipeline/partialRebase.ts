/**
 * Shifts every line number inside a chunk partial by a constant. Why: a task that analyses one byte range of a
 * file (`analyze --byte-range`, a cluster task) cannot know how many lines come before its range without reading
 * them all, so its partials number lines from the range's first line; `merge` knows the `\n` count of every range
 * before it and rebases the partial to the file's line numbers before folding it in. Only line numbers move: byte
 * offsets are absolute already, and 0 ("no example line") stays 0.
 *
 * Every line-bearing field of ChunkPartial is listed here, once; a new one must be added (the scale tests compare a
 * merged report with the one-pass report field by field and catch a forgotten one).
 */
import type { ChunkPartial } from './chunkAnalysis.ts';
import type { ExactDuplicatesPartial } from '../duplicates/exactDuplicates.ts';
import type { NearDuplicatesPartial } from '../duplicates/nearDuplicates.ts';
import type { TemplatesPartial } from '../templates/templates.ts';
import { rebaseInstructionPartial } from '../instructions/instructionStats.ts';

/** Adds `delta` to every line number of `p` (in place) and returns it; `p.chunk.firstLine` included. */
export function rebaseChunkPartial(p: ChunkPartial, delta: number): ChunkPartial {
  if (delta === 0) return p;
  if (!Number.isSafeInteger(delta) || delta < 0) throw new RangeError(`bad line shift ${delta}`);
  p.chunk = { ...p.chunk, firstLine: p.chunk.firstLine + delta };
  for (const e of p.stats.errors) e.line += delta;
  shift(p.rows.lines, delta);
  rebaseExact(p.exact, delta);
  rebaseNear(p.near, delta);
  rebaseTemplates(p.templates, delta);
  for (const g of p.slices?.groups ?? [])
    for (const s of g.states) {
      rebaseExact(s.exact, delta);
      rebaseNear(s.near, delta);
      rebaseTemplates(s.templates, delta);
    }
  if (p.instructions) rebaseInstructionPartial(p.instructions, delta);
  return p;
}

function rebaseExact(x: ExactDuplicatesPartial, delta: number): void {
  shift(x.firstLine, delta);
  shift(x.listLines, delta);
}

function rebaseNear(x: NearDuplicatesPartial, delta: number): void {
  shift(x.rowLine, delta);
}

function rebaseTemplates(x: TemplatesPartial, delta: number): void {
  for (const o of x.openings) {
    shiftExamples(o.ex1, delta);
    shiftExamples(o.ex2, delta);
  }
  if (x.phrases) {
    shiftExamples(x.phrases.ex1, delta);
    shiftExamples(x.phrases.ex2, delta);
  }
}

/** Line numbers past 2^32 − 1 do not fit the partials' Uint32 columns: refuse rather than wrap. */
function shift(a: Uint32Array, delta: number): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i] + delta;
    if (v > 0xffffffff) throw new RangeError(`line ${v} does not fit a partial's line column`);
    a[i] = v;
  }
}

/** Example-line columns: 0 means "none" and stays 0. */
function shiftExamples(a: Float64Array, delta: number): void {
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) a[i] += delta;
}
