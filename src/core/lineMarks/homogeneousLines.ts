/**
 * Lookup of the editor's homogeneous-sample marks, whatever their source: the complete per-line marks the
 * analysis returns beside the report (lineMarkCollector.ts; every row, up to 2,000,000 marks), or — when those are
 * not available (e.g. a compressed file) — the report's capped lists (homogeneousLineMarks.ts). The gutter,
 * the hover and Next / Previous Homogeneous Sample all read this one interface.
 */
import type { LineMarks } from './lineMarkCollector.ts';
import { adjacentLine, homogeneousLineMarks, type HomogeneousMark } from './homogeneousLineMarks.ts';
import type { AnalysisReport } from '../report/reportTypes.ts';

/** Marked lines of one dataset. */
export interface HomogeneousLines {
  /** Every marked line once, ascending (1-based). */
  readonly sortedLines: ArrayLike<number>;
  /** Why `line` is marked (exact, then near, then template when several apply), or undefined. */
  markAt(line: number): HomogeneousMark | undefined;
  /** Next (1) / previous (−1) marked line ≤ `maxLine` after / before `from`, wrapping around; undefined if none. */
  adjacent(from: number, direction: 1 | -1, maxLine: number): number | undefined;
  /** True when the marks stop early (cap reached): lines after `coveredThroughLine` are not marked. */
  readonly truncated: boolean;
  readonly coveredThroughLine: number;
}

/** Position of `line` in ascending `lines`, or −1. */
function indexOf(lines: ArrayLike<number>, line: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = lines[mid];
    if (v === line) return mid;
    if (v < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Number of entries of ascending `lines` that are ≤ `max`. */
function countUpTo(lines: ArrayLike<number>, max: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid] <= max) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function adjacentIn(
  sorted: ArrayLike<number>,
  from: number,
  direction: 1 | -1,
  maxLine: number,
): number | undefined {
  const n = countUpTo(sorted, maxLine);
  const view =
    n === sorted.length
      ? sorted
      : ArrayBuffer.isView(sorted)
        ? (sorted as Uint32Array).subarray(0, n)
        : Array.prototype.slice.call(sorted, 0, n);
  return adjacentLine(view, from, direction);
}

/** Ascending union of ascending arrays, each value once. */
export function mergeSortedUnique(...lists: ArrayLike<number>[]): Uint32Array {
  const out = new Uint32Array(lists.reduce((s, l) => s + l.length, 0));
  const pos = lists.map(() => 0);
  let n = 0;
  for (;;) {
    let best = -1;
    let min = Infinity;
    for (let k = 0; k < lists.length; k++) {
      if (pos[k] < lists[k].length && lists[k][pos[k]] < min) {
        min = lists[k][pos[k]];
        best = k;
      }
    }
    if (best < 0) break;
    if (n === 0 || out[n - 1] !== min) out[n++] = min;
    pos[best]++;
  }
  return out.slice(0, n);
}

/** The mark of a line in exact group / near cluster `g` of the per-group table `t` (report rank, size, first line). */
function clusterMark(
  kind: 'exact' | 'near',
  t: LineMarks['exact']['groups'],
  g: number,
  similarity: number,
  firstOccurrence: boolean,
): HomogeneousMark {
  return { kind, index: t.rank[g], size: t.size[g], similarity, firstLine: t.firstLine[g], firstOccurrence };
}

/**
 * Marks from the analysis' complete per-line marks. The mark's `index` is the cluster's position in the
 * report (exact/near rank; the template's report opening), so "show in panel" finds it when it is listed.
 */
export function linesFromMarks(m: LineMarks): HomogeneousLines {
  const sortedLines = mergeSortedUnique(m.exact.lines, m.near.lines, m.template.lines);
  return {
    sortedLines,
    truncated: m.truncated,
    coveredThroughLine: m.coveredThroughLine,
    adjacent: (from, direction, maxLine) => adjacentIn(sortedLines, from, direction, maxLine),
    markAt(line) {
      let i = indexOf(m.exact.lines, line);
      if (i >= 0) return clusterMark('exact', m.exact.groups, m.exact.group[i], 1, m.exact.first[i] === 1);
      i = indexOf(m.near.lines, line);
      if (i >= 0) {
        const c = m.near.cluster[i];
        const cs = m.near.clusters;
        return clusterMark('near', cs, c, cs.similarity[c], cs.firstLine[c] === line);
      }
      i = indexOf(m.template.lines, line);
      if (i >= 0) {
        const o = m.template.openings[m.template.opening[i]];
        return {
          kind: 'template',
          index: Math.max(0, o.reportIndex),
          size: o.rows,
          similarity: o.share,
          firstLine: o.firstLine,
          text: o.text,
          firstOccurrence: o.firstLine === line,
        };
      }
      return undefined;
    },
  };
}

/** Marks from the report's capped lists (fallback when the analysis returned no per-line marks). */
export function linesFromReport(r: AnalysisReport): HomogeneousLines {
  const marks = homogeneousLineMarks(r);
  const sortedLines = [...marks.keys()].sort((a, b) => a - b);
  return {
    sortedLines,
    truncated: false,
    coveredThroughLine: sortedLines.length ? sortedLines[sortedLines.length - 1] : 0,
    adjacent: (from, direction, maxLine) => adjacentIn(sortedLines, from, direction, maxLine),
    markAt: (line) => marks.get(line),
  };
}
