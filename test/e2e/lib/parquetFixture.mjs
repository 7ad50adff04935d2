// Writes the e2e Parquet dataset with an independent writer (DuckDB, a devDependency): chat rows with a nested
// `messages` LIST of STRUCT(role, content), repeated answers (exact-duplicate clusters to click), a null source and
// an INT64 above 2^53 (8 exact-duplicate pairs: the panel lists at most 10 clusters), in row groups of 2048 rows (zstd). Returns the file and each row's canonical JSON, which is
// what the panel's row viewer must show for that row (keys in column order, no spaces, every digit kept).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { mulberry32 } from '../../../scripts/lib/prng.mjs';

const WORDS = (
  'orchard lantern pebble quartz harbor meadow cobalt falcon ember willow canyon ledger ' +
  'signal timber violet anchor basket cinder feather garden hollow island kettle mirror'
).split(' ');

/** Writes `<dir>/shards.parquet` (5,000 rows, 3 row groups) and returns { file, name, rows: canonical JSON per row }. */
export async function writeParquetFixture(dir) {
  const next = mulberry32(7);
  const sentence = (n) => Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  const rows = [];
  for (let i = 0; i < 5000; i++) {
    const answer = i % 10 === 9 && i < 80 ? rows[i - 4].answer : sentence(10 + Math.floor(next() * 10));
    const messages = [
      { role: 'user', content: `question ${i}: ${sentence(4)}?` },
      { role: 'assistant', content: answer },
    ];
    const source = ['web', 'books', null][i % 3];
    const big = 9007199254740993n + 2n * BigInt(i);
    const line = `{"id":${i},"source":${JSON.stringify(source)},"messages":${JSON.stringify(messages)},"big":${big}}`;
    rows.push({ answer, line });
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-e2e-parquet-'));
  const jsonl = path.join(tmp, 'source.jsonl');
  const file = path.join(dir, 'shards.parquet');
  fs.writeFileSync(jsonl, rows.map((r) => `${r.line}\n`).join(''));
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    await con.run('SET threads = 1');
    await con.run(
      `COPY (SELECT * FROM read_json('${jsonl}', format = 'newline_delimited', columns = {id: 'INTEGER', source: 'VARCHAR', messages: 'STRUCT(role VARCHAR, content VARCHAR)[]', big: 'BIGINT'})) TO '${file}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)`,
    );
  } finally {
    con.closeSync();
    inst.closeSync();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { file, name: 'shards.parquet', malformedLines: [], rows: rows.map((r) => r.line) };
}
