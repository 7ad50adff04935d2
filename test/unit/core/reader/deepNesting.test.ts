// Issue #15 item 4: complete rows nested 10,000 and 1,000,000 deep, in JSONL, gzip and a JSON array, are rejected as
// tooDeep at their line (element) — in the reader, and through the real analysis worker (worker_threads; the report
// goes worker → host by postMessage, i.e. structuredClone). A row nested exactly to the limit (1,000) is analysed and
// its report crosses postMessage; the row viewer's text of a 1,000,000-deep row is a capped string that clones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { readJsonl } from '../../../../src/core/reader/jsonlReader.ts';
import { AnalysisRunner } from '../../../../src/extension/analysis/analysisRunner.ts';
import { readRowText } from '../../../../src/extension/panel/rowReader.ts';
import { ROW_VIEWER_CHARS } from '../../../../src/protocol/panelProtocol.ts';
import { makeTempDir } from '../../helpers/readerHelpers.ts';

const tmp = makeTempDir();
const T = { timeout: 120_000 };
const analysisWorker = fileURLToPath(new URL('../../workers/analysisWorker.cjs', import.meta.url));

/** A complete object whose value is an array nested `depth` deep in all (the object is level 1). */
const deepRow = (depth: number): string => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;
/** A row nested exactly `depth` deep that has text: it passes the default maxDepth (1000) when depth ≤ 1000. */
const deepTextRow = (depth: number, text: string): string =>
  `{"text":"${text}","n":${'{"k":'.repeat(depth - 2)}[1]${'}'.repeat(depth - 2)}}`;

/** A JSON array's message also places the element in the file (its line, after the `[` line, and column). */
const where = (kind: string, element: number, line: number): string =>
  kind === 'array' ? `element ${element} (line ${line}, column 1005): ` : '';

const ROWS = [
  '{"text":"first plain row"}',
  deepRow(10_000),
  '{"text":"second plain row"}',
  deepRow(1_000_000),
  deepTextRow(1000, 'a row exactly at the limit'),
  '{"text":"last plain row"}',
];
const jsonl = `${ROWS.join('\n')}\n`;
const files = {
  jsonl: tmp.file('deep.jsonl', jsonl),
  gzip: tmp.file('deep.jsonl.gz', gzipSync(jsonl)),
  array: tmp.file('deep.json', `[\n${ROWS.join(',\n')}\n]\n`),
};

test(
  'reader: 10,000- and 1,000,000-deep rows are tooDeep at their line in JSONL, gzip and a JSON array; the rest is read',
  T,
  async () => {
    for (const [kind, file] of Object.entries(files)) {
      const reading = readJsonl(file);
      const lines: number[] = [];
      for await (const r of reading.records) lines.push(r.line);
      assert.deepEqual(lines, [1, 3, 5, 6], kind);
      assert.deepEqual(
        reading.stats.errors.map((e) => [e.line, e.reason, e.message]),
        [
          [2, 'tooDeep', `${where(kind, 2, 3)}nesting deeper than 1000 levels`],
          [4, 'tooDeep', `${where(kind, 4, 5)}nesting deeper than 1000 levels`],
        ],
        kind,
      );
    }
  },
);

test(
  'analysis worker: deep rows are tooDeep at their line, no RangeError; a row at the limit crosses postMessage',
  T,
  async () => {
    const runner = new AnalysisRunner(analysisWorker);
    try {
      for (const [kind, file] of Object.entries(files)) {
        // full view and a group-by on the deep field: every part of the row that reaches the report is walked
        const report = await runner.start(file, { view: 'full', groupBy: ['n'], minSliceRows: 1 }).result;
        assert.deepEqual(
          report.rows.errors.map((e) => [e.line, e.reason]),
          [
            [2, 'tooDeep'],
            [4, 'tooDeep'],
          ],
          kind,
        );
        assert.equal(report.rows.parsed, 4, kind);
        assert.equal(report.rows.byReason.tooDeep, 2, kind);
        assert.ok(!JSON.stringify(report).includes('RangeError'), `${kind}: a RangeError in the report`);
        // what the host hands on to the webview clones too
        assert.doesNotThrow(() => structuredClone(report), kind);
      }
      // in chunks (chunk workers under the analysis worker, partials by postMessage): the same lines
      const chunked = await runner.start(files.jsonl, { chunkBytes: 1024, workers: 2 }).result;
      assert.ok((chunked.timing.chunks ?? 0) > 1, `chunks: ${chunked.timing.chunks}`);
      assert.deepEqual(
        chunked.rows.errors.map((e) => [e.line, e.reason]),
        [
          [2, 'tooDeep'],
          [4, 'tooDeep'],
        ],
      );
    } finally {
      runner.dispose();
    }
  },
);

test(
  'row viewer: the 1,000,000-deep row is read back as capped text that clones (gzip and plain)',
  T,
  async () => {
    for (const file of [files.gzip, files.jsonl]) {
      const row = await readRowText(file, 4, ROW_VIEWER_CHARS * 4);
      assert.ok(row, file);
      assert.equal(row.truncated, true);
      assert.ok(row.text.startsWith('{"a":[[['));
      const message = {
        type: 'rowText',
        line: 4,
        text: row.text.slice(0, ROW_VIEWER_CHARS),
        truncated: true,
      };
      assert.deepEqual(structuredClone(message), message);
    }
    // a deep value that passes the limit is a nested object; its clone (what a worker would post) does not overflow
    const atLimit = JSON.parse(deepTextRow(1000, 'x')) as unknown;
    assert.deepEqual(structuredClone(atLimit), atLimit);
  },
);
