/**
 * The Mix tab's content where Mix & Correct is not offered (a saved report, pickers.ts): its usual heading and one
 * note saying why. Why a file of its own: any panel kind that cannot mix words its own reason, but the tab must look
 * the same whichever reason it shows.
 */
import { h, section } from '../../dom.ts';

/** Why: one shape for every "Mix & Correct is not available here" tab; `id` names the note for tests and styles. */
export function mixUnavailableNotice(id: string, reason: string): HTMLElement {
  return section('mix', 'Mix & Correct', h('p', { class: 'meta', id }, reason));
}
