/**
 * Settings the Mix & Correct view reads: the model options that must equal the analysis' (tokenizer, max line
 * bytes) so "Open in Diversity Lens" on the written file measures what the preview promised. (Its reference is the
 * workspace's, resolved with the setting as its default by PanelOptions.referenceFor — the analysis' own rule.)
 */
import * as vscode from 'vscode';
import type { MixModelOptions } from '../../core/mix/mixTypes.ts';
import { analysisOptionsFor } from '../analysis/analysisSettings.ts';
import { MIX_NEAR_FLOOR } from '../../protocol/mixWorkerProtocol.ts';

export { defaultMixOutput } from './mixOutputName.ts';

/** Model options for `dataset`: the analysis' tokenizer and line bound, the given cap fields, the panel's near floor. */
export function mixModelOptionsFor(dataset: vscode.Uri, slicePaths: string[]): MixModelOptions {
  const a = analysisOptionsFor(dataset);
  return { tokenizer: a.tokenizer, maxLineBytes: a.maxLineBytes, slicePaths, nearFloor: MIX_NEAR_FLOOR };
}
