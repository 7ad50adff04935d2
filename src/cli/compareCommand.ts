/**
 * `diversity-lens compare A B C … [--baseline A] [--field P]… [--json|--markdown] [--out F]`: several datasets side by
 * side with the trend verdict along the order (issue #17). Argument parsing, the cache flags and the outputs; the
 * comparison itself is src/core/compare/compareDatasets.ts.
 */
import { extname } from 'node:path';
import { compareDatasets, CompareInputError } from '../core/compare/compareDatasets.ts';
import { renderCompareMarkdown, renderCompareTable } from '../core/compare/compareRender.ts';
import { assertNotAnInput, UnsafeOutputError } from '../core/mix/pathGuard.ts';
import { resolveDatasetFiles } from '../core/pipeline/datasetFiles.ts';
import { chunkWorkerScript } from '../worker/chunkWorkerScript.ts';
import { UsageError } from './usageError.ts';
import { analysisFlagConfig, analysisOptionsFromFlags, parseCommandLine } from './optionFlags.ts';
import { COMPARE_KEYS, COMPARE_USAGE } from './help.ts';
import { progressLine, REPORT_OUTPUT_FLAGS, writeReportFiles } from './reportOutput.ts';

/** The analysis options that apply to a comparison; defined beside the help text, which lists the same. */
export { COMPARE_KEYS };

/** `compare`'s flags that are not analysis options. */
export const COMPARE_FLAGS = {
  baseline: { type: 'string' },
  ...REPORT_OUTPUT_FLAGS,
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

/** Parses `compare`'s arguments. Throws UsageError. */
export function parseCompareArgs(argv: string[]) {
  const { values, positionals } = parseCommandLine('compare', argv, {
    ...analysisFlagConfig(COMPARE_KEYS),
    ...COMPARE_FLAGS,
  });
  if (positionals.length < 2)
    throw new UsageError(
      `compare needs at least 2 datasets, got ${positionals.length} (${COMPARE_USAGE}; see: diversity-lens compare --help)`,
    );
  if (values.json && values.markdown) throw new UsageError('--json and --markdown are exclusive');
  if (values['no-cache'] && values['cache-dir'] !== undefined)
    throw new UsageError('--no-cache and --cache-dir are exclusive');
  const baseline = values.baseline as string | undefined;
  if (baseline !== undefined && !positionals.includes(baseline))
    throw new UsageError(
      `--baseline ${baseline} is not among the datasets compared (${positionals.join(', ')}); name it exactly as one of them`,
    );
  return {
    inputs: positionals,
    options: {
      ...analysisOptionsFromFlags(values, COMPARE_KEYS),
      ...(baseline !== undefined ? { baseline } : {}),
    },
    output: {
      json: values.json === true,
      markdown: values.markdown === true,
      out: values.out as string | undefined,
      quiet: values.quiet === true,
    },
    cache: values['no-cache'] ? (false as const) : { dir: values['cache-dir'] as string | undefined },
  };
}

/** Runs the command; returns the exit code (0). Throws UsageError (exit 2) for usage and input errors. */
export async function runCompare(argv: string[]): Promise<number> {
  const { inputs, options, output, cache } = parseCompareArgs(argv);
  const files: string[] = [];
  for (const input of inputs) {
    try {
      files.push(...(await resolveDatasetFiles([input])));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  // the report is renamed over its target: never over a dataset (a typo must not replace it)
  const targets = output.out
    ? extname(output.out) || output.json || output.markdown
      ? [output.out]
      : [`${output.out}.json`, `${output.out}.md`]
    : [];
  for (const t of targets)
    await assertNotAnInput(t, files).catch((e: unknown) => {
      throw e instanceof UnsafeOutputError ? new UsageError(e.message) : e;
    });
  const progress = progressLine(process.stderr.isTTY && !output.quiet);
  let report;
  try {
    report = await compareDatasets(inputs, options, {
      cache,
      chunkWorker: chunkWorkerScript(),
      onProgress: (p) =>
        progress.draw(`${p.phase} ${p.dataset + 1}/${inputs.length}`, p.bytesRead, p.totalBytes),
    });
  } catch (e) {
    throw e instanceof CompareInputError ? new UsageError(e.message) : e;
  } finally {
    progress.done();
  }
  const json = JSON.stringify(report, null, 2) + '\n';
  if (output.out) {
    await writeReportFiles(output.out, output, json, () => renderCompareMarkdown(report));
    if (!output.quiet) process.stderr.write(`comparison written: ${targets.join(', ')}\n`);
  }
  if (output.json && !output.out) process.stdout.write(json);
  else if (output.markdown && !output.out) process.stdout.write(renderCompareMarkdown(report));
  else if (!output.quiet) process.stdout.write(renderCompareTable(report));
  return 0;
}
