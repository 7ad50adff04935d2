/**
 * NgramDistinctCounter's row path (insertOrders) against a reference that probes every key of every order, as the
 * counter did before it skipped the n-grams inside an n-gram already stored.
 *
 * Why: skipping must leave every set, every count and every switch to HyperLogLog exactly as they were (same keys,
 * same registers, same orders switched), on rows with heavy repetition, empty rows, 1–3-token rows, with and without
 * a budget that switches orders, and for a slice counter that reuses the file counter's fingerprints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NgramDistinctCounter, type DistinctPartial } from '../../../../src/core/lexical/lexicalDistinct.ts';
import { NgramHashSet } from '../../../../src/core/sketches/ngramHashSet.ts';
import { HyperLogLog } from '../../../../src/core/sketches/hyperLogLog.ts';
import { rng } from '../../helpers/testRng.ts';
import {
  HASH_SEED_HI,
  HASH_SEED_LO,
  murmurFinish,
  murmurMix,
  xxFinish,
  xxMix,
  xxStart,
} from '../../../../src/core/sketches/hashing.ts';

/** The counter's previous row path: per order, make room (or switch) then insert every key. */
class ProbeEveryKey {
  readonly sets: (NgramHashSet | null)[] = [
    null,
    null,
    new NgramHashSet(),
    new NgramHashSet(),
    new NgramHashSet(),
  ];
  readonly sketches: (HyperLogLog | null)[] = [null, null, null, null, null];
  readonly totals = [0, 0, 0, 0, 0];
  constructor(private readonly budget: number) {}

  insert(sc: Uint32Array, k: number): void {
    for (let n = 2; n <= 4; n++) {
      const count = k - n + 1;
      if (count <= 0) break;
      this.totals[n] += count;
      const base = 2 * k * (n - 2);
      const set = this.sets[n];
      if (set !== null && this.makeRoom(n, set, count)) set.addPairs(sc, base, count);
      else for (let j = 0; j < count; j++) this.sketches[n]!.add(sc[base + 2 * j], sc[base + 2 * j + 1]);
    }
  }

  private get bytes(): number {
    let b = 0;
    for (const s of this.sets) if (s !== null) b += s.bytes;
    return b;
  }

  private makeRoom(n: number, set: NgramHashSet, extra: number): boolean {
    while (!set.hasRoomFor(extra)) {
      if (this.bytes + 2 * set.bytes > this.budget) {
        const sketch = new HyperLogLog(16);
        set.forEach((hi, lo) => sketch.add(hi, lo));
        this.sets[n] = null;
        this.sketches[n] = sketch;
        return false;
      }
      set.grow();
    }
    return true;
  }

  snapshot(): DistinctPartial {
    const orders: DistinctPartial['orders'] = [];
    for (let n = 2; n <= 4; n++) {
      const set = this.sets[n];
      orders.push(
        set !== null
          ? { total: this.totals[n], pairs: set.toPairs(), registers: null }
          : { total: this.totals[n], pairs: null, registers: this.sketches[n]!.snapshot() },
      );
    }
    return { orders };
  }
}

/** Rows over a small vocabulary (heavy repetition), with empty, 1-, 2- and 3-token rows and repeated rows. */
function rows(seed: number, count: number, vocab: number): Uint32Array[] {
  const r = rng(seed);
  const out: Uint32Array[] = [];
  for (let i = 0; i < count; i++) {
    const u = r();
    if (u < 0.05 && out.length > 0) {
      out.push(out[Math.floor(r() * out.length)]);
      continue;
    }
    const k = u < 0.1 ? 0 : u < 0.15 ? 1 : u < 0.2 ? 2 : u < 0.25 ? 3 : 4 + Math.floor(r() * 40);
    const row = new Uint32Array(k);
    // Zipf-like: small ids far more often
    for (let j = 0; j < k; j++) row[j] = Math.floor(vocab * r() * r());
    out.push(row);
  }
  return out;
}

/** Feeds `input` to a counter and to the reference (fed the counter's own fingerprints of each row). */
function feed(input: Uint32Array[], budget: number): { got: NgramDistinctCounter; want: ProbeEveryKey } {
  const got = new NgramDistinctCounter(budget);
  const want = new ProbeEveryKey(budget);
  for (const row of input) {
    got.addRow(row);
    if (row.length >= 2) want.insert((got as unknown as { scratch: Uint32Array }).scratch, row.length);
  }
  return { got, want };
}

function assertSameCounts(got: NgramDistinctCounter, want: ProbeEveryKey, label: string): void {
  const g = got.snapshot();
  const w = want.snapshot();
  for (let i = 0; i < 3; i++) {
    const a = g.orders[i];
    const b = w.orders[i];
    assert.equal(a.total, b.total, `${label}: total of order ${i + 2}`);
    assert.equal(a.pairs === null, b.pairs === null, `${label}: method of order ${i + 2}`);
    if (a.pairs !== null) assert.deepEqual(a.pairs, b.pairs, `${label}: keys of order ${i + 2}`);
    else assert.deepEqual(a.registers, b.registers, `${label}: registers of order ${i + 2}`);
  }
}

