/**
 * The row-choosing rule of the mixing simulator and the projected figures, on tiny inputs computed by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { chooseRows, realRowsFor } from '../../../../src/core/mix/chooseRows.ts';
import { figuresOf } from '../../../../src/core/mix/mixFigures.ts';
import { heldOutFor, splitReference } from '../../../../src/core/mix/heldOut.ts';
import type { MixModel } from '../../../../src/core/mix/mixTypes.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('mix-choose-');
function jsonl(name: string, rows: object[]): string {
  const p = join(dir, name);
  writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
}

/** Lines (per input) and D/R pattern of a selection. */
function describe(model: MixModel, rows: Uint32Array): { pattern: string; d: number[]; r: number[] } {
  let pattern = '';
  const d: number[] = [];
  const r: number[] = [];
  for (const g of rows) {
    if (g < model.nDataset) {
      pattern += 'D';
      d.push(model.line[g]);
    } else {
      pattern += 'R';
      r.push(model.line[g]);
    }
  }
  return { pattern, d: d.sort((a, b) => a - b), r: r.sort((a, b) => a - b) };
}

test('realRowsFor rounds f·n half up', () => {
  // 0.4·1 = 0.4 → 0; 0.4·2 = 0.8 → 1; 0.3·10 = 3.0000000000000004 → 3; 0.5·3 = 1.5 → 2
  assert.deepEqual(
    [realRowsFor(0.4, 1), realRowsFor(0.4, 2), realRowsFor(0.3, 10), realRowsFor(0.5, 3)],
    [0, 1, 3, 2],
  );
});

test('exact dedup keeps the first row of each group; the walk interleaves by round(f·(k+1))', async () => {
  const ds = jsonl('d1.jsonl', [
    { text: 'a b c d' },
    { text: 'a b c d' },
    { text: 'e f g' },
    { text: 'A  B c d' },
    { text: 'h i j k' },
  ]);
  const ref = jsonl('r1.jsonl', [{ text: 'x y z' }, { text: 'w v u' }, { text: 'x y z' }, { text: 'p q' }]);
  const model = await buildMixModel(ds, ref);
  assert.deepEqual(model.options.effective, { fields: ['text'] });
  // Held out at seed 1 (default share 0.3: round(1.2) = 1 row): line 4 → the pool is lines 1–3.
  assert.deepEqual(
    Array.from(heldOutFor(model, { seed: 1 }).heldOutRows, (g) => model.line[g]),
    [4],
  );
  // Dataset: lines 2 and 4 normalise to "a b c d" like line 1 → kept {1, 3, 5}. Pool: line 3 repeats line 1 → kept {1, 2}.
  // f = 0.4, no target: k=0 round(0.4)=0 → D; k=1 round(0.8)=1 → R; k=2 round(1.2)=1 → D; k=3 round(1.6)=2 → R;
  // k=4 round(2.0)=2 → D; k=5 → D but the dataset pool (3 rows) is exhausted → stop at 5 rows.
  const sel = chooseRows(model, { realFraction: 0.4, dedup: { kind: 'exact' }, seed: 1 });
  const got = describe(model, sel.rows);
  assert.equal(got.pattern, 'DRDRD');
  assert.deepEqual(got.d, [1, 3, 5]);
  assert.deepEqual(got.r, [1, 2]);
  assert.deepEqual(sel.removedByDedup, { dataset: 2, reference: 1 });
  assert.deepEqual(sel.heldOut, { rows: 1, poolRows: 3 });
  assert.equal(sel.targetMet, true);
  // Seed 7 holds out the "x y z" group (lines 1 and 3 together: identical texts never straddle the split).
  assert.deepEqual(
    Array.from(heldOutFor(model, { seed: 7 }).heldOutRows, (g) => model.line[g]),
    [1, 3],
  );
  assert.deepEqual(
    describe(model, chooseRows(model, { realFraction: 0.4, dedup: { kind: 'exact' }, seed: 7 }).rows).r,
    [2, 4],
  );

  // rows = 4, f = 0.5: k=0 round(0.5)=1 → R; k=1 round(1.0)=1 → D; k=2 round(1.5)=2 → R; k=3 → D.
  const four = chooseRows(model, { realFraction: 0.5, rows: 4, dedup: { kind: 'exact' } });
  assert.equal(describe(model, four.rows).pattern, 'RDRD');
  // rows = 6 at f = 0.5 needs 3 real rows; only 2 survive dedup → stops after 4 rows (R D R D, next R missing).
  const six = chooseRows(model, { realFraction: 0.5, rows: 6, dedup: { kind: 'exact' } });
  assert.equal(six.rows.length, 4);
  assert.equal(six.targetMet, false);
  // Same seed, same rows, same order; another seed: same sets (every kept row is taken) in a different order is allowed.
  assert.deepEqual(
    chooseRows(model, { realFraction: 0.4, dedup: { kind: 'exact' }, seed: 1 }).rows,
    sel.rows,
  );
});

