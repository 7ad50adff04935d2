/**
 * Runs calibration cases through the real analysis and renders the table of docs/metrics.md.
 * Why: the unit test and `npm run calibrate` must show the very same figures, computed by `analyzeFile`
 * on JSONL files, so the documented table is what the product says. `analyzeFile` is passed in, so this
 * file works from TypeScript sources (tests, via tsx) and from the built bundle alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes rows as `{"text": …}` JSONL. */
function writeRows(path, rows) {
  writeFileSync(path, rows.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
  return path;
}

/**
 * Analyses every case (files written to a temp folder, removed after) and returns one result per case:
 * the case, its report and whether it holds its expectation.
 */
export async function runCases(cases, analyzeFile) {
  const dir = mkdtempSync(join(tmpdir(), 'dl-calibration-'));
  try {
    const out = [];
    for (const [i, c] of cases.entries()) {
      const dataset = c.datasetPath ?? writeRows(join(dir, `case${i}.jsonl`), c.dataset);
      const reference =
        c.referencePath ??
        (c.reference ? writeRows(join(dir, `case${i}.reference.jsonl`), c.reference) : undefined);
      const report = await analyzeFile(dataset, reference ? { reference: { path: reference } } : {});
      out.push({ case: c, report, problems: problemsOf(c, report) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TAIL_MEASURES = /^tails\./;

/** What in a report contradicts its case's expectation ([] when it holds). */
export function problemsOf(c, report) {
  const problems = [];
  if (!c.expect.levels.includes(report.verdict.level))
    problems.push(`verdict ${report.verdict.level}, expected ${c.expect.levels.join(' or ')}`);
  if (c.expect.noTailLoss) {
    const tail = report.verdict.reasons.filter((r) => TAIL_MEASURES.test(r.measure));
    if (tail.length)
      problems.push(`tail reasons on a same-distribution control: ${tail.map((r) => r.measure).join(', ')}`);
    if (report.verdict.notes.length) problems.push('a vocabulary-shift note on a same-distribution control');
  }
  if (c.expect.shiftReported && !report.verdict.notes.some((n) => n.measure === 'tails.baseline.ratio'))
    problems.push('no vocabulary-shift note');
  return problems;
}

const f = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
const pct = (x) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);

/** Markdown table: case, kind, tokens, own spectrum, equal-size ratios, coverage vs baseline, duplicates, verdict. */
export function renderTable(results) {
  const lines = [
    '| case | kind | tokens | hapax share | hapax retention (× reference) | types × (equal size) | hapax share × | MTLD × | tail coverage ÷ same-distribution | near dup | top opening | verdict | reasons and notes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const { case: c, report: r } of results) {
    const t = r.tails;
    const e = t.mode === 'reference' ? t.equalSize : null;
    const b = t.mode === 'reference' ? t.baseline : null;
    const why = [
      ...r.verdict.reasons.map((x) => `${x.severity === 2 ? '✖' : '△'} ${x.measure} ${f(x.value)}`),
      ...r.verdict.notes.map((x) => `note: shift ${f(x.value)}`),
    ].join('; ');
    lines.push(
      `| ${c.name} | ${c.kind} | ${r.tokens.total.toLocaleString('en-US')} | ${pct(t.spectrum.hapaxTypeShare)} | ${f(t.spectrum.hapaxRetention)}${e ? ` (${f(e.retention.ratio)}×)` : ''} | ${f(e?.typesRatio)} | ${f(e?.hapaxShareRatio)} | ${f(e?.mtld.ratio)} | ${b ? `${pct(b.datasetCoverage)} ÷ ${pct(b.sameDistributionCoverage)} = ${f(b.ratio)}` : '—'} | ${pct(r.duplicates.near.rateRemovable)} | ${pct(r.duplicates.templates.openings[0]?.share)} | **${r.verdict.level}** | ${why || '—'} |`,
    );
  }
  return lines.join('\n');
}
