// analyzeFile disposes every accumulator whatever step fails: a cancel while the reference is read (after the
// pass, before the slices finish) used to leave the slices' MTLD spool directories in the temp dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { SPOOL_PREFIX } from '../../../../src/core/lexical/tokenSpool.ts';
import { SLICE_SPOOL_BYTES } from '../../../../src/core/slices/sliceState.ts';
import { rng as mulberry32 } from '../../helpers/testRng.ts';

const ours = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`${SPOOL_PREFIX}${process.pid}-`));

test('a cancel while the reference is read leaves no spool directory of the slices behind', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-analyze-cleanup-'));
  const rnd = mulberry32(7);
  const word = () => `w${Math.floor(rnd() * 5000)}`;
  // slice "a" holds more token ids than a slice keeps in memory (SLICE_SPOOL_BYTES / 4), so its spool goes to disk
  const perRow = 120;
  const rowsA = Math.ceil(SLICE_SPOOL_BYTES / 4 / perRow) + 500;
  const lines: string[] = [];
  for (let i = 0; i < rowsA; i++)
    lines.push(JSON.stringify({ text: Array.from({ length: perRow }, word).join(' '), source: 'a' }));
  for (let i = 0; i < 100; i++)
    lines.push(JSON.stringify({ text: Array.from({ length: perRow }, word).join(' '), source: 'b' }));
  const data = path.join(dir, 'data.jsonl');
  fs.writeFileSync(data, lines.join('\n') + '\n');
  const ref = path.join(dir, 'ref.jsonl');
  fs.writeFileSync(
    ref,
    Array.from({ length: 20000 }, () =>
      JSON.stringify({ text: Array.from({ length: 40 }, word).join(' ') }),
    ).join('\n') + '\n',
  );

  const before = ours();
  const controller = new AbortController();
  let spooledDuringRun: string[] = [];
  await assert.rejects(
    analyzeFile(
      data,
      { groupBy: ['source'], reference: { path: ref } },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase !== 'reference' || controller.signal.aborted) return;
          spooledDuringRun = ours().filter((n) => !before.includes(n));
          controller.abort();
        },
      },
    ),
  );
  assert.ok(controller.signal.aborted, 'the reference was being read when the run was cancelled');
  assert.ok(
    spooledDuringRun.length > 0,
    'a slice spooled its ids to disk during the pass (the premise of the test)',
  );
  assert.deepEqual(
    ours().filter((n) => !before.includes(n)),
    [],
    'no spool directory left after the cancel',
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
