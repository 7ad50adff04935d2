// The hostile workspace of test/e2e/hostile.test.mjs: a dataset (plain and gzip) whose FILE NAME, field names, slice values,
// rows, template openings and malformed lines all carry markup, links and bidi overrides, plus a hostile-named
// reference. Every payload that ran would set `window.__pwned` (the canary) or load something from
// evil.example (the request monitor); the panel must show each one as the exact text the CLI reports.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { mulberry32 } from '../../../scripts/lib/prng.mjs';

/** The origin the payloads try to reach; no request to it (or anywhere off the code-server) may leave the page. */
export const EVIL_ORIGIN = 'https://evil.example';

const RLO = '\u202E'; // RIGHT-TO-LEFT OVERRIDE
const PDF = '\u202C'; // POP DIRECTIONAL FORMATTING
const LRI = '\u2066'; // LEFT-TO-RIGHT ISOLATE
const PDI = '\u2069'; // POP DIRECTIONAL ISOLATE

/** Markup, links and bidi controls that must only ever be shown as text. */
export const PAYLOADS = [
  `<img src=x onerror="window.__pwned='img';document.title='pwned'">`,
  `<base href="${EVIL_ORIGIN}/base/">`,
  `<a href="javascript:window.__pwned='a'">js link</a>`,
  `[md link](javascript:window.__pwned='md')`,
  `<a href="command:workbench.action.closeWindow">command link</a> [run](command:diversityLens.openSample)`,
  `</script><script>window.__pwned='script'</script>`,
  `<svg onload="window.__pwned='svg'"><iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe></svg>`,
  `<link rel="stylesheet" href="${EVIL_ORIGIN}/x.css"><meta http-equiv="refresh" content="0;url=${EVIL_ORIGIN}/">`,
  `<style>@import '${EVIL_ORIGIN}/s.css';</style><object data="${EVIL_ORIGIN}/o"></object>`,
  `${RLO}gnp.exe${PDF} ${LRI}isolated${PDI} \u200Fmark`,
];

/** The dataset's file name: markup (no `/`, which a file name cannot hold) and a right-to-left override. */
export const HOSTILE_FILE_NAME = `<img src=x onerror="window.__pwned='name'">${RLO}lmth.jsonl`;
/** The same rows gzip-compressed: a line reveal shows the raw line in the panel's row viewer (not the editor). */
export const HOSTILE_GZ_NAME = `${HOSTILE_FILE_NAME}.gz`;
/** The reference's file name (shown in the Overview's reference picker and the Mix view). */
export const HOSTILE_REFERENCE_NAME = `<svg onload=window.__pwned='ref'>${RLO}fer.jsonl`;
/** A field name (a slice candidate of the Overview's Group by suggestions and the Slices hint). */
export const HOSTILE_FIELD = `<img src=x onerror=window.__pwned='field'>${RLO}key`;
/** The group-by field (an ordinary name) whose values are hostile: the Slices tab's value column. */
export const SLICE_FIELD = 'src';
/** The values of {@link SLICE_FIELD}; each has enough rows to be its own slice with `MIN_SLICE_ROWS`. */
export const SLICE_VALUES = [PAYLOADS[0], PAYLOADS[1], `${PAYLOADS[4]} ${RLO}txet`];
export const MIN_SLICE_ROWS = 5;
/** A row repeated 3× (an exact-duplicate cluster of hostile text). */
export const DUPLICATED_TEXT = PAYLOADS.join(' ');
/** The opening most rows start with (a template of hostile text). */
export const TEMPLATE_OPENING = `${PAYLOADS[5]} ${PAYLOADS[2]}`;
/** Raw malformed lines: their parse errors and the row viewer show them. */
export const MALFORMED_LINES = [
  `{"text": "${PAYLOADS[0].replaceAll('"', "'")} ${RLO}unterminated`,
  `<script>window.__pwned='raw-line'</script>`,
  `{"text": "ok", <base href="${EVIL_ORIGIN}/">: 1}`,
  `[javascript:window.__pwned='array'] ${PAYLOADS[7]}`,
];

const WORDS = (
  'river mountain signal harbor lantern copper meadow falcon quartz ember willow orbit canyon velvet ' +
  'thunder marble saddle pepper glacier rocket timber violet anchor basket cinder dragon feather'
).split(' ');

/** Reference-only words: the Tails tab's lost tokens. */
const REFERENCE_WORDS = 'onerror javascript script iframe srcdoc payload exfiltrate beacon'.split(' ');

/**
 * Writes the dataset, plain and gzip (whose line reveals open the panel's row viewer instead of the editor), the
 * reference and `.vscode/settings.json` (that reference, small slices) into `dir`. Returns the paths and what they
 * hold.
 */
export function writeHostileWorkspace(dir) {
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  const next = mulberry32(1515);
  const words = (n) => Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  const lines = [];
  const malformedLines = [];
  for (let i = 0; i < 60; i++) {
    const row = { id: i, [SLICE_FIELD]: SLICE_VALUES[i % SLICE_VALUES.length] };
    row[HOSTILE_FIELD] = i % 2 ? 'a' : 'b';
    row.text =
      i % 4 === 0 ? `${TEMPLATE_OPENING} ${words(14)}` : `${PAYLOADS[i % PAYLOADS.length]} ${words(12)}`;
    lines.push(JSON.stringify(row));
    if (i % 20 === 7) lines.push(JSON.stringify({ ...row, id: 100 + i, text: DUPLICATED_TEXT }));
    if (i % 15 === 3) {
      lines.push(MALFORMED_LINES[malformedLines.length]);
      malformedLines.push(lines.length);
    }
  }
  const file = path.join(dir, HOSTILE_FILE_NAME);
  const raw = `${lines.join('\n')}\n`;
  fs.writeFileSync(file, raw);
  const gz = { file: path.join(dir, HOSTILE_GZ_NAME), name: HOSTILE_GZ_NAME };
  fs.writeFileSync(gz.file, zlib.gzipSync(raw));
  const reference = path.join(dir, HOSTILE_REFERENCE_NAME);
  const refLines = [];
  for (let i = 0; i < 40; i++)
    refLines.push(JSON.stringify({ text: `${words(10)} ${REFERENCE_WORDS[i % 8]}` }));
  fs.writeFileSync(reference, `${refLines.join('\n')}\n`);
  fs.writeFileSync(
    path.join(dir, '.vscode', 'settings.json'),
    JSON.stringify(
      { 'diversityLens.referencePath': HOSTILE_REFERENCE_NAME, 'diversityLens.minSliceRows': MIN_SLICE_ROWS },
      null,
      2,
    ),
  );
  return { file, name: HOSTILE_FILE_NAME, gz, lines: raw.split('\n'), malformedLines, reference };
}
