// e2e: the panel's Instructions tab (issue #16 item 6) through "Diversity Lens: Open Report…". The analysis does not
// write the `instructions` key yet (another branch wires it in), so the test makes the report the product would
// show: the CLI's `analyze --json` report of a generated instruction dataset, with an `instructions` section the real
// core computes (InstructionAccumulator over the same rows, run under tsx; the reference's prompts for the overlap
// against the reference). It checks that every figure the tab shows equals the JSON, that the verb → noun chart and
// the pairs table list the report's verbs and pairs, that clicking a pair lists its example rows and reveals the
// first in the editor, and that a report without the key or with null says why. Registered from e2e.test.mjs (shares
// its code-server and browser); screenshots in test/e2e/artifacts/.
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../../scripts/lib/prng.mjs';
import { eventually, same, withScreenshot } from './expect.mjs';
import { cursorAt, panelTab, runCommand, screenshotPanel } from './workbench.mjs';
import { at } from './panelChecks.mjs';
import { openReportFromPalette, reportTab } from './openReport.mjs';

const TIMEOUT = 180_000;

const TOPICS = [
  'cats',
  'the sea',
  'autumn',
  'a small town',
  'trains',
  'rain',
  'jazz',
  'friendship',
  'winter',
];

/**
 * The kinds of ask of instructionRows, each with the cumulative share of the rows up to it (a row draws u in [0, 1)
 * and takes the first kind whose bound is above u): `ask(topic, next)` writes the instruction, `next` drawing the
 * numbers some asks carry. Why a table: the shares and the sentences read (and change) in one place.
 */
const ASKS = [
  [0.4, (t) => `Write a poem about ${t}.`],
  [0.55, (t) => `Write a short story about ${t}.`],
  [0.65, (t) => `Give an example of ${t} in one sentence.`],
  [0.73, (t) => `Explain why ${t} matters to people.`],
  [0.8, (t, next) => `Summarize the article about ${t} in ${2 + Math.floor(next() * 5)} sentences.`],
  [0.86, (t, next) => `Generate a list of ${3 + Math.floor(next() * 7)} facts about ${t}.`],
  [0.92, (t) => `Describe the color of ${t}.`],
  [Infinity, (t) => `Hello there, ${t}!`],
];

/**
 * An Alpaca-style instruction set (instruction, input, output) of `n` rows from `seed`: a few verb–noun pairs
 * dominate ("write → poem"), some rows have no object ("Explain why …") or no verb ("Hello …"), some carry numbers.
 */
export function instructionRows(seed, n) {
  const next = mulberry32(seed);
  const pick = (a) => a[Math.floor(next() * a.length)];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const u = next();
    const t = pick(TOPICS);
    const [, ask] = ASKS.find(([bound]) => u < bound);
    rows.push({ instruction: ask(t, next), input: '', output: `An answer about ${t}.` });
  }
  return rows;
}

/** Writes rows as JSONL (no blank line: line i + 1 is row i, as the CLI and the accumulator number them). */
export const writeJsonl = (file, rows) =>
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

/**
 * The `instructions` section of `file` computed by the real core (src/core/instructions, run under tsx): every row
 * through InstructionAccumulator with the prompt side found on the first 200 rows, the reference's overlap prompts
 * passed to finish. Why a child process: the core is TypeScript; the e2e suite is plain node.
 */
