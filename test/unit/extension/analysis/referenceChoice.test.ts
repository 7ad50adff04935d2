// One reference per workspace (#12): the workspace choice over the `referencePath` setting, never a dataset's own
// file, persisted in the workspace state and heard by every listener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectiveReference,
  WorkspaceReference,
  type StateLike,
} from '../../../../src/extension/analysis/referenceChoice.ts';

const DS = '/w/alpaca.jsonl';

test('the setting is the default; a workspace choice (a file or none) overrides it', () => {
  assert.deepEqual(effectiveReference(undefined, null, DS), {
    path: null,
    source: 'unset',
    setting: null,
    note: null,
  });
  assert.deepEqual(effectiveReference(undefined, '/w/human.jsonl', DS), {
    path: '/w/human.jsonl',
    source: 'setting',
    setting: '/w/human.jsonl',
    note: null,
  });
  assert.deepEqual(effectiveReference({ path: '/w/dolly.jsonl' }, '/w/human.jsonl', DS), {
    path: '/w/dolly.jsonl',
    source: 'workspace',
    setting: '/w/human.jsonl',
    note: null,
  });
  assert.deepEqual(effectiveReference({ none: true }, '/w/human.jsonl', DS), {
    path: null,
    source: 'workspace',
    setting: '/w/human.jsonl',
    note: null,
  });
});

test('a dataset is never its own reference (the panel says why it has none)', () => {
  const own = effectiveReference({ path: DS }, null, DS);
  assert.equal(own.path, null);
  assert.match(own.note ?? '', /this dataset is the workspace reference/);
  assert.equal(effectiveReference(undefined, DS, DS).path, null);
  assert.equal(effectiveReference({ path: 'C:\\W\\A.jsonl' }, null, 'c:\\w\\a.jsonl').path, null);
});

test('WorkspaceReference persists the choice (as Set as Reference Dataset stored it) and tells its listeners', async () => {
  const map = new Map<string, unknown>();
  const state: StateLike = {
    get: <T>(k: string) => map.get(k) as T | undefined,
    update: async (k, v) => void (v === undefined ? map.delete(k) : map.set(k, v)),
  };
  const toPath = (u: string) => (u.startsWith('file://') ? u.slice('file://'.length) : undefined);
  const toUri = (p: string) => `file://${p}`;
  const store = new WorkspaceReference(state, toPath, toUri);
  let heard = 0;
  const sub = store.onChange(() => heard++);
  assert.equal(store.get(), undefined);
  await store.set({ path: '/w/dolly.jsonl' });
  assert.deepEqual(
    [map.get('diversityLens.referenceDataset'), store.get(), heard],
    ['file:///w/dolly.jsonl', { path: '/w/dolly.jsonl' }, 1],
  );
  // a reload: a new store over the same workspace state reads the same choice
  assert.deepEqual(new WorkspaceReference(state, toPath, toUri).get(), { path: '/w/dolly.jsonl' });
  await store.set({ none: true });
  assert.deepEqual(store.get(), { none: true });
  await store.set(undefined);
  assert.equal(map.has('diversityLens.referenceDataset'), false);
  map.set('diversityLens.referenceDataset', 'untitled:x'); // not a local file: follow the setting
  assert.equal(store.get(), undefined);
  sub.dispose();
  await store.set({ none: true });
  assert.equal(heard, 3);
});
