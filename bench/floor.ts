/**
 * The floor under the analysis on one core: how fast the analysis' own reader reads, parses and extracts the text view
 * of a file with nothing accumulated, and how fast it goes when the word tokenizer also interns every token into a
 * vocabulary (what a chunk does before any metric sees a row). Why: issue #10 asks ≥ 30 MB/s with `--workers 1`; a
 * one-worker analysis cannot be faster than the second figure, so this says how much of the gap the metrics are.
 *
 * Run by `npm run bench` (bench/run.mjs bundles it with esbuild); by hand:
 *   npx esbuild bench/floor.ts --bundle --platform=node --format=esm --outfile=/tmp/floor.mjs && node /tmp/floor.mjs FILE
 * Prints figures only; asserts nothing.
 */
import { statSync } from 'node:fs';
import { readJsonl } from '../src/core/reader/jsonlReader.ts';
import { readSampleView } from '../src/core/pipeline/sampleView.ts';
import { resolveOptions } from '../src/core/pipeline/analyzeOptions.ts';
import { DEFAULT_CHUNK_BYTES } from '../src/core/pipeline/chunkPlan.ts';
import { Vocabulary } from '../src/core/tokenize/vocabulary.ts';

/** One pass over `path`: rows, tokens, wall and CPU seconds. `tokenize`: intern every token, a fresh vocabulary per chunk. */
async function pass(
  path: string,
  tokenize: boolean,
): Promise<{ rows: number; tokens: number; wall: number; cpu: number }> {
  const { maxLineBytes } = resolveOptions({});
  const { view } = await readSampleView(path, {}, maxLineBytes);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const reader = readJsonl(path, { maxLineBytes });
  let vocab = new Vocabulary();
  let chunkEnd = DEFAULT_CHUNK_BYTES;
  let rows = 0;
  let tokens = 0;
  for await (const batch of reader.batches) {
    for (const rec of batch) {
      const text = view.extract(rec.value);
      rows++;
      if (tokenize) {
        tokens += vocab.addTextView(text).length;
        vocab.scannedKeys();
      }
    }
    // a chunk worker starts each chunk with an empty vocabulary
    if (reader.stats.bytesRead >= chunkEnd) {
      vocab = new Vocabulary();
      chunkEnd += DEFAULT_CHUNK_BYTES;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { rows, tokens, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const path = process.argv[2];
if (!path) {
  console.error('usage: floor FILE');
  process.exit(2);
}
const mb = statSync(path).size / 1e6;
for (const tokenize of [false, true]) {
  const r = await pass(path, tokenize);
  const what = tokenize ? 'read + parse + view + word tokens interned' : 'read + parse + view';
  console.log(
    `  floor, one core, ${what}: ${(mb / r.wall).toFixed(1)} MB/s (${r.wall.toFixed(1)} s, ${r.cpu.toFixed(1)} CPU-s, ${r.rows} rows${tokenize ? `, ${r.tokens} tokens` : ''})`,
  );
}
