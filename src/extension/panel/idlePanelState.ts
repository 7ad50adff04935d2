/**
 * The state a panel starts in, before any analysis or report has filled it. Why a file of its own: a live panel
 * (inspectorPanel.ts) and a saved report's panel (reportPanel.ts) open with the same empty analysis fields, and a
 * field added to PanelState then needs its starting value in one place only.
 */
import type { PanelReference, PanelState } from '../../protocol/panelProtocol.ts';

/** Why: the state of a panel that has not run or loaded anything yet, for the file `uri` shown as `fileName`. */
export function idlePanelState(uri: string, fileName: string, reference: PanelReference): PanelState {
  return {
    uri,
    fileName,
    status: 'idle',
    requestId: 0,
    progress: null,
    partial: null,
    report: null,
    error: null,
    reference,
  };
}
