/**
 * What the verdict status-bar item shows for the active file, without `vscode` (so it is unit-testable): the verdict
 * of a dataset's last report ("$(pulse) watch", the reasons in the tooltip), a prompt to inspect a dataset not yet
 * analysed, an "analysing" state while its analysis runs, and nothing for other files. verdictStatusBar.ts applies
 * it to the VS Code item.
 */
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { isEmptyFile, verdictLabel } from '../../core/report/headline.ts';

/** The item's look: hidden, or visible with its text and tooltip (Markdown-free plain text). */
export type VerdictStatusView = { visible: false } | { visible: true; text: string; tooltip: string };

/** The codicon per level (the status bar renders `$(name)`). */
const ICON = { healthy: '$(pass)', watch: '$(pulse)', 'collapse-prone': '$(warning)' } as const;

/** Reasons the tooltip lists at most (the panel has all of them). */
const MAX_REASONS = 4;

/**
 * Why: one rule for the status-bar item, from what the active editor shows — `fileName` (null when no file is
 * active), whether it is a dataset (.jsonl / .jsonl.gz), its last report if any, and whether it is being analysed.
 */
export function verdictStatusView(input: {
  fileName: string | null;
  isDataset: boolean;
  report: Pick<AnalysisReport, 'verdict' | 'rows'> | undefined;
  running: boolean;
}): VerdictStatusView {
  const { fileName, isDataset, report, running } = input;
  if (fileName === null || !isDataset) return { visible: false };
  const open = 'Click to open the inspector panel.';
  if (running)
    return {
      visible: true,
      text: '$(sync~spin) analysing',
      tooltip: `Diversity Lens: analysing ${fileName}. ${open}`,
    };
  if (!report)
    return {
      visible: true,
      text: '$(pulse) inspect',
      tooltip: `Diversity Lens: ${fileName} has not been inspected in this session. Click to inspect it.`,
    };
  const v = report.verdict;
  const reasons = v.reasons.slice(0, MAX_REASONS).map((r) => `• ${r.text}`);
  if (v.reasons.length > MAX_REASONS) reasons.push(`• … ${v.reasons.length - MAX_REASONS} more in the panel`);
  const notes = (v.notes ?? []).map((n) => `Note: ${n.text}`);
  const lines = [
    `Diversity Lens verdict for ${fileName}: ${verdictLabel(report)}`,
    ...(reasons.length ? reasons : ['No warning signals.']),
    ...notes,
    open,
  ];
  return {
    visible: true,
    text: `${isEmptyFile(report) ? '$(warning)' : ICON[v.level]} ${verdictLabel(report)}`,
    tooltip: lines.join('\n'),
  };
}
