// Generates the e2e datasets into a temp workspace. The generator records what it wrote (which lines
// are malformed, which rows repeat) so the tests can check the panel against the fixture itself, not
// only against the CLI.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { mulberry32 } from '../../../scripts/lib/prng.mjs';

const WORDS = (
  'river mountain signal harbor lantern copper meadow falcon quartz ember willow orbit canyon velvet ' +
  'thunder marble saddle pepper glacier rocket timber violet anchor basket cinder dragon feather ' +
  'garden hollow island jasmine kettle ledger mirror nectar oyster parade quiver ribbon shadow ' +
  'tunnel umbrella vessel walnut yonder zephyr almond bramble cobalt dune echo fable grove hinge'
).split(' ');

/** Deterministic PRNG (the generators' mulberry32) so every run writes the same bytes. */
const rng = mulberry32;

function sentence(next, n) {
  const w = [];
  for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(next() * WORDS.length)]);
  return `${w.join(' ')}.`;
}

/** Text of the hostile row: markup and script-looking content that must only ever be shown as text. */
export const HOSTILE_TEXT =
  `<img src=x onerror="window.__pwned='img';document.title='pwned'"> ` +
  `</script><script>window.__pwned='script'</script> ` +
  `[click me](javascript:window.__pwned='md') <a href="javascript:window.__pwned='a'">link</a>`;

/**
 * chat.jsonl: 30 ordinary rows, one row repeated 4×, the hostile row repeated 3×, two near-duplicate
 * rows, 4 malformed lines and 1 blank line, interleaved. Returns the file path and what it contains.
 */
