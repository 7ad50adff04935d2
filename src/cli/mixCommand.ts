/**
 * `diversity-lens mix`: builds the mix model from a dataset and a reference, projects the figures of the
 * chosen mix, writes it (byte-exact lines, atomically, with a recipe) and measures the written file with the
 * real analysis, printing projected next to measured. `mix --recipe FILE [--out OTHER]` reproduces a recipe.
 * Tail figures are against the held-out part of the reference (`--holdout F`, default 0.3; never mixed in).
 * The dataset may be several files, a folder or a glob (read as one dataset, as `analyze` reads it), and so may the
 * reference (`--reference shards/`).
 */
import { buildMixModel, type MixInputSource } from '../core/mix/buildMixModel.ts';
import { resolveDatasetFiles } from '../core/pipeline/datasetFiles.ts';
import { projectMix, sweepRealFraction } from '../core/mix/projectMix.ts';
import { writeMix } from '../core/mix/writeMix.ts';
import { measureWrittenMix } from '../core/mix/measureMix.ts';
import { reproduceRecipe, RecipeError } from '../core/mix/recipe.ts';
import { UnsafeOutputError } from '../core/mix/pathGuard.ts';
import { mappingSummary, SchemaMapError } from '../core/mix/referenceSchema.ts';
import type { MixModel } from '../core/mix/mixTypes.ts';
import { simulateGenerations } from '../core/mix/generations.ts';
import {
  mixTokenRows,
  simulateBigramGenerations,
  type BigramGenerationsResult,
} from '../core/mix/bigramGenerations.ts';
import { mixTokenCounts } from '../core/mix/mixCounts.ts';
import { chooseRows } from '../core/mix/chooseRows.ts';
import { DEFAULT_HOLDOUT, heldOutFor } from '../core/mix/heldOut.ts';
import type { MixFigures } from '../core/mix/mixFigures.ts';
import type { MixSettings } from '../core/mix/mixTypes.ts';
import { fmtInt, fmtNum, fmtPct } from '../core/report/format.ts';
import { UsageError } from './usageError.ts';
import { analysisFlagConfig, analysisOptionsFromFlags, parseCommandLine } from './optionFlags.ts';
import { ANALYSIS_OPTIONS, optionProblem } from '../core/pipeline/optionsTable.ts';

const HELP_HINT = 'see: diversity-lens mix --help';

