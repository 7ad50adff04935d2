// The Mix & Correct view's message validators (src/protocol/panelProtocol.ts and mixWorkerProtocol.ts) and its
// DOM-free view model (webview/views/mix/model.ts), plus the default output name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isMixSettings,
  isMixWorkerJob,
  isMixWorkerMessage,
  MIX_MAX_CAPS,
  MIX_MAX_HOLDOUT,
  MIX_MIN_HOLDOUT,
  MIX_NEAR_FLOOR,
} from '../../../src/protocol/mixWorkerProtocol.ts';
import {
  isHostMessage,
  isMixHostMessage,
  isMixWebviewMessage,
  isWebviewMessage,
} from '../../../src/protocol/panelProtocol.ts';
import {
  coincidingLinesHint,
  DEFAULT_CONTROLS,
  honestyChecks,
  schemaChoiceFromControls,
  schemaSummary,
  settingsFromControls,
  templateLabel,
  writeInProgress,
} from '../../../webview/views/mix/model.ts';
import type { GenerationRegime } from '../../../src/core/mix/generations.ts';
import { defaultMixOutput } from '../../../src/extension/mix/mixOutputName.ts';
import type { MixFigures } from '../../../src/core/mix/mixFigures.ts';

test('isMixSettings accepts the shapes the view sends', () => {
  assert.equal(isMixSettings({ realFraction: 0 }), true);
  assert.equal(
    isMixSettings({ realFraction: 1, rows: 10, dedup: { kind: 'exact' }, dropTemplates: true, seed: 0 }),
    true,
  );
  assert.equal(
    isMixSettings({ realFraction: 0.25, tokens: 5000, dedup: { kind: 'near', threshold: MIX_NEAR_FLOOR } }),
    true,
  );
  assert.equal(
    isMixSettings({
      realFraction: 0.5,
      caps: [
        { field: 'source', max: 0.3 },
        { field: 'meta.lang', max: 12 },
      ],
      seed: 2 ** 32 - 1,
    }),
    true,
  );
  assert.equal(isMixSettings({ realFraction: 0.5, holdout: MIX_MIN_HOLDOUT }), true);
  assert.equal(isMixSettings({ realFraction: 0.5, holdout: MIX_MAX_HOLDOUT }), true);
});

test('isMixSettings refuses out-of-range values, extra keys and wrong types', () => {
  const bad: unknown[] = [
    null,
    [],
    {},
    { realFraction: -0.01 },
    { realFraction: 1.01 },
    { realFraction: Number.NaN },
    { realFraction: '0.5' },
    { realFraction: 0.5, extra: 1 },
    { realFraction: 0.5, rows: 10, tokens: 10 }, // exclusive targets
    { realFraction: 0.5, rows: 0 },
    { realFraction: 0.5, rows: 1.5 },
    { realFraction: 0.5, tokens: -3 },
    { realFraction: 0.5, dedup: { kind: 'fuzzy' } },
    { realFraction: 0.5, dedup: { kind: 'exact', threshold: 0.9 } },
    { realFraction: 0.5, dedup: { kind: 'near', threshold: MIX_NEAR_FLOOR - 0.01 } },
    { realFraction: 0.5, dedup: { kind: 'near', threshold: 1.2 } },
    { realFraction: 0.5, dedup: { kind: 'near' } },
    { realFraction: 0.5, caps: [{ field: '', max: 0.3 }] },
    { realFraction: 0.5, caps: [{ field: 'x', max: 0 }] },
    { realFraction: 0.5, caps: [{ field: 'x', max: 2.5 }] }, // a count cap must be an integer
    { realFraction: 0.5, caps: [{ field: 'x', max: 0.3, extra: true }] },
    { realFraction: 0.5, caps: [{ field: 'x'.repeat(513), max: 0.3 }] },
    { realFraction: 0.5, caps: Array.from({ length: MIX_MAX_CAPS + 1 }, () => ({ field: 'x', max: 0.3 })) },
    { realFraction: 0.5, dropTemplates: 'yes' },
    { realFraction: 0.5, seed: -1 },
    { realFraction: 0.5, seed: 2 ** 32 },
    { realFraction: 0.5, holdout: 0 },
    { realFraction: 0.5, holdout: 1 },
    { realFraction: 0.5, holdout: MIX_MIN_HOLDOUT - 0.01 },
    { realFraction: 0.5, holdout: MIX_MAX_HOLDOUT + 0.01 },
    { realFraction: 0.5, holdout: '0.3' },
    { realFraction: 0.5, holdout: Number.NaN },
  ];
  for (const b of bad) assert.equal(isMixSettings(b), false, JSON.stringify(b));
});

