/**
 * Editor highlights of homogeneous samples: when a dataset with a report is open as a text editor,
 * rows in an exact or near duplicate cluster, or opening with a flagged template (3-token opening in
 * > 15 % of rows, the verdict's threshold), get a gutter mark and an overview-ruler mark, and a hover
 * with the cluster's size, similarity and first occurrence plus a "Show cluster in panel" link.
 * The hover's MarkdownString (hoverMarkdown.ts: dataset text escaped) trusts exactly one command
 * (diversityLens.showCluster), nothing else.
 * Lines come from the analysis' per-line marks (every row, up to 2,000,000 marks; core/lineMarks/lineMarkCollector.ts), or from
 * the report's capped lists when there are none (.gz files, large files not open as text).
 * Gutter marks are set for the visible lines ± WINDOW (refreshed on scroll), the overview ruler gets the
 * whole file as runs of consecutive marked lines, so a file with a million marks stays cheap to decorate.
 * Setting: `diversityLens.highlights.enabled`. Created by activate() with the context's report store (ctx.ts).
 */
import * as vscode from 'vscode';
import type { HomogeneousLines } from '../../core/lineMarks/homogeneousLines.ts';
import { Disposable } from '../disposable.ts';
import { HOVER_TRUST, hoverMarkdown } from './hoverMarkdown.ts';
import type { ReportStore } from './reportStore.ts';

const enabled = (): boolean =>
  vscode.workspace.getConfiguration('diversityLens').get<boolean>('highlights.enabled', true);

/** Lines above and below the visible range that get gutter marks too (so scrolling a little shows them at once). */
const WINDOW = 2_000;
/** Most overview-ruler ranges per editor; denser marks are merged into coarser runs (the ruler has ~1,000 pixels). */
const MAX_RULER_RANGES = 5_000;

/** 0-based line ranges of the marked lines in [from, to] (1-based, inclusive), one per line. */
function gutterRanges(lines: HomogeneousLines, from: number, to: number): vscode.Range[] {
  const out: vscode.Range[] = [];
  const sorted = lines.sortedLines;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i] <= to; i++)
    out.push(new vscode.Range(sorted[i] - 1, 0, sorted[i] - 1, 0));
  return out;
}

/** Runs of marked lines ≤ maxLine for the overview ruler, lines closer than `gap` merged, at most MAX_RULER_RANGES. */
function rulerRanges(lines: HomogeneousLines, maxLine: number): vscode.Range[] {
  const sorted = lines.sortedLines;
  for (let gap = 1; ; gap *= 4) {
    const out: vscode.Range[] = [];
    let start = -1;
    let end = -1;
    for (let i = 0; i < sorted.length && sorted[i] <= maxLine && out.length <= MAX_RULER_RANGES; i++) {
      const l = sorted[i];
      if (start >= 0 && l - end <= gap) end = l;
      else {
        if (start >= 0) out.push(new vscode.Range(start - 1, 0, end - 1, 0));
        start = end = l;
      }
    }
    if (start >= 0) out.push(new vscode.Range(start - 1, 0, end - 1, 0));
    if (out.length <= MAX_RULER_RANGES) return out;
  }
}

/** The highlights of every visible dataset editor: decoration types, their refresh triggers and the hover provider. */
export class EditorHighlights extends Disposable {
  constructor(
    extensionUri: vscode.Uri,
    private readonly reports: ReportStore,
  ) {
    super();
    const gutter = this._register(
      vscode.window.createTextEditorDecorationType({
        gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'homogeneous.svg'),
        gutterIconSize: 'contain',
      }),
    );
    const ruler = this._register(
      vscode.window.createTextEditorDecorationType({
        overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
      }),
    );
    const refreshGutter = (editor: vscode.TextEditor): void => {
      const stored = enabled() ? reports.get(editor.document.uri) : undefined;
      if (!stored) return editor.setDecorations(gutter, []);
      const visible = editor.visibleRanges;
      const first = visible.length ? visible[0].start.line + 1 : 1;
      const last = visible.length ? visible[visible.length - 1].end.line + 1 : 1;
      editor.setDecorations(
        gutter,
        gutterRanges(
          stored.lines,
          Math.max(1, first - WINDOW),
          Math.min(editor.document.lineCount, last + WINDOW),
        ),
      );
    };
    const refresh = (): void => {
      for (const editor of vscode.window.visibleTextEditors) {
        const stored = enabled() ? reports.get(editor.document.uri) : undefined;
        editor.setDecorations(ruler, stored ? rulerRanges(stored.lines, editor.document.lineCount) : []);
        refreshGutter(editor);
      }
    };
    // scrolling: re-decorate the window of an editor at most every 100 ms
    const pending = new Map<vscode.TextEditor, ReturnType<typeof setTimeout>>();
    const onScroll = (e: vscode.TextEditorVisibleRangesChangeEvent): void => {
      if (pending.has(e.textEditor) || !reports.get(e.textEditor.document.uri)) return;
      pending.set(
        e.textEditor,
        setTimeout(() => {
          pending.delete(e.textEditor);
          refreshGutter(e.textEditor);
        }, 100),
      );
    };
    this._register({ dispose: () => pending.forEach((t) => clearTimeout(t)) });
    this._register(reports.onDidChange(refresh));
    this._register(vscode.window.onDidChangeTextEditorVisibleRanges(onScroll));
    this._register(vscode.window.onDidChangeVisibleTextEditors(refresh));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('diversityLens.highlights.enabled')) refresh();
      }),
    );
    this._register(
      vscode.languages.registerHoverProvider([{ language: 'jsonl' }, { pattern: '**/*.jsonl' }], {
        provideHover: (doc, pos) => this.provideHover(doc, pos),
      }),
    );
  }

  private provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!enabled()) return undefined;
    const mark = this.reports.get(doc.uri)?.lines.markAt(pos.line + 1);
    if (!mark) return undefined;
    // the Markdown (escaped dataset text, one link) is hoverMarkdown.ts'; only that link's command may run
    const md = new vscode.MarkdownString(hoverMarkdown(mark, doc.uri.toString(), pos.line + 1));
    md.isTrusted = { enabledCommands: [...HOVER_TRUST.enabledCommands] };
    return new vscode.Hover(md, doc.lineAt(pos.line).range);
  }
}
