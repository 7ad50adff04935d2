/**
 * Issue #15 item 14: a file name built from data or from a dataset's name is one safe path component in the chosen
 * folder — `../../x`, Windows device names, 300-character and multi-byte names, control and bidi characters — and a
 * proposed name never points at an existing file. The Dask example's Python copy of the rule gives the same names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EMPTY_NAME,
  MAX_NAME_BYTES,
  freeFileName,
  safeFileName,
} from '../../../../src/core/io/safeFileName.ts';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Names a dataset (or a row) could carry. */
const HOSTILE = [
  '../../x',
  '..\\..\\x',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '..',
  '.',
  '',
  '   ',
  '...',
  '.bashrc',
  'CON',
  'con',
  'con.jsonl',
  'CON .jsonl',
  'Nul.tar.gz',
  'COM1',
  'lpt9.txt',
  'COM¹.x',
  'conin$',
  'console',
  'CON' + ' '.repeat(260) + 'x', // the cut to 255 bytes and the trim leave `CON` (#15 review)
  'aux' + '.'.repeat(300),
  'a'.repeat(300),
  'a'.repeat(300) + '.jsonl',
  'é'.repeat(300) + '.jsonl',
  '数据'.repeat(100) + '.jsonl',
  '😀'.repeat(100),
  'x'.repeat(250) + '😀😀.jsonl',
  'report\u202Elnosj.exe',
  '\u2066abc\u2069.jsonl',
  'tab\there',
  'new\nline',
  'nul\u0000byte',
  'bell\u0007\u007f\u0085',
  'trailing. . ',
  'a<b>c:d"e|f?g*h',
  'lone\ud800surrogate',
  'e\u0301cole',
  'ordinary-name_1.jsonl',
];

test('safeFileName: every hostile name becomes one component in the chosen folder, ≤ 255 bytes, never empty or reserved', () => {
  const folder = path.join(tmpdir(), 'chosen');
  for (const raw of HOSTILE) {
    for (const suffix of [
      undefined,
      '.mixed.jsonl',
      '.diversity.md',
      '.000000000000000-000000000001024.dlpart',
    ]) {
      const name = safeFileName(raw, suffix);
      const where = `${JSON.stringify(raw)} + ${String(suffix)} → ${JSON.stringify(name)}`;
      assert.ok(name.length > 0, where);
      assert.ok(bytes(name) <= MAX_NAME_BYTES, `${where}: ${bytes(name)} bytes`);
      assert.equal(path.dirname(path.join(folder, name)), folder, where);
      assert.equal(path.basename(path.join(folder, name)), name, where);
      assert.equal(path.win32.basename(name), name, `${where}: a Windows separator`);
      assert.ok(name !== '.' && name !== '..' && !name.startsWith('.'), where);
      assert.doesNotMatch(
        name,
        /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/,
        where,
      );
      assert.doesNotMatch(name, /[. ]$/, where);
      assert.doesNotMatch(
        name.split('.')[0].trimEnd(),
        /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i,
        where,
      );
      assert.doesNotMatch(name, /[\ud800-\udfff]/u, `${where}: a lone surrogate`);
      if (suffix) assert.ok(name.endsWith(suffix), `${where}: suffix kept`);
      assert.equal(safeFileName(name, ''), name, `${where}: stable`);
    }
  }
});

test('safeFileName: the cases of issue #15 by value (`../../x`, CON, con.jsonl, 300 characters, multi-byte, bidi)', () => {
  assert.equal(safeFileName('../../x'), '_.._x');
  assert.equal(safeFileName('../../x', '.mixed.jsonl'), '_.._x.mixed.jsonl');
  assert.equal(safeFileName('CON'), '_CON');
  assert.equal(safeFileName('CON', '.mixed.jsonl'), '_CON.mixed.jsonl');
  assert.equal(safeFileName('con.jsonl'), '_con.jsonl');
  assert.equal(safeFileName('console.jsonl'), 'console.jsonl');
  assert.equal(safeFileName('..'), EMPTY_NAME);
  assert.equal(safeFileName(''), EMPTY_NAME);
  // 300 characters: cut to 255 bytes, the extension kept
  const long = safeFileName('a'.repeat(300) + '.jsonl');
  assert.equal(long, 'a'.repeat(249) + '.jsonl');
  assert.equal(safeFileName('a'.repeat(300), '.mixed.jsonl'), 'a'.repeat(243) + '.mixed.jsonl');
  // multi-byte: cut at a character boundary (é = 2 bytes, 😀 = 4 bytes, never half a surrogate pair)
  assert.equal(safeFileName('é'.repeat(300) + '.jsonl'), 'é'.repeat(124) + '.jsonl');
  assert.equal(safeFileName('😀'.repeat(100)), '😀'.repeat(63));
  // bidi overrides (U+202E makes `report‮lnosj.exe` read `reportexe.jsonl`) and controls become `_`
  assert.equal(safeFileName('report\u202Elnosj.exe'), 'report_lnosj.exe');
  assert.equal(safeFileName('new\nline\u0000.jsonl'), 'new_line_.jsonl');
  assert.equal(safeFileName('trailing. . '), 'trailing');
  // decomposed and composed spellings give one name (NFC)
  assert.equal(safeFileName('e\u0301cole'), 'école');
});

