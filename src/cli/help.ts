/**
 * The command line's help texts: `diversity-lens analyze --help`, `mix --help`, `compare --help` (also `-h`, and `help analyze`).
 * The analysis options' lines (flag, value, range, default, description) are generated from the options table
 * (src/core/pipeline/optionsTable.ts), so the help never drifts from what the parser accepts; the flags that are
 * not analysis options (output, gates, mix settings) are described here, next to their parser.
 */
import { ANALYSIS_OPTIONS, type AnalysisOptionKey, type OptionSpec } from '../core/pipeline/optionsTable.ts';

/** One help line's parts: the flag with its value placeholder, and what it does. */
export interface FlagHelp {
  flag: string;
  text: string;
}

/**
 * Why: the hand-written flag lines read as the table they print — one flag a line, the flag with its value
 * placeholder, two or more spaces, then what it does (blank lines are skipped).
 */
function flagTable(table: string): FlagHelp[] {
  return table
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const m = /^(\S.*?) {2,}(\S.*)$/.exec(line);
      if (!m) throw new Error(`help: a flag line needs two spaces between flag and text: ${line}`);
      return { flag: m[1], text: m[2] };
    });
}

const MIB = 1024 * 1024;
/** A number as the help prints it: 16777216 (16 MiB) for whole MiB multiples. */
const num = (n: number): string => (n >= MIB && n % MIB === 0 ? `${n} (${n / MIB} MiB)` : String(n));

/** The placeholder of an option's value: `word|wink`, `N`, `T`, `FILE`, `P`, none for a switch. */
function placeholder(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'enum':
      return spec.values.join('|');
    case 'integer':
      return 'N';
    case 'number':
      return 'T';
    case 'path':
      return spec.placeholder ?? 'FILE';
    case 'list':
      return 'P';
    case 'boolean':
      return '';
  }
}

/** Range and default of an option, in words ("10…100000, default 100"; "repeatable"; "off by default"). */
function rangeAndDefault(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'enum':
      return `default ${spec.default}`;
    case 'integer':
    case 'number': {
      const range =
        spec.max >= Number.MAX_SAFE_INTEGER ? `≥ ${num(spec.min)}` : `${num(spec.min)}…${num(spec.max)}`;
      return `${range}; default ${num(spec.default)}`;
    }
    case 'path':
      return 'default none';
    case 'list':
      return /repeatable/.test(spec.description) ? '' : 'repeatable';
    case 'boolean':
      return 'off by default';
  }
}

/**
 * Why: the help lines of analysis options `keys`, generated from the options table — flag and value placeholder,
 * description (Markdown backticks dropped), range and default — so `--help` says exactly what the parser takes.
 */
export function analysisOptionHelp(keys: readonly AnalysisOptionKey[]): FlagHelp[] {
  const out: FlagHelp[] = [];
  for (const key of keys) {
    const spec: OptionSpec = ANALYSIS_OPTIONS[key];
    if (spec.flag === undefined) continue;
    const value = placeholder(spec);
    const description = spec.description.replaceAll('`', '').replace(/\.$/, '');
    const range = rangeAndDefault(spec);
    out.push({
      flag: `--${spec.flag}${value ? ` ${value}` : ''}`,
      text: `${description}${range ? ` (${range})` : ''}.`,
    });
  }
  return out;
}

/** Lays out flag lines in two columns, the description wrapped at `width` with a hanging indent. */
export function formatFlags(lines: readonly FlagHelp[], width = 100): string {
  const col = Math.min(30, Math.max(...lines.map((l) => l.flag.length)) + 4);
  const out: string[] = [];
  for (const l of lines) {
    const wrapped: string[] = [];
    let cur = '';
    for (const w of l.text.split(' ')) {
      if (cur && col + cur.length + 1 + w.length > width) {
        wrapped.push(cur);
        cur = w;
      } else cur = cur ? `${cur} ${w}` : w;
    }
    wrapped.push(cur);
    const head = `  ${l.flag}`;
    // a flag too long for the column gets a line of its own
    const inline = head.length < col - 1;
    if (!inline) out.push(head);
    wrapped.forEach((w, i) =>
      out.push(i === 0 && inline ? `${head.padEnd(col)}${w}` : `${' '.repeat(col)}${w}`),
    );
  }
  return out.join('\n');
}

