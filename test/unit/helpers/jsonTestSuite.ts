/**
 * Where the JSONTestSuite corpus is (`../shared/jsontestsuite/test_parsing`, beside the checkout, also in CI) and the
 * rule when it is missing: a FAILURE saying where it was looked for, unless DL_ALLOW_NO_JSONTESTSUITE=1 lets the test
 * skip (a checkout without the corpus beside it). Why: a suite that silently skips proves nothing. (Not a test file.)
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The suite's test_parsing folder. */
export const JSON_TEST_SUITE = path.join(repoRoot, '..', 'shared', 'jsontestsuite', 'test_parsing');

/**
 * True when the corpus is there; when it is not, fails the test with a clear message, or skips it (and returns
 * false) when DL_ALLOW_NO_JSONTESTSUITE=1.
 */
export function requireJsonTestSuite(t: TestContext): boolean {
  if (existsSync(JSON_TEST_SUITE)) return true;
  const where = `JSONTestSuite corpus not found at ${JSON_TEST_SUITE} (clone https://github.com/nst/JSONTestSuite to ../shared/jsontestsuite beside the checkout)`;
  if (process.env.DL_ALLOW_NO_JSONTESTSUITE === '1') {
    t.skip(`${where}; skipped because DL_ALLOW_NO_JSONTESTSUITE=1`);
    return false;
  }
  assert.fail(`${where}; set DL_ALLOW_NO_JSONTESTSUITE=1 to skip these tests`);
}

/**
 * Why: both reader runs (JSONL lines, JSON-array elements) go through every y_, n_ and i_ case file of the corpus,
 * sorted; this lists them, asserting the corpus is the full one (> 300 files). Null when the test was skipped
 * (requireJsonTestSuite).
 */
export function jsonTestSuiteCases(t: TestContext): string[] | null {
  if (!requireJsonTestSuite(t)) return null;
  const names = readdirSync(JSON_TEST_SUITE)
    .filter((n) => /^[yni]_.*\.json$/.test(n))
    .sort();
  assert.ok(names.length > 300, `corpus has ${names.length} files`);
  return names;
}

/**
 * Why: a case file's bytes as both runs embed them — a single trailing '\n' dropped (it ends the file, not the JSON
 * text; the runs add their own line ends and separators).
 */
export function readJsonTestSuiteCase(name: string): Buffer {
  const content = readFileSync(path.join(JSON_TEST_SUITE, name));
  return content.indexOf(10) === content.length - 1 ? content.subarray(0, content.length - 1) : content;
}

/** What the reader made of one line or element. */
export type Outcome = 'parsed' | 'blank' | 'malformed' | 'invalidUtf8' | 'tooLong' | 'tooDeep' | 'notObject';

/**
 * Implementation-defined cases: what the reader does with each, and why (docs/reader.md, "JSONTestSuite policy"); the
 * same as a JSONL line and as a JSON-array element.
 */
export const I_POLICY: Record<string, Outcome> = {
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
