/**
 * Rows of the `mix` CLI tests (test/unit/cli/mix*.test.ts): cheap deterministic words and the Dolly-shaped
 * reference they mix in. (Not a test file itself.)
 */
import fs from 'node:fs';
import path from 'node:path';

/** `n` words `p0`…`p82` for row `i`: deterministic, and different rows get different texts. */
export const words = (i: number, n: number, p: string): string =>
  Array.from({ length: n }, (_, j) => `${p}${(i * 5 + j * 11) % 83}`).join(' ');

/**
 * Writes 30 Dolly-shaped rows (instruction, context, response and, when `category`, a category in 3 values) to
 * `dir/dolly.jsonl`; returns its path and its lines.
 */
export function writeDollyReference(dir: string, category: boolean): { ref: string; lines: string[] } {
  const lines = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({
      instruction: words(i, 4, 'd'),
      context: '',
      response: words(i, 12, 'r'),
      ...(category ? { category: `c${i % 3}` } : {}),
    }),
  );
  const ref = path.join(dir, 'dolly.jsonl');
  fs.writeFileSync(ref, lines.join('\n') + '\n');
  return { ref, lines };
}

/**
 * Writes `rows` small synthetic rows to `dir/data.jsonl` and as many "human" ones to `dir/ref.jsonl` (a dataset and
 * a reference for mix runs whose content does not matter); returns both paths.
 */
export function writeDataAndReference(dir: string, rows: number): { data: string; ref: string } {
  const data = path.join(dir, 'data.jsonl');
  const ref = path.join(dir, 'ref.jsonl');
  const line = (i: number, w: string) =>
    JSON.stringify({ text: `${w} row ${i} ${w}${i % 37} tail${i % 11}` });
  fs.writeFileSync(data, Array.from({ length: rows }, (_, i) => line(i, 'synthetic')).join('\n') + '\n');
  fs.writeFileSync(ref, Array.from({ length: rows }, (_, i) => line(i, 'human')).join('\n') + '\n');
  return { data, ref };
}
