/**
 * The small runtime checks every message contract in src/protocol/ is built from (plain object, exact keys,
 * integers in a range, strings, string arrays, request ids). One copy, so the contracts cannot drift apart
 * in what "an object" or "a line number" means. Free of `vscode`, Node and DOM imports (the webview bundle
 * takes it too).
 */

/** A plain object (not null, not an array): the only shape a message or a payload may have. */
export const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Every key of `x` is in `allowed` (optional keys may be missing; no other key may be present). */
export const hasOnlyKeys = (x: Record<string, unknown>, allowed: readonly string[]): boolean =>
  Object.keys(x).every((k) => allowed.includes(k));

/** `x` has exactly `n` own keys (with a switch on `type`, the exact shape of a message without optional keys). */
export const hasKeyCount = (x: Record<string, unknown>, n: number): boolean => Object.keys(x).length === n;

/** A safe integer in [min, max] (defaults: 0 and Number.MAX_SAFE_INTEGER). */
export const isCount = (x: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): x is number =>
  Number.isSafeInteger(x) && (x as number) >= min && (x as number) <= max;

/** A 1-based line number, at most `max`. */
export const isLine = (x: unknown, max = Number.MAX_SAFE_INTEGER): x is number => isCount(x, 1, max);

/** A number (ranges are the caller's: a size may be unknown, e.g. NaN or Infinity). */
export const isNumber = (x: unknown): x is number => typeof x === 'number';

export const isString = (x: unknown): x is string => typeof x === 'string';

export const isBoolean = (x: unknown): x is boolean => typeof x === 'boolean';

/** An array of strings. */
export const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

/** Largest request id a message may carry (ids come from channel.ts' counter, which never gets near it). */
export const MAX_REQUEST_ID = 2 ** 52;

/** A request id of the one id scheme (channel.ts): an integer in [1, MAX_REQUEST_ID]. */
export const isRequestId = (x: unknown): x is number => isCount(x, 1, MAX_REQUEST_ID);
