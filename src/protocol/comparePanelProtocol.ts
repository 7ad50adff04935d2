/**
 * The message contract between the extension host (src/extension/compare/comparePanel.ts) and the Compare view's
 * webview (webview/compare/main.ts, bundled as dist/compareWebview.js):
 *
 *   host → webview   CompareHostMessage      (checked by the webview with isCompareHostMessage: a malformed state
 *                                            never half-renders the view)
 *   webview → host   CompareWebviewMessage   (untrusted: the host acts only on what passes isCompareWebviewMessage)
 *
 * The webview never names a file or a command: it names a dataset by its index in the order on screen (open its
 * panel), and asks for a new order / baseline as a permutation of those indices; the host holds the paths.
 * Free of `vscode`, Node and DOM imports (the webview bundle imports it).
 */
import type { CompareDataset, CompareReport } from '../core/compare/compareTypes.ts';
import type { ChainProjection } from '../core/compare/projectedChain.ts';
import { COMPARE_MAX_DATASETS, COMPARE_MAX_PATH_CHARS } from './compareWorkerProtocol.ts';
import { hasKeyCount, hasOnlyKeys, isBoolean, isCount, isObject, isString } from './guards.ts';

/** One dataset as the view lists it (the host's order). */
export interface CompareInput {
  /** The path as compared (the report's `path`). */
  path: string;
  /** A short label: the file or folder name (with its parent folder when two names clash). */
  label: string;
  folder: boolean;
}

/** What the Compare view shows. */
export interface CompareViewState {
  status: 'running' | 'done' | 'failed';
  inputs: CompareInput[];
  /** Index into `inputs` of the baseline. */
  baseline: number;
  report: CompareReport | null;
  projection: ChainProjection | null;
  error: string | null;
}

/** Host → webview: the whole state (small: aggregates only). */
export type CompareHostMessage = { type: 'compareState'; state: CompareViewState };

/** Webview → host. */
export type CompareWebviewMessage =
  | { type: 'ready' }
  /** Open the dataset's own analysis panel (Inspect / Inspect Folder as Dataset). */
  | { type: 'openDataset'; index: number }
  /** Compare again in this order (a permutation of the indices on screen) with this baseline (an index of the new order). */
  | { type: 'recompare'; order: number[]; baseline: number };

const isPermutation = (x: unknown): x is number[] => {
  if (!Array.isArray(x) || x.length < 2 || x.length > COMPARE_MAX_DATASETS) return false;
  const seen = new Set<number>();
  for (const i of x) {
    if (!isCount(i, 0, x.length - 1) || seen.has(i)) return false;
    seen.add(i);
  }
  return true;
};

/**
 * Runtime check of a webview message: exact keys, indices in range (a permutation of 0…n−1 for `recompare`, with
 * the baseline one of them). The host still checks indices against the datasets it holds.
 */
export function isCompareWebviewMessage(x: unknown): x is CompareWebviewMessage {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready':
      return hasKeyCount(x, 1);
    case 'openDataset':
      return hasKeyCount(x, 2) && isCount(x.index, 0, COMPARE_MAX_DATASETS - 1);
    case 'recompare':
      return (
        hasKeyCount(x, 3) &&
        isPermutation(x.order) &&
        isCount(x.baseline, 0, (x.order as number[]).length - 1)
      );
    default:
      return false;
  }
}

const isFigure = (x: unknown): boolean => x === null || (typeof x === 'number' && Number.isFinite(x));
const isFinite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isShortString = (x: unknown): x is string => isString(x) && x.length <= COMPARE_MAX_PATH_CHARS;

/** Every figure of a dataset row is a finite number (or null where the type allows it). */
function isCompareDataset(x: unknown): x is CompareDataset {
  if (!isObject(x) || !isShortString(x.path)) return false;
  if (![x.rows, x.tokens, x.types].every((v) => isCount(v))) return false;
  if (![x.mattr, x.mtld, x.distinct2, x.jsDivergence, x.topTemplateShare].every(isFigure)) return false;
  if (!isFinite(x.exactShare) || !isFinite(x.nearShare)) return false;
  const s = x.sizeAdjusted;
  const t = x.tails;
  return (
    isObject(s) &&
    isFigure(s.types) &&
    isFigure(s.distinct2) &&
    isObject(t) &&
    isFigure(t.typeCoverage) &&
    isFigure(t.massCoverage) &&
    isFigure(t.typeCoverageAtEqualSize)
  );
}

function isReport(x: unknown, n: number): x is CompareReport {
  if (!isObject(x) || !Array.isArray(x.datasets) || x.datasets.length !== n) return false;
  if (!x.datasets.every(isCompareDataset) || !isCount(x.baseline, 0, n - 1) || !isCount(x.commonTokens))
    return false;
  const trend = x.trend;
  return (
    isObject(trend) &&
    ['collapsing', 'stable', 'recovering'].includes(trend.verdict as string) &&
    Array.isArray(trend.reasons) &&
    trend.reasons.every((r) => isObject(r) && isString(r.figure) && isString(r.message))
  );
}

const REGIMES = ['replace', 'accumulate', 'fresh'] as const;

function isProjection(x: unknown): x is ChainProjection {
  if (!isObject(x) || !isShortString(x.from) || !isCount(x.fromTokens) || !isCount(x.tokensPerGeneration))
    return false;
  if (!isCount(x.tailMax) || !isCount(x.tailTypes) || !isFinite(x.realShare) || !isObject(x.regimes))
    return false;
  const regimes = x.regimes;
  return REGIMES.every((r) => {
    const points = regimes[r];
    return (
      points === undefined ||
      (Array.isArray(points) &&
        points.every(
          (p) => isObject(p) && isCount(p.generation) && isCount(p.types) && isFigure(p.tailCoverage),
        ))
    );
  });
}

function isInput(x: unknown): x is CompareInput {
  return (
    isObject(x) &&
    hasOnlyKeys(x, ['path', 'label', 'folder']) &&
    isShortString(x.path) &&
    isShortString(x.label) &&
    isBoolean(x.folder)
  );
}

/** Runtime check of a host message: the state's shape, and every figure shown a finite number or null. */
export function isCompareHostMessage(x: unknown): x is CompareHostMessage {
  if (!isObject(x) || x.type !== 'compareState' || !isObject(x.state)) return false;
  const s = x.state;
  if (!['running', 'done', 'failed'].includes(s.status as string)) return false;
  if (!Array.isArray(s.inputs) || s.inputs.length < 2 || s.inputs.length > COMPARE_MAX_DATASETS) return false;
  const n = s.inputs.length;
  return (
    s.inputs.every(isInput) &&
    isCount(s.baseline, 0, n - 1) &&
    (s.report === null || isReport(s.report, n)) &&
    (s.projection === null || isProjection(s.projection)) &&
    (s.error === null || isString(s.error))
  );
}
