// The options table (src/core/pipeline/optionsTable.ts) is the one declaration of every analysis option: the
// manifest, the CLI flags, the settings reader and the worker-job guard must all follow it (issue #11, bug 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ANALYSIS_OPTIONS,
  EDITOR_SETTINGS,
  SETTINGS_SECTION,
  manifestProperties,
  optionsFromSettings,
  settingSpecs,
  type NumberSpec,
  type OptionSpec,
} from '../../../../src/core/pipeline/optionsTable.ts';
import { DEFAULT_OPTIONS, resolveOptions } from '../../../../src/core/pipeline/analyzeOptions.ts';
import { DEFAULT_MAX_LINE_BYTES } from '../../../../src/core/reader/jsonlReader.ts';
import { DEFAULT_MATTR_WINDOW } from '../../../../src/core/lexical/lexicalMattr.ts';
import { DEFAULT_CHUNK_BYTES } from '../../../../src/core/pipeline/chunkPlan.ts';
import { resolveReferencePath } from '../../../../src/core/pipeline/referencePath.ts';
import { isMixWorkerJob, MIX_NEAR_FLOOR } from '../../../../src/protocol/mixWorkerProtocol.ts';
import { isAnalysisJob } from '../../../../src/protocol/analysisWorkerProtocol.ts';
import { parseAnalyzeArgs, runAnalyze } from '../../../../src/cli/analyzeCommand.ts';
import { runMix } from '../../../../src/cli/mixCommand.ts';
import { UsageError } from '../../../../src/cli/usageError.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
};
const dir = tempDir('dl-options-');
const data = path.join(dir, 'd.jsonl');
fs.writeFileSync(data, '{"text":"alpha beta gamma"}\n{"text":"delta epsilon"}\n');

test("package.json's configuration is the options table's (type, default, minimum/maximum, enum, description)", () => {
  const props = manifest.contributes.configuration.properties;
  const want = manifestProperties();
  assert.deepEqual(
    Object.keys(props).sort(),
    Object.keys(want).sort(),
    'the same settings (run npm run sync:settings)',
  );
  const all: OptionSpec[] = [...Object.values(ANALYSIS_OPTIONS), ...Object.values(EDITOR_SETTINGS)];
  for (const spec of all) {
    if (spec.setting === undefined) continue;
    const p = props[`${SETTINGS_SECTION}.${spec.setting}`];
    const where = `${SETTINGS_SECTION}.${spec.setting}`;
    assert.ok(p, `${where} is in package.json`);
    assert.equal(p.default, 'default' in spec ? spec.default : undefined, `${where} default`);
    if (spec.kind === 'integer' || spec.kind === 'number') {
      assert.equal(p.type, spec.kind, `${where} type`);
      assert.equal(p.minimum, spec.min, `${where} minimum`);
      assert.equal(p.maximum, spec.max, `${where} maximum`);
    } else if (spec.kind === 'enum') {
      assert.equal(p.type, 'string', `${where} type`);
      assert.deepEqual(p.enum, [...spec.values], `${where} enum`);
    } else assert.equal(p.type, spec.kind === 'path' ? 'string' : spec.kind, `${where} type`);
  }
  assert.deepEqual(props, want, 'descriptions too (run npm run sync:settings)');
});

test("the table's defaults are the ones the core falls back to", () => {
  assert.deepEqual(resolveOptions({}), DEFAULT_OPTIONS);
  assert.equal(ANALYSIS_OPTIONS.maxLineBytes.default, DEFAULT_MAX_LINE_BYTES);
  assert.equal(ANALYSIS_OPTIONS.mattrWindow.default, DEFAULT_MATTR_WINDOW);
  assert.equal(ANALYSIS_OPTIONS.chunkBytes.default, DEFAULT_CHUNK_BYTES);
  for (const spec of Object.values(ANALYSIS_OPTIONS) as OptionSpec[]) {
    if (spec.kind === 'integer' || spec.kind === 'number')
      assert.ok(spec.min <= spec.default && spec.default <= spec.max, `${spec.flag}: default in range`);
  }
  // the Mix panel's near floor is a near threshold the table allows
  assert.ok(
    MIX_NEAR_FLOOR >= ANALYSIS_OPTIONS.nearThreshold.min &&
      MIX_NEAR_FLOOR <= ANALYSIS_OPTIONS.nearThreshold.max,
  );
});

