/**
 * Default path of a corrected dataset: `<name>.mixed.jsonl` beside the source, where `<name>` is the
 * source's file name without `.jsonl` / `.jsonl.gz` (any other extension is kept: `a.txt` → `a.txt.mixed.jsonl`).
 * The mix is always written uncompressed. The name is made safe (src/core/io/safeFileName.ts: `CON.jsonl` →
 * `_CON.mixed.jsonl`, a 300-character name cut to 255 bytes, controls and bidi characters replaced) and is never an
 * existing file (`<name>-2.mixed.jsonl`, … — the mix of `x.jsonl.gz` does not propose the mix of `x.jsonl`). Pure
 * (no `vscode`), so it is unit-tested.
 */
import * as path from 'node:path';
import { freeFileName } from '../../core/io/safeFileName.ts';

/** `/d/chat.jsonl` → `/d/chat.mixed.jsonl`; `/d/x.jsonl.gz` → `/d/x.mixed.jsonl`; taken → `/d/chat-2.mixed.jsonl`. */
export function defaultMixOutput(source: string, exists?: (p: string) => boolean): string {
  const base = path.basename(source).replace(/\.jsonl(\.gz)?$/i, '');
  return freeFileName(path.dirname(source), base, '.mixed.jsonl', exists);
}
