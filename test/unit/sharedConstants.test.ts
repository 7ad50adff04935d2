// Values that must be equal for "measured = projected" (issue #11, bug 5) are defined once and imported: the rows
// the shape is detected from (the analysis, its reference, the mix) and the template-share flag (the verdict, the
// editor's marks, the analysis' line marks, the mix's template drop). The n-gram hashes' names say what they take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_ROWS } from '../../src/core/pipeline/sampleView.ts';
import { TEMPLATE_SHARE_THRESHOLD } from '../../src/core/lineMarks/homogeneousLineMarks.ts';
import { VERDICT_RULES } from '../../src/core/report/verdict.ts';
import { buildMixModel } from '../../src/core/mix/buildMixModel.ts';
import * as hashing from '../../src/core/sketches/hashing.ts';
import * as minhash from '../../src/core/sketches/minhash.ts';
import { tempDir } from './helpers/tempDir.ts';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** Files of src/ that define (not import) a constant matching `re`. */
function definitions(re: RegExp): string[] {
  return sources(src)
    .filter((f) => re.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(src, f).split(path.sep).join('/'));
}

test('SAMPLE_ROWS and the template share threshold are each defined in one file', () => {
  assert.deepEqual(definitions(/\bconst SAMPLE_ROWS\b/), ['core/pipeline/sampleView.ts']);
  assert.deepEqual(definitions(/\bconst TEMPLATE_SHARE\w*\b/), ['core/lineMarks/homogeneousLineMarks.ts']);
  assert.equal(SAMPLE_ROWS, 200);
  assert.equal(
    TEMPLATE_SHARE_THRESHOLD,
    VERDICT_RULES.find((r) => r.measure === 'duplicates.templates.openings[0].share')?.watch,
  );
});

test("the mix model flags templates with the analysis' threshold", async () => {
  const dir = tempDir('dl-shared-');
  const ds = path.join(dir, 'ds.jsonl');
  const ref = path.join(dir, 'ref.jsonl');
  fs.writeFileSync(ds, '{"text":"alpha beta gamma delta"}\n{"text":"one two three four"}\n');
  fs.writeFileSync(ref, '{"text":"five six seven eight"}\n');
  const model = await buildMixModel(ds, ref);
  assert.equal(model.options.templateShare, TEMPLATE_SHARE_THRESHOLD);
});

test('the two id-window hashes have names that say whether they take (start, end) or (start, len)', () => {
  const ids = Uint32Array.of(5, 9, 11, 13);
  // hashing.ts: ids[start..end); minhash.ts: len ids from start
  assert.ok(
    !('hashIds' in hashing),
    "hashing.ts has no (start, end) function named like minhash.ts's (start, len) one",
  );
  assert.equal(hashing.hashIdsFromTo(ids, 1, 3, 7), hashing.hashIdsFromTo(Uint32Array.of(9, 11), 0, 2, 7));
  assert.equal(minhash.hashIds(ids, 1, 2), minhash.hashIds(Uint32Array.of(9, 11), 0, 2));
});
