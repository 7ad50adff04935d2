/**
 * Parquet fixtures written by independent writers (DuckDB, hyparquet-writer — devDependencies), never by the code
 * under test, from rows the tests also write as JSONL: "the same rows" in both formats. (Not a test file itself.)
 */
import { writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteFile } from 'hyparquet-writer';

/** 2^53 + 1: the first integer a double cannot hold. */
export const BIG = 9007199254740993n;

/** One chat row of the fixture corpus, with its JSONL line spelled out (exact digits for `big`). */
export interface FixtureRow {
  id: number;
  source: string | null;
  messages: { role: string; content: string | null }[] | null;
  big: bigint;
  score: number | null;
}

const WORDS =
  'river stone lamp quiet orbit maple cipher harbor velvet ember tundra lattice quartz meadow signal copper falcon prism hollow drift canyon pebble solstice ledger beacon'.split(
    ' ',
  );

/**
 * `n` deterministic chat rows: varied answers, every 9th an exact repeat of an earlier answer, every 13th a near
 * repeat, sources in three values plus null, a null content now and then, a null `messages` once, and `big`
 * above 2^53 (odd values: a double cannot hold them).
 */
export function fixtureRows(n: number): FixtureRow[] {
  let s = 12345;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const sentence = (k: number): string =>
    Array.from({ length: k }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
  const rows: FixtureRow[] = [];
  for (let i = 0; i < n; i++) {
    let answer: string | null = sentence(8 + Math.floor(rnd() * 12));
    if (i % 9 === 8) answer = rows[i - 5].messages?.[1]?.content ?? answer;
    if (i % 13 === 12) answer = `${rows[i - 3].messages?.[1]?.content ?? ''} again`;
    if (i % 31 === 30) answer = null;
    const sources = ['web', 'books', 'synthetic', null];
    rows.push({
      id: i,
      source: sources[i % 4],
      messages:
        i === 17
          ? null
          : [
              { role: 'user', content: `question ${i % 50}: ${sentence(4)}?` },
              { role: 'assistant', content: answer },
            ],
      big: BIG + 2n * BigInt(i),
      score: i % 5 === 0 ? null : Math.round(rnd() * 1e6) / 997,
    });
  }
  return rows;
}

/** The JSONL line of a fixture row: keys in column order, `big` with all its digits. */
export function jsonlLine(r: FixtureRow): string {
  const messages = r.messages === null ? 'null' : JSON.stringify(r.messages);
  return `{"id":${r.id},"source":${JSON.stringify(r.source)},"messages":${messages},"big":${r.big},"score":${JSON.stringify(r.score)}}`;
}

/** Writes the rows as JSONL (one line each, "\n" after every line). */
export function writeJsonl(path: string, rows: readonly FixtureRow[]): void {
  writeFileSync(path, rows.map((r) => `${jsonlLine(r)}\n`).join(''));
}

/**
 * The same rows in both formats: `rows` written as JSONL to `jsonl`, which DuckDB (duckdbParquet) then writes to
 * `out` as Parquet with `codec`.
 */
export async function writeFixtureParquet(
  jsonl: string,
  out: string,
  rows: readonly FixtureRow[],
  codec: ParquetCodec,
): Promise<void> {
  writeJsonl(jsonl, rows);
  await duckdbParquet(jsonl, out, codec);
}

/** A compression DuckDB writes Parquet with. */
export type ParquetCodec = 'zstd' | 'snappy' | 'gzip' | 'uncompressed';

/**
 * DuckDB reads the JSONL file `jsonl` with the fixture's column types (messages: LIST of STRUCT(role, content),
 * big: BIGINT) and writes it to `out` as Parquet with `codec` and row groups of `rowGroupSize` rows (DuckDB's
 * smallest is 2048; one thread keeps row order and sizes exact).
 */
export async function duckdbParquet(
  jsonl: string,
  out: string,
  codec: ParquetCodec,
  rowGroupSize = 2048,
): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    await con.run('SET threads = 1');
    const q = (p: string): string => `'${p.replace(/'/g, "''")}'`;
    await con.run(
      `COPY (SELECT * FROM read_json(${q(jsonl)}, format = 'newline_delimited', columns = {id: 'INTEGER', source: 'VARCHAR', messages: 'STRUCT(role VARCHAR, content VARCHAR)[]', big: 'BIGINT', score: 'DOUBLE'})) TO ${q(out)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${rowGroupSize})`,
    );
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

/**
 * hyparquet-writer writes flat rows (text STRING, source STRING, big INT64) as Parquet with `codec` and row groups
 * of `rowGroupSize` rows. Why a second writer: small row groups (DuckDB's minimum is 2048) and an uncompressed file
 * whose codec field a test can rewrite.
 */
export function hyparquetFlat(
  out: string,
  rows: readonly { text: string | null; source: string | null; big: bigint | null }[],
  codec: 'SNAPPY' | 'UNCOMPRESSED',
  rowGroupSize: number,
): void {
  parquetWriteFile({
    filename: out,
    codec,
    rowGroupSize,
    columnData: [
      { name: 'text', data: rows.map((r) => r.text), type: 'STRING' },
      { name: 'source', data: rows.map((r) => r.source), type: 'STRING' },
      { name: 'big', data: rows.map((r) => r.big), type: 'INT64' },
    ],
  });
}
