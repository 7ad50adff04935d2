#!/usr/bin/env node
/**
 * A stand-in for the diversity-lens CLI that records what examples/dask/analyze_on_dask.py asks of it, so the
 * Dask plumbing (ranges, options, shared folder, failures, clean-up) is tested apart from the analysis itself.
 *
 *   fake-cli.mjs --version                         → "0.0.0-fake"
 *   fake-cli.mjs analyze FILE --partial P [--byte-range S:E] [other args…]
 *   fake-cli.mjs analyze INPUT… --range-file FILE --partial P [--byte-range S:E] [other args…]
 *       writes P as JSON {file, size, range, dataset (the INPUTs), args, pid}; exits 2 with a message on stderr when the range starts at
 *       the byte named by the environment variable FAKE_CLI_FAIL_AT (to test a failing task).
 *   fake-cli.mjs merge A B … --out F [other args…] → writes F as JSON {partials: [their contents], args}.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';

const [command, ...rest] = process.argv.slice(2);

/** Value of `--name` in args, or undefined. */
function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Writes through a temporary name, as the real CLI writes its partials. */
function writeAtomically(path, text) {
  writeFileSync(`${path}.tmp-${process.pid}`, text);
  renameSync(`${path}.tmp-${process.pid}`, path);
}

if (command === '--version') {
  process.stdout.write('0.0.0-fake\n');
} else if (command === 'analyze') {
  const firstFlag = rest.findIndex((a) => a.startsWith('--'));
  const dataset = rest.slice(0, firstFlag < 0 ? rest.length : firstFlag);
  const file = option(rest, '--range-file') ?? rest[0];
  const partial = option(rest, '--partial');
  const range = option(rest, '--byte-range') ?? null;
  if (process.env.FAKE_CLI_FAIL_AT !== undefined && range?.startsWith(`${process.env.FAKE_CLI_FAIL_AT}:`)) {
    process.stderr.write(`diversity-lens: fake failure at ${range}\n`);
    process.exit(2);
  }
  const size = statSync(file).size;
  writeAtomically(partial, JSON.stringify({ file, size, range, dataset, args: rest, pid: process.pid }));
} else if (command === 'merge') {
  const out = option(rest, '--out');
  const names = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i].startsWith('--')) {
      if (rest[i] !== '--quiet') i++;
    } else names.push(rest[i]);
  }
  const partials = names.map((name) => JSON.parse(readFileSync(name, 'utf8')));
  writeAtomically(out, JSON.stringify({ partials, args: rest }));
} else {
  process.stderr.write(`fake-cli: unknown command ${command}\n`);
  process.exit(2);
}
