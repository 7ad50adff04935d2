/**
 * Message contract of the panel's "Mix & Correct" view (the mixing simulator in the editor):
 *
 *   webview → host   MixWebviewToHost   (untrusted: accepted only through isMixWebviewMessage)
 *   host → webview   MixHostToWebview
 *   host ⇄ mix worker  HostToMixWorker / MixWorkerToHost  (src/worker/mixWorker.ts keeps the model alive)
 *
 * The webview never names a file or a command: it asks the host to pick a reference (open dialog), to build
 * the model, to project a setting of the controls, to write (save dialog on the host) and to open the
 * written file. Only aggregates cross (figures, slice shares, sweep and generation points).
 * Like protocol.ts, free of `vscode`, Node and DOM imports (type-only imports from core, and the import-free
 * options table, whose ranges a build job's model options are checked against).
 */
import type { MixFigures } from '../core/mix/mixFigures.ts';
import type { MixModelOptions, MixSettings } from '../core/mix/mixTypes.ts';
import type { MixProjection, SweepPoint } from '../core/mix/projectMix.ts';
import type { GenerationsProjection } from '../core/mix/generations.ts';
import type { BigramGenerationsResult } from '../core/mix/bigramGenerations.ts';
import type { MixBuildProgress } from '../core/mix/buildMixModel.ts';
import { analyzeOptionsProblem } from '../core/pipeline/optionsTable.ts';

/** Lowest near-dedup threshold the panel offers; the model is built with this LSH floor. */
export const MIX_NEAR_FLOOR = 0.7;
/** At most this many slice caps in one setting (the panel offers one; the bound keeps messages small). */
export const MIX_MAX_CAPS = 8;
/** Largest row / token target or cap count accepted from the webview (sanity bound). */
export const MIX_MAX_COUNT = 2 ** 40;
/** Held-out share range the panel accepts (the core accepts any 0 < h < 1; the panel offers 5–90 %). */
export const MIX_MIN_HOLDOUT = 0.05;
export const MIX_MAX_HOLDOUT = 0.9;
const MAX_FIELD_CHARS = 512;
const MAX_REQUEST_ID = 2 ** 52;

/** What the panel knows about a built model (small: no per-row data). */
export interface MixModelInfo {
  datasetRows: number;
  referenceRows: number;
  datasetTokens: number;
  referenceName: string;
  /** Fields whose values can be capped (from the dataset report's slice candidates). */
  slicePaths: string[];
  /** Near-dedup thresholds below this need a rebuild (= MIX_NEAR_FLOOR). */
  nearFloor: number;
  /** Opening 3-grams flagged as templates in the dataset / the reference. */
  flaggedTemplates: { dataset: number; reference: number };
  /** The text view shared by both inputs (paths, or "full"). */
  textFields: string[] | 'full';
  warnings: string[];
  buildMs: number;
}

/** Status of the write of a corrected file. */
export type MixWriteStatus = 'idle' | 'writing' | 'measuring' | 'done' | 'failed' | 'cancelled';

/** Everything the Mix view renders besides the live preview; pushed by the host as `mixState`. */
export interface MixPanelState {
  /** Absolute path of the chosen reference, or null (none chosen, none configured). */
  referencePath: string | null;
  /** Workspace trust: writing needs a trusted workspace. */
  trusted: boolean;
  model: 'none' | 'building' | 'ready' | 'failed';
  buildProgress: { phase: MixBuildProgress['phase']; percent: number } | null;
  info: MixModelInfo | null;
  error: string | null;
  write: {
    status: MixWriteStatus;
    path: string | null;
    rows: number | null;
    error: string | null;
    projected: MixFigures | null;
    measured: MixFigures | null;
  };
}

/** Webview → host (untrusted). */
export type MixWebviewToHost =
  | { type: 'mixOpen' }
  | { type: 'mixPickReference' }
  | { type: 'mixAnalyse' }
  | { type: 'mixPreview'; requestId: number; settings: MixSettings; generations: boolean }
  | { type: 'mixWrite'; settings: MixSettings }
  | { type: 'mixOpenWritten' };

