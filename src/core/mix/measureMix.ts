/**
 * Measures a written mix with the real analysis (analyzeFile), reading it with the model's shared text
 * view and the same reference, tokenizer and thresholds — the "measured" column next to the projection.
 */
import { analyzeFile, type AnalyzeHooks } from '../analyze.ts';
import type { AnalysisReport } from '../report/reportTypes.ts';
import { figuresOfReport, type MixFigures } from './mixFigures.ts';
import type { MixModel } from './mixTypes.ts';

/** Analyses `outPath` as the model would see it and returns the report and the compared figures. */
export async function measureWrittenMix(model: MixModel, outPath: string, hooks: AnalyzeHooks = {}): Promise<{ report: AnalysisReport; figures: MixFigures }> {
  const o = model.options;
  const view = 'view' in o.effective ? { view: 'full' as const, fields: undefined } : { view: 'default' as const, fields: o.effective.fields };
  const report = await analyzeFile(
    outPath,
    {
      fields: view.fields,
      view: view.view,
      tokenizer: o.tokenizer,
      maxLineBytes: o.maxLineBytes,
      nearThreshold: o.nearThreshold,
      mattrWindow: o.mattrWindow,
      tailMax: o.tailMax,
      reference: { path: model.reference.path, fields: view.fields },
    },
    hooks,
  );
  return { report, figures: figuresOfReport(report) };
}
