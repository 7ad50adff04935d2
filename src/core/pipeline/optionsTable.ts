/**
 * The one table of analysis options. Each option is declared here once — key, type, range, default, CLI flag,
 * setting name, description — and everything else is derived from it: the CLI's parser (src/cli/analyzeCommand.ts,
 * mixCommand.ts), the settings reader (src/extension/analysis/analysisSettings.ts), the validators (src/protocol/) and
 * package.json's `contributes.configuration` (checked equal to {@link manifestProperties} by
 * test/unit/core/pipeline/optionsTable.test.ts; `npm run sync:settings` rewrites it). Before this table the CLI and the settings
 * disagreed on ranges (e.g. `--near-threshold` ≥ 0.01 but the setting ≥ 0.5).
 *
 * Pure TS without imports: the webview bundle, the protocol guards and the core all read it.
 *
 * Ranges are what a user can ask for; the core accepts wider values when called directly (tests, checks):
 *  - nearThreshold 0.5…1: below 0.5 two rows share less than a third of their 5-grams — not "near duplicates" — and
 *    the MinHash/LSH banding falls back to one hash per band, which makes almost every pair a candidate;
 *  - mattrWindow 10…100,000: a window under 10 tokens measures little more than within-phrase repetition;
 *  - maxLineBytes 1 KiB…256 MiB: a limit under 1 KiB skips ordinary rows as "too long"; a line over 256 MiB cannot
 *    become one JavaScript string safely (V8 strings stop near 2^29 characters).
 */

/** Tokenizers the analysis offers (src/core/tokenize/tokenizers.ts). */
export const TOKENIZERS = ['word', 'wink'] as const;
/** The name of a tokenizer. */
export type TokenizerName = (typeof TOKENIZERS)[number];

/** Text views: the detected shape's default fields, or the whole row. */
export const VIEWS = ['default', 'full'] as const;
/** The name of a text view. */
export type ViewName = (typeof VIEWS)[number];

/** Prefix of every setting name in package.json. */
export const SETTINGS_SECTION = 'diversityLens';

interface SpecBase {
  /** CLI flag without the leading dashes (none: not on the command line). */
  flag?: string;
  /** Setting name under `diversityLens.` (none: not a setting). */
  setting?: string;
  /** Every setting's Workspace Trust decision (required of settings by the table's test; see {@link TrustDecision}). */
  untrusted?: TrustDecision;
  description: string;
}

/**
 * What a hostile `.vscode/settings.json` could do with a setting, decided once per setting (docs/security.md,
 * "Workspace Trust"). A `restricted` setting is read from the user's settings alone until the workspace is trusted
 * ({@link scopedSettingValue}) and is listed in package.json's `restrictedConfigurations`
 * ({@link restrictedSettings}; `npm run sync:settings` writes it): anything that names a file or raises a resource
 * bound (memory per line, threads). The others only change which figures are computed from the rows the user chose to
 * analyse, at a bounded cost; `why` says which.
 */
export interface TrustDecision {
  restricted: boolean;
  why: string;
}

/** One choice among fixed names. */
export interface EnumSpec<T extends string = string> extends SpecBase {
  kind: 'enum';
  values: readonly T[];
  default: T;
}

/** A whole or real number in [min, max]. */
export interface NumberSpec extends SpecBase {
  kind: 'integer' | 'number';
  min: number;
  max: number;
  default: number;
}

/** A path (the reference dataset's file, or a field path of the rows): one non-empty string. */
export interface PathSpec extends SpecBase {
  kind: 'path';
  default: '';
  /** The value's placeholder in the help (default `FILE`). */
  placeholder?: string;
}

/** A repeatable string (field paths, group-by paths). */
export interface ListSpec extends SpecBase {
  kind: 'list';
}

/** An on/off switch. */
export interface BooleanSpec extends SpecBase {
  kind: 'boolean';
  default: boolean;
}

/** The declaration of one option. */
export type OptionSpec = EnumSpec | NumberSpec | PathSpec | ListSpec | BooleanSpec;

const MIB = 1024 * 1024;

/**
 * Every analysis option a user can set. Keys are AnalyzeOptions' keys (`reference` is the reference's path,
 * `referenceFields` its `fields`). The order is the manifest's order of the settings.
 */
