// A multi-gigabyte JSONL dataset for the e2e event-loop measurement (issue #15, item 15), written in seconds: one
// generated block of varied rows (seeded, so every run writes the same bytes) is written again and again, each copy
// with its own tag patched into every row's text, so rows differ across copies (no file-wide exact duplicates). The
// caller deletes it after the test.
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../scripts/lib/prng.mjs';

const WORDS = (
  'river mountain signal harbor lantern copper meadow falcon quartz ember willow orbit canyon velvet thunder ' +
  'marble saddle pepper glacier rocket timber violet anchor basket cinder dragon feather garden hollow island ' +
  'jasmine kettle ledger mirror nectar oyster parade quiver ribbon shadow tunnel umbrella vessel walnut yonder'
).split(' ');
const SOURCES = ['forum', 'news', 'wiki', 'chat', 'code'];
const TAG = 'c0000'; // replaced by c0001, c0002, … in each copy (same width, so offsets stay valid)
const BLOCK_BYTES = 16 << 20;

/**
 * Writes `name` of at least `bytes` bytes into `dir` (whole lines only) and returns { file, name, bytes }.
 * Why a block repeated with a patched tag: generating 2 GB of random rows in JavaScript takes minutes; copying a
 * 16 MiB block takes seconds, and the tag keeps every row distinct.
 */
export function writeHugeFile(dir, name, bytes) {
  const next = mulberry32(2024);
  const lines = [];
  let size = 0;
  for (let i = 0; size < BLOCK_BYTES; i++) {
    const n = 8 + Math.floor(next() * 40);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]);
    const line = JSON.stringify({
      id: i,
      source: SOURCES[i % SOURCES.length],
      text: `${TAG} ${words.join(' ')}.`,
    });
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  const block = Buffer.from(`${lines.join('\n')}\n`);
  const tagAt = [];
  for (let at = block.indexOf(TAG); at >= 0; at = block.indexOf(TAG, at + TAG.length)) tagAt.push(at);
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  try {
    for (let copy = 0; written < bytes; copy++) {
      const tag = Buffer.from(`c${String(copy % 10000).padStart(4, '0')}`);
      for (const at of tagAt) tag.copy(block, at);
      for (let off = 0; off < block.length;) off += fs.writeSync(fd, block, off);
      written += block.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { file, name, bytes: written };
}
