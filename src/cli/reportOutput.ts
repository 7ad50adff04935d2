/**
 * Where a finished report goes (stdout summary, JSON, Markdown, files) and the --fail-on gates: shared by `analyze`
 * and `merge`, so a merged report is written, summarised and gated exactly as an analysed one.
 */
import { extname } from 'node:path';
import { writeTextAtomically } from '../core/io/atomicWrite.ts';
import { renderMarkdown } from '../core/report/markdown.ts';
import { evaluateGates, type GateRule } from '../core/report/gates.ts';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import { renderSummary } from './summary.ts';
import { UsageError } from './usageError.ts';
import { assertNotAnInput, UnsafeOutputError } from '../core/mix/pathGuard.ts';

/**
 * The flags that say where a report goes (--json, --markdown, --out, --quiet). Why declared once: `analyze`, `merge`
 * and `compare` write their reports the same way, so the flags must parse the same in all three.
 */
export const REPORT_OUTPUT_FLAGS = {
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export interface ReportOutput {
  json: boolean;
  markdown: boolean;
  out: string | undefined;
  quiet: boolean;
}

/**
 * Writes the report as asked and evaluates the gates; returns the exit code (0, or 1 when a gate failed). `inputs`
 * are the files the report was made from (dataset files, reference, partials): a report is written by renaming a
 * temporary file over its target, so a target that is one of them (by path, symlink or hard link) is refused
 * before anything is written — a typo must never replace a dataset.
 */
export async function emitReport(
  report: AnalysisReport,
  values: ReportOutput,
  gates: GateRule[],
  inputs: readonly string[] = [],
): Promise<number> {
  const json = JSON.stringify(report, null, 2) + '\n';
  if (values.out) {
    const ext = extname(values.out).toLowerCase();
    const both = !(ext === '.json' || values.json || ext === '.md' || values.markdown);
    for (const target of both ? [`${values.out}.json`, `${values.out}.md`] : [values.out])
      await assertNotAnInput(target, inputs).catch((e: unknown) => {
        throw e instanceof UnsafeOutputError ? new UsageError(e.message) : e;
      });
    await writeReportFiles(values.out, values, json, () => renderMarkdown(report));
  }
  if (values.json && !values.out) process.stdout.write(json);
  else if (values.markdown && !values.out) process.stdout.write(renderMarkdown(report));
  else if (!values.quiet) process.stdout.write(renderSummary(report));
  if (values.out && !values.quiet)
    process.stderr.write(`report written: ${values.out}${extname(values.out) ? '' : '.json, .md'}\n`);

  const results = evaluateGates(report, gates);
  const missing = results.filter((r) => r.missing);
  if (missing.length) throw new UsageError(`--fail-on ${missing.map((r) => r.message).join('; ')}`);
  for (const r of results) if (r.broken) process.stderr.write(`gate failed: ${r.message}\n`);
  return results.some((r) => r.broken) ? 1 : 0;
}

/** A progress line on stderr for a terminal (at most 5 redraws a second); `done()` clears it. */
export function progressLine(enabled: boolean): {
  draw: (phase: string, bytesRead: number, totalBytes: number, rows?: number) => void;
  done: () => void;
} {
  let lastDraw = 0;
  return {
    draw(phase, bytesRead, totalBytes, rows) {
      if (!enabled) return;
      const now = Date.now();
      if (now - lastDraw < 200) return;
      lastDraw = now;
      const pct = totalBytes ? ((100 * bytesRead) / totalBytes).toFixed(0) : '?';
      const r = rows === undefined ? '' : ` (${rows.toLocaleString('en-US')} rows)`;
      process.stderr.write(`\r${phase} ${pct}%${r}   `);
    },
    done() {
      if (enabled) process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * Writes a report to `--out` atomically: JSON for a .json name or --json, Markdown for .md or --markdown, else both
 * `<out>.json` and `<out>.md`. Why shared: an analysis report and a comparison follow the same --out rule.
 */
export async function writeReportFiles(
  out: string,
  format: Pick<ReportOutput, 'json' | 'markdown'>,
  json: string,
  markdown: () => string,
): Promise<void> {
  const ext = extname(out).toLowerCase();
  if (ext === '.json' || format.json) await writeTextAtomically(out, json, { mkdir: true });
  else if (ext === '.md' || format.markdown) await writeTextAtomically(out, markdown(), { mkdir: true });
  else {
    await writeTextAtomically(`${out}.json`, json, { mkdir: true });
    await writeTextAtomically(`${out}.md`, markdown(), { mkdir: true });
  }
}
