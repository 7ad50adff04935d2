/**
 * The message contract between the extension host and the Mix & Correct worker (src/worker/mixWorker.ts, one
 * long-lived worker per panel that keeps the mix model; the host side is src/extension/mix/mixWorkerClient.ts):
 *
 *   host → worker   HostToMixWorker   (checked by the worker with isMixWorkerJob)
 *   worker → host   MixWorkerToHost   (checked by the host's channel with isMixWorkerMessage)
 *
 * Every job (build, preview, write, measure) is a request of the one id scheme (channel.ts); its replies carry
 * its `requestId`. A preview is answered in parts (MixPreviewPart) that are also what the panel receives:
 * panelProtocol.ts reuses the type, the host forwards each part as it is, addressed to the panel's request.
 * Also here: the mix settings (the payload of previews and writes, sent by the webview too) and their exact
 * check. Free of `vscode`, Node and DOM imports (type-only imports from core, and the import-free options
 * table, whose ranges a build job's model options are checked against).
 */
import type { MixFigures } from '../core/mix/mixFigures.ts';
import type { MixModelOptions, MixSettings } from '../core/mix/mixTypes.ts';
import type { MixProjection, SweepPoint } from '../core/mix/projectMix.ts';
import type { GenerationsProjection } from '../core/mix/generations.ts';
import type { BigramGenerationsResult } from '../core/mix/bigramGenerations.ts';
import type { MixBuildProgress } from '../core/mix/buildMixModel.ts';
import { analyzeOptionsProblem } from '../core/pipeline/optionsTable.ts';
import type { ChannelSpec } from './channel.ts';
import {
  hasOnlyKeys,
  isBoolean,
  isCount,
  isNumber,
  isObject,
  isRequestId,
  isString,
  isStringArray,
} from './guards.ts';

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
/** At most this many `--map` entries from the panel's mapping field. */
export const MIX_MAX_MAP_ENTRIES = 32;

/** How the panel asks reference rows to be written: the dataset's schema (with `map` overrides) or both kept. */
export interface MixSchemaChoice {
  mode: 'dataset' | 'keep';
  /** `SRC=DEST` entries, as for the CLI's `--map` (empty with `keep`). */
  map: string[];
}

/**
 * Exact shape of a schema choice from the webview: mode `dataset` or `keep`; `map` an array of at most
 * MIX_MAX_MAP_ENTRIES strings `SRC=DEST` (both sides non-empty, ≤ 512 characters, no control characters),
 * empty with `keep`. Whether the fields exist is the model build's check (it refuses with a message).
 */
export function isMixSchemaChoice(x: unknown): x is MixSchemaChoice {
  if (!isObject(x) || !hasOnlyKeys(x, ['mode', 'map']) || !Array.isArray(x.map)) return false;
  if (x.mode !== 'dataset' && x.mode !== 'keep') return false;
  if (x.map.length > MIX_MAX_MAP_ENTRIES || (x.mode === 'keep' && x.map.length > 0)) return false;
  return x.map.every(
    (e) =>
      isString(e) &&
      e.length <= MAX_FIELD_CHARS &&
      !/[\u0000-\u001f]/.test(e) &&
      /^[^=]*\S[^=]*=.*\S/.test(e),
  );
}

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
  /** Rows that open with one of those flagged 3-grams (the whole input; "drop templates" removes them). */
  flaggedTemplateRows: { dataset: number; reference: number };
  /**
   * How reference rows are written: kept as they are, or in the dataset's schema (its shape, one line per
   * reference shape saying where each field goes, and rows already in it / converted / left out).
   */
  referenceSchema:
    | { mode: 'keep' }
    | { mode: 'dataset'; shape: string; mapping: string[]; kept: number; converted: number; refused: number };
  /** The text view shared by both inputs (paths, or "full"). */
  textFields: string[] | 'full';
  warnings: string[];
  buildMs: number;
}

