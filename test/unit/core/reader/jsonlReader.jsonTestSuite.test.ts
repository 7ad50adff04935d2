/*
 * The JSONTestSuite parsing corpus (../shared/jsontestsuite/test_parsing, when present) through the reader.
 * Policy (docs/reader.md, "JSONTestSuite policy"):
 * - every file becomes ONE JSONL line; a single trailing '\n' of the file is the line terminator;
 * - files with a raw '\n' inside: in y_ files those newlines are JSON whitespace, so they are replaced by spaces
 *   and the line must be accepted; n_ files are written as their physical lines and at least one of those lines
 *   must be rejected by the parser (a JSONL reader can never see them as one document);
 * - y_: never rejected by the parser: 'parsed' (top-level object) or 'notObject'; and `{"v": <content>}` parses;
 * - n_: rejected at their exact line as malformed / invalidUtf8 / tooDeep; the two empty/whitespace-only files
 *   (n_single_space, n_structure_no_data) are blank lines, which JSONL skips by rule;
 * - i_: the table I_POLICY below.
 * Cases are written 30 to a file after 64 clean header lines (more than the 4 KiB binary probe, as in real data),
 * so every bad line stays within the 100 errors the reader keeps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, readAll } from '../../helpers/readerHelpers.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const corpus = path.join(path.resolve(repoRoot, '..', 'shared', 'jsontestsuite'), 'test_parsing');
const tmp = makeTempDir();

type Outcome = 'parsed' | 'blank' | 'malformed' | 'invalidUtf8' | 'tooLong' | 'tooDeep' | 'notObject';

const PARSER_REJECTED: Outcome[] = ['malformed', 'invalidUtf8', 'tooDeep'];

/** Implementation-defined cases: what the reader does, and why (see docs/reader.md). */
const I_POLICY: Record<string, Outcome> = {
  // Numbers out of double range are accepted as JSON.parse reads them (±Infinity, 0, rounded); these are arrays.
  'i_number_double_huge_neg_exp.json': 'notObject',
  'i_number_huge_exp.json': 'notObject',
  'i_number_neg_int_huge_exp.json': 'notObject',
  'i_number_pos_double_huge_exp.json': 'notObject',
  'i_number_real_neg_overflow.json': 'notObject',
  'i_number_real_pos_overflow.json': 'notObject',
  'i_number_real_underflow.json': 'notObject',
  'i_number_too_big_neg_int.json': 'notObject',
  'i_number_too_big_pos_int.json': 'notObject',
  'i_number_very_big_negative_int.json': 'notObject',
  // Lone or mispaired \u surrogate ESCAPES are accepted (kept as lone UTF-16 units in the JS string).
  'i_object_key_lone_2nd_surrogate.json': 'parsed',
  'i_string_1st_surrogate_but_2nd_missing.json': 'notObject',
  'i_string_1st_valid_surrogate_2nd_invalid.json': 'notObject',
  'i_string_incomplete_surrogate_and_escape_valid.json': 'notObject',
  'i_string_incomplete_surrogate_pair.json': 'notObject',
  'i_string_incomplete_surrogates_escape_valid.json': 'notObject',
  'i_string_invalid_lonely_surrogate.json': 'notObject',
  'i_string_invalid_surrogate.json': 'notObject',
  'i_string_inverted_surrogates_U+1D11E.json': 'notObject',
  'i_string_lone_second_surrogate.json': 'notObject',
  // Raw bytes that are not valid UTF-8 (incl. UTF-16 and Latin-1 text, overlongs, encoded surrogates): invalidUtf8.
  'i_string_UTF-16LE_with_BOM.json': 'invalidUtf8',
  'i_string_UTF-8_invalid_sequence.json': 'invalidUtf8',
  'i_string_UTF8_surrogate_U+D800.json': 'invalidUtf8',
  'i_string_invalid_utf-8.json': 'invalidUtf8',
  'i_string_iso_latin_1.json': 'invalidUtf8',
  'i_string_lone_utf8_continuation_byte.json': 'invalidUtf8',
  'i_string_not_in_unicode_range.json': 'invalidUtf8',
  'i_string_overlong_sequence_2_bytes.json': 'invalidUtf8',
  'i_string_overlong_sequence_6_bytes.json': 'invalidUtf8',
  'i_string_overlong_sequence_6_bytes_null.json': 'invalidUtf8',
  'i_string_truncated-utf-8.json': 'invalidUtf8',
  'i_string_utf16BE_no_BOM.json': 'invalidUtf8',
  'i_string_utf16LE_no_BOM.json': 'invalidUtf8',
  // 500 levels are within maxDepth (1000): accepted; an array.
  'i_structure_500_nested_arrays.json': 'notObject',
  // A BOM is stripped only at the start of the file; on any other line it is a malformed line.
  'i_structure_UTF-8_BOM_empty_object.json': 'malformed',
};

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
    let content = readFileSync(path.join(corpus, name));
    if (content.indexOf(10) === content.length - 1) content = content.subarray(0, content.length - 1);
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
  if (!existsSync(corpus)) {
    t.skip(`JSONTestSuite corpus not found at ${corpus}`);
    return;
  }
  const names = readdirSync(corpus)
    .filter((n) => /^[yni]_.*\.json$/.test(n))
    .sort();
  assert.ok(names.length > 300, `corpus has ${names.length} files`);
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
  const source = path.join(corpus, 'i_structure_UTF-8_BOM_empty_object.json');
  if (!existsSync(source)) {
    t.skip(`JSONTestSuite corpus not found at ${corpus}`);
    return;
  }
  const file = tmp.file('bom-first.jsonl', readFileSync(source));
  const { records, stats } = await readAll(file);
  assert.deepEqual(records, [{ line: 1, offset: 3, length: 2, value: {} }]);
  assert.equal(stats.bom, true);
});
