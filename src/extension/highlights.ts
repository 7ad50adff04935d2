/**
 * Editor highlights of homogeneous samples: when a dataset with a report is open as a text editor,
 * lines in an exact or near duplicate cluster, or example rows of a flagged template opening
 * (share > 0.15, the verdict's threshold), get a gutter mark and an overview-ruler mark, and a hover
 * with the cluster's size, similarity and first line plus a "Show cluster in panel" link.
 * The hover's MarkdownString trusts exactly one command (diversityLens.showCluster), nothing else.
 * Lines come from the report (homogeneousLines.ts), so its caps apply: the top 1,000 clusters with
 * their first 100 lines each, two example rows per template opening. Setting:
 * `diversityLens.highlights.enabled`.
 */
import * as vscode from 'vscode';
import type { HomogeneousMark } from '../core/report/homogeneousLines.ts';
import { fmtPct } from '../core/report/format.ts';
import { onDidChangeReport, storedReport } from './reportStore.ts';

/** Arguments of diversityLens.showCluster (also what the hover link carries). */
export interface ShowClusterArgs {
  dataset: string;
  kind: HomogeneousMark['kind'];
  index: number;
}

const enabled = (): boolean => vscode.workspace.getConfiguration('diversityLens').get<boolean>('highlights.enabled', true);

const KIND_TEXT = { exact: 'Exact duplicate', near: 'Near duplicate', template: 'Flagged template opening' } as const;

/** Registers the decoration type, its refresh triggers and the hover provider. */
export function registerHighlights(context: vscode.ExtensionContext): void {
  const decoration = vscode.window.createTextEditorDecorationType({
    gutterIconPath: vscode.Uri.joinPath(context.extensionUri, 'media', 'homogeneous.svg'),
    gutterIconSize: 'contain',
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  const refresh = (): void => {
    for (const editor of vscode.window.visibleTextEditors) {
      const stored = enabled() ? storedReport(editor.document.uri) : undefined;
      const last = editor.document.lineCount;
      const ranges = stored ? stored.sortedLines.filter((l) => l <= last).map((l) => new vscode.Range(l - 1, 0, l - 1, 0)) : [];
      editor.setDecorations(decoration, ranges);
    }
  };
  context.subscriptions.push(
    decoration,
    onDidChangeReport(refresh),
    vscode.window.onDidChangeVisibleTextEditors(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('diversityLens.highlights.enabled')) refresh();
    }),
    vscode.languages.registerHoverProvider([{ language: 'jsonl' }, { pattern: '**/*.jsonl' }], { provideHover }),
  );
}

function provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
  if (!enabled()) return undefined;
  const mark = storedReport(doc.uri)?.marks.get(pos.line + 1);
  if (!mark) return undefined;
  const args: ShowClusterArgs = { dataset: doc.uri.toString(), kind: mark.kind, index: mark.index };
  const link = `command:diversityLens.showCluster?${encodeURIComponent(JSON.stringify([args]))}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Diversity Lens — ${KIND_TEXT[mark.kind]}**\n\n`);
  if (mark.kind === 'template') {
    md.appendMarkdown(`Opening `);
    md.appendText(`“${mark.text ?? ''}”`);
    md.appendMarkdown(` starts ${mark.size.toLocaleString('en-US')} rows (${fmtPct(mark.similarity)}); first example: line ${mark.firstLine}.\n\n`);
  } else {
    md.appendMarkdown(`Cluster of ${mark.size.toLocaleString('en-US')} rows · similarity ${mark.similarity.toFixed(2)} · first occurrence: line ${mark.firstLine}.\n\n`);
  }
  md.appendMarkdown(`[Show cluster in panel](${link})`);
  md.isTrusted = { enabledCommands: ['diversityLens.showCluster'] };
  return new vscode.Hover(md, doc.lineAt(pos.line).range);
}

/** Validates diversityLens.showCluster's argument (it may come from a hover link). */
export function isShowClusterArgs(x: unknown): x is ShowClusterArgs {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  return typeof a.dataset === 'string' && a.dataset.length < 8192 && (a.kind === 'exact' || a.kind === 'near' || a.kind === 'template') && Number.isInteger(a.index) && (a.index as number) >= 0;
}
