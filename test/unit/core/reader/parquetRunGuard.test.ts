/**
 * core/reader/parquetRunGuard.ts on hand-built hybrid sections: a length-prefixed section (a v1 page's levels) ends
 * where its length says, as hyparquet reads it, so bytes a writer leaves after the runs neither make a valid page
 * look corrupt nor hide a corrupt run that follows (#15 review).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hybridSectionOverrun } from '../../../../src/core/reader/parquetRunGuard.ts';

/** A reader over `bytes` at offset 0. */
const at = (bytes: number[]) => ({ view: new DataView(Uint8Array.from(bytes).buffer), offset: 0 });

/** Definition levels of 16 values (one RLE run of 16 × 1, header 16 << 1 = 0x20), then 3 bytes of padding, prefixed by their length (5). */
const paddedLevels = [5, 0, 0, 0, 0x20, 0x01, 0x01, 0xfe, 0x7f];

test('a length-prefixed section with bytes after its runs: the next section is read where hyparquet reads it', () => {
  // then the dictionary indices: bit width 1, one RLE run of 16 × 0
  const r = at([...paddedLevels, 0x01, 0x20, 0x00]);
  assert.equal(hybridSectionOverrun(r, 1, 16, true), null);
  assert.equal(r.offset, 9, 'after the 4-byte length and the 5 bytes it announces');
  const width = r.view.getUint8(r.offset++);
  assert.equal(width, 1);
  assert.equal(hybridSectionOverrun(r, width, 16, false), null, 'a valid page is not called corrupt');
});

test('a corrupt run after a padded section is still found', () => {
  // the indices: bit width 1, an RLE run of 100,000 values (varint 200,000 = c0 9a 0c) where 16 remain
  const r = at([...paddedLevels, 0x01, 0xc0, 0x9a, 0x0c, 0x00]);
  assert.equal(hybridSectionOverrun(r, 1, 16, true), null);
  const width = r.view.getUint8(r.offset++);
  assert.match(hybridSectionOverrun(r, width, 16, false) ?? '', /a run of 100000 values where 16 remain/);
});

test('an RLE run far past the page is reported; a bit-packed run padded to its group of 8 is not', () => {
  assert.match(
    hybridSectionOverrun(at([0xc0, 0x9a, 0x0c, 0x01]), 1, 16, false) ?? '',
    /a run of 100000 values/,
  );
  // bit-packed: header (1 group << 1) | 1 = 0x03, 8 values of width 1 in one byte; 5 values wanted
  assert.equal(hybridSectionOverrun(at([0x03, 0xff]), 1, 5, false), null);
});
