// Every lost tail type, searchable (src/core/tails/lostTypes.ts): the index built from computeTails' full list,
// case-insensitive search over all of it (not only the report's first 1,000), the number filter, both orders,
// paging with clamping, the caps, and that a query yields in slices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTails, type LostType } from '../../../../src/core/tails/tails.ts';
import {
  buildLostTypesIndex,
  isNumericToken,
  LOST_QUERY_SLICE,
  lostTokenAt,
  queryLostTypes,
  queryLostTypesSteps,
} from '../../../../src/core/tails/lostTypes.ts';
import { lostQuery } from '../../helpers/lostQuery.ts';

const map = (o: Record<string, number>): Map<string, number> => new Map(Object.entries(o));
const q = lostQuery;
const tokens = (items: LostType[]): string[] => items.map((t) => t.token);

/** A reference whose lost tail is 1,500 numbers seen 5×, then "platypus" 5×, "wombat" 3×, "kangaroo" once. */
function numbersFirst(): { report: ReturnType<typeof computeTails>; all: readonly LostType[] } {
  const ref: Record<string, number> = { river: 50, platypus: 5, wombat: 3, kangaroo: 1 };
  for (let i = 0; i < 1500; i++) ref[String(10_000 + i)] = 5;
  let all: readonly LostType[] = [];
  const report = computeTails(map({ river: 9 }), map(ref), { onAllLost: (l) => (all = l) });
  return { report, all };
}

test('computeTails hands every lost type to onAllLost, in the report order, before the 1,000 cut', () => {
  const { report, all } = numbersFirst();
  assert.equal(report.lostTypes.length, 1000);
  assert.equal(report.lostTypesTotal, 1503);
  assert.equal(all.length, 1503);
  assert.deepEqual(all.slice(0, 1000), report.lostTypes);
  assert.deepEqual(tokens(all.slice(-3) as LostType[]), ['platypus', 'wombat', 'kangaroo']);
  assert.equal(
    report.lostTypes.some((t) => t.token === 'kangaroo'),
    false,
    'kangaroo is beyond the report list',
  );
});

test('search covers every lost type: a word beyond the first 1,000 is found', () => {
  const { all } = numbersFirst();
  const index = buildLostTypesIndex(all);
  const page = queryLostTypes(index, q({ query: ' KanGaroo ' }));
  assert.deepEqual(page.items, [{ token: 'kangaroo', referenceCount: 1 }]);
  assert.deepEqual([page.matched, page.kept, page.total, page.numeric], [1, 1503, 1503, 1500]);
});

test('default order: most frequent in the reference first; hiding numbers leaves the words', () => {
  const index = buildLostTypesIndex(numbersFirst().all);
  const first = queryLostTypes(index, q());
  assert.deepEqual(tokens(first.items).slice(0, 2), ['10000', '10001']);
  assert.deepEqual([first.matched, first.pages], [1503, 31]);
  const words = queryLostTypes(index, q({ hideNumbers: true }));
  assert.deepEqual(tokens(words.items), ['platypus', 'wombat', 'kangaroo']);
  assert.equal(words.matched, 3);
  // token order A→Z: digits sort before letters
  const az = queryLostTypes(index, q({ order: 'token', hideNumbers: true }));
  assert.deepEqual(tokens(az.items), ['kangaroo', 'platypus', 'wombat']);
});

test('token order merges the count runs; paging and clamping to the last page', () => {
  const lost: LostType[] = [
    { token: 'b', referenceCount: 3 },
    { token: 'd', referenceCount: 3 },
    { token: 'a', referenceCount: 2 },
    { token: 'e', referenceCount: 2 },
    { token: 'c', referenceCount: 1 },
  ];
  const index = buildLostTypesIndex(lost);
  assert.deepEqual(
    [...index.byToken].map((i) => lostTokenAt(index, i)),
    ['a', 'b', 'c', 'd', 'e'],
  );
  assert.deepEqual(tokens(queryLostTypes(index, q({ order: 'token', pageSize: 2, page: 1 })).items), [
    'c',
    'd',
  ]);
  const clamped = queryLostTypes(index, q({ pageSize: 2, page: 99 }));
  assert.deepEqual([tokens(clamped.items), clamped.page, clamped.pages], [['c'], 2, 3]);
  const none = queryLostTypes(index, q({ query: 'zzz', page: 4 }));
  assert.deepEqual([none.items, none.matched, none.page, none.pages], [[], 0, 0, 1]);
});

