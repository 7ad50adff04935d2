// The Instructions tab's view model (issue #16 item 6): the three states (key absent, null, figures), the coverage
// figures equal to the report's (each naming its report path), the nested verb → noun bars (segments add up to the
// verb's rows, the rest as "other"), the lemma/token rows, the rates, the overlap series and what a click on a pair
// lists — on figures the real InstructionAccumulator computes for a generated set where one pair dominates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coverageFigures,
  formRows,
  instructionsState,
  overlapFigures,
  overlapSections,
  overlapSeries,
  pairLabel,
  pairSelection,
  PROMPT_SIDE_FIELDS,
  rateRows,
  verbNounBars,
} from '../../../../src/core/report/instructionsView.ts';
import {
  InstructionAccumulator,
  type InstructionReport,
} from '../../../../src/core/instructions/instructionStats.ts';
import { createPromptSide } from '../../../../src/core/instructions/promptSide.ts';
import { rng } from '../../helpers/testRng.ts';

/** 300 prompts: "Write a poem about …" dominates, a few other asks, some rows without a verb. */
function generated(): InstructionReport {
  const r = rng(16);
  const topics = ['cats', 'the sea', 'autumn', 'a city', 'trains', 'rain', 'music', 'friendship'];
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const rows: unknown[] = [];
  for (let i = 0; i < 300; i++) {
    const u = r();
    const t = pick(topics);
    const instruction =
      u < 0.55
        ? `Write a poem about ${t}.`
        : u < 0.7
          ? `Write a story about ${t}.`
          : u < 0.8
            ? `Give an example of ${t} in a sentence.`
            : u < 0.88
              ? `Explain why ${t} matters.`
              : u < 0.94
                ? `Summarize the article about ${t}.`
                : `Hello there, ${t}!`;
    rows.push({ instruction, output: 'x' });
  }
  const acc = new InstructionAccumulator(createPromptSide(rows.slice(0, 200))!);
  rows.forEach((v, i) => acc.addRow(i + 1, v));
  return acc.finish(['Write a poem about the moon.', 'Translate this sentence into French.']);
}
const ins = generated();

