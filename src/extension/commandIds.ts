/**
 * The ids of every command the extension registers: the keys of the command table (commands.ts,
 * `createCommands`), which must be exactly package.json's `contributes.commands` (checked by
 * test/unit/extension/commandIds.test.ts). No `vscode` import, so the unit test can load it.
 */

/** Every command id, in package.json's order. */
export const COMMAND_IDS = [
  'diversityLens.inspect',
  'diversityLens.inspectFolder',
  'diversityLens.inspectSelection',
  'diversityLens.cancel',
  'diversityLens.setReference',
  'diversityLens.compareWithReference',
  'diversityLens.nextHomogeneous',
  'diversityLens.previousHomogeneous',
  'diversityLens.exportReport',
  'diversityLens.showCluster',
  'diversityLens.showDiagnostics',
  'diversityLens.showPanel',
  'diversityLens.openSample',
  'diversityLens.previewMix',
  'diversityLens.openReport',
  'diversityLens.compareDatasets',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
