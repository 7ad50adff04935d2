/**
 * Instruction diversity over a seeded uniform sample of a dataset's prompts: verb–noun pairs (how few kinds of
 * ask cover the rows), nearest-instruction ROUGE-L overlap, lemma-level diversity and the rates of URLs, e-mails,
 * emoji, hashtags, numbers and entity types per 1,000 tokens.
 * Why a sample: wink-nlp's tagger runs at about a megabyte per second, so tagging every prompt of a large file
 * would dominate the analysis; 20,000 uniformly sampled prompts give the shares to within about ±0.7 points (two standard errors).
 *
 * The sample (docs/metrics.md, "Instructions"): among the rows that have a prompt side (promptSide.ts), the
 * `sampleSize` rows with the smallest 64-bit key hash(sampleId, seed) (addRow: the line by default; the analysis
 * passes the row's byte offset, PassState.sampleIdBase) — a bottom-k sample, which is uniform and depends only on
 * the ids and the seed: the same rows whatever the chunking or the worker count, and
 * two halves merge into exactly the one-pass sample (keep the k smallest keys of the union). Only the kept rows'
 * prompt texts (their first `maxPromptChars` characters) are stored; wink runs at `finish`, once per sampled prompt.
 */
import type { Accumulator } from '../pipeline/accumulator.ts';
import { fmix32, murmurFinish, murmurMix, xxFinish, xxMix, xxStart } from '../sketches/hashing.ts';
import { NgramHashSet } from '../sketches/ngramHashSet.ts';
import { MattrWindow } from '../lexical/lexicalMattr.ts';
import type { PromptSide } from './promptSide.ts';
import {
  DEFAULT_OVERLAP_SAMPLE,
  nearestOverlap,
  rougeTokens,
  summarizeOverlap,
  TokenIds,
  type OverlapSummary,
} from './rougeL.ts';
import { tagPrompts, type PromptTags } from './promptTags.ts';

/** Defaults of the instruction figures. */
export const INSTRUCTION_DEFAULTS = {
  /** Rows sampled (`--instruction-sample N`). */
  sampleSize: 20_000,
  /** Seed of the sample's key hash. */
  seed: 1,
  /** Prompts of the sample compared pairwise by ROUGE-L (the first by key: itself a uniform sample). */
  overlapSampleSize: DEFAULT_OVERLAP_SAMPLE,
  /** MATTR window of the lemma and token figures (the lexical figures' default). */
  mattrWindow: 100,
  /** Characters of each prompt kept and analysed (UTF-16 code units; a surrogate pair is never split). */
  maxPromptChars: 1000,
  /** Pairs listed in `topPairs`; verbs in `topVerbs`; nouns per verb there. */
  topPairs: 20,
  topVerbs: 20,
  nounsPerVerb: 4,
} as const;

export type InstructionOptions = Partial<{ -readonly [K in keyof typeof INSTRUCTION_DEFAULTS]: number }>;

/** One sampled row: its key (two 32-bit halves), its line and its (truncated) prompt. */
export interface SampledPrompt {
  hi: number;
  lo: number;
  line: number;
  text: string;
  /** The row's value of each --group-by path (null: none), when the run has slices. */
  groups?: (string | null)[];
}

/** The accumulator's state as plain data (a chunk's snapshot, merged in any order). */
export interface InstructionPartial {
  sampleSize: number;
  seed: number;
  maxPromptChars: number;
  /** Rows given to addRow. */
  rows: number;
  /** Of those, rows with a prompt side. */
  promptRows: number;
  /** The kept rows, any order. */
  kept: SampledPrompt[];
}

/** A verb–noun pair with its sampled rows and its two first example lines. */
export interface PairCount {
  verb: string;
  /** null: the verb has no noun object. */
  noun: string | null;
  rows: number;
  /** Share of the sampled rows. */
  share: number;
  /** The two smallest line numbers of sampled rows with this pair (one when the pair has one row). */
  lines: number[];
}

/** A verb with its rows and its most common noun objects (the panel's two-level chart). */
export interface VerbCount {
  verb: string;
  rows: number;
  nouns: { noun: string; rows: number }[];
}

