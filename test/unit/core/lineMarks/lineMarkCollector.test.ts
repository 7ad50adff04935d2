import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile, type LineMarks } from '../../../../src/core/pipeline/analyze.ts';
import { LineMarkCollector } from '../../../../src/core/lineMarks/lineMarkCollector.ts';
import { ExactDuplicateAccumulator } from '../../../../src/core/duplicates/exactDuplicates.ts';
import { NearDuplicateAccumulator } from '../../../../src/core/duplicates/nearDuplicates.ts';
import { TemplateAccumulator } from '../../../../src/core/templates/templates.ts';
import { tempDir } from '../../helpers/tempDir.ts';

function tmpFile(content: string): string {
  const dir = tempDir('dl-marks-');
  const p = path.join(dir, 'data.jsonl');
  fs.writeFileSync(p, content);
  return p;
}

/** A letters-only word unique to `i` (base-26), so filler rows share no tokens with each other. */
function word(i: number, salt: string): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    s += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  }
  return `${salt}${s}`;
}

/** A filler row of 8 words, unique to i: no exact, near or opening overlap with any other row. */
const filler = (i: number): string => Array.from({ length: 8 }, (_, k) => word(i * 8 + k, 'f')).join(' ');

async function analyzeWithMarks(
  lines: string[],
  limit?: number,
): Promise<{ marks: LineMarks; report: Awaited<ReturnType<typeof analyzeFile>> }> {
  const p = tmpFile(lines.join('\n') + '\n');
  let marks: LineMarks | undefined;
  const report = await analyzeFile(p, {}, { onLineMarks: (m) => (marks = m), lineMarkLimit: limit });
  assert.ok(marks, 'onLineMarks was called');
  return { marks, report };
}

const row = (text: string): string => JSON.stringify({ text });

test('a group of 150 identical rows: all 150 marked exact, first occurrence flagged, beyond the report’s 100-line list', async () => {
  // lines 1..50 filler, 51..200 the same text (150 rows), 201..250 filler
  const lines: string[] = [];
  for (let i = 0; i < 50; i++) lines.push(row(filler(i)));
  for (let i = 0; i < 150; i++) lines.push(row('the same answer every single time'));
  for (let i = 50; i < 100; i++) lines.push(row(filler(i)));
  const { marks, report } = await analyzeWithMarks(lines);
  assert.equal(
    report.duplicates.exact.clusters[0].lines.length,
    100,
    'the report lists only the first 100 lines',
  );
  assert.deepEqual(
    [...marks.exact.lines],
    Array.from({ length: 150 }, (_, i) => 51 + i),
  );
  assert.deepEqual([...marks.exact.group], new Array(150).fill(0));
  assert.deepEqual([...marks.exact.first], [1, ...new Array(149).fill(0)]);
  assert.deepEqual([...marks.exact.groups.rank], [0]);
  assert.deepEqual([...marks.exact.groups.size], [150]);
  assert.deepEqual([...marks.exact.groups.firstLine], [51]);
  // the 150 identical rows also have identical shingle sets (Jaccard 1): one near cluster of 150
  assert.equal(marks.near.lines.length, 150);
  assert.deepEqual([...marks.near.clusters.size], [150]);
  assert.deepEqual([...marks.near.clusters.similarity], [1]);
  // their opening "the same answer" starts 150 of 250 rows = 60 % > 15 %: a flagged template
  assert.deepEqual(
    marks.template.openings.map((o) => [o.text, o.rows, o.share, o.firstLine]),
    [['the same answer', 150, 0.6, 51]],
  );
  assert.equal(marks.template.lines.length, 150);
  assert.equal(marks.marked, 450);
  assert.equal(marks.truncated, false);
  assert.equal(marks.coveredThroughLine, 250);
});

test('a template opening in 40% of rows: every such row is marked, not only the two example lines', async () => {
  // 100 rows; rows with i % 5 < 2 (40 rows) open with "sure here is" then unique words; 10 rows (i % 10 === 2)
  // open with "as an ai" (10 % ≤ 15 %: not flagged); the rest are filler.
  const lines: string[] = [];
  const expected: number[] = [];
  for (let i = 0; i < 100; i++) {
    if (i % 5 < 2) {
      lines.push(row(`Sure, here is ${filler(i)}`));
      expected.push(i + 1);
    } else if (i % 10 === 2) lines.push(row(`As an AI ${filler(i)}`));
    else lines.push(row(filler(i)));
  }
  const { marks, report } = await analyzeWithMarks(lines);
  assert.equal(report.duplicates.templates.openings[0].exampleLines.length, 2);
  // "sure here is": 40 of 100 rows with tokens = 0.4
  assert.deepEqual(
    marks.template.openings.map((o) => ({
      text: o.text,
      rows: o.rows,
      share: o.share,
      firstLine: o.firstLine,
    })),
    [{ text: 'sure here is', rows: 40, share: 0.4, firstLine: 1 }],
  );
  // the report's first opening is "sure here is" itself or an extension of it
  assert.equal(
    report.duplicates.templates.openings[marks.template.openings[0].reportIndex].text.startsWith(
      'sure here is',
    ),
    true,
  );
  assert.deepEqual([...marks.template.lines], expected);
  assert.deepEqual([...marks.template.opening], new Array(40).fill(0));
  assert.equal(marks.exact.lines.length, 0);
  assert.equal(marks.near.lines.length, 0);
});

