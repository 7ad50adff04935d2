/**
 * Shared helper of the merge tests (core and CLI): what a merged report and one `analyze` of the same data must agree
 * on. Why shared: every merge test compares the two the same way, so "equal" means one thing. (Not a test file itself.)
 */

/**
 * Why: the report without what differs by construction between a merge and one analyze — `timing` and the list of
 * `partials` — as plain JSON (undefined dropped), for assert.deepEqual.
 */
export function comparableReport(r: object) {
  const { timing: _t, partials: _p, ...rest } = r as Record<string, unknown>;
  void _t;
  void _p;
  return JSON.parse(JSON.stringify(rest));
}
