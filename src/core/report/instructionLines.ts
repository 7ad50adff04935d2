/**
 * The instruction figures (report key `instructions`, docs/metrics.md "Instructions") as short labelled texts, for
 * the CLI's terminal summary and the Markdown report. Why one module: both show the same headline figures with the
 * same wording, and a figure added here appears in both.
 */
import type { InstructionReport, PairCount } from '../instructions/instructionStats.ts';
import { fmtInt, fmtNum, fmtPct } from './format.ts';

/** One labelled figure. */
export interface InstructionFigure {
  label: string;
  text: string;
}

/** "write → poem", "explain" (a pair without a noun). */
export function pairName(p: { verb: string; noun: string | null }): string {
  return p.noun === null ? p.verb : `${p.verb} → ${p.noun}`;
}

/** The most common pairs as one line: "tell → me 4.0%, explain 2.3%, …" (the first `n`). */
export function topPairsText(pairs: readonly PairCount[], n = 5): string {
  return pairs
    .slice(0, n)
    .map((p) => `${pairName(p)} ${fmtPct(p.share)}`)
    .join(', ');
}

/**
 * The headline instruction figures: sample, pairs and their coverage, entropy, top pairs, nearest-instruction
 * overlap (and against the reference), lemma vs token TTR. Why a list: the summary pads the labels, Markdown makes
 * table rows of them.
 */
export function instructionFigures(ins: InstructionReport): InstructionFigure[] {
  const out: InstructionFigure[] = [];
  const capped = ins.promptRows > ins.sampledRows;
  out.push({
    label: 'Instructions sampled',
    text: `${fmtInt(ins.sampledRows)} of ${fmtInt(ins.promptRows)} prompt rows${capped ? ` (seeded sample, cap ${fmtInt(ins.sampleSize)})` : ''}${ins.noVerbRows ? `; ${fmtInt(ins.noVerbRows)} with no verb` : ''}`,
  });
  out.push({
    label: 'Verb–noun pairs',
    text: `${fmtInt(ins.distinctPairs)} distinct (${fmtInt(ins.distinctVerbs)} verbs); top 10 cover ${fmtPct(ins.top10Share)}, top 20 ${fmtPct(ins.top20Share)}; entropy ${fmtNum(ins.pairEntropy, 2)} bits`,
  });
  if (ins.topPairs.length) out.push({ label: 'Top pairs', text: topPairsText(ins.topPairs) });
  if (ins.overlap)
    out.push({
      label: 'Nearest-instruction ROUGE-L',
      text: `median ${fmtNum(ins.overlap.median, 2)}, ${fmtPct(ins.overlap.shareAbove07)} above 0.7 (${fmtInt(ins.overlap.prompts)} prompts)`,
    });
  if (ins.referenceOverlap)
    out.push({
      label: '  vs the reference',
      text: `median ${fmtNum(ins.referenceOverlap.median, 2)}, ${fmtPct(ins.referenceOverlap.shareAbove07)} above 0.7 (${fmtInt(ins.referenceOverlap.referencePrompts)} reference prompts)`,
    });
  if (ins.missingReferencePairs?.length)
    out.push({
      label: '  reference pairs missing',
      text: ins.missingReferencePairs
        .slice(0, 5)
        .map((p) => `${pairName(p)} (${fmtPct(p.referenceShare)} of the reference)`)
        .join(', '),
    });
  out.push({
    label: 'Prompt TTR lemma / token',
    text: `${fmtNum(ins.lemma.ttr)} / ${fmtNum(ins.token.ttr)} (MATTR ${fmtNum(ins.lemma.mattr)} / ${fmtNum(ins.token.mattr)})`,
  });
  return out;
}
