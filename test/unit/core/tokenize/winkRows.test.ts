import { test } from 'node:test';
import assert from 'node:assert/strict';
import { winkTokenizer } from '../../../../src/core/tokenize/wink.ts';
import { WinkRows } from '../../../../src/core/tokenize/winkRows.ts';
import { WinkIds } from '../../../../src/core/tokenize/winkIds.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';

// Rows that teach wink a text whole, and rows where a fresh wink splits that text. wink cuts a raw token made of a
// word and one final punctuation mark ("client's.") into the word and the mark, and adds the word as ONE lexeme,
// lowercased form included ("CD's." adds "CD's" and "cd's"); a raw token it does not know ("client's") goes to its
// recursive tokenizer, which splits the possessive: client + 's. So, read by one learning instance, "client's id"
// after "the client's." gave client's, id (the session-9 behaviour).
const TEACH = ["the client's.", "CD's.", "Zork's."];
const PROBES: [string, string[]][] = [
  ["client's id", ['client', "'s", 'id']],
  // ("cd" is in wink's lexicon as a spelling of "could": its normal is could)
  ["cd's now", ['could', "'s", 'now']],
  ["Zork's game", ['zork', "'s", 'game']],
];

test("a row's wink tokens do not depend on the rows tokenized before (hand-checked: possessives split)", () => {
  for (const [row, want] of PROBES) assert.deepEqual(winkTokenizer.tokenize(row), want, `${row} first`);
  // the teaching rows themselves: the word kept whole with its possessive, the period dropped
  assert.deepEqual(winkTokenizer.tokenize(TEACH[0]), ['the', "client's"]);
  assert.deepEqual(winkTokenizer.tokenize(TEACH[1]), ["cd's"]);
  for (const row of TEACH) winkTokenizer.tokenize(row);
  for (const [row, want] of PROBES)
    assert.deepEqual(winkTokenizer.tokenize(row), want, `${row} after the teaching rows`);
  // within one row wink still uses what it learnt earlier in that row (as a fresh instance reading the row would)
  assert.deepEqual(winkTokenizer.tokenize("the client's. client's id"), [
    'the',
    "client's",
    "client's",
    'id',
  ]);
  assert.deepEqual(winkTokenizer.tokenize("client's id"), ['client', "'s", 'id']);
});

test('WinkRows: a lexeme learnt in an earlier row is reused only with the same category, else learnt anew', () => {
  const w = new WinkRows();
  const read = (row: string) => {
    const t = w.read(row).tokens();
    return { values: t.out(w.its.value), types: t.out(w.its.type), ids: t.out(w.its.uniqueId) as number[] };
  };
  // "Zork's." twice: the second row reuses the first row's lexeme (same text, same category word)
  const a = read("Zork's.");
  const b = read("Zork's.");
  assert.deepEqual(a.values, ["Zork's", '.']);
  assert.equal(b.ids[0], a.ids[0]);
  assert.ok(a.ids[0] >= w.intrinsicSize);
  // "Bill s.1618 Title": wink's recursive tokenizer cuts "s.1618" at the period and adds both parts as words, so
  // "1618" is learnt as a word; in "Bill 1618 Title" a fresh wink types it a number — a learning instance kept
  // calling it a word in every later row
  assert.deepEqual(read('Bill s.1618 Title').types, ['word', 'word', 'word', 'word']);
  assert.deepEqual(read('Bill 1618 Title').types, ['word', 'number', 'word']);
  assert.deepEqual(read('Bill s.1618 Title').types, ['word', 'word', 'word', 'word']);
});

test('WinkIds gives the same per-row tokens, whatever came before, across rebuilds of the wink instance', () => {
  // a reader rebuilt after 12 learnt ids: each round's made-up words are new lexemes
  const reader = new WinkRows(12);
  const v = new Vocabulary();
  const ids = new WinkIds(v, reader);
  const tokensOf = (row: string) => Array.from(ids.addText(row), (id) => v.tokenOf(id));
  for (let round = 0; round < 4; round++) {
    const made = `Qwx${'abcd'[round]}v Plorb${round} zink-zonk${round} 42x${round}`;
    const rows = [...TEACH, made, "the client's. Xyzzy's blarg", ...TEACH];
    for (const [row, want] of PROBES) assert.deepEqual(tokensOf(row), want, `${row}, round ${round}`);
    for (const row of rows) assert.deepEqual(tokensOf(row), winkTokenizer.tokenize(row), row);
  }
  assert.ok(reader.builds >= 3, `expected rebuilds, got ${reader.builds} builds`);
  // counts are per token, whether the memo or wink gave the id: "client" once per round, "client's" 3 times
  assert.equal(v.count(v.idOf('client')!), 4);
  assert.equal(v.count(v.idOf("client's")!), 4 * 3);
});
