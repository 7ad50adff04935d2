// The verdict status-bar item's rule (src/extension/editor/verdictStatus.ts): verdict → text, tooltip, visibility.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictStatusView } from '../../../../src/extension/editor/verdictStatus.ts';
import type { AnalysisReport, VerdictLevel } from '../../../../src/core/report/reportTypes.ts';

type R = Pick<AnalysisReport, 'verdict' | 'rows'>;
const report = (level: VerdictLevel, reasons: string[] = [], total = 100): R =>
  ({
    rows: { total, blank: 0 },
    verdict: {
      level,
      reasons: reasons.map((text) => ({ severity: 1, measure: 'm', value: 1, threshold: 0, text })),
      notes: [],
    },
  }) as unknown as R;
const view = (over: Partial<Parameters<typeof verdictStatusView>[0]>) =>
  verdictStatusView({ fileName: 'd.jsonl', isDataset: true, report: undefined, running: false, ...over });

test('hidden for non-dataset files and when no file is active', () => {
  assert.deepEqual(view({ fileName: 'notes.md', isDataset: false, report: report('watch') }), {
    visible: false,
  });
  assert.deepEqual(view({ fileName: null, isDataset: false }), { visible: false });
});

test('the verdict with its icon; the reasons in the tooltip, which says a click opens the panel', () => {
  const v = view({ report: report('watch', ['12.0% of rows repeat an earlier row exactly, above 5.0%']) });
  assert.ok(v.visible);
  assert.equal(v.text, '$(pulse) watch');
  assert.match(v.tooltip, /^Diversity Lens verdict for d\.jsonl: watch\n• 12\.0% of rows repeat/);
  assert.match(v.tooltip, /Click to open the inspector panel\.$/);
  const healthy = view({ report: report('healthy') });
  assert.ok(healthy.visible);
  assert.equal(healthy.text, '$(pass) healthy');
  assert.match(healthy.tooltip, /No warning signals\./);
  const collapse = view({ report: report('collapse-prone', ['a', 'b', 'c', 'd', 'e', 'f']) });
  assert.ok(collapse.visible);
  assert.equal(collapse.text, '$(warning) collapse-prone');
  assert.match(collapse.tooltip, /• d\n• … 2 more in the panel/);
});

test('an empty file, a dataset not inspected yet and a running analysis', () => {
  const empty = view({ report: report('watch', ['empty file (0 bytes): no rows to measure'], 0) });
  assert.ok(empty.visible);
  assert.equal(empty.text, '$(warning) watch (empty file)');
  const fresh = view({});
  assert.ok(fresh.visible);
  assert.equal(fresh.text, '$(pulse) inspect');
  assert.match(fresh.tooltip, /Click to inspect it/);
  const running = view({ running: true, report: report('healthy') });
  assert.ok(running.visible);
  assert.match(running.text, /analysing/);
});
