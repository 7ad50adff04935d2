// The architecture's import rules (eslint.config.mjs) really fire: src/core never imports vscode or the layers above
// it, and the webview takes only types plus an allow-list of pure helpers from src/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The ids of the rules `code` breaks when it sits at `file` (a path inside the project). */
async function rulesBroken(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

test('src/core may not import vscode, the extension, the worker or the CLI', async () => {
  assert.deepEqual(
    await rulesBroken(
      'src/core/report/probe.ts',
      "import * as vscode from 'vscode';\nexport const a = vscode;\n",
    ),
    ['@typescript-eslint/no-restricted-imports'],
  );
  assert.deepEqual(
    await rulesBroken(
      'src/core/report/probe.ts',
      "import { activate } from '../../extension/extension.ts';\nexport const a = activate;\n",
    ),
    ['@typescript-eslint/no-restricted-imports'],
  );
  assert.deepEqual(
    await rulesBroken(
      'src/core/report/probe.ts',
      "import { x } from '../../worker/analysisWorker.ts';\nexport const a = x;\n",
    ),
    ['@typescript-eslint/no-restricted-imports'],
  );
  assert.deepEqual(
    await rulesBroken(
      'src/core/report/probe.ts',
      "import { fmtInt } from './format.ts';\nexport const a = fmtInt;\n",
    ),
    [],
  );
});

test('the webview imports values only from the allow-list, types from anywhere in src/', async () => {
  const at = 'webview/views/probe.ts';
  assert.deepEqual(
    await rulesBroken(
      at,
      "import { fmtInt } from '../../src/core/report/format.ts';\nexport const a = fmtInt;\n",
    ),
    [],
  );
  assert.deepEqual(
    await rulesBroken(
      at,
      "import { isMixHostMessage } from '../../src/protocol/panelProtocol.ts';\nexport const a = isMixHostMessage;\n",
    ),
    [],
  );
  assert.deepEqual(
    await rulesBroken(
      at,
      "import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';\nexport type A = AnalysisReport;\n",
    ),
    [],
  );
  assert.deepEqual(
    await rulesBroken(
      at,
      "import { analyzeFile } from '../../src/core/pipeline/analyze.ts';\nexport const a = analyzeFile;\n",
    ),
    ['@typescript-eslint/no-restricted-imports'],
  );
  assert.deepEqual(
    await rulesBroken(
      at,
      "import { readJsonl } from '../../src/core/reader/jsonlReader.ts';\nexport const a = readJsonl;\n",
    ),
    ['@typescript-eslint/no-restricted-imports'],
  );
  assert.deepEqual(await rulesBroken(at, "import * as vscode from 'vscode';\nexport const a = vscode;\n"), [
    '@typescript-eslint/no-restricted-imports',
  ]);
});

test('only the chart module (webview/charts/) imports uPlot as a value; views may take its types', async () => {
  const value = "import uPlot from 'uplot';\nexport const a = uPlot;\n";
  assert.deepEqual(await rulesBroken('webview/charts/probe.ts', value), []);
  assert.deepEqual(await rulesBroken('webview/views/mix/probe.ts', value), [
    '@typescript-eslint/no-restricted-imports',
  ]);
  assert.deepEqual(
    await rulesBroken(
      'webview/views/mix/probe.ts',
      "import type uPlot from 'uplot';\nexport type A = uPlot;\n",
    ),
    [],
  );
});