test('template rows are dropped, caps hold, tokens target stops at the first row reaching it', async () => {
  const rows = [
    { text: 'sure here is one', src: 'a' },
    { text: 'sure here is two', src: 'a' },
    { text: 'sure here is three', src: 'a' },
    { text: 'alpha beta gamma', src: 'a' },
    { text: 'delta epsilon zeta', src: 'b' },
    { text: 'eta theta iota', src: 'b' },
    { text: 'kappa lambda mu', src: 'b' },
    { text: 'nu xi omicron', src: 'c' },
    { text: 'pi rho sigma', src: 'c' },
    { text: 'tau upsilon phi', src: 'c' },
  ];
  const ds = jsonl('d2.jsonl', rows);
  const ref = jsonl('r2.jsonl', [{ text: 'one two three four' }]);
  const model = await buildMixModel(ds, ref, { slicePaths: ['src'] });
  // "sure here is" opens 3 of 10 rows with tokens: 0.3 > 0.15 → flagged; every other opening is 1/10 = 0.1 → not flagged.
  assert.equal(model.dataset.flaggedOpenings.length, 1);
  // issue #12: the panel said "1 in the dataset" (openings) where the user counts rows: 3 rows open with it
  assert.equal(model.dataset.flaggedRows, 3);
  // (the reference's one row opens with its only 3-gram: 1/1 > 0.15, flagged too)
  assert.equal(model.reference.flaggedRows, 1);
  const sel = chooseRows(model, { realFraction: 0, dropTemplates: true });
  assert.deepEqual(describe(model, sel.rows).d, [4, 5, 6, 7, 8, 9, 10]);
  assert.equal(sel.removedByTemplates.dataset, 3);

  // Count cap 2 per src value: a has 4 rows, b 3, c 3 → 2 + 2 + 2 = 6 rows; the rest are passed over.
  const capped = chooseRows(model, { realFraction: 0, caps: [{ field: 'src', max: 2 }] });
  assert.equal(capped.rows.length, 6);
  assert.equal(capped.skippedByCaps, 4);
  // Share cap 0.4: without caps N = 10 → limit floor(4) per value → a 4, b 3, c 3 → 10 rows, a at 40 % ≤ 0.4: fixed point at once.
  // Share cap 0.3: N=10 → limit 3 → 3+3+3 = 9 → limit floor(2.7) = 2 → 6 → limit floor(1.8) = 1 → 3 → limit 0 → 0 rows.
  assert.equal(chooseRows(model, { realFraction: 0, caps: [{ field: 'src', max: 0.4 }] }).rows.length, 10);
  assert.equal(chooseRows(model, { realFraction: 0, caps: [{ field: 'src', max: 0.3 }] }).rows.length, 0);

  // Tokens target 7 (rows here have 3 or 4 tokens): stop at the first row at which the running total is ≥ 7.
  const tok = chooseRows(model, { realFraction: 0, tokens: 7 });
  const sizes = Array.from(tok.rows, (g) => model.tokStart[g + 1] - model.tokStart[g]);
  const total = sizes.reduce((a, b) => a + b, 0);
  assert.equal(total, tok.tokens);
  assert.ok(total >= 7 && total - sizes[sizes.length - 1] < 7);
});

test('figures of a selection follow the analysis definitions', async () => {
  const ds = jsonl('d3.jsonl', [{ text: 'a b a b' }, { text: 'c a b' }]);
  const ref = jsonl('r3.jsonl', [{ text: 'a q q q q q q' }, { text: 'c z' }]);
  const model = await buildMixModel(ds, ref, { mattrWindow: 3 });
  // Seed 2 holds out reference line 2 ("c z"): H = {c 1, z 1}, 2 tokens; line 1 is the pool.
  const split = splitReference(model, 0.3, 2);
  assert.deepEqual(
    Array.from(split.heldOutRows, (g) => model.line[g]),
    [2],
  );
  const f = figuresOf(model, Uint32Array.of(0, 1), split);
  // Tokens a b a b | c a b: 7 tokens, types {a, b, c} → distinct-1 = 3/7.
  // Within-row bigrams: ab ba ab | ca ab → 5, unique {ab, ba, ca} = 3 → distinct-2 = 0.6.
  // MATTR w=3 over a b a b c a b: windows aba 2, bab 2, abc 3, bca 3, cab 3 → 13 / 5 / 3 = 13/15.
  // Held-out tail (1 ≤ H ≤ 5): {c, z}; covered {c} → 1/2 by types and by mass (the pool's a and q play no part).
  // Equal size: the mix (7 tokens: a 3, b 3, c 1) is subsampled to the held-out part's 2 tokens; c survives with
  // 1 − C(6,2)/C(7,2) = 6/21 = 2/7 → type coverage (2/7)/2 = 1/7, mass (1·2/7)/2 = 1/7.
  // Expected types at n = 2: mix a, b: 1 − C(4,2)/C(7,2) = 15/21 each, c: 6/21 → 36/21 = 12/7; held-out: 2 (its size).
  assert.equal(f.tokens.total, 7);
  assert.equal(f.lexical.distinct[1], 3 / 7);
  assert.equal(f.lexical.distinct[2], 0.6);
  assert.ok(Math.abs(f.lexical.mattr! - 13 / 15) < 1e-12);
  assert.equal(f.tails.typeCoverage, 1 / 2);
  assert.equal(f.tails.massCoverage, 1 / 2);
  const near = (a: number | null | undefined, b: number) =>
    assert.ok(a != null && Math.abs(a - b) < 1e-12, `${a} ≈ ${b}`);
  assert.equal(f.tails.sizeAdjusted?.subsampled, 'dataset');
  assert.equal(f.tails.sizeAdjusted?.toTokens, 2);
  near(f.tails.sizeAdjusted?.typeCoverage, 1 / 7);
  near(f.tails.sizeAdjusted?.massCoverage, 1 / 7);
  assert.equal(f.tails.expectedTypes?.atTokens, 2);
  near(f.tails.expectedTypes?.mix, 12 / 7);
  near(f.tails.expectedTypes?.heldOut, 2);
  assert.equal(f.duplicates.exact.rows, 0);
});
