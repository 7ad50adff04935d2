// The editor's analysis process (dist/analysisProcess.js, src/worker/analysisProcess.ts) as the system sees it: the
// e2e suite runs code-server on this machine, so /proc shows the process the extension host forked, its environment
// and its end. Linux only (the suite runs there).
import fs from 'node:fs';

/** The running analysis processes of the extension installed under `extensionsDir`: [{ pid, env }]. */
export function analysisProcesses(extensionsDir) {
  const found = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!argv.some((a) => a.startsWith(extensionsDir) && a.endsWith('analysisProcess.js'))) continue;
      const env = new Map(
        fs
          .readFileSync(`/proc/${pid}/environ`, 'utf8')
          .split('\0')
          .filter(Boolean)
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      found.push({ pid: Number(pid), env });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