test('near-duplicate cluster larger than 100 rows: every member marked with the cluster’s size and similarity', async () => {
  // 120 rows of the same 40 words except the last one (unique per row): 40 tokens → 36 five-gram shingles,
  // two rows share 35 → Jaccard 35/37 ≈ 0.946 ≥ 0.8, so all 120 form one cluster; none is an exact duplicate.
  const base = Array.from({ length: 39 }, (_, k) => word(k, 'b')).join(' ');
  const lines: string[] = [];
  for (let i = 0; i < 30; i++) lines.push(row(filler(i)));
  for (let i = 0; i < 120; i++) lines.push(row(`${base} ${word(i, 'z')}`));
  const { marks, report } = await analyzeWithMarks(lines);
  assert.equal(report.duplicates.near.clusters[0].lines.length, 100);
  assert.deepEqual(
    [...marks.near.lines],
    Array.from({ length: 120 }, (_, i) => 31 + i),
  );
  assert.deepEqual([...marks.near.cluster], new Array(120).fill(0));
  assert.deepEqual([...marks.near.clusters.rank], [0]);
  assert.deepEqual([...marks.near.clusters.size], [120]);
  assert.deepEqual([...marks.near.clusters.firstLine], [31]);
  assert.ok(
    Math.abs(marks.near.clusters.similarity[0] - 35 / 37) < 1e-9,
    `similarity ${marks.near.clusters.similarity[0]}`,
  );
  assert.equal(marks.exact.lines.length, 0);
});

test('line numbers skip blank and malformed lines; the cap keeps a complete prefix and says so', async () => {
  // line 1 "alpha beta gamma delta", 2 blank, 3 malformed, 4 = line 1, 5 filler, 6 = line 1
  const lines = [
    row('alpha beta gamma delta'),
    '',
    '{"text": ',
    row('Alpha  beta gamma delta'),
    row(filler(0)),
    row('alpha beta gamma delta'),
  ];
  const full = await analyzeWithMarks(lines);
  assert.deepEqual([...full.marks.exact.lines], [1, 4, 6]);
  assert.deepEqual([...full.marks.exact.first], [1, 0, 0]);
  // near: same three rows (identical shingle sets); template: "alpha beta gamma" opens 3 of 4 rows = 75 %
  assert.deepEqual([...full.marks.near.lines], [1, 4, 6]);
  assert.deepEqual([...full.marks.template.lines], [1, 4, 6]);
  assert.equal(full.marks.marked, 9);
  // limit 7: rows 1 and 4 give 3 marks each (6); row 5 none; row 6 would make 9 > 7 → cut after line 5
  const capped = await analyzeWithMarks(lines, 7);
  assert.equal(capped.marks.truncated, true);
  assert.equal(capped.marks.coveredThroughLine, 5);
  assert.equal(capped.marks.marked, 6);
  assert.deepEqual([...capped.marks.exact.lines], [1, 4]);
  assert.deepEqual(
    [...capped.marks.exact.groups.size],
    [3],
    'group size is the whole group, not the marked part',
  );
  // the report does not depend on asking for marks
  const p = tmpFile(lines.join('\n') + '\n');
  const plain = await analyzeFile(p);
  const withMarks = await analyzeFile(p, {}, { onLineMarks: () => {} });
  assert.deepEqual({ ...withMarks, file: null, timing: null }, { ...plain, file: null, timing: null });
});

test('collector on accumulators fed directly: exact group ranks follow report order (size, then first line)', () => {
  // lines 1..6: texts a b a c b a → groups: "a" ×3 (rank 0), "b" ×2 (rank 1); "c" once
  const exact = new ExactDuplicateAccumulator();
  const near = new NearDuplicateAccumulator();
  const templates = new TemplateAccumulator();
  const collector = new LineMarkCollector();
  const texts = ['x1', 'y2', 'x1', 'z3', 'y2', 'x1'];
  const tok = (t: string) => Uint32Array.of(t.charCodeAt(0));
  texts.forEach((t, i) => {
    const e = exact.addRow(i + 1, t);
    near.addRow(i + 1, tok(t));
    templates.addRow(i + 1, tok(t));
    collector.addRow(i + 1, e, tok(t));
  });
  const report = exact.finish();
  const marks = collector.finish(
    exact,
    near,
    templates,
    templates.finish({ tokenOf: (id) => String.fromCharCode(id) }),
    { tokenOf: (id) => String.fromCharCode(id) },
    0.15,
  );
  assert.deepEqual([...marks.exact.lines], [1, 2, 3, 5, 6]);
  // local groups in order of first appearance: "x1" (g0, rank 0), "y2" (g1, rank 1)
  assert.deepEqual([...marks.exact.group], [0, 1, 0, 1, 0]);
  assert.deepEqual([...marks.exact.groups.rank], [0, 1]);
  assert.deepEqual([...marks.exact.groups.size], [report.clusters[0].size, report.clusters[1].size]);
  assert.deepEqual([...marks.exact.groups.firstLine], [1, 2]);
  assert.deepEqual([...marks.exact.first], [1, 1, 0, 0, 0]);
  // 1-token rows have no 3-token opening: no template marks
  assert.equal(marks.template.lines.length, 0);
});
