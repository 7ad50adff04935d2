// Lint rules for the whole TypeScript tree (typescript-eslint's recommended set); run by `npm test`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/e2e/**', 'test/vscode/**', '.tmp/**', '*.vsix'] },
  ...tseslint.configs.recommended,
);