test('skipping the n-grams inside a stored n-gram keeps the same keys (random rows, heavy repetition)', () => {
  for (const [seed, vocab] of [
    [1, 3],
    [2, 8],
    [3, 40],
    [4, 2000],
  ]) {
    const { got, want } = feed(rows(seed, 3000, vocab), 1 << 30);
    for (const n of [2, 3, 4] as const) assert.equal(got.count(n).method, 'exact');
    assertSameCounts(got, want, `seed ${seed}, vocabulary ${vocab}`);
  }
});

test('hand-checked: a repeated row adds nothing, its n-grams inside are not counted twice', () => {
  const c = new NgramDistinctCounter();
  c.addRow(Uint32Array.of(1, 2, 3, 4, 5)); // 4 bigrams, 3 trigrams, 2 four-grams
  c.addRow(Uint32Array.of(1, 2, 3, 4, 5));
  c.addRow(Uint32Array.of(2, 3, 4)); // inside the first row: nothing new
  c.addRow(Uint32Array.of(5, 1, 2, 3)); // new: (5,1), (5,1,2), (5,1,2,3)
  c.addRow(Uint32Array.of(7)); // no n-gram
  c.addRow(new Uint32Array(0));
  assert.deepEqual(c.count(2), { unique: 5, total: 4 + 4 + 2 + 3, method: 'exact', relativeError: 0 });
  assert.deepEqual(c.count(3), { unique: 4, total: 3 + 3 + 1 + 2, method: 'exact', relativeError: 0 });
  assert.deepEqual(c.count(4), { unique: 3, total: 2 + 2 + 0 + 1, method: 'exact', relativeError: 0 });
});

test('budget: the same orders switch to HyperLogLog, with the same registers, at every budget', () => {
  const input = rows(7, 4000, 300);
  let switched = 0;
  for (let budget = 16 * 1024; budget <= 4 * 1024 * 1024; budget = Math.round(budget * 1.37)) {
    const { got, want } = feed(input, budget);
    for (const n of [2, 3, 4] as const) if (got.count(n).method === 'hll') switched++;
    assertSameCounts(got, want, `budget ${budget}`);
  }
  assert.ok(switched > 0, 'some budget switches an order');
});

test('a slice counter reusing the file counter fingerprints (addRow from) keeps the same keys', () => {
  const input = rows(11, 2000, 60);
  const file = new NgramDistinctCounter();
  const slice = new NgramDistinctCounter();
  const want = new ProbeEveryKey(1 << 30);
  input.forEach((row, i) => {
    file.addRow(row);
    if (i % 3 === 0) {
      slice.addRow(row, row, file);
      if (row.length >= 2) want.insert((file as unknown as { scratch: Uint32Array }).scratch, row.length);
    }
  });
  assertSameCounts(slice, want, 'slice');
});

test('fingerprints: the MurmurHash3 / xxHash32-style chains of sketches/hashing.ts over each n-gram, both halves', () => {
  const r = rng(15);
  const c = new NgramDistinctCounter();
  const M0 = HASH_SEED_HI | 0;
  const X0 = xxStart(HASH_SEED_LO);
  for (let t = 0; t < 300; t++) {
    const k = Math.floor(r() * 30);
    // full 32-bit words in both halves (content lanes are any 32-bit values)
    const ids = Uint32Array.from({ length: k }, () => Math.floor(r() * 2 ** 32));
    const hi = Uint32Array.from({ length: k }, () => Math.floor(r() * 2 ** 32));
    c.addRow(ids, hi);
    const sc = (c as unknown as { scratch: Uint32Array }).scratch;
    for (let n = 2; n <= 4; n++) {
      const base = 2 * k * (n - 2);
      for (let i = 0; i + n <= k; i++) {
        let m = M0;
        let x = X0;
        for (let j = i; j < i + n; j++) {
          m = murmurMix(m, ids[j]);
          x = xxMix(x, hi[j]);
        }
        assert.equal(sc[base + 2 * i], murmurFinish(m, n), `row ${t}, order ${n}, at ${i}: murmur half`);
        assert.equal(sc[base + 2 * i + 1], xxFinish(x, n), `row ${t}, order ${n}, at ${i}: xx half`);
      }
    }
  }
});

test('a reserve (a chunk worker passes its previous chunk tables sizes) changes no key, switch or register, at every budget', () => {
  const input = rows(19, 3000, 300);
  const bigger = new NgramDistinctCounter();
  for (const row of input) bigger.addRow(row);
  const reserve = bigger.reserveForNext();
  assert.ok(
    reserve.every((c) => c >= 1024),
    `reserve ${reserve}`,
  );
  let switched = 0;
  for (let budget = 16 * 1024; budget <= 2 * 1024 * 1024; budget = Math.round(budget * 1.5)) {
    for (const r of [reserve, [1 << 16, 16, 1 << 20] as const]) {
      const plain = new NgramDistinctCounter(budget);
      const reserved = new NgramDistinctCounter(budget, undefined, undefined, {}, r);
      for (const row of input) {
        plain.addRow(row);
        reserved.addRow(row);
        assert.equal(reserved.tableBytes, plain.tableBytes);
      }
      for (const n of [2, 3, 4] as const) {
        assert.deepEqual(reserved.count(n), plain.count(n), `budget ${budget}, order ${n}`);
        if (plain.count(n).method === 'hll') switched++;
      }
      assert.deepEqual(reserved.reserveForNext(), plain.reserveForNext());
      assert.deepEqual(reserved.snapshot(true), plain.snapshot(true), `budget ${budget}`);
    }
  }
  assert.ok(switched > 0, 'some budget switches an order');
});
