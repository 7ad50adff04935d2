// A small Compare view state (two datasets, a collapsing trend) for the Compare view's unit tests (the message guards,
// the view model).
import type { CompareDataset, CompareReport } from '../../../src/core/compare/compareTypes.ts';
import type { CompareViewState } from '../../../src/protocol/comparePanelProtocol.ts';

const dataset = (path: string, types: number): CompareDataset => ({
  path,
  rows: 10,
  tokens: 100,
  types,
  mattr: 0.7,
  mtld: 50,
  distinct2: 0.8,
  exactShare: 0,
  nearShare: 0.1,
  sizeAdjusted: { types: types - 0.5, distinct2: 0.75 },
  tails: { typeCoverage: 1, massCoverage: 1, typeCoverageAtEqualSize: null },
  jsDivergence: 0,
  topTemplateShare: null,
  cached: false,
});

/** A two-dataset report: gen0 (60 types) → gen1 (40 types), collapsing. */
export const report = (): CompareReport => ({
  tool: { name: 'diversity-lens', version: '0.1.0' },
  baseline: 0,
  commonTokens: 100,
  commonBigrams: 90,
  datasets: [dataset('/d/gen0.jsonl', 60), dataset('/d/gen1.jsonl', 40)],
  trend: {
    verdict: 'collapsing',
    reasons: [{ figure: 'sizeAdjusted.types', slopePerStep: -0.3, threshold: 0.05, message: 'types fall' }],
  },
  options: {},
  timing: { seconds: 1 },
});

/** The view's state of {@link report}, done, without a projection. */
export const state = (): CompareViewState => ({
  status: 'done',
  inputs: [
    { path: '/d/gen0.jsonl', label: 'gen0.jsonl', folder: false },
    { path: '/d/gen1.jsonl', label: 'gen1.jsonl', folder: false },
  ],
  baseline: 0,
  report: report(),
  projection: null,
  error: null,
});
