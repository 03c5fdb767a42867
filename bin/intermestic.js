#!/usr/bin/env node
// Entry point. Runs the bundle dist/cli.mjs that `npm ci` (prepare), `npm start` and `npm test` build
// from src/ with esbuild; builds it first if it is missing.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) await import('../scripts/build.mjs');
process.setSourceMapsEnabled?.(true);
const { main } = await import(bundle.href);
await main(process.argv);