test('isMixWebviewMessage: exact keys per type; protocol.isWebviewMessage routes them', () => {
  const good = [
    { type: 'mixOpen' },
    { type: 'mixPickReference' },
    { type: 'mixAnalyse' },
    { type: 'mixOpenWritten' },
    { type: 'mixPreview', requestId: 1, settings: { realFraction: 0.2 }, generations: false },
    { type: 'mixWrite', settings: { realFraction: 0.2, rows: 100 } },
  ];
  for (const g of good) {
    assert.equal(isMixWebviewMessage(g), true, JSON.stringify(g));
    assert.equal(isWebviewMessage(g), true, `protocol ${JSON.stringify(g)}`);
  }
  const bad = [
    { type: 'mixOpen', path: '/etc/passwd' }, // the webview never names a file
    { type: 'mixWrite', settings: { realFraction: 0.2 }, outPath: '/tmp/x.jsonl' },
    { type: 'mixPreview', requestId: 0, settings: { realFraction: 0.2 }, generations: false },
    { type: 'mixPreview', requestId: 1.5, settings: { realFraction: 0.2 }, generations: false },
    { type: 'mixPreview', requestId: 1, settings: { realFraction: 2 }, generations: false },
    { type: 'mixPreview', requestId: 1, settings: { realFraction: 0.2 } },
    { type: 'mixRunCommand', command: 'workbench.action.terminal.new' },
    { type: 'mixPickReference', uri: 'command:foo' },
  ];
  for (const b of bad) {
    assert.equal(isMixWebviewMessage(b), false, JSON.stringify(b));
    assert.equal(isWebviewMessage(b), false, `protocol ${JSON.stringify(b)}`);
  }
  // the existing messages still validate as before
  assert.equal(isWebviewMessage({ type: 'revealLine', line: 3 }), true);
  assert.equal(isWebviewMessage({ type: 'ready', x: 1 }), false);
});

test('isMixHostMessage / isHostMessage accept the Mix host messages', () => {
  const state = { type: 'mixState', state: { model: 'none', write: { status: 'idle' } } };
  assert.equal(isMixHostMessage(state), true);
  assert.equal(isHostMessage(state), true);
  assert.equal(isHostMessage({ type: 'mixSweep', requestId: 3, sweep: [], elapsedMs: 1 }), true);
  assert.equal(isHostMessage({ type: 'mixSweep' }), false);
  // a preview part is the worker's message (MixPreviewPart): the same check on both sides
  assert.equal(isMixWorkerMessage({ type: 'mixSweep', requestId: 3, sweep: [], elapsedMs: 1 }), true);
  assert.equal(isHostMessage({ type: 'mixProjection', requestId: 3, projection: null }), false);
  assert.equal(isHostMessage({ type: 'mixPreviewFailed', requestId: 0, message: 'x' }), false);
  assert.equal(isHostMessage({ type: 'mixState', state: null }), false);
});

