/** Number formatting shared by the terminal summary, the Markdown report and the panel. */
export const fmtPct = (x: number | null | undefined, digits = 1): string => (x == null || !Number.isFinite(x) ? 'n/a' : `${(100 * x).toFixed(digits)}%`);
export const fmtNum = (x: number | null | undefined, digits = 3): string => (x == null || !Number.isFinite(x) ? 'n/a' : Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits));
export const fmtInt = (x: number | null | undefined): string => (x == null ? 'n/a' : Math.round(x).toLocaleString('en-US'));
/** One line of text for tables: newlines and tabs shown as spaces, capped. */
export const oneLine = (s: string | undefined, max = 80): string => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};
