#!/usr/bin/env node
// Bundles the command line into dist/cli.mjs with esbuild. Dependencies stay external (Node loads
// them natively); only the project's own TypeScript is compiled. Type checking is `npm run typecheck`.
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
// JSON data files of dependencies are bundled in: Node 20 would need an import attribute to load them.
const bundleJson = {
  name: 'bundle-json',
  setup(b) {
    b.onResolve({ filter: /\.json$/ }, (args) => (args.path.startsWith('.') ? undefined : { path: require.resolve(args.path) }));
  },
};

const started = performance.now();
await build({
  entryPoints: { cli: new URL('../src/cli/main.ts', import.meta.url).pathname },
  outdir: new URL('../dist', import.meta.url).pathname,
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
if (!process.argv.includes('--quiet')) console.error(`built dist/cli.mjs in ${Math.round(performance.now() - started)} ms`);