function writeChat(dir) {
  const next = rng(42);
  const lines = [];
  const malformedLines = [];
  const add = (obj) => lines.push(JSON.stringify(obj));
  const bad = (raw) => {
    lines.push(raw);
    malformedLines.push(lines.length);
  };
  const repeated = 'The quick brown fox jumps over the lazy dog near the river bank.';
  const nearBase = sentence(rng(7), 40);
  for (let i = 0; i < 30; i++) {
    add({ id: i, source: i % 3 === 0 ? 'forum' : 'news', text: sentence(next, 12 + (i % 9)) });
    if (i === 3) bad('{"id": 900, "text": "unterminated string');
    if (i === 5 || i === 11 || i === 17 || i === 25) add({ id: 100 + i, source: 'news', text: repeated });
    if (i === 8 || i === 14 || i === 21) add({ id: 200 + i, source: 'forum', text: HOSTILE_TEXT });
    if (i === 9) bad('this line is not json at all');
    if (i === 12) lines.push('');
    if (i === 15) bad(`<script>window.__pwned='raw-line'</script>`);
    if (i === 19) add({ id: 300, source: 'news', text: nearBase });
    if (i === 23) add({ id: 301, source: 'news', text: nearBase.replace(/\.$/, ' walnut.') });
    if (i === 27) bad('{"id": 901, "text": "trailing comma",}');
  }
  const file = path.join(dir, 'chat.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, name: 'chat.jsonl', malformedLines, repeatedCount: 4, hostileCount: 3, firstLine: lines[0] };
}

/** second.jsonl.gz: 25 plain rows (a different seed) plus one malformed line, gzip-compressed. */
function writeSecond(dir) {
  const next = rng(1234);
  const lines = [];
  const malformedLines = [];
  for (let i = 0; i < 25; i++) {
    lines.push(JSON.stringify({ prompt: `question ${i}`, completion: sentence(next, 15) }));
    if (i === 6) {
      lines.push('{"prompt": broken}');
      malformedLines.push(lines.length);
    }
  }
  const file = path.join(dir, 'second.jsonl.gz');
  fs.writeFileSync(file, zlib.gzipSync(`${lines.join('\n')}\n`));
  return { file, name: 'second.jsonl.gz', malformedLines };
}

/**
 * big.jsonl: about 40 MB of synthetic rows, big enough that an analysis runs for several seconds, so the
 * progress notification and its Cancel button can be exercised.
 */
function writeBig(dir) {
  const file = path.join(dir, 'big.jsonl');
  const fd = fs.openSync(file, 'w');
  let buf = '';
  for (let i = 0; i < 160_000; i++) {
    const t = [];
    for (let j = 0; j < 30; j++)
      t.push(WORDS[(i * 7 + j * 13 + (i >> 3)) % WORDS.length] + (j % 5 ? '' : String(i % 997)));
    buf += `${JSON.stringify({ id: i, text: t.join(' ') })}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return { file, name: 'big.jsonl', malformedLines: [], bytes: fs.statSync(file).size };
}

/** medium.jsonl: about 6 MB, analysed to the end to measure the extension host's event-loop delay. */
function writeMedium(dir) {
  const file = path.join(dir, 'medium.jsonl');
  const next = rng(99);
  const rows = [];
  for (let i = 0; i < 30_000; i++)
    rows.push(
      JSON.stringify({ id: i, source: i % 4 ? 'web' : 'books', text: sentence(next, 25 + (i % 11)) }),
    );
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return { file, name: 'medium.jsonl', bytes: fs.statSync(file).size };
}

/**
 * homogeneous.jsonl: 300 rows. Odd lines (1, 3, …, 299) repeat one text: an exact cluster of 150 rows, more
 * than the report's 100 listed lines (its 101st member is line 201). Lines 2, 6, 10, … (75 rows, 25 % > 15 %)
 * open with "Certainly here is" followed by random words: a flagged template whose report lists only two example
 * lines. The other lines (4, 8, 12, …) are random sentences. `source` is "bot" / "forum" / "news" respectively,
 * so grouping by it flags the repetitive slices.
 */
function writeHomogeneous(dir) {
  const next = rng(2024);
  const rows = [];
  const repeated = 'I am sorry but I cannot help with that request today.';
  for (let i = 0; i < 300; i++) {
    if (i % 2 === 0) rows.push(JSON.stringify({ id: i, source: 'bot', text: repeated }));
    else if (i % 4 === 1)
      rows.push(JSON.stringify({ id: i, source: 'forum', text: `Certainly here is ${sentence(next, 14)}` }));
    else rows.push(JSON.stringify({ id: i, source: 'news', text: sentence(next, 16) }));
  }
  const file = path.join(dir, 'homogeneous.jsonl');
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return {
    file,
    name: 'homogeneous.jsonl',
    repeated,
    clusterSize: 150,
    memberBeyond100: 201,
    templateRows: 75,
    templateLine: 102,
  };
}

/**
 * lost-data.jsonl and lost-reference.jsonl: a dataset and a reference of the same common words, the reference
 * adding rare types the dataset never uses: 1,500 numbers seen 5× each, "platypus" 5×, "wombat" 3×, "kangaroo"
 * once. Most frequent first (ties A→Z), the report's 1,000 listed lost types are all numbers and "kangaroo" is
 * the 1,503rd: only a search over every lost type finds it.
 */
function writeLost(dir) {
  const words = (seed, rows) => {
    const next = rng(seed);
    return Array.from({ length: rows }, (_, i) => JSON.stringify({ id: i, text: sentence(next, 14) }));
  };
  const numbers = Array.from({ length: 1500 }, (_, i) => String(10_000 + i));
  const numberRows = [];
  for (let k = 0; k < 5; k++)
    for (let r = 0; r < 15; r++)
      numberRows.push(
        JSON.stringify({ id: 1000 + k * 15 + r, text: numbers.slice(r * 100, r * 100 + 100).join(' ') }),
      );
  const reference = [
    ...words(77, 60),
    ...numberRows,
    JSON.stringify({
      id: 2000,
      text: 'platypus platypus platypus platypus platypus wombat wombat wombat kangaroo',
    }),
  ];
  const data = words(78, 40);
  const files = {
    data: path.join(dir, 'lost-data.jsonl'),
    reference: path.join(dir, 'lost-reference.jsonl'),
  };
  fs.writeFileSync(files.data, `${data.join('\n')}\n`);
  fs.writeFileSync(files.reference, `${reference.join('\n')}\n`);
  return {
    file: files.data,
    name: 'lost-data.jsonl',
    referenceFile: files.reference,
    referenceName: 'lost-reference.jsonl',
    beyond: 'kangaroo',
    words: ['platypus', 'wombat', 'kangaroo'],
  };
}

/** Writes every fixture into `dir` (the workspace folder code-server opens). */
export function writeFixtures(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return {
    chat: writeChat(dir),
    second: writeSecond(dir),
    big: writeBig(dir),
    medium: writeMedium(dir),
    homogeneous: writeHomogeneous(dir),
    lost: writeLost(dir),
  };
}
