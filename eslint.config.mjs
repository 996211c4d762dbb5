// typescript-eslint loads the TypeScript API, so the toolchain pins typescript 5.x (7.x is the native compiler without that API).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'vscode-server/**',
      'schemas/**',
      'examples/**',
      '.svcm-run/**',
      'scratch/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is shared by the CLI and the editor: it must never import vscode.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/core is editor-free: put VS Code code under src/editor.' }] },
      ],
    },
  },
  {
    // The CLI prints; tests and scripts may log.
    files: ['src/cli.ts', 'src/cli/**/*.ts', 'test/**/*.ts', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
);
