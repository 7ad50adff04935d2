/**
 * Where a configured reference path points. One rule for the analysis and the Mix view (they used to resolve the
 * `diversityLens.referencePath` setting each with its own copy): absolute paths stay, relative ones are taken from
 * the dataset's workspace folder, else from the dataset's directory. Pure Node, so it is testable without VS Code.
 */
import * as path from 'node:path';

/** The absolute path of the configured reference `p` for the dataset at `datasetPath`; null when `p` is blank. */
export function resolveReferencePath(
  p: string,
  datasetPath: string,
  workspaceFolder: string | undefined,
): string | null {
  const trimmed = p.trim();
  if (trimmed === '') return null;
  if (path.isAbsolute(trimmed)) return trimmed;
  return path.resolve(workspaceFolder ?? path.dirname(datasetPath), trimmed);
}
