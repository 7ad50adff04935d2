// Export Report's write (src/extension/editor/reportFile.ts; issue #15 item 12): a disk that fills up mid-write
// leaves the previous export as it was and no temporary file, and the user's message names the file and says so;
// the dataset itself is never overwritten; any other failure is worded for the user too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { writeReportFile } from '../../../../src/extension/editor/reportFile.ts';
import { injectDiskFull } from '../../helpers/diskFull.ts';

test('Export Report: disk full mid-write keeps the previous export, leaves no temporary file, and says so', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-reportfile-'));
  try {
    const data = path.join(dir, 'd.jsonl');
    fs.writeFileSync(data, '{"text":"alpha beta"}\n{"text":"alpha beta"}\n{"text":"gamma"}\n');
    const report = await analyzeFile(data);
    for (const format of ['md', 'json', 'html'] as const) {
      const target = path.join(dir, `d.diversity.${format}`);
      await writeReportFile(target, data, report, format);
      const before = fs.readFileSync(target, 'utf8');
      assert.ok(before.length > 100);
      const full = injectDiskFull((p) => path.basename(p).startsWith(`.d.diversity.${format}.`));
      try {
        await assert.rejects(
          writeReportFile(target, data, report, format),
          /^Error: the report could not be written: no space left on the disk \(ENOSPC\) while writing .*d\.diversity\.\w+; the previous file is unchanged/,
        );
      } finally {
        full.restore();
      }
      assert.equal(full.opened.length, 1, 'the write reached the disk');
      assert.equal(fs.readFileSync(target, 'utf8'), before, `the previous ${format} export is intact`);
    }
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'd.diversity.html',
      'd.diversity.json',
      'd.diversity.md',
      'd.jsonl',
    ]);
    // the dataset is refused; a folder in the way is a failure worded for the user
    await assert.rejects(writeReportFile(data, data, report, 'md'), /refusing to overwrite the dataset/);
    fs.mkdirSync(path.join(dir, 'x.md'));
    await assert.rejects(
      writeReportFile(path.join(dir, 'x.md'), data, report, 'md'),
      /the report could not be written to .*x\.md: is a folder.*The previous file, if any, is unchanged\./,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
