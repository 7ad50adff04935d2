/** The short terminal summary of `analyze`, ending with one verdict line (level + two strongest reasons). */
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import { fmtInt, fmtPct, oneLine, sliceHint } from '../core/report/format.ts';
import { emptyFileText, headlineFigures, isEmptyFile, verdictLabel } from '../core/report/headline.ts';
import { instructionFigures } from '../core/report/instructionLines.ts';

/** Renders the summary as plain text lines (no colours: it goes into CI logs too). */
export function renderSummary(r: AnalysisReport): string {
  const L: string[] = [];
  L.push(`Diversity Lens ${r.tool.version} — ${r.file.path}`);
  L.push(
    `  shape ${r.shape}${r.roleMarkers ? ` (${r.roleMarkers} markers)` : ''}, view ${r.view}, tokenizer ${r.tokens.tokenizer}`,
  );
  const bad = r.rows.malformed + r.rows.tooLong + r.rows.invalidUtf8;
  if (isEmptyFile(r)) L.push(`  ${emptyFileText(r)}`);
  else
    L.push(
      `  rows: ${fmtInt(r.rows.parsed)} parsed of ${fmtInt(r.rows.total)}` +
        (bad ? `, ${fmtInt(bad)} bad (${describeBad(r)})` : '') +
        (r.rows.blank ? `, ${fmtInt(r.rows.blank)} blank` : '') +
        (r.rows.bom ? ', UTF-8 BOM stripped' : ''),
    );
  for (const e of r.rows.errors.slice(0, 5))
    L.push(`    line ${e.line}:${e.column} ${e.reason}: ${oneLine(e.message, 90)}`);
  if (r.rows.errors.length > 5) L.push(`    … ${r.rows.errors.length - 5} more in the report`);
  L.push('');
  // an empty file has no figures to show: the line above and the verdict say so
  const figs = isEmptyFile(r) ? [] : headlineFigures(r);
  const w = Math.max(0, ...figs.map((f) => f.label.length));
  for (const f of figs) L.push(`  ${f.label.padEnd(w)}  ${f.text}`);
  if (r.tails.mode === 'reference' && r.tails.sizeAdjusted) {
    const a = r.tails.sizeAdjusted;
    L.push(
      `  ${'  at equal size'.padEnd(w)}  ${fmtPct(a.typeCoverage)} (${a.subsampled} subsampled to ${fmtInt(a.toTokens)} tokens)`,
    );
  }
  const opening = r.duplicates.templates.openings[0];
  if (opening)
    L.push(
      `  ${'Top opening'.padEnd(w)}  "${oneLine(opening.text, 50)}" in ${fmtPct(opening.share)} of rows`,
    );
  if (r.instructions) {
    // the instruction figures (docs/metrics.md "Instructions"), under the headline
    const figs = instructionFigures(r.instructions);
    const iw = Math.max(w, ...figs.map((f) => f.label.length));
    L.push('');
    for (const f of figs) L.push(`  ${f.label.padEnd(iw)}  ${f.text}`);
  }
  if (r.slices) {
    L.push('');
    for (const g of r.slices.groups) {
      for (const v of g.values) {
        const mark = v.flagged ? '!' : ' ';
        L.push(
          `  ${mark} ${g.field}=${oneLine(v.value, 24).padEnd(24)} ${fmtInt(v.rows).padStart(8)} rows  MATTR ${v.mattr == null ? 'n/a' : v.mattr.toFixed(3)}  near dup ${fmtPct(v.nearDuplicateRate)}`,
        );
        for (const f of v.flags) L.push(`      ${oneLine(f.reason, Infinity)}`);
      }
      const hint = sliceHint(g, r.slices.minRows);
      if (hint) L.push(`    ${hint}`);
    }
  } else if (r.sliceCandidates.length) {
    L.push(
      '',
      `  Slice with --group-by: ${r.sliceCandidates.map((c) => `${c.field} (${c.distinct} values)`).join(', ')} (values counted over the file)`,
    );
  }
  L.push('');
  const top = r.verdict.reasons.slice(0, 2).map((x) => x.text);
  L.push(`Verdict: ${verdictLabel(r)}${top.length ? ` — ${top.join('; ')}` : ''}`);
  for (const n of r.verdict.notes ?? []) L.push(`Note: ${n.text}`);
  return L.join('\n') + '\n';
}

function describeBad(r: AnalysisReport): string {
  const parts = Object.entries(r.rows.byReason)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.join(', ');
}
