/**
 * Checks that a JSON file is a Diversity Lens analysis report the panel can show, before anything renders it
 * ("Open Report…" in the extension; src/extension/panel/openReport.ts). A report comes from `analyze --json`,
 * `--out` or `merge` (which adds a top-level `partials` list), possibly from another machine or another
 * version, and a user may pick any `.json`: a foreign JSON, a truncated file or a report of an incompatible
 * version must give one clear sentence saying what is wrong, never a half-drawn panel. So the check covers the
 * tool's name and version and, key by key, the type of every section the panel reads (docs/report.md); keys the
 * panel does not read may be missing or extra (new keys may be added to reports, docs/report.md). Pure: no I/O.
 */
import type { AnalysisReport } from './reportTypes.ts';
import { TOOL_VERSION } from '../version.ts';

/** Largest report file "Open Report…" reads (a report is aggregate-only: a few MB even for a TB corpus). */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/** A report that passed the check, or the one problem found (a sentence without the file name). */
export type ReportCheck =
  { ok: true; report: AnalysisReport; partials: number | null } | { ok: false; problem: string };

// ------------------------------------------------------------------ a small schema of what the panel reads

type Spec =
  | 'num' // a number (JSON has no NaN / Infinity)
  | 'num?' // a number or null (a figure the run could not compute: shown as n/a)
  | 'int' // a non-negative safe integer (counts, sizes)
  | 'line' // a 1-based line number
  | 'str'
  | 'bool'
  | { arr: Spec }
  | { obj: Record<string, Spec> }
  | { opt: Spec } // may be missing (older or optional keys)
  | { nul: Spec } // may be null
  | { lit: readonly (string | number)[] }
  | { mode: string; cases: Record<string, Spec> }; // an object whose `mode` picks its shape

const arr = (s: Spec): Spec => ({ arr: s });
const obj = (o: Record<string, Spec>): Spec => ({ obj: o });
const opt = (s: Spec): Spec => ({ opt: s });
const nul = (s: Spec): Spec => ({ nul: s });
const lit = (...v: (string | number)[]): Spec => ({ lit: v });

const histogram = obj({
  edges: arr('num'),
  counts: arr('int'),
  count: 'int',
  median: 'num?',
  p90: 'num?',
  overflow: 'int',
});
const cluster = obj({
  size: 'int',
  lines: arr('line'),
  representativeLine: 'line',
  meanSimilarity: 'num',
  representativeText: opt('str'),
});
const templateEntry = obj({
  text: 'str',
  n: 'int',
  rows: 'num',
  share: 'num',
  exampleLines: arr('line'),
  approximate: opt('bool'),
});
const zipf = obj({ points: arr(obj({ rank: 'num', frequency: 'num' })), exponent: 'num?' });
const spectrum = obj({ tokens: 'int', types: 'int', hapaxRetention: 'num?' });
const reason = obj({ measure: 'str', value: 'num?', threshold: 'num?', text: 'str' });

const formDiversity = obj({ tokens: 'int', types: 'int', ttr: 'num?', mattr: 'num?', distinct2: 'num?' });
const overlapSummary = {
  prompts: 'int',
  histogram: arr('int'),
  median: 'num?',
  shareAbove07: 'num?',
  mean: 'num?',
} as const;
const pairName = { verb: 'str', noun: nul('str') } as const;
/**
 * The instruction figures (instructions/instructionStats.ts InstructionReport; docs/report.md), read by the
 * Instructions tab (absent or null: the tab says why).
 */
