import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/*.db', 'test-output/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly',
        clearTimeout: 'readonly', Buffer: 'readonly', document: 'readonly', window: 'readonly',
        navigator: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly',
        fetch: 'readonly', AbortController: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The domain core has no I/O: it may not import Node built-ins or adapters.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'pg', '@duckdb/*', 'kysely', 'hono', '../store/*', '../ingest/*', '../server/*', '../cli/*', '../analysis/*'], message: 'src/domain is pure: no I/O and no imports from adapters.' },
        ],
      }],
    },
  },
);