/** Host → mix worker. `cancelWrite` is no request: it names the write (its requestId) to abort. */
export type HostToMixWorker =
  /** `datasetFiles`: a dataset of several files (a folder, a multi-selection), in reading order; `datasetPath` names it. */
  | {
      type: 'build';
      requestId: number;
      datasetPath: string;
      datasetFiles?: string[];
      referencePath: string;
      options: MixModelOptions;
    }
  | { type: 'preview'; requestId: number; settings: MixSettings; generations: boolean }
  | { type: 'write'; requestId: number; settings: MixSettings; outPath: string }
  | { type: 'cancelWrite'; requestId: number }
  /** `settings` = the written mix's settings: the measurement uses the same held-out part (seed, holdout). */
  | { type: 'measure'; requestId: number; outPath: string; settings: MixSettings };

/**
 * One part of a preview's answer (worker → host → panel, the same message; the host re-addresses it to the
 * panel's request). A preview gets the projection, then the real-share sweep, then (if asked) the
 * generations twice: first the unigram run alone, then again with `bigram` (a run or its skip reason); or a failure.
 */
export type MixPreviewPart =
  | { type: 'mixProjection'; requestId: number; projection: MixProjection }
  | { type: 'mixSweep'; requestId: number; sweep: SweepPoint[]; elapsedMs: number }
  | {
      type: 'mixGenerations';
      requestId: number;
      generations: GenerationsProjection;
      bigram?: BigramGenerationsResult;
      elapsedMs: number;
    }
  | { type: 'mixPreviewFailed'; requestId: number; message: string };

/** Mix worker → host. */
export type MixWorkerToHost =
  | { type: 'buildProgress'; requestId: number; progress: MixBuildProgress }
  | { type: 'built'; requestId: number; info: Omit<MixModelInfo, 'referenceName'> }
  | MixPreviewPart
  | { type: 'writeProgress'; requestId: number; written: number; total: number }
  | {
      type: 'written';
      requestId: number;
      path: string;
      rows: number;
      bytes: number;
      recipePath: string;
      projected: MixFigures;
    }
  | { type: 'measured'; requestId: number; figures: MixFigures }
  /** A build, write or measure failed; `aborted`: a write cancelled by `cancelWrite`. */
  | { type: 'failed'; requestId: number; message: string; aborted: boolean };

/** Rejection of a write the user cancelled (the worker's `failed` with `aborted`; the temporary file is already removed). */
export class MixWriteCancelledError extends Error {
  override name = 'MixWriteCancelledError';
}

const isMixCount = (x: unknown, min: number): x is number => isCount(x, min, MIX_MAX_COUNT);

/**
 * Exact shape of a setting of the controls as the webview sends it: realFraction in [0, 1]; at most one of
 * rows / tokens (integers ≥ 1); dedup none / exact / near with MIX_NEAR_FLOOR ≤ threshold ≤ 1; at most
 * MIX_MAX_CAPS caps {field: non-empty string ≤ 512 chars, max > 0 (share < 1, count ≥ 1 integer)};
 * dropTemplates boolean; seed an integer in [0, 2^32); holdout a number with MIX_MIN_HOLDOUT ≤ holdout ≤
 * MIX_MAX_HOLDOUT. No other keys anywhere.
 */
