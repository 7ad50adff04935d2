/** `diversity-lens analyze`: argument parsing, running the core analysis, writing the outputs, gates. */
import { parseArgs } from 'node:util';
import { extname } from 'node:path';
import { analyzeFile, type AnalyzeOptions } from '../core/pipeline/analyze.ts';
import { writeTextAtomically } from '../core/io/atomicWrite.ts';
import { renderMarkdown } from '../core/report/markdown.ts';
import { evaluateGates, parseGate } from '../core/report/gates.ts';
import { renderSummary } from './summary.ts';
import { UsageError } from './usageError.ts';
import { chunkWorkerScript } from '../worker/chunkWorkerScript.ts';

export const ANALYZE_USAGE = `usage: diversity-lens analyze <file.jsonl[.gz]> [--field P]... [--view full] [--tokenizer word|wink]
       [--strict] [--max-line-bytes N] [--group-by P]... [--reference FILE [--reference-field P]...]
       [--mattr-window N] [--near-threshold T] [--tail-max K] [--min-slice-rows N]
       [--workers N] [--chunk-bytes N] [--fail-on RULE]... [--json | --markdown] [--out FILE] [--quiet]`;

/** Runs the command; returns the process exit code (0 done, 1 a gate failed). Throws UsageError for 2. */
export async function runAnalyze(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      field: { type: 'string', multiple: true },
      view: { type: 'string' },
      tokenizer: { type: 'string' },
      strict: { type: 'boolean' },
      'max-line-bytes': { type: 'string' },
      'group-by': { type: 'string', multiple: true },
      reference: { type: 'string' },
      'reference-field': { type: 'string', multiple: true },
      'mattr-window': { type: 'string' },
      'near-threshold': { type: 'string' },
      'tail-max': { type: 'string' },
      'min-slice-rows': { type: 'string' },
      workers: { type: 'string' },
      'chunk-bytes': { type: 'string' },
      'fail-on': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      out: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`expected exactly one dataset file\n${ANALYZE_USAGE}`);
  if (values.json && values.markdown) throw new UsageError('--json and --markdown are exclusive');
  const file = positionals[0];
  const gates = (values['fail-on'] ?? []).map((g) => {
    try {
      return parseGate(g);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const options: AnalyzeOptions = {
    fields: values.field,
    view: parseChoice(values.view, ['default', 'full'], '--view'),
    tokenizer: parseChoice(values.tokenizer, ['word', 'wink'], '--tokenizer'),
    strict: values.strict,
    maxLineBytes: parseNumber(values['max-line-bytes'], '--max-line-bytes', { min: 1, integer: true }),
    groupBy: values['group-by'],
    reference: values.reference ? { path: values.reference, fields: values['reference-field'] } : undefined,
    mattrWindow: parseNumber(values['mattr-window'], '--mattr-window', { min: 1, integer: true }),
    nearThreshold: parseNumber(values['near-threshold'], '--near-threshold', { min: 0.01, max: 1 }),
    tailMax: parseNumber(values['tail-max'], '--tail-max', { min: 1, integer: true }),
    minSliceRows: parseNumber(values['min-slice-rows'], '--min-slice-rows', { min: 1, integer: true }),
    workers: parseNumber(values.workers, '--workers', { min: 1, max: 256, integer: true }),
    chunkBytes: parseNumber(values['chunk-bytes'], '--chunk-bytes', { min: 1024, integer: true }),
  };
  if (!values.reference && values['reference-field']) throw new UsageError('--reference-field needs --reference');

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
    else if (ext === '.md' || values.markdown) await writeTextAtomically(values.out, renderMarkdown(report), { mkdir: true });
    else {
      await writeTextAtomically(`${values.out}.json`, json, { mkdir: true });
      await writeTextAtomically(`${values.out}.md`, renderMarkdown(report), { mkdir: true });
    }
  }
  if (values.json && !values.out) process.stdout.write(json);
  else if (values.markdown && !values.out) process.stdout.write(renderMarkdown(report));
  else if (!values.quiet) process.stdout.write(renderSummary(report));
  if (values.out && !values.quiet) process.stderr.write(`report written: ${values.out}${extname(values.out) ? '' : '.json, .md'}\n`);

  const results = evaluateGates(report, gates);
  const missing = results.filter((r) => r.missing);
  if (missing.length) throw new UsageError(`--fail-on ${missing.map((r) => r.message).join('; ')}`);
  for (const r of results) if (r.broken) process.stderr.write(`gate failed: ${r.message}\n`);
  return results.some((r) => r.broken) ? 1 : 0;
}

function parseChoice<T extends string>(v: string | undefined, choices: readonly T[], flag: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`${flag} must be one of ${choices.join(', ')} (got "${v}")`);
  return v as T;
}

function parseNumber(v: string | undefined, flag: string, o: { min?: number; max?: number; integer?: boolean }): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (o.integer && !Number.isInteger(n)) || (o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
    throw new UsageError(`${flag} expects ${o.integer ? 'an integer' : 'a number'}${o.min !== undefined ? ` ≥ ${o.min}` : ''}${o.max !== undefined ? ` ≤ ${o.max}` : ''} (got "${v}")`);
  }
  return n;
}
