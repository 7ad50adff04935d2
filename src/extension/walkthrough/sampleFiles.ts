/**
 * The Get Started walkthrough's files: the bundled sample dataset (samples/sample.jsonl, shipped in the .vsix) copied
 * to the extension's writable storage — so Mix & Correct can write its corrected file beside it and the installed
 * extension is never modified — plus a reference made of the sample's human-written rows (`source: "human"`),
 * copied byte for byte, so "Set a reference" and "Preview a mix" have a real reference to use. No `vscode` import.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeTextAtomically } from '../../core/io/atomicWrite.ts';

/** The two walkthrough files. */
export interface SampleFiles {
  dataset: string;
  reference: string;
}

/** File names in the storage folder. */
export const SAMPLE_NAME = 'sample.jsonl';
export const SAMPLE_REFERENCE_NAME = 'sample-human-reference.jsonl';

/** The lines of `text` whose row has `source: "human"` (the real mailing-list rows), unchanged. */
export function humanRows(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const row = JSON.parse(line) as { source?: unknown };
      if (row && row.source === 'human') out.push(line);
    } catch {
      // the bundled sample has no bad lines; a broken one is simply not part of the reference
    }
  }
  return out;
}

/**
 * Why: copies the bundled sample into `storageDir` (once; again when the bundled one changed size, e.g. after an
 * update) and writes its human-rows reference beside it, atomically. Returns both paths.
 */
export async function ensureSampleFiles(bundledSample: string, storageDir: string): Promise<SampleFiles> {
  const dataset = path.join(storageDir, SAMPLE_NAME);
  const reference = path.join(storageDir, SAMPLE_REFERENCE_NAME);
  const size = async (p: string) => (await stat(p).catch(() => null))?.size ?? -1;
  const bundledSize = await size(bundledSample);
  if (bundledSize < 0) throw new Error(`the bundled sample is missing: ${bundledSample}`);
  if ((await size(dataset)) !== bundledSize || (await size(reference)) < 0) {
    await mkdir(storageDir, { recursive: true });
    const text = await readFile(bundledSample, 'utf8');
    await writeTextAtomically(dataset, text);
    await writeTextAtomically(reference, `${humanRows(text).join('\n')}\n`);
  }
  return { dataset, reference };
}
