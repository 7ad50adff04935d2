/** A temporary folder of dataset files for the tests of folder datasets (Inspect Folder, saved reports). (Not a test file itself.) */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes `files` (name → content) into `<a new temp dir>/<name>` and returns both paths. */
export function writeFolder(
  prefix: string,
  name: string,
  files: Record<string, string>,
): { dir: string; folder: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const folder = path.join(dir, name);
  fs.mkdirSync(folder);
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, file), content);
  return { dir, folder };
}