export function coreInstructions(root, file, reference) {
  const core = (p) => JSON.stringify(path.join(root, 'src/core/instructions', p));
  const code = `
    import fs from 'node:fs';
    // tsx loads the .ts files as CommonJS (the package is not "type": "module"): their exports under \`default\`
    const load = async (p) => { const m = await import(p); return m.default ?? m; };
    const { InstructionAccumulator } = await load(${core('instructionStats.ts')});
    const { createPromptSide } = await load(${core('promptSide.ts')});
    const rowsOf = (f) => fs.readFileSync(f, 'utf8').split('\\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    const accOf = (rows) => {
      const acc = new InstructionAccumulator(createPromptSide(rows.slice(0, 200)));
      rows.forEach((v, i) => acc.addRow(i + 1, v));
      return acc;
    };
    const ref = accOf(rowsOf(${JSON.stringify(reference)})).overlapPrompts();
    process.stdout.write(JSON.stringify(accOf(rowsOf(${JSON.stringify(file)})).finish(ref)));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`computing the instruction figures failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The CLI's JSON report of `file` (with `extra` arguments). */
function cliReport(root, file, extra) {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist/cli.js'), 'analyze', file, ...extra, '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`CLI analyze exit ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Opens `file` with Open Report… (openReport.mjs) and returns the panel's webview on the Instructions tab. */
async function openReport(page, file) {
  const web = await openReportFromPalette(page, file);
  await panelTab(web, 'Instructions');
  return web;
}

/** Number formatting as the tab must show it, written independently of the extension's formatter. */
const int = (x) => Math.round(x).toLocaleString('en-US');
const pct = (x) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
const ratio = (x, d) => (x === null ? 'n/a' : Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(d));

/** Every figure of a <dl> (`#id`) as [data-count, data-value, text]. */
const figuresOf = (web, id) =>
  web
    .locator(`#${id} dd[data-count]`)
    .evaluateAll((dds) => dds.map((d) => [d.dataset.count, d.dataset.value, d.textContent]));

/** Registers the Instructions tab tests; `ctx` = { page(), fixtures(), artifacts, root, lap }. */
export function registerInstructionsTabTests(ctx) {
  test(
    'Instructions tab (Open Report…): figures equal the JSON, nested verb → noun bars, a pair lists and reveals its rows',
    { timeout: TIMEOUT },
    withScreenshot(ctx.page, ctx.artifacts, 'instructions-tab', async () => {
      const page = ctx.page();
      const ws = path.dirname(ctx.fixtures().chat.file);
      const source = path.join(ws, 'instructions-source.jsonl');
      const reference = path.join(ws, 'instructions-reference.jsonl');
      writeJsonl(source, instructionRows(16, 600));
      writeJsonl(reference, instructionRows(61, 300));
      const report = cliReport(ctx.root, source, ['--reference', reference]);
      const ins = coreInstructions(ctx.root, source, reference);
      // the fixture's premises: a dominant pair with two example rows, a verb with no object, the reference overlap
      same(ins.sampledRows, 600, 'every prompt row sampled (600 < 20,000)');
      same(
        [ins.topPairs[0].verb, ins.topPairs[0].noun, ins.topPairs[0].lines.length],
        ['write', 'poem', 2],
        'top pair',
      );
      same(ins.noVerbRows > 0 && ins.verbOnlyRows > 0, true, 'rows without a verb and without an object');
      same(ins.referenceOverlap?.referencePrompts, 300, 'the reference’s prompts compared');
      const reportFile = path.join(ws, 'instructions-report.json');
      fs.writeFileSync(reportFile, JSON.stringify({ ...report, instructions: ins }, null, 2));
      const r = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
      ctx.lap('instructions: dataset, CLI report and core figures ready');

      const web = await openReport(page, reportFile);
      ctx.lap('instructions: tab shown');

      // coverage figures: raw values and text equal the JSON
      const expectedText = {
        'instructions.sampledRows': `${int(ins.sampledRows)} of ${int(ins.promptRows)} prompt rows`,
        'instructions.promptRows': `${int(ins.promptRows)} of ${int(ins.rows)} rows`,
        'instructions.distinctVerbs': int(ins.distinctVerbs),
        'instructions.distinctPairs': int(ins.distinctPairs),
        'instructions.top10Share': pct(ins.top10Share),
        'instructions.top20Share': pct(ins.top20Share),
        'instructions.pairEntropy': `${ins.pairEntropy.toFixed(2)} bits`,
        'instructions.noVerbRows': `${int(ins.noVerbRows)} (${pct(ins.noVerbRows / ins.sampledRows)})`,
        'instructions.verbOnlyRows': `${int(ins.verbOnlyRows)} (${pct(ins.verbOnlyRows / ins.sampledRows)})`,
      };
      const coverage = await figuresOf(web, 'instructions-coverage');
      same(
        coverage.map(([k]) => k),
        Object.keys(expectedText),
        'coverage figures listed',
      );
      for (const [key, value, text] of coverage) {
        same(value, String(at(r, key)), `${key} (raw) vs the JSON`);
        same(text, expectedText[key], `${key} as shown`);
      }

      // the two-level chart: the report's top verbs, each bar's nouns and rows
      const bars = await web.locator('#verb-noun-chart g.vn-verb').evaluateAll((gs) =>
        gs.map((g) => ({
          verb: g.dataset.verb,
          rows: Number(g.dataset.rows),
          nouns: [...g.querySelectorAll('g.vn-segment')]
            .filter((s) => s.dataset.noun !== '')
            .map((s) => ({ noun: s.dataset.noun, rows: Number(s.dataset.rows) })),
          width: g.getBoundingClientRect().width,
        })),
      );
      same(
        bars.map(({ verb, rows, nouns }) => ({ verb, rows, nouns })),
        ins.topVerbs,
        'chart: top verbs and their top nouns',
      );
      same(bars[0].width > bars[bars.length - 1].width, true, 'chart: the top verb’s bar is the longest');
      same(
        await web.locator('#verb-noun-chart svg').getAttribute('role'),
        'img',
        'chart: an image with an accessible name',
      );
      same(
        (await web.locator('#verb-noun-chart-desc').textContent()).startsWith(
          `write: ${int(ins.topVerbs[0].rows)} rows`,
        ),
        true,
        'chart: its description lists the bars',
      );

      // the pairs table
      const pairs = await web.locator('#instruction-pairs tbody tr').evaluateAll((trs) =>
        trs.map((t) => ({
          verb: t.dataset.verb,
          noun: t.dataset.noun === '' ? null : t.dataset.noun,
          rows: Number(t.querySelector('td[data-value]').dataset.value),
          lines: [...t.querySelectorAll('.line-link')].map((b) => Number(b.dataset.line)),
        })),
      );
      same(
        pairs,
        ins.topPairs.map(({ verb, noun, rows, lines }) => ({ verb, noun, rows, lines })),
        'pairs table: the report’s top pairs, rows and example lines',
      );

      // lemma vs token, rates, overlap
      const forms = await web
        .locator('#instruction-forms tbody tr')
        .evaluateAll((trs) =>
          trs.map((t) => [
            t.dataset.key,
            ...[...t.querySelectorAll('td[data-value]')].map((d) => d.dataset.value),
          ]),
        );
      for (const [key, lemma, token] of forms) {
        same(lemma, String(ins.lemma[key]), `lemma ${key} vs the JSON`);
        same(token, String(ins.token[key]), `token ${key} vs the JSON`);
      }
      same(forms.length, 5, 'lemma vs token: five figures');
      const rates = await web
        .locator('#instruction-rates tbody tr')
        .evaluateAll((trs) =>
          trs.map((t) => [t.dataset.key, t.querySelector('td[data-value]').dataset.value]),
        );
      same(
        rates.length,
        5 + Object.keys(ins.ratesPer1000.entities).length,
        'rates: five kinds and every entity type',
      );
      for (const [key, value] of rates) same(value, String(at(r, key)), `${key} vs the JSON`);
      for (const [id, prefix] of [
        ['overlap-within', 'instructions.overlap'],
        ['overlap-reference', 'instructions.referenceOverlap'],
      ]) {
        const figs = await figuresOf(web, id);
        same(figs.length, 4, `${id}: four figures`);
        for (const [key, value, text] of figs) {
          same(key.startsWith(prefix), true, `${key} under ${prefix}`);
          same(value, String(at(r, key)), `${key} vs the JSON`);
          if (key.endsWith('.median')) same(text, ratio(at(r, key), 3), `${key} as shown`);
          if (key.endsWith('.shareAbove07')) same(text, pct(at(r, key)), `${key} as shown`);
        }
      }
      same(
        await web.locator('#overlap-histogram').getAttribute('data-points'),
        String(ins.overlap.histogram.length),
        'overlap histogram: one point per bin',
      );
      same(await web.locator('html').getAttribute('data-csp-violations'), '0', 'CSP violations');
      await web.locator('#instructions').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await screenshotPanel(page, ctx.artifacts, 'instructions-tab.png');
      await web.locator('#overlap-histogram').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await screenshotPanel(page, ctx.artifacts, 'instructions-overlap.png');

      // a click on the top pair reveals its first example row in the editor (the saved report's panel shares the
      // editor group, so the dataset comes to the front) and lists its example rows, still there when the panel is back
      const top = ins.topPairs[0];
      await web.locator('#instruction-pairs tr[data-index="0"] button.pair-button').click();
      await page.locator('.tab.active', { hasText: 'instructions-source.jsonl' }).waitFor();
      await cursorAt(page, top.lines[0], 'the editor at the pair’s first example row');
      const firstRow = JSON.parse(fs.readFileSync(source, 'utf8').split('\n')[top.lines[0] - 1]);
      same(
        /^Write a poem about /.test(firstRow.instruction),
        true,
        'that row is a “write → poem” instruction',
      );
      await page.screenshot({ path: path.join(ctx.artifacts, 'instructions-pair-revealed.png') });
      await reportTab(page, reportFile).click();
      await eventually(
        () => web.locator('#instruction-pair-rows').getAttribute('data-lines'),
        top.lines.join(','),
        'the pair’s example rows listed',
      );
      same(await web.locator('#instruction-pair-label').textContent(), 'write → poem', 'the pair named');
      same(
        await web
          .locator('#instruction-pair-rows button.line-link')
          .evaluateAll((bs) => bs.map((b) => Number(b.dataset.line))),
        top.lines,
        'its example rows are line links',
      );
      same(
        await web.locator('#instruction-pairs tr[data-index="0"]').getAttribute('class'),
        'selected',
        'the pair’s row is marked',
      );
      same(
        await web
          .locator('#instruction-pairs tr[data-index="0"] button.pair-button')
          .getAttribute('aria-pressed'),
        'true',
        'the pair’s button is pressed',
      );
      await web.locator('#instruction-pair-rows').evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await screenshotPanel(page, ctx.artifacts, 'instructions-pair-rows.png');
      // the second example row, from the list
      await web.locator(`#instruction-pair-rows button.line-link[data-line="${top.lines[1]}"]`).click();
      await cursorAt(page, top.lines[1], 'the editor at the pair’s second example row');
      await reportTab(page, reportFile).click();

      /**
       * Clicks the chart segment of `verb` and `noun` ('' for the verb's rest), expects the editor at `line` (the
       * pair's first example row), comes back to the report and waits for the pair `label` to be selected. Why: every
       * segment is checked by the same round trip.
       */
      const clickSegment = async (verb, noun, line, label, selects) => {
        await web
          .locator(`#verb-noun-chart g.vn-verb[data-verb="${verb}"] g.vn-segment[data-noun="${noun}"] rect`)
          .click();
        await cursorAt(page, line, `the editor at ${label}’s first example row`);
        await reportTab(page, reportFile).click();
        await eventually(() => web.locator('#instruction-pair-label').textContent(), label, selects);
      };

      // a chart segment selects its pair (and reveals its first example row)
      const story = ins.topPairs.find((p) => p.verb === 'write' && p.noun === 'story');
      await clickSegment(
        'write',
        'story',
        story.lines[0],
        'write → story',
        'a chart segment selects its pair',
      );
      same(
        await web.locator('#instruction-pair-rows').getAttribute('data-lines'),
        story.lines.join(','),
        'write → story’s example rows listed',
      );

      // a verb's rest that is all "no object" selects the (verb, no object) pair
      const explain = ins.topPairs.find((p) => p.verb === 'explain' && p.noun === null);
      await clickSegment(
        'explain',
        '',
        explain.lines[0],
        'explain (no object)',
        'the “no object” segment selects the verb’s no-object pair',
      );

      // the two other states: no `instructions` key, and null (no prompt side)
      const absentFile = path.join(ws, 'instructions-absent.json');
      const withoutKey = { ...r };
      delete withoutKey.instructions;
      fs.writeFileSync(absentFile, JSON.stringify(withoutKey));
      let w = await openReport(page, absentFile);
      same(
        (await w.locator('#instructions-absent h3').textContent()).includes(
          'ran without the instruction figures',
        ) && (await w.locator('#instructions-absent code').allTextContents()).includes('--no-instructions'),
        true,
        'no key: says the analysis ran without them and how to turn them on',
      );
      await screenshotPanel(page, ctx.artifacts, 'instructions-absent.png');
      const noneFile = path.join(ws, 'instructions-none.json');
      fs.writeFileSync(noneFile, JSON.stringify({ ...r, instructions: null }));
      w = await openReport(page, noneFile);
      const fields = await w.locator('#instructions-none li code').allTextContents();
      same(
        ['messages', 'conversations', 'instruction', 'prompt', 'question', 'turns', 'text'].every((f) =>
          fields.includes(f),
        ),
        true,
        `null: lists the fields that count as the prompt side (${fields})`,
      );
      await screenshotPanel(page, ctx.artifacts, 'instructions-none.png');
      await runCommand(page, 'View: Close All Editors');
    }),
  );
}