/** Every flag `mix` takes (help.ts describes each; test/unit/cli/help.test.ts checks both agree). */
export const MIX_FLAGS = {
  field: { type: 'string', multiple: true },
  reference: { type: 'string' },
  'reference-field': { type: 'string', multiple: true },
  'real-fraction': { type: 'string' },
  rows: { type: 'string' },
  tokens: { type: 'string' },
  dedup: { type: 'string' },
  cap: { type: 'string', multiple: true },
  'drop-templates': { type: 'boolean' },
  seed: { type: 'string' },
  holdout: { type: 'string' },
  ...analysisFlagConfig(['view', 'tokenizer']),
  generations: { type: 'string' },
  sweep: { type: 'boolean' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  recipe: { type: 'string' },
  quiet: { type: 'boolean' },
  map: { type: 'string', multiple: true },
  'keep-schemas': { type: 'boolean' },
} as const;

/** Runs the command; returns the exit code (0). Throws UsageError (exit 2) on bad usage or refused writes. */
export async function runMix(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine('mix', argv, MIX_FLAGS);
  try {
    if (values.recipe !== undefined)
      return await runRecipe(values.recipe, values.out, positionals, !!values.json);
    if (positionals.length === 0)
      throw new UsageError(`expected a dataset (files, a folder or a glob) (${HELP_HINT})`);
    if (!values.reference) throw new UsageError(`--reference is required (${HELP_HINT})`);
    if (values['real-fraction'] === undefined)
      throw new UsageError(`--real-fraction is required (${HELP_HINT})`);
    if (values.rows !== undefined && values.tokens !== undefined)
      throw new UsageError('--rows and --tokens are exclusive');
    const dedup = parseDedup(values.dedup);
    const settings: MixSettings = {
      realFraction: parseFraction(values['real-fraction']),
      rows: parseCount(values.rows, '--rows'),
      tokens: parseCount(values.tokens, '--tokens'),
      dedup,
      caps: (values.cap ?? []).map(parseCap),
      dropTemplates: !!values['drop-templates'],
      seed: parseCount(values.seed, '--seed') ?? 1,
      holdout: values.holdout === undefined ? DEFAULT_HOLDOUT : parseHoldout(values.holdout),
    };
    const { view, tokenizer } = analysisOptionsFromFlags(values, ['view', 'tokenizer']);
    // a dataset of several files (shards, a folder, a glob) is one input, its files in the stated order (as analyze)
    const datasetInput = await mixInputOf(positionals);
    const referenceInput = await mixInputOf([values.reference]);
    const model = await buildMixModel(datasetInput, referenceInput, {
      fields: values.field,
      referenceFields: values['reference-field'],
      view,
      tokenizer,
      slicePaths: [...new Set(settings.caps!.map((c) => c.field))],
      nearFloor: dedup.kind === 'near' ? dedup.threshold : undefined,
      referenceSchema: values['keep-schemas'] ? 'keep' : 'dataset',
      map: values.map,
    });
    const projection = projectMix(model, settings);
    const split = heldOutFor(model, settings);
    const extra: Record<string, unknown> = {};
    if (values.sweep) extra.sweep = sweepRealFraction(model, settings);
    if (values.generations !== undefined) {
      const sel = chooseRows(model, settings);
      const genOptions = {
        generations: parseCount(values.generations, '--generations'),
        realShare: settings.realFraction,
        seed: settings.seed,
      };
      // fresh real data comes from the pool; tail coverage is of the held-out tail (as for the mix's figures)
      extra.generations = simulateGenerations(
        mixTokenCounts(model, sel.rows),
        split.poolCounts,
        split.tailMask,
        genOptions,
      );
      extra.generationsBigram = simulateBigramGenerations(
        mixTokenRows(model, sel.rows),
        mixTokenRows(model, split.poolRows),
        split.tailMask,
        model.vocab.size,
        genOptions,
      );
    }
    let measured: MixFigures | null = null;
    let output: Record<string, unknown> | null = null;
    if (values.out !== undefined) {
      const w = await writeMix(model, settings, values.out);
      measured = (await measureWrittenMix(model, values.out, split)).figures;
      output = {
        path: w.file.path,
        rows: w.file.rows,
        bytes: w.file.bytes,
        sha256: w.file.sha256,
        recipe: w.recipePath,
      };
    }
    if (values.json) {
      const doc = {
        referenceSchema: schemaReport(model),
        heldOut: projection.heldOut,
        projected: projection.after,
        measured,
        dataset: projection.before,
        selection: projection.selection,
        output,
        warnings: projection.warnings,
        ...extra,
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      process.stdout.write(renderMixSummary(projection, measured, output, extra, model));
    }
    return 0;
  } catch (err) {
    if (
      err instanceof UnsafeOutputError ||
      err instanceof RecipeError ||
      err instanceof RangeError ||
      err instanceof SchemaMapError
    )
      throw new UsageError(err.message);
    throw err;
  }
}

/**
 * The mix input of command-line arguments: one file as it is; several files, a folder or a glob resolved as analyze
 * resolves them (datasetFiles.ts), named by the one argument given, else by the first file.
 */
async function mixInputOf(args: string[]): Promise<MixInputSource> {
  let files: string[];
  try {
    files = await resolveDatasetFiles(args);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (args.length === 1 && files.length === 1 && files[0] === args[0]) return args[0];
  return { files, label: args.length === 1 ? args[0] : files[0] };
}

async function runRecipe(
  recipe: string,
  out: string | undefined,
  positionals: string[],
  json: boolean,
): Promise<number> {
  if (positionals.length > 0)
    throw new UsageError('--recipe takes its inputs from the recipe; give no dataset file');
  const r = await reproduceRecipe(recipe, out);
  const doc = {
    output: {
      path: r.file.path,
      rows: r.file.rows,
      bytes: r.file.bytes,
      sha256: r.file.sha256,
      recipe: r.recipePath,
    },
    identical: true,
  };
  process.stdout.write(
    json
      ? `${JSON.stringify(doc, null, 2)}\n`
      : `reproduced ${fmtInt(r.file.rows)} rows byte for byte → ${r.file.path} (sha256 ${r.file.sha256})\n`,
  );
  return 0;
}

function renderMixSummary(
  p: ReturnType<typeof projectMix>,
  measured: MixFigures | null,
  output: Record<string, unknown> | null,
  extra: Record<string, unknown>,
  model: MixModel,
): string {
  const s = p.selection;
  const L: string[] = [];
  const schema = model.options.referenceSchema;
  const conv = model.reference.conversion;
  if (schema.mode === 'keep') L.push('Reference rows: copied as they are (both schemas kept)');
  else {
    L.push(
      `Reference rows: written in the dataset's schema (${schema.target.shape}; ${fmtInt(conv?.kept ?? 0)} already in it, ${fmtInt(conv?.converted ?? 0)} converted, ${fmtInt(conv?.refused ?? 0)} left out)`,
    );
    for (const line of mappingSummary(schema, schema.mapping ?? {})) L.push(`  ${line}`);
  }
  const n = p.after.rows.parsed;
  L.push(
    `Mix: ${fmtInt(n)} rows — ${fmtInt(s.referenceRows)} real (${fmtPct(p.realShare)}), ${fmtInt(s.datasetRows)} from the dataset; ${fmtInt(s.tokens)} tokens`,
  );
  L.push(
    `  removed before sampling: dedup ${fmtInt(s.removedByDedup.dataset)} dataset / ${fmtInt(s.removedByDedup.reference)} reference rows; templates ${fmtInt(s.removedByTemplates.dataset)} / ${fmtInt(s.removedByTemplates.reference)}; passed over by caps ${fmtInt(s.skippedByCaps)}`,
  );
  const ho = p.heldOut;
  L.push(
    `  tail figures: tail coverage of held-out real rows (${fmtInt(ho.rows)} rows, never mixed in; ${fmtInt(ho.tokens)} tokens, ${fmtInt(ho.tailTypes)} tail types — ${fmtPct(ho.share, 0)} of the reference, seed ${ho.seed}; the mix draws from the other ${fmtInt(ho.poolRows)})`,
  );
  for (const w of p.warnings) L.push(`  note: ${w}`);
  const rows: [string, (f: MixFigures) => string][] = [
    ['rows.parsed', (f) => fmtInt(f.rows.parsed)],
    ['tokens.total', (f) => fmtInt(f.tokens.total)],
    ['lexical.distinct[1]', (f) => fmtNum(f.lexical.distinct[1], 4)],
    ['lexical.distinct[2]', (f) => fmtNum(f.lexical.distinct[2], 4)],
    ['lexical.mattr', (f) => fmtNum(f.lexical.mattr, 4)],
    ['duplicates.exact.rate', (f) => fmtPct(f.duplicates.exact.rate, 2)],
    ['duplicates.near.rowsRemovable', (f) => fmtInt(f.duplicates.near.rowsRemovable)],
    ['tails.typeCoverage', (f) => fmtPct(f.tails.typeCoverage, 2)],
    ['tails.massCoverage', (f) => fmtPct(f.tails.massCoverage, 2)],
    ['tails.sizeAdjusted.typeCoverage', (f) => fmtPct(f.tails.sizeAdjusted?.typeCoverage ?? null, 2)],
    ['tails.sizeAdjusted.massCoverage', (f) => fmtPct(f.tails.sizeAdjusted?.massCoverage ?? null, 2)],
    [
      '  (larger side subsampled to)',
      (f) =>
        f.tails.sizeAdjusted
          ? `${f.tails.sizeAdjusted.subsampled === 'dataset' ? 'this' : 'held-out'} → ${fmtInt(f.tails.sizeAdjusted.toTokens)} tokens`
          : 'n/a',
    ],
    [
      'tails.expectedTypes this / held-out',
      (f) =>
        f.tails.expectedTypes
          ? `${fmtInt(Math.round(f.tails.expectedTypes.mix))} / ${fmtInt(Math.round(f.tails.expectedTypes.heldOut))} @ ${fmtInt(f.tails.expectedTypes.atTokens)}`
          : 'n/a',
    ],
  ];
  const cols = ['figure', 'dataset alone', 'projected mix', measured ? 'measured mix' : ''];
  const table = [
    cols,
    ...rows.map(([name, fmt]) => [name, fmt(p.before), fmt(p.after), measured ? fmt(measured) : '']),
  ];
  const widths = cols.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  L.push('');
  for (const r of table)
    L.push(
      `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`.trimEnd(),
    );
  for (const sl of p.slices.after)
    L.push(
      `  slice ${sl.field}: ${sl.values
        .slice(0, 5)
        .map((v) => `${v.value ?? '(none)'} ${fmtPct(v.share)}`)
        .join(', ')}`,
    );
  if (extra.sweep) {
    L.push('', '  real share → held-out tail type coverage, at equal size, distinct-2:');
    for (const pt of extra.sweep as ReturnType<typeof sweepRealFraction>)
      L.push(
        `    ${fmtPct(pt.realFraction, 0).padStart(5)}  ${fmtPct(pt.typeCoverage).padStart(6)}  ${fmtPct(pt.equalSizeTypeCoverage).padStart(6)}  ${fmtNum(pt.distinct2, 4)}  (${fmtInt(pt.rows)} rows)`,
      );
  }
  if (extra.generations) {
    const g = extra.generations as ReturnType<typeof simulateGenerations>;
    L.push(
      '',
      `  generations (unigram, ${fmtInt(g.tokensPerGeneration)} tokens each): types surviving / tail coverage`,
    );
    for (const [regime, pts] of Object.entries(g.regimes))
      L.push(
        `    ${regime.padEnd(10)} ${pts!.map((x) => `${fmtInt(x.types)}/${fmtPct(x.tailCoverage, 0)}`).join(' → ')}`,
      );
  }
  if (extra.generationsBigram) {
    const b = extra.generationsBigram as BigramGenerationsResult;
    if (b.skipped) L.push('', `  generations (bigram): skipped — ${b.reason}`);
    else {
      L.push(
        '',
        `  generations (bigram, ${fmtInt(b.distinctPairs)} distinct pairs, ${fmtInt(b.tokensPerGeneration)} tokens each): types surviving / tail coverage`,
      );
      for (const [regime, pts] of Object.entries(b.regimes))
        L.push(
          `    ${regime.padEnd(10)} ${pts!.map((x) => `${fmtInt(x.types)}/${fmtPct(x.tailCoverage, 0)}`).join(' → ')}`,
        );
    }
  }
  L.push('');
  if (output)
    L.push(
      `wrote ${fmtInt(output.rows as number)} rows to ${output.path as string} (recipe: ${output.recipe as string})`,
    );
  else L.push('projection only (give --out FILE to write the mix and measure it)');
  return `${L.join('\n')}\n`;
}

/** How reference rows are written, for --json: mode, the dataset's shape and fields, --map, mapping, row counts. */
function schemaReport(model: MixModel): Record<string, unknown> {
  const schema = model.options.referenceSchema;
  if (schema.mode === 'keep') return { mode: 'keep' };
  return {
    mode: 'dataset',
    shape: schema.target.shape,
    fields: schema.target.keys,
    map: schema.map,
    mapping: schema.mapping,
    rows: model.reference.conversion,
  };
}

/** "0.3", "30%" → 0.3. */
function parseFraction(v: string): number {
  const pct = v.endsWith('%');
  const x = Number(pct ? v.slice(0, -1) : v);
  const f = pct ? x / 100 : x;
  if (!Number.isFinite(f) || f < 0 || f > 1)
    throw new UsageError(`--real-fraction must be between 0 and 1 (or 0% and 100%), got "${v}"`);
  return f;
}

/** "0.3", "30%" → 0.3, strictly between 0 and 1. */
function parseHoldout(v: string): number {
  const pct = v.endsWith('%');
  const x = Number(pct ? v.slice(0, -1) : v);
  const f = pct ? x / 100 : x;
  if (!(Number.isFinite(f) && f > 0 && f < 1))
    throw new UsageError(`--holdout must be strictly between 0 and 1 (or 0% and 100%), got "${v}"`);
  return f;
}

function parseCount(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isSafeInteger(x) || x < 0)
    throw new UsageError(`${flag} must be a non-negative integer, got "${v}"`);
  return x;
}

/** "exact" | "near:T" (T in the near threshold's range of the options table, 0.5…1) | "none". */
function parseDedup(v: string | undefined): NonNullable<MixSettings['dedup']> {
  if (v === undefined || v === 'none') return { kind: 'none' };
  if (v === 'exact') return { kind: 'exact' };
  const m = /^near(?::(.+))?$/.exec(v);
  if (m) {
    const spec = ANALYSIS_OPTIONS.nearThreshold;
    const t = m[1] === undefined ? spec.default : Number(m[1]);
    if (optionProblem(spec, t) !== null)
      throw new UsageError(
        `--dedup near:T needs ${spec.min} ≤ T ≤ ${spec.max} (the --near-threshold range), got "${v}"`,
      );
    return { kind: 'near', threshold: t };
  }
  throw new UsageError(`--dedup must be "exact" or "near:T", got "${v}"`);
}

/** "FIELD=SHARE" (split at the last "="). */
function parseCap(v: string): { field: string; max: number } {
  const i = v.lastIndexOf('=');
  const max = Number(v.slice(i + 1));
  if (i <= 0 || !(max > 0)) throw new UsageError(`--cap must look like FIELD=SHARE (SHARE > 0), got "${v}"`);
  return { field: v.slice(0, i), max };
}
