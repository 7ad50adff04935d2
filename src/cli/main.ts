/**
 * The headless command line over src/core: `diversity-lens analyze …` (and `mix …`, `merge …`, `compare …`).
 * Exit codes: 0 done (and help: `--help`, `-h`, `help <command>`), 1 a quality gate failed, 2 usage or input error
 * (one line on stderr), 130 / 143 / 129 interrupted by SIGINT / SIGTERM / SIGHUP (temporary files removed:
 * interrupt.ts). Help texts: help.ts.
 */
import { runAnalyze } from './analyzeCommand.ts';
import { runMix } from './mixCommand.ts';
import { runMerge } from './mergeCommand.ts';
import { runCompare } from './compareCommand.ts';
import { UsageError } from './usageError.ts';
import { installInterruptHandlers, wasInterrupted } from './interrupt.ts';
import { TOOL_VERSION } from '../core/version.ts';
import { analyzeHelp, compareHelp, mainHelp, mergeHelp, mixHelp, wantsHelp } from './help.ts';

/** Each command's help text, for `<command> --help` and `help <command>`. */
const HELP: Record<string, () => string> = {
  analyze: analyzeHelp,
  mix: mixHelp,
  merge: mergeHelp,
  compare: compareHelp,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && command in HELP && wantsHelp(rest)) {
    process.stdout.write(`${HELP[command]()}\n`);
    return 0;
  }
  switch (command) {
    case 'analyze':
      return runAnalyze(rest);
    case 'mix':
      return runMix(rest);
    case 'merge':
      return runMerge(rest);
    case 'compare':
      return runCompare(rest);
    case '--version':
    case 'version':
      process.stdout.write(`${TOOL_VERSION}\n`);
      return 0;
    case undefined:
      // no command is a usage error: the help goes to stderr, exit 2
      process.stderr.write(`${mainHelp(TOOL_VERSION)}\n`);
      return 2;
    case '--help':
    case '-h':
    case 'help': {
      const topic = rest[0];
      if (topic === undefined) process.stdout.write(`${mainHelp(TOOL_VERSION)}\n`);
      else if (topic in HELP) process.stdout.write(`${HELP[topic]()}\n`);
      else throw new UsageError(`no help for "${topic}": the commands are analyze, mix, merge and compare`);
      return 0;
    }
    default:
      throw new UsageError(
        `unknown command "${command}" (the commands are analyze, mix, merge and compare; see: diversity-lens --help)`,
      );
  }
}

installInterruptHandlers();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (wasInterrupted()) return; // a signal is ending the process: its one line is already said
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
