// A lost-tail-types query with the defaults the tests start from (every type, most frequent first, first page).
import type { LostQuery } from '../../../src/core/tails/lostTypes.ts';

/** The default query, with `over` applied. */
export const lostQuery = (over: Partial<LostQuery> = {}): LostQuery => ({
  query: '',
  hideNumbers: false,
  order: 'count',
  page: 0,
  pageSize: 50,
  ...over,
});
