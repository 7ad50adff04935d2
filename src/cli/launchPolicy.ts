/**
 * Whether the CLI's entry (launcher.ts) runs a command in a child process with glibc's malloc tuned, and with what
 * (one arena, a fixed mmap threshold, transparent huge pages).
 *
 * Why: glibc gives each thread that allocates its own arena (up to 8 per core) and raises its mmap threshold each
 * time a large mapped block is freed (up to 32 MiB), so later typed arrays of up to that size come from the arenas,
 * and what is freed in one thread's arena stays resident, unused by the others. A chunked analysis allocates and
 * frees ~300 MiB of tables per 32 MiB chunk on several threads (chunk workers, gzip threads, the merging main
 * thread). On the 2 GB bench corpus with 2 workers the peak RSS was 1.04 GiB with glibc's defaults and 0.86 GiB with
 * one arena and a fixed 8 MiB threshold, in the same time (docs/performance.md, "Session 13"). glibc reads these
 * settings only when a process starts, so the CLI starts its own process once more with them.
 * Pure functions here: the decision is tested without spawning anything. The settings themselves: core/mallocTuning.ts
 * (the editor's analysis process gets them too).
 */
import { tunedMallocEnv, userTunesMalloc } from '../core/mallocTuning.ts';

export { HUGE_PAGES_TUNABLE, MALLOC_SETTINGS } from '../core/mallocTuning.ts';

/** Set in the child's environment: the process is the launched one (it never launches again). */
export const LAUNCHED_VARIABLE = 'DIVERSITY_LENS_LAUNCHED';
/** Set to 1 by a user (or a test) to run every command in place, in one process, with glibc's defaults. */
export const IN_PROCESS_VARIABLE = 'DIVERSITY_LENS_IN_PROCESS';

/** The commands that read data files; the others (help, version, a usage error) run in place. */
const HEAVY_COMMANDS = new Set(['analyze', 'mix', 'merge', 'compare']);

/** What launchPlan needs to know about the running process. */
export interface LaunchFacts {
  /** The CLI's arguments (without node and the script). */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** The node flags of this process (process.execArgv). */
  execArgv: readonly string[];
  /** Asked only when everything else allows a launch: whether the C library is glibc. */
  isGlibc: () => boolean;
}

/** How to run the command in a child: the node flags to pass on and the variables to set in its environment. */
export interface LaunchPlan {
  execArgv: string[];
  env: Record<string, string>;
}

/**
 * The plan for running this command in a child process, or null to run it in place. In place when: the command
 * reads no data; the platform is not Linux or its C library is not glibc (the variable would do nothing); the
 * process is already the launched one; the user set any of glibc's malloc variables (MALLOC_…) or tunables, or
 * DIVERSITY_LENS_IN_PROCESS=1; or node runs under an inspector, from its flags or NODE_OPTIONS (a debugger attached
 * to this process would not see the child, which would try the same port).
 */
export function launchPlan(f: LaunchFacts): LaunchPlan | null {
  if (!HEAVY_COMMANDS.has(f.args[0] ?? '')) return null;
  if (f.env[LAUNCHED_VARIABLE] === '1' || f.env[IN_PROCESS_VARIABLE] === '1') return null;
  if (userTunesMalloc(f.env)) return null;
  if (f.platform !== 'linux') return null;
  const nodeOptions = (f.env.NODE_OPTIONS ?? '').split(/\s+/);
  if ([...f.execArgv, ...nodeOptions].some((a) => /^--inspect(-brk|-wait)?(=|$)/.test(a))) return null;
  if (!f.isGlibc()) return null;
  return {
    execArgv: childExecArgv(f.execArgv),
    env: { ...tunedMallocEnv(f.env), [LAUNCHED_VARIABLE]: '1' },
  };
}

/** Flags that take the next argument as their value and run code of their own (not the CLI). */
const EVAL_FLAGS = new Set(['-e', '--eval', '-p', '--print']);

/**
 * The node flags the child gets: this process' flags (memory limits, --require preloads, --cpu-prof …) except code
 * given on the command line (`-e`, `--eval`, `-p`, `--print` and their value; `-i`), which is not the CLI's.
 */
export function childExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i];
    if (EVAL_FLAGS.has(a)) {
      i++; // and its value
      continue;
    }
    if (/^--(eval|print)=/.test(a) || a === '-i' || a === '--interactive') continue;
    out.push(a);
  }
  return out;
}
