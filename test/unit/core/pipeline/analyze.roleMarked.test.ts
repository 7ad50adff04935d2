import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { tempDir } from '../../helpers/tempDir.ts';

/**
 * End to end: a file of role-marked rows must not report its wrapper as a template. The control file holds
 * the same rows with the markers in a case the conventions do not use (`### human:`, `<|IM_START|>`, `[inst]`,
 * lower-case `user:`): the word tokenizer lowercases, so both files give the same tokens to a plain `text`
 * view — and there the markers ARE flagged, which shows the first assertion is not vacuous.
 */

function tmpFile(name: string, content: string): string {
  const dir = tempDir('dl-roles-');
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Deterministic filler words (`tok17 …`) that can never be a marker word. */
function words(seed: number, n: number): string {
  const out: string[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(`tok${s % 997}`);
  }
  return out.join(' ');
}

type Builder = (user: string, assistant: string, control: boolean) => string;

/** Per convention: the row text (markers as written, or case-flipped for the control) and its marker words. */
const CONVENTIONS: [string, Builder, RegExp][] = [
  [
    'human-assistant',
    (u, a, c) => (c ? `### human: ${u} ### assistant: ${a}` : `### Human: ${u} ### Assistant: ${a}`),
    /\b(human|assistant)\b/,
  ],
  [
    'alpaca',
    (u, a, c) =>
      'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n' +
      (c ? `### instruction:\n${u}\n\n### response:\n${a}` : `### Instruction:\n${u}\n\n### Response:\n${a}`),
    /\b(instruction|response|below)\b/,
  ],
  [
    'vicuna',
    (u, a, c) => (c ? `user: ${u} assistant: ${a}</s>` : `USER: ${u} ASSISTANT: ${a}</s>`),
    /\b(user|assistant)\b/,
  ],
  [
    'chatml',
    (u, a, c) => {
      const [s, e] = c ? ['<|IM_START|>', '<|IM_END|>'] : ['<|im_start|>', '<|im_end|>'];
      return `${s}user\n${u}${e}\n${s}assistant\n${a}${e}`;
    },
    /\b(im_start|im_end|user|assistant)\b/,
  ],
  [
    'llama2',
    (u, a, c) => (c ? `<s>[inst] ${u} [/inst] ${a} </s>` : `<s>[INST] ${u} [/INST] ${a} </s>`),
    /\b(inst|s)\b/,
  ],
  [
    'llama3',
    (u, a, c) => {
      const h = (r: string) =>
        c ? `<|START_HEADER_ID|>${r}<|END_HEADER_ID|>\n\n` : `<|start_header_id|>${r}<|end_header_id|>\n\n`;
      const eot = c ? '<|EOT_ID|>' : '<|eot_id|>';
      return `${c ? '<|BEGIN_OF_TEXT|>' : '<|begin_of_text|>'}${h('user')}${u}${eot}${h('assistant')}${a}${eot}`;
    },
    /\b(begin_of_text|start_header_id|end_header_id|eot_id|user|assistant)\b/,
  ],
];

/** 60 rows: prompts share an opening ("please explain the meaning of …", a real template), answers are varied filler. */
function dataset(build: Builder, control: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++)
    lines.push(
      JSON.stringify({
        text: build(`please explain the meaning of ${words(i, 4)}`, words(1000 + i, 12), control),
      }),
    );
  return lines.join('\n') + '\n';
}

/** Every template text of the report (openings and phrases). */
function templateTexts(r: AnalysisReport): string[] {
  return [...r.duplicates.templates.openings, ...r.duplicates.templates.phrases].map((e) => e.text);
}

for (const [convention, build, markerWords] of CONVENTIONS) {
  test(`${convention}: shape role-marked-text, no marker words among templates; the case-flipped control flags them`, async () => {
    const marked = tmpFile(`${convention}.jsonl`, dataset(build, false));
    const r = await analyzeFile(marked);
    assert.equal(r.shape, 'role-marked-text');
    assert.equal(r.roleMarkers, convention);
    assert.equal(r.view, 'text[role=assistant]');
    assert.equal(r.rows.emptyText, 0);
    assert.equal(
      r.tokens.total,
      60 * 12,
      'the default view is the 12 answer words of each row, nothing else',
    );
    assert.deepEqual(
      templateTexts(r).filter((t) => markerWords.test(t)),
      [],
    );

    const full = await analyzeFile(marked, { view: 'full' });
    assert.equal(full.tokens.total, 60 * (5 + 4 + 12), 'full: every turn, no markers, no preamble');
    assert.deepEqual(
      templateTexts(full).filter((t) => markerWords.test(t)),
      [],
    );
    assert.ok(
      full.duplicates.templates.openings.some(
        (e) => e.text.startsWith('please explain the meaning') && e.rows === 60,
      ),
      'the real template is still found',
    );

    const control = await analyzeFile(tmpFile(`${convention}-control.jsonl`, dataset(build, true)));
    assert.equal(control.shape, 'text');
    assert.equal(control.roleMarkers, undefined);
    const flagged = templateTexts(control).filter((t) => markerWords.test(t));
    assert.ok(
      flagged.length > 0,
      `control flags the wrapper: ${JSON.stringify(templateTexts(control).slice(0, 3))}`,
    );
    assert.ok(
      control.duplicates.templates.openings[0].rows === 60 &&
        markerWords.test(control.duplicates.templates.openings[0].text),
    );
  });
}
