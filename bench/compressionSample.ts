// Checks the sampled compression ratio (1 MiB blocks: block 0 and one in every 8, files over 256 MiB) against the full
// ratio on a corpus, chunk by chunk exactly as the analysis measures it (chunkPlan.ts + CompressionCounter).
// Usage: node --import tsx bench/compressionSample.ts corpus.jsonl [chunkBytes]
import { statSync } from 'node:fs';
import { planChunks } from '../src/core/pipeline/chunkPlan.ts';
import { readJsonl } from '../src/core/reader/jsonlReader.ts';
import { CompressionCounter } from '../src/core/lexical/compression.ts';
import { readSampleView } from '../src/core/pipeline/sampleView.ts';
import { COMPRESSION_SAMPLE_RATE } from '../src/core/pipeline/rowFeed.ts';

async function main(): Promise<void> {
  const file = process.argv[2];
  const chunkBytes = Number(process.argv[3] ?? 32 * 1024 * 1024);
  const chunks = await planChunks(file, statSync(file).size, chunkBytes);
  const { view } = await readSampleView(file, {}, 16 * 1024 * 1024);
  const totals = { full: [0, 0], sampled: [0, 0] };
  for (const c of chunks) {
    const full = new CompressionCounter({ level: 6 });
    const sampled = new CompressionCounter({
      level: 6,
      sampleRate: COMPRESSION_SAMPLE_RATE,
      sampleSeed: c.start,
    });
    for await (const batch of readJsonl(file, { start: c.start, end: c.end, firstLine: c.firstLine })
      .batches) {
      for (const rec of batch) {
        const text = view.extract(rec.value);
        full.addText(text);
        sampled.addText(text);
      }
    }
    const a = await full.finish();
    const b = await sampled.finish();
    totals.full[0] += a.rawBytes;
    totals.full[1] += a.compressedBytes;
    totals.sampled[0] += b.rawBytes;
    totals.sampled[1] += b.compressedBytes;
  }
  const rFull = totals.full[0] / totals.full[1];
  const rSampled = totals.sampled[0] / totals.sampled[1];
  console.log(
    `${chunks.length} chunks; full ratio ${rFull.toFixed(5)} over ${totals.full[0]} bytes; sampled ${rSampled.toFixed(5)} over ${totals.sampled[0]} bytes (${((100 * totals.sampled[0]) / totals.full[0]).toFixed(1)}%); difference ${((100 * (rSampled - rFull)) / rFull).toFixed(3)}%`,
  );
}

void main();
