import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The layers of src/ and what each may import (README, Architecture). Dependencies point one way:
 *
 *   domain ← analysis ← app ← { cli, server ← print ← web }   store and ingest implement app's ports
 *
 * compose.ts is the composition root (the only module that joins the store and ingest to the use
 * cases); the CLI and the server reach it lazily. A layer that imports one it must not fails the lint.
 */
const LAYERS = ['domain', 'analysis', 'app', 'store', 'ingest', 'server', 'print', 'web', 'cli'];
/** Third-party packages that are adapters' business (I/O, engines, formats, frameworks). */
const ADAPTER_PACKAGES = [
  'pg', 'pg-copy-streams', '@duckdb/*', 'kysely', 'hono', 'hono/*', '@hono/*', 'yaml', 'csv-parse', 'csv-parse/*', 'csv-stringify',
  'csv-stringify/*', 'commander', 'cli-progress', 'yauzl', 'i18n-iso-countries', 'i18n-iso-countries/*', 'esbuild', 'playwright-core',
];
const NODE = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'stream', 'net', 'http', 'https', 'zlib', 'url', 'util', 'events', 'readline', 'worker_threads'];
/** Names matched exactly, not as patterns (a pattern `events` would also match the folder domain/events/). */
const EXACT = new Set(NODE.filter((p) => !p.includes('*')));

/** A package pattern of no-restricted-imports (`pg`, `@duckdb/*`, `node:*`) as a regular expression's source. */
const packageRegex = (p) => {
  const name = p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('/', '[/]');
  // `pg` is also `pg/lib/…`, `fs` also `fs/promises`; `@duckdb/*` anything under the scope.
  return p.endsWith('*') ? `^${name.replace(/\*$/, '.*')}$` : `^${name}([/].*)?$`;
};

/**
 * A no-restricted-imports rule forbidding the named layers (as relative imports) and packages, and
 * the same as a no-restricted-syntax rule on dynamic `import()` (which no-restricted-imports does not
 * see, and which the lazy loading of engines and formats uses).
 */
function layerRule(folder, forbiddenLayers, packages, message, { allowTypes = [] } = {}) {
  const patterns = [
    ...forbiddenLayers.map((l) => ({ group: [`**/${l}/*`, `**/${l}/**`], message: `${message} (it imports src/${l}/)` })),
    ...(forbiddenLayers.includes('compose') ? [{ group: ['**/compose.ts'], message: `${message} (it imports the composition root)` }] : []),
    ...packages.filter((p) => !allowTypes.includes(p) && !EXACT.has(p)).map((p) => ({ group: [p], message })),
    ...allowTypes.map((p) => ({ group: [p], message: `${message} (types only)`, allowTypeImports: true })),
  ];
  // A bare Node name is matched exactly, and its sub-paths (`fs/promises`) by a pattern with a slash,
  // which a folder such as domain/events/ does not match.
  const paths = packages.filter((p) => EXACT.has(p)).map((name) => ({ name, message }));
  patterns.push(...packages.filter((p) => EXACT.has(p)).map((p) => ({ group: [`${p}/*`], message })));
  // Dynamic imports load code, so a package allowed for types only is forbidden here too.
  const dynamic = [
    ...forbiddenLayers.filter((l) => l !== 'compose').map((l) => ({ regex: `(^|[/])${l}[/]`, what: `src/${l}/` })),
    ...(forbiddenLayers.includes('compose') ? [{ regex: '(^|[/])compose\\.ts$', what: 'the composition root' }] : []),
    ...packages.map((p) => ({ regex: packageRegex(p), what: p })),
  ].map(({ regex, what }) => ({ selector: `ImportExpression[source.value=/${regex}/]`, message: `${message} (it imports ${what})` }));
  return {
    files: [`src/${folder}/**/*.ts`, `src/${folder}/**/*.tsx`],
    rules: { 'no-restricted-imports': ['error', { paths, patterns }], 'no-restricted-syntax': ['error', ...dynamic] },
  };
}

const others = (...allowed) => [...LAYERS.filter((l) => !allowed.includes(l)), 'compose'];

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
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  layerRule('domain', others('domain'), [...ADAPTER_PACKAGES, ...NODE], 'src/domain is the pure core: no I/O, no adapters, no other layer'),
  layerRule('analysis', others('domain', 'analysis'), [...ADAPTER_PACKAGES, ...NODE], 'src/analysis is pure: it builds on the domain only'),
  layerRule('app', others('domain', 'analysis', 'app'), [...ADAPTER_PACKAGES, ...NODE], 'src/app (use cases and ports) depends on the domain and its own ports only', { allowTypes: ['@duckdb/*', 'node:*'] }),
  layerRule('store', others('domain', 'analysis', 'app', 'store'), [], 'src/store implements the ports of src/app; it knows no file format and no edge'),
  layerRule('ingest', others('domain', 'app', 'ingest'), [], 'src/ingest implements the ports of src/app; it knows no store and no edge'),
  layerRule('web', others('domain', 'app', 'web'), ['pg', 'pg-copy-streams', '@duckdb/*', 'kysely'], 'src/web renders pages from use-case results'),
  layerRule('print', others('domain', 'app', 'web', 'print'), ['pg', 'pg-copy-streams', '@duckdb/*', 'kysely'], 'src/print renders and prints briefs from use-case results'),
  layerRule('server', others('domain', 'analysis', 'app', 'web', 'print', 'server'), ['pg', 'pg-copy-streams', '@duckdb/*', 'kysely'], 'src/server calls use cases; it never reaches the store or the file formats'),
  layerRule('cli', ['store', 'ingest', 'web'], ['pg', 'pg-copy-streams', '@duckdb/*', 'kysely'], 'src/cli parses, calls use cases and prints; the store and the formats come through compose.ts'),
);
