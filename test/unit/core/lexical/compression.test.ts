import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import {
  CompressionCounter,
  compressionRatio,
  sampledBlock,
} from '../../../../src/core/lexical/compression.ts';

test('compression ratio of a small known string is text.length / gzipSync(text, level 6).length', async () => {
  const text = 'the cat sat on the mat the cat sat on the mat the cat sat on the hat';
  const c = new CompressionCounter();
  c.addText(text);
  const r = await c.finish();
  const gz = zlib.gzipSync(text, { level: 6 }).length;
  assert.equal(r.rawBytes, text.length); // ASCII: bytes = characters
  assert.equal(r.compressedBytes, gz);
  assert.equal(r.ratio, text.length / gz);
  assert.equal(compressionRatio([text]), text.length / gz);
});

test('rows are joined with exactly one space (empty rows included); UTF-8 bytes are counted', async () => {
  const rows = ['héllo wörld', '', 'hello  world', 'ünïcode ✓'];
  const joined = 'héllo wörld  hello  world ünïcode ✓'; // rows.join(' ') written out
  assert.equal(rows.join(' '), joined);
  const bytes = Buffer.byteLength(joined, 'utf8');
  assert.equal(bytes, joined.length + 6); // é ö ü ï: 2 bytes each (+4), ✓ (U+2713): 3 bytes (+2)
  const c = new CompressionCounter();
  for (const r of rows) c.addText(r);
  const r = await c.finish();
  assert.equal(r.rawBytes, bytes);
  assert.equal(r.ratio, bytes / zlib.gzipSync(joined, { level: 6 }).length);
});

test('no text ⇒ ratio null; finish twice throws', async () => {
  const c = new CompressionCounter();
  assert.deepEqual(await c.finish(), { ratio: null, rawBytes: 0, compressedBytes: 0 });
  await assert.rejects(() => c.finish());
  const one = new CompressionCounter();
  one.addText('');
  assert.equal((await one.finish()).ratio, null);
});

test('streamed through the gzip thread in small chunks it equals the one-shot value', async () => {
  // ~300 KB of semi-repetitive text in 1000-byte chunks, at most 4000 bytes in flight (backpressure waits)
  const rows: string[] = [];
  let s = 7;
  for (let i = 0; i < 6000; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    rows.push(`row ${i} value ${(s >>> 10) % 997} — ${'ab'.repeat((s >>> 4) % 7)} tail`);
  }
  const c = new CompressionCounter({ chunkBytes: 1000, maxInFlightBytes: 4000 });
  for (const r of rows) c.addText(r);
  const r = await c.finish();
  const joined = rows.join(' ');
  const gz = zlib.gzipSync(joined, { level: 6 });
  assert.equal(r.rawBytes, Buffer.byteLength(joined));
  assert.equal(r.compressedBytes, gz.length);
  assert.equal(r.ratio, compressionRatio(rows));
});

test('dispose abandons a streamed measurement', async () => {
  const c = new CompressionCounter({ chunkBytes: 100 });
  for (let i = 0; i < 50; i++) c.addText('some text that is long enough to cross the chunk size ' + i);
  c.dispose();
  assert.throws(() => c.addText('x'));
});

test('sampledBlock: block 0, then exactly one block in every group of `every`, seeded; never fewer than 1/every', () => {
  for (const every of [1, 2, 4, 8]) {
    for (const salt of [0, 1, -7, 123456789]) {
      let kept = 0;
      let groupKept = 0;
      for (let ordinal = 0; ordinal < 200; ordinal++) {
        const k = sampledBlock(ordinal, every, salt);
        if (ordinal === 0) assert.equal(k, true);
        if (k) kept++;
        if (ordinal > 0 && k) groupKept++;
        // a group of `every` later blocks (ordinals 1…every, every+1…2·every, …) ends: exactly one of them was kept
        if (ordinal > 0 && ordinal % every === 0) {
          assert.equal(groupKept, 1, `every ${every}, salt ${salt}, group ending at ${ordinal}`);
          groupKept = 0;
        }
        // the first ordinal + 1 blocks keep at least 1 + ⌊ordinal / every⌋ ≥ (ordinal + 1) / every of themselves
        assert.ok(
          kept >= 1 + Math.floor(ordinal / every),
          `every ${every}, salt ${salt}, ${kept} of ${ordinal + 1}`,
        );
      }
    }
  }
  // the position within a group depends on the salt (chunks sample different blocks)
  const picks = (salt: number) => [...Array(64).keys()].filter((o) => sampledBlock(o, 8, salt)).join(',');
  assert.notEqual(picks(0), picks(1));
  assert.equal(picks(5), picks(5));
});

test('sampleRate must be 1/p for a whole number p', () => {
  for (const bad of [0, -1, 0.3, 1.5, Number.NaN])
    assert.throws(() => new CompressionCounter({ sampleRate: bad }), RangeError);
  assert.doesNotThrow(() => new CompressionCounter({ sampleRate: 1 / 8 }));
});

