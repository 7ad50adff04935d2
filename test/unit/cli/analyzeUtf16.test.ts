// `diversity-lens analyze` on a UTF-16 file (issue #15, item 2): LE or BE, with or without a byte-order mark, JSONL
// or a JSON array, plain or gzipped, whatever its name — exit 2, one line on stderr naming the file and saying it is
// UTF-16 text with the command that converts it, no report, no partial output file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtCli } from '../helpers/cliRunner.ts';

const { dir, run } = builtCli('dl-cli-utf16-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('analyze on a UTF-16 file (LE/BE, BOM or not, JSONL or array, plain or gzip): exit 2, one clear line, no report', () => {
  const rows = Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `row ${i} é 日本` }));
  const texts = { jsonl: rows.join('\n') + '\n', array: `[\n${rows.join(',\n')}\n]\n` };
  for (const [kind, text] of Object.entries(texts)) {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [enc, bytes] of [
      ['le', le],
      ['le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['be', be],
      ['be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
    ] as const) {
      for (const [how, content, ext] of [
        ['plain', bytes, kind === 'jsonl' ? '.jsonl' : '.json'],
        ['gzip', gzipSync(bytes), kind === 'jsonl' ? '.jsonl.gz' : '.json.gz'],
      ] as const) {
        const file = path.join(dir, `${kind}-${enc}-${how}${ext}`);
        fs.writeFileSync(file, content);
        const out = path.join(dir, `${kind}-${enc}-${how}.report.json`);
        const r = run('analyze', file, '--out', out);
        const what = `${kind} ${enc} ${how}`;
        assert.equal(r.status, 2, `${what}: ${r.stderr}`);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
        assert.ok(lines[0].includes(file), `${what}: names the file: ${lines[0]}`);
        assert.match(lines[0], /UTF-16 text.*iconv -f UTF-16 -t UTF-8/, what);
        assert.equal(fs.existsSync(out), false, `${what}: no report`);
      }
    }
  }
});
