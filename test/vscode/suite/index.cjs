// Runs inside the VS Code extension host (loaded by @vscode/test-electron): API-level checks of the
// extension with node's assert, no mocha. Exports run(); a rejection fails the run.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const vscode = require('vscode');

const EXTENSION_ID = 'diversity-lens.diversity-lens';

/** Each check: [name, async fn]. Failures are collected so one run reports all of them. */
const checks = [
  [
    'extension activates',
    async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
      await ext.activate();
      assert.equal(ext.isActive, true);
    },
  ],
  [
    'commands are registered',
    async () => {
      const all = await vscode.commands.getCommands(true);
      for (const c of ['diversityLens.inspect', 'diversityLens.cancel'])
        assert.ok(all.includes(c), `${c} registered`);
    },
  ],
  [
    'Inspect Dataset returns the same report as the CLI',
    async () => {
      const {
        file,
        malformedLines,
        report: cli,
      } = JSON.parse(fs.readFileSync(process.env.DIVERSITY_LENS_EXPECTED, 'utf8'));
      const report = await vscode.commands.executeCommand('diversityLens.inspect', vscode.Uri.file(file));
      assert.ok(report, 'the command resolved with a report');
      const strip = (r) => ({ ...r, timing: undefined });
      assert.deepEqual(strip(report), strip(cli));
      assert.deepEqual(
        report.rows.errors.map((e) => e.line),
        malformedLines,
      );
    },
  ],
  [
    'a non-file URI is refused (resolves undefined, no panel)',
    async () => {
      const result = await vscode.commands.executeCommand(
        'diversityLens.inspect',
        vscode.Uri.parse('untitled:/scratch.jsonl'),
      );
      assert.equal(result, undefined);
    },
  ],
];

exports.run = async function run() {
  const failures = [];
  for (const [name, fn] of checks) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (err) {
      console.log(`not ok - ${name}\n  ${String(err && err.stack ? err.stack : err).replace(/\n/g, '\n  ')}`);
      failures.push(name);
    }
  }
  if (failures.length)
    throw new Error(`${failures.length} of ${checks.length} checks failed: ${failures.join('; ')}`);
};
