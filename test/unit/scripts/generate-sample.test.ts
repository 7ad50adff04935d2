/**
 * The bundled demo dataset: scripts/generate-sample.mjs must be deterministic, small, valid chat JSONL,
 * in sync with the committed samples/sample.jsonl, and its `source` slices must really differ in diversity.
 * Also the benchmark corpus generator (bench/generate-corpus.mjs), on a small size: deterministic, the
 * promised shape, size, sources, row lengths and duplicate rate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const script = join(repoRoot, 'scripts', 'generate-sample.mjs');
const committed = join(repoRoot, 'samples', 'sample.jsonl');
const SOURCES = ['human', 'mixed', 'templated', 'self-trained'];
const BUDGET = 20000;

interface ChatMessage {
  role: string;
  content: string;
}
interface SampleRow {
  messages: ChatMessage[];
  source: string;
  category: string;
  generation?: number;
}

/** Lowercased ASCII \w+ runs (the simple tokenizer the quick check uses). */
function words(text: string): string[] {
  return text.toLowerCase().match(/\w+/g) ?? [];
}

/** Distinct tokens among the first `budget` tokens, divided by `budget`. */
function ttrAtBudget(tokens: string[], budget: number): number {
  assert.ok(tokens.length >= budget, `need ${budget} tokens, have ${tokens.length}`);
  return new Set(tokens.slice(0, budget)).size / budget;
}

/** Fraction of texts equal to an earlier text. */
function duplicateShare(texts: string[]): number {
  return (texts.length - new Set(texts).size) / texts.length;
}

function generate(out: string): Buffer {
  execFileSync(process.execPath, [script, '--out', out, '--quiet'], { cwd: repoRoot, stdio: 'pipe' });
  return readFileSync(out);
}

describe('quick-check helpers (hand-computed)', () => {
  it('tokenizes, measures TTR at a budget and the duplicate share', () => {
    // "The cat, the CAT and a_b!" → lowercase \w+ runs: the, cat, the, cat, and, a_b
    assert.deepEqual(words('The cat, the CAT and a_b!'), ['the', 'cat', 'the', 'cat', 'and', 'a_b']);
    // first 4 tokens: the cat the cat → 2 types / 4 = 0.5; first 6: the cat and a_b → 4 / 6
    assert.equal(ttrAtBudget(['the', 'cat', 'the', 'cat', 'and', 'a_b'], 4), 0.5);
    assert.equal(ttrAtBudget(['the', 'cat', 'the', 'cat', 'and', 'a_b'], 6), 4 / 6);
    // x y x x → 4 rows, 2 distinct → (4 − 2) / 4 = 0.5
    assert.equal(duplicateShare(['x', 'y', 'x', 'x']), 0.5);
  });
});

