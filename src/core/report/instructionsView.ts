/**
 * Pure view model of the panel's Instructions tab (webview/views/instructions.ts): which of the three states a report
 * is in (no `instructions` key, `null`, figures), the coverage figures, the two-level verb → noun chart's bars, the
 * lemma-vs-token table, the rates per 1,000 tokens and the overlap histograms. The view only lays out what these
 * return, so every number and every sentence it shows is unit-tested under Node without a DOM
 * (test/unit/core/report/instructionsView.test.ts). Figures are defined in docs/metrics.md ("Instructions").
 */
import type { AnalysisReport } from './reportTypes.ts';
import type { InstructionReport, PairCount } from '../instructions/instructionStats.ts';
import type { OverlapSummary } from '../instructions/rougeL.ts';
import { fmtInt, fmtNum, fmtPct } from './format.ts';

/** Where the prompt side of a row is looked for (promptSide.ts's default rules, in order), as the panel words it. */
export const PROMPT_SIDE_FIELDS = [
  'the first user turn of `messages` (OpenAI chat)',
  'the first human or user turn of `conversations` (ShareGPT)',
  '`instruction` (Alpaca, Dolly, Self-Instruct)',
  '`prompt` (or its first user turn when it is a chat array)',
  '`question`',
  'the first string of `turns` (MT-Bench)',
  'the first user turn of a role-marked `text`',
] as const;

/** The three states of the tab. */
export type InstructionsState =
  | { kind: 'absent'; title: string; message: string }
  | { kind: 'none'; title: string; message: string; fields: readonly string[] }
  | { kind: 'present'; report: InstructionReport };

/**
 * Why: a report without the key (made with `--no-instructions`, or before the figures existed), with `null` (no row
 * has a prompt side) and with figures need three different explanations; the tab says which and what to do.
 */
export function instructionsState(r: Pick<AnalysisReport, 'instructions'>): InstructionsState {
  if (r.instructions === undefined) return { kind: 'absent', ...ABSENT_NOTICE };
  if (r.instructions === null) return { kind: 'none', ...NONE_NOTICE, fields: PROMPT_SIDE_FIELDS };
  return { kind: 'present', report: r.instructions };
}

/** What the tab says of a report without the `instructions` key (code spans between backticks). */
const ABSENT_NOTICE = {
  title: 'This analysis ran without the instruction figures',
  message:
    'The report has no `instructions` section: it was made with `--no-instructions`, or by a version of ' +
    'Diversity Lens without them. They are on by default whenever rows have a prompt side: analyse the ' +
    'dataset again (the CLI without `--no-instructions`; `--instruction-field P` chooses the prompt field).',
};

/** What the tab says of `instructions: null`, above the list of PROMPT_SIDE_FIELDS. */
const NONE_NOTICE = {
  title: 'No row has a prompt side',
  message:
    'Instruction figures are measured on what each row asks. None of the first rows had one of these fields ' +
    '(tried in this order; `--instruction-field P` names another):',
};

/** One labelled figure of the tab (a <dl class="counts"> entry); `key` is its path in the report. */
export interface InstructionFigure {
  key: string;
  label: string;
  value: number | null;
  text: string;
  /** Definition shown on hover. */
  definition: string;
}

