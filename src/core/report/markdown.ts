/** Renders the report as Markdown (CLI `--markdown`, `out/*.md`, and the panel's Export Report). */
import type { AnalysisReport } from './reportTypes.ts';
import { headlineFigures } from './headline.ts';
import { fmtInt, fmtNum, fmtPct, fmtRowShare, oneLine, sliceHint } from './format.ts';
import { verdictLabel } from './headline.ts';
import { instructionFigures, pairName } from './instructionLines.ts';

/** Escapes text for Markdown (pipes, backticks, angle brackets), on one line, never cut. */
const esc = (s: string) =>
  oneLine(s, Infinity).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
/** A Markdown table cell of dataset text: escaped and cut at 100 characters. */
const cell = (s: string) => esc(oneLine(s, 100));

/** The whole report as a Markdown document. */
export function renderMarkdown(r: AnalysisReport): string {
  const L: string[] = [];
  L.push(`# Diversity Lens report: ${cell(r.file.path)}`, '');
  L.push(`**Verdict: ${verdictLabel(r)}**`, '');
  for (const reason of r.verdict.reasons)
    L.push(`- ${reason.severity === 2 ? '⛔' : '⚠️'} ${esc(reason.text)}`);
  for (const note of r.verdict.notes ?? []) L.push(`- ℹ️ ${esc(note.text)}`);
  if (r.verdict.reasons.length || r.verdict.notes?.length) L.push('');
  L.push(
    `Shape \`${r.shape}\`${r.roleMarkers ? ` (\`${r.roleMarkers}\` markers)` : ''}, view \`${r.view}\`, tokenizer \`${r.tokens.tokenizer}\`. Diversity Lens ${r.tool.version}, ${r.timing.seconds.toFixed(1)} s.`,
    '',
  );
  if (r.sliceCandidates.length)
    L.push(
      `Fields to slice by (use \`--group-by\`; values counted over the file): ${r.sliceCandidates.map((c) => `\`${esc(c.field)}\` (${c.distinct} values)`).join(', ')}.`,
      '',
    );

  L.push('## Headline', '', '| figure | value |', '|---|---|');
  for (const f of headlineFigures(r)) L.push(`| ${cell(f.label)} | ${f.text} |`);
  L.push('');

  L.push(
    '## Rows',
    '',
    '| total | parsed | malformed | blank | too long | invalid UTF-8 | empty text |',
    '|---|---|---|---|---|---|---|',
  );
  L.push(
    `| ${r.rows.total} | ${r.rows.parsed} | ${r.rows.malformed} | ${r.rows.blank} | ${r.rows.tooLong} | ${r.rows.invalidUtf8} | ${r.rows.emptyText} |`,
    '',
  );
  if (r.rows.errors.length) {
    L.push('| line | column | reason | message |', '|---|---|---|---|');
    for (const e of r.rows.errors) L.push(`| ${e.line} | ${e.column} | ${e.reason} | ${cell(e.message)} |`);
    L.push('');
  }

  const x = r.lexical;
  L.push('## Lexical diversity', '', '| metric | value |', '|---|---|');
  L.push(
    `| TTR | ${fmtNum(x.ttr, 4)} |`,
    `| RTTR | ${fmtNum(x.rttr, 2)} |`,
    `| MATTR (w=${x.mattrWindow}) | ${x.mattr == null ? `n/a (${x.mattrNullReason ?? ''})` : fmtNum(x.mattr, 4)} |`,
  );
  L.push(
    `| MTLD | ${fmtNum(x.mtld, 2)} |`,
    `| HD-D | ${x.hdd == null ? `n/a (${x.hddNullReason ?? ''})` : fmtNum(x.hdd, 4)} |`,
  );
  for (const n of [1, 2, 3, 4] as const)
    L.push(
      `| distinct-${n} | ${fmtNum(x.distinct[n], 4)}${x.distinctMethod[n] === 'hll' ? ` (HyperLogLog, ±${fmtPct(x.distinctError[n])})` : ''} |`,
    );
  L.push(`| compression ratio | ${fmtNum(x.compressionRatio, 3)} |`, '');

  const d = r.duplicates;
  L.push('## Duplicates', '');
  L.push(
    `Exact: ${fmtInt(d.exact.rows)} duplicate rows (${fmtRowShare(d.exact.rate, r.rows.parsed)}) in ${fmtInt(d.exact.clusterCount)} clusters.`,
  );
  L.push(
    `Near (Jaccard ≥ ${d.near.threshold}, ${d.near.permutations} permutations, ${d.near.bands}×${d.near.rowsPerBand} bands): ${fmtInt(d.near.pairs)} pairs, ${fmtInt(d.near.clusterCount)} clusters, ${fmtInt(d.near.rowsRemovable)} rows removable (${fmtRowShare(d.near.rateRemovable, r.rows.parsed)}).`,
    '',
  );
  // near clusters of identical token sequences mostly repeat the exact table: list the others, count those
  const identical = d.near.clusters.filter((c) => c.meanSimilarity >= 1).length;
  const nearOnly = d.near.clusters.filter((c) => c.meanSimilarity < 1);
  for (const [title, list] of [
    ['Exact clusters', d.exact.clusters],
    ['Near clusters (not identical)', nearOnly],
  ] as const) {
    if (!list.length) continue;
    L.push(`### ${title}`, '', '| size | similarity | lines | representative |', '|---|---|---|---|');
    for (const c of list.slice(0, 20))
      L.push(
        `| ${c.size} | ${fmtNum(c.meanSimilarity, 3)} | ${c.lines.slice(0, 8).join(', ')}${c.lines.length > 8 ? ', …' : ''} | ${cell(c.representativeText ?? '')} |`,
      );
    L.push('');
  }
  if (identical)
    L.push(
      `${identical} near-duplicate cluster${identical === 1 ? ' has' : 's have'} identical token sequences (similarity 1; mostly the exact clusters above).`,
      '',
    );
  L.push('### Templates', '', '| kind | n-gram | share of rows | examples |', '|---|---|---|---|');
  for (const t of d.templates.openings.slice(0, 10))
    L.push(`| opening | ${cell(t.text)} | ${fmtPct(t.share)} | ${t.exampleLines.join(', ')} |`);
  for (const t of d.templates.phrases.slice(0, 10))
    L.push(
      `| phrase${d.templates.phrasesApproximate ? ' (approx.)' : ''} | ${cell(t.text)} | ${fmtPct(t.share)} | ${t.exampleLines.join(', ')} |`,
    );
  L.push('');
  const sampled = d.templates.phrasesSampled;
  if (sampled && d.templates.phrases.length > 0)
    L.push(
      `Phrase shares are sampled: past line ${fmtInt(sampled.fromLine - 1)} of each file, the phrases of 1 row in ${fmtInt(Math.round(1 / sampled.rate))} were counted (${fmtInt(sampled.counted)} of ${fmtInt(sampled.rows)} rows), each standing for ${fmtInt(Math.round(1 / sampled.rate))}.`,
      '',
    );

  L.push('## Tails', '');
  if (r.tails.mode === 'reference') {
    const t = r.tails;
    L.push(
      `Reference: ${cell(t.referenceFile)} (${fmtInt(t.referenceRows)} rows, ${fmtInt(t.referenceTokens)} tokens).`,
      '',
    );
    L.push(
      `Tail = reference types seen 1…${r.options.tailMax} times: type coverage ${fmtPct(t.typeCoverage)}, mass coverage ${fmtPct(t.massCoverage)}, all-types coverage ${fmtPct(t.allTypesCoverage)}, JS divergence ${fmtNum(t.jsDivergence, 4)}.`,
      '',
    );
    if (t.sizeAdjusted) {
      const a = t.sizeAdjusted;
      L.push(
        `At equal size (the ${a.subsampled} subsampled to ${fmtInt(a.toTokens)} tokens, exact hypergeometric expectation): type coverage ${fmtPct(a.typeCoverage)}, mass coverage ${fmtPct(a.massCoverage)}, all-types coverage ${fmtPct(a.allTypesCoverage)}.`,
        '',
      );
    }
    if (t.baseline) {
      const b = t.baseline;
      L.push(
        `Against the same distribution (${b.splits} seeded split-halves of the reference, ${fmtInt(b.atTokens)} tokens each side): the dataset covers ${fmtPct(b.datasetCoverage)} of a half's tail, the other half ${fmtPct(b.sameDistributionCoverage)} (range ${fmtPct(b.sameDistributionRange[0])}–${fmtPct(b.sameDistributionRange[1])}); ratio ${fmtNum(b.ratio)}× (range ${fmtNum(b.ratioRange[0])}–${fmtNum(b.ratioRange[1])}). Below 0.92× the verdict notes a vocabulary shift; coverage never sets the level.`,
        '',
      );
    }
    if (t.equalSize) {
      const e = t.equalSize;
      L.push(
        `Own tails at equal size (${fmtInt(e.atTokens)} tokens each): types ${fmtNum(e.dataset.types, 0)} vs ${fmtNum(e.reference.types, 0)} (${fmtNum(e.typesRatio)}×), hapax share ${fmtPct(e.dataset.hapaxTypeShare)} vs ${fmtPct(e.reference.hapaxTypeShare)} (${fmtNum(e.hapaxShareRatio)}×), MTLD ${fmtNum(e.mtld.dataset, 1)} vs ${fmtNum(e.mtld.reference, 1)} (${fmtNum(e.mtld.ratio)}×).`,
        '',
      );
    }
    L.push('| reference count | types | type coverage | mass coverage |', '|---|---|---|---|');
    for (const b of t.bands)
      L.push(`| ${b.count} | ${fmtInt(b.types)} | ${fmtPct(b.typeCoverage)} | ${fmtPct(b.massCoverage)} |`);
    L.push('');
    if (t.lostTypes.length)
      L.push(
        `Lost tail types (most frequent in the reference first): ${t.lostTypes
          .slice(0, 30)
          .map((l) => `${cell(l.token)} (${l.referenceCount})`)
          .join(', ')}`,
        '',
      );
  } else {
    const t = r.tails;
    L.push(
      `Vocabulary growth: hapax retention over the last doubling ${fmtNum(t.spectrum.hapaxRetention)} (natural text 0.87–0.93), growth exponent ${fmtNum(t.spectrum.growth)}, Good–Turing unseen mass ${fmtPct(t.spectrum.unseenMass)}.`,
      '',
    );
    L.push(
      `No reference given: hapax types ${fmtPct(t.hapaxTypeShare)}, hapax tokens ${fmtPct(t.hapaxTokenShare)}, tokens in types of frequency ≤ 5 ${fmtPct(t.lowFrequencyTokenShare)}, Zipf exponent ${fmtNum(t.zipf.exponent, 3)}.`,
      '',
    );
  }

  if (r.instructions) {
    const ins = r.instructions;
    L.push('## Instructions', '', '| figure | value |', '|---|---|');
    for (const f of instructionFigures(ins)) L.push(`| ${esc(f.label.trim())} | ${esc(f.text)} |`);
    L.push('');
    if (ins.topPairs.length) {
      L.push(
        '### Most common verb–noun pairs',
        '',
        '| pair | rows | share | example lines |',
        '|---|---|---|---|',
      );
      for (const p of ins.topPairs)
        L.push(`| ${cell(pairName(p))} | ${fmtInt(p.rows)} | ${fmtPct(p.share)} | ${p.lines.join(', ')} |`);
      L.push('');
    }
    if (ins.missingReferencePairs?.length) {
      L.push(
        '### Reference pairs missing from the dataset',
        '',
        '| pair | reference rows | reference share |',
        '|---|---|---|',
      );
      for (const p of ins.missingReferencePairs)
        L.push(`| ${cell(pairName(p))} | ${fmtInt(p.referenceRows)} | ${fmtPct(p.referenceShare)} |`);
      L.push('');
    }
    if (ins.slices?.length) {
      L.push(
        '### Instructions per slice',
        '',
        '| slice | sampled rows | distinct pairs | top-10 share | pair entropy (bits) | top pair |',
        '|---|---|---|---|---|---|',
      );
      for (const s of ins.slices)
        L.push(
          `| ${cell(`${s.field}=${s.value}`)} | ${fmtInt(s.sampledRows)} | ${fmtInt(s.distinctPairs)} | ${fmtPct(s.top10Share)} | ${fmtNum(s.pairEntropy, 2)} | ${s.topPair ? `${cell(pairName(s.topPair))} (${fmtPct(s.topPair.share)})` : 'n/a'} |`,
        );
      L.push('');
    }
  }

  if (r.slices) {
    L.push('## Slices', '');
    for (const g of r.slices.groups) {
      L.push(
        `### by \`${cell(g.field)}\``,
        '',
        '| value | rows | tokens | MATTR | distinct-2 | exact dup | near dup | flags |',
        '|---|---|---|---|---|---|---|---|',
      );
      for (const v of g.values)
        L.push(
          `| ${cell(v.value)} | ${fmtInt(v.rows)} | ${fmtInt(v.tokens)} | ${fmtNum(v.mattr)} | ${fmtNum(v.distinct?.[2])} | ${fmtPct(v.exactDuplicateRate)} | ${fmtPct(v.nearDuplicateRate)} | ${esc(v.flags.map((f) => f.reason).join(' '))} |`,
        );
      L.push('');
      const hint = sliceHint(g, r.slices.minRows);
      if (hint) L.push(hint, '');
    }
  }
  return L.join('\n') + '\n';
}