const instructions = obj({
  sampleSize: 'int',
  seed: 'num',
  maxPromptChars: 'int',
  rows: 'int',
  promptRows: 'int',
  sampledRows: 'int',
  noVerbRows: 'int',
  verbOnlyRows: 'int',
  distinctVerbs: 'int',
  distinctPairs: 'int',
  top10Share: 'num?',
  top20Share: 'num?',
  pairEntropy: 'num?',
  topPairs: arr(obj({ ...pairName, rows: 'int', share: 'num', lines: arr('line') })),
  topVerbs: arr(obj({ verb: 'str', rows: 'int', nouns: arr(obj({ noun: 'str', rows: 'int' })) })),
  lemma: formDiversity,
  token: formDiversity,
  ratesPer1000: obj({
    tokens: 'int',
    urls: 'num',
    emails: 'num',
    emoji: 'num',
    hashtags: 'num',
    numbers: 'num',
    entities: obj({}),
  }),
  overlap: nul(obj({ ...overlapSummary, sampleSize: 'int' })),
  referenceOverlap: opt(nul(obj({ ...overlapSummary, referencePrompts: 'int' }))),
  missingReferencePairs: opt(arr(obj({ ...pairName, referenceRows: 'int', referenceShare: 'num' }))),
  reference: opt(
    nul(
      obj({
        promptRows: 'int',
        sampledRows: 'int',
        distinctPairs: 'int',
        top10Share: 'num?',
        pairEntropy: 'num?',
      }),
    ),
  ),
  slices: opt(
    arr(
      obj({
        field: 'str',
        value: 'str',
        sampledRows: 'int',
        distinctPairs: 'int',
        top10Share: 'num?',
        pairEntropy: 'num?',
        topPair: nul(obj({ ...pairName, rows: 'int', share: 'num' })),
      }),
    ),
  ),
});

/** Every section the panel (webview/views/*, core/report/headline.ts, viewModels.ts) and the host read. */
const REPORT: Spec = obj({
  tool: obj({ name: 'str', version: 'str' }),
  file: obj({
    path: 'str',
    bytes: 'int',
    compression: lit('none', 'gzip', 'zstd'),
    format: opt(lit('jsonl', 'json-array', 'parquet')),
  }),
  options: obj({
    tokenizer: 'str',
    view: 'str',
    fields: arr('str'),
    groupBy: arr('str'),
    reference: nul(obj({ path: 'str', fields: arr('str') })),
    mattrWindow: 'int',
    nearThreshold: 'num',
    tailMax: 'int',
    minSliceRows: 'int',
    maxLineBytes: 'int',
  }),
  rows: obj({
    total: 'int',
    parsed: 'int',
    malformed: 'int',
    blank: 'int',
    tooLong: 'int',
    invalidUtf8: 'int',
    emptyText: 'int',
    skippedBytes: 'int',
    readBytes: 'int',
    errors: arr(obj({ line: 'line', column: 'int', reason: 'str', message: 'str' })),
  }),
  shape: 'str',
  view: 'str',
  fields: arr('str'),
  sliceCandidates: arr(obj({ field: 'str', distinct: 'int' })),
  tokens: obj({ total: 'int', types: 'int', tokenizer: 'str' }),
  lexical: obj({
    ttr: 'num?',
    rttr: 'num?',
    mattr: 'num?',
    mattrWindow: 'int',
    mtld: 'num?',
    mtldThreshold: 'num',
    hdd: 'num?',
    hddDraws: 'int',
    distinct: obj({ 1: 'num?', 2: 'num?', 3: 'num?', 4: 'num?' }),
    compressionRatio: 'num?',
    perRow: obj({ tokens: histogram, distinct1: histogram, distinct2: histogram }),
  }),
  duplicates: obj({
    exact: obj({ rows: 'int', rate: 'num?', clusterCount: 'int', clusters: arr(cluster) }),
    near: obj({
      threshold: 'num',
      rowsRemovable: 'int',
      rateRemovable: 'num?',
      clusterCount: 'int',
      clusters: arr(cluster),
    }),
    templates: obj({
      openings: arr(templateEntry),
      phrases: arr(templateEntry),
      phrasesApproximate: opt('bool'),
      phrasesSampled: opt(obj({ rate: 'num', fromLine: 'int', rows: 'int', counted: 'int' })),
    }),
  }),
  tails: {
    mode: 'mode',
    cases: {
      self: obj({
        spectrum,
        hapaxTypeShare: 'num?',
        hapaxTokenShare: 'num?',
        lowFrequencyMax: 'int',
        lowFrequencyTokenShare: 'num?',
        zipf,
      }),
      reference: obj({
        spectrum,
        referenceFile: 'str',
        referenceRows: 'int',
        referenceTokens: 'int',
        tailMax: 'int',
        typeCoverage: 'num?',
        massCoverage: 'num?',
        allTypesCoverage: 'num?',
        jsDivergence: 'num?',
        sizeAdjusted: opt(
          nul(
            obj({
              subsampled: lit('dataset', 'reference'),
              toTokens: 'int',
              typeCoverage: 'num?',
              massCoverage: 'num?',
              allTypesCoverage: 'num?',
            }),
          ),
        ),
        bands: arr(obj({ count: 'int', types: 'int', covered: 'int', typeCoverage: 'num?' })),
        lostTypes: arr(obj({ token: 'str', referenceCount: 'int' })),
        lostTypesTotal: 'int',
        zipf: obj({ dataset: zipf, reference: zipf }),
        equalSize: nul(obj({ atTokens: 'int', retention: obj({ reference: 'num?', ratio: 'num?' }) })),
        baseline: nul(
          obj({
            atTokens: 'int',
            splits: 'int',
            datasetCoverage: 'num?',
            sameDistributionCoverage: 'num?',
            sameDistributionRange: arr('num?'),
            ratio: 'num?',
          }),
        ),
      }),
    },
  },
  slices: nul(
    obj({
      minRows: 'int',
      groups: arr(
        obj({
          field: 'str',
          budgetTokens: 'int',
          values: arr(
            obj({
              value: 'str',
              rows: 'int',
              tokens: 'int',
              mattr: 'num?',
              mtld: 'num?',
              exactDuplicateRate: 'num?',
              nearDuplicateRate: 'num?',
              flags: arr(obj({ measure: 'str', reason: 'str' })),
              flagged: 'bool',
              pooled: opt('bool'),
            }),
          ),
        }),
      ),
    }),
  ),
  instructions: opt(nul(instructions)),
  verdict: obj({
    level: lit('healthy', 'watch', 'collapse-prone'),
    reasons: arr(obj({ severity: lit(1, 2), measure: 'str', value: 'num?', threshold: 'num?', text: 'str' })),
    notes: opt(arr(reason)),
  }),
  timing: opt(obj({ seconds: 'num' })),
  partials: opt(arr(obj({}))),
});

