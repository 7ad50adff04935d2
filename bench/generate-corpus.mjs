#!/usr/bin/env node
/**
 * Streams a large deterministic synthetic JSONL corpus for benchmarks.
 *
 *   node bench/generate-corpus.mjs --bytes 500M --out /tmp/corpus.jsonl [--seed 1] [--shape chat|text|alpaca] [--gzip]
 *       [--text zipf|email|reference]
 *
 * --bytes counts uncompressed bytes (suffixes K, M, G = 2^10, 2^20, 2^30); the last row is completed, so the
 * output is at most one row longer. The same seed and shape always give the same bytes. Lines are written
 * in ~1 MiB chunks, waiting for 'drain' whenever the stream is full, so memory stays flat at any size.
 * Progress goes to stderr, the final size to stdout. --text picks the words: `zipf` (default; synthetic
 * vocabulary, scripts/lib/corpusRows.mjs), `email` (real e-mail sentences recombined, bench/lib/emailRows.mjs)
 * or `reference` (a human reference file of e-mail sentences, no planted duplicates).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { CorpusRowGenerator, SHAPE_NAMES } from '../scripts/lib/corpusRows.mjs';
import { EmailReferenceGenerator, EmailRowGenerator } from './lib/emailRows.mjs';

const CHUNK_CHARS = 1 << 20;
const UNITS = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** "500M" → 524288000, "1.5M" → 1572864; plain digits are bytes. */
function parseBytes(text) {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)B?$/i.exec(text ?? '');
  if (!match) throw new Error(`--bytes wants a size like 500M, got ${text}`);
  return Math.floor(Number(match[1]) * UNITS[match[2].toUpperCase()]);
}

function parseArgs(argv) {
  const options = { bytes: 0, out: '', seed: 1, shape: 'chat', gzip: false, text: 'zipf' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--bytes') options.bytes = parseBytes(argv[++i]);
    else if (arg === '--out') options.out = argv[++i] ?? '';
    else if (arg === '--seed') options.seed = Number.parseInt(argv[++i], 10);
    else if (arg === '--shape') options.shape = argv[++i];
    else if (arg === '--gzip') options.gzip = true;
    else if (arg === '--text') options.text = argv[++i];
    else throw new Error(`unknown argument ${arg}`);
  }
  if (
    options.bytes <= 0 ||
    options.out === '' ||
    !Number.isFinite(options.seed) ||
    !SHAPE_NAMES.includes(options.shape) ||
    !['zipf', 'email', 'reference'].includes(options.text)
  ) {
    throw new Error(
      `usage: node bench/generate-corpus.mjs --bytes 500M --out FILE [--seed 1] [--shape ${SHAPE_NAMES.join('|')}] [--gzip] [--text zipf|email|reference]`,
    );
  }
  return options;
}

const mb = (bytes) => (bytes / 1024 ** 2).toFixed(1);

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const file = createWriteStream(options.out);
  const gzip = options.gzip ? createGzip() : null;
  if (gzip) gzip.pipe(file);
  const sink = gzip ?? file;

  const generator =
    options.text === 'email'
      ? new EmailRowGenerator(options.seed, options.shape)
      : options.text === 'reference'
        ? new EmailReferenceGenerator(options.seed)
        : new CorpusRowGenerator(options.seed, options.shape);
  let written = 0;
  let rows = 0;
  let nextReport = options.bytes / 10;
  let chunk = '';
  while (written < options.bytes) {
    const line = generator.nextLine() + '\n';
    chunk += line;
    written += Buffer.byteLength(line);
    rows++;
    if (chunk.length >= CHUNK_CHARS || written >= options.bytes) {
      if (!sink.write(chunk)) await once(sink, 'drain');
      chunk = '';
      if (written >= nextReport) {
        process.stderr.write(
          `generate-corpus: ${mb(written)} / ${mb(options.bytes)} MiB, ${rows} rows, ${seconds().toFixed(1)} s\n`,
        );
        nextReport += options.bytes / 10;
      }
    }
  }
  sink.end();
  await finished(file);
  const onDisk = file.bytesWritten;
  const compressed = gzip ? `, ${mb(onDisk)} MiB gzipped on disk` : '';
  console.log(
    `wrote ${options.out}: ${rows} rows, ${written} bytes (${mb(written)} MiB)${compressed} in ${seconds().toFixed(1)} s`,
  );
}

main().catch((error) => {
  process.stderr.write(`generate-corpus: ${error.message}\n`);
  process.exit(1);
});
