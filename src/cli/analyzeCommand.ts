/** `diversity-lens analyze`: argument parsing, running the core analysis (or writing a partial), outputs and gates. */
import { resolve } from 'node:path';
import { analyzeDataset } from '../core/pipeline/analyzeDataset.ts';
import { resolveDatasetFiles } from '../core/pipeline/datasetFiles.ts';
import { writeAnalysisPartial } from '../core/pipeline/partialAnalysis.ts';
import { assertNotAnInput, UnsafeOutputError } from '../core/mix/pathGuard.ts';
import { parseGate, type GateRule } from '../core/report/gates.ts';
import { UsageError } from './usageError.ts';
import { analysisFlagConfig, analysisOptionsFromFlags, parseCommandLine } from './optionFlags.ts';
import { ANALYZE_USAGE } from './help.ts';
import { chunkWorkerScript } from '../worker/chunkWorkerScript.ts';
import { emitReport, progressLine, REPORT_OUTPUT_FLAGS } from './reportOutput.ts';

/** CLI flags of `analyze` that are not analysis options (output, gates, partials). */
export const OUTPUT_FLAGS = {
  'fail-on': { type: 'string', multiple: true },
  ...REPORT_OUTPUT_FLAGS,
  partial: { type: 'string' },
  'byte-range': { type: 'string' },
  'range-file': { type: 'string' },
} as const;

/** The --fail-on rules, each parsed (a bad rule is a UsageError). */
export function parseGates(values: Record<string, unknown>): GateRule[] {
  return ((values['fail-on'] as string[] | undefined) ?? []).map((g) => {
    try {
      return parseGate(g);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
}

/** `START:END` (END may be empty: to the end of the file) as byte offsets. Throws UsageError. */
export function parseByteRange(text: string): { start: number; end?: number } {
  const m = /^(\d+):(\d*)$/.exec(text.trim());
  const start = m ? Number(m[1]) : NaN;
  const end = m && m[2] !== '' ? Number(m[2]) : undefined;
  if (!m || !Number.isSafeInteger(start) || (end !== undefined && !Number.isSafeInteger(end)))
    throw new UsageError(`--byte-range must be START:END in bytes (END may be left out), got "${text}"`);
  if (end !== undefined && end < start) throw new UsageError(`--byte-range ${text}: END is before START`);
  return end === undefined ? { start } : { start, end };
}

/** Parses `analyze`'s arguments: the dataset, the analysis options, the gates and the output flags. Throws UsageError. */
export function parseAnalyzeArgs(argv: string[]) {
  const { values, positionals } = parseCommandLine('analyze', argv, {
    ...analysisFlagConfig(),
    ...OUTPUT_FLAGS,
  });
  if (positionals.length === 0)
    throw new UsageError(
      `expected a dataset: one or more files, folders or globs (${ANALYZE_USAGE}; see: diversity-lens analyze --help)`,
    );
  if (values.json && values.markdown) throw new UsageError('--json and --markdown are exclusive');
  const gates = parseGates(values);
  const options = analysisOptionsFromFlags(values);
  const output = {
    json: values.json === true,
    markdown: values.markdown === true,
    out: values.out as string | undefined,
    quiet: values.quiet === true,
  };
  const partial = values.partial as string | undefined;
  const byteRange =
    values['byte-range'] === undefined ? undefined : parseByteRange(values['byte-range'] as string);
  if (byteRange && partial === undefined)
    throw new UsageError('--byte-range needs --partial (a range alone is not a report; merge the partials)');
  const rangeFile = values['range-file'] as string | undefined;
  if (rangeFile !== undefined && partial === undefined)
    throw new UsageError('--range-file needs --partial (it names the file of the dataset a partial covers)');
  if (partial !== undefined) {
    const clash = ['json', 'markdown', 'out', 'fail-on', 'strict', 'reference', 'reference-field'].filter(
      (k) => (values as Record<string, unknown>)[k] !== undefined,
    );
    if (clash.length)
      throw new UsageError(
        `--partial writes no report, so it takes no ${clash.map((k) => `--${k}`).join(', ')} (give --reference, --json, --out and --fail-on to merge)`,
      );
  }
  return { inputs: positionals, options, gates, output, partial, byteRange, rangeFile };
}

/**
 * The file of the dataset a partial covers: `--range-file` (one of the dataset's files, however spelled), required
 * when the dataset has several files. Why: a partial holds one file or one byte range of one file; the dataset
 * around it is recorded so `merge` puts the files back in order. Throws UsageError.
 */
export function partialFileOf(files: string[], rangeFile: string | undefined): string {
  const list = `${files.slice(0, 5).join(', ')}${files.length > 5 ? `, … (${files.length} files)` : ''}`;
  if (rangeFile === undefined) {
    if (files.length === 1) return files[0];
    throw new UsageError(
      `the dataset has ${files.length} files and a partial holds one file (or a byte range of it): name it with --range-file FILE, one of ${list}`,
    );
  }
  const hit = files.find((f) => resolve(f) === resolve(rangeFile));
  if (hit === undefined)
    throw new UsageError(`--range-file ${rangeFile} is not a file of the dataset (${list})`);
  return hit;
}

/** Runs the command; returns the process exit code (0 done, 1 a gate failed). Throws UsageError for 2. */
export async function runAnalyze(argv: string[]): Promise<number> {
  const { inputs, options, gates, output, partial, byteRange, rangeFile } = parseAnalyzeArgs(argv);
  const progress = progressLine(process.stderr.isTTY && !output.quiet);
  let files: string[];
  try {
    files = await resolveDatasetFiles(inputs);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const file = files[0];
  // one folder names the dataset; otherwise the first file does (and `files` lists them all)
  const label = inputs.length === 1 ? inputs[0] : file;
  if (partial !== undefined) {
    const target = partialFileOf(files, rangeFile);
    // the partial is renamed over its target: never over the dataset (a typo must not replace it)
    await assertNotAnInput(partial, files).catch((e: unknown) => {
      throw e instanceof UnsafeOutputError ? new UsageError(e.message) : e;
    });
    const written = await writeAnalysisPartial(target, options, {
      out: partial,
      range: byteRange,
      chunkWorker: chunkWorkerScript(),
      onProgress: (read, total) => progress.draw('reading', read, total),
      // several files, or one given as a folder or glob: the partial records the dataset around its file
      ...(files.length > 1 || label !== file ? { dataset: { files, label } } : {}),
    });
    progress.done();
    if (!output.quiet) {
      const { trailer: t, header: h } = written;
      process.stderr.write(
        `partial written: ${partial} (${t.rows.toLocaleString('en-US')} rows in ${t.chunks} chunk${t.chunks === 1 ? '' : 's'}; lines starting in bytes ${t.lineStart}:${t.lineEnd} of ${h.input.path})\n`,
      );
    }
    return 0;
  }
  const report = await analyzeDataset({ files, label }, options, {
    chunkWorker: chunkWorkerScript(),
    onProgress: (p) => progress.draw(p.phase, p.bytesRead, p.totalBytes, p.rows),
  });
  progress.done();
  return emitReport(report, output, gates, [
    ...files,
    ...(options.reference ? [options.reference.path] : []),
  ]);
}
