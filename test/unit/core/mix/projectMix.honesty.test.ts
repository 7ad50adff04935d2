/**
 * The preview is honest: for several settings, the projected figures equal the figures the real analysis
 * measures on the file those settings write — rows exactly; every tail coverage (against the held-out part,
 * and at equal size) within 0.02 absolute; distinct-2, MATTR and the expected types at a common size within
 * 2 % relative (by construction they agree exactly; the tolerance is the contract).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { projectMix } from '../../../../src/core/mix/projectMix.ts';
import { writeMix } from '../../../../src/core/mix/writeMix.ts';
import { measureWrittenMix } from '../../../../src/core/mix/measureMix.ts';
import { heldOutFor } from '../../../../src/core/mix/heldOut.ts';
import { honestyChecks } from '../../../../webview/views/mix/model.ts';
import { Prng } from '../../../../src/core/mix/prng.ts';
import type { MixSettings } from '../../../../src/core/mix/mixTypes.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('mix-honest-');
const rng = new Prng(42, 0);
const word = (maxRank: number): string => `w${Math.floor(rng.nextDouble() ** 3 * maxRank)}`;
const words = (n: number, maxRank: number): string =>
  Array.from({ length: n }, () => word(maxRank)).join(' ');

/** 600 synthetic rows: a few template openings, a narrow vocabulary, exact and near repeats, a `src` slice. */
function syntheticRows(textKey: string): object[] {
  const rows: { [k: string]: string }[] = [];
  const openings = ['sure here is', 'as an ai', 'certainly here are'];
  for (let i = 0; i < 600; i++) {
    const u = rng.nextDouble();
    if (i > 10 && u < 0.05) rows.push({ ...rows[rng.nextInt(i)] });
    else if (i > 10 && u < 0.1) {
      const base = rows[rng.nextInt(i)][textKey].split(' ');
      base[base.length - 1] = word(300);
      rows.push({ [textKey]: base.join(' '), src: 'near' });
    } else {
      const open = rng.nextDouble() < 0.5 ? openings[rng.nextInt(3)] : word(300);
      rows.push({
        [textKey]: `${open} ${words(10 + rng.nextInt(20), 300)}`,
        src: ['a', 'b', 'c', 'd'][rng.nextInt(4)],
      });
    }
  }
  return rows;
}

/** 400 "real" rows over a wide Zipf-like vocabulary (many rare types: the tail). */
function referenceRows(textKey: string): object[] {
  return Array.from({ length: 400 }, () => ({
    [textKey]: words(20 + rng.nextInt(40), 4000),
    source: 'human',
  }));
}

function write(name: string, rows: object[]): string {
  const p = join(dir, name);
  writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
}

const dataset = write('synthetic.jsonl', syntheticRows('text'));
const reference = write('real.jsonl', referenceRows('text'));

function assertHonest(
  label: string,
  projected: ReturnType<typeof projectMix>['after'],
  measured: typeof projected,
): void {
  assert.equal(measured.rows.parsed, projected.rows.parsed, `${label}: rows`);
  assert.ok(
    Math.abs(measured.tails.typeCoverage! - projected.tails.typeCoverage!) <= 0.02,
    `${label}: tail type coverage`,
  );
  assert.ok(
    Math.abs(measured.tails.massCoverage! - projected.tails.massCoverage!) <= 0.02,
    `${label}: tail mass coverage`,
  );
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  assert.ok(
    rel(projected.lexical.distinct[2]!, measured.lexical.distinct[2]!) <= 0.02,
    `${label}: distinct-2`,
  );
  assert.ok(rel(projected.lexical.mattr!, measured.lexical.mattr!) <= 0.02, `${label}: MATTR`);
  const [ps, ms] = [projected.tails.sizeAdjusted!, measured.tails.sizeAdjusted!];
  assert.equal(ms.subsampled, ps.subsampled, `${label}: equal-size side`);
  assert.equal(ms.toTokens, ps.toTokens, `${label}: equal-size tokens`);
  assert.ok(Math.abs(ms.typeCoverage! - ps.typeCoverage!) <= 0.02, `${label}: equal-size tail type coverage`);
  assert.ok(Math.abs(ms.massCoverage! - ps.massCoverage!) <= 0.02, `${label}: equal-size tail mass coverage`);
  const [pe, me] = [projected.tails.expectedTypes!, measured.tails.expectedTypes!];
  assert.equal(me.atTokens, pe.atTokens, `${label}: common size`);
  assert.ok(rel(pe.mix, me.mix) <= 0.02, `${label}: expected types of the mix`);
  assert.ok(rel(pe.heldOut, me.heldOut) <= 0.02, `${label}: expected types of the held-out part`);
  // the panel's honesty line uses the same contract, figure by figure
  for (const c of honestyChecks(projected, measured))
    assert.ok(c.ok, `${label}: ${c.key} ${c.projected} vs ${c.measured} (${c.rule})`);
}

test('projected figures match the measured written file (same-shape inputs, several settings)', async () => {
  const model = await buildMixModel(dataset, reference, { slicePaths: ['src'], nearFloor: 0.7 });
  assert.deepEqual(model.warnings, []);
  const cases: MixSettings[] = [
    { realFraction: 0.3, dedup: { kind: 'near', threshold: 0.8 } },
    { realFraction: 0.1, dedup: { kind: 'exact' }, dropTemplates: true, seed: 3 },
    { realFraction: 0.5, rows: 500, caps: [{ field: 'src', max: 0.2 }], seed: 9 },
    { realFraction: 0.2, tokens: 8000, dedup: { kind: 'near', threshold: 0.7 } },
    { realFraction: 0.9, holdout: 0.5, seed: 4 },
  ];
  for (const [i, settings] of cases.entries()) {
    const projection = projectMix(model, settings);
    const out = join(dir, `mix${i}.jsonl`);
    await writeMix(model, settings, out);
    const { figures, report } = await measureWrittenMix(model, out, heldOutFor(model, settings));
    // measured against the held-out part: its rows are the analysis' reference, none of them in the written file
    assert.equal(
      report.tails.mode === 'reference' && report.tails.referenceRows,
      projection.heldOut.rows,
      `case ${i}: held-out rows`,
    );
    assertHonest(`case ${i}`, projection.after, figures);
    // The real share is counted in rows: exactly round(f·n) reference rows.
    const n = projection.after.rows.parsed;
    assert.equal(
      projection.selection.referenceRows,
      Math.floor(settings.realFraction * n + 0.5 + 1e-9),
      `case ${i}: real rows`,
    );
  }
});

test('inputs with different text fields are read (and measured) with the union of both paths', async () => {
  const other = write('real-content.jsonl', referenceRows('content'));
  // both schemas kept: each row is read in its own (in the dataset's schema the reference would be converted)
  const model = await buildMixModel(dataset, other, { referenceSchema: 'keep' });
  assert.deepEqual(model.options.effective, { fields: ['text', 'content'] });
  assert.equal(model.warnings.length, 1);
  const settings: MixSettings = { realFraction: 0.4, seed: 5 };
  const out = join(dir, 'mix-union.jsonl');
  await writeMix(model, settings, out);
  const { figures } = await measureWrittenMix(model, out, heldOutFor(model, settings));
  assertHonest('union', projectMix(model, settings).after, figures);
});