/** TTR, MATTR and distinct-2 of one token form over the sample's prompts. */
export interface FormDiversity {
  tokens: number;
  types: number;
  /** types / tokens; null without tokens. */
  ttr: number | null;
  /** MATTR with `mattrWindow` over the prompts in line order (one stream); null with fewer tokens than the window. */
  mattr: number | null;
  /** Distinct bigrams / bigrams, bigrams formed inside each prompt; null without bigrams. */
  distinct2: number | null;
}

/** Per 1,000 tokens of the sample's prompts. */
export interface TokenRates {
  /** Tokens counted (the denominator): wink tokens that are not punctuation or white space. */
  tokens: number;
  urls: number;
  emails: number;
  /** Emoji and emoticons. */
  emoji: number;
  hashtags: number;
  /** Tokens of wink type `number` ("12", "3.5"; not "three"). */
  numbers: number;
  /** Entities per type (DATE, CARDINAL, ORDINAL, MONEY, PERCENT, TIME, DURATION, URL, EMAIL, HASHTAG, EMOJI, …). */
  entities: Record<string, number>;
}

/** The instruction figures of a dataset. */
export interface InstructionReport {
  /** The sample's cap and seed, as run. */
  sampleSize: number;
  seed: number;
  maxPromptChars: number;
  /** Rows seen, and those with a prompt side (the population sampled). */
  rows: number;
  promptRows: number;
  sampledRows: number;
  /** Sampled rows where the rules found no verb. */
  noVerbRows: number;
  /** Sampled rows with a verb but no noun object (their pair is (verb, null)). */
  verbOnlyRows: number;
  distinctVerbs: number;
  /** Distinct (verb, noun) pairs, (verb, null) included. */
  distinctPairs: number;
  /** Share of the sampled rows covered by the 10 / 20 most common pairs; null without sampled rows. */
  top10Share: number | null;
  top20Share: number | null;
  /** Shannon entropy (bits) of the pair distribution over the rows with a verb; null without such a row. */
  pairEntropy: number | null;
  topPairs: PairCount[];
  topVerbs: VerbCount[];
  lemma: FormDiversity;
  /** The same figures on wink's normal forms (the `wink` tokenizer's tokens), for comparison on the same sample. */
  token: FormDiversity;
  ratesPer1000: TokenRates;
  /** Nearest-instruction overlap within the first `overlapSampleSize` sampled prompts (by key); null below 2. */
  overlap: (OverlapSummary & { sampleSize: number }) | null;
  /** The same prompts against the reference's prompts, when finish was given them. */
  referenceOverlap?: (OverlapSummary & { referencePrompts: number }) | null;
  /**
   * The reference's common verb–noun pairs (its most common MISSING_PAIR_CANDIDATES pairs with a noun and at least
   * two sampled reference rows) that no sampled row of the dataset has, most common first; when finish was given the
   * reference's pairs.
   */
  missingReferencePairs?: MissingPair[];
  /**
   * The reference's own sample (same sampler, default prompt rules), when a reference was given: its headline
   * figures beside the dataset's; null when the reference's rows have no prompt side.
   */
  reference?: ReferenceInstructions | null;
  /** Per slice (--group-by), the headline figures on the slice's rows of the sample; when the run has slices. */
  slices?: SliceInstructions[];
}

/** The headline figures of the reference's sample. */
export interface ReferenceInstructions {
  promptRows: number;
  sampledRows: number;
  distinctPairs: number;
  top10Share: number | null;
  pairEntropy: number | null;
}

/** A pair common in the reference's sample and absent from the dataset's. */
export interface MissingPair {
  verb: string;
  noun: string | null;
  /** Sampled reference rows with the pair, and their share of the reference's sampled rows. */
  referenceRows: number;
  referenceShare: number;
}

/**
 * The headline instruction figures of one slice: the same definitions as the whole's, over the sampled rows whose
 * group-by value is `value` (the sample restricted to a slice is a uniform sample of the slice).
 */
export interface SliceInstructions {
  field: string;
  value: string;
  sampledRows: number;
  noVerbRows: number;
  distinctPairs: number;
  top10Share: number | null;
  pairEntropy: number | null;
  /** The slice's most common pair (ties by name), null when no sampled row of it has a verb. */
  topPair: { verb: string; noun: string | null; rows: number; share: number } | null;
}

