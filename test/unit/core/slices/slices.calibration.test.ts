/**
 * Slices answer a same-distribution question too (docs/metrics.md, "Verdict calibration"): a slice drawn at
 * random from the same text as the rest must never be flagged, and a self-trained slice among human ones
 * must be — whatever vocabulary the slices share.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
// @ts-expect-error — plain ESM helpers
import { hamRows, selfTrainedChain, splitHalves } from '../../../../scripts/lib/calibrationCorpora.mjs';
// @ts-expect-error — plain ESM helpers
import { Rng } from '../../../../scripts/lib/prng.mjs';

test('random slices of one distribution are never flagged; a self-trained slice is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-slices-cal-'));
  try {
    const [human, fit]: string[][] = splitHalves(hamRows(), 21);
    const rng = new Rng(22);
    const rows = human.map((text) => ({ text, source: `human-${rng.int(1, 4)}` }));
    const same = join(dir, 'same.jsonl');
    writeFileSync(same, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const a = await analyzeFile(same, { groupBy: ['source'] });
    const values = a.slices!.groups[0].values.filter((v) => v.value !== '(other)');
    assert.equal(values.length, 4);
    assert.deepEqual(
      values.filter((v) => v.flagged).map((v) => `${v.value}: ${v.flags.map((f) => f.reason).join(' ')}`),
      [],
    );
    assert.equal(
      a.verdict.reasons.some((r) => r.measure === 'slices.flaggedShare'),
      false,
    );

    const gen5: string[] = selfTrainedChain(fit, 5, 400, 23)[5];
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(
      mixed,
      [...rows, ...gen5.map((text) => ({ text, source: 'self-trained' }))]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
    );
    const b = await analyzeFile(mixed, { groupBy: ['source'] });
    const flagged = b.slices!.groups[0].values.filter((v) => v.flagged).map((v) => v.value);
    assert.deepEqual(flagged, ['self-trained']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
