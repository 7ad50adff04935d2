// Lint rules for the whole tree (typescript-eslint's recommended set), run by `npm test`, plus the import rules that
// keep the architecture visible: src/core never imports vscode or the layers above it, and the webview bundle takes
// only types and an allow-list of pure helpers from the core.
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Core modules the webview may import values from (pure formatting and view-model helpers); anything else: types only. */
const WEBVIEW_VALUE_IMPORTS = [
  'core/report/format',
  'core/report/headline',
  'core/report/viewModels',
  'core/report/instructionsView',
  'core/lineMarks/homogeneousLineMarks',
  'core/mix/projectMix',
  'core/mix/generations',
  'core/mix/bigramGenerations',
  'core/mix/mixFigures',
  'core/pipeline/optionsTable',
  'protocol/[A-Za-z]+',
];
/** Any import of src/ except the allow-list. */
const WEBVIEW_RESTRICTED = `/src/(?!(${WEBVIEW_VALUE_IMPORTS.join('|')})\\.ts$)`;

/** The webview's import rule; `chartsOnly`: uPlot, too, only as types (charts are drawn through webview/charts/). */
function webviewImportRule(chartsOnly) {
  return {
    paths: [{ name: 'vscode', message: 'the webview runs in a browser: no vscode import.' }],
    patterns: [
      {
        regex: WEBVIEW_RESTRICTED,
        allowTypeImports: true,
        message: 'the webview bundle takes only types from src/ and the allow-list in eslint.config.mjs.',
      },
      ...(chartsOnly
        ? [
            {
              regex: '^uplot$',
              allowTypeImports: true,
              message: 'draw charts through webview/charts/chart.ts (the one chart module).',
            },
          ]
        : []),
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'test/e2e/node_modules/**',
      'test/e2e/artifacts/**',
      'test/vscode/**',
      '.tmp/**',
      '*.vsix',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'src/core is pure TypeScript: no vscode import (put the glue in src/extension).',
            },
          ],
          patterns: [
            {
              group: ['**/extension/**', '**/worker/**', '**/cli/**', '**/webview/**'],
              message: 'src/core depends on nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/protocol/**/*.ts', 'src/worker/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'only src/extension talks to the vscode API.' }] },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    ignores: ['webview/charts/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', webviewImportRule(true)] },
  },
  {
    // the one chart module: the only webview code that imports uPlot as a value
    files: ['webview/charts/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', webviewImportRule(false)] },
  },
  {
    files: ['test/e2e/**/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs', '*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // the unit tests' worker bootstraps (test/unit/workers/*.cjs): CommonJS, since a worker thread needs a script file
    // that registers tsx with require() before it loads a .ts worker
    files: ['test/unit/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // page.evaluate callbacks in the end-to-end tests run in the browser
    files: ['test/e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
