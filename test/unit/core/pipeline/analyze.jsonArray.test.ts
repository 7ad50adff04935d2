// The equality rule of issue #14 for JSON arrays: the same rows as JSONL and as one JSON array (indented, minified,
// gzipped) give the same report — JSON equal except the `file` block, `timing`, the bytes read/skipped and the error
// messages (an element's message says where it is) — with --group-by; an array is never cut into byte-range
// chunks, and a partial analysis refuses it clearly.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { writeAnalysisPartial } from '../../../../src/core/pipeline/partialAnalysis.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { plainCorpus } from '../../helpers/corpora.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-jsonarray-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// every row on one line, no blank or broken lines, so an element's index is its JSONL line number
const rows = plainCorpus(7, 900).filter((l) => l.trim() !== '' && !l.includes('broken'));
const write = (name: string, data: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
};
const pretty =
  '[\n' + rows.map((l) => JSON.stringify(JSON.parse(l), null, 2).replace(/^/gm, '  ')).join(',\n') + '\n]\n';
const files = {
  jsonl: write('rows.jsonl', rows.join('\n') + '\n'),
  pretty: write('rows.json', pretty),
  minified: write('rows.min.json', `[${rows.join(',')}]`),
  gzipped: write('rows.json.gz', gzipSync(pretty)),
  jsonlGz: write('rows.jsonl.gz', gzipSync(rows.join('\n') + '\n')),
};

/** The report without what legitimately differs between the two forms of the same rows. */
function figures(r: AnalysisReport): unknown {
  const { file: _f, timing: _t, ...rest } = r;
  void _f;
  void _t;
  // (bytes read and skipped count the file's bytes: an indented element has more of them than its JSONL line)
  const { readBytes: _b, skippedBytes: _s, errors, ...rowCounts } = rest.rows;
  void _b;
  void _s;
  return JSON.parse(
    JSON.stringify({
      ...rest,
      rows: { ...rowCounts, errors: errors.map((e) => [e.line, e.column, e.reason]) },
    }),
  );
}

test('json array: the same rows as JSONL and as one array (indented, minified, gzipped) give identical figures, with --group-by', async () => {
  const options = { groupBy: ['source'] };
  const want = await analyzeFile(files.jsonl, options);
  assert.equal(want.file.format, 'jsonl');
  assert.ok(want.rows.parsed > 800);
  assert.ok(want.duplicates.exact.clusters.length > 0, 'the corpus has exact duplicates');
  assert.ok(want.slices !== null);
  assert.ok(want.rows.byReason.notObject > 0, 'the corpus has a non-object row');
  // a compressed file has no representative texts (its offsets cannot be seeked): compare it with the JSONL .gz
  const wantGz = await analyzeFile(files.jsonlGz, options);
  const cases: [string, string, AnalysisReport][] = [
    ['pretty', files.pretty, want],
    ['minified', files.minified, want],
    ['gzipped', files.gzipped, wantGz],
  ];
  for (const [name, file, expected] of cases) {
    const got = await analyzeFile(file, options);
    assert.equal(got.file.format, 'json-array', name);
    assert.equal(got.file.compression, name === 'gzipped' ? 'gzip' : 'none', name);
    assert.deepEqual(figures(got), figures(expected), name);
  }
  assert.deepEqual(figures({ ...wantGz, duplicates: want.duplicates }), figures(want));
});

test('json array: never cut into byte-range chunks (one pass even above the chunk size)', async () => {
  const want = figures(await analyzeFile(files.jsonl, {}));
  const chunkedJsonl = await analyzeFile(files.jsonl, { chunkBytes: 16 * 1024 });
  assert.ok((chunkedJsonl.timing.chunks ?? 0) > 1, 'the same size of JSONL is chunked');
  for (const file of [files.pretty, files.minified]) {
    const got = await analyzeFile(file, { chunkBytes: 16 * 1024 });
    assert.equal(got.timing.chunks, undefined);
    assert.deepEqual(figures(got), want);
  }
});

test('json array: analyze --partial refuses an array clearly (with or without --byte-range)', async () => {
  for (const range of [undefined, { start: 0, end: 1000 }]) {
    await assert.rejects(
      writeAnalysisPartial(
        files.pretty,
        {},
        { out: path.join(dir, 'p.dlpart'), ...(range ? { range } : {}) },
      ),
      /is one JSON array, which is read in one pass from its '\[' and cannot be split into partials/,
    );
  }
});