/** Why: the coverage figures in display order, each with its report path and definition (docs/metrics.md). */
export function coverageFigures(ins: InstructionReport): InstructionFigure[] {
  const n = ins.sampledRows;
  const ofSample = (rows: number): string =>
    n === 0 ? fmtInt(rows) : `${fmtInt(rows)} (${fmtPct(rows / n)})`;
  const f = (
    key: keyof InstructionReport,
    label: string,
    text: string,
    definition: string,
  ): InstructionFigure => ({
    key: `instructions.${key}`,
    label,
    value: ins[key] as number | null,
    text,
    definition,
  });
  return [
    f(
      'sampledRows',
      'Sampled rows',
      `${fmtInt(n)} of ${fmtInt(ins.promptRows)} prompt rows`,
      `A seeded uniform sample (seed ${ins.seed}, at most ${fmtInt(ins.sampleSize)}) of the rows with a prompt side; ` +
        `every figure of this tab is measured on it (first ${fmtInt(ins.maxPromptChars)} characters of each prompt).`,
    ),
    f(
      'promptRows',
      'Rows with a prompt side',
      `${fmtInt(ins.promptRows)} of ${fmtInt(ins.rows)} rows`,
      'Rows whose prompt side (first user turn, instruction, prompt, question…) is not blank.',
    ),
    f(
      'distinctVerbs',
      'Distinct verbs',
      fmtInt(ins.distinctVerbs),
      'Distinct root verbs (lemmatised) of the sampled prompts.',
    ),
    f(
      'distinctPairs',
      'Distinct verb–noun pairs',
      fmtInt(ins.distinctPairs),
      'Distinct (root verb, first noun object) pairs, a verb without an object counted as its own pair.',
    ),
    f(
      'top10Share',
      'Top-10 pairs cover',
      fmtPct(ins.top10Share),
      'Share of the sampled rows whose pair is one of the 10 most common pairs.',
    ),
    f(
      'top20Share',
      'Top-20 pairs cover',
      fmtPct(ins.top20Share),
      'Share of the sampled rows whose pair is one of the 20 most common pairs (Self-Instruct: 14% on 52k instructions).',
    ),
    f(
      'pairEntropy',
      'Pair entropy',
      ins.pairEntropy === null ? 'n/a' : `${fmtNum(ins.pairEntropy, 2)} bits`,
      'Shannon entropy of the verb–noun pair distribution over the sampled rows with a verb (higher: more kinds of ask).',
    ),
    f(
      'noVerbRows',
      'Rows with no verb',
      ofSample(ins.noVerbRows),
      'Sampled rows where the rules found no root verb (greetings, bare questions, lists of words).',
    ),
    f(
      'verbOnlyRows',
      'Rows with a verb but no object',
      ofSample(ins.verbOnlyRows),
      'Sampled rows with a root verb but no noun object ("Explain why …"): their pair is the verb alone.',
    ),
  ];
}

/** One segment of a verb's bar: a noun, or the rest of the verb's rows. */
export interface VerbNounSegment {
  /** The noun, or null for the rest (other nouns and no object). */
  noun: string | null;
  /** Drawn inside the segment: the noun, "no object" (the rest is all the verb's rows without one) or "other". */
  label: string;
  /** Tooltip name: "write → poem", "explain: no object", "write: other nouns or no object". */
  title: string;
  /** The rest is exactly the verb's (verb, no object) pair of `topPairs`: a click selects that pair. */
  noObject: boolean;
  rows: number;
  /** Share of the sampled rows. */
  share: number;
}

/** One bar of the two-level chart: a verb, its rows and its top nouns then the rest. */
export interface VerbNounBar {
  verb: string;
  rows: number;
  share: number;
  /** Top nouns (most rows first), then "other" when the nouns listed do not cover the verb's rows. */
  segments: VerbNounSegment[];
  /** Accessible description of the bar, e.g. "write: 120 rows (12.0%); poem 40, story 30, other 50". */
  description: string;
}

/**
 * Why: Self-Instruct's Figure 3 as nested bars — each top verb a bar as long as its rows, split into its top nouns and
 * the rest ("other": other nouns, or no object). Shares are of the sampled rows, so the bars of a homogeneous set are
 * long and few. Verbs keep the report's order (most rows first).
 */
export function verbNounBars(ins: InstructionReport): VerbNounBar[] {
  const n = ins.sampledRows;
  const share = (rows: number): number => (n === 0 ? 0 : rows / n);
  return ins.topVerbs.map((v) => {
    const segments: VerbNounSegment[] = v.nouns.map((x) => ({
      noun: x.noun,
      label: x.noun,
      title: `${v.verb} → ${x.noun}`,
      noObject: false,
      rows: x.rows,
      share: share(x.rows),
    }));
    const rest = v.rows - v.nouns.reduce((s, x) => s + x.rows, 0);
    // the rest is "no object" exactly when the verb's (verb, none) pair is listed with all of its rows
    const noObject = ins.topPairs.find((p) => p.verb === v.verb && p.noun === null)?.rows === rest;
    if (rest > 0)
      segments.push({
        noun: null,
        label: noObject ? 'no object' : 'other',
        title: noObject ? `${v.verb}: no object` : `${v.verb}: other nouns or no object`,
        noObject,
        rows: rest,
        share: share(rest),
      });
    return {
      verb: v.verb,
      rows: v.rows,
      share: share(v.rows),
      segments,
      description: `${v.verb}: ${fmtInt(v.rows)} rows (${fmtPct(share(v.rows))}); ${segments
        .map((s) => `${s.label} ${fmtInt(s.rows)}`)
        .join(', ')}`,
    };
  });
}