/** Reference pairs looked at for `missingReferencePairs`. */
export const MISSING_PAIR_CANDIDATES = 50;
/** Slices listed per group-by path (most sampled rows first), and the sampled rows a slice needs to be listed. */
export const MAX_INSTRUCTION_SLICES = 50;
export const MIN_INSTRUCTION_SLICE_ROWS = 20;

/**
 * The sample key of a line: two independent 32-bit hashes of (line, seed) (MurmurHash3 and an xxHash32-style mix
 * of the line's two 32-bit words). Why exported: tests and any other sampler of rows by line use the same keys.
 */
export function sampleKey(line: number, seed: number): { hi: number; lo: number } {
  const a = line >>> 0;
  const b = Math.floor(line / 4294967296) >>> 0;
  return {
    hi: murmurFinish(murmurMix(murmurMix(seed | 0, a), b), 2),
    lo: xxFinish(xxMix(xxMix(xxStart(seed | 0), a), b), 2),
  };
}

/**
 * Shifts the line numbers of a partial whose lines were numbered from a range's start (partialRebase.ts does this
 * for the other accumulators). Keys are not touched: they come from the sample ids, which must be absolute already.
 */
export function rebaseInstructionPartial(p: InstructionPartial, delta: number): InstructionPartial {
  for (const e of p.kept) e.line += delta;
  return p;
}

/** Orders kept rows by key (ties, impossible for distinct lines in practice, by line). */
function keyLess(x: SampledPrompt, y: SampledPrompt): boolean {
  return x.hi !== y.hi ? x.hi < y.hi : x.lo !== y.lo ? x.lo < y.lo : x.line < y.line;
}

/** `text` cut to `max` UTF-16 units without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end);
}

/** A max-heap by key of at most `cap` rows: the bottom-k sample. */
class BottomK {
  readonly heap: SampledPrompt[] = [];
  constructor(readonly cap: number) {}

  /** Whether a row with this key would be kept (cheap test before extracting its prompt). */
  admits(x: SampledPrompt): boolean {
    return this.cap > 0 && (this.heap.length < this.cap || keyLess(x, this.heap[0]));
  }

  offer(x: SampledPrompt): void {
    const h = this.heap;
    if (h.length < this.cap) {
      h.push(x);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!keyLess(h[p], h[i])) break;
        [h[p], h[i]] = [h[i], h[p]];
        i = p;
      }
      return;
    }
    if (!keyLess(x, h[0])) return;
    h[0] = x;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && keyLess(h[m], h[l])) m = l;
      if (r < h.length && keyLess(h[m], h[r])) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
}

/** Counts how often each key occurs. */
function bump<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/**
 * Streams tokens of one form into TTR / MATTR / distinct-2 counters. Tokens arrive as ids into a run's string table
 * (promptTags.ts); each string gets this counter's own id on first sight, and a bigram is the exact 64-bit key
 * (previous id, fmix32 of the id offset by the previous one) — one-to-one for ids below 2^32, so the set of keys
 * counts the distinct bigrams exactly, without building a string per bigram.
 */
class FormCounter {
  private readonly ids = new Map<string, number>();
  private readonly bigrams = new NgramHashSet(1 << 14);
  private readonly mattr: MattrWindow;
  private tokens = 0;
  private bigramTotal = 0;
  /** The current run's table, and its entries' ids here (-1: not seen yet in this run). */
  private forms: readonly string[] = [];
  private local = new Int32Array(0);

  constructor(window: number) {
    this.mattr = new MattrWindow(window);
  }

  /** Starts a run whose prompts give ids into `forms`. */
  beginRun(forms: readonly string[]): void {
    this.forms = forms;
    this.local = new Int32Array(forms.length).fill(-1);
  }

  /** Adds one prompt's tokens, run ids[from, to) (bigrams do not cross prompts; MATTR windows do). */
  addPrompt(runIds: Int32Array, from: number, to: number): void {
    let prev = -1;
    for (let k = from; k < to; k++) {
      const r = runIds[k];
      let id = this.local[r];
      if (id < 0) {
        const f = this.forms[r];
        const known = this.ids.get(f);
        if (known === undefined) {
          id = this.ids.size;
          this.ids.set(f, id);
        } else id = known;
        this.local[r] = id;
      }
      this.mattr.push(id);
      this.tokens++;
      if (prev >= 0) {
        this.bigrams.add(prev, fmix32((id + Math.imul(prev, 0x9e3779b1)) | 0));
        this.bigramTotal++;
      }
      prev = id;
    }
  }

