/**
 * Settings the Mix & Correct view reads: the configured reference (`diversityLens.referencePath`, resolved by the
 * same function as the analysis' reference) and the model options that
 * must equal the analysis' (tokenizer, max line bytes) so "Open in Diversity Lens" on the written file
 * measures what the preview promised.
 */
import * as vscode from 'vscode';
import type { MixModelOptions } from '../../core/mix/mixTypes.ts';
import { analysisOptionsFor, configuredReference } from '../analysis/analysisSettings.ts';
import { MIX_NEAR_FLOOR } from '../../protocol/mixWorkerProtocol.ts';

export { defaultMixOutput } from './mixOutputName.ts';

/** The configured reference as an absolute path, or null when none is set (resolved once, by analysisSettings.ts). */
export function configuredMixReference(dataset: vscode.Uri): string | null {
  return configuredReference(dataset);
}

/** Model options for `dataset`: the analysis' tokenizer and line bound, the given cap fields, the panel's near floor. */
export function mixModelOptionsFor(dataset: vscode.Uri, slicePaths: string[]): MixModelOptions {
  const a = analysisOptionsFor(dataset);
  return { tokenizer: a.tokenizer, maxLineBytes: a.maxLineBytes, slicePaths, nearFloor: MIX_NEAR_FLOOR };
}
