// The documented order of Compare Datasets… (sorted by path, naturally) and the view's short labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareLabels, compareOrder } from '../../../../src/extension/compare/compareInputs.ts';

test('the order is the paths sorted naturally (gen2 before gen10), whatever the selection order; duplicates once', () => {
  assert.deepEqual(compareOrder(['/d/gen10.jsonl', '/d/gen2.jsonl', '/d/Gen1.jsonl', '/d/gen2.jsonl']), [
    '/d/Gen1.jsonl',
    '/d/gen2.jsonl',
    '/d/gen10.jsonl',
  ]);
});

test('labels: the file name, with parents added only where names clash', () => {
  assert.deepEqual(compareLabels(['/d/a.jsonl', '/d/b.jsonl']), ['a.jsonl', 'b.jsonl']);
  assert.deepEqual(compareLabels(['/r/run1/gen0.jsonl', '/r/run2/gen0.jsonl', '/r/x.jsonl']), [
    'run1/gen0.jsonl',
    'run2/gen0.jsonl',
    'x.jsonl',
  ]);
  assert.deepEqual(compareLabels(['/data/shards', '/other/shards']), ['data/shards', 'other/shards']);
});
