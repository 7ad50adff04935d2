// The Group by suggestions of an analysis describe the whole file (#12): a field whose first rows hold one or two
// values but the file five is suggested with its five values and their counts, in one pass and in chunks alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { SAMPLE_ROWS } from '../../../../src/core/pipeline/sampleView.ts';
import { makeTempDir } from '../../helpers/readerHelpers.ts';

const tmp = makeTempDir();

/** 500 rows sorted by `dataset` (2 values in the first 200 rows, 5 in all) and `category` (1 value, then 8). */
function sortedFile(): string {
  const rows: string[] = [];
  for (let i = 0; i < 500; i++) {
    const dataset = ['helpful_base', 'koala', 'oasst', 'selfinstruct', 'vicuna'][
      Math.min(4, Math.floor(i / 100))
    ];
    const category = i < 250 ? 'open_qa' : `cat${i % 7}`;
    rows.push(JSON.stringify({ instruction: `question number ${i} about things`, dataset, category }));
  }
  return tmp.file('sorted.jsonl', `${rows.join('\n')}\n`);
}

test('slice candidates count the values of the whole file, not of its first rows', async () => {
  const file = sortedFile();
  assert.ok(SAMPLE_ROWS <= 200, 'the premise: the first rows end before the third dataset value');
  const one = await analyzeFile(file);
  const dataset = one.sliceCandidates.find((c) => c.field === 'dataset');
  assert.deepEqual(
    [dataset?.distinct, dataset?.coverage, dataset?.top.map((t) => t.rows)],
    [5, 1, [100, 100, 100, 100, 100]],
  );
  const category = one.sliceCandidates.find((c) => c.field === 'category');
  assert.equal(category?.distinct, 8, 'one value in the first rows, 8 in the file: suggested');
  assert.deepEqual(category?.top[0], { value: 'open_qa', rows: 250 });
  // chunked (in-thread chunks of ~1 KiB): the same suggestions
  const chunked = await analyzeFile(file, { chunkBytes: 1024 });
  assert.ok((chunked.timing?.chunks ?? 0) > 1, 'the file was read in several chunks');
  assert.deepEqual(chunked.sliceCandidates, one.sliceCandidates);
});
