// The near-duplicate tests' seeded corpus of token-key rows (fresh rows, exact copies, edited copies of ANY earlier
// row, a template family, 1–4-token rows and empty rows), shared so the spill tests of the store and of the band
// keys draw their rows from one generator; each test keeps its own mix through the options.
import * as fs from 'node:fs';
import {
  NearDuplicateAccumulator,
  type NearDuplicateOptions,
} from '../../../src/core/duplicates/nearDuplicates.ts';
import { NEAR_SPILL_PREFIX } from '../../../src/core/duplicates/nearSpillFile.ts';
import { rng as prng } from './testRng.ts';
import { tempDir } from './tempDir.ts';

/** One generated row: its line number and its token keys. */
export interface NearCorpusRow {
  line: number;
  tokens: Uint32Array;
}

/** The mix of a generated corpus (cumulative probability bounds of each kind of row). */
export interface NearCorpusMix {
  vocabulary: number;
  /** Extra line numbers skipped (5% of rows), as blank or malformed lines would. */
  lineGap: number;
  exactBelow: number;
  editedBelow: number;
  /** Edits per edited copy: 1 … maxEdits. */
  maxEdits: number;
  templateBelow: number;
  /** Fresh rows have 5 … 5 + lengthSpan − 1 tokens (10% of them 1–4). */
  lengthSpan: number;
}

/**
 * Rows of token keys: 4% empty, then exact copies and edited copies (a token replaced or appended) of any earlier
 * row (so candidates reach rows whose sets or band keys were spilled long ago), the template family (a shared
 * 40-token body + 2 varying tokens: large LSH buckets), and fresh rows. Why: one deterministic generator for the
 * spill tests, which must compare spilled and in-memory results on the same rows.
 */
export function nearCorpus(seed: number, n: number, mix: NearCorpusMix): NearCorpusRow[] {
  const rnd = prng(seed);
  const word = () => 1 + Math.floor(rnd() * mix.vocabulary);
  const template = Array.from({ length: 40 }, word);
  const rows: NearCorpusRow[] = [];
  const kept: number[][] = [];
  let line = 0;
  for (let i = 0; i < n; i++) {
    line += 1 + (rnd() < 0.05 ? mix.lineGap : 0);
    const u = rnd();
    let w: number[];
    if (u < 0.04) w = [];
    else if (u < mix.exactBelow && kept.length > 0) w = kept[Math.floor(rnd() * kept.length)].slice();
    else if (u < mix.editedBelow && kept.length > 0) {
      w = kept[Math.floor(rnd() * kept.length)].slice();
      const edits = 1 + Math.floor(rnd() * mix.maxEdits);
      for (let e = 0; e < edits; e++) {
        if (w.length >= 5 && rnd() < 0.8) w[Math.floor(rnd() * w.length)] = word();
        else w.push(word());
      }
    } else if (u < mix.templateBelow) w = [...template, word(), word()];
    else
      w = Array.from(
        { length: rnd() < 0.1 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * mix.lengthSpan) },
        word,
      );
    if (w.length > 0) kept.push(w);
    rows.push({ line, tokens: Uint32Array.from(w) });
  }
  return rows;
}

/** A fresh temporary folder for a spill test (the test removes it). */
export function nearTestDir(prefix: string): string {
  return tempDir(prefix);
}

/** The near-duplicate spill files in `dir`: why: the spill tests check that none is left behind. */
export function nearSpillFilesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith(NEAR_SPILL_PREFIX));
}

/**
 * Everything observable of an accumulator, snapshot first (a spilled accumulator cannot snapshot after finish). Why:
 * spilled and in-memory runs are compared on all of it at once.
 */
export function nearView(acc: NearDuplicateAccumulator) {
  const state = acc.snapshot();
  const report = acc.finish();
  const rc = acc.rowClusters();
  const rows: number[][] = [];
  for (let i = 0; i < rc.rowCount; i++) rows.push([rc.rowLine(i), rc.rowCluster(i)]);
  const meta = Array.from({ length: rc.clusterCount }, (_, id) => rc.clusterMeta(id));
  return { state, report, rows, meta, clusterOfLine: [...acc.clusterOfLine()], pairs: acc.verifiedPairs() };
}

/** An accumulator fed the rows (not finished). */
export function feedNear(rows: NearCorpusRow[], options: NearDuplicateOptions): NearDuplicateAccumulator {
  const acc = new NearDuplicateAccumulator(options);
  for (const r of rows) acc.addRow(r.line, r.tokens);
  return acc;
}
