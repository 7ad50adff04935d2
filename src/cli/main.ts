/**
 * The headless command line over src/core: `diversity-lens analyze …` (and `mix …`).
 * Exit codes: 0 done, 1 a quality gate failed, 2 usage or input error (one line on stderr).
 */
import { runAnalyze, ANALYZE_USAGE } from './analyzeCommand.ts';
import { runMix, MIX_USAGE } from './mixCommand.ts';
import { UsageError } from './usageError.ts';
import { TOOL_VERSION } from '../core/version.ts';

const USAGE = `Diversity Lens ${TOOL_VERSION} — diversity and model-collapse signals for JSONL datasets

${ANALYZE_USAGE}

${MIX_USAGE}

Exit codes: 0 done, 1 a --fail-on gate failed, 2 usage or input error.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'analyze':
      return runAnalyze(rest);
    case 'mix':
      return runMix(rest);
    case '--version':
    case 'version':
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}" (try: diversity-lens analyze <file>)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`diversity-lens: ${describeError(err)}\n`);
    process.exitCode = 2;
  },
);

/** One line for any error: usage and reader errors carry their own message; node fs errors name the path. */
function describeError(err: unknown): string {
  if (err instanceof UsageError) return err.message;
  const e = err as NodeJS.ErrnoException & { code?: string };
  if (e && typeof e === 'object') {
    if (
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
      e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    )
      return e.message;
    if (e.code === 'ENOENT') return `no such file: ${e.path ?? ''}`;
    if (e.code === 'EISDIR') return `is a directory, not a JSONL file: ${e.path ?? ''}`;
    if (e.code === 'EACCES') return `permission denied: ${e.path ?? ''}`;
    if (typeof e.message === 'string') return e.message.split('\n')[0];
  }
  return String(err);
}