export const ANALYSIS_OPTIONS = {
  tokenizer: {
    kind: 'enum',
    values: TOKENIZERS,
    default: 'word',
    flag: 'tokenizer',
    setting: 'tokenizer',
    untrusted: {
      restricted: false,
      why: 'Changes how rows are split into words, not what is read; `wink` costs about 8× the CPU of `word` in an analysis the user started and can cancel, and the panel shows the tokenizer in use.',
    },
    description:
      'Tokenizer: `word` (lowercased \\w+ runs, agrees with Python re.findall(r"\\w+", text.lower())) or `wink` (wink-nlp, about 8x slower here; see docs/fields.md).',
  } satisfies EnumSpec<TokenizerName>,
  maxLineBytes: {
    kind: 'integer',
    min: 1024,
    max: 256 * MIB,
    default: 16 * MIB,
    flag: 'max-line-bytes',
    setting: 'maxLineBytes',
    untrusted: {
      restricted: true,
      why: 'A memory bound: each analysis thread may hold a line of this many bytes as one string; a hostile 256 MiB raises it 16-fold (several threads at once).',
    },
    description: 'Lines longer than this many bytes are reported as too long and skipped.',
  } satisfies NumberSpec,
  reference: {
    kind: 'path',
    default: '',
    flag: 'reference',
    setting: 'referencePath',
    untrusted: {
      restricted: true,
      why: 'Names a file to read anywhere on disk (`/etc/passwd`, a key file): its rows would be read and its rare words shown in the panel.',
    },
    description:
      "Path of the reference (real/human) dataset used for tail-token coverage (relative paths: from the dataset's workspace folder). Restricted in untrusted workspaces: it can point outside the workspace.",
  } satisfies PathSpec,
  workers: {
    kind: 'integer',
    min: 0,
    max: 256,
    default: 0,
    flag: 'workers',
    setting: 'workers',
    untrusted: {
      restricted: true,
      why: 'A thread count: up to 256 analysis threads, each with a 32 MiB chunk and its tallies in memory.',
    },
    description:
      'Threads that analyse a large file in chunks at once (0: every available core). Files up to 32 MiB (8 MiB for .gz) and --strict analyses are read in one pass. The report is the same for any value.',
  } satisfies NumberSpec,
  mattrWindow: {
    kind: 'integer',
    min: 10,
    max: 100_000,
    default: 100,
    flag: 'mattr-window',
    setting: 'mattrWindow',
    untrusted: {
      restricted: false,
      why: 'Changes one figure; the MATTR pass is O(tokens) for any window, and the largest window costs a 400 KB ring per tracked slice (slices are capped).',
    },
    description: 'Window (tokens) of MATTR, the moving-average type/token ratio.',
  } satisfies NumberSpec,
  nearThreshold: {
    kind: 'number',
    min: 0.5,
    max: 1,
    default: 0.8,
    flag: 'near-threshold',
    setting: 'nearThreshold',
    untrusted: {
      restricted: false,
      why: 'Changes which pairs count as near duplicates; the candidate work is bounded by the LSH bucket cap and the stored-pair cap (nearDuplicates.ts) whatever the threshold.',
    },
    description: 'Word 5-gram Jaccard similarity at or above which two rows are near duplicates.',
  } satisfies NumberSpec,
  tailMax: {
    kind: 'integer',
    min: 1,
    max: 1000,
    default: 5,
    flag: 'tail-max',
    setting: 'tailMax',
    untrusted: {
      restricted: false,
      why: "Changes the tail band of the reference's word types; the reference itself is the restricted referencePath.",
    },
    description:
      'Tail band: reference word types seen at most this many times form the tail whose coverage is measured.',
  } satisfies NumberSpec,
  minSliceRows: {
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    default: 30,
    flag: 'min-slice-rows',
    setting: 'minSliceRows',
    untrusted: {
      restricted: false,
      why: 'Changes which slices are judged; the number of slices is capped by the slicer (slices.ts maxValues) whatever the value.',
    },
    description: 'Slices (group-by values) with fewer rows are pooled into "(other)" and not judged.',
  } satisfies NumberSpec,
  instructionSample: {
    kind: 'integer',
    min: 1,
    max: 1_000_000,
    default: 20_000,
    flag: 'instruction-sample',
    setting: 'instructionSample',
    untrusted: {
      restricted: true,
      why: 'A resource bound: the sampled prompts (up to 1,000 characters each) are held in memory and tagged by wink-nlp at about 1.4 MB/s; a hostile 1,000,000 raises the memory and the time of the instruction pass 50-fold.',
    },
    description:
      'Rows sampled (seeded, uniform) for the instruction figures: verb–noun pairs, nearest-instruction overlap, lemma diversity (docs/metrics.md, "Instructions").',
  } satisfies NumberSpec,
  instructionField: {
    kind: 'path',
    default: '',
    flag: 'instruction-field',
    placeholder: 'P',
    description:
      "Field path of each row's prompt side for the instruction figures (default: the first user turn, `instruction`, `prompt` or `question`, as the shape says).",
  } satisfies PathSpec,
  noInstructions: {
    kind: 'boolean',
    default: false,
    flag: 'no-instructions',
    description:
      'Skip the instruction figures (on by default whenever rows have a prompt side; they cost one wink-nlp pass over the sample).',
  } satisfies BooleanSpec,
  view: {
    kind: 'enum',
    values: VIEWS,
    default: 'default',
    flag: 'view',
    description: "Text view: the detected shape's default fields, or `full` (every string of the row).",
  } satisfies EnumSpec<ViewName>,
  fields: {
    kind: 'list',
    flag: 'field',
    description: 'Field path whose text is analysed (repeatable; joined with a newline).',
  } satisfies ListSpec,
  referenceFields: {
    kind: 'list',
    flag: 'reference-field',
    description: "Field path of the reference's text (repeatable; needs --reference).",
  } satisfies ListSpec,
  groupBy: {
    kind: 'list',
    flag: 'group-by',
    description: 'Field path whose values split the rows into slices (repeatable).',
  } satisfies ListSpec,
  strict: {
    kind: 'boolean',
    default: false,
    flag: 'strict',
    description: 'Stop at the first bad line (file:line:col: message); always one pass.',
  } satisfies BooleanSpec,
  chunkBytes: {
    kind: 'integer',
    min: 1024,
    max: Number.MAX_SAFE_INTEGER,
    default: 32 * MIB,
    flag: 'chunk-bytes',
    description: 'Bytes per chunk of a parallel analysis (files up to this size are read in one pass).',
  } satisfies NumberSpec,
} as const;

