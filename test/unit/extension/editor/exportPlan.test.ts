/**
 * Export Report's decisions (src/extension/editor/exportPlan.ts; issue #15 items 13 and 14): a destination that is
 * the dataset — by path, symlink, hard link, `../`, or a case variant on a (simulated) case-insensitive file system —
 * or the reference, or a file of a folder dataset, is refused before anything is written; the default name is a safe
 * name from the dataset's name, in the dataset's folder, and never an existing file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import {
  defaultReportPath,
  exportTargetProblem,
  reportInputs,
} from '../../../../src/extension/editor/exportPlan.ts';
import { caseInsensitiveLookup } from '../../helpers/caseInsensitiveFs.ts';

const file = (fsPath: string) => ({ scheme: 'file', fsPath });

test('Export Report refuses the dataset (symlink, hard link, `../`, case variant), the reference and a folder dataset’s file', async () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dl-export-')));
  try {
    const ds = path.join(dir, 'ds.jsonl');
    const ref = path.join(dir, 'ref.jsonl');
    const rows = (k: number) =>
      Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({ text: `row ${i} of ${k} with words ${i * k}` }),
      ).join('\n') + '\n';
    fs.writeFileSync(ds, rows(1));
    fs.writeFileSync(ref, rows(2));
    const report = await analyzeFile(ds, { reference: { path: ref } });
    assert.deepEqual(reportInputs(ds, report), [ds, ref]);
    fs.symlinkSync(ds, path.join(dir, 'link.jsonl'));
    fs.linkSync(ds, path.join(dir, 'hard.jsonl'));
    fs.mkdirSync(path.join(dir, 'sub'));
    const before = fs.readFileSync(ds);
    for (const target of [
      ds,
      path.join(dir, 'link.jsonl'),
      path.join(dir, 'hard.jsonl'),
      `${dir}/sub/../ds.jsonl`,
      ref,
    ]) {
      const problem = await exportTargetProblem(file(target), ds, report);
      assert.match(problem ?? 'accepted', /^refusing to write .*: it is the input /, target);
    }
    // a case variant, where the file system folds case (simulated: see the helper)
    const ci = caseInsensitiveLookup(dir);
    assert.match(
      (await exportTargetProblem(file(path.join(dir, 'DS.JSONL')), ds, report, ci)) ?? '',
      /refusing/,
    );
    // not a local file; a directory
    assert.equal(
      await exportTargetProblem({ scheme: 'vscode-remote', fsPath: '/x.md' }, ds, report),
      'reports can only be written to local files.',
    );
    assert.match(
      (await exportTargetProblem(file(path.join(dir, 'sub')), ds, report)) ?? '',
      /is a directory/,
    );
    // a folder dataset: each of its files is an input
    const folderReport = { ...report, files: [{ ...report.file, path: ds }] } as typeof report;
    assert.match((await exportTargetProblem(file(ds), dir, folderReport)) ?? '', /refusing/);
    // a new file is fine
    assert.equal(await exportTargetProblem(file(path.join(dir, 'ds.diversity.md')), ds, report), null);
    assert.deepEqual(fs.readFileSync(ds), before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Export Report’s default name: `<name>.diversity.<ext>` beside the dataset, made safe, never an existing file', () => {
  const none = () => false;
  assert.equal(defaultReportPath('/d/chat.jsonl', 'md', none), '/d/chat.diversity.md');
  assert.equal(defaultReportPath('/d/chat.jsonl.gz', 'json', none), '/d/chat.diversity.json');
  assert.equal(defaultReportPath('/d/CON.jsonl', 'html', none), '/d/_CON.diversity.html');
  assert.equal(defaultReportPath('/d/\u202Egnp.jsonl', 'md', none), '/d/_gnp.diversity.md');
  const long = defaultReportPath(`/d/${'n'.repeat(300)}.jsonl`, 'json', none);
  assert.equal(path.dirname(long), '/d');
  assert.ok(Buffer.byteLength(path.basename(long)) <= 255);
  assert.ok(long.endsWith('.diversity.json'));
  const taken = new Set(['/d/chat.diversity.md', '/d/chat-2.diversity.md']);
  assert.equal(
    defaultReportPath('/d/chat.jsonl', 'md', (p) => taken.has(p)),
    '/d/chat-3.diversity.md',
  );
});