/** The analysis options `analyze` takes, in the order the help lists them (every flag of the table). */
const ANALYZE_KEYS: AnalysisOptionKey[] = [
  'fields',
  'view',
  'tokenizer',
  'groupBy',
  'reference',
  'referenceFields',
  'mattrWindow',
  'nearThreshold',
  'tailMax',
  'minSliceRows',
  'instructionSample',
  'instructionField',
  'noInstructions',
  'strict',
  'maxLineBytes',
  'workers',
  'chunkBytes',
];

/** `analyze`'s flags that are not analysis options (parsed in analyzeCommand.ts). */
const ANALYZE_OUTPUT_HELP = flagTable(`
--fail-on RULE  Exit 1 when the report breaks RULE: PATH>N, PATH>=N, PATH<N or PATH<=N on a dotted report key, e.g. near.rowsRemovable>0.05 (repeatable; docs/report.md).
--json          Print the full JSON report instead of the summary.
--markdown      Print the Markdown report instead of the summary.
--out FILE      Write the report to FILE: .json, .md, or no extension for both FILE.json and FILE.md.
--quiet         No summary and no progress (gates still apply).
-h, --help      Show this help.
`);

/** `analyze`'s partial-file flags (a map step on a cluster; docs/scale.md). */
const ANALYZE_PARTIAL_HELP = flagTable(`
--partial OUT.dlpart   Write the mergeable state of the analysis to OUT.dlpart instead of a report (merge the files with \`diversity-lens merge\`). Takes no --reference, --json, --markdown, --out, --fail-on or --strict.
--byte-range S:E       With --partial: only the lines that start inside bytes [S, E) of the file (E left out: to its end). Boundaries on multiples of --chunk-bytes give a merged report equal to one analyze. Uncompressed JSONL only.
--range-file FILE      With --partial and a dataset of several files: the file of the dataset this partial holds (whole, or its --byte-range); the partial records the whole dataset, and merge of every file's partials gives the dataset's report.
`);

export const ANALYZE_USAGE = `usage: diversity-lens analyze <file | folder | 'glob'>… [options]`;

/** The help of `diversity-lens analyze`. */
export function analyzeHelp(): string {
  return `${ANALYZE_USAGE}

Measures lexical diversity, exact and near duplicates, templates, tail-token loss (with --reference) and
homogeneous slices (with --group-by) of a JSONL dataset, and ends with a verdict: healthy, watch or collapse-prone.
Several files, a folder (every dataset file below it) or a glob ('data/train-*.jsonl') are analysed as ONE dataset,
files in the order given (a folder's or glob's files sorted by path); the report's line numbers run through the
files in that order and its \`files\` list maps them back (docs/reader.md).

Analysis options (the same names and ranges as the VS Code settings):
${formatFlags(analysisOptionHelp(ANALYZE_KEYS))}

Output and gates:
${formatFlags(ANALYZE_OUTPUT_HELP)}

Partial results, to spread one analysis over machines (docs/scale.md):
${formatFlags(ANALYZE_PARTIAL_HELP)}

Examples:
  diversity-lens analyze data.jsonl --group-by source
  diversity-lens analyze shards/ --reference human.jsonl          # every shard of the folder as one dataset
  diversity-lens analyze synth.jsonl --reference human.jsonl --json > report.json
  diversity-lens analyze data.jsonl --quiet --fail-on 'near.rowsRemovable>0.05'
  diversity-lens analyze big.jsonl --byte-range 0:1073741824 --partial part-0.dlpart
  diversity-lens analyze shards/ --range-file shards/b.jsonl --byte-range 0:268435456 --partial b-0.dlpart

${EXIT_CODES}`;
}

export const MERGE_USAGE = `usage: diversity-lens merge <a.dlpart> [<b.dlpart> …] [--reference FILE] [options]`;

/** \`merge\`'s flags (parsed in mergeCommand.ts). */
const MERGE_FLAGS_HELP = flagTable(`
--reference FILE      The reference (real/human) dataset for tail-token coverage, read once here.
--reference-field P   Field path of the reference's text (repeatable).
--fail-on RULE        Exit 1 when the report breaks RULE (as for analyze; docs/report.md).
--json                Print the full JSON report instead of the summary.
--markdown            Print the Markdown report instead of the summary.
--out FILE            Write the report to FILE: .json, .md, or no extension for both.
--quiet               No summary and no progress.
-h, --help            Show this help.
`);