/** The key of an analysis option in the table. */
export type AnalysisOptionKey = keyof typeof ANALYSIS_OPTIONS;

/** Settings that are not analysis options (editor behaviour), declared here so the manifest has one source. */
export const EDITOR_SETTINGS = {
  highlights: {
    kind: 'boolean',
    default: true,
    setting: 'highlights.enabled',
    untrusted: { restricted: false, why: 'Turns the editor marks on or off.' },
    description:
      "Mark exact / near duplicate rows and rows opening with a flagged template in the editor's gutter and overview ruler, with a hover.",
  } satisfies BooleanSpec,
} as const;

/** An option's value as the table's kind describes it. */
export type OptionValue = string | number | boolean | string[];

/** A value a user gave for an option is out of its range or of the wrong type (the CLI turns it into a usage error). */
export class OptionValueError extends Error {
  override name = 'OptionValueError';
}

/** Why `v` is not a valid value of `spec` (null: it is). One wording for the CLI, the guards and the tests. */
export function optionProblem(spec: OptionSpec, v: unknown): string | null {
  switch (spec.kind) {
    case 'enum':
      return typeof v === 'string' && (spec.values as readonly string[]).includes(v)
        ? null
        : `must be one of ${spec.values.join(', ')}`;
    case 'integer':
    case 'number': {
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (spec.kind === 'number' || Number.isInteger(v)) &&
        v >= spec.min &&
        v <= spec.max;
      return ok
        ? null
        : `expects ${spec.kind === 'integer' ? 'an integer' : 'a number'} ≥ ${spec.min}${spec.max < Number.MAX_SAFE_INTEGER ? ` ≤ ${spec.max}` : ''}`;
    }
    case 'path':
      return typeof v === 'string' && v.length > 0 ? null : 'expects a path';
    case 'list':
      return Array.isArray(v) && v.every((s) => typeof s === 'string') ? null : 'expects strings';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'expects true or false';
  }
}

/**
 * The value of a command-line flag for `spec` (numbers parsed from their text). Throws OptionValueError
 * (`--flag expects an integer ≥ 10 ≤ 100000 (got "5")`) for a value out of the table's range.
 */
export function parseFlagValue(spec: EnumSpec | NumberSpec | PathSpec, raw: string): string | number {
  const v = spec.kind === 'integer' || spec.kind === 'number' ? (raw.trim() === '' ? NaN : Number(raw)) : raw;
  const problem = optionProblem(spec, v);
  if (problem) throw new OptionValueError(`--${spec.flag} ${problem} (got "${raw}")`);
  return v;
}

/**
 * The value of a setting for `spec`, or undefined when it is missing or invalid (an invalid setting is ignored,
 * so the core default applies). Integers are rounded down first, as VS Code only warns about fractions.
 */
export function settingValue(spec: OptionSpec, v: unknown): OptionValue | undefined {
  if (spec.kind === 'integer' && typeof v === 'number' && Number.isFinite(v)) v = Math.floor(v);
  if (spec.kind === 'path' && typeof v === 'string') v = v.trim();
  return optionProblem(spec, v) === null ? (v as OptionValue) : undefined;
}

/** The table's options that have a setting, with their keys. */
export function settingSpecs(): [AnalysisOptionKey, OptionSpec & { setting: string }][] {
  return (Object.entries(ANALYSIS_OPTIONS) as [AnalysisOptionKey, OptionSpec][]).filter(
    (e): e is [AnalysisOptionKey, OptionSpec & { setting: string }] => e[1].setting !== undefined,
  );
}

