/**
 * The Markdown of a highlighted row's hover (highlights.ts wraps it in a vscode.MarkdownString), without `vscode`
 * so the unit tests read exactly what the editor renders: the mark's kind, its figures, a template's opening
 * text — dataset text, escaped so it can never become a link, an image, HTML or a theme icon — and the one
 * "Show cluster in panel" link. The MarkdownString trusts exactly that command ({@link HOVER_TRUST}): a `command:`
 * link to any other command, even one a dataset row managed to smuggle in, does nothing.
 */
import type { HomogeneousMark } from '../../core/lineMarks/homogeneousLineMarks.ts';
import { fmtPct } from '../../core/report/format.ts';
import type { CommandId } from '../commandIds.ts';

/** Arguments of diversityLens.showCluster (also what the hover link carries). */
export interface ShowClusterArgs {
  dataset: string;
  kind: HomogeneousMark['kind'];
  index: number;
  /** The hovered line (1-based): its mark describes a cluster the report does not list. */
  line?: number;
}

/** The one command a hover link may run. */
export const SHOW_CLUSTER: CommandId = 'diversityLens.showCluster';

/** The hover MarkdownString's `isTrusted`: only our own command's links run (VS Code ignores any other). */
export const HOVER_TRUST: { readonly enabledCommands: readonly CommandId[] } = Object.freeze({
  enabledCommands: Object.freeze([SHOW_CLUSTER]),
});

const KIND_TEXT = {
  exact: 'Exact duplicate',
  near: 'Near duplicate',
  template: 'Flagged template opening',
} as const;

/**
 * `text` as literal Markdown text: every ASCII punctuation character backslash-escaped (CommonMark escapes all of
 * them, so no `[…](…)` link, `![` image, `<a>`/`<img>` HTML, autolink, emphasis or `$(icon)` survives), control
 * characters and line breaks as spaces (the text stays one line of the hover). Why not MarkdownString.appendText:
 * it needs `vscode` and leaves `<`, `:` and `&` as they are.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** The `command:` URI of a Show Cluster link: JSON arguments percent-encoded, parentheses too (a Markdown link target ends at `)`). */
export function showClusterLink(args: ShowClusterArgs): string {
  const query = encodeURIComponent(JSON.stringify([args])).replace(
    /[()'!*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${SHOW_CLUSTER}?${query}`;
}

/** Why: the hover's whole Markdown for `mark` on `line` (1-based) of `dataset` (its URI string), in one place. */
export function hoverMarkdown(mark: HomogeneousMark, dataset: string, line: number): string {
  const args: ShowClusterArgs = { dataset, kind: mark.kind, index: mark.index, line };
  const parts = [`**Diversity Lens — ${KIND_TEXT[mark.kind]}**\n\n`];
  if (mark.kind === 'template')
    parts.push(
      `Opening “${escapeMarkdownText(mark.text ?? '')}” starts ${mark.size.toLocaleString('en-US')} rows (${fmtPct(mark.similarity)}); first example: line ${mark.firstLine}.\n\n`,
    );
  else {
    const self = mark.firstOccurrence ? ' (this row)' : '';
    parts.push(
      `Cluster of ${mark.size.toLocaleString('en-US')} rows · similarity ${mark.similarity.toFixed(2)} · first occurrence: line ${mark.firstLine}${self}.\n\n`,
    );
  }
  parts.push(`[Show cluster in panel](${showClusterLink(args)})`);
  return parts.join('');
}

/** Validates diversityLens.showCluster's argument (it may come from a hover link, or any executeCommand caller). */
export function isShowClusterArgs(x: unknown): x is ShowClusterArgs {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  return (
    typeof a.dataset === 'string' &&
    a.dataset.length < 8192 &&
    (a.kind === 'exact' || a.kind === 'near' || a.kind === 'template') &&
    Number.isInteger(a.index) &&
    (a.index as number) >= 0 &&
    (a.line === undefined || (Number.isInteger(a.line) && (a.line as number) >= 1))
  );
}