  result(): FormDiversity {
    return {
      tokens: this.tokens,
      types: this.ids.size,
      ttr: this.tokens === 0 ? null : this.ids.size / this.tokens,
      mattr: this.mattr.value(),
      distinct2: this.bigramTotal === 0 ? null : this.bigrams.size / this.bigramTotal,
    };
  }
}

/** Sorts pair or verb entries: most rows first, then by name (null noun after any noun) — a total order. */
function byRowsThenName(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** Key of a pair in the count maps ("\u0000" cannot occur in a lemma; a null noun sorts after every noun). */
function pairKey(verb: string, noun: string | null): string {
  return `${verb}\u0000${noun ?? '\uffff'}`;
}

/**
 * The instruction accumulator (pipeline/accumulator.ts lifecycle): `addRow(line, value)` in any order, `snapshot()`
 * / `merge()` for chunks, `finish(referencePrompts?)` once. Why one class: the sample, the wink pass and every figure
 * derived from it stay together, so a chunked run and a one-pass run cannot compute them differently.
 */
export class InstructionAccumulator implements Accumulator<
  [line: number, value: unknown, sampleId?: number, groups?: (string | null)[]],
  InstructionReport,
  [referencePrompts?: readonly string[], referencePairs?: readonly PairCount[]]
> {
  private readonly o: Required<InstructionOptions>;
  private sample: BottomK;
  private rows = 0;
  private promptRows = 0;
  private state: 'open' | 'finished' | 'disposed' = 'open';
  /** The sample in line order, once asked for (promptsByLine, finish). */
  private byLineCache: SampledPrompt[] | null = null;
  /** The overlaps prepared ahead of the tags, and the reference prompts they were computed with. */
  private overlaps: {
    referencePrompts: readonly string[] | undefined;
    overlap: InstructionReport['overlap'];
    referenceOverlap: InstructionReport['referenceOverlap'];
  } | null = null;

  /** `groupBy`: the run's --group-by paths, whose values addRow's `groups` gives (the per-slice figures). */
  constructor(
    private readonly side: PromptSide,
    options: InstructionOptions = {},
    private readonly groupBy: readonly string[] = [],
  ) {
    this.o = { ...INSTRUCTION_DEFAULTS, ...options };
    for (const [k, v] of Object.entries(this.o))
      if (!Number.isSafeInteger(v) || (v < 0 && k !== 'seed'))
        throw new RangeError(`instruction option ${k} must be a non-negative integer, got ${v}`);
    if (this.o.maxPromptChars < 1) throw new RangeError('instruction option maxPromptChars must be ≥ 1');
    this.sample = new BottomK(this.o.sampleSize);
  }

  /**
   * Adds one row: its 1-based line in the whole dataset, its parsed value and the number its sample key hashes —
   * the line by default. Why separate: the key must name the row the same way in every mode; a byte-range task that
   * numbers lines from its range's start passes the row's absolute byte offset instead (then every task of the run
   * must, and the sample differs from the line-keyed one but is again the same for any split). The analysis
   * (PassState) passes byte offsets in every mode, so all modes sample the same rows. `groups`: the row's --group-by
   * values (the per-slice figures; ignored without the constructor's `groupBy`).
   */
  addRow(line: number, value: unknown, sampleId: number = line, groups?: (string | null)[]): void {
    if (this.state !== 'open') throw new Error('InstructionAccumulator.addRow after finish()/dispose()');
    this.rows++;
    const text = this.side.extract(value);
    if (text === null) return;
    this.promptRows++;
    const { hi, lo } = sampleKey(sampleId, this.o.seed);
    const entry: SampledPrompt = { hi, lo, line, text: '' };
    if (!this.sample.admits(entry)) return;
    entry.text = truncate(text, this.o.maxPromptChars);
    if (groups !== undefined && this.groupBy.length > 0) entry.groups = groups;
    this.sample.offer(entry);
    this.byLineCache = null;
    this.overlaps = null;
  }

  /** The state as plain data (JSON-safe), for a chunk's partial. */
  snapshot(): InstructionPartial {
    return {
      sampleSize: this.o.sampleSize,
      seed: this.o.seed,
      maxPromptChars: this.o.maxPromptChars,
      rows: this.rows,
      promptRows: this.promptRows,
      kept: this.sample.heap.map((e) => ({ ...e })),
    };
  }

  /** Folds in another part of the same dataset (any order): the union's bottom-k, counts added. */
  merge(p: InstructionPartial): void {
    if (this.state !== 'open') throw new Error('InstructionAccumulator.merge after finish()/dispose()');
    if (
      p.sampleSize !== this.o.sampleSize ||
      p.seed !== this.o.seed ||
      p.maxPromptChars !== this.o.maxPromptChars
    )
      throw new Error(
        `instruction partial has sample ${p.sampleSize}, seed ${p.seed}, ${p.maxPromptChars} chars; expected ` +
          `${this.o.sampleSize}, ${this.o.seed}, ${this.o.maxPromptChars}`,
      );
    this.rows += p.rows;
    this.promptRows += p.promptRows;
    for (const e of p.kept) this.sample.offer({ ...e });
    this.byLineCache = null;
    this.overlaps = null;
  }

  /** The sampled prompts, smallest key first (the reference side of another run's `finish`). */
  sampledByKey(): SampledPrompt[] {
    return [...this.sample.heap].sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
  }

  /** The prompts the overlap compares: the first `overlapSampleSize` of the sample by key. */
  overlapPrompts(): string[] {
    return this.sampledByKey()
      .slice(0, this.o.overlapSampleSize)
      .map((e) => e.text);
  }

  /** The sample in line order (the order the figures stream the prompts), sorted once. */
  private byLine(): SampledPrompt[] {
    return (this.byLineCache ??= this.sampledByKey().sort((a, b) => a.line - b.line));
  }

  /**
   * The sampled prompts in line order: tag them in runs of consecutive prompts, in this order, and give the runs to
   * `finishTagged` (tagPool.ts does so over threads).
   */
  promptsByLine(): string[] {
    if (this.state !== 'open')
      throw new Error('InstructionAccumulator.promptsByLine after finish()/dispose()');
    return this.byLine().map((e) => e.text);
  }

  /**
   * The nearest-instruction overlaps (the sample within itself and, given `referencePrompts`, against them).
   * Why apart: they need no tags, so the analysing thread computes them while threads tag; `finishTagged` given the
   * same `referencePrompts` (the same array, or none both times) uses these instead of computing them again.
   */
  prepareOverlap(referencePrompts?: readonly string[]): void {
    if (this.state !== 'open')
      throw new Error('InstructionAccumulator.prepareOverlap after finish()/dispose()');
    const ids = new TokenIds();
    const overlapIds = this.sampledByKey()
      .slice(0, this.o.overlapSampleSize)
      .map((e) => ids.encode(rougeTokens(e.text)));
    const overlap: InstructionReport['overlap'] =
      overlapIds.length < 2
        ? null
        : { sampleSize: this.o.overlapSampleSize, ...summarizeOverlap(nearestOverlap(overlapIds)) };
    let referenceOverlap: InstructionReport['referenceOverlap'];
    if (referencePrompts !== undefined) {
      const refIds = referencePrompts.map((s) => ids.encode(rougeTokens(s)));
      referenceOverlap =
        overlapIds.length === 0 || refIds.length === 0
          ? null
          : { referencePrompts: refIds.length, ...summarizeOverlap(nearestOverlap(overlapIds, refIds)) };
    }
    this.overlaps = { referencePrompts, overlap, referenceOverlap };
  }

  /**
   * Tags every sampled prompt with wink once (in this thread) and computes the report. `referencePrompts` (another
   * run's overlapPrompts(), e.g. the reference corpus's) adds `referenceOverlap`; `referencePairs` (the reference's
   * finished `topPairs`, MISSING_PAIR_CANDIDATES of them) adds `missingReferencePairs`.
   */
  finish(referencePrompts?: readonly string[], referencePairs?: readonly PairCount[]): InstructionReport {
    if (this.state !== 'open') throw new Error('InstructionAccumulator.finish twice or after dispose()');
    return this.finishTagged([tagPrompts(this.promptsByLine())], referencePrompts, referencePairs);
  }

  /**
   * The report from the tags of `promptsByLine()`, cut in consecutive runs (`tags`, in order; any cut gives the
   * same report), with `finish`'s other arguments. Why: the tags may come from other threads (tagPool.ts).
   */
  finishTagged(
    tags: readonly PromptTags[],
    referencePrompts?: readonly string[],
    referencePairs?: readonly PairCount[],
  ): InstructionReport {
    return this.report(tags, true, referencePrompts, referencePairs);
  }

  /**
   * A reference sample's report without its nearest-instruction overlap (`overlap` null): the analysis only reads
   * the reference's pairs and headline figures (finishReport.ts), and the overlap is its most expensive figure
   * after the tags.
   */
  finishPairs(tags: readonly PromptTags[]): InstructionReport {
    return this.report(tags, false);
  }

  private report(
    tags: readonly PromptTags[],
    withOverlap: boolean,
    referencePrompts?: readonly string[],
    referencePairs?: readonly PairCount[],
  ): InstructionReport {
    if (this.state !== 'open') throw new Error('InstructionAccumulator.finish twice or after dispose()');
    const byLine = this.byLine();
    const tagged = tags.reduce((s, t) => s + t.prompts, 0);
    if (tagged !== byLine.length)
      throw new Error(`instruction tags cover ${tagged} of ${byLine.length} prompts`);
    if (withOverlap && (this.overlaps === null || this.overlaps.referencePrompts !== referencePrompts))
      this.prepareOverlap(referencePrompts);
    const overlaps = this.overlaps ?? { overlap: null, referenceOverlap: undefined };
    this.state = 'finished';
    const o = this.o;

    const pairs = new Map<string, number>();
    const pairLines = new Map<string, number[]>();
    const verbs = new Map<string, number>();
    const verbNouns = new Map<string, Map<string, number>>();
    let noVerb = 0;
    let verbOnly = 0;
    const lemma = new FormCounter(o.mattrWindow);
    const token = new FormCounter(o.mattrWindow);
    const typeCounts = new Map<string, number>();
    const entityCounts = new Map<string, number>();
    let tokens = 0;
    /** Each row's pair key (null: no verb), in byLine order, for the per-slice figures. */
    const rowPairs: (string | null)[] = [];

    let row = 0;
    for (const run of tags) {
      lemma.beginRun(run.forms);
      token.beginRun(run.forms);
      let at = 0;
      for (let p = 0; p < run.prompts; p++, row++) {
        const e = byLine[row];
        const verb = run.verbs[p];
        const noun = run.nouns[p];
        if (verb === null) {
          noVerb++;
          rowPairs.push(null);
        } else {
          const k = pairKey(verb, noun);
          rowPairs.push(k);
          if (noun === null) verbOnly++;
          bump(pairs, k);
          const lines = pairLines.get(k);
          if (lines === undefined) pairLines.set(k, [e.line]);
          else if (lines.length < 2) lines.push(e.line);
          bump(verbs, verb);
          if (noun !== null) {
            let m = verbNouns.get(verb);
            if (!m) verbNouns.set(verb, (m = new Map()));
            bump(m, noun);
          }
        }
        const end = at + run.lengths[p];
        lemma.addPrompt(run.lemmas, at, end);
        token.addPrompt(run.normals, at, end);
        at = end;
      }
      tokens += at;
      for (const [type, c] of Object.entries(run.types)) bump(typeCounts, type, c);
      for (const [ent, c] of Object.entries(run.entities)) bump(entityCounts, ent, c);
    }

    const n = byLine.length;
    const sortedPairs = [...pairs].sort(byRowsThenName);
    const topShare = (k: number): number | null =>
      n === 0 ? null : sortedPairs.slice(0, k).reduce((s, [, c]) => s + c, 0) / n;
    const withVerb = n - noVerb;
    let entropy = 0;
    for (const [, c] of sortedPairs) {
      const p = c / withVerb;
      entropy -= p * Math.log2(p);
    }
    const split = (k: string): [string, string | null] => {
      const [v, nn] = k.split('\u0000');
      return [v, nn === '\uffff' ? null : nn];
    };
    const per1000 = (c: number): number => (tokens === 0 ? 0 : (1000 * c) / tokens);
    const entities: Record<string, number> = {};
    for (const [k, c] of [...entityCounts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) entities[k] = per1000(c);

    const report: InstructionReport = {
      sampleSize: o.sampleSize,
      seed: o.seed,
      maxPromptChars: o.maxPromptChars,
      rows: this.rows,
      promptRows: this.promptRows,
      sampledRows: n,
      noVerbRows: noVerb,
      verbOnlyRows: verbOnly,
      distinctVerbs: verbs.size,
      distinctPairs: pairs.size,
      top10Share: topShare(10),
      top20Share: topShare(20),
      pairEntropy: withVerb === 0 ? null : entropy === 0 ? 0 : entropy,
      topPairs: sortedPairs.slice(0, o.topPairs).map(([k, c]) => {
        const [verb, noun] = split(k);
        return { verb, noun, rows: c, share: c / n, lines: pairLines.get(k) ?? [] };
      }),
      topVerbs: [...verbs]
        .sort(byRowsThenName)
        .slice(0, o.topVerbs)
        .map(([verb, rows]) => ({
          verb,
          rows,
          nouns: [...(verbNouns.get(verb) ?? new Map<string, number>())]
            .sort(byRowsThenName)
            .slice(0, o.nounsPerVerb)
            .map(([noun, c]) => ({ noun, rows: c })),
        })),
      lemma: lemma.result(),
      token: token.result(),
      ratesPer1000: {
        tokens,
        urls: per1000(typeCounts.get('url') ?? 0),
        emails: per1000(typeCounts.get('email') ?? 0),
        emoji: per1000((typeCounts.get('emoji') ?? 0) + (typeCounts.get('emoticon') ?? 0)),
        hashtags: per1000(typeCounts.get('hashtag') ?? 0),
        numbers: per1000(typeCounts.get('number') ?? 0),
        entities,
      },
      overlap: overlaps.overlap,
    };
    if (referencePrompts !== undefined) report.referenceOverlap = overlaps.referenceOverlap;
    if (referencePairs !== undefined) {
      report.missingReferencePairs = referencePairs
        .filter((p) => p.noun !== null && p.rows >= 2 && !pairs.has(pairKey(p.verb, p.noun)))
        .map((p) => ({ verb: p.verb, noun: p.noun, referenceRows: p.rows, referenceShare: p.share }));
    }
    if (this.groupBy.length > 0) report.slices = this.sliceFigures(byLine, rowPairs, split);
    this.release();
    return report;
  }

  /** The per-slice headline figures from each sampled row's pair (see SliceInstructions). */
  private sliceFigures(
    byLine: readonly SampledPrompt[],
    rowPairs: readonly (string | null)[],
    split: (k: string) => [string, string | null],
  ): SliceInstructions[] {
    const out: SliceInstructions[] = [];
    this.groupBy.forEach((field, g) => {
      const byValue = new Map<string, { rows: number; noVerb: number; pairs: Map<string, number> }>();
      byLine.forEach((e, i) => {
        const value = e.groups?.[g];
        if (value === undefined || value === null) return;
        let s = byValue.get(value);
        if (!s) byValue.set(value, (s = { rows: 0, noVerb: 0, pairs: new Map() }));
        s.rows++;
        const k = rowPairs[i];
        if (k === null) s.noVerb++;
        else bump(s.pairs, k);
      });
      const listed = [...byValue]
        .filter(([, s]) => s.rows >= MIN_INSTRUCTION_SLICE_ROWS)
        .sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .slice(0, MAX_INSTRUCTION_SLICES);
      for (const [value, s] of listed) {
        const sorted = [...s.pairs].sort(byRowsThenName);
        const withVerb = s.rows - s.noVerb;
        let entropy = 0;
        for (const [, c] of sorted) entropy -= (c / withVerb) * Math.log2(c / withVerb);
        const top = sorted[0];
        out.push({
          field,
          value,
          sampledRows: s.rows,
          noVerbRows: s.noVerb,
          distinctPairs: s.pairs.size,
          top10Share: sorted.slice(0, 10).reduce((a, [, c]) => a + c, 0) / s.rows,
          pairEntropy: withVerb === 0 ? null : entropy === 0 ? 0 : entropy,
          topPair: top
            ? { verb: split(top[0])[0], noun: split(top[0])[1], rows: top[1], share: top[1] / s.rows }
            : null,
        });
      }
    });
    return out;
  }

  dispose(): void {
    this.state = 'disposed';
    this.release();
  }

  /** Lets go of the sample and what was derived from it. */
  private release(): void {
    this.sample = new BottomK(0);
    this.byLineCache = null;
    this.overlaps = null;
  }
}
