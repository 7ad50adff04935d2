// Assertions that say what was expected and what the panel showed, and leave a screenshot behind.
import { AssertionError } from 'node:assert';
import path from 'node:path';

/**
 * Polls `read()` until it deep-equals `expected` (JSON comparison) or `timeout` ms pass, then fails with
 * "<what>: expected <expected>, saw <last value>".
 */
export async function eventually(read, expected, what, { timeout = 20_000 } = {}) {
  const want = JSON.stringify(expected);
  const end = Date.now() + timeout;
  let seen;
  let error;
  for (;;) {
    try {
      seen = await read();
      error = undefined;
      if (JSON.stringify(seen) === want) return seen;
    } catch (e) {
      error = e;
    }
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new AssertionError({
    message: `${what}:\n    expected ${want}\n    saw      ${error ? `(error: ${error.message.split('\n')[0]})` : JSON.stringify(seen)}`,
    expected,
    actual: seen,
    operator: 'eventually',
  });
}

/** Immediate equality check with the same message format as {@link eventually}. */
export function same(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new AssertionError({
      message: `${what}:\n    expected ${JSON.stringify(expected)}\n    saw      ${JSON.stringify(actual)}`,
      expected,
      actual,
      operator: 'same',
    });
  }
}

/**
 * Wraps a test body: on failure, saves a screenshot of the whole workbench to `dir/failure-<name>.png`
 * and appends its path to the error message.
 */
export function withScreenshot(getPage, dir, name, body) {
  return async (t) => {
    try {
      await body(t);
    } catch (err) {
      const file = path.join(dir, `failure-${name}.png`);
      let note = `screenshot: ${file}`;
      try {
        await getPage().screenshot({ path: file });
      } catch (e) {
        note = `(no screenshot: ${e.message.split('\n')[0]})`;
      }
      if (err instanceof Error) {
        err.message = `${err.message}\n    ${note}`;
        throw err;
      }
      throw new Error(`${String(err)}\n    ${note}`);
    }
  };
}
