/**
 * CPU time of the chunk hot path alone: analyzeChunk (what each chunk worker runs) over the first N chunks of a file,
 * in this thread, with no merge, no finish and no launcher. Why: whole runs on this shared machine vary by 10–20 %
 * from one run to the next, more than most hot-path changes gain; two builds of this script run alternately (one from
 * a `git worktree` of the old commit) compare the change itself (docs/performance.md, session 19).
 *
 *   npx esbuild bench/chunkCpu.ts --bundle --platform=node --format=esm --external:./winkModel.js \
 *     --outfile=/tmp/chunkCpu.mjs && node /tmp/chunkCpu.mjs FILE [ROUNDS=2] [CHUNKS=2]
 *
 * Run it with the launcher's malloc settings (MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=8388608
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1) to measure what the CLI's command does. CHUNK_MIB=N cuts chunks of N MiB
 * instead of the default 32 (session 20: 8 chunks of 8 MiB took 12 % more CPU than 2 of 32 MiB). Prints figures;
 * asserts nothing.
 */
import { statSync } from 'node:fs';
import { analyzeChunk } from '../src/core/pipeline/chunkAnalysis.ts';
import { planChunks } from '../src/core/pipeline/chunkPlan.ts';

const [path, roundsArg = '2', chunksArg = '2'] = process.argv.slice(2);
if (!path) {
  console.error('usage: chunkCpu FILE [ROUNDS] [CHUNKS]');
  process.exit(2);
}
const chunkMiB = Number(process.env.CHUNK_MIB ?? 32);
const chunks = (await planChunks(path, statSync(path).size, chunkMiB * 1024 * 1024)).slice(
  0,
  Number(chunksArg),
);
const bytes = chunks.reduce((n, c) => n + c.end - c.start, 0);
for (let round = 0; round < Number(roundsArg); round++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let tokenizing = 0;
  let accumulating = 0;
  let total = 0;
  for (const chunk of chunks) {
    const p = await analyzeChunk(path, chunk, {});
    tokenizing += p.ms.tokenizing;
    accumulating += p.ms.accumulating;
    total += p.ms.total;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${chunks.length} chunks, ${(bytes / 1e6).toFixed(0)} MB: ${cpuS.toFixed(2)} CPU-s (${(bytes / 1e6 / cpuS).toFixed(1)} MB per CPU-s), wall ${((performance.now() - t0) / 1000).toFixed(2)} s; tokenizing ${(tokenizing / 1000).toFixed(2)} s, accumulating ${(accumulating / 1000).toFixed(2)} s, reading and the rest ${((total - tokenizing - accumulating) / 1000).toFixed(2)} s`,
  );
}