/** A pair as the table and the chart name it: "write → poem", or "explain (no object)". */
export function pairLabel(p: Pick<PairCount, 'verb' | 'noun'>): string {
  return p.noun === null ? `${p.verb} (no object)` : `${p.verb} → ${p.noun}`;
}

/** One row of the lemma-vs-token table. */
export interface FormRow {
  key: 'ttr' | 'mattr' | 'distinct2' | 'types' | 'tokens';
  label: string;
  lemma: number | null;
  token: number | null;
  lemmaText: string;
  tokenText: string;
  definition: string;
}

/** Why: lemma and token figures side by side, so that inflection inflating diversity shows as a gap between them. */
export function formRows(ins: InstructionReport): FormRow[] {
  const row = (
    key: FormRow['key'],
    label: string,
    fmt: (x: number | null) => string,
    definition: string,
  ): FormRow => ({
    key,
    label,
    lemma: ins.lemma[key],
    token: ins.token[key],
    lemmaText: fmt(ins.lemma[key]),
    tokenText: fmt(ins.token[key]),
    definition,
  });
  const r3 = (x: number | null): string => fmtNum(x, 3);
  return [
    row('ttr', 'TTR', r3, 'Types / tokens over the sampled prompts.'),
    row(
      'mattr',
      'MATTR',
      r3,
      'Mean TTR over every window of 100 consecutive tokens (the prompts as one stream, in line order).',
    ),
    row('distinct2', 'Distinct-2', r3, 'Distinct bigrams / bigrams, bigrams formed inside each prompt.'),
    row('types', 'Types', fmtInt, 'Distinct forms.'),
    row('tokens', 'Tokens', fmtInt, 'Words and numbers of the sampled prompts (punctuation left out).'),
  ];
}

/** One row of the rates table. */
export interface RateRow {
  /** Path in the report (`instructions.ratesPer1000.urls`, `instructions.ratesPer1000.entities.DATE`). */
  key: string;
  label: string;
  value: number;
  text: string;
}

/** Why: URLs, e-mails, emoji, hashtags, numbers and every entity type found, per 1,000 tokens of the sample. */
export function rateRows(ins: InstructionReport): RateRow[] {
  const r = ins.ratesPer1000;
  const row = (key: string, label: string, value: number): RateRow => ({
    key: `instructions.ratesPer1000.${key}`,
    label,
    value,
    text: fmtNum(value, 2),
  });
  return [
    row('urls', 'URLs', r.urls),
    row('emails', 'E-mail addresses', r.emails),
    row('emoji', 'Emoji and emoticons', r.emoji),
    row('hashtags', 'Hashtags', r.hashtags),
    row('numbers', 'Numbers', r.numbers),
    ...Object.keys(r.entities)
      .sort()
      .map((k) => row(`entities.${k}`, `Entities: ${k}`, r.entities[k])),
  ];
}

/** The overlap histograms as chart series: x = each bin's left edge (0, 0.05, …, 0.95), y = prompts per bin. */
export interface OverlapSeries {
  x: number[];
  ys: number[][];
  labels: string[];
}

/**
 * Why: the nearest-instruction overlap within the sample, and against the reference's prompts when the report has
 * them, on one axis of ROUGE-L bins (the bins are the report's: 20 of width 0.05, the last holding 1.0).
 */
export function overlapSeries(
  within: OverlapSummary | null,
  reference?: OverlapSummary | null,
): OverlapSeries | null {
  const lists = [
    within ? { label: 'within the sample', h: within.histogram } : null,
    reference ? { label: 'vs the reference', h: reference.histogram } : null,
  ].filter((s): s is { label: string; h: number[] } => s !== null);
  if (lists.length === 0) return null;
  const bins = Math.max(...lists.map((s) => s.h.length));
  return {
    x: Array.from({ length: bins }, (_, k) => Math.round(k * (100 / bins)) / 100),
    ys: lists.map((s) => Array.from({ length: bins }, (_, k) => s.h[k] ?? 0)),
    labels: lists.map((s) => s.label),
  };
}

