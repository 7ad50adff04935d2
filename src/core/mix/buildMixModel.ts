/**
 * Builds the mix model: ONE pass over each input (dataset, then reference) that keeps per-row summaries —
 * line, offset, length, token ids (pooled), bigram ids, exact-text group, opening 3-gram, near-duplicate
 * rep, slice values — so every later control change is recomputed from memory in milliseconds.
 * Memory: ≈ 8 bytes per token (token + bigram id) + ≈ 60 bytes per row + the near-duplicate index.
 */
import { stat } from 'node:fs/promises';
import { readJsonl } from '../reader/jsonlReader.ts';
import { groupValue, type TextView } from '../fields/textView.ts';
import { compilePath } from '../fields/path.ts';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import { Vocabulary } from '../tokenize/vocabulary.ts';
import { normalizeForExact } from '../duplicates/exactDuplicates.ts';
import { Hash64Table } from '../sketches/hash64Table.ts';
import { hashIds, hashIdsHigh, hashString64 } from '../sketches/minhash.ts';
import { DEFAULT_OPTIONS } from '../pipeline/analyzeOptions.ts';
import { Growable } from './growArrays.ts';
import { NearGraphBuilder } from './nearIndex.ts';
import { resolveSharedView } from './sharedView.ts';
import { SAMPLE_ROWS } from '../pipeline/sampleView.ts';
import { TEMPLATE_SHARE_THRESHOLD } from '../lineMarks/homogeneousLineMarks.ts';
import {
  convertRow,
  describeMapping,
  parseMapEntries,
  targetSchemaOf,
  SchemaMapError,
  type ReferenceSchemaPlan,
} from './referenceSchema.ts';
import {
  NO_ID,
  type MixInputFile,
  type MixInputInfo,
  type MixModel,
  type MixModelOptions,
  type ResolvedMixOptions,
} from './mixTypes.ts';
import { withRoom } from '../typedArrays.ts';
import type { DatasetInput } from '../pipeline/analyzeDataset.ts';

export interface MixBuildProgress {
  phase: 'dataset' | 'reference' | 'indexing';
  bytesRead: number;
  totalBytes: number;
}

export interface MixBuildHooks {
  onProgress?: (p: MixBuildProgress) => void;
  signal?: AbortSignal;
}

/**
 * One input of a mix: a file's path, or several files read as one input (a folder, a glob, a multi-selection:
 * `files` in reading order, `label` naming the input), as analyzeDataset takes them.
 */
export type MixInputSource = string | DatasetInput;

/** The files of an input and its name, and whether it is given as several files (then it keeps `files`). */
function sourceFiles(src: MixInputSource): { files: string[]; label: string; several: boolean } {
  if (typeof src === 'string') return { files: [src], label: src, several: false };
  if (src.files.length === 0) throw new Error(`${src.label}: an input needs at least one file`);
  return {
    files: src.files,
    label: src.label,
    several: src.files.length > 1 || src.label !== src.files[0],
  };
}

/**
 * Reads both inputs once and returns the model every projection and the writer use. Either input may be several
 * files (a folder of shards…): its rows are numbered through its files as the analysis numbers them (inputFiles.ts).
 */