test('sampleRate 1/4: block 0 and one seeded block in every 4 later ones are gzipped; the ratio stays close', async () => {
  // 24,000 rows of mixed prose (~2.9 MB), 64 KiB blocks (≥ deflate's 32 KiB window): ~45 blocks, 12 kept
  const words =
    'the quick brown fox jumps over a lazy dog while seven wizards quietly hex jolly bumpkins'.split(' ');
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  const texts = Array.from({ length: 24000 }, () =>
    Array.from({ length: 20 }, () => words[Math.floor(rnd() * words.length)]).join(' '),
  );
  const full = new CompressionCounter({ chunkBytes: 65536 });
  const sampled = new CompressionCounter({ chunkBytes: 65536, sampleRate: 0.25 });
  const again = new CompressionCounter({ chunkBytes: 65536, sampleRate: 0.25 });
  for (const t of texts) {
    full.addText(t);
    sampled.addText(t);
    again.addText(t);
  }
  const a = await full.finish();
  const b = await sampled.finish();
  const c = await again.finish();
  assert.equal(full.sampled, false);
  assert.equal(sampled.sampled, true);
  assert.deepEqual(b, c); // the choice depends on block ordinals only
  const total = Buffer.byteLength(texts.join(' '));
  assert.equal(a.rawBytes, total);
  // blocks are 64 KiB (the last one less): 1 + ⌊(B − 1)/4⌋ or one more of the B blocks are kept
  const blocks = Math.ceil(total / 65536);
  const least = 1 + Math.floor((blocks - 1) / 4);
  assert.ok(
    b.rawBytes >= (least - 1) * 65536 && b.rawBytes <= (least + 1) * 66000,
    `kept ${b.rawBytes} of ${total} (${blocks} blocks)`,
  );
  assert.ok(Math.abs(b.ratio! / a.ratio! - 1) < 0.01, `${b.ratio} vs ${a.ratio}`);
  // one block only (everything fits the buffer): never sampled
  const small = new CompressionCounter({ sampleRate: 0.25 });
  small.addText('short text');
  await small.finish();
  assert.equal(small.sampled, false);
});

test('rows encoded straight into block buffers: sizes and ratio equal the joined text (Unicode, lone surrogates, empty and huge rows, every block size)', async () => {
  let seed = 77;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 8) / 16777216;
  const pieces = [
    '',
    'a',
    'Hello world',
    'déjà vu',
    '中文字符',
    '😀',
    '\ud83d',
    '\ude00x',
    ' ',
    'é'.repeat(50),
  ];
  const texts: string[] = [];
  for (let i = 0; i < 300; i++) {
    const n = Math.floor(rnd() * 6);
    let s = '';
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rnd() * pieces.length)];
    texts.push(s);
  }
  texts.splice(150, 0, 'x'.repeat(70000) + '→'.repeat(30000)); // a row larger than the block and the buffer
  const joined = Buffer.from(texts.join(' '), 'utf8');
  const want = joined.length / zlib.gzipSync(joined, { level: 6 }).length;
  for (const chunkBytes of [1, 7, 4096, 65536, 1 << 20]) {
    const c = new CompressionCounter({ chunkBytes });
    for (const t of texts) c.addText(t);
    assert.equal(c.bytesIn, joined.length, `chunkBytes ${chunkBytes}`);
    const r = await c.finish();
    assert.equal(r.rawBytes, joined.length);
    assert.equal(r.ratio, want, `chunkBytes ${chunkBytes}`);
  }
  // sampled: a skipped block's rows are only measured (not encoded); the blocks, and so the kept bytes, are the same
  for (const every of [2, 4, 8]) {
    for (const chunkBytes of [1, 7, 4096, 65536]) {
      // reference: cut the joined bytes into blocks by the rule (a block ends once it holds ≥ chunkBytes bytes)
      const kept: Buffer[] = [];
      let block: Buffer[] = [];
      let blockBytes = 0;
      let ordinal = 0;
      const end = () => {
        if (sampledBlock(ordinal++, every, 0)) kept.push(...block);
        block = [];
        blockBytes = 0;
      };
      texts.forEach((t, i) => {
        const b = Buffer.from((i > 0 ? ' ' : '') + t, 'utf8');
        block.push(b);
        blockBytes += b.length;
        if (blockBytes >= chunkBytes) end();
      });
      if (blockBytes > 0) end();
      const keptBytes = Buffer.concat(kept);
      const c = new CompressionCounter({ chunkBytes, sampleRate: 1 / every });
      for (const t of texts) c.addText(t);
      const r = await c.finish();
      const label = `every ${every}, chunkBytes ${chunkBytes}`;
      assert.equal(c.sampled, ordinal > 1 && keptBytes.length < joined.length, label);
      assert.equal(r.rawBytes, keptBytes.length, label);
      assert.equal(r.compressedBytes, zlib.gzipSync(keptBytes, { level: 6 }).length, label);
    }
  }
});
