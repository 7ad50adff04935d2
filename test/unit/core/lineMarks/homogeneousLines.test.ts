// Per-line marks on the host side: the real worker transfers them as typed arrays before the report, and
// the lookup (lineMarks/homogeneousLines.ts) answers the gutter / hover / Next-Previous questions from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalysisRunner } from '../../../../src/extension/analysis/analysisRunner.ts';
import type { LineMarks } from '../../../../src/core/lineMarks/lineMarkCollector.ts';
import {
  linesFromMarks,
  linesFromReport,
  mergeSortedUnique,
} from '../../../../src/core/lineMarks/homogeneousLines.ts';
import { isAnalysisJob, isAnalysisWorkerMessage } from '../../../../src/protocol/analysisWorkerProtocol.ts';
import { tempDir } from '../../helpers/tempDir.ts';

/** The real analysis worker, loaded through tsx by a bootstrap file. */
const WORKER = fileURLToPath(new URL('../../workers/analysisWorker.cjs', import.meta.url));

/** Lines 1..150: the same text; lines 151..170: unique rows ("row N alpha" style, no shared 3-token opening). */
function dataset(): string {
  const dir = tempDir('dl-marks-host-');
  const file = path.join(dir, 'd.jsonl');
  const rows: string[] = [];
  for (let i = 0; i < 150; i++) rows.push(JSON.stringify({ text: 'always the very same reply' }));
  for (let i = 0; i < 20; i++)
    rows.push(
      JSON.stringify({
        text: `${'abcdefghijklmnopqrst'[i]}x unique${'abcdefghijklmnopqrst'[i]} words here and there`,
      }),
    );
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

test('the real worker transfers the marks (typed arrays) before the report; the report does not change', async () => {
  const runner = new AnalysisRunner(WORKER);
  const file = dataset();
  const order: string[] = [];
  let marks: LineMarks | undefined;
  const handle = runner.start(file, {}, undefined, undefined, (m) => {
    order.push('marks');
    marks = m;
  });
  const report = await handle.result.then((r) => (order.push('report'), r));
  assert.deepEqual(order, ['marks', 'report']);
  assert.ok(marks);
  assert.ok(
    marks.exact.lines instanceof Uint32Array && marks.near.clusters.similarity instanceof Float64Array,
  );
  assert.deepEqual(
    [...marks.exact.lines],
    Array.from({ length: 150 }, (_, i) => i + 1),
  );
  assert.equal(report.duplicates.exact.clusters[0].lines.length, 100);
  // a run without onLineMarks gives the same report
  const plain = await runner.start(file, {}).result;
  assert.deepEqual({ ...plain, timing: null }, { ...report, timing: null });
  runner.dispose();
});

test('lookup from marks: hover facts beyond the 100th member, first occurrence, Next / Previous bounded by the editor', () => {
  // hand-built marks: exact lines 5, 9, 200 (one group of 3, first line 5), near 9, 12 (cluster rank 4, size 2,
  // similarity 0.9), template 12, 300 (opening "sure here is", 2 rows, share 0.2)
  const marks: LineMarks = {
    exact: {
      lines: Uint32Array.of(5, 9, 200),
      group: Int32Array.of(0, 0, 0),
      first: Uint8Array.of(1, 0, 0),
      groups: { rank: Int32Array.of(0), size: Uint32Array.of(3), firstLine: Uint32Array.of(5) },
    },
    near: {
      lines: Uint32Array.of(9, 12),
      cluster: Int32Array.of(0, 0),
      clusters: {
        rank: Int32Array.of(4),
        size: Uint32Array.of(2),
        firstLine: Uint32Array.of(9),
        similarity: Float64Array.of(0.9),
      },
    },
    template: {
      lines: Uint32Array.of(12, 300),
      opening: Int32Array.of(0, 0),
      openings: [{ text: 'sure here is', rows: 2, share: 0.2, firstLine: 12, reportIndex: -1 }],
    },
    templateShare: 0.15,
    marked: 7,
    limit: 100,
    truncated: false,
    coveredThroughLine: 300,
  };
  const h = linesFromMarks(marks);
  assert.deepEqual(Array.from(h.sortedLines), [5, 9, 12, 200, 300]);
  // line 9 is exact and near: exact wins
  assert.deepEqual(h.markAt(9), {
    kind: 'exact',
    index: 0,
    size: 3,
    similarity: 1,
    firstLine: 5,
    firstOccurrence: false,
  });
  assert.deepEqual(h.markAt(5)?.firstOccurrence, true);
  // line 12 is near and template: near wins
  assert.deepEqual(h.markAt(12), {
    kind: 'near',
    index: 4,
    size: 2,
    similarity: 0.9,
    firstLine: 9,
    firstOccurrence: false,
  });
  // template without a report entry links to opening 0
  assert.deepEqual(h.markAt(300), {
    kind: 'template',
    index: 0,
    size: 2,
    similarity: 0.2,
    firstLine: 12,
    text: 'sure here is',
    firstOccurrence: false,
  });
  assert.equal(h.markAt(6), undefined);
  assert.equal(h.adjacent(1, 1, 1000), 5);
  assert.equal(h.adjacent(12, 1, 1000), 200);
  // the editor has 250 lines: line 300 is out of reach, so Next from 200 wraps to 5 and Previous from 5 wraps to 200
  assert.equal(h.adjacent(200, 1, 250), 5);
  assert.equal(h.adjacent(5, -1, 250), 200);
  assert.deepEqual([...mergeSortedUnique([1, 3], Uint32Array.of(2, 3), [])], [1, 2, 3]);
});

test('fallback lookup from the report keeps the report’s capped lists', () => {
  const report = {
    duplicates: {
      exact: { clusters: [{ size: 150, lines: [1, 2], representativeLine: 1, meanSimilarity: 1 }] },
      near: { clusters: [] },
      templates: { openings: [{ text: 'a b c', n: 3, rows: 40, share: 0.4, exampleLines: [7, 8] }] },
    },
  } as unknown as Parameters<typeof linesFromReport>[0];
  const h = linesFromReport(report);
  assert.deepEqual(Array.from(h.sortedLines), [1, 2, 7, 8]);
  assert.equal(h.markAt(2)?.size, 150);
  assert.equal(h.markAt(8)?.kind, 'template');
});

test('protocol: the lineMarks message and the lineMarks job flag are checked', () => {
  const marks = { exact: {}, near: {}, template: {}, truncated: false };
  assert.equal(isAnalysisWorkerMessage({ type: 'lineMarks', requestId: 1, marks }), true);
  assert.equal(isAnalysisWorkerMessage({ type: 'lineMarks', requestId: 1, marks: { exact: {} } }), false);
  assert.equal(
    isAnalysisJob({ type: 'analyze', requestId: 1, path: '/x', options: {}, lineMarks: true }),
    true,
  );
  assert.equal(
    isAnalysisJob({ type: 'analyze', requestId: 1, path: '/x', options: {}, lineMarks: 'yes' }),
    false,
  );
});
