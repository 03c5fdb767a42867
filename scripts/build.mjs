#!/usr/bin/env node
// Bundles the command line into dist/ with esbuild. Dependencies stay external (Node loads them
// natively); only the project's own TypeScript is compiled. Type checking is `npm run typecheck`.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
// JSON data files of dependencies are bundled in: Node 20 would need an import attribute to load them.
const bundleJson = {
  name: 'bundle-json',
  setup(b) {
    b.onResolve({ filter: /\.json$/ }, (args) => (args.path.startsWith('.') ? undefined : { path: require.resolve(args.path) }));
  },
};

/** Builds dist/cli.mjs (and its chunks); returns the time taken in ms. */
export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
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
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [bundleJson],
  });
  const ms = Math.round(performance.now() - started);
  if (!quiet) console.error(`built dist/cli.mjs in ${ms} ms`);
  return ms;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli({ quiet: process.argv.includes('--quiet') });
