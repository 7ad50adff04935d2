/**
 * The host's handlers of the inspector webview's messages, without `vscode` (so they are unit-tested with their
 * real collaborators: test/unit/extension/panel/panelMessages.test.ts). Everything the webview posts is untrusted:
 * a handler first checks it (isWebviewMessage, src/protocol/panelProtocol.ts) and ignores anything else — junk
 * types, paths, command ids, extra keys, huge or deeply nested payloads — without a reply, a file opened, a command
 * run or a write. A valid message only asks for what the panel offers (the webview never names a file or a command).
 * The check and the dispatch are synchronous up to the action, so a flood of messages costs each one a type check.
 * inspectorPanel.ts (a live analysis) and reportPanel.ts (a saved report) pass the parts that need VS Code.
 */
import type { DatasetFileInfo } from '../../core/report/reportTypes.ts';
import {
  isMixWebviewMessage,
  isWebviewMessage,
  type HostToWebview,
  type LostQueryMessage,
  type MixWebviewToHost,
  type PanelChoices,
  type PanelState,
  type WebviewToHost,
} from '../../protocol/panelProtocol.ts';

/** What every panel's messages act on: its state and the way to post to its webview. */
interface PanelTarget {
  state(): PanelState;
  post(m: HostToWebview): void;
}

/**
 * Why: every panel treats a message the same way before its own actions — it drops anything that is not exactly one
 * of the webview's messages, and answers `ready` (the page loaded) with the current state — so a panel kind only
 * writes `act`, which gets the other valid messages.
 */
function checkedMessages(
  t: PanelTarget,
  act: (m: Exclude<WebviewToHost, { type: 'ready' }>) => Promise<void>,
): (m: unknown) => Promise<void> {
  return async (m) => {
    if (!isWebviewMessage(m)) return;
    if (m.type === 'ready') t.post({ type: 'state', state: t.state() });
    else await act(m);
  };
}

/** What a live panel's messages act on (inspectorPanel.ts passes its own parts; tests pass spies). */
export interface LivePanelTarget extends PanelTarget {
  /** (Re)analyses the dataset (PanelAnalysis.analyze). */
  analyze(): Promise<unknown>;
  cancel(): void;
  /** Shows row `line` of the dataset: the dataset's own file, or (a folder's report) the file holding the line. */
  revealLine(line: number, files: readonly DatasetFileInfo[] | undefined): Promise<void>;
  /** Applies the Overview's pickers; true when the next analysis must run (panelOptions.applyChoices). */
  applyChoices(choices: PanelChoices): Promise<boolean>;
  /** The Tails view's search (LostTypesSearch). */
  lost: { answer(m: LostQueryMessage, post: (reply: HostToWebview) => void): Promise<void> };
  /** The Mix & Correct view's host side (MixController through MixSession). */
  mix: { handle(m: MixWebviewToHost): Promise<void> };
}

/**
 * Why: the one message handler of a live inspector panel — checks `m`, then acts on it; anything that is not exactly
 * one of the webview's messages is dropped (resolves at once, nothing done).
 */
export function livePanelMessages(t: LivePanelTarget): (m: unknown) => Promise<void> {
  return checkedMessages(t, async (m) => {
    switch (m.type) {
      case 'rerun':
        await t.analyze();
        return;
      case 'cancel':
        t.cancel();
        return;
      case 'revealLine':
        // a folder's report numbers its lines through its files (report.files): the file that holds the line
        await t.revealLine(m.line, t.state().report?.files);
        return;
      case 'setOptions':
        if (await t.applyChoices(m.choices)) await t.analyze();
        return;
      case 'lostQuery':
        await t.lost.answer(m, (x) => t.post(x));
        return;
      default:
        // Mix & Correct messages (a folder's or a multi-selection's too: the Mix reads the report's files)
        if (isMixWebviewMessage(m)) await t.mix.handle(m);
        return;
    }
  });
}

/** What a saved report's panel's messages act on (reportPanel.ts; tests pass spies). */
export interface SavedReportTarget extends PanelTarget {
  /** Shows row `line` of the report's dataset, if it is still the file the report describes (else a note). */
  revealLine(line: number): Promise<void>;
  /** "Inspect source dataset": a live analysis in the dataset's own panel, if it is reachable. */
  inspectSource(): Promise<void>;
  lost: LivePanelTarget['lost'];
}

/**
 * Why: the one message handler of a saved report's panel — checks `m`; acts on `ready`, `revealLine`, `rerun` and
 * `lostQuery`; cancel, setOptions and the Mix messages need a live analysis, which a saved report has not (the panel
 * does not offer them): they are dropped like junk.
 */
export function savedReportMessages(t: SavedReportTarget): (m: unknown) => Promise<void> {
  return checkedMessages(t, async (m) => {
    switch (m.type) {
      case 'revealLine':
        await t.revealLine(m.line);
        return;
      case 'rerun':
        await t.inspectSource();
        return;
      case 'lostQuery':
        await t.lost.answer(m, (x) => t.post(x));
        return;
      default:
        return;
    }
  });
}

/** Longest URI string accepted from a webview's saved state. */
export const MAX_SAVED_URI_CHARS = 8192;

/**
 * Why: a restored panel's state comes from the webview (setState), so it is checked like a message before VS Code
 * parses it (panelSerializer.ts): the string saved under `key` when it is a `file:` URI of at most
 * MAX_SAVED_URI_CHARS characters without control characters, else undefined (junk, `command:` or `http:` URIs, huge
 * or nested payloads are dropped and the panel is not restored).
 */
export function savedFileUri(state: unknown, key: 'uri' | 'report'): string | undefined {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return undefined;
  const uri = Object.hasOwn(state, key) ? (state as Record<string, unknown>)[key] : undefined;
  if (typeof uri !== 'string' || uri.length > MAX_SAVED_URI_CHARS) return undefined;
  if (!/^file:/i.test(uri) || /[\u0000-\u001f\u007f]/.test(uri)) return undefined;
  return uri;
}
