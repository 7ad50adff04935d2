// Types of hostileWebviewMessages.mjs for the TypeScript unit tests (the e2e suite, plain JavaScript, imports the
// module itself).

/** Unknown types, commands and `command:` URIs. */
export declare const UNKNOWN_TYPES: Record<string, unknown>[];

/** Paths and commands slipped into valid types (extra keys, or in place of a line number). */
export declare const SLIPPED_INTO_VALID_TYPES: Record<string, unknown>[];
