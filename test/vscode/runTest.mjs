// API-level integration suite in desktop VS Code via @vscode/test-electron (`npm run test:vscode`).
// Needs either VSCODE_EXECUTABLE (path to a VS Code / Code-OSS binary) or network access to download
// VS Code. Where neither is available it prints one line saying why and exits 0; the code-server e2e
// suite (npm run test:e2e) covers the same flows through the UI offline.
import { execFileSync, spawnSync } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const DOWNLOAD_HOST = 'update.code.visualstudio.com';

/** Resolves to null when the download host resolves within `ms`, else to the reason it did not. */
async function downloadBlocked(ms) {
  const timeout = new Promise((r) =>
    setTimeout(() => r(`no DNS answer for ${DOWNLOAD_HOST} within ${ms / 1000}s`), ms).unref(),
  );
  const lookup = dns.lookup(DOWNLOAD_HOST).then(
    () => null,
    (e) => `${DOWNLOAD_HOST} unreachable (${e.code ?? e.message})`,
  );
  return Promise.race([lookup, timeout]);
}

const executable = process.env.VSCODE_EXECUTABLE;
if (!executable) {
  const why = await downloadBlocked(3000);
  if (why) {
    console.log(
      `test:vscode skipped: VSCODE_EXECUTABLE is not set and VS Code cannot be downloaded: ${why}.`,
    );
    process.exit(0);
  }
} else if (!fs.existsSync(executable)) {
  console.error(`test:vscode: VSCODE_EXECUTABLE=${executable} does not exist`);
  process.exit(1);
}

const { runTests } = await import('@vscode/test-electron');

execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'diversity-lens-vscode-'));
try {
  const { writeFixtures } = await import('../e2e/lib/fixtures.mjs');
  const fixtures = writeFixtures(path.join(tmp, 'workspace'));
  const file = fixtures.chat.file;
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'analyze', file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const expected = path.join(tmp, 'expected.json');
  fs.writeFileSync(
    expected,
    JSON.stringify({ file, malformedLines: fixtures.chat.malformedLines, report: JSON.parse(cli.stdout) }),
  );
  await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : {}),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(HERE, 'suite/index.cjs'),
    extensionTestsEnv: { DIVERSITY_LENS_EXPECTED: expected },
    launchArgs: [
      path.join(tmp, 'workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--user-data-dir',
      path.join(tmp, 'user-data'),
    ],
  });
} catch (err) {
  console.error(`test:vscode failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
