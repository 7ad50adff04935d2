import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TokenSpool } from '../../../../src/core/lexical/tokenSpool.ts';

function replay(spool: TokenSpool): number[] {
  const out: number[] = [];
  spool.forEachReverseBlock((block) => {
    for (let j = block.length - 1; j >= 0; j--) out.push(block[j]);
  });
  return out;
}

test('spool in memory: reverse replay', () => {
  const s = new TokenSpool();
  for (let i = 0; i < 10; i++) s.push(i * 3);
  assert.equal(s.spilled, false);
  assert.equal(s.length, 10);
  assert.deepEqual(replay(s), [27, 24, 21, 18, 15, 12, 9, 6, 3, 0]);
  s.dispose();
});

test('spool past its memory budget spills to a temp file, replays in reverse, and deletes it', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-spool-test-'));
  try {
    // 16 bytes = 4 ids in memory; 3-id read blocks (not a divisor of the file length)
    const s = new TokenSpool({ memoryBytes: 16, tmpDir: tmp, readBlockIds: 3 });
    for (let i = 0; i < 1000; i++) s.push(0xffffffff - i);
    assert.equal(s.spilled, true);
    assert.equal(s.length, 1000);
    const file = s.spillPath!;
    assert.ok(fs.existsSync(file));
    assert.equal(fs.statSync(file).size % 16, 0); // whole 4-id blocks of 4 bytes each
    const back = replay(s);
    assert.equal(back.length, 1000);
    for (let i = 0; i < 1000; i++) assert.equal(back[i], 0xffffffff - (999 - i));
    assert.deepEqual(replay(s), back); // replay is repeatable
    s.dispose();
    assert.equal(fs.existsSync(file), false);
    assert.deepEqual(fs.readdirSync(tmp), []);
    s.dispose(); // idempotent
    assert.throws(() => replay(s));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
