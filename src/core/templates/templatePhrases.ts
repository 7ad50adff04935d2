/**
 * Joins the sliding 6-grams of one repeated sentence into one phrase. A sentence of k ≥ 6 words that many
 * rows share yields k − 5 overlapping 6-grams with the same row count; listed one by one they crowd out
 * every other phrase. Two phrases are joined when they have the same (estimated) row count and one's last
 * n − 1 tokens are the other's first n − 1 tokens; the joined phrase keeps that count, the larger error
 * bound and the first phrase's example lines.
 */
import type { HeavyHitter } from '../sketches/spaceSaving.ts';

/** Chains overlapping equal-count phrases; keeps the input's order of first appearance. */
export function mergeOverlappingPhrases(items: readonly HeavyHitter[]): HeavyHitter[] {
  const keyOf = (ids: Uint32Array, from: number, to: number) =>
    `${ids.length}:${Array.prototype.join.call(ids.subarray(from, to), ',')}`;
  // index phrases by (count, first n−1 tokens): the successor candidates of a phrase
  const byHead = new Map<string, number>();
  items.forEach((h, i) => {
    const k = `${h.count}|${keyOf(h.ids, 0, h.ids.length - 1)}`;
    if (!byHead.has(k)) byHead.set(k, i);
  });
  const next = new Int32Array(items.length).fill(-1);
  const hasPrev = new Uint8Array(items.length);
  items.forEach((h, i) => {
    const j = byHead.get(`${h.count}|${keyOf(h.ids, 1, h.ids.length)}`);
    if (j !== undefined && j !== i && !hasPrev[j]) {
      next[i] = j;
      hasPrev[j] = 1;
    }
  });
  const out: HeavyHitter[] = [];
  const used = new Uint8Array(items.length);
  items.forEach((_, start) => {
    if (hasPrev[start] || used[start]) return;
    const ids = Array.from(items[start].ids);
    let error = items[start].error;
    used[start] = 1;
    for (let j = next[start]; j >= 0 && !used[j]; j = next[j]) {
      ids.push(items[j].ids[items[j].ids.length - 1]);
      error = Math.max(error, items[j].error);
      used[j] = 1;
    }
    out.push({
      ids: Uint32Array.from(ids),
      count: items[start].count,
      error,
      exampleLines: items[start].exampleLines,
    });
  });
  // a cycle (a phrase that repeats its own words) leaves members never reached from a head: keep them as they are
  items.forEach((h, i) => {
    if (!used[i]) out.push(h);
  });
  return out;
}