/** Whether `analyze` accepts `--flag raw` (parsing only). */
function cliAccepts(flag: string, raw: string): boolean {
  try {
    parseAnalyzeArgs([data, `--${flag}=${raw}`]);
    return true;
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return false;
  }
}

test('a CLI flag and its setting accept exactly the same values (one range per option)', () => {
  let checked = 0;
  for (const [key, spec] of settingSpecs()) {
    if (spec.flag === undefined) continue;
    const probes: unknown[] = [];
    if (spec.kind === 'integer' || spec.kind === 'number') {
      const s = spec as NumberSpec;
      const step = spec.kind === 'integer' ? 1 : 0.01;
      probes.push(s.min - step, s.min, s.default, s.max, s.max + step, s.min + 0.5);
    } else if (spec.kind === 'enum') probes.push(...spec.values, 'bpe', '');
    else if (spec.kind === 'path') probes.push('ref.jsonl');
    for (const v of probes) {
      const viaSetting =
        optionsFromSettings((name) => (name === spec.setting ? v : undefined))[key] !== undefined;
      // a fractional integer setting is rounded down (VS Code only warns); the same fraction on the command line is refused
      if (spec.kind === 'integer' && typeof v === 'number' && !Number.isInteger(v)) {
        assert.equal(cliAccepts(spec.flag, String(v)), false, `--${spec.flag} ${v}`);
        continue;
      }
      assert.equal(
        cliAccepts(spec.flag, String(v)),
        viaSetting,
        `--${spec.flag} ${String(v)} vs ${spec.setting} = ${String(v)}`,
      );
      checked++;
    }
  }
  assert.ok(checked >= 30, `${checked} probes`);
});

test('bug 4: --near-threshold 0.3, --mattr-window 5, --max-line-bytes 100 are refused like the settings (exit 2, before reading)', async () => {
  const missing = path.join(dir, 'missing.jsonl'); // a usage error comes first, not "no such file"
  for (const [flag, v, range] of [
    ['--near-threshold', '0.3', /≥ 0\.5 ≤ 1/],
    ['--mattr-window', '5', /≥ 10 ≤ 100000/],
    ['--max-line-bytes', '100', /≥ 1024/],
  ] as const) {
    await assert.rejects(
      runAnalyze([missing, flag, v]),
      (e: unknown) => e instanceof UsageError && range.test(e.message),
      `${flag} ${v}`,
    );
    const spec: OptionSpec = ANALYSIS_OPTIONS[flagKey(flag)];
    assert.equal(
      optionsFromSettings((name) => (name === spec.setting ? Number(v) : undefined))[flagKey(flag)],
      undefined,
    );
  }
  // …and the settings' lower ends work on the command line
  assert.equal(cliAccepts('near-threshold', '0.5'), true);
  assert.equal(cliAccepts('mattr-window', '10'), true);
  assert.equal(cliAccepts('max-line-bytes', '1024'), true);
});

function flagKey(flag: string): keyof typeof ANALYSIS_OPTIONS {
  const entry = Object.entries(ANALYSIS_OPTIONS).find(([, s]) => 'flag' in s && `--${s.flag}` === flag);
  assert.ok(entry, flag);
  return entry[0] as keyof typeof ANALYSIS_OPTIONS;
}

test('bug 4: --workers 0 means every core on the command line, as the setting 0 does', async () => {
  assert.equal(await runAnalyze([data, '--workers', '0', '--quiet']), 0);
  assert.equal(optionsFromSettings((name) => (name === 'workers' ? 0 : undefined)).workers, 0);
});

test('mix --dedup near:T takes the near threshold range of the table', async () => {
  const args = (t: string) => [
    data,
    '--reference',
    path.join(dir, 'missing-ref.jsonl'),
    '--real-fraction',
    '0.3',
    '--dedup',
    `near:${t}`,
  ];
  await assert.rejects(
    runMix(args('0.3')),
    (e: unknown) => e instanceof UsageError && /0\.5 ≤ T ≤ 1/.test(e.message),
  );
  // in range: parsing passes, the missing reference fails later (not a usage error about T)
  await assert.rejects(
    runMix(args('0.6')),
    (e: unknown) => !(e instanceof UsageError && /near:T/.test((e as Error).message)),
  );
  await assert.rejects(
    runMix([data, '--reference', 'r.jsonl', '--real-fraction', '0.3', '--tokenizer', 'bpe']),
    (e: unknown) => e instanceof UsageError && /--tokenizer must be one of word, wink/.test(e.message),
  );
});