test('settingsFromControls: percent → fraction, targets only when asked, clamped ranges', () => {
  assert.deepEqual(settingsFromControls(DEFAULT_CONTROLS), {
    realFraction: 0.2,
    dedup: { kind: 'none' },
    dropTemplates: false,
    seed: 1,
    holdout: 0.3,
  });
  const c = {
    ...DEFAULT_CONTROLS,
    realPercent: 35,
    sizeKind: 'rows' as const,
    size: 250.7,
    dedup: 'near' as const,
    nearThreshold: 0.5,
    capField: 'source',
    capMax: 30,
    dropTemplates: true,
    seed: 7,
    holdoutPercent: 20,
  };
  // 35 % → 0.35; rows floor(250.7) = 250; threshold 0.5 raised to the floor 0.7; cap 30 % → 0.3; held out 20 % → 0.2
  assert.deepEqual(settingsFromControls(c), {
    realFraction: 0.35,
    rows: 250,
    dedup: { kind: 'near', threshold: MIX_NEAR_FLOOR },
    caps: [{ field: 'source', max: 0.3 }],
    dropTemplates: true,
    seed: 7,
    holdout: 0.2,
  });
  // held-out share clamped into the panel's range
  assert.equal(settingsFromControls({ ...c, holdoutPercent: 0 }).holdout, MIX_MIN_HOLDOUT);
  assert.equal(settingsFromControls({ ...c, holdoutPercent: 100 }).holdout, MIX_MAX_HOLDOUT);
  assert.deepEqual(
    settingsFromControls({ ...c, sizeKind: 'tokens', size: 0, capKind: 'rows', capMax: 12.9 }).tokens,
    1,
  ); // at least 1
  assert.deepEqual(settingsFromControls({ ...c, capKind: 'rows', capMax: 12.9 }).caps, [
    { field: 'source', max: 12 },
  ]);
  assert.equal(settingsFromControls({ ...c, capMax: 100 }).caps, undefined); // a 100 % share cap is no cap
  assert.equal(settingsFromControls({ ...c, realPercent: 140 }).realFraction, 1);
  assert.equal(settingsFromControls({ ...c, realPercent: Number.NaN }).realFraction, 0);
  // every result passes the host's validator
  for (const x of [DEFAULT_CONTROLS, c, { ...c, realPercent: -5, seed: -3, nearThreshold: 4 }])
    assert.equal(isMixSettings(settingsFromControls(x)), true);
});

/** Figures where every tail coverage is `tail` and the expected types are `types` (mix) and 2·`types` (held-out). */
function figures(
  rows: number,
  d2: number | null,
  mattr: number | null,
  tail: number | null,
  types: number | null = 50,
): MixFigures {
  return {
    rows: { parsed: rows },
    tokens: { total: 10 * rows, types: rows },
    lexical: { distinct: { 1: 0.5, 2: d2 }, mattr },
    duplicates: { exact: { rows: 0, rate: 0 }, near: { rowsRemovable: 0, rateRemovable: 0 } },
    tails: {
      typeCoverage: tail,
      massCoverage: tail,
      sizeAdjusted:
        tail === null
          ? null
          : {
              subsampled: 'dataset',
              toTokens: 100,
              typeCoverage: tail,
              massCoverage: tail,
              allTypesCoverage: tail,
            },
      expectedTypes: types === null ? null : { atTokens: 100, mix: types, heldOut: 2 * types },
    },
  };
}

test('honestyChecks: rows exactly, every tail coverage ±0.02 absolute, distinct-2, MATTR and expected types ±2 % relative', () => {
  const ok = (p: MixFigures, m: MixFigures) =>
    Object.fromEntries(honestyChecks(p, m).map((c) => [c.key, c.ok]));
  const all = (rows: boolean, tail: boolean, types: boolean, d2: boolean, mattr: boolean) => ({
    'rows.parsed': rows,
    'tails.typeCoverage': tail,
    'tails.massCoverage': tail,
    'tails.sizeAdjusted.typeCoverage': tail,
    'tails.sizeAdjusted.massCoverage': tail,
    'tails.expectedTypes.mix': types,
    'tails.expectedTypes.heldOut': types,
    'lexical.distinct.2': d2,
    'lexical.mattr': mattr,
  });
  // 0.81 vs 0.80: |Δ| = 0.01 ≤ 0.02·0.8 = 0.016; 0.30 → 0.32: |Δ| = 0.02 ≤ 0.02; types 50 → 51: 1 ≤ 0.02·50 (held-out 100 → 102)
  assert.deepEqual(
    ok(figures(100, 0.8, 0.9, 0.3), figures(100, 0.81, 0.9, 0.32, 51)),
    all(true, true, true, true, true),
  );
  // 0.82 vs 0.80: 0.02 > 0.016; MATTR 0.9 → 0.88: 0.02 > 0.018; tail 0.3 → 0.33: 0.03 > 0.02; rows 100 vs 99; types 50 → 52
  assert.deepEqual(
    ok(figures(100, 0.8, 0.9, 0.3), figures(99, 0.82, 0.88, 0.33, 52)),
    all(false, false, false, false, false),
  );
  // null on both sides (no held-out tail, no bigrams) counts as equal; null on one side does not
  assert.deepEqual(
    ok(figures(5, null, 0.9, null, null), figures(5, null, 0.9, 0.1, 3)),
    all(true, false, false, true, true),
  );
});

