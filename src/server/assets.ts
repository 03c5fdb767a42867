/**
 * The web app's built assets (scripts/build.mjs → dist/web): the manifest naming them, and a route
 * serving them with a year's cache (their names carry a content hash, so a new build is a new URL).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Assets } from '../web/context.ts';

/** dist/web beside the bundle (dist/cli.mjs), or from the sources (src/server → dist/web). */
function webDir(): string {
  for (const candidate of ['./web/', '../../dist/web/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(join(dir, 'manifest.json'))) return dir;
  }
  throw new Error('the web assets are not built: run `npm run build` (npm ci and npm test build them too)');
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

/** Reads the manifest and registers GET /assets/:file; returns the URLs the pages link. */
export function registerAssets(app: OpenAPIHono): Assets {
  const dir = webDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { css: string; scripts: Record<string, string> };
  const files = new Map<string, { body: Uint8Array; type: string }>();
  for (const url of [manifest.css, ...Object.values(manifest.scripts)]) {
    const name = basename(url);
    files.set(name, { body: new Uint8Array(readFileSync(join(dir, 'assets', name))), type: TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream' });
  }
  app.get('/assets/:file', (c) => {
    const f = files.get(c.req.param('file'));
    if (f === undefined) return c.json({ error: `no such asset: ${c.req.param('file').slice(0, 80)}` }, 404);
    return c.body(f.body as unknown as ArrayBuffer, 200, { 'content-type': f.type, 'cache-control': 'public, max-age=31536000, immutable' });
  });
  return { css: manifest.css, scripts: manifest.scripts };
}