test('freeFileName: a proposed name never points at an existing file (name-2, name-3, … before the suffix)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-safe-name-'));
  try {
    const first = freeFileName(dir, 'chat', '.mixed.jsonl');
    assert.equal(first, path.join(dir, 'chat.mixed.jsonl'));
    writeFileSync(first, 'x');
    const second = freeFileName(dir, 'chat', '.mixed.jsonl');
    assert.equal(second, path.join(dir, 'chat-2.mixed.jsonl'));
    writeFileSync(second, 'y');
    assert.equal(freeFileName(dir, 'chat', '.mixed.jsonl'), path.join(dir, 'chat-3.mixed.jsonl'));
    // a long name keeps room for the tag, and stays within 255 bytes
    const stem = 'z'.repeat(300);
    const a = freeFileName(dir, stem, '.md');
    writeFileSync(a, '');
    const b = freeFileName(dir, stem, '.md');
    assert.notEqual(a, b);
    assert.ok(!existsSync(b));
    assert.ok(bytes(path.basename(b)) <= MAX_NAME_BYTES);
    assert.match(path.basename(b), /^z+-2\.md$/);
    assert.equal(path.dirname(b), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Dask example (examples/dask/analyze_on_dask.py) makes the same safe names in Python, and its partial names use them', (t) => {
  const py = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (py.error || py.status !== 0) return t.skip('no python3');
  const dir = path.resolve(import.meta.dirname, '../../../../examples/dask');
  const cases = HOSTILE.flatMap((raw) => [
    [raw, null],
    [raw, '.mixed.jsonl'],
  ]);
  const script = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(dir)})`,
    'import analyze_on_dask as a',
    'cases = json.loads(sys.stdin.read())',
    'print(json.dumps([a.safe_file_name(s, x) for s, x in cases]))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const fromPython = JSON.parse(r.stdout) as string[];
  cases.forEach(([raw, suffix], i) =>
    assert.equal(
      fromPython[i],
      safeFileName(raw as string, suffix ?? undefined),
      JSON.stringify([raw, suffix]),
    ),
  );

  // plan_ranges names its partials from the input's name: a 250-byte name with a bidi override stays one safe name
  const tmp = mkdtempSync(path.join(tmpdir(), 'dl-dask-names-'));
  try {
    const input = path.join(tmp, '\u202E' + 'd'.repeat(240) + '.jsonl');
    writeFileSync(input, '{"text":"a"}\n'.repeat(100));
    const plan = spawnSync(
      'python3',
      [
        '-c',
        [
          'import json, sys',
          `sys.path.insert(0, ${JSON.stringify(dir)})`,
          'import analyze_on_dask as a',
          'print(json.dumps([t["name"] for t in a.plan_ranges([sys.argv[1]], 512, 256)]))',
        ].join('\n'),
        input,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(plan.status, 0, plan.stderr);
    const names = JSON.parse(plan.stdout) as string[];
    assert.ok(names.length > 1);
    assert.equal(new Set(names).size, names.length, 'one name per task');
    for (const name of names) {
      assert.ok(bytes(name) <= MAX_NAME_BYTES, `${bytes(name)} bytes: ${name}`);
      assert.ok(!name.includes('\u202E'), name);
      assert.match(name, /^000-_d+(\.jsonl)?\.\d{15}-\d{15}\.dlpart$/);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