test('isMixWorkerJob: a measure job carries the written settings (its held-out split)', () => {
  assert.equal(
    isMixWorkerJob({
      type: 'measure',
      requestId: 1,
      outPath: '/tmp/x.jsonl',
      settings: { realFraction: 0.3, holdout: 0.3, seed: 2 },
    }),
    true,
  );
  assert.equal(isMixWorkerJob({ type: 'measure', requestId: 1, outPath: '/tmp/x.jsonl' }), false);
});

test('defaultMixOutput: <name>.mixed.jsonl beside the source', () => {
  assert.equal(defaultMixOutput('/data/chat.jsonl'), '/data/chat.mixed.jsonl');
  assert.equal(defaultMixOutput('/data/x.JSONL.gz'), '/data/x.mixed.jsonl');
  assert.equal(defaultMixOutput('/data/notes.txt'), '/data/notes.txt.mixed.jsonl');
});

test('defaultMixOutput: a safe name from a hostile dataset name, in the source folder, never an existing file (#15 item 14)', () => {
  const none = () => false;
  assert.equal(defaultMixOutput('/data/CON.jsonl', none), '/data/_CON.mixed.jsonl');
  assert.equal(defaultMixOutput('/data/nul.jsonl.gz', none), '/data/_nul.mixed.jsonl');
  assert.equal(defaultMixOutput('/data/a\u202Egnp.jsonl', none), '/data/a_gnp.mixed.jsonl');
  assert.equal(defaultMixOutput('/data/..\\..\\x.jsonl', none), '/data/_.._x.mixed.jsonl');
  const long = defaultMixOutput(`/data/${'é'.repeat(300)}.jsonl`, none);
  assert.equal(long, `/data/${'é'.repeat(121)}.mixed.jsonl`);
  assert.ok(Buffer.byteLength(long.slice('/data/'.length)) <= 255);
  // the mix of x.jsonl.gz does not propose the mix already written for x.jsonl
  const taken = new Set(['/data/x.mixed.jsonl']);
  assert.equal(
    defaultMixOutput('/data/x.jsonl.gz', (p) => taken.has(p)),
    '/data/x-2.mixed.jsonl',
  );
});

test('writeInProgress: the view locks "Choose reference…" / "Analyse again" while writing or measuring only', () => {
  const w = (status: 'idle' | 'writing' | 'measuring' | 'done' | 'failed' | 'cancelled') => ({
    status,
    path: null,
    rows: null,
    error: null,
    projected: null,
    measured: null,
  });
  assert.deepEqual(
    (['idle', 'writing', 'measuring', 'done', 'failed', 'cancelled'] as const).map((s) =>
      writeInProgress(w(s)),
    ),
    [false, true, true, false, false, false],
  );
});

test('mixSchema (the Mix tab\'s "Write reference rows" control): exact shape, bounded mappings', () => {
  const ok = (schema: unknown) => isWebviewMessage({ type: 'mixSchema', schema });
  assert.equal(ok({ mode: 'dataset', map: [] }), true);
  assert.equal(ok({ mode: 'dataset', map: ['category=dataset', '@system=-', ' a = b '] }), true);
  assert.equal(ok({ mode: 'keep', map: [] }), true);
  for (const bad of [
    undefined,
    { mode: 'dataset' },
    { mode: 'both', map: [] },
    { mode: 'keep', map: ['a=b'] },
    { mode: 'dataset', map: ['no-equals'] },
    { mode: 'dataset', map: ['=x'] },
    { mode: 'dataset', map: ['x='] },
    { mode: 'dataset', map: ['a=b\u0000'] },
    { mode: 'dataset', map: [`a=${'x'.repeat(600)}`] },
    { mode: 'dataset', map: Array.from({ length: 33 }, (_, i) => `f${i}=g`) },
    { mode: 'dataset', map: [1] },
    { mode: 'dataset', map: [], extra: 1 },
  ])
    assert.equal(ok(bad), false, JSON.stringify(bad));
  assert.equal(isWebviewMessage({ type: 'mixSchema', schema: { mode: 'keep', map: [] }, x: 1 }), false);
  // the control's text → the message
  assert.deepEqual(schemaChoiceFromControls('dataset', ' category=dataset,\n@system=- ,, '), {
    mode: 'dataset',
    map: ['category=dataset', '@system=-'],
  });
  assert.deepEqual(schemaChoiceFromControls('keep', 'a=b'), { mode: 'keep', map: [] });
  assert.equal(ok(schemaChoiceFromControls('dataset', 'category=dataset, @system=-')), true);
  // a build job carries the choice; anything else there is refused
  const job = (options: object) =>
    isMixWorkerJob({ type: 'build', requestId: 1, datasetPath: '/d', referencePath: '/r', options });
  assert.equal(job({ referenceSchema: 'dataset', map: ['a=b'] }), true);
  assert.equal(job({ referenceSchema: 'both' }), false);
  assert.equal(job({ map: 'a=b' }), false);
});

