/**
 * The one lifecycle every accumulator of a pass shares: rows go in through `addRow` in file order, `finish` is
 * called once and returns the report (releasing what it can), and `dispose` releases everything on any path —
 * after finish, after an error, after a cancel.
 * Why one interface: the owner of many accumulators (PassState, a slice's SliceState) disposes them all in one
 * loop in its `finally`, so an accumulator added later cannot be forgotten there and leave a spool directory or a
 * spill file behind when something fails between the pass and the last finish.
 *
 * The row is a tuple of arguments, not one object: addRow runs once per row in the hot path, and each accumulator
 * takes exactly the pieces of the row it needs (ids, content keys, text, line) without a per-row allocation.
 */

/**
 * `Row`: addRow's arguments; `Report`: what finish returns (or resolves to); `Needs`: what finish needs from the
 * rest of the pass (the vocabulary, the other accumulators' results), none by default.
 */
export interface Accumulator<Row extends unknown[], Report, Needs extends unknown[] = []> {
  /** Adds the next row (file order); what it returns, if anything, is the accumulator's own business. */
  addRow(...row: Row): void;
  /** Computes the report once; no addRow afterwards. */
  finish(...needs: Needs): Report | Promise<Report>;
  /** Releases memory and deletes temporary files. Idempotent, safe after finish or mid-pass; should not throw. */
  dispose(): void;
}

/** Any accumulator, seen only by whoever disposes it (addRow and finish cannot be called through this type). */
export type AnyAccumulator = Accumulator<never[], unknown, never[]>;

/**
 * Disposes every accumulator given (nulls skipped); if one throws, the rest are still disposed and the first error is
 * rethrown. Why a function: every owner disposes its accumulators the same way.
 */
export function disposeAll(accumulators: readonly (AnyAccumulator | null)[]): void {
  let failure: { err: unknown } | null = null;
  for (const a of accumulators) {
    try {
      a?.dispose();
    } catch (err) {
      failure ??= { err };
    }
  }
  if (failure) throw failure.err;
}