test('search is a case-insensitive substring inside one token, never across two', () => {
  const lost: LostType[] = [
    { token: 'İstanbul', referenceCount: 2 }, // lowercases to 9 code units
    { token: 'ab', referenceCount: 1 },
    { token: 'cd', referenceCount: 1 },
    { token: 'ZEBRA', referenceCount: 1 },
  ];
  const index = buildLostTypesIndex(lost);
  assert.notEqual(index.lower, null);
  assert.deepEqual(tokens(queryLostTypes(index, q({ query: 'bc' })).items), [], '"ab"+"cd" is no match');
  assert.deepEqual(tokens(queryLostTypes(index, q({ query: 'stan' })).items), ['İstanbul']);
  assert.deepEqual(tokens(queryLostTypes(index, q({ query: 'ze' })).items), ['ZEBRA']);
  assert.deepEqual(tokens(queryLostTypes(index, q({ query: 'b' })).items), ['İstanbul', 'ab', 'ZEBRA']);
  // tokens already lowercase: one string only
  assert.equal(buildLostTypesIndex([{ token: 'ab', referenceCount: 1 }]).lower, null);
});

test('isNumericToken: digits with number punctuation, at least one digit', () => {
  for (const t of ['123', '3.14', '1,000', '2024-01-01', '12:30', '½', '٣', '50%', '1_000'])
    assert.equal(isNumericToken(t), true, t);
  for (const t of ['abc', 'a1', 'covid19', '...', '_', '']) assert.equal(isNumericToken(t), false, t);
});

test('caps: at most `types` types and `chars` characters are kept, the most frequent; total says how many were lost', () => {
  const { all } = numbersFirst();
  const byTypes = buildLostTypesIndex(all, all.length, { types: 1000 });
  assert.deepEqual([byTypes.ends.length, byTypes.total], [1000, 1503]);
  const page = queryLostTypes(byTypes, q({ query: 'kangaroo' }));
  assert.deepEqual([page.matched, page.kept, page.total], [0, 1000, 1503]);
  const byChars = buildLostTypesIndex(all, all.length, { chars: 12 });
  assert.equal(byChars.ends.length, 2); // "10000" + "10001" = 10 characters; a third would pass 12
  // built from the report's own cut list: total = lostTypesTotal
  const { report } = numbersFirst();
  assert.equal(buildLostTypesIndex(report.lostTypes, report.lostTypesTotal).total, 1503);
});

test('a query over many types yields in slices and stays fast', () => {
  const n = 600_000;
  const lost: LostType[] = [];
  for (let i = 0; i < n; i++)
    lost.push({ token: `w${String(i).padStart(6, '0')}x`, referenceCount: 1 + (i % 5) });
  lost.sort((a, b) => b.referenceCount - a.referenceCount || (a.token < b.token ? -1 : 1));
  const index = buildLostTypesIndex(lost);
  const started = performance.now();
  const steps = queryLostTypesSteps(index, q({ query: 'x', order: 'token', page: 3 }));
  let yields = 0;
  let r = steps.next();
  while (!r.done) {
    yields++;
    r = steps.next();
  }
  const ms = performance.now() - started;
  assert.ok(yields >= Math.floor(n / LOST_QUERY_SLICE), `yielded ${yields} times`);
  assert.equal(r.value.matched, n);
  assert.equal(r.value.items[0].token, 'w000150x');
  console.log(`query over ${n} lost types: ${Math.round(ms)} ms in ${yields} slices`); // a figure, not asserted
});
