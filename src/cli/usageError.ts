/** An error the CLI reports as one line on stderr with exit code 2 (bad usage or unreadable input). */
export class UsageError extends Error {
  override name = 'UsageError';
}
