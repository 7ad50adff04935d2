/**
 * Default path of a corrected dataset: `<name>.mixed.jsonl` beside the source, where `<name>` is the
 * source's file name without `.jsonl` / `.jsonl.gz` (any other extension is kept: `a.txt` → `a.txt.mixed.jsonl`).
 * The mix is always written uncompressed. Pure (no `vscode`), so it is unit-tested.
 */
import * as path from 'node:path';

/** `/d/chat.jsonl` → `/d/chat.mixed.jsonl`; `/d/x.jsonl.gz` → `/d/x.mixed.jsonl`. */
export function defaultMixOutput(source: string): string {
  const base = path.basename(source).replace(/\.jsonl(\.gz)?$/i, '');
  return path.join(path.dirname(source), `${base}.mixed.jsonl`);
}
