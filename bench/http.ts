/**
 * HTTP throughput: the observatory's server against a bare `node:http` server answering a fixed body,
 * both in child processes on loopback, loaded by the same generator (autocannon) for the same time.
 * The observatory serves an embedded store holding the bundled registry and the real event samples.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface HttpFigure {
  readonly path: string;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

/**
 * The bare server: answers /0, /1 … with the bodies (and content types) of the manifest file given
 * as its argument, read once at start, and any other path with a fixed 11-byte JSON body.
 */
const BARE = `const bodies = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8')).map((b) => [b.type, Buffer.from(b.body, 'base64')]);
const small = Buffer.from('{"ok":true}');
require('node:http').createServer((q, s) => {
  const b = bodies[Number(q.url.slice(1))];
  if (b && /^\\/\\d+$/.test(q.url)) { s.writeHead(200, { 'content-type': b[0], 'content-length': b[1].length }); s.end(b[1]); return; }
  s.writeHead(200, { 'content-type': 'application/json', 'content-length': small.length }); s.end(small);
}).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;

/** Resolves with the URL a started server prints ("… http://host:port …"), on stdout or stderr. */
export function started(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /(http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

/** The median of a list of figures (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function load(url: string, seconds: number, connections: number): Promise<HttpFigure> {
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return { path: new URL(url).pathname + new URL(url).search, requestsPerSecond: r.requests.average, p99Ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export interface RouteFigures {
  readonly route: HttpFigure;
  /** The bare server answering the same body. */
  readonly bare: HttpFigure;
  readonly bytes: number;
}

/** Runs the comparison; `cli` is bin/intermestic.js, `samples` the event files to import first. */
export async function httpThroughput(options: { cli: string; samples: readonly string[]; paths: readonly string[]; seconds: number; connections: number }): Promise<{ small: HttpFigure; routes: RouteFigures[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-http-'));
  const db = join(dir, 'http.db');
  const env = { ...process.env, INTERMESTIC_DB: db };
  const imported = spawnSync(process.execPath, [options.cli, 'events', 'import', ...options.samples], { env, cwd: dir, encoding: 'utf8' });
  if (imported.status !== 0) throw new Error(`importing the samples failed: ${imported.stderr}`);
  const app = spawn(process.execPath, [options.cli, 'serve', '--port', '0'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let bare: ChildProcess | null = null;
  try {
    const appUrl = await started(app);
    // The bodies the observatory answers, for the bare server to answer as they are.
    const manifest: { type: string; body: string }[] = [];
    for (const p of options.paths) {
      const r = await fetch(appUrl + p);
      if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
      manifest.push({ type: r.headers.get('content-type') ?? 'application/octet-stream', body: Buffer.from(await r.arrayBuffer()).toString('base64') });
    }
    const manifestFile = join(dir, 'bodies.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    bare = spawn(process.execPath, ['-e', BARE, manifestFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const bareUrl = await started(bare);
    // Each measurement after a one-second warm-up (JIT, caches), one after the other.
    const measured = async (url: string): Promise<HttpFigure> => {
      await load(url, 1, options.connections);
      return load(url, options.seconds, options.connections);
    };
    const small = await measured(`${bareUrl}/small`);
    const routes: RouteFigures[] = [];
    for (const [i, p] of options.paths.entries()) {
      routes.push({ route: await measured(appUrl + p), bare: await measured(`${bareUrl}/${i}`), bytes: Buffer.from(manifest[i]!.body, 'base64').length });
    }
    return { small, routes };
  } finally {
    bare?.kill();
    app.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