test('schemaSummary: what the view says about how reference rows are written', () => {
  assert.deepEqual(schemaSummary({ referenceSchema: { mode: 'keep' } }), [
    'Reference rows are copied as they are: the written file holds both schemas.',
  ]);
  assert.deepEqual(
    schemaSummary({
      referenceSchema: {
        mode: 'dataset',
        shape: 'alpaca',
        mapping: ['dolly → alpaca: instruction → instruction, category dropped'],
        kept: 0,
        converted: 854,
        refused: 2,
      },
    }),
    [
      "Reference rows are written in the dataset's schema (alpaca): 0 already in it, 854 converted, 2 cannot be converted and are left out.",
      'dolly → alpaca: instruction → instruction, category dropped',
    ],
  );
});

test('templateLabel counts the rows that open with a flagged template, not only the openings (issue #12)', () => {
  const label = templateLabel({
    flaggedTemplates: { dataset: 3, reference: 0 },
    flaggedTemplateRows: { dataset: 167, reference: 0 },
  });
  assert.equal(
    label,
    'Drop rows that start with a flagged template: 167 dataset rows (3 flagged openings), no reference row (no flagged opening)',
  );
  assert.match(
    templateLabel({
      flaggedTemplates: { dataset: 1, reference: 1 },
      flaggedTemplateRows: { dataset: 1, reference: 40 },
    }),
    /1 dataset row \(1 flagged opening\), 40 reference rows \(1 flagged opening\)$/,
  );
});

test('coincidingLinesHint names the generations lines drawn on top of each other (issue #12)', () => {
  const REGIMES: GenerationRegime[] = ['replace', 'accumulate', 'fresh'];
  const pts = (types: number[], tail: (number | null)[]) =>
    types.map((t, i) => ({ generation: i, types: t, sampleTypes: t, tailCoverage: tail[i] }));
  /** The hint for the lines of the regimes replace, accumulate and fresh, in that order (as many as given). */
  const hintOf = (...lines: ReturnType<typeof pts>[]) =>
    coincidingLinesHint({
      tokensPerGeneration: 1000,
      generations: 2,
      realShare: 0.2,
      seed: 1,
      tailTypes: 10,
      regimes: Object.fromEntries(lines.map((points, i) => [REGIMES[i], points])),
    });
  // every tail line at 0: one hint naming the three regimes and the value
  assert.equal(
    hintOf(pts([10, 8, 6], [0, 0, 0]), pts([10, 9, 9], [0, 0, 0]), pts([10, 8, 7], [0, 0, 0])),
    'Drawn on top of each other (equal at every generation): tail coverage of replace, accumulate and fresh real 20% (0% at every generation).',
  );
  // two types lines equal (not constant), tail lines apart
  assert.equal(
    hintOf(
      pts([10, 8, 6], [0.5, 0.4, 0.3]),
      pts([10, 9, 9], [0.5, 0.45, 0.45]),
      pts([10, 8, 6], [0.5, 0.42, 0.4]),
    ),
    'Drawn on top of each other (equal at every generation): types of replace and fresh real 20%.',
  );
  assert.equal(hintOf(pts([10, 8], [0.5, 0.4]), pts([10, 9], [0.5, 0.45])), null);
  // no tail (null everywhere) is not a coincidence worth a hint
  assert.equal(hintOf(pts([3, 2], [null, null]), pts([3, 3], [null, null])), null);
});
