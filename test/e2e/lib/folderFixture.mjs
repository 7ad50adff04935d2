// The folder-dataset fixture of the e2e suite (Inspect Folder as Dataset): a folder of three JSONL shards of
// generated rows, with exact duplicates that cross the shards and one malformed line in the second shard, so the
// panel's dataset line numbers must be mapped back to (shard, line in shard) to open a row.
import fs from 'node:fs';
import path from 'node:path';

const WORDS =
  'amber basalt cedar delta ember fjord garnet harbor indigo juniper kelp lagoon meadow nectar orchid pebble quartz raven saffron tundra umber violet willow xenon yarrow zephyr'.split(
    ' ',
  );

/** Deterministic words for row `i` of shard `s` (a small LCG: the same fixture every run). */
function sentence(s, i) {
  let x = (s * 7919 + i * 104729 + 17) >>> 0;
  const out = [];
  for (let k = 0; k < 9; k++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(WORDS[x % WORDS.length]);
  }
  return `shard ${s} row ${i}: ${out.join(' ')}`;
}

const CANNED_A = 'I am sorry, but I cannot help with that request.';
const CANNED_B = 'As an AI language model, I do not have personal opinions.';

/**
 * Writes `train-shards/part-0000{0,1,2}.jsonl` under `dir` (40 lines each). Canned answer A is at line 3 of shard 0,
 * 10 of shard 1 and 20 of shard 2; canned answer B at line 15 of shard 1 and lines 30, 31 of shard 2; line 6 of
 * shard 1 is malformed. Returns the folder, its name, the shard paths and those facts.
 */
export function writeFolderFixture(dir) {
  const folder = path.join(dir, 'train-shards');
  fs.mkdirSync(folder, { recursive: true });
  const canned = {
    0: { 3: CANNED_A },
    1: { 10: CANNED_A, 15: CANNED_B },
    2: { 20: CANNED_A, 30: CANNED_B, 31: CANNED_B },
  };
  const shards = [];
  for (let s = 0; s < 3; s++) {
    const lines = [];
    for (let line = 1; line <= 40; line++) {
      if (s === 1 && line === 6) lines.push('{"text": "a broken row');
      else lines.push(JSON.stringify({ text: canned[s][line] ?? sentence(s, line) }));
    }
    const file = path.join(folder, `part-0000${s}.jsonl`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    shards.push(file);
  }
  return {
    folder,
    name: 'train-shards',
    shards,
    // dataset lines: shard 0 holds 1–40, shard 1 41–80, shard 2 81–120
    malformedLines: [46],
    cannedB: CANNED_B,
    /** Canned answer B's line in the third shard (the row the test opens). */
    cannedBInShard2: { shard: 'part-00002.jsonl', line: 30, datasetLine: 110 },
  };
}
