/** `diversity-lens merge`: the report of one dataset from its partial files (analyze --partial), written like analyze's. */
import { mergePartialFiles } from '../core/pipeline/mergePartials.ts';
import { analysisFlagConfig, analysisOptionsFromFlags, parseCommandLine } from './optionFlags.ts';
import { OUTPUT_FLAGS, parseGates } from './analyzeCommand.ts';
import { UsageError } from './usageError.ts';
import { MERGE_USAGE } from './help.ts';
import { emitReport, progressLine, REPORT_OUTPUT_FLAGS } from './reportOutput.ts';

/** The analysis options `merge` takes: only the reference (every other option is recorded in the partials). */
export const MERGE_OPTION_KEYS = ['reference', 'referenceFields'] as const;

/** `merge`'s own flags besides the reference's: analyze's output flags, without the partial ones. */
export const MERGE_FLAGS = {
  'fail-on': OUTPUT_FLAGS['fail-on'],
  ...REPORT_OUTPUT_FLAGS,
} as const;

/** Parses `merge`'s arguments. Throws UsageError. */
export function parseMergeArgs(argv: string[]) {
  const { values, positionals } = parseCommandLine('merge', argv, {
    ...analysisFlagConfig(MERGE_OPTION_KEYS),
    ...MERGE_FLAGS,
  });
  if (positionals.length === 0)
    throw new UsageError(
      `expected one or more partial files (${MERGE_USAGE}; see: diversity-lens merge --help)`,
    );
  if (values.json && values.markdown) throw new UsageError('--json and --markdown are exclusive');
  const options = analysisOptionsFromFlags(values, MERGE_OPTION_KEYS);
  return {
    files: positionals,
    reference: options.reference,
    gates: parseGates(values),
    output: {
      json: values.json === true,
      markdown: values.markdown === true,
      out: values.out as string | undefined,
      quiet: values.quiet === true,
    },
  };
}

/** Runs the command; returns the exit code (0 done, 1 a gate failed). Throws for 2 (a PartialFileError names the file). */
export async function runMerge(argv: string[]): Promise<number> {
  const { files, reference, gates, output } = parseMergeArgs(argv);
  const progress = progressLine(process.stderr.isTTY && !output.quiet);
  const report = await mergePartialFiles(
    files,
    { reference },
    {
      onProgress: (p) =>
        progress.draw(p.phase === 'reading' ? 'merging' : p.phase, p.bytesRead, p.totalBytes, p.rows),
    },
  );
  progress.done();
  // never over a partial, the reference or a file of the dataset (every file of a dataset of several)
  const inputs = [
    ...files,
    ...(reference ? [reference.path] : []),
    ...(report.files ? report.files.map((f) => f.path) : [report.file.path]),
  ];
  return emitReport(report, output, gates, inputs);
}