/**
 * The analysis options set by the settings `read` returns (only those set and valid; `reference` is the raw,
 * unresolved path). Why here: the extension's reader is then a lookup, and the rule is testable without VS Code.
 */
export function optionsFromSettings(
  read: (setting: string) => unknown,
): Partial<Record<AnalysisOptionKey, OptionValue>> {
  const out: Partial<Record<AnalysisOptionKey, OptionValue>> = {};
  for (const [key, spec] of settingSpecs()) {
    const v = settingValue(spec, read(spec.setting));
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** Every setting the manifest contributes (analysis and editor), with its full name `diversityLens.<setting>`. */
export function allSettings(): (OptionSpec & { setting: string; name: string })[] {
  const all: OptionSpec[] = [...Object.values(ANALYSIS_OPTIONS), ...Object.values(EDITOR_SETTINGS)];
  return all
    .filter((s): s is OptionSpec & { setting: string } => s.setting !== undefined)
    .map((s) => ({ ...s, name: `${SETTINGS_SECTION}.${s.setting}` }));
}

/**
 * The full names of the settings restricted in untrusted workspaces (package.json's
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`, written by `npm run sync:settings`). Why one list:
 * the manifest (VS Code's own filter) and the settings reader ({@link scopedSettingValue}) must agree.
 */
export function restrictedSettings(): string[] {
  return allSettings()
    .filter((s) => s.untrusted?.restricted === true)
    .map((s) => s.name);
}

/** A setting's values per scope, as `WorkspaceConfiguration.inspect` reports them (the default left out). */
export interface SettingScopes {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The value of a setting that applies, or undefined when only the default applies: the folder's, else the
 * workspace's, else the user's — except for a setting listed by {@link restrictedSettings} while the workspace is
 * not trusted, which is the user's alone (a hostile `.vscode/settings.json` cannot name a file to read or raise a
 * bound). Why here and not only in package.json: VS Code drops restricted workspace values itself, but `inspect` is
 * not documented to, and the rule is then testable without VS Code.
 */
export function scopedSettingValue(
  setting: string,
  scopes: SettingScopes | undefined,
  trusted: boolean,
): unknown {
  if (!scopes) return undefined;
  const name = setting.startsWith(`${SETTINGS_SECTION}.`) ? setting : `${SETTINGS_SECTION}.${setting}`;
  if (!trusted && restrictedSettings().includes(name)) return scopes.globalValue;
  return scopes.workspaceFolderValue ?? scopes.workspaceValue ?? scopes.globalValue;
}

/**
 * Why `o` (AnalyzeOptions received from elsewhere, e.g. a worker job) breaks the table, or null: every option the
 * table declares must be absent or valid; `reference` is `{ path, fields? }`. Keys the table does not declare
 * (internal ones) are not checked.
 */
export function analyzeOptionsProblem(o: Record<string, unknown>): string | null {
  for (const [key, spec] of Object.entries(ANALYSIS_OPTIONS) as [AnalysisOptionKey, OptionSpec][]) {
    if (key === 'reference' || key === 'referenceFields') continue;
    const v = o[key];
    const problem = v === undefined ? null : optionProblem(spec, v);
    if (problem) return `${key} ${problem}`;
  }
  const ref = o.reference;
  if (ref === undefined) return null;
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref))
    return 'reference expects { path, fields? }';
  const r = ref as Record<string, unknown>;
  const problem =
    optionProblem(ANALYSIS_OPTIONS.reference, r.path) ??
    (r.fields === undefined ? null : optionProblem(ANALYSIS_OPTIONS.referenceFields, r.fields));
  return problem ? `reference ${problem}` : null;
}

/** A package.json `contributes.configuration.properties` entry. */
export interface ManifestProperty {
  type: 'string' | 'integer' | 'number' | 'boolean';
  enum?: string[];
  default: string | number | boolean;
  minimum?: number;
  maximum?: number;
  description: string;
}

function manifestProperty(spec: OptionSpec): ManifestProperty {
  switch (spec.kind) {
    case 'enum':
      return { type: 'string', enum: [...spec.values], default: spec.default, description: spec.description };
    case 'integer':
    case 'number':
      return {
        type: spec.kind,
        default: spec.default,
        minimum: spec.min,
        maximum: spec.max,
        description: spec.description,
      };
    case 'path':
      return { type: 'string', default: spec.default, description: spec.description };
    case 'boolean':
      return { type: 'boolean', default: spec.default, description: spec.description };
    case 'list':
      throw new Error('list options are not settings');
  }
}

/** package.json's `contributes.configuration.properties`, derived from the table (settings in table order). */
export function manifestProperties(): Record<string, ManifestProperty> {
  const out: Record<string, ManifestProperty> = {};
  for (const spec of allSettings()) out[spec.name] = manifestProperty(spec);
  return out;
}
