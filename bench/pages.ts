/**
 * Page loads in a real browser: Debian's Chromium (playwright-core) loads each page of the web app
 * from `intermestic serve` (bundled registry, real event samples imported) in a fresh browser context
 * each time — no cache, as a first visit — and reads the navigation's load event. The anchor is the
 * same browser loading an empty page from a bare node:http server in the same way, so what the ratio
 * shows is the page's own cost. The JavaScript shipped is what the page's script tags load, gzipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../src/print/chromium.ts';
import { median, started } from './http.ts';

export interface PageFigure {
  readonly path: string;
  /** The median of the load event's times, in ms from the navigation's start. */
  readonly loadMs: number;
  readonly runs: readonly number[];
  /** Bytes of JavaScript the page loads, gzipped (each script as the server sends it, gzipped alone). */
  readonly jsGzipBytes: number;
  readonly htmlBytes: number;
}

/** One page, loaded `runs` times, each in a new context; returns the load times. */
async function loads(browser: Browser, url: string, runs: number): Promise<{ times: number[]; scripts: string[]; htmlBytes: number }> {
  const times: number[] = [];
  let scripts: string[] = [];
  let htmlBytes = 0;
  for (let i = 0; i < runs + 1; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const res = await page.goto(url, { waitUntil: 'load' });
    if (res === null || res.status() !== 200) throw new Error(`${url} answered ${res?.status()}`);
    const ms = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return nav.loadEventEnd - nav.startTime;
    });
    // The first load warms the server's caches and the browser's process; it is not counted.
    if (i > 0) times.push(ms);
    scripts = await page.$$eval('script[src]', (els) => els.map((e) => (e as HTMLScriptElement).src));
    htmlBytes = (await res.body()).length;
    await context.close();
  }
  return { times, scripts, htmlBytes };
}

export async function pageLoads(options: { cli: string; samples: readonly string[]; paths: readonly string[]; runs: number }): Promise<{ anchor: PageFigure; pages: PageFigure[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-pages-'));
  const env = { ...process.env, INTERMESTIC_DB: join(dir, 'pages.db') };
  const imported = spawnSync(process.execPath, [options.cli, 'events', 'import', ...options.samples], { env, cwd: dir, encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`importing the samples failed: ${imported.stderr}`);
  const app = spawn(process.execPath, [options.cli, 'serve', '--port', '0'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const bare = spawn(process.execPath, ['-e', `require('node:http').createServer((q, s) => { const b = Buffer.from('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>empty</title></head><body></body></html>'); s.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': b.length }); s.end(b); }).listen(0, '127.0.0.1', function () { console.log('at http://127.0.0.1:' + this.address().port); });`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const appUrl = await started(app);
    const bareUrl = await started(bare);
    const a = await loads(browser, `${bareUrl}/`, options.runs);
    const anchor: PageFigure = { path: '(empty page)', loadMs: median(a.times), runs: a.times, jsGzipBytes: 0, htmlBytes: a.htmlBytes };
    const pages: PageFigure[] = [];
    for (const path of options.paths) {
      const r = await loads(browser, appUrl + path, options.runs);
      let js = 0;
      for (const src of new Set(r.scripts)) js += gzipSync(Buffer.from(await (await fetch(src)).arrayBuffer()), { level: 9 }).length;
      pages.push({ path, loadMs: median(r.times), runs: r.times, jsGzipBytes: js, htmlBytes: r.htmlBytes });
    }
    return { anchor, pages };
  } finally {
    await browser.close();
    app.kill();
    bare.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
