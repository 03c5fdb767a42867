#!/usr/bin/env node
// Bundles the command line into dist/ with esbuild, split at dynamic imports so that each command
// loads only what it uses. Pure-JavaScript dependencies are bundled in too: Node then reads one file
// per chunk instead of resolving hundreds of modules (kysely and zod alone cost 0.3 s that way);
// native and driver packages stay external. Type checking is `npm run typecheck`.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
// JSON data files of dependencies are bundled in: Node 20 would need an import attribute to load them.
const bundleJson = {
  name: 'bundle-json',
  setup(b) {
    b.onResolve({ filter: /\.json$/ }, (args) => (args.path.startsWith('.') ? undefined : { path: require.resolve(args.path) }));
  },
};

/** Loaded by Node at run time: native bindings, the PostgreSQL driver (optional native parts), build and test tools. */
const EXTERNAL = ['@duckdb/node-api', '@duckdb/node-bindings', 'pg', 'pg-copy-streams', 'esbuild', 'playwright-core'];

/** Builds dist/cli.mjs (and its chunks); returns the time taken in ms. */
export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  // Chunk names carry a hash: clear the old ones so dist/ holds only this build.
  rmSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true, force: true });
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
    banner: { js: "import { createRequire as __intermesticRequire } from 'node:module'; const require = __intermesticRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [bundleJson],
  });
  const ms = Math.round(performance.now() - started);
  if (!quiet) console.error(`built dist/cli.mjs in ${ms} ms`);
  return ms;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli({ quiet: process.argv.includes('--quiet') });