/** Host → webview. A preview arrives in up to three parts with the same requestId. */
export type MixHostToWebview =
  | { type: 'mixState'; state: MixPanelState }
  | { type: 'mixProjection'; requestId: number; projection: MixProjection }
  | { type: 'mixSweep'; requestId: number; sweep: SweepPoint[]; elapsedMs: number }
  /** Sent twice per preview: first the unigram run alone, then again with `bigram` (a run or its skip reason). */
  | { type: 'mixGenerations'; requestId: number; generations: GenerationsProjection; bigram?: BigramGenerationsResult; elapsedMs: number }
  | { type: 'mixPreviewFailed'; requestId: number; message: string };

/** Host → mix worker. */
export type HostToMixWorker =
  | { type: 'build'; jobId: number; datasetPath: string; referencePath: string; options: MixModelOptions }
  | { type: 'preview'; requestId: number; settings: MixSettings; generations: boolean }
  | { type: 'write'; jobId: number; settings: MixSettings; outPath: string }
  | { type: 'cancelWrite'; jobId: number }
  /** `settings` = the written mix's settings: the measurement uses the same held-out part (seed, holdout). */
  | { type: 'measure'; jobId: number; outPath: string; settings: MixSettings };

/** Mix worker → host. */
export type MixWorkerToHost =
  | { type: 'buildProgress'; jobId: number; progress: MixBuildProgress }
  | { type: 'built'; jobId: number; info: Omit<MixModelInfo, 'referenceName'> }
  | { type: 'projection'; requestId: number; projection: MixProjection }
  | { type: 'sweep'; requestId: number; sweep: SweepPoint[]; elapsedMs: number }
  | { type: 'generations'; requestId: number; generations: GenerationsProjection; bigram?: BigramGenerationsResult; elapsedMs: number }
  | { type: 'previewFailed'; requestId: number; message: string }
  | { type: 'writeProgress'; jobId: number; written: number; total: number }
  | { type: 'written'; jobId: number; path: string; rows: number; bytes: number; recipePath: string; projected: MixFigures }
  | { type: 'measured'; jobId: number; figures: MixFigures }
  | { type: 'jobFailed'; jobId: number; message: string; aborted: boolean };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const onlyKeys = (x: Record<string, unknown>, allowed: readonly string[]): boolean => Object.keys(x).every((k) => allowed.includes(k));
const isCount = (x: unknown, min: number): x is number => Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= MIX_MAX_COUNT;

/**
 * Exact shape of a setting of the controls as the webview sends it: realFraction in [0, 1]; at most one of
 * rows / tokens (integers ≥ 1); dedup none / exact / near with MIX_NEAR_FLOOR ≤ threshold ≤ 1; at most
 * MIX_MAX_CAPS caps {field: non-empty string ≤ 512 chars, max > 0 (share < 1, count ≥ 1 integer)};
 * dropTemplates boolean; seed an integer in [0, 2^32); holdout a number with MIX_MIN_HOLDOUT ≤ holdout ≤
 * MIX_MAX_HOLDOUT. No other keys anywhere.
 */