describe('scripts/generate-sample.mjs', () => {
  let dir = '';
  let first: Buffer = Buffer.alloc(0);
  let rows: SampleRow[] = [];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dl-sample-'));
    first = generate(join(dir, 'a.jsonl'));
    rows = first
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as SampleRow);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is byte-identical on a second run', () => {
    const second = generate(join(dir, 'b.jsonl'));
    assert.ok(first.length > 0);
    assert.ok(first.equals(second), 'two runs differ');
  });

  it('matches the committed samples/sample.jsonl (regenerate with npm run generate:sample)', () => {
    assert.ok(readFileSync(committed).equals(first), 'samples/sample.jsonl is stale');
  });

  it('is at most 2 MB of newline-terminated, blank-free lines', () => {
    assert.ok(statSync(join(dir, 'a.jsonl')).size <= 2 * 1024 * 1024);
    const text = first.toString('utf8');
    assert.ok(text.endsWith('\n'));
    assert.ok(!text.includes('\n\n') && !text.includes('\r'));
  });

  it('has the OpenAI chat shape on every line', () => {
    for (const [i, row] of rows.entries()) {
      const where = `line ${i + 1}`;
      assert.ok(Array.isArray(row.messages), where);
      const roles = row.messages.map((m) => m.role).join(',');
      assert.ok(roles === 'user,assistant' || roles === 'system,user,assistant', `${where}: roles ${roles}`);
      for (const m of row.messages)
        assert.ok(typeof m.content === 'string' && m.content.trim() !== '', where);
      assert.ok(SOURCES.includes(row.source), `${where}: source ${row.source}`);
      assert.ok(typeof row.category === 'string' && row.category !== '', where);
      if (row.source === 'self-trained') {
        assert.ok(Number.isInteger(row.generation) && row.generation! >= 0 && row.generation! <= 5, where);
      } else {
        assert.equal(row.generation, undefined, where);
      }
    }
  });

  it('has at least 30 rows in every slice and every self-trained generation', () => {
    for (const source of SOURCES) assert.ok(rows.filter((r) => r.source === source).length >= 30, source);
    for (let g = 0; g <= 5; g++)
      assert.ok(rows.filter((r) => r.generation === g).length >= 30, `generation ${g}`);
  });

  it('has slices that differ visibly in diversity and duplication', () => {
    const answers = (keep: (r: SampleRow) => boolean) =>
      rows.filter(keep).map((r) => r.messages[r.messages.length - 1].content);
    const ttr = (keep: (r: SampleRow) => boolean, budget: number) =>
      ttrAtBudget(answers(keep).flatMap(words), budget);
    const human = ttr((r) => r.source === 'human', BUDGET);
    const templated = ttr((r) => r.source === 'templated', BUDGET);
    const selfTrained = ttr((r) => r.source === 'self-trained', BUDGET);
    assert.ok(templated < 0.5 * human, `templated TTR ${templated} vs human ${human}`);
    assert.ok(selfTrained < 0.75 * human, `self-trained TTR ${selfTrained} vs human ${human}`);
    // Collapse across generations: at a budget every generation reaches, the last one has fewer types than the first.
    const genBudget = 3000;
    const gen0 = ttr((r) => r.generation === 0, genBudget);
    const gen5 = ttr((r) => r.generation === 5, genBudget);
    assert.ok(gen5 < 0.8 * gen0, `generation 5 TTR ${gen5} vs generation 0 ${gen0}`);
    // Human answers come from distinct mails with boilerplate paragraphs removed: no exact repeats.
    assert.equal(duplicateShare(answers((r) => r.source === 'human')), 0);
    assert.ok(duplicateShare(answers((r) => r.source === 'templated')) > 0.3);
  });
});

describe('bench/generate-corpus.mjs (2 MiB)', () => {
  const corpusScript = join(repoRoot, 'bench', 'generate-corpus.mjs');
  const target = 2 * 1024 * 1024;
  let dir = '';
  const run = (out: string, ...extra: string[]): Buffer => {
    execFileSync(process.execPath, [corpusScript, '--bytes', '2M', '--out', out, '--seed', '5', ...extra], {
      stdio: 'pipe',
    });
    return readFileSync(out);
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dl-corpus-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same bytes twice, gzipped or not, and stops within one row past --bytes', () => {
    const plain = run(join(dir, 'a.jsonl'));
    assert.ok(plain.equals(run(join(dir, 'b.jsonl'))), 'two runs differ');
    assert.ok(gunzipSync(run(join(dir, 'c.jsonl.gz'), '--gzip')).equals(plain), 'gzip output differs');
    const lines = plain.toString('utf8').trimEnd().split('\n');
    const lastLine = Buffer.byteLength(lines[lines.length - 1]) + 1;
    assert.ok(plain.length >= target && plain.length - lastLine < target, `size ${plain.length}`);
  });

  it('has chat rows with 4 sources, 20–400-word bodies and about 5% exact duplicates', () => {
    const rows = readFileSync(join(dir, 'a.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as SampleRow);
    const bodies = rows.map((r) => {
      assert.deepEqual(
        r.messages.map((m) => m.role),
        ['user', 'assistant'],
      );
      return r.messages[1].content;
    });
    assert.deepEqual([...new Set(rows.map((r) => r.source))].sort(), [
      'books',
      'synthetic',
      'templated',
      'web',
    ]);
    for (const body of bodies) {
      const n = words(body).length;
      assert.ok(n >= 20 && n < 400, `body of ${n} words`);
    }
    // ~2,400 rows at a 5% copy rate: the share of bodies equal to an earlier one lands near 0.05
    // (binomial sd ≈ 0.0045; templated rows add a few chance repeats).
    const share = duplicateShare(bodies);
    assert.ok(share > 0.03 && share < 0.09, `exact-duplicate share ${share}`);
  });

  it('writes the text and alpaca shapes', () => {
    const text = JSON.parse(run(join(dir, 't.jsonl'), '--shape', 'text').toString('utf8').split('\n')[0]);
    assert.deepEqual(Object.keys(text), ['text', 'source']);
    const alpaca = JSON.parse(run(join(dir, 'p.jsonl'), '--shape', 'alpaca').toString('utf8').split('\n')[0]);
    assert.deepEqual(Object.keys(alpaca), ['instruction', 'input', 'output', 'source']);
  });
});
