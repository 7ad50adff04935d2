/** Number formatting shared by the terminal summary, the Markdown report and the panel. */
export const fmtPct = (x: number | null | undefined, digits = 1): string =>
  x == null || !Number.isFinite(x) ? 'n/a' : `${(100 * x).toFixed(digits)}%`;
export const fmtNum = (x: number | null | undefined, digits = 3): string =>
  x == null || !Number.isFinite(x)
    ? 'n/a'
    : Number.isInteger(x)
      ? x.toLocaleString('en-US')
      : x.toFixed(digits);
/**
 * A share of rows, `rate` of `rows` rows. Why: a share of no rows is undefined, so an empty file's duplicate rates
 * (0 in the JSON report, whose rates are numbers) read "n/a: no rows" rather than a reassuring "0.0%".
 */
export const fmtRowShare = (rate: number | null | undefined, rows: number, digits = 1): string =>
  rows === 0 ? 'n/a: no rows' : fmtPct(rate, digits);
export const fmtInt = (x: number | null | undefined): string =>
  x == null ? 'n/a' : Math.round(x).toLocaleString('en-US');
/** One line of text for tables: newlines and tabs shown as spaces, capped. */
export const oneLine = (s: string | undefined, max = 80): string => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** The one-sentence hint shown when no value of a group-by field is large enough to be compared. */
export const sliceHint = (
  g: { field: string; values: { pooled: boolean }[] },
  minRows: number,
): string | null =>
  g.values.some((v) => !v.pooled)
    ? null
    : `No value of ${g.field} has ${minRows} rows or more, so none is compared; lower the minimum (--min-slice-rows, setting diversityLens.minSliceRows) to compare them.`;
