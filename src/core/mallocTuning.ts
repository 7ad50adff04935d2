/**
 * glibc's malloc settings for a process that runs an analysis: one arena, a fixed mmap threshold, transparent huge
 * pages. Shared by the CLI's launcher (src/cli/launchPolicy.ts) and the editor's analysis process
 * (src/extension/analysis/analysisEndpoint.ts), so that the editor's analysis runs with the memory behaviour the CLI
 * measured. glibc reads these settings only when a process starts: they can be given to a child process, never to
 * the running one or to its threads.
 */
import * as fs from 'node:fs';

/**
 * The variables the child's environment gets. Why: glibc gives each thread that allocates its own arena (up to 8 per
 * core) and raises its mmap threshold each time a large mapped block is freed (up to 32 MiB), so later typed arrays of
 * up to that size come from the arenas, and what is freed in one thread's arena stays resident, unused by the others.
 * One arena: memory one thread frees is reused by the next that allocates. Blocks of 8 MiB and more (distinct-n tables,
 * a chunk's token ids, partials) get their own mapping, returned to the system when freed; a fixed threshold also stops
 * glibc from raising it. On the 2 GB bench corpus with 2 workers: 1.04 GiB peak with glibc's defaults, 0.86 GiB with
 * these, in the same time; a threshold of 128 KiB measured 0.78 GiB at +20 % CPU (docs/performance.md, "Session 13").
 */
export const MALLOC_SETTINGS: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '1',
  MALLOC_MMAP_THRESHOLD_: String(8 * 1024 * 1024),
};

/**
 * The glibc tunable the child's GLIBC_TUNABLES gets (appended to the user's own tunables, if any): malloc asks the
 * kernel for transparent huge pages (madvise MADV_HUGEPAGE) on the memory it maps. Why: the distinct-n tables, the
 * Count-Min sketch and the vocabulary are read at random places, tens of MB per chunk; with 4 KiB pages nearly every
 * such read also misses the TLB, and a page walk in a virtual machine costs several memory reads more. With 2 MiB
 * pages one TLB entry covers 512 times as much. Measured on the 256 MiB bench corpus, one worker: 13 % less CPU, the
 * same report, the same peak RSS within 2 % (docs/performance.md, "Session 16"). It does nothing where the kernel's
 * THP mode is `never`, and glibc before 2.35 ignores the tunable.
 */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

/**
 * True when the environment already sets any of glibc's malloc variables (MALLOC_…) or malloc tunables. Why: the
 * user's own choice wins; ours would be mixed into it.
 */
export function userTunesMalloc(env: NodeJS.ProcessEnv): boolean {
  if (Object.keys(env).some((k) => /^MALLOC_[A-Z_]+_?$/.test(k) && env[k] !== undefined)) return true;
  return /glibc\.malloc\./.test(env.GLIBC_TUNABLES ?? '');
}

/** The variables to set in a child's environment: MALLOC_SETTINGS, and HUGE_PAGES_TUNABLE after the user's tunables. */
export function tunedMallocEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const tunables = env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${HUGE_PAGES_TUNABLE}` : HUGE_PAGES_TUNABLE;
  return { ...MALLOC_SETTINGS, GLIBC_TUNABLES: tunables };
}

const SELF_MAPS = '/proc/self/maps';
const GLIBC_LIBC = /\/libc(?:\.so\.6|-2\.\d+\.so)(?: \(deleted\))?$/m;
const MUSL_LOADER = /\/ld-musl-[^/\n]*$/m;
let selfOnGlibc: boolean | undefined;

/**
 * True when this process's C library is glibc: its memory map (Linux `/proc/self/maps`; `mapsPath` for tests) has
 * glibc's C library mapped — `libc.so.6`, or `libc-2.NN.so` before glibc 2.34 — and no musl loader; false on musl,
 * other systems and when the map cannot be read. Why: the settings above mean nothing elsewhere. Why the map and not
 * node's diagnostic report (`header.glibcVersionRuntime`): a report walks every libuv handle and resolves each
 * socket's peer, which can take seconds in an extension host with many sockets (nodejs/node#46060) — on the host's
 * thread, at the extension's activation. This process's answer is read once (it cannot change).
 */
export function runsOnGlibc(mapsPath = SELF_MAPS): boolean {
  return mapsPath === SELF_MAPS ? (selfOnGlibc ??= glibcMapped(SELF_MAPS)) : glibcMapped(mapsPath);
}

/** The map at `mapsPath` names glibc's C library and no musl loader (the map names files, not their symlinks). */
function glibcMapped(mapsPath: string): boolean {
  let maps: string;
  try {
    maps = fs.readFileSync(mapsPath, 'utf8');
  } catch {
    return false;
  }
  return GLIBC_LIBC.test(maps) && !MUSL_LOADER.test(maps);
}
