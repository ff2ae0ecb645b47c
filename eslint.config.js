// Layer rules from the architecture handbook, enforced so that a wrong import fails CI.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'worker_threads', 'net', 'http', 'url', 'stream', 'util', 'events', 'zlib'];
const nodePackages = ['better-sqlite3', 'ws', 'date-holidays/*'];

function restrict(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict(
      [...nodeBuiltins, ...nodePackages, 'electron', 'react', 'react-dom', '**/electron/**', '**/renderer/**', '**/tests/**'],
      'shared/ runs anywhere: no node, DOM, electron or UI imports.',
    ),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/browser-host/**/*.ts'],
    rules: restrict(['electron', '**/renderer/**', '**/electron/main/**', '**/electron/preload/**', '**/tests/**'], 'Only electron/main and electron/preload may import electron; production code never imports tests/ (e.g. the Suomi.fi test server).'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict(
      [...nodeBuiltins, ...nodePackages, 'electron', '**/electron/**', '**/tests/**'],
      'renderer/ talks only to the typed contract client: no node, no electron, no electron/ imports.',
    ),
  },
);