const WHAT: Record<string, string> = {
  num: 'a number',
  'num?': 'a number or null',
  int: 'a whole number ≥ 0',
  line: 'a line number ≥ 1',
  str: 'a string',
  bool: 'true or false',
};

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Why `x` at `path` does not match `spec`, or null when it does (the first problem found). */
function problemAt(x: unknown, spec: Spec, path: string): string | null {
  if (typeof spec === 'string') {
    const ok =
      spec === 'num'
        ? typeof x === 'number'
        : spec === 'num?'
          ? x === null || typeof x === 'number'
          : spec === 'int'
            ? Number.isSafeInteger(x) && (x as number) >= 0
            : spec === 'line'
              ? Number.isSafeInteger(x) && (x as number) >= 1
              : spec === 'str'
                ? typeof x === 'string'
                : typeof x === 'boolean';
    return ok ? null : `\`${path}\` should be ${WHAT[spec]}, found ${describe(x)}`;
  }
  if ('opt' in spec) return x === undefined ? null : problemAt(x, spec.opt, path);
  if ('nul' in spec) return x === null ? null : problemAt(x, spec.nul, path);
  if ('lit' in spec)
    return spec.lit.includes(x as string | number)
      ? null
      : `\`${path}\` should be one of ${spec.lit.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(x)}`;
  if ('arr' in spec) {
    if (!Array.isArray(x)) return `\`${path}\` should be a list, found ${describe(x)}`;
    for (let i = 0; i < x.length; i++) {
      const p = problemAt(x[i], spec.arr, `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  if ('mode' in spec) {
    if (!isPlainObject(x)) return `\`${path}\` should be an object, found ${describe(x)}`;
    const cases = Object.keys(spec.cases);
    const c =
      typeof x.mode === 'string' && Object.hasOwn(spec.cases, x.mode) ? spec.cases[x.mode] : undefined;
    if (!c)
      return `\`${path}.mode\` should be one of ${cases.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(x.mode)}`;
    return problemAt(x, c, path);
  }
  if (!isPlainObject(x)) return `\`${path}\` should be an object, found ${describe(x)}`;
  for (const [k, s] of Object.entries(spec.obj)) {
    const v = x[k];
    const p = path ? `${path}.${k}` : k;
    if (v === undefined && !(typeof s === 'object' && 'opt' in s)) return `\`${p}\` is missing`;
    const q = problemAt(v, s, p);
    if (q) return q;
  }
  return null;
}

/** A short description of a JSON value for an error message. */
function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 39)}…` : x)}`;
  return `${typeof x} ${String(x)}`;
}

