// Messages a hostile or broken webview might post that name a command, a path or a `command:` URI: unknown types,
// and valid types with such a key slipped in. None of them is one of the webview's messages, so the host must drop
// each without a reply, a file opened, a command run or a write.
// Why a shared module: the unit test of the host's handlers (test/unit/extension/panel/panelMessages.test.ts) and the
// e2e flood through a real webview (test/e2e/e2e.test.mjs) must send the same list; plain JSON values, so the e2e
// can pass them into the page.

/** Unknown types, commands and `command:` URIs. */
export const UNKNOWN_TYPES = [
  { type: 'eval', code: 'process.exit(1)' },
  { type: 'command', command: 'workbench.action.terminal.new' },
  { type: 'executeCommand', command: 'diversityLens.inspect', args: ['/etc/passwd'] },
  { type: 'command:workbench.action.terminal.new' },
  { type: 'openFile', path: '/etc/passwd' },
  { type: 'writeFile', path: '/tmp/x', text: 'x' },
  { type: 'READY' },
  { type: 'ready ' },
];

/** Paths and commands slipped into valid types (extra keys, or in place of a line number). */
export const SLIPPED_INTO_VALID_TYPES = [
  { type: 'ready', command: 'workbench.action.terminal.new' },
  { type: 'rerun', path: '/etc/passwd' },
  { type: 'cancel', uri: 'command:workbench.action.terminal.new' },
  { type: 'revealLine', line: 3, path: '/etc/passwd' },
  { type: 'revealLine', line: '/etc/passwd' },
  { type: 'revealLine', line: 'command:diversityLens.inspect' },
];
