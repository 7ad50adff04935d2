/**
 * The reference (real / human) corpus, read once with its own text view and the dataset's tokenizer.
 * Why: tail coverage needs its frequency table, and the verdict needs more than that — its rows (to
 * split it into same-distribution halves for the coverage baseline) and its token stream in file order
 * (for MTLD at equal size). Rows are kept as dense ids in typed arrays (4 bytes per token), up to a cap.
 */
import { readJsonl } from '../reader/jsonlReader.ts';
import { createTextView, type TextView } from '../fields/textView.ts';
import { ViewSampler } from './sampleView.ts';
import type { Tokenizer } from '../types.ts';
import type { ReferenceRows } from '../tails/tailsBaseline.ts';
import type { AnalyzeProgress } from './analyzeOptions.ts';
import type { ViewName } from './optionsTable.ts';
import { withRoom } from '../typedArrays.ts';
import type { JsonlRecord } from '../types.ts';
import { InstructionAccumulator, type InstructionOptions } from '../instructions/instructionStats.ts';
import { createPromptSide } from '../instructions/promptSide.ts';

/** Tokens of reference rows kept for the baseline and MTLD (256 MiB of ids); later rows only count. */
export const REFERENCE_ROW_TOKEN_CAP = 64 * 1024 * 1024;

export interface ReferenceCorpus {
  /** Token → count over every row. */
  counts: Map<string, number>;
  rows: number;
  tokens: number;
  /** id → token, for the ids in `kept`. */
  strings: string[];
  /** The first rows (up to REFERENCE_ROW_TOKEN_CAP tokens) as ids, in file order. */
  kept: ReferenceRows;
  /** Rows in `kept` (= rows unless the cap was reached). */
  keptRows: number;
  /**
   * The reference's instruction sample (same sampler as the dataset's), when asked for and its first rows have a
   * prompt side (promptSide.ts default rules); the caller finishes or disposes it.
   */
  instructions: InstructionAccumulator | null;
}

export interface ReadReferenceOptions {
  fields: string[];
  maxLineBytes: number;
  view: ViewName;
  tokenizer: Tokenizer;
  signal?: AbortSignal;
  onProgress?: (p: AnalyzeProgress) => void;
  /** Override of REFERENCE_ROW_TOKEN_CAP (tests). */
  tokenCap?: number;
  /** Also sample the reference's prompts (the instruction figures' overlap and missing pairs) with these options. */
  instructions?: InstructionOptions;
}

/** Reads and tokenizes the reference file (lenient: malformed lines are skipped, as for any input). */
export async function readReferenceCorpus(path: string, o: ReadReferenceOptions): Promise<ReferenceCorpus> {
  const cap = o.tokenCap ?? REFERENCE_ROW_TOKEN_CAP;
  const counts = new Map<string, number>();
  const ids = new Map<string, number>();
  const strings: string[] = [];
  let tokens: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  let rowStart: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  let used = 0;
  let keptRows = 0;
  let full = false;
  let rows = 0;
  let total = 0;
  const reader = readJsonl(path, {
    maxLineBytes: o.maxLineBytes,
    signal: o.signal,
    onProgress: (bytesRead, totalBytes) =>
      o.onProgress?.({ phase: 'reference', bytesRead, totalBytes, rows }),
  });
  let instructions: InstructionAccumulator | null = null;
  const consume = (rec: JsonlRecord, v: TextView) => {
    const value = rec.value;
    rows++;
    instructions?.addRow(rec.line, value, rec.offset);
    const toks = o.tokenizer.tokenize(v.extract(value));
    total += toks.length;
    for (const t of toks) counts.set(t, (counts.get(t) ?? 0) + 1);
    if (full || used + toks.length > cap) {
      full = true;
      return;
    }
    if (used + toks.length > tokens.length) tokens = withRoom(tokens, used + toks.length);
    for (const t of toks) {
      let id = ids.get(t);
      if (id === undefined) {
        id = strings.length;
        ids.set(t, id);
        strings.push(t);
      }
      tokens[used++] = id;
    }
    keptRows++;
    if (keptRows + 1 > rowStart.length) rowStart = withRoom(rowStart, keptRows + 1);
    rowStart[keptRows] = used;
  };
  const spec = { fields: o.fields.length ? o.fields : undefined, view: o.view };
  const sampler = new ViewSampler<JsonlRecord>((sample) => {
    const values = sample.map((r) => r.value);
    if (o.instructions) {
      const side = createPromptSide(values);
      if (side) instructions = new InstructionAccumulator(side, o.instructions);
    }
    return createTextView(values, spec);
  });
  try {
    for await (const rec of reader.records) {
      const ready = sampler.offer(rec);
      if (ready === null) consume(rec, sampler.view!);
      else for (const r of ready) consume(r, sampler.view!);
    }
    for (const r of sampler.finish()) consume(r, sampler.view!);
  } catch (err) {
    (instructions as InstructionAccumulator | null)?.dispose();
    throw err;
  }
  return {
    instructions,
    counts,
    rows,
    tokens: total,
    strings,
    kept: { tokens: tokens.subarray(0, used), rowStart: rowStart.subarray(0, keptRows + 1) },
    keptRows,
  };
}
