// Row viewer's line reader (src/extension/panel/rowReader.ts): plain, gzip and zstd files (by their bytes, whatever
// their name), byte cap, missing lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { readRowText } from '../../../../src/extension/panel/rowReader.ts';
import { writeZstd } from '../../helpers/zstdFixture.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('rowreader-');
const lines = ['{"a":1}', '', '{"text":"héllo wörld"}\r', '{"last":true}'];
const plain = path.join(dir, 'd.jsonl');
fs.writeFileSync(plain, lines.join('\n')); // no final newline
const gz = path.join(dir, 'd.jsonl.gz');
fs.writeFileSync(gz, zlib.gzipSync(`${lines.join('\n')}\n`));

const gzNamedJsonl = path.join(dir, 'gz-named.jsonl');
fs.copyFileSync(gz, gzNamedJsonl);

test('reads the wanted line of a plain, a gzip and a zstd file, by content not name (CR dropped)', async () => {
  const zst = await writeZstd(path.join(dir, 'd.jsonl.zst'), `${lines.join('\n')}\n`);
  const zstNamedJsonl = await writeZstd(path.join(dir, 'zst-named.jsonl'), `${lines.join('\n')}\n`);
  for (const file of [plain, gz, gzNamedJsonl, zst, zstNamedJsonl]) {
    assert.deepEqual(await readRowText(file, 1, 1000), { text: '{"a":1}', truncated: false });
    assert.deepEqual(await readRowText(file, 2, 1000), { text: '', truncated: false });
    assert.deepEqual(await readRowText(file, 3, 1000), {
      text: '{"text":"héllo wörld"}',
      truncated: false,
    });
    assert.deepEqual(await readRowText(file, 4, 1000), { text: '{"last":true}', truncated: false });
    assert.equal(await readRowText(file, 9, 1000), null);
  }
});

test('caps the line at maxBytes and never leaves half a character', async () => {
  // line 3 bytes: {"text":"h = 10 bytes, then é is 2 bytes (C3 A9); a cap of 11 cuts inside é
  assert.deepEqual(await readRowText(plain, 3, 10), { text: '{"text":"h', truncated: true });
  assert.deepEqual(await readRowText(plain, 3, 11), { text: '{"text":"h', truncated: true });
  assert.deepEqual(await readRowText(plain, 3, 12), { text: '{"text":"hé', truncated: true });
});

test('a line spanning several 64 KiB chunks is assembled', async () => {
  const big = path.join(dir, 'big.jsonl');
  const long = 'x'.repeat(200_000);
  fs.writeFileSync(big, `{}\n${long}\n{}\n`);
  assert.deepEqual(await readRowText(big, 2, 300_000), { text: long, truncated: false });
  assert.deepEqual(await readRowText(big, 3, 10), { text: '{}', truncated: false });
});
