/** A temporary folder of dataset files for the tests of folder datasets (Inspect Folder, saved reports). (Not a test file itself.) */
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tempDir.ts';

/** Writes `files` (name → content) into `<a new temp dir>/<name>` and returns both paths. */
export function writeFolder(
  prefix: string,
  name: string,
  files: Record<string, string>,
): { dir: string; folder: string } {
  const dir = tempDir(prefix);
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, file), content);
  return { dir, folder };
}
