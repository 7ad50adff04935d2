/**
 * The verdict calibration cases: each a dataset (and maybe a reference) with the verdict its
 * construction calls for. Why: one list, used by the unit test (every case must hold in `npm test`)
 * and by `npm run calibrate` (prints the table of docs/metrics.md, adding the ../shared/data cases when
 * that folder is present). Rows are plain `{"text": …}` objects.
 */
import {
  bootstrapResample,
  hamRows,
  selfTrainedChain,
  sotuRows,
  splitHalves,
  templatedRows,
  weakerAnswers,
} from './calibrationCorpora.mjs';

/**
 * @typedef {{ name: string, kind: string, dataset: string[], reference?: string[],
 *   expect: { levels: string[], noTailLoss?: boolean, shiftReported?: boolean } }} CalibrationCase
 * `levels`: the verdicts the case may get; `noTailLoss`: no reason about thin tails or tail loss;
 * `shiftReported`: the vocabulary-shift note must be present.
 */

/** Builds the generated cases (deterministic; about 10 s). */
export function generatedCases() {
  const ham = hamRows();
  const sotu = sotuRows(1950);
  const sotuOld = sotuRows(1790, 1860);
  const [hamA, hamB] = splitHalves(ham, 11);
  const [sotuA, sotuB] = splitHalves(sotu, 12);
  const chain = selfTrainedChain(hamA, 5, 1500, 13);
  const [gen0A, gen0B] = splitHalves(chain[0], 14);
  const sotuModel = selfTrainedChain(sotu, 0, 1500, 15)[0];
  const base = new Set(splitHalves(sotu, 16)[0].slice(0, 1200));
  const resample = bootstrapResample([...base], 10, 0.1, 17);
  const weaker = weakerAnswers(hamA, 0.15, 18);
  /** Two halves of one corpus: nothing to report (`expect` by default: healthy, no tail loss). */
  const sameDistribution = (
    name,
    dataset,
    reference,
    expect = { levels: ['healthy'], noTailLoss: true },
  ) => ({
    name,
    kind: 'same distribution',
    dataset,
    reference,
    expect,
  });
  /** Corpora on other topics or registers: the shift note, never collapse. */
  const topicShift = (name, kind, dataset, reference) => ({
    name,
    kind,
    dataset,
    reference,
    expect: { levels: ['healthy', 'watch'], shiftReported: true },
  });
  return [
    sameDistribution('ham mail, half vs other half', hamA, hamB),
    sameDistribution('State of the Union 1950–, half vs half', sotuA, sotuB),
    sameDistribution('bigram model text, half vs half', gen0A, gen0B, {
      levels: ['healthy', 'watch'],
      noTailLoss: true,
    }),
    topicShift('ham mail vs State of the Union', 'topic shift (human vs human)', hamA, sotu),
    topicShift('State of the Union 1790–1860 vs 1950–', 'topic shift (human vs human)', sotuOld, sotu),
    topicShift('model text on politics vs ham mail', 'topic shift (model vs human)', sotuModel, hamB),
    {
      name: 'weaker answers vs the human answers',
      kind: 'paired weaker answers',
      dataset: weaker,
      reference: hamA,
      expect: { levels: ['watch', 'collapse-prone'] },
    },
    {
      name: 'templated assistant answers',
      kind: 'templated',
      dataset: templatedRows(3000, 19),
      expect: { levels: ['collapse-prone'] },
    },
    {
      name: 'bootstrap resample ×10 of 1.2k rows',
      kind: 'resampled',
      dataset: resample,
      expect: { levels: ['collapse-prone'] },
    },
    {
      name: 'bootstrap resample vs other speeches',
      kind: 'resampled',
      dataset: resample,
      reference: sotuB,
      expect: { levels: ['collapse-prone'] },
    },
    {
      name: 'self-trained generation 5',
      kind: 'self-trained chain',
      dataset: chain[5],
      expect: { levels: ['collapse-prone'] },
    },
    {
      name: 'self-trained generation 5 vs human',
      kind: 'self-trained chain',
      dataset: chain[5],
      reference: hamB,
      expect: { levels: ['collapse-prone'] },
    },
    {
      name: 'self-trained generation 2',
      kind: 'self-trained chain',
      dataset: chain[2],
      expect: { levels: ['watch', 'collapse-prone'] },
    },
  ];
}
