#!/usr/bin/env node
// Bundles the command line into dist/ with esbuild, split at dynamic imports so that each command
// loads only what it uses. Pure-JavaScript dependencies are bundled in too: Node then reads one file
// per chunk instead of resolving hundreds of modules (kysely and zod alone cost 0.3 s that way);
// native and driver packages stay external. Type checking is `npm run typecheck`.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
// JSON data files of dependencies are bundled in: Node 20 would need an import attribute to load them.
const bundleJson = {
  name: 'bundle-json',
  setup(b) {
    b.onResolve({ filter: /\.json$/ }, (args) => (args.path.startsWith('.') ? undefined : { path: require.resolve(args.path) }));
  },
};

/** Gives bundled CommonJS code the `require` an ES module lacks. */
const REQUIRE_BANNER = "import { createRequire as __intermesticRequire } from 'node:module'; const require = __intermesticRequire(import.meta.url);";

/** Loaded by Node at run time: native bindings, the PostgreSQL driver (optional native parts), build and test tools. */
const EXTERNAL = ['@duckdb/node-api', '@duckdb/node-bindings', 'pg', 'pg-copy-streams', 'esbuild', 'playwright-core'];

/** Builds dist/cli.mjs (and its chunks); returns the time taken in ms. */
export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  // Chunk names carry a hash: clear the old ones so dist/ holds only this build (the web assets apart).
  // The checked bundled registry (src/ingest/registry/parsed-cache.ts) goes too: new code reads the files afresh.
  for (const old of ['cli.mjs', 'cli.mjs.map', 'chunks', 'registry']) rmSync(fileURLToPath(new URL(`../dist/${old}`, import.meta.url)), { recursive: true, force: true });
  await build({
    entryPoints: { cli: fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)) },
    outdir: fileURLToPath(new URL('../dist', import.meta.url)),
    outExtension: { '.js': '.mjs' },
    // Split at dynamic imports so each command loads only the dependencies it uses.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require(): give the ES module a real one.
    banner: { js: REQUIRE_BANNER },
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [bundleJson],
  });
  const ms = Math.round(performance.now() - started);
  if (!quiet) console.error(`built dist/cli.mjs in ${ms} ms`);
  return ms;
}

/** Most JavaScript a page may ship, gzip-compressed (issue budget): the build fails above it. */
export const PAGE_JS_BUDGET = 150 * 1024;

/**
 * Builds the web app's static assets into dist/web/assets: each client island (src/web/client/*.ts)
 * and the style sheet, minified, with a content hash in the name (served with a year's cache), and
 * dist/web/manifest.json naming them. Prints each page's JavaScript (the islands it loads, as listed
 * in src/web/client/pages.json), gzip-compressed, and fails when one is over the budget.
 */
export async function buildWeb({ quiet = false } = {}) {
  const started = performance.now();
  const out = fileURLToPath(new URL('../dist/web', import.meta.url));
  rmSync(out, { recursive: true, force: true });
  const client = fileURLToPath(new URL('../src/web/client/', import.meta.url));
  const islands = readdirSync(client).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
  const result = await build({
    entryPoints: { ...Object.fromEntries(islands.map((i) => [i, join(client, `${i}.ts`)])), app: fileURLToPath(new URL('../src/web/style/app.css', import.meta.url)) },
    outdir: join(out, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true, minify: true, format: 'esm', target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    metafile: true, logLevel: 'warning', legalComments: 'none',
  });
  const manifest = { css: '', scripts: {}, bytes: {} };
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (!info.entryPoint) continue;
    const url = `/assets/${file.split('/').pop()}`;
    const gz = gzipSync(readFileSync(file)).length;
    if (file.endsWith('.css')) manifest.css = url;
    else manifest.scripts[info.entryPoint.split('/').pop().replace(/\.ts$/, '')] = url;
    manifest.bytes[url] = { raw: info.bytes, gzip: gz };
  }
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const pages = JSON.parse(readFileSync(join(client, 'pages.json'), 'utf8'));
  const over = [];
  const lines = [];
  for (const [page, scripts] of Object.entries(pages)) {
    const gzip = scripts.reduce((n, s) => n + (manifest.bytes[manifest.scripts[s]]?.gzip ?? NaN), 0);
    if (Number.isNaN(gzip)) throw new Error(`src/web/client/pages.json: page ${page} names an island that does not exist (${scripts.join(', ')})`);
    lines.push(`  ${page.padEnd(12)} ${(gzip / 1024).toFixed(1).padStart(6)} KB gzip of JavaScript (${scripts.join(', ') || 'none'})`);
    if (gzip > PAGE_JS_BUDGET) over.push(page);
  }
  const ms = Math.round(performance.now() - started);
  if (!quiet || over.length > 0) console.error(`built dist/web in ${ms} ms; JavaScript per page (budget ${PAGE_JS_BUDGET / 1024} KB):\n${lines.join('\n')}`);
  if (over.length > 0) throw new Error(`pages over the JavaScript budget: ${over.join(', ')}`);
  return ms;
}

