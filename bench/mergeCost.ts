// The CPU cost of the serial merge of chunk partials, by part. Why: with every worker busy the main thread merges
// each chunk alone, and on a busy machine its wall time (timing.phases.merging) mostly measures waiting for a core;
// this analyses every chunk in this thread first, then times only the merge with process.cpuUsage (no other thread
// runs then). SRC is a src/ folder (this tree's, or an older commit's from `git archive <commit> src`), so two
// builds can be compared part by part.
// Usage: node --import tsx bench/mergeCost.ts [SRC] FILE [chunkBytes]   (SRC default: ../src; chunkBytes 32 MiB)
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/* eslint-disable @typescript-eslint/no-explicit-any -- the modules of another tree are loaded untyped */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const root = args.length >= 3 || (args[0] && statSync(args[0]).isDirectory()) ? args.shift()! : null;
  const src = root ?? fileURLToPath(new URL('../src', import.meta.url));
  const [file, cb] = args;
  const imp = (p: string): Promise<any> => import(`${src}/core/${p}`);
  const { resolveOptions } = await imp('pipeline/analyzeOptions.ts');
  const { getTokenizer } = await imp('tokenize/tokenizers.ts');
  const { readSampleView } = await imp('pipeline/sampleView.ts');
  const { planChunks } = await imp('pipeline/chunkPlan.ts');
  const { analyzeChunk } = await imp('pipeline/chunkAnalysis.ts');
  const { PassState } = await imp('pipeline/passState.ts');
  const options = {};
  const opts = resolveOptions(options);
  const size = statSync(file).size;
  const sampled = await readSampleView(file, options, opts.maxLineBytes);
  const chunks = await planChunks(file, size, Number(cb ?? 32 * 1024 * 1024));
  const partials: any[] = [];
  for (const c of chunks) partials.push(await analyzeChunk(file, c, options, { sample: sampled.sample }));
  const state = new PassState({
    tokenizer: getTokenizer(opts.tokenizer),
    opts,
    groupBy: [],
    chunk: false,
    fileBytes: size,
    lineMarks: false,
  });
  state.countSliceFields(sampled.sliceFields);
  state.startInstructions(sampled.sample);
  const part: Record<string, number> = {};
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const timed = <T>(k: string, f: () => T): T => {
    const a = cpu();
    const r = f();
    part[k] = (part[k] ?? 0) + cpu() - a;
    return r;
  };
  // the same steps as chunkMerge.ts mergeChunkPartial, each timed; distinct-n's union inside lexical separately
  const feed = state.feed;
  const dist = feed.lexical.distinct;
  const unionOf = dist.merge.bind(dist);
  dist.merge = (x: unknown): unknown => timed('lexical.distinct', () => unionOf(x));
  const t0 = cpu();
  for (const p of partials) {
    const remap = timed('vocab', () => feed.vocab.merge(p.vocab));
    timed('lexical', () => feed.lexical.merge(p.lexical, remap));
    timed('exact', () => feed.exact.merge(p.exact));
    timed('near', () => feed.near.merge(p.near));
    timed('templates', () => feed.templates.merge(p.templates, remap));
    timed('index', () => feed.index.merge(p.rows));
    timed('sliceFields', () => state.sliceFields.merge(p.sliceFields));
    timed('instructions', () => p.instructions && state.instructions?.merge(p.instructions));
  }
  const merge = cpu() - t0;
  const f0 = cpu();
  const lexical = await feed.lexical.finish();
  part['lexical.finish'] = cpu() - f0;
  state.dispose();
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  console.log(
    JSON.stringify({
      src,
      chunks: chunks.length,
      mergeCpu: round(merge),
      part: Object.fromEntries(Object.entries(part).map(([k, v]) => [k, round(v)])),
      mattr: lexical.mattr,
      mtld: lexical.mtld,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