/** The help of \`diversity-lens merge\`. */
export function mergeHelp(): string {
  return `${MERGE_USAGE}

Merges the partial files of one dataset (each from \`analyze FILE --partial OUT.dlpart [--byte-range S:E]\`, made on
any machine) into the report one \`analyze FILE\` gives, in whatever order they are named. A dataset of several
files (\`analyze FILE… --range-file F --partial OUT\`: every file's partials) gives the report \`analyze FILE…\` gives,
its lines numbered through the files. Every other option comes from the partials, which must agree on it; partials
of another file, dataset, version or set of options, truncated or corrupt files, a file no partial holds, and ranges
that overlap or leave lines out are refused, naming the files. The report lists the partials
under \`partials\`. See docs/scale.md.

Options:
${formatFlags(MERGE_FLAGS_HELP)}

Examples:
  diversity-lens analyze big.jsonl --byte-range 0:1073741824 --partial p0.dlpart
  diversity-lens analyze big.jsonl --byte-range 1073741824: --partial p1.dlpart
  diversity-lens merge p0.dlpart p1.dlpart --reference human.jsonl --out report.json
  diversity-lens analyze a.jsonl b.jsonl.gz --range-file a.jsonl --partial a.dlpart
  diversity-lens analyze a.jsonl b.jsonl.gz --range-file b.jsonl.gz --partial b.dlpart
  diversity-lens merge a.dlpart b.dlpart --out report.json          # = analyze a.jsonl b.jsonl.gz

${EXIT_CODES}`;
}

export const COMPARE_USAGE = `usage: diversity-lens compare <A> <B> [<C> …] [--baseline A] [--field P]… [--json|--markdown] [--out F]`;

/** `compare`'s flags that are not analysis options (parsed in compareCommand.ts). */
const COMPARE_FLAGS_HELP = flagTable(`
--baseline A      The dataset whose tail and unigram distribution the others are measured against, named exactly as given (default: the first).
--json            Print the JSON comparison instead of the table (keys: docs/report.md, "Compare report").
--markdown        Print the comparison as Markdown.
--out F           Write the comparison to F: .json, .md, or no extension for both F.json and F.md (atomically).
--quiet           No table and no progress.
--cache-dir DIR   Where analysed reports are cached (default: $XDG_CACHE_HOME/diversity-lens or ~/.cache/diversity-lens, private to you); a dataset whose files (path, size, modification time) and options are unchanged is not analysed again.
--no-cache        Analyse every dataset and keep no cache.
-h, --help        Show this help.
`);

/**
 * The analysis options `compare` takes (no slices, no reference, no --strict: one pass of one file), in help order.
 * Why here: one list serves both the parser (compareCommand.ts) and this help, so they cannot drift apart.
 */
export const COMPARE_KEYS: AnalysisOptionKey[] = [
  'fields',
  'view',
  'tokenizer',
  'mattrWindow',
  'nearThreshold',
  'tailMax',
  'maxLineBytes',
  'workers',
  'chunkBytes',
];

/** The help of `diversity-lens compare`. */
export function compareHelp(): string {
  return `${COMPARE_USAGE}

Compares datasets — generations of a chain (gen0 … gen5), checkpoints' outputs, models answering the same prompts —
in the order given. Each dataset (a file, a folder or a quoted glob: one dataset each) is analysed as \`analyze\` does,
several at once within --workers, and reported side by side: rows, tokens, types, MATTR, MTLD, distinct-2, exact and
near duplicate shares; types and distinct-2 expected at one common size (every dataset rarefied to the smallest
one's token count, exact hypergeometric expectation); coverage of the baseline's tail types and mass, raw and at
the common size; Jensen–Shannon divergence from the baseline; top template share. Then the trend along the order:
collapsing, stable or recovering, with the figures and datasets behind it (thresholds: docs/metrics.md, "Compare").

Options:
${formatFlags(COMPARE_FLAGS_HELP)}

Analysis options (as for analyze; every dataset gets the same):
${formatFlags(analysisOptionHelp(COMPARE_KEYS))}

Examples:
  diversity-lens compare gen0.jsonl gen1.jsonl gen2.jsonl gen3.jsonl
  diversity-lens compare human.jsonl model-a.jsonl model-b.jsonl --field response --json > compare.json
  diversity-lens compare run1/ run2/ 'run3/*.jsonl' --baseline run2/ --out compare

${MIX_EXIT_CODES}`;
}

