// The analysis ⇄ chunk-worker contract: jobs and worker messages are checked before use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isChunkJob, isChunkWorkerMessage } from '../../../src/protocol/chunkWorkerProtocol.ts';

const chunk = { index: 2, start: 100, end: 200, firstLine: 7 };

test('isChunkJob accepts a well-formed job and refuses malformed ones', () => {
  assert.equal(
    isChunkJob({
      type: 'chunk',
      path: '/d.jsonl',
      chunk,
      options: { groupBy: ['source'] },
      lineMarks: false,
    }),
    true,
  );
  assert.equal(isChunkJob({ type: 'chunk', path: '/d.jsonl', chunk, options: {}, lineMarks: true }), true);
  for (const bad of [
    null,
    { type: 'chunk', path: '/d.jsonl', chunk, options: {} }, // no lineMarks
    { type: 'chunk', path: 1, chunk, options: {}, lineMarks: false },
    { type: 'chunk', path: '/d.jsonl', chunk: { ...chunk, end: 50 }, options: {}, lineMarks: false }, // end < start
    { type: 'chunk', path: '/d.jsonl', chunk: { ...chunk, firstLine: 0 }, options: {}, lineMarks: false },
    { type: 'chunk', path: '/d.jsonl', chunk: { ...chunk, start: -1 }, options: {}, lineMarks: false },
    { type: 'chunk', path: '/d.jsonl', chunk, options: { groupBy: 'source' }, lineMarks: false },
    { type: 'chunk', path: '/d.jsonl', chunk, options: { fields: [1] }, lineMarks: false },
    { type: 'other', path: '/d.jsonl', chunk, options: {}, lineMarks: false },
  ])
    assert.equal(isChunkJob(bad), false, JSON.stringify(bad));
});

test('isChunkWorkerMessage accepts progress, partial and failed, and nothing else', () => {
  assert.equal(
    isChunkWorkerMessage({ type: 'progress', index: 0, bytesRead: 10, rows: 3, tokens: 40 }),
    true,
  );
  assert.equal(isChunkWorkerMessage({ type: 'partial', index: 1, partial: { version: 2 } }), true);
  assert.equal(
    isChunkWorkerMessage({ type: 'failed', index: 1, error: { name: 'Error', message: 'x' } }),
    true,
  );
  for (const bad of [
    { type: 'progress', index: -1, bytesRead: 10, rows: 3, tokens: 40 },
    { type: 'progress', index: 0, bytesRead: 1.5, rows: 3, tokens: 40 },
    { type: 'progress', index: 0, bytesRead: 10 },
    { type: 'progress', index: 0, bytesRead: 10, rows: -1, tokens: 40 },
    { type: 'progress', index: 0, bytesRead: 10, rows: 3, tokens: 0.5 },
    { type: 'partial', index: 1, partial: {} },
    { type: 'failed', index: 1, error: { message: 'x' } },
    { type: 'done', index: 1 },
    'partial',
  ])
    assert.equal(isChunkWorkerMessage(bad), false, JSON.stringify(bad));
});