export function isMixSettings(x: unknown): x is MixSettings {
  if (
    !isObject(x) ||
    !hasOnlyKeys(x, ['realFraction', 'rows', 'tokens', 'dedup', 'caps', 'dropTemplates', 'seed', 'holdout'])
  )
    return false;
  if (typeof x.realFraction !== 'number' || !(x.realFraction >= 0 && x.realFraction <= 1)) return false;
  if (x.rows !== undefined && !isMixCount(x.rows, 1)) return false;
  if (x.tokens !== undefined && !isMixCount(x.tokens, 1)) return false;
  if (x.rows !== undefined && x.tokens !== undefined) return false;
  if (x.dedup !== undefined) {
    const d = x.dedup;
    if (!isObject(d)) return false;
    if (d.kind === 'none' || d.kind === 'exact') {
      if (Object.keys(d).length !== 1) return false;
    } else if (d.kind === 'near') {
      if (
        !hasOnlyKeys(d, ['kind', 'threshold']) ||
        typeof d.threshold !== 'number' ||
        !(d.threshold >= MIX_NEAR_FLOOR && d.threshold <= 1)
      )
        return false;
    } else return false;
  }
  if (x.caps !== undefined) {
    if (!Array.isArray(x.caps) || x.caps.length > MIX_MAX_CAPS) return false;
    for (const c of x.caps) {
      if (
        !isObject(c) ||
        !hasOnlyKeys(c, ['field', 'max']) ||
        !isString(c.field) ||
        c.field.length === 0 ||
        c.field.length > MAX_FIELD_CHARS
      )
        return false;
      if (typeof c.max !== 'number' || !(c.max > 0) || (c.max >= 1 && !isMixCount(c.max, 1))) return false;
    }
  }
  if (x.dropTemplates !== undefined && !isBoolean(x.dropTemplates)) return false;
  if (x.seed !== undefined && !isCount(x.seed, 0, 2 ** 32 - 1)) return false;
  if (
    x.holdout !== undefined &&
    !(typeof x.holdout === 'number' && x.holdout >= MIX_MIN_HOLDOUT && x.holdout <= MIX_MAX_HOLDOUT)
  )
    return false;
  return true;
}

/** Runtime check of a preview part (the host's channel, and the webview through isHostMessage): tag, requestId, payload envelope. */
export function isMixPreviewPart(x: unknown): x is MixPreviewPart {
  if (!isObject(x) || !isRequestId(x.requestId)) return false;
  switch (x.type) {
    case 'mixProjection':
      return isObject(x.projection);
    case 'mixSweep':
      return Array.isArray(x.sweep) && isNumber(x.elapsedMs);
    case 'mixGenerations':
      return (
        isObject(x.generations) && (x.bigram === undefined || isObject(x.bigram)) && isNumber(x.elapsedMs)
      );
    case 'mixPreviewFailed':
      return isString(x.message);
    default:
      return false;
  }
}

const JOB_REPLIES = new Set(['buildProgress', 'built', 'writeProgress', 'written', 'measured', 'failed']);

/** Envelope check of a mix worker message (our own code: guards against drift, not an adversary). */
export function isMixWorkerMessage(x: unknown): x is MixWorkerToHost {
  if (isMixPreviewPart(x)) return true;
  return isObject(x) && isString(x.type) && JOB_REPLIES.has(x.type) && isRequestId(x.requestId);
}

/**
 * How the host's channel reads the worker's replies: progress and preview parts are parts (a preview has no
 * last part; it ends when a newer one replaces it), built / written / measured end a job, failed rejects it.
 */
export const MIX_REPLIES: ChannelSpec<MixWorkerToHost> = {
  isReply: isMixWorkerMessage,
  kind: (m) => {
    switch (m.type) {
      case 'built':
      case 'written':
      case 'measured':
        return 'final';
      case 'failed':
        return m.aborted ? new MixWriteCancelledError('write cancelled') : new Error(m.message);
      default:
        return 'part';
    }
  },
};

/** Envelope check of a host → mix worker job (settings exact, build options within the options table). */
export function isMixWorkerJob(x: unknown): x is HostToMixWorker {
  if (!isObject(x) || !isRequestId(x.requestId)) return false;
  switch (x.type) {
    case 'build':
      // the model options the table declares (tokenizer, maxLineBytes, …) must be in its ranges
      return (
        isString(x.datasetPath) &&
        (x.datasetFiles === undefined || (isStringArray(x.datasetFiles) && x.datasetFiles.length > 0)) &&
        isString(x.referencePath) &&
        isObject(x.options) &&
        analyzeOptionsProblem(x.options) === null &&
        (x.options.referenceSchema === undefined ||
          x.options.referenceSchema === 'dataset' ||
          x.options.referenceSchema === 'keep') &&
        (x.options.map === undefined || isStringArray(x.options.map))
      );
    case 'preview':
      return isMixSettings(x.settings) && isBoolean(x.generations);
    case 'write':
      return isMixSettings(x.settings) && isString(x.outPath);
    case 'cancelWrite':
      return true;
    case 'measure':
      return isString(x.outPath) && isMixSettings(x.settings);
    default:
      return false;
  }
}
