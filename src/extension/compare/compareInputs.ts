/**
 * How Compare Datasets… turns what the user picked into the order compared, without `vscode` (unit-tested):
 * the explorer's multi-selection and the open dialog both hand over a set whose order is not the user's intent
 * (VS Code passes the explorer selection in the order the items were clicked, a dialog in the platform's order),
 * so the datasets are SORTED BY PATH, naturally (gen2 before gen10, case-insensitive): a chain named gen0 … genN
 * lands in generation order, and the view lets the user reorder and pick the baseline. Also the short labels shown.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Why: the documented order of a comparison — unique paths, sorted naturally by full path. */
export function compareOrder(paths: readonly string[]): string[] {
  return [...new Set(paths)].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Why: the view names datasets briefly — the file or folder name, with parent folders added (as few as make them
 * distinct) when two names clash (run1/gen0.jsonl, run2/gen0.jsonl).
 */
export function compareLabels(paths: readonly string[]): string[] {
  const parts = paths.map((p) => p.split(/[\\/]+/).filter(Boolean));
  const labels = parts.map((p, i) => p[p.length - 1] ?? paths[i]);
  for (let depth = 2; ; depth++) {
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const clashing = labels.map((l) => (counts.get(l) ?? 0) > 1);
    if (!clashing.some(Boolean)) return labels;
    let grew = false;
    parts.forEach((p, i) => {
      if (clashing[i] && depth <= p.length) {
        labels[i] = p.slice(-depth).join('/');
        grew = true;
      }
    });
    if (!grew) return labels.map((l, i) => (clashing[i] ? paths[i] : l));
  }
}
