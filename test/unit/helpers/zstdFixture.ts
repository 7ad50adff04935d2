/**
 * zstd fixtures for the tests, written by an independent compressor: DuckDB (@duckdb/node-api, a devDependency),
 * since npm has no pure-JS zstd compressor and the `zstd` command is not something `npm ci` installs. The bytes are
 * written as one CSV value with no header, quoting or escaping, so the decompressed file is byte for byte `bytes`
 * (DuckDB's JSON writer would re-serialise the rows). (Not a test file itself.)
 */
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

let instance: Promise<DuckDBInstance> | null = null;

/** Writes `bytes` (UTF-8 text ending with '\n') zstd-compressed to `out` (a real zstd frame); returns `out`. */
export async function writeZstd(out: string, bytes: Buffer | string): Promise<string> {
  const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  const plain = `${out}.plain`;
  // DuckDB's CSV writer ends its one row with '\n': it gets the bytes without their final '\n' (so the bytes must have
  // one), read as text (so they must be valid UTF-8)
  if (data.length === 0 || data[data.length - 1] !== 10)
    throw new Error('writeZstd: the bytes must end with a newline (DuckDB ends its one CSV row with one)');
  fs.writeFileSync(plain, data);
  instance ??= DuckDBInstance.create(':memory:');
  const conn = await (await instance).connect();
  try {
    const q = (p: string): string => `'${p.replace(/'/g, "''")}'`;
    await conn.run(
      `COPY (SELECT content[1:-2] FROM read_text(${q(plain)})) TO ${q(out)} ` +
        `(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01', COMPRESSION zstd)`,
    );
  } finally {
    conn.closeSync();
    fs.rmSync(plain, { force: true });
  }
  const head = fs.readFileSync(out).subarray(0, 4);
  if (!head.equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])))
    throw new Error(`writeZstd: ${out} is not a zstd frame`);
  return out;
}
