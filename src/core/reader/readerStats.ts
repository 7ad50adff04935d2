/**
 * Creation and updating of `ReaderStats` (src/core/types.ts), kept apart from the streaming code so the
 * counting rules live in one place:
 * - total = every non-blank line (parsed + all bad lines);
 * - malformed = bad lines of reason malformed, tooDeep or notObject (tooLong and invalidUtf8 have their own counters);
 * - byReason counts every reason; errors keeps the first MAX_KEPT_ERRORS in file order.
 */

import type { LineError, ReaderStats } from '../types.ts';

/** How many line errors are kept with their details. */
export const MAX_KEPT_ERRORS = 100;

/** Fresh, all-zero stats. */
export function createStats(): ReaderStats {
  return {
    total: 0,
    parsed: 0,
    malformed: 0,
    blank: 0,
    tooLong: 0,
    invalidUtf8: 0,
    skippedBytes: 0,
    byReason: { malformed: 0, invalidUtf8: 0, tooLong: 0, tooDeep: 0, notObject: 0 },
    errors: [],
    bom: false,
    bytesRead: 0,
    fileBytes: 0,
    compression: 'none',
    format: 'jsonl',
  };
}

/** Counts one bad line under the rules above. */
export function countBadLine(stats: ReaderStats, error: LineError): void {
  stats.total++;
  stats.byReason[error.reason]++;
  if (error.reason === 'tooLong') stats.tooLong++;
  else if (error.reason === 'invalidUtf8') stats.invalidUtf8++;
  else stats.malformed++;
  if (stats.errors.length < MAX_KEPT_ERRORS) stats.errors.push(error);
}