export function isMixSettings(x: unknown): x is MixSettings {
  if (!isObject(x) || !onlyKeys(x, ['realFraction', 'rows', 'tokens', 'dedup', 'caps', 'dropTemplates', 'seed', 'holdout'])) return false;
  if (typeof x.realFraction !== 'number' || !(x.realFraction >= 0 && x.realFraction <= 1)) return false;
  if (x.rows !== undefined && !isCount(x.rows, 1)) return false;
  if (x.tokens !== undefined && !isCount(x.tokens, 1)) return false;
  if (x.rows !== undefined && x.tokens !== undefined) return false;
  if (x.dedup !== undefined) {
    const d = x.dedup;
    if (!isObject(d)) return false;
    if (d.kind === 'none' || d.kind === 'exact') {
      if (Object.keys(d).length !== 1) return false;
    } else if (d.kind === 'near') {
      if (!onlyKeys(d, ['kind', 'threshold']) || typeof d.threshold !== 'number' || !(d.threshold >= MIX_NEAR_FLOOR && d.threshold <= 1)) return false;
    } else return false;
  }
  if (x.caps !== undefined) {
    if (!Array.isArray(x.caps) || x.caps.length > MIX_MAX_CAPS) return false;
    for (const c of x.caps) {
      if (!isObject(c) || !onlyKeys(c, ['field', 'max']) || typeof c.field !== 'string' || c.field.length === 0 || c.field.length > MAX_FIELD_CHARS) return false;
      if (typeof c.max !== 'number' || !(c.max > 0) || (c.max >= 1 && !isCount(c.max, 1))) return false;
    }
  }
  if (x.dropTemplates !== undefined && typeof x.dropTemplates !== 'boolean') return false;
  if (x.seed !== undefined && !(Number.isSafeInteger(x.seed) && (x.seed as number) >= 0 && (x.seed as number) < 2 ** 32)) return false;
  if (x.holdout !== undefined && !(typeof x.holdout === 'number' && x.holdout >= MIX_MIN_HOLDOUT && x.holdout <= MIX_MAX_HOLDOUT)) return false;
  return true;
}

/** Runtime check of a Mix message from the webview: one of {@link MixWebviewToHost}, exact keys. */
export function isMixWebviewMessage(x: unknown): x is MixWebviewToHost {
  if (!isObject(x) || typeof x.type !== 'string') return false;
  const n = Object.keys(x).length;
  switch (x.type) {
    case 'mixOpen':
    case 'mixPickReference':
    case 'mixAnalyse':
    case 'mixOpenWritten':
      return n === 1;
    case 'mixPreview':
      return n === 4 && Number.isSafeInteger(x.requestId) && (x.requestId as number) >= 1 && (x.requestId as number) <= MAX_REQUEST_ID && typeof x.generations === 'boolean' && isMixSettings(x.settings);
    case 'mixWrite':
      return n === 2 && isMixSettings(x.settings);
    default:
      return false;
  }
}

const HOST_TYPES = new Set(['mixState', 'mixProjection', 'mixSweep', 'mixGenerations', 'mixPreviewFailed']);

/** Runtime check of a host → webview Mix message (keeps a malformed message from half-rendering the view). */
export function isMixHostMessage(x: unknown): x is MixHostToWebview {
  if (!isObject(x) || typeof x.type !== 'string' || !HOST_TYPES.has(x.type)) return false;
  if (x.type === 'mixState') return isObject(x.state) && typeof x.state.model === 'string' && isObject(x.state.write);
  return Number.isSafeInteger(x.requestId);
}

const WORKER_TYPES = new Set(['buildProgress', 'built', 'projection', 'sweep', 'generations', 'previewFailed', 'writeProgress', 'written', 'measured', 'jobFailed']);

/** Envelope check of a mix worker message (our own code: guards against drift, not an adversary). */
export function isMixWorkerMessage(x: unknown): x is MixWorkerToHost {
  return isObject(x) && typeof x.type === 'string' && WORKER_TYPES.has(x.type) && (Number.isSafeInteger(x.jobId) || Number.isSafeInteger(x.requestId));
}

/** Envelope check of a host → mix worker job. */
export function isMixWorkerJob(x: unknown): x is HostToMixWorker {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'build':
      // the model options the table declares (tokenizer, maxLineBytes, …) must be in its ranges
      return Number.isSafeInteger(x.jobId) && typeof x.datasetPath === 'string' && typeof x.referencePath === 'string' && isObject(x.options) && analyzeOptionsProblem(x.options) === null;
    case 'preview':
      return Number.isSafeInteger(x.requestId) && isMixSettings(x.settings) && typeof x.generations === 'boolean';
    case 'write':
      return Number.isSafeInteger(x.jobId) && isMixSettings(x.settings) && typeof x.outPath === 'string';
    case 'cancelWrite':
      return Number.isSafeInteger(x.jobId);
    case 'measure':
      return Number.isSafeInteger(x.jobId) && typeof x.outPath === 'string' && isMixSettings(x.settings);
    default:
      return false;
  }
}
