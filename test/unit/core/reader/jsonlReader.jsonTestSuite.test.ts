/*
 * The JSONTestSuite parsing corpus (../shared/jsontestsuite/test_parsing; missing = a failure unless
 * DL_ALLOW_NO_JSONTESTSUITE=1, helpers/jsonTestSuite.ts) through the reader.
 * Policy (docs/reader.md, "JSONTestSuite policy"):
 * - every file becomes ONE JSONL line; a single trailing '\n' of the file is the line terminator;
 * - files with a raw '\n' inside: in y_ files those newlines are JSON whitespace, so they are replaced by spaces
 *   and the line must be accepted; n_ files are written as their physical lines and at least one of those lines
 *   must be rejected by the parser (a JSONL reader can never see them as one document);
 * - y_: never rejected by the parser: 'parsed' (top-level object) or 'notObject'; and `{"v": <content>}` parses;
 * - n_: rejected at their exact line as malformed / invalidUtf8 / tooDeep; the two empty/whitespace-only files
 *   (n_single_space, n_structure_no_data) are blank lines, which JSONL skips by rule;
 * - i_: the table I_POLICY (helpers/jsonTestSuite.ts; the JSON-array run uses the same).
 * Cases are written 30 to a file after 64 clean header lines (more than the 4 KiB binary probe, as in real data),
 * so every bad line stays within the 100 errors the reader keeps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, readAll } from '../../helpers/readerHelpers.ts';
import {
  I_POLICY,
  JSON_TEST_SUITE as corpus,
  jsonTestSuiteCases,
  readJsonTestSuiteCase,
  requireJsonTestSuite,
  type Outcome,
} from '../../helpers/jsonTestSuite.ts';

const tmp = makeTempDir();

const PARSER_REJECTED: Outcome[] = ['malformed', 'invalidUtf8', 'tooDeep'];

interface Case {
  name: string;
  /** The physical lines this case was written as, and what each was for. */
  lines: { kind: 'raw' | 'wrapped' | 'split'; at: number }[];
}

const NL = Buffer.from('\n');

/** One JSONL file for a group of cases; returns the case manifest with line numbers. */
function buildFile(names: string[], index: number): { file: string; cases: Case[] } {
  const parts: Buffer[] = [];
  let line = 0;
  const add = (bytes: Buffer): number => {
    parts.push(bytes, NL);
    return ++line;
  };
  for (let i = 0; i < 64; i++)
    add(Buffer.from(JSON.stringify({ header: i, note: 'clean header line of the JSONTestSuite run' })));
  const cases: Case[] = [];
  for (const name of names) {
    const content = readJsonTestSuiteCase(name);
    const c: Case = { name, lines: [] };
    if (content.indexOf(10) !== -1) {
      if (name.startsWith('y_')) {
        c.lines.push({
          kind: 'raw',
          at: add(Buffer.from(content.toString('latin1').replaceAll('\n', ' '), 'latin1')),
        });
      } else {
        let pos = 0;
        for (;;) {
          const nl = content.indexOf(10, pos);
          c.lines.push({ kind: 'split', at: add(content.subarray(pos, nl === -1 ? content.length : nl)) });
          if (nl === -1) break;
          pos = nl + 1;
        }
      }
    } else {
      c.lines.push({ kind: 'raw', at: add(content) });
    }
    if (name.startsWith('y_')) {
      const raw = content.toString('latin1').replaceAll('\n', ' ');
      c.lines.push({
        kind: 'wrapped',
        at: add(Buffer.concat([Buffer.from('{"v":'), Buffer.from(raw, 'latin1'), Buffer.from('}')])),
      });
    }
    cases.push(c);
  }
  return { file: tmp.file(`suite-${index}.jsonl`, Buffer.concat(parts)), cases };
}

/** Outcome of every line of a file: parsed lines from the records, bad ones from the kept errors, the rest blank. */
async function outcomes(file: string): Promise<{ of: (line: number) => Outcome; blank: number }> {
  const { records, stats } = await readAll(file);
  assert.ok(stats.errors.length < 100, 'all errors of the file are kept');
  const map = new Map<number, Outcome>();
  for (const r of records) map.set(r.line, 'parsed');
  for (const e of stats.errors) map.set(e.line, e.reason);
  return { of: (line) => map.get(line) ?? 'blank', blank: stats.blank };
}

test('JSONTestSuite: y_ accepted, n_ rejected at their line, i_ as documented', async (t) => {
  const names = jsonTestSuiteCases(t);
  if (!names) return;
  assert.deepEqual(
    names.filter((n) => n.startsWith('i_')).sort(),
    Object.keys(I_POLICY).sort(),
    'i_ policy covers every i_ file',
  );
  let checked = 0;
  for (let g = 0; g * 30 < names.length; g++) {
    const { file, cases } = buildFile(names.slice(g * 30, g * 30 + 30), g);
    const { of, blank } = await outcomes(file);
    let blanks = 0;
    for (const c of cases) {
      const got = c.lines.map((l) => of(l.at));
      if (c.name.startsWith('y_')) {
        assert.ok(got[0] === 'parsed' || got[0] === 'notObject', `${c.name}: ${got[0]}`);
        assert.equal(got[1], 'parsed', `${c.name} wrapped in {"v": ...}`);
      } else if (c.name.startsWith('n_')) {
        if (c.name === 'n_single_space.json' || c.name === 'n_structure_no_data.json') {
          assert.deepEqual(got, ['blank'], c.name);
          blanks++;
        } else if (c.lines[0].kind === 'split') {
          assert.ok(
            got.some((o) => PARSER_REJECTED.includes(o)),
            `${c.name}: ${got.join(',')}`,
          );
        } else {
          assert.ok(PARSER_REJECTED.includes(got[0]), `${c.name}: ${got[0]}`);
        }
      } else {
        assert.equal(got[0], I_POLICY[c.name], c.name);
      }
      checked++;
    }
    assert.equal(blank, blanks, 'no other line of the file is blank');
  }
  assert.equal(checked, names.length);
});

test('JSONTestSuite: a BOM before an object on line 1 is stripped (i_structure_UTF-8_BOM_empty_object)', async (t) => {
  if (!requireJsonTestSuite(t)) return;
  const source = path.join(corpus, 'i_structure_UTF-8_BOM_empty_object.json');
  const file = tmp.file('bom-first.jsonl', readFileSync(source));
  const { records, stats } = await readAll(file);
  assert.deepEqual(records, [{ line: 1, offset: 3, length: 2, value: {} }]);
  assert.equal(stats.bom, true);
});
