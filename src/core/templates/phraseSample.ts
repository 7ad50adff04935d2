/**
 * The one rule that decides which rows' phrases are counted when phrase mining is sampled (issue #10: "template
 * phrase mining may use a seeded sample of rows past the first 100,000"). Why one module: the one-pass analysis,
 * every chunk worker and every `--byte-range` task must pick the same rows, or their reports would differ.
 *
 * The rule (docs/metrics.md, Templates): only in files of at least 1 GiB; the rows on the first `fromLine − 1`
 * lines of their file (100,000 by default) are always counted; a later row is counted when a seeded hash of its byte offset in its file falls in a
 * 1-in-`weight` part of the hash range, and its phrases then count `weight` times. The offset is absolute in every
 * kind of run (one pass, chunks, byte ranges), so the choice never depends on how the file was cut.
 */
import { fmix32 } from '../sketches/hashing.ts';

/**
 * Only files of at least this many bytes (1 GiB, the file's size on disk) are sampled. Why: a phrase's sampled count
 * deviates by about √(its sampled rows), so the relative error shrinks with the file; on the e-mail bench corpus the
 * largest top-phrase deviation was 0.42–0.74 % at 1 GiB but 1.83 % at 256 MiB (docs/performance.md, Session 8).
 */
export const PHRASE_SAMPLE_ABOVE_BYTES = 2 ** 30;
/** Rows on the file's lines 1 … 100,000 are always counted; sampling starts at line 100,001. */
export const PHRASE_SAMPLE_FROM_LINE = 100_001;
/** 1 row in this many past that line has its phrases counted (rate 1/2); measured on e1g (docs/performance.md). */
export const PHRASE_SAMPLE_WEIGHT = 2;
const SEED = 0x5eed_6a11;

/** Why a function: whether a sampled row at byte offset `offset` (a safe integer ≥ 0) is counted, 1 in `weight`. */
export function phraseRowKept(offset: number, weight: number): boolean {
  if (weight <= 1) return true;
  const lo = offset >>> 0;
  const hi = Math.floor(offset / 0x1_0000_0000) >>> 0;
  const h = fmix32(fmix32(lo ^ SEED) ^ hi);
  return h % weight === 0;
}
