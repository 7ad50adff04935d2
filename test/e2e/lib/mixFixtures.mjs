// Fixtures of the Mix & Correct e2e test: a synthetic-looking dataset (narrow vocabulary, a templated opening,
// repeated rows, a `source` slice) and a real-looking reference (wide vocabulary, many rare words), so moving
// the real-data share visibly changes tail coverage and distinct-2. Deterministic (seeded), written on demand.
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../scripts/lib/prng.mjs';

/** Deterministic PRNG (the generators' mulberry32) so every run writes the same bytes. */
const rng = mulberry32;

const syllables = 'ka lo mi ne ru sa ti vo ze po da fe gu hi ja'.split(' ');
/** Word number k as a pronounceable token (distinct k → distinct word). */
function word(k) {
  let s = '';
  let n = k + 1;
  while (n > 0) {
    s += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return s;
}

/** Writes mixdata.jsonl (dataset, 600 rows) and mixreal.jsonl (reference, 400 rows) into `dir`. */
export function writeMixFixtures(dir) {
  const next = rng(99);
  const ds = [];
  for (let i = 0; i < 600; i++) {
    const n = 12 + Math.floor(next() * 12);
    const w = [];
    for (let j = 0; j < n; j++) w.push(word(Math.floor(next() ** 2 * 120))); // narrow vocabulary
    const templated = i % 4 === 0 ? 'as an assistant ' : '';
    const text =
      i % 25 === 7 ? 'as an assistant i cannot help with that request.' : `${templated}${w.join(' ')}.`;
    ds.push(JSON.stringify({ id: i, source: ['gen-a', 'gen-a', 'gen-b', 'gen-c'][i % 4], text }));
  }
  const ref = [];
  const nextR = rng(7);
  for (let i = 0; i < 400; i++) {
    const n = 15 + Math.floor(nextR() * 15);
    const w = [];
    for (let j = 0; j < n; j++) w.push(word(Math.floor(nextR() ** 3 * 4000))); // wide vocabulary, long tail
    ref.push(JSON.stringify({ id: `r${i}`, source: 'human', text: `${w.join(' ')}.` }));
  }
  const dataset = path.join(dir, 'mixdata.jsonl');
  const reference = path.join(dir, 'mixreal.jsonl');
  fs.writeFileSync(dataset, `${ds.join('\n')}\n`);
  fs.writeFileSync(reference, `${ref.join('\n')}\n`);
  return {
    dataset,
    reference,
    datasetName: 'mixdata.jsonl',
    referenceName: 'mixreal.jsonl',
    firstWords: JSON.parse(ds[1]).text.split(' ').slice(0, 2).join(' '),
  };
}
