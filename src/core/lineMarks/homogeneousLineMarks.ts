/**
 * Which dataset lines are "homogeneous samples" according to a report: rows in an exact or near
 * duplicate cluster, and example rows of a flagged template opening. The editor uses this for its
 * gutter marks, hovers and the Next / Previous Homogeneous Sample commands; it is computed from the
 * report alone, so it inherits the report's caps (top 1,000 clusters, first 100 lines per cluster,
 * two example lines per opening — see docs/report.md). The editor prefers the complete per-line marks
 * the analysis can return beside the report (lineMarkCollector.ts, homogeneousLines.ts) and falls back to this.
 */
import type { AnalysisReport } from '../report/reportTypes.ts';
import { VERDICT_RULES } from '../report/verdict.ts';

/** Why one line is marked; `index` is the cluster's (or opening's) position in the report's list. */
export interface HomogeneousMark {
  kind: 'exact' | 'near' | 'template';
  index: number;
  /** Rows in the cluster (exact/near) or rows opening with the template. */
  size: number;
  /** Mean verified Jaccard of the cluster (1 for exact), or the opening's share of rows for templates. */
  similarity: number;
  /** First line of the cluster (its representative), or the template's first example line. */
  firstLine: number;
  /** The template's opening text (templates only). */
  text?: string;
  /** True when the line is the group's first occurrence (only known from the per-line marks). */
  firstOccurrence?: boolean;
}

/**
 * The share of rows above which a row opening counts as a flagged template: the verdict's "watch"
 * threshold for `duplicates.templates.openings[0].share`. The one definition: the editor's marks, the
 * analysis' line marks and the mix's template drop (buildMixModel.ts) import it, so they and the verdict agree.
 */
export const TEMPLATE_SHARE_THRESHOLD: number =
  VERDICT_RULES.find((r) => r.measure === 'duplicates.templates.openings[0].share')?.watch ?? 0.15;

/**
 * Line → mark for every line the report names as homogeneous. Priority when a line is in several
 * lists: exact cluster, then near cluster, then template (a row repeated verbatim is the stronger fact).
 * Template openings are flagged when share > TEMPLATE_SHARE_THRESHOLD.
 */
export function homogeneousLineMarks(
  r: AnalysisReport,
  templateShare = TEMPLATE_SHARE_THRESHOLD,
): Map<number, HomogeneousMark> {
  const marks = new Map<number, HomogeneousMark>();
  const put = (line: number, m: HomogeneousMark): void => {
    if (!marks.has(line)) marks.set(line, m);
  };
  for (const kind of ['exact', 'near'] as const) {
    r.duplicates[kind].clusters.forEach((c, index) => {
      const mark: HomogeneousMark = {
        kind,
        index,
        size: c.size,
        similarity: c.meanSimilarity,
        firstLine: c.representativeLine,
      };
      for (const line of c.lines) put(line, { ...mark });
    });
  }
  r.duplicates.templates.openings.forEach((o, index) => {
    if (!(o.share > templateShare)) return;
    for (const line of o.exampleLines)
      put(line, {
        kind: 'template',
        index,
        size: o.rows,
        similarity: o.share,
        firstLine: o.exampleLines[0] ?? line,
        text: o.text,
      });
  });
  return marks;
}

/**
 * The next (direction 1) or previous (−1) line of `sortedLines` strictly after / before `from`,
 * wrapping around at the ends like "Go to Next Problem"; undefined when the list is empty.
 * `sortedLines` must be ascending (1-based line numbers).
 */
export function adjacentLine(
  sortedLines: ArrayLike<number>,
  from: number,
  direction: 1 | -1,
): number | undefined {
  const n = sortedLines.length;
  if (n === 0) return undefined;
  // binary search: first index with line > from
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedLines[mid] <= from) lo = mid + 1;
    else hi = mid;
  }
  if (direction === 1) return lo < n ? sortedLines[lo] : sortedLines[0];
  // previous: last index with line < from
  let i = lo - 1;
  if (i >= 0 && sortedLines[i] === from) i--;
  return i >= 0 ? sortedLines[i] : sortedLines[n - 1];
}
