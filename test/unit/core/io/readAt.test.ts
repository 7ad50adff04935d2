// readAt (src/core/io/readAt.ts): a positioned read that returns every byte asked for, or fewer only at the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { open } from 'node:fs/promises';
import { readAt } from '../../../../src/core/io/readAt.ts';
import { tempDir } from '../../helpers/tempDir.ts';

test('readAt: the bytes at a position; fewer only past the end; none at or past it', async () => {
  const file = path.join(tempDir('dl-readat-'), 'f.bin');
  fs.writeFileSync(file, 'abcdefghij');
  const fh = await open(file, 'r');
  try {
    assert.equal((await readAt(fh, 2, 3)).toString(), 'cde');
    assert.equal((await readAt(fh, 7, 10)).toString(), 'hij');
    assert.equal((await readAt(fh, 10, 4)).length, 0);
    assert.equal((await readAt(fh, 0, 0)).length, 0);
  } finally {
    await fh.close();
  }
});