/** `mix`'s own flags (parsed in mixCommand.ts). */
const MIX_FLAGS_HELP = flagTable(`
--reference FILE      The real (reference) dataset the mix draws real rows from (required unless --recipe): a file, a folder or a glob of shards.
--field P             Field path of the dataset's text (repeatable).
--reference-field P   Field path of the reference's text (repeatable).
--real-fraction F     Share of the mix rows taken from the reference, 0…1 or 0%…100% (required unless --recipe).
--rows N              Rows of the mix (default: as many as the other settings allow); exclusive with --tokens.
--tokens N            Tokens of the mix instead of rows.
--dedup exact|near:T  Remove exact duplicates, or near duplicates at Jaccard ≥ T (0.5…1, the --near-threshold range) before sampling (default none).
--cap FIELD=SHARE     Cap a slice value's share of the rows (SHARE < 1) or its row count (SHARE ≥ 1) (repeatable).
--drop-templates      Drop rows that open with a flagged template.
--seed S              Seed of the row choice and of the held-out split (default 1).
--holdout H           Share of the reference rows held out: never mixed in, the tail figures are measured against them (0 < H < 1, default 0.3).
--map REF=DATA        Write the reference field (or @prompt, @context, @response, @system, @text) REF to the dataset field (or role) DATA, or drop it with DATA = - (repeatable; default: fields mapped by role).
--keep-schemas        Copy reference rows as they are instead of writing them in the dataset's schema (two schemas in one file).
--generations K       Add the "training on our own outputs" projection over K generations.
--sweep               Add the figures for a range of real fractions.
--out FILE            Write the mix to FILE (byte-exact lines, atomically, with FILE.recipe.json) and measure it; without it only the projection is printed.
--recipe FILE         Reproduce a written mix from its recipe, byte for byte (with --out OTHER: to another file).
--json                Print JSON: {heldOut, projected, measured, …}.
--quiet               Accepted like analyze --quiet (mix prints no progress).
-h, --help            Show this help.
`);

export const MIX_USAGE = `usage: diversity-lens mix <dataset> [<more files>…] --reference <real> --real-fraction F [options]
       diversity-lens mix --recipe FILE.recipe.json [--out OTHER] [--json]`;

/** The help of `diversity-lens mix`. */
export function mixHelp(): string {
  return `${MIX_USAGE}

Previews mixing real (reference) rows into a dataset, deduplicating and capping slices, then writes the corrected
dataset (one JSONL file) and measures it. The dataset is one or more files, folders or globs read as one dataset
(as analyze reads them); the reference likewise. Reference rows are written in the dataset's schema (fields mapped by role: prompt,
context, response, system, chat turns, text); see --map and --keep-schemas. Rules: docs/mixing.md.

Mix options:
${formatFlags(MIX_FLAGS_HELP)}

Analysis options:
${formatFlags(analysisOptionHelp(['view', 'tokenizer']))}

Examples:
  diversity-lens mix synth.jsonl --reference human.jsonl --real-fraction 0.3      # projection only
  diversity-lens mix synth.jsonl --reference human.jsonl --real-fraction 30% --dedup near:0.8 \\
    --cap source=0.4 --seed 7 --out corrected.jsonl
  diversity-lens mix --recipe corrected.jsonl.recipe.json --out again.jsonl

${MIX_EXIT_CODES}`;
}

/** What a signal does (interrupt.ts), the same for every command. */
const INTERRUPTED = `130, 143, 129 interrupted by SIGINT (Ctrl-C), SIGTERM, SIGHUP (temporary files removed, no output changed).`;
/** The exit codes (main.ts): 0 done or help, 1 a gate failed, 2 usage or input error, 128+n a signal. */
export const EXIT_CODES = `Exit codes: 0 done (and for --help), 1 a --fail-on gate failed, 2 usage or input error (one line on stderr), ${INTERRUPTED}`;
const MIX_EXIT_CODES = `Exit codes: 0 done (and for --help), 2 usage or input error (one line on stderr), ${INTERRUPTED}`;

/** The help of `diversity-lens` itself (no command, `--help`, `help`). */
export function mainHelp(version: string): string {
  return `Diversity Lens ${version} — diversity and model-collapse signals for JSONL datasets

usage: diversity-lens <command> [options]

Commands:
  analyze <file>     Analyse a dataset and print a summary ending with the verdict
  mix <dataset>      Preview and write a corrected dataset (mix in real rows, dedup, slice caps)
  merge <parts…>     The report of a dataset from its partial files (analyze --partial on a cluster)
  compare <A> <B>…   Datasets side by side, at one common size, with the trend along the order
  help [command]     Show the help of a command (also: diversity-lens <command> --help)
  version            Print the version

${ANALYZE_USAGE}
${MIX_USAGE}
${MERGE_USAGE}
${COMPARE_USAGE}

${EXIT_CODES}`;
}

/** Whether `argv` asks for help: `-h` or `--help` before a `--` (after it, they are file names). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
  }
  return false;
}