/** The value at a dotted path (the figures name their report path). */
const at = (o: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((x, k) => (x == null ? undefined : (x as Record<string, unknown>)[k]), o);

test('three states: key absent says how to turn the figures on, null lists the prompt fields, else the figures', () => {
  const absent = instructionsState({});
  assert.equal(absent.kind, 'absent');
  assert.match(absent.kind === 'absent' ? absent.message : '', /--no-instructions/);
  assert.match(
    absent.kind === 'absent' ? absent.message : '',
    /on by default whenever rows have a prompt side/,
  );
  const none = instructionsState({ instructions: null });
  assert.equal(none.kind, 'none');
  assert.deepEqual(none.kind === 'none' ? none.fields : [], PROMPT_SIDE_FIELDS);
  assert.ok(PROMPT_SIDE_FIELDS.some((f) => f.includes('`instruction`')));
  assert.ok(PROMPT_SIDE_FIELDS.some((f) => f.includes('`messages`')));
  assert.match(none.kind === 'none' ? none.message : '', /--instruction-field P/);
  const present = instructionsState({ instructions: ins });
  assert.equal(present.kind, 'present');
  assert.equal(present.kind === 'present' && present.report, ins);
});

/** The coverage figures' report paths in the order the tab lists them (the e2e expects the panel in this order). */
const COVERAGE_KEYS = [
  'instructions.sampledRows',
  'instructions.promptRows',
  'instructions.distinctVerbs',
  'instructions.distinctPairs',
  'instructions.top10Share',
  'instructions.top20Share',
  'instructions.pairEntropy',
  'instructions.noVerbRows',
  'instructions.verbOnlyRows',
];

test('coverage figures: the report’s values under their report paths, shares and bits formatted', () => {
  const figs = coverageFigures(ins);
  assert.deepEqual(
    figs.map((f) => f.key),
    COVERAGE_KEYS,
  );
  for (const f of figs) assert.equal(f.value, at({ instructions: ins }, f.key), f.key);
  const byKey = new Map(figs.map((f) => [f.key, f]));
  assert.equal(ins.sampledRows, 300);
  assert.equal(byKey.get('instructions.sampledRows')!.text, '300 of 300 prompt rows');
  assert.equal(byKey.get('instructions.top10Share')!.text, `${(100 * ins.top10Share!).toFixed(1)}%`);
  assert.equal(byKey.get('instructions.pairEntropy')!.text, `${ins.pairEntropy!.toFixed(2)} bits`);
  assert.ok(ins.noVerbRows > 0, 'the greetings have no verb (fixture premise)');
  assert.equal(
    byKey.get('instructions.noVerbRows')!.text,
    `${ins.noVerbRows} (${((100 * ins.noVerbRows) / 300).toFixed(1)}%)`,
  );
  for (const f of figs) assert.ok(f.definition.length > 20, `${f.key} has a definition`);
});

test('nested bars: one per top verb, noun segments then "other", adding up to the verb’s rows', () => {
  const bars = verbNounBars(ins);
  assert.deepEqual(
    bars.map((b) => b.verb),
    ins.topVerbs.map((v) => v.verb),
  );
  assert.equal(bars[0].verb, 'write', 'the dominant verb first');
  for (const [i, b] of bars.entries()) {
    const v = ins.topVerbs[i];
    assert.equal(b.rows, v.rows);
    assert.equal(
      b.segments.reduce((s, x) => s + x.rows, 0),
      v.rows,
      `${b.verb}: segments add up`,
    );
    assert.deepEqual(
      b.segments.filter((s) => s.noun !== null).map((s) => [s.noun, s.rows]),
      v.nouns.map((n) => [n.noun, n.rows]),
    );
    assert.ok(Math.abs(b.share - v.rows / ins.sampledRows) < 1e-12);
    assert.ok(b.description.startsWith(`${b.verb}: ${v.rows} rows (`));
  }
  const write = bars[0];
  assert.deepEqual(
    write.segments.map((s) => s.noun),
    ['poem', 'story'],
    'write: poem, story and no rest',
  );
  assert.equal(write.segments[0].title, 'write → poem');
  // a rest made of other nouns too is "other"
  const mixed = verbNounBars({
    ...ins,
    topVerbs: [{ verb: 'write', rows: 10, nouns: [{ noun: 'poem', rows: 6 }] }],
    topPairs: [{ verb: 'write', noun: null, rows: 1, share: 0.1, lines: [4] }],
  });
  assert.deepEqual(
    mixed[0].segments.map((s) => [s.noun, s.label, s.rows, s.title]),
    [
      ['poem', 'poem', 6, 'write → poem'],
      [null, 'other', 4, 'write: other nouns or no object'],
    ],
  );
  const explain = bars.find((b) => b.verb === 'explain')!;
  assert.deepEqual(
    explain.segments.map((s) => [s.noun, s.label, s.title, s.noObject]),
    [[null, 'no object', 'explain: no object', true]],
    'explain never has an object: its rest is “no object”',
  );
});

test('a click on a pair lists its example lines; a pair or rest without examples says why', () => {
  const top = ins.topPairs[0];
  assert.deepEqual([top.verb, top.noun], ['write', 'poem']);
  const sel = pairSelection(ins, 'write', 'poem');
  assert.equal(sel.label, 'write → poem');
  assert.equal(sel.rows, top.rows);
  assert.deepEqual(sel.lines, top.lines);
  assert.equal(sel.lines.length, 2);
  assert.match(sel.note, /example rows/);
  const other = pairSelection(ins, 'explain', null, true);
  const verbOnly = ins.topPairs.find((p) => p.verb === 'explain' && p.noun === null)!;
  assert.deepEqual(other.lines, verbOnly.lines, 'explain’s rest: the examples of “explain (no object)”');
  assert.equal(pairLabel(verbOnly), 'explain (no object)');
  const missing = pairSelection(ins, 'write', 'unheard-of');
  assert.deepEqual(missing.lines, []);
  assert.match(missing.note, /not among the report’s \d+ top pairs/);
});

test('lemma vs token rows, rates per 1,000 tokens under their report paths', () => {
  const rows = formRows(ins);
  assert.deepEqual(
    rows.map((r) => r.key),
    ['ttr', 'mattr', 'distinct2', 'types', 'tokens'],
  );
  for (const r of rows) {
    assert.equal(r.lemma, ins.lemma[r.key]);
    assert.equal(r.token, ins.token[r.key]);
  }
  assert.ok(ins.lemma.types <= ins.token.types, 'lemmatising never adds types');
  const rates = rateRows(ins);
  assert.deepEqual(
    rates.slice(0, 5).map((r) => r.key),
    ['urls', 'emails', 'emoji', 'hashtags', 'numbers'].map((k) => `instructions.ratesPer1000.${k}`),
  );
  for (const r of rates) assert.equal(r.value, at({ instructions: ins }, r.key), r.key);
  const withEntities = rateRows({
    ...ins,
    ratesPer1000: { ...ins.ratesPer1000, entities: { MONEY: 2, DATE: 1.5 } },
  });
  assert.deepEqual(
    withEntities.slice(5).map((r) => [r.key, r.label, r.text]),
    [
      ['instructions.ratesPer1000.entities.DATE', 'Entities: DATE', '1.50'],
      ['instructions.ratesPer1000.entities.MONEY', 'Entities: MONEY', '2'],
    ],
  );
});

test('overlap: bins of 0.05 from 0, within and vs the reference; figures name their paths', () => {
  assert.ok(ins.overlap && ins.referenceOverlap);
  const s = overlapSeries(ins.overlap, ins.referenceOverlap)!;
  assert.equal(s.x.length, 20);
  assert.equal(s.x[0], 0);
  assert.equal(s.x[1], 0.05);
  assert.equal(s.x[19], 0.95);
  assert.deepEqual(s.ys, [ins.overlap.histogram, ins.referenceOverlap.histogram]);
  assert.deepEqual(s.labels, ['within the sample', 'vs the reference']);
  assert.equal(
    s.ys[0].reduce((a, b) => a + b, 0),
    ins.overlap.prompts,
  );
  assert.deepEqual(overlapSeries(ins.overlap, undefined)!.labels, ['within the sample']);
  assert.equal(overlapSeries(null, null), null);
  const figs = overlapFigures('instructions.overlap', ins.overlap);
  for (const f of figs) assert.equal(f.value, at({ instructions: ins }, f.key), f.key);
  assert.ok(ins.overlap.shareAbove07! > 0.5, 'templated prompts overlap heavily (fixture premise)');
  assert.equal(figs[1].text, `${(100 * ins.overlap.shareAbove07!).toFixed(1)}%`);
});

test('overlap sections: within the sample then vs the reference, each headed by what it compared', () => {
  const sections = overlapSections(ins);
  assert.deepEqual(
    sections.map((o) => [o.id, o.title]),
    [
      ['overlap-within', `Within the sample (first ${ins.overlap!.prompts} prompts by sample key)`],
      ['overlap-reference', 'Against the reference (2 reference prompts)'],
    ],
  );
  assert.deepEqual(sections[0].figures, overlapFigures('instructions.overlap', ins.overlap!));
  assert.deepEqual(
    sections[1].figures,
    overlapFigures('instructions.referenceOverlap', ins.referenceOverlap!),
  );
  assert.deepEqual(
    overlapSections({ ...ins, referenceOverlap: null }).map((o) => o.id),
    ['overlap-within'],
  );
  assert.deepEqual(overlapSections({ ...ins, overlap: null, referenceOverlap: null }), []);
});