export async function buildMixModel(
  datasetInput: MixInputSource,
  referenceInput: MixInputSource,
  options: MixModelOptions = {},
  hooks: MixBuildHooks = {},
): Promise<MixModel> {
  const nearThreshold = options.nearThreshold ?? DEFAULT_OPTIONS.nearThreshold;
  const base = {
    tokenizer: options.tokenizer ?? DEFAULT_OPTIONS.tokenizer,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_OPTIONS.maxLineBytes,
    slicePaths: options.slicePaths ?? [],
    nearThreshold,
    nearFloor: Math.min(options.nearFloor ?? nearThreshold, nearThreshold),
    mattrWindow: options.mattrWindow ?? DEFAULT_OPTIONS.mattrWindow,
    tailMax: options.tailMax ?? DEFAULT_OPTIONS.tailMax,
    templateShare: TEMPLATE_SHARE_THRESHOLD,
    fields: options.fields ?? [],
    referenceFields: options.referenceFields ?? [],
    view: options.view ?? 'default',
  };
  const datasetSrc = sourceFiles(datasetInput);
  const referenceSrc = sourceFiles(referenceInput);
  const dsSample = await sampleValues(datasetSrc.files, base.maxLineBytes, hooks.signal);
  const refSample = await sampleValues(referenceSrc.files, base.maxLineBytes, hooks.signal);
  const plan = schemaPlan(dsSample, options);
  const converted = plan ? convertedSample(refSample, plan) : undefined;
  if (plan && base.referenceFields.length > 0)
    throw new SchemaMapError(
      "--reference-field reads the reference in its own schema; its rows are converted to the dataset's schema and read with the dataset's fields (drop --reference-field, or keep both schemas)",
    );
  const shared = resolveSharedView(dsSample, refSample, base, converted);
  const resolved: ResolvedMixOptions = {
    ...base,
    effective: shared.effective,
    referenceSchema: plan ? { ...plan, mapping: describeMapping(refSample, plan) } : { mode: 'keep' },
  };

  const tokenizer = getTokenizer(resolved.tokenizer);
  const vocab = new Vocabulary();
  const slicePaths = resolved.slicePaths.map(compilePath);
  const b = {
    line: new Growable(Uint32Array),
    offset: new Growable(Float64Array),
    length: new Growable(Uint32Array),
    tokStart: new Growable(Float64Array),
    tokens: new Growable(Uint32Array, 1 << 16),
    bigrams: new Growable(Uint32Array, 1 << 16),
    exactGroup: new Growable(Int32Array),
    opening: new Growable(Int32Array),
    slices: slicePaths.map(() => new Growable(Int32Array)),
  };
  const sliceIndex = slicePaths.map(() => new Map<string, number>());
  const sliceValues: string[][] = slicePaths.map(() => []);
  const exactTable = new Hash64Table(1 << 12);
  const openingTable = new Hash64Table(1 << 12);
  const bigramTable = new Hash64Table(1 << 14);
  let exactGroups = 0;
  let openings = 0;
  let bigramTypes = 0;
  const key = new Uint32Array(2);
  const near = new NearGraphBuilder(resolved.nearFloor);
  let refCounts: Float64Array = new Float64Array(1024);

  const readInput = async (
    role: 'dataset' | 'reference',
    src: { files: string[]; label: string; several: boolean },
    view: TextView,
    own: TextView,
  ): Promise<MixInputInfo> => {
    const openingRows = new Map<number, number>();
    const conversion = {
      kept: 0,
      converted: 0,
      refused: 0,
      examples: [] as { line: number; reason: string }[],
    };
    const convert = role === 'reference' ? plan : null;
    const firstRow = b.line.length;
    let rows = 0;
    let rowsWithTokens = 0;
    const files: MixInputFile[] = [];
    let linesTotal = 0;
    let linesParsed = 0;
    let totalBytes = 0;
    const sizes: number[] = [];
    for (const path of src.files) {
      const st = await stat(path);
      sizes.push(st.size);
      totalBytes += st.size;
      files.push({ path, bytes: st.size, mtimeMs: st.mtimeMs, compression: 'none', firstLine: 0, lines: 0 });
    }
    let lineShift = 0;
    let bytesBefore = 0;
    for (let f = 0; f < src.files.length; f++) {
      const path = src.files[f];
      const before = bytesBefore;
      const reader = readJsonl(path, {
        maxLineBytes: resolved.maxLineBytes,
        keepSource: slicePaths.length > 0, // exact slice keys of integers above 2^53
        signal: hooks.signal,
        // several files: lines run through the files, as the analysis numbers them (analyzeDataset.ts)
        firstLine: lineShift + 1,
        onProgress: (bytesRead, fileBytes) =>
          hooks.onProgress?.({
            phase: role,
            bytesRead: before + bytesRead,
            totalBytes: src.several ? totalBytes : fileBytes,
          }),
      });
      for await (const rec of reader.records) {
        // a reference row is read as it will be written: converted to the dataset's schema, or left out
        let value = rec.value;
        if (convert) {
          const c = convertRow(value, convert);
          if (c.kind === 'refuse') {
            conversion.refused++;
            if (conversion.examples.length < 5)
              conversion.examples.push({ line: rec.line, reason: c.reason });
            continue;
          }
          if (c.kind === 'convert') {
            conversion.converted++;
            value = c.value;
          } else conversion.kept++;
        }
        rows++;
        const text = view.extract(value);
        const words = tokenizer.tokenize(text);
        const ids = new Uint32Array(words.length);
        for (let i = 0; i < words.length; i++) ids[i] = vocab.intern(words[i]);
        b.line.push(rec.line);
        b.offset.push(rec.offset);
        b.length.push(rec.length);
        b.tokStart.push(b.tokens.length);
        b.tokens.pushAll(ids);
        for (let i = 0; i < ids.length; i++) {
          if (i === 0) {
            b.bigrams.push(NO_ID);
            continue;
          }
          let id = bigramTable.find(ids[i - 1], ids[i]);
          if (id < 0) bigramTable.insert(ids[i - 1], ids[i], (id = bigramTypes++));
          b.bigrams.push(id);
        }
        const norm = normalizeForExact(text);
        if (norm.length === 0) b.exactGroup.push(-1);
        else {
          hashString64(norm, key);
          let g = exactTable.find(key[0], key[1]);
          if (g < 0) exactTable.insert(key[0], key[1], (g = exactGroups++));
          b.exactGroup.push(g);
        }
        if (ids.length > 0) rowsWithTokens++;
        if (ids.length >= 3) {
          const lo = hashIds(ids, 0, 3);
          const hi = hashIdsHigh(ids, 0, 3);
          let o = openingTable.find(lo, hi);
          if (o < 0) openingTable.insert(lo, hi, (o = openings++));
          b.opening.push(o);
          openingRows.set(o, (openingRows.get(o) ?? 0) + 1);
        } else b.opening.push(-1);
        slicePaths.forEach((p, k) => {
          // the row's text gives an integer above 2^53 its digits (not for a reference row converted to another schema)
          const v = groupValue(value, p, value === rec.value ? rec.source : undefined);
          if (v === null) return b.slices[k].push(-1);
          let id = sliceIndex[k].get(v);
          if (id === undefined) {
            id = sliceValues[k].length;
            sliceIndex[k].set(v, id);
            sliceValues[k].push(v);
          }
          b.slices[k].push(id);
        });
        near.addRow(ids);
        if (role === 'reference') {
          if (vocab.size > refCounts.length) refCounts = withRoom(refCounts, vocab.size);
          for (let i = 0; i < ids.length; i++) refCounts[ids[i]]++;
        }
      }
      const s = reader.stats;
      const lines = s.total + s.blank;
      files[f] = { ...files[f], compression: s.compression, firstLine: lineShift + 1, lines };
      linesTotal += s.total;
      linesParsed += s.parsed;
      lineShift += lines;
      bytesBefore += sizes[f];
    }
    const flaggedOpenings: number[] = [];
    for (const [o, n] of openingRows)
      if (rowsWithTokens > 0 && n / rowsWithTokens > resolved.templateShare) flaggedOpenings.push(o);
    flaggedOpenings.sort((x, y) => x - y);
    const flaggedSet = new Set(flaggedOpenings);
    let flaggedRows = 0;
    for (let g = firstRow; g < b.line.length; g++) if (flaggedSet.has(b.opening.at(g))) flaggedRows++;
    if (convert && rows === 0)
      throw new SchemaMapError(
        `no reference row can be written in the dataset's schema (${plan!.target.shape})` +
          (conversion.examples.length
            ? `: line ${conversion.examples[0].line}: ${conversion.examples[0].reason}`
            : ': the reference has no rows') +
          '. Map its fields with --map REFERENCE_FIELD=DATASET_FIELD, or keep both schemas (--keep-schemas).',
      );
    if (convert && conversion.refused > 0)
      shared.warnings.push(
        `${conversion.refused} reference row${conversion.refused === 1 ? '' : 's'} cannot be written in the dataset's schema and ${conversion.refused === 1 ? 'is' : 'are'} left out of the mix (first: line ${conversion.examples[0].line}: ${conversion.examples[0].reason})`,
      );
    return {
      role,
      path: src.label,
      bytes: totalBytes,
      mtimeMs: files[0].mtimeMs,
      compression: files[0].compression,
      ...(src.several ? { files } : {}),
      rows,
      linesTotal,
      linesSkipped: linesTotal - linesParsed,
      ownView: { shape: own.shape, view: own.view, fields: own.fields },
      flaggedOpenings,
      flaggedRows,
      rowsWithTokens,
      ...(convert ? { conversion } : {}),
    };
  };

  const dataset = await readInput('dataset', datasetSrc, shared.datasetView, shared.datasetOwn);
  const reference = await readInput('reference', referenceSrc, shared.referenceView, shared.referenceOwn);
  b.tokStart.push(b.tokens.length);
  hooks.onProgress?.({ phase: 'indexing', bytesRead: 0, totalBytes: 0 });
  if (hooks.signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
  const graph = near.finish();

  const V = vocab.size;
  const referenceCounts: Float64Array = withRoom(refCounts, V).slice(0, V);
  const tailMask = new Uint8Array(V);
  let tailTypes = 0;
  let tailTokens = 0;
  for (let t = 0; t < V; t++) {
    const r = referenceCounts[t];
    if (r >= 1 && r <= resolved.tailMax) {
      tailMask[t] = 1;
      tailTypes++;
      tailTokens += r;
    }
  }
  return {
    options: resolved,
    dataset,
    reference,
    nDataset: dataset.rows,
    nReference: reference.rows,
    line: b.line.toArray(),
    offset: b.offset.toArray(),
    length: b.length.toArray(),
    tokStart: b.tokStart.toArray(),
    tokens: b.tokens.toArray(),
    bigrams: b.bigrams.toArray(),
    bigramTypes,
    exactGroup: b.exactGroup.toArray(),
    exactGroups,
    opening: b.opening.toArray(),
    nearRep: graph.rowRep,
    nearReps: graph.reps,
    edgeA: graph.edgeA,
    edgeB: graph.edgeB,
    edgeSim: graph.edgeSim,
    sliceIds: b.slices.map((s) => s.toArray()),
    sliceValues,
    vocab,
    referenceCounts,
    tailMask,
    tailTypes,
    tailTokens,
    warnings: shared.warnings,
  };
}

/**
 * The conversion plan of the reference rows (null with `referenceSchema: 'keep'`): the dataset's schema from
 * its sample and the checked `--map` entries (SchemaMapError on a bad one).
 */
function schemaPlan(datasetSample: readonly unknown[], options: MixModelOptions): ReferenceSchemaPlan | null {
  if (options.referenceSchema === 'keep') {
    if (options.map?.length)
      throw new Error('--map applies only when reference rows are converted (not with --keep-schemas)');
    return null;
  }
  const target = targetSchemaOf(datasetSample);
  return { mode: 'dataset', target, map: parseMapEntries(options.map ?? [], target) };
}

/** The reference sample as it will be read: converted rows, rows already in schema, refused rows left out. */
function convertedSample(sample: readonly unknown[], plan: ReferenceSchemaPlan): unknown[] {
  const out: unknown[] = [];
  for (const v of sample) {
    const c = convertRow(v, plan);
    if (c.kind === 'convert') out.push(c.value);
    else if (c.kind === 'keep') out.push(v);
  }
  return out;
}

/**
 * The parsed values of the first SAMPLE_ROWS records (the analysis' constant: the mix detects the same shape), read
 * on into the next file while the first is shorter (as analyzeDataset's sample).
 */
async function sampleValues(
  paths: readonly string[],
  maxLineBytes: number,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const path of paths) {
    for await (const rec of readJsonl(path, { maxLineBytes, signal }).records) {
      out.push(rec.value);
      if (out.length >= SAMPLE_ROWS) return out;
    }
  }
  return out;
}