/**
 * Bundles test files for `npm test` (scripts/run-tests.mjs): each entry of `entries` becomes one ES
 * module in `outdir`, split at shared code, with source maps back to the TypeScript. An entry is a
 * test file's path, or `{ name, files }`: several test files run in one process (the groups of
 * run-tests.mjs, since a process start costs about a second of CPU). Run through tsx, each test
 * process spent 1-2 s of CPU resolving and loading a few hundred TypeScript modules through the
 * loader's hooks; a bundle loads in a fraction of that, with the same code. Pure-JavaScript
 * packages are bundled in, as in dist/cli.mjs (Node otherwise resolves each of their files and scans
 * every CommonJS one for its exports, in every test process); native, driver and tool packages stay
 * external, and Node loads them from node_modules. `outdir` must sit two levels below the repository, as dist/chunks
 * does: code that finds files beside itself (src/server/assets.ts) then finds them from the bundle
 * too. `outdir` is emptied first. Returns, in the order of `entries`, each entry's bundle and
 * whether it includes one of `watch` (paths from the repository's root), directly or through the
 * code it shares with other entries (from esbuild's metafile). Each bundle's name begins with its
 * entry's place (`07-store--duckdb.test.mjs`): Node's test runner starts the files it is given in
 * the order of their paths, whatever the order of its arguments, so the place keeps the caller's
 * order.
 */
export async function buildTests(entries, outdir, watch = []) {
  rmSync(outdir, { recursive: true, force: true });
  const root = fileURLToPath(new URL('..', import.meta.url));
  const place = (i) => String(i).padStart(String(entries.length).length, '0');
  const units = entries.map((e, i) => {
    const { name, files } = typeof e === 'string' ? { name: e.replace(/^test\//, '').replace(/\.ts$/, ''), files: [e] } : e;
    return { name: `${place(i)}-${name.replaceAll('/', '--')}`, files };
  });
  // A group's entry is a module importing its files in order (their tests register in that order).
  const groups = new Map(units.filter((u) => u.files.length > 1).map((u) => [u.name, u.files]));
  const testGroups = {
    name: 'test-groups',
    setup(b) {
      b.onResolve({ filter: /^test-group:/ }, (args) => ({ path: args.path.slice('test-group:'.length), namespace: 'test-group' }));
      b.onLoad({ filter: /.*/, namespace: 'test-group' }, (args) => ({
        contents: groups.get(args.path).map((f) => `import ${JSON.stringify(join(root, f))};`).join('\n'),
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
  const result = await build({
    entryPoints: Object.fromEntries(units.map((u) => [u.name, groups.has(u.name) ? `test-group:${u.name}` : join(root, u.files[0])])),
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The tests also load the linter and the TypeScript loader (each with plugins of its own).
    external: [...EXTERNAL, 'eslint', 'typescript', 'tsx'],
    banner: { js: REQUIRE_BANNER },
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
    plugins: [bundleJson, testGroups],
  });
  // The metafile names outputs and inputs relative to the working folder, which need not be the root.
  const outputs = result.metafile.outputs;
  const outputOf = new Map(Object.entries(outputs).map(([out, o]) => [join(process.cwd(), out), o]));
  const watched = new Set(watch.map((w) => join(root, w)));
  const includes = (bundle) => {
    const seen = new Set();
    const todo = [bundle];
    while (todo.length > 0) {
      const out = todo.pop();
      if (seen.has(out)) continue;
      seen.add(out);
      const o = outputOf.get(out);
      if (o === undefined) continue;
      if (Object.keys(o.inputs).some((i) => watched.has(join(process.cwd(), i)))) return true;
      for (const imp of o.imports) if (!imp.external) todo.push(join(process.cwd(), imp.path));
    }
    return false;
  };
  return units.map((u) => {
    const bundle = join(outdir, `${u.name}.mjs`);
    return { bundle, includesWatched: watch.length > 0 && includes(bundle) };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli({ quiet: process.argv.includes('--quiet') });
  await buildWeb({ quiet: process.argv.includes('--quiet') });
}
