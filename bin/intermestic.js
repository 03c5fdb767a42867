#!/usr/bin/env node
// Entry point. Runs the bundle dist/cli.mjs that esbuild builds from src/ (on `npm ci`, `npm start`
// and `npm test`); rebuilds it first when it is missing or older than a source file.
import { existsSync, readdirSync, statSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
const src = new URL('../src/', import.meta.url);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(bundle) || (existsSync(src) && newestSource(src) > statSync(bundle).mtimeMs)) {
  const { buildCli } = await import('../scripts/build.mjs');
  await buildCli({ quiet: true });
}
process.setSourceMapsEnabled?.(true);
const { main } = await import(bundle.href);
await main(process.argv);