// ------------------------------------------------------------------ version

/**
 * Why: a report of an incompatible version must be refused, not half-read. Report keys are stable within a
 * release line (docs/report.md: keys may be added, never change meaning), so a report is readable when its major
 * version is ours — for 0.x versions, its major.minor (semver: 0.x minors may break). Null when compatible.
 */
export function reportVersionProblem(version: string, ours: string = TOOL_VERSION): string | null {
  const parse = (v: string): [number, number] | null => {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(v);
    return m ? [Number(m[1]), Number(m[2])] : null;
  };
  const theirs = parse(version);
  const mine = parse(ours);
  if (!theirs) return `its version ${JSON.stringify(version)} is not a version number`;
  if (!mine) return null; // our own version is always well-formed (a unit test checks package.json)
  const line = (v: [number, number]): string => (v[0] === 0 ? `${v[0]}.${v[1]}` : `${v[0]}`);
  if (line(theirs) === line(mine)) return null;
  return `it was written by diversity-lens ${version}; this version (${ours}) reads reports of ${line(mine)}.x only — open it with diversity-lens ${line(theirs)}.x, or analyse the dataset again`;
}

// ------------------------------------------------------------------ the checks

/**
 * Why: the one check of a parsed JSON value: is it a Diversity Lens analysis report this version can show? On
 * success `partials` is the length of the `partials` list a merged report carries (null for `analyze`'s report).
 */
export function validateReport(x: unknown): ReportCheck {
  if (!isPlainObject(x))
    return {
      ok: false,
      problem: `not a Diversity Lens analysis report: the JSON is ${describe(x)}, not a report object`,
    };
  const tool = x.tool;
  if (!isPlainObject(tool) || tool.name !== 'diversity-lens')
    return {
      ok: false,
      problem:
        'not a Diversity Lens analysis report (it has no `tool.name` "diversity-lens"); open a report written by `diversity-lens analyze --json`, `--out` or `merge`',
    };
  if (typeof tool.version !== 'string') return { ok: false, problem: '`tool.version` is missing' };
  const version = reportVersionProblem(tool.version);
  if (version) return { ok: false, problem: `a report of another version: ${version}` };
  const missing = ['rows', 'lexical', 'duplicates', 'tails', 'verdict'].filter((k) => !(k in x));
  if (missing.length >= 3)
    return {
      ok: false,
      problem: `a Diversity Lens file but not an analysis report (no ${missing.map((k) => `\`${k}\``).join(', ')})`,
    };
  const problem = problemAt(x, REPORT, '');
  if (problem) return { ok: false, problem: `not a complete analysis report: ${problem}` };
  return {
    ok: true,
    report: x as unknown as AnalysisReport,
    partials: Array.isArray(x.partials) ? x.partials.length : null,
  };
}

/**
 * Why: a report file's text → the checked report, telling a truncated file (the JSON ends early: an interrupted
 * copy or write) and an empty one apart from other invalid JSON.
 */
export function parseReportText(text: string): ReportCheck {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, problem: 'the file is empty' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // an error at the very end of the text (or "end of input"): the JSON was cut, not mistyped
    const at = /at position (\d+)/.exec(message);
    const atEnd = at !== null && Number(at[1]) >= body.trimEnd().length;
    if (atEnd || /end of (JSON )?input/i.test(message))
      return {
        ok: false,
        problem: `the JSON ends early — the file looks truncated (an interrupted write or copy?): ${message}`,
      };
    return { ok: false, problem: `not valid JSON: ${message}` };
  }
  return validateReport(value);
}
