/**
 * The analysis options on the command line, driven by the options table (src/core/pipeline/optionsTable.ts): which
 * flags parseArgs declares, and how their values are checked (the same ranges as the settings). Shared by `analyze`
 * and `mix`, so one flag means one thing with one range in both.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AnalyzeOptions } from '../core/pipeline/analyzeOptions.ts';
import {
  ANALYSIS_OPTIONS,
  OptionValueError,
  parseFlagValue,
  type AnalysisOptionKey,
  type OptionSpec,
} from '../core/pipeline/optionsTable.ts';
import { UsageError } from './usageError.ts';

type FlagConfig = { type: 'string' | 'boolean'; multiple?: boolean };

const ALL_KEYS = Object.keys(ANALYSIS_OPTIONS) as AnalysisOptionKey[];

/** parseArgs' declaration of the analysis options' flags, from the options table. */
export function analysisFlagConfig(
  keys: readonly AnalysisOptionKey[] = ALL_KEYS,
): Record<string, FlagConfig> {
  const out: Record<string, FlagConfig> = {};
  for (const key of keys) {
    const spec: OptionSpec = ANALYSIS_OPTIONS[key];
    if (spec.flag === undefined) continue;
    out[spec.flag] =
      spec.kind === 'list'
        ? { type: 'string', multiple: true }
        : { type: spec.kind === 'boolean' ? 'boolean' : 'string' };
  }
  return out;
}

/**
 * The analysis options given by the parsed flags `values`, each checked against the options table (the range the
 * settings have too); `keys` limits it to some options (`mix` takes a few of them). Throws UsageError for a bad value.
 */
export function analysisOptionsFromFlags(
  values: Record<string, unknown>,
  keys: readonly AnalysisOptionKey[] = ALL_KEYS,
): AnalyzeOptions {
  const o: Record<string, unknown> = {};
  for (const key of keys) {
    const spec: OptionSpec = ANALYSIS_OPTIONS[key];
    const raw = spec.flag === undefined ? undefined : values[spec.flag];
    if (raw === undefined) continue;
    if (spec.kind === 'list' || spec.kind === 'boolean') o[key] = raw;
    else {
      try {
        o[key] = parseFlagValue(spec, raw as string);
      } catch (e) {
        throw e instanceof OptionValueError ? new UsageError(e.message) : e;
      }
    }
  }
  const { reference, referenceFields, ...options } = o;
  if (referenceFields !== undefined && reference === undefined)
    throw new UsageError('--reference-field needs --reference');
  if (reference !== undefined)
    (options as AnalyzeOptions).reference = {
      path: reference as string,
      fields: referenceFields as string[] | undefined,
    };
  return options as AnalyzeOptions;
}

/**
 * parseArgs for `command`, its errors turned into one-line UsageErrors that point at the command's help. Why: node's
 * own message for an unknown option ends in an unbalanced quote (`as in '-- "--help"`) and names no help.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const help = `see: diversity-lens ${command} --help`;
    switch (err?.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
        const option = /Unknown option '([^']*)'/.exec(err.message)?.[1] ?? 'given';
        throw new UsageError(
          `unknown option ${option} for "${command}" (${help}; a file name that starts with "-" goes after "--", as in: diversity-lens ${command} -- "${option}")`,
        );
      }
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`${err.message.split('\n')[0]} (${help})`);
      default:
        throw e;
    }
  }
}

/**
 * A command line of positionals (datasets, partials) and the declared flags only, parsed by parseCommandArgs.
 * Why: every command takes its inputs as positionals and refuses unknown flags; one call keeps that the same in all.
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: O,
) {
  return parseCommandArgs(command, { args: argv, allowPositionals: true, strict: true, options });
}
