/** `diversity-lens analyze`: argument parsing, running the core analysis, writing the outputs, gates. */
import { extname } from 'node:path';
import { analyzeFile } from '../core/pipeline/analyze.ts';
import { writeTextAtomically } from '../core/io/atomicWrite.ts';
import { renderMarkdown } from '../core/report/markdown.ts';
import { evaluateGates, parseGate } from '../core/report/gates.ts';
import { renderSummary } from './summary.ts';
import { UsageError } from './usageError.ts';
import { analysisFlagConfig, analysisOptionsFromFlags, parseCommandArgs } from './optionFlags.ts';
import { ANALYZE_USAGE } from './help.ts';
import { chunkWorkerScript } from '../worker/chunkWorkerScript.ts';

/** CLI flags of `analyze` that are not analysis options (output and gates). */
export const OUTPUT_FLAGS = {
  'fail-on': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

/** Parses `analyze`'s arguments: the dataset, the analysis options, the gates and the output flags. Throws UsageError. */
export function parseAnalyzeArgs(argv: string[]) {
  const { values, positionals } = parseCommandArgs('analyze', {
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...analysisFlagConfig(), ...OUTPUT_FLAGS },
  });
  if (positionals.length !== 1)
    throw new UsageError(
      `expected exactly one dataset file, got ${positionals.length} (${ANALYZE_USAGE}; see: diversity-lens analyze --help)`,
    );
  if (values.json && values.markdown) throw new UsageError('--json and --markdown are exclusive');
  const gates = ((values['fail-on'] as string[] | undefined) ?? []).map((g) => {
    try {
      return parseGate(g);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const options = analysisOptionsFromFlags(values);
  const output = {
    json: values.json === true,
    markdown: values.markdown === true,
    out: values.out as string | undefined,
    quiet: values.quiet === true,
  };
  return { file: positionals[0], options, gates, output };
}

/** Runs the command; returns the process exit code (0 done, 1 a gate failed). Throws UsageError for 2. */
export async function runAnalyze(argv: string[]): Promise<number> {
  const { file, options, gates, output: values } = parseAnalyzeArgs(argv);

  const showProgress = process.stderr.isTTY && !values.quiet;
  let lastDraw = 0;
  const report = await analyzeFile(file, options, {
    chunkWorker: chunkWorkerScript(),
    onProgress: showProgress
      ? (p) => {
          const now = Date.now();
          if (now - lastDraw < 200) return;
          lastDraw = now;
          const pct = p.totalBytes ? ((100 * p.bytesRead) / p.totalBytes).toFixed(0) : '?';
          process.stderr.write(`\r${p.phase} ${pct}% (${p.rows.toLocaleString('en-US')} rows)   `);
        }
      : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');

  const json = JSON.stringify(report, null, 2) + '\n';
  if (values.out) {
    const ext = extname(values.out).toLowerCase();
    if (ext === '.json' || values.json) await writeTextAtomically(values.out, json, { mkdir: true });
    else if (ext === '.md' || values.markdown)
      await writeTextAtomically(values.out, renderMarkdown(report), { mkdir: true });
    else {
      await writeTextAtomically(`${values.out}.json`, json, { mkdir: true });
      await writeTextAtomically(`${values.out}.md`, renderMarkdown(report), { mkdir: true });
    }
  }
  if (values.json && !values.out) process.stdout.write(json);
  else if (values.markdown && !values.out) process.stdout.write(renderMarkdown(report));
  else if (!values.quiet) process.stdout.write(renderSummary(report));
  if (values.out && !values.quiet)
    process.stderr.write(`report written: ${values.out}${extname(values.out) ? '' : '.json, .md'}\n`);

  const results = evaluateGates(report, gates);
  const missing = results.filter((r) => r.missing);
  if (missing.length) throw new UsageError(`--fail-on ${missing.map((r) => r.message).join('; ')}`);
  for (const r of results) if (r.broken) process.stderr.write(`gate failed: ${r.message}\n`);
  return results.some((r) => r.broken) ? 1 : 0;
}