test('the CLI passes only the flags given, each typed by the table', () => {
  const { options } = parseAnalyzeArgs([
    data,
    '--tokenizer',
    'wink',
    '--near-threshold',
    '0.9',
    '--group-by',
    'a',
    '--group-by',
    'b',
    '--reference',
    'r.jsonl',
    '--reference-field',
    'x',
    '--strict',
  ]);
  assert.deepEqual(options, {
    tokenizer: 'wink',
    nearThreshold: 0.9,
    groupBy: ['a', 'b'],
    reference: { path: 'r.jsonl', fields: ['x'] },
    strict: true,
  });
  assert.deepEqual(parseAnalyzeArgs([data]).options, {});
  assert.throws(
    () => parseAnalyzeArgs([data, '--reference-field', 'x']),
    /--reference-field needs --reference/,
  );
  assert.throws(() => parseAnalyzeArgs([data, '--mattr-window', '']), UsageError);
});

test('the settings reader keeps valid, set values only (integers rounded down, blank reference dropped)', () => {
  const set: Record<string, unknown> = {
    tokenizer: 'wink',
    mattrWindow: 50.7,
    nearThreshold: 0.49,
    tailMax: 'x',
    referencePath: '  ',
    minSliceRows: 20,
  };
  assert.deepEqual(
    optionsFromSettings((k) => set[k]),
    { tokenizer: 'wink', mattrWindow: 50, minSliceRows: 20 },
  );
  assert.deepEqual(
    optionsFromSettings((k) => (k === 'referencePath' ? ' data/ref.jsonl ' : undefined)),
    { reference: 'data/ref.jsonl' },
  );
});

test("the worker jobs' guards check the options against the table", () => {
  const job = (options: unknown) => ({ type: 'analyze', requestId: 1, path: '/d.jsonl', options });
  assert.equal(
    isAnalysisJob(
      job({
        nearThreshold: 0.8,
        tokenizer: 'word',
        reference: { path: '/r.jsonl' },
        groupBy: ['a'],
        compressionSampleAboveBytes: Infinity,
      }),
    ),
    true,
  );
  for (const bad of [
    { nearThreshold: 0.3 },
    { tokenizer: 'bpe' },
    { mattrWindow: 1 },
    { workers: -1 },
    { reference: { path: '' } },
    { reference: '/r.jsonl' },
    { groupBy: [1] },
  ]) {
    assert.equal(isAnalysisJob(job(bad)), false, JSON.stringify(bad));
  }
  const build = (options: unknown) => ({
    type: 'build',
    requestId: 1,
    datasetPath: '/d.jsonl',
    referencePath: '/r.jsonl',
    options,
  });
  assert.equal(
    isMixWorkerJob(
      build({ tokenizer: 'wink', maxLineBytes: 1 << 20, slicePaths: ['source'], nearFloor: 0.7 }),
    ),
    true,
  );
  assert.equal(isMixWorkerJob(build({ maxLineBytes: 10 })), false);
});

test('the reference path is resolved by one rule: absolute kept, relative from the workspace folder, else the dataset folder', () => {
  const abs = path.resolve('/data/ref.jsonl');
  assert.equal(resolveReferencePath(abs, '/w/d.jsonl', '/w'), abs);
  assert.equal(
    resolveReferencePath(' ref.jsonl ', path.resolve('/w/sub/d.jsonl'), path.resolve('/w')),
    path.resolve('/w/ref.jsonl'),
  );
  assert.equal(
    resolveReferencePath('ref.jsonl', path.resolve('/w/sub/d.jsonl'), undefined),
    path.resolve('/w/sub/ref.jsonl'),
  );
  assert.equal(resolveReferencePath('  ', '/w/d.jsonl', '/w'), null);
});