/** Why: the overlap figures beside the histogram (median, share above 0.7, mean, prompts compared). */
export function overlapFigures(
  prefix: 'instructions.overlap' | 'instructions.referenceOverlap',
  o: OverlapSummary,
): InstructionFigure[] {
  return [
    {
      key: `${prefix}.median`,
      label: 'Median ROUGE-L',
      value: o.median,
      text: fmtNum(o.median, 3),
      definition:
        'Median over the prompts compared of the ROUGE-L F-measure with the most similar other prompt.',
    },
    {
      key: `${prefix}.shareAbove07`,
      label: 'Share above 0.7',
      value: o.shareAbove07,
      text: fmtPct(o.shareAbove07),
      definition:
        'Share of the prompts compared whose nearest prompt has ROUGE-L above 0.7 (Self-Instruct drops those).',
    },
    {
      key: `${prefix}.mean`,
      label: 'Mean ROUGE-L',
      value: o.mean,
      text: fmtNum(o.mean, 3),
      definition: 'Mean of the nearest-prompt ROUGE-L F-measures.',
    },
    {
      key: `${prefix}.prompts`,
      label: 'Prompts compared',
      value: o.prompts,
      text: fmtInt(o.prompts),
      definition: 'The first prompts of the sample by key: itself a uniform sample.',
    },
  ];
}

/** One block of overlap figures under the histogram: its element id, its heading and its figures. */
export interface OverlapSection {
  id: 'overlap-within' | 'overlap-reference';
  title: string;
  figures: InstructionFigure[];
}

/**
 * Why: the overlap within the sample and the overlap against the reference are shown alike (a heading saying what
 * was compared, then overlapFigures); one list, in that order, holding only those the report has.
 */
export function overlapSections(ins: InstructionReport): OverlapSection[] {
  const sections: OverlapSection[] = [];
  if (ins.overlap)
    sections.push({
      id: 'overlap-within',
      title: `Within the sample (first ${fmtInt(ins.overlap.prompts)} prompts by sample key)`,
      figures: overlapFigures('instructions.overlap', ins.overlap),
    });
  if (ins.referenceOverlap)
    sections.push({
      id: 'overlap-reference',
      title: `Against the reference (${fmtInt(ins.referenceOverlap.referencePrompts)} reference prompts)`,
      figures: overlapFigures('instructions.referenceOverlap', ins.referenceOverlap),
    });
  return sections;
}

/** What the tab lists when a pair is clicked (in the table or the chart). */
export interface PairSelection {
  label: string;
  /** Sampled rows with the pair (or in the verb's "other" segment). */
  rows: number;
  /** The example line numbers the report keeps (the pair's first two sampled rows), smallest first. */
  lines: number[];
  /** One sentence on what is listed. */
  note: string;
}

/**
 * Why: a click on a pair lists its example rows; the report keeps two per top pair, none for the rest of the chart,
 * and the list says so rather than showing nothing. `noun` null with `other` true: a verb's "other" segment.
 */
export function pairSelection(
  ins: InstructionReport,
  verb: string,
  noun: string | null,
  other = false,
): PairSelection {
  if (other) {
    const v = ins.topVerbs.find((x) => x.verb === verb);
    const rows = v ? v.rows - v.nouns.reduce((s, x) => s + x.rows, 0) : 0;
    const verbOnly = ins.topPairs.find((p) => p.verb === verb && p.noun === null);
    return {
      label: `${verb} → other nouns or no object`,
      rows,
      lines: verbOnly ? [...verbOnly.lines] : [],
      note: verbOnly
        ? `${fmtInt(rows)} sampled rows; example rows of “${pairLabel(verbOnly)}”:`
        : `${fmtInt(rows)} sampled rows; the report keeps example rows for its top pairs only.`,
    };
  }
  const p = ins.topPairs.find((x) => x.verb === verb && x.noun === noun);
  const label = pairLabel({ verb, noun });
  if (!p) {
    const rows = ins.topVerbs.find((x) => x.verb === verb)?.nouns.find((x) => x.noun === noun)?.rows ?? 0;
    return {
      label,
      rows,
      lines: [],
      note: `${fmtInt(rows)} sampled rows; not among the report’s ${ins.topPairs.length} top pairs, so it keeps no example rows.`,
    };
  }
  const lines = [...p.lines].sort((a, b) => a - b);
  return {
    label,
    rows: p.rows,
    lines,
    note: `${fmtInt(p.rows)} sampled rows (${fmtPct(p.share)}); example rows (its first ${lines.length} in the sample, by line):`,
  };
}
