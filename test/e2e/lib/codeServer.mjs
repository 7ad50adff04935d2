// Starts and stops a throwaway code-server (real VS Code server + workbench) with the extension installed.
// Everything lives in one temp dir (user data, extensions, config); the server runs in its own process
// group so teardown kills the extension host and every helper process with it, even after a failure.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** User settings for the throwaway profile: no telemetry, updates, trust prompt, welcome page or chat pane. */
export const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
};

/**
 * What `workspaceTrust: true` changes in the profile (restricted.test.mjs): trust on, the folder opened untrusted in
 * Restricted Mode without the startup prompt (a user who chose "Don't Trust"; trusting later is the test's step).
 */
export const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
};

/** A free TCP port on 127.0.0.1 (asked from the OS, released at once). */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

async function waitHttp(url, ms, child) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child.exitCode !== null)
      throw new Error(`code-server exited with code ${child.exitCode} before ${url} answered`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timeout waiting for ${url}`);
}

/**
 * Installs `vsix` into a fresh profile under `tmp` and starts code-server on a random port serving
 * `workspace`. Returns { url, stop() }; the server's output goes to `logFile`. Workspace trust is off unless
 * `workspaceTrust` is true: then the folder opens untrusted, in Restricted Mode (TRUST_SETTINGS).
 */
export async function startCodeServer({ codeServer, vsix, workspace, tmp, logFile, workspaceTrust = false }) {
  const ud = path.join(tmp, 'user-data');
  const exts = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  const settings = workspaceTrust ? { ...SETTINGS, ...TRUST_SETTINGS } : SETTINGS;
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const common = ['--user-data-dir', ud, '--extensions-dir', exts, '--config', path.join(tmp, 'config.yaml')];
  execFileSync(codeServer, [...common, '--install-extension', vsix], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await freePort();
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    codeServer,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      workspace,
    ],
    { stdio: ['ignore', log, log], detached: true },
  );
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM'); // the whole group: server, extension host, file watcher, pty host
      } catch {
        /* already gone */
      }
    }
    fs.closeSync(log);
  };
  process.once('exit', () => {
    if (child.exitCode === null)
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  });
  try {
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000, child);
  } catch (e) {
    stop();
    throw new Error(`${e.message} (code-server log: ${logFile})`);
  }
  return { url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, stop };
}
