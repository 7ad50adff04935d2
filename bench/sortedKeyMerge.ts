// The CPU cost of merging chunks' distinct-n keys into one sorted run, two ways: unionSize + merge (two reads of the
// run) and mergeAll (one). Why: a chunked run's main thread does this for every chunk and every order; the keys are
// random 64-bit fingerprints, as the chunks' n-gram keys are. Prints CPU seconds per way, three rounds.
// Usage: node --import tsx bench/sortedKeyMerge.ts [batches=24] [keysPerBatch=1500000]
import { SortedKeySet, sortedPairs } from '../src/core/sketches/sortedKeySet.ts';
import { Prng } from '../src/core/mix/prng.ts';

const batchCount = Number(process.argv[2] ?? 24);
const perBatch = Number(process.argv[3] ?? 1_500_000);
const rng = new Prng(12345);
const batches: Uint32Array[] = [];
for (let b = 0; b < batchCount; b++) {
  const p = new Uint32Array(2 * perBatch);
  // high halves from a small range, so equal low halves are compared on them sometimes
  for (let i = 0; i < p.length; i += 2) {
    p[i] = rng.nextInt(4);
    p[i + 1] = Math.floor(rng.nextDouble() * 0x100000000);
  }
  batches.push(sortedPairs(p));
}
for (let round = 0; round < 3; round++) {
  for (const way of ['unionSize + merge', 'mergeAll']) {
    const set = new SortedKeySet();
    const t = process.cpuUsage();
    for (const p of batches) {
      const count = p.length / 2;
      if (way === 'mergeAll') set.mergeAll(p, 0, count);
      else set.merge(p, 0, count, set.unionSize(p, 0, count));
    }
    const u = process.cpuUsage(t);
    console.log(`${way.padEnd(18)} ${set.size} keys  ${((u.user + u.system) / 1e6).toFixed(2)} CPU-s`);
  }
}
