/**
 * Quick per-slice figures for the generated sample, printed by scripts/generate-sample.mjs.
 * Why: the analyzer is not what checks its own demo data; these few independent, simple numbers show that
 * the slices of samples/sample.jsonl really differ (and are quoted in samples/README.md).
 */

/** Lowercased ASCII `\w+` runs of `text` (the simple word tokenizer of the quick check). */
export function wordTokens(text) {
  return text.toLowerCase().match(/\w+/g) ?? [];
}

/**
 * Type/token ratio at a fixed budget: the number of distinct tokens among the first `budget` tokens of
 * `tokens`, divided by `budget`. Null when fewer than `budget` tokens exist (a TTR over a different
 * length would not be comparable, since TTR falls as text grows).
 * @param {string[]} tokens
 * @param {number} budget
 */
export function ttrAtBudget(tokens, budget) {
  if (tokens.length < budget || budget <= 0) return null;
  return new Set(tokens.slice(0, budget)).size / budget;
}

/**
 * Exact-duplicate share: (rows − distinct row texts) / rows, i.e. the fraction of rows whose text equals
 * the text of an earlier row. 0 for no rows.
 * @param {string[]} texts
 */
export function exactDuplicateShare(texts) {
  if (texts.length === 0) return 0;
  return (texts.length - new Set(texts).size) / texts.length;
}

/**
 * Figures of one slice, computed on the assistant answers (the text a fine-tune learns from), in file order.
 * @param {string[]} answers
 * @param {number} budget token budget for the type/token ratio
 * @returns {{ rows: number, tokens: number, types: number, ttr: number | null, duplicateShare: number }}
 */
export function sliceFigures(answers, budget) {
  const tokens = answers.flatMap(wordTokens);
  return {
    rows: answers.length,
    tokens: tokens.length,
    types: new Set(tokens).size,
    ttr: ttrAtBudget(tokens, budget),
    duplicateShare: exactDuplicateShare(answers),
  };
}

/**
 * Renders the figures of every slice as a Markdown table (rows keyed by slice name, in the given order).
 * @param {Array<[string, ReturnType<typeof sliceFigures>]>} slices
 * @param {number} budget
 */
export function figuresTable(slices, budget) {
  const lines = [
    `| slice | rows | tokens | types | TTR @ ${budget} tokens | exact-duplicate share |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, f] of slices) {
    const ttr = f.ttr === null ? 'n/a' : f.ttr.toFixed(3);
    lines.push(
      `| ${name} | ${f.rows} | ${f.tokens} | ${f.types} | ${ttr} | ${(f.duplicateShare * 100).toFixed(1)}% |`,
    );
  }
  return lines.join('\n');
}
