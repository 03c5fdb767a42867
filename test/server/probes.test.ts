/**
 * The HTTP surface as a hostile client sees it (issue 12): every route with wrong types, huge values,
 * injection strings and traversal; bad methods and Hosts; long URLs — a 4xx with a message, never a
 * 5xx, never a local path or a stack; the security headers on every answer; and the response cache
 * (ETag, 304, and fresh answers once the registry or the events change).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../src/server/app.ts';
import { hostAllowed, hostName } from '../../src/server/security.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { ensureRegistry } from '../../src/app/registry.ts';
import { servicesOver } from '../../src/compose.ts';
import type { Services } from '../../src/app/services.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { tempDir } from '../support/cli.ts';
import { SAMPLES } from '../support/paths.ts';
import { startServerProcess, type ServerProcess } from '../support/browser.ts';

/** Each route with the parameters it takes (the OpenAPI document is checked against this in api.test.ts). */
const ROUTES: Record<string, string[]> = {
  '/api/parties': [],
  '/api/mechanisms': [],
  '/api/mechanisms/nals': ['at'],
  '/api/health': ['at'],
  '/api/issues': [],
  '/api/sources': [],
  '/api/developments': ['from', 'to', 'party', 'kind', 'mechanism', 'issue'],
  '/api/calendar': ['parties', 'from', 'to'],
  '/api/events/series': ['dyad', 'group', 'directed', 'by', 'from', 'to', 'sectors', 'sectorsOn', 'roots', 'quad', 'datasets'],
  '/api/events/top-dyads': ['year', 'from', 'to', 'limit', 'countries'],
  '/api/events/stats': [],
  '/': ['at', 'pair', 'lang'],
  '/timeline': ['at', 'pair', 'from', 'to', 'lang'],
  '/mechanisms/nals': ['at', 'lang'],
  '/events': ['dyad', 'group', 'by', 'from', 'to', 'quad', 'period', 'lang'],
  '/events.csv': ['dyad', 'by', 'from'],
  '/agenda': ['at', 'pair'],
  '/calendar': ['at', 'pair'],
  '/commitments': ['lang'],
  '/sources': ['kind', 'lang'],
};

/** Values a hostile or careless client sends. */
const HOSTILE = [
  '', ' ', 'x'.repeat(10_000), "' OR 1=1 --", '"; DROP TABLE events; --', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
  '../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%00', '\u0000', '\uFEFF', '１２３', '9'.repeat(400), '-1', '1e308', 'NaN', 'Infinity',
  'null', 'true', '[]', '{}', '${7*7}', '{{7*7}}', 'USA,'.repeat(1200), 'USA-MEX-CAN', '2019-02-30', '99999-01-01', 'é'.repeat(3000),
];

/** What no answer may show: a local path, a stack frame, a module or engine name. */
const DISCLOSURE = /(\/work\/|\/tmp\/|node_modules|\bat (async )?[\w.<>]+ \(|DuckDB|duckdb|postgres|TypeError|ReferenceError)/;

const SECURITY_HEADERS: [string, RegExp][] = [
  ['content-security-policy', /^default-src 'none'; script-src 'self'; style-src 'self';.*frame-ancestors 'none'/],
  ['x-content-type-options', /^nosniff$/],
  ['x-frame-options', /^DENY$/],
  ['referrer-policy', /^no-referrer$/],
];

function assertSecurityHeaders(res: globalThis.Response, what: string): void {
  for (const [name, value] of SECURITY_HEADERS) assert.match(res.headers.get(name) ?? '', value, `${what}: ${name}`);
  assert.doesNotMatch(res.headers.get('content-security-policy') ?? '', /unsafe-inline|unsafe-eval/, what);
}

describe('HTTP probes, in-process, on the bundled registry and the ICEWS sample', () => {
  const dir = tempDir('intermestic-probes-');
  let store: Store;
  let services: Services;
  let app: OpenAPIHono;
  const logged: string[] = [];

  before(async () => {
    store = await openStore({ path: join(dir, 'probes.db'), env: {} });
    services = servicesOver(store);
    await ensureRegistry(services);
    const r = await importEventFile(store, SAMPLES.icews, { rejectsPath: join(dir, 'icews.rejects.tsv') });
    assert.equal(r.inserted, 3705);
    // The default recheck (the store is asked about changes at most once a second); the cache test
    // below takes an application that asks on every request.
    app = createApp(services, { log: (l) => logged.push(l) });
  });
  after(() => store?.close());

  test('every parameter of every route, with every hostile value: 2xx or 4xx with a message, no disclosure', async () => {
    let probes = 0;
    const statuses = new Map<number, number>();
    for (const [path, params] of Object.entries(ROUTES)) {
      for (const param of params) {
        for (const value of HOSTILE) {
          const base = path === '/api/events/series' && param !== 'dyad' && param !== 'group' ? 'dyad=USA-MEX&' : path === '/api/calendar' && param !== 'parties' ? 'parties=USA,MEX&' : '';
          const url = `${path}?${base}${encodeURIComponent(param)}=${encodeURIComponent(value)}`;
          const res = await app.request(url);
          const text = await res.text();
          probes++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          assert.ok(res.status < 500, `${url.slice(0, 200)} → ${res.status} ${text.slice(0, 200)}`);
          assert.doesNotMatch(text, DISCLOSURE, url.slice(0, 200));
          if (res.status >= 400 && path.startsWith('/api/')) {
            assert.match(res.headers.get('content-type') ?? '', /^application\/json/, url.slice(0, 200));
            const body = JSON.parse(text) as { error: string };
            assert.ok(body.error.length > 0 && body.error.length < 2000, `${url.slice(0, 200)}: a short message`);
          } else if (res.status >= 400) {
            // Pages answer errors as a page, in the visitor's language, naming the parameter.
            assert.match(res.headers.get('content-type') ?? '', /^text\/html/, url.slice(0, 200));
            assert.match(text, new RegExp(`<h1[^>]*>[^<]+</h1>[\\s\\S]*${param}:`), url.slice(0, 200));
          }
          if ((res.headers.get('content-type') ?? '').startsWith('text/html')) assert.doesNotMatch(text, /<script>alert|onerror=alert/, url.slice(0, 200));
        }
        // A parameter given twice.
        const twice = await app.request(`${path}?${path.includes('series') ? 'dyad=USA-MEX&' : ''}${param}=1&${param}=2`);
        assert.ok(twice.status < 500, `${path} ${param} twice → ${twice.status}`);
        probes++;
      }
    }
    assert.ok(probes > 800, `${probes} probes`);
    assert.ok((statuses.get(400) ?? 0) > 500, 'most hostile values are refused');
    assert.deepEqual(logged, [], 'no server error was logged');
  });

  test('a group or a country list of 1,200 codes is refused at once, naming the limit', async () => {
    const codes = Array.from({ length: 1200 }, (_, i) => String.fromCharCode(65 + (i % 26), 65 + (Math.floor(i / 26) % 26), 65 + (Math.floor(i / 676) % 26))).join(',');
    for (const url of [`/api/events/series?group=${codes}`, `/api/events/top-dyads?countries=${codes}`, `/api/calendar?parties=${codes}`]) {
      const res = await app.request(url);
      assert.equal(res.status, 400, url.slice(0, 60));
      assert.match(((await res.json()) as { error: string }).error, /at most 30/);
    }
  });

  test('paths: traversal, NUL, encoded dots and very long ids are 404 or 400, never a file', async () => {
    for (const path of ['/static/../../etc/passwd', '/api/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/api/mechanisms/..%2F..%2Fetc%2Fpasswd',
      '/api/mechanisms/%00', `/api/mechanisms/${'a'.repeat(5000)}`, '/api/mechanisms/NALS', '/api/mechanisms/<script>', '/static/', '/static/sortable.js/..', '/api//mechanisms']) {
      const res = await app.request(path);
      const text = await res.text();
      assert.ok([400, 404].includes(res.status), `${path.slice(0, 80)} → ${res.status}`);
      assert.doesNotMatch(text, /root:|DISCLOSURE/);
      assert.doesNotMatch(text, DISCLOSURE);
      assertSecurityHeaders(res, path.slice(0, 40));
    }
  });

  test('methods other than GET and HEAD: 405 with Allow, on every route', async () => {
    for (const path of Object.keys(ROUTES)) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const res = await app.request(path, { method });
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.equal(res.headers.get('allow'), 'GET, HEAD', `${method} ${path}`);
        assert.match(((await res.json()) as { error: string }).error, new RegExp(`method ${method} not allowed on ${path.replace(/[/]/g, '\\/')}`));
        assertSecurityHeaders(res, `${method} ${path}`);
      }
      const head = await app.request(`${path}${path === '/api/calendar' ? '?parties=USA,MEX' : path === '/api/events/series' ? '?dyad=USA-MEX' : ''}`, { method: 'HEAD' });
      assert.equal(head.status, 200, `HEAD ${path}`);
      assert.equal(await head.text(), '', `HEAD ${path}: no body`);
    }
    // A path no route has stays a 404, whatever the method.
    assert.equal((await app.request('/api/nope', { method: 'POST' })).status, 404);
  });

  test('Host: IP literals, localhost and configured names are answered; any other name gets 421', async () => {
    const guarded = createApp(services, { hosts: { boundHost: '0.0.0.0', allowedHosts: ['observatory.example.org'] }, recheckMs: 0 });
    const cases: [string, number][] = [
      ['127.0.0.1:8080', 200], ['localhost', 200], ['LOCALHOST:80', 200], ['[::1]:8080', 200], ['192.168.1.20', 200], ['app.localhost', 200],
      ['observatory.example.org', 200], ['Observatory.Example.org.:443', 200],
      ['attacker.example', 421], ['attacker.example:8080', 421], ['127.0.0.1.attacker.example', 421], ['observatory.example.org.attacker.example', 421],
      ['a b', 400], ['', 400], ['[::1', 400], ['host:99999999', 400],
    ];
    for (const [host, status] of cases) {
      const res = await guarded.request('/api/parties', { headers: { host } });
      assert.equal(res.status, status, `Host: ${host}`);
      assertSecurityHeaders(res, `Host ${host}`);
      if (status === 421) assert.match(((await res.json()) as { error: string }).error, /does not answer for the host .* --allowed-host/);
    }
    assert.equal(hostName('[::1]:8080'), '::1');
    assert.equal(hostAllowed('evil.example', {}), false);
    assert.equal(hostAllowed('observatory.internal', { boundHost: 'observatory.internal' }), true, 'the bound name');
  });

  test('security headers on every kind of answer: 200, 304, 400, 404, 405, 500', async () => {
    const ok = await app.request('/api/mechanisms');
    assertSecurityHeaders(ok, '200');
    const etag = ok.headers.get('etag')!;
    assertSecurityHeaders(await app.request('/api/mechanisms', { headers: { 'if-none-match': etag } }), '304');
    assertSecurityHeaders(await app.request('/api/health?at=x'), '400');
    assertSecurityHeaders(await app.request('/nope'), '404');
    assertSecurityHeaders(await app.request('/api/parties', { method: 'POST' }), '405');
    assertSecurityHeaders(await app.request('/'), 'page');
    const failing = createApp({ ...services, events: { ...services.events, eventStats: () => Promise.reject(new Error('disk full at /srv/data/x.db')), lastImport: () => Promise.resolve(0) } }, { log: () => undefined });
    const crash = await failing.request('/api/events/stats');
    assert.equal(crash.status, 500);
    assertSecurityHeaders(crash, '500');
    const body = (await crash.json()) as { error: string; requestId: string };
    assert.equal(body.error, 'internal server error');
    assert.doesNotMatch(JSON.stringify(body), /srv|disk/);
  });

  test('responses are kept per state of the data: ETag and 304, and a fresh answer after a load or an import', async () => {
    const app = createApp(services, { recheckMs: 0 });
    const first = await app.request('/api/mechanisms');
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[\w-]{22}"$/);
    const again = await app.request('/api/mechanisms', { headers: { 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const cached = await app.request('/api/mechanisms');
    assert.equal(cached.headers.get('etag'), etag);
    const before = (await first.json()) as { id: string; names: { en: string } }[];
    assert.deepEqual(await cached.json(), before);

    // A load through the application's services changes the answer at once.
    const registry = await services.registry.readRegistry();
    const renamed = { ...registry, mechanisms: registry.mechanisms.map((m) => (m.id === 'nals' ? { ...m, names: { ...m.names, en: 'Renamed summit' } } : m)) };
    await app.request('/api/parties');
    const appServices = services;
    await appServices.registry.loadRegistry(renamed, 'probe', 'replace');
    // The store changed under the app (another writer): seen at the next check (recheckMs 0: every request).
    const after = await app.request('/api/mechanisms', { headers: { 'if-none-match': etag! } });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), etag);
    assert.equal(((await after.json()) as { id: string; names: { en: string } }[]).find((m) => m.id === 'nals')?.names.en, 'Renamed summit');
    await appServices.registry.loadRegistry(registry, 'probe', 'replace');

    // Events: the answers follow the imports (the GDELT 2.0 sample's USA–RUS events).
    const total = async (): Promise<number> => ((await (await app.request('/api/events/stats')).json()) as { total: number }).total;
    const usaRus = async (): Promise<number> => ((await (await app.request('/api/events/series?dyad=USA-RUS&by=year&datasets=gdelt2')).json()) as { points: { events: number }[] }).points.reduce((t, p) => t + p.events, 0);
    assert.deepEqual([await total(), await usaRus()], [3705, 0]);
    const r = await importEventFile(store, SAMPLES.gdelt2, { rejectsPath: join(dir, 'g2.rejects.tsv') });
    assert.equal(r.inserted, 720);
    assert.equal(await total(), 3705 + 720);
    assert.equal(await usaRus(), 9, 'the new events are counted (both directions)');
  });
});

describe('HTTP probes over a socket: intermestic serve --port 0', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(() => server?.stop());

  /** Sends raw bytes and returns the status line and headers of the answer. */
  function raw(request: string): Promise<{ status: number; head: string }> {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(request));
      let data = '';
      socket.on('data', (b) => {
        data += b.toString('latin1');
        if (data.includes('\r\n\r\n')) {
          socket.destroy();
          resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0), head: data.slice(0, data.indexOf('\r\n\r\n')) });
        }
      });
      socket.on('error', reject);
      socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0), head: data }));
    });
  }

  test('another site\'s Host (DNS rebinding) gets 421; the bound address is answered', async () => {
    const port = new URL(server.url).port;
    assert.equal((await raw(`GET /api/parties HTTP/1.1\r\nHost: rebind.attacker.example:${port}\r\nConnection: close\r\n\r\n`)).status, 421);
    assert.equal((await raw(`GET /api/parties HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).status, 200);
  });

  test('malformed requests: long URLs, traversal, no Host, junk — 4xx, never 5xx', async () => {
    const port = new URL(server.url).port;
    const host = `Host: 127.0.0.1:${port}\r\nConnection: close\r\n`;
    const cases = [
      `GET /api/health?at=${'9'.repeat(20_000)} HTTP/1.1\r\n${host}\r\n`,
      `GET /${'a/'.repeat(8000)} HTTP/1.1\r\n${host}\r\n`,
      `GET /../../../../etc/passwd HTTP/1.1\r\n${host}\r\n`,
      `GET /api/mechanisms/%2e%2e%2f%2e%2e%2fetc%2fpasswd HTTP/1.1\r\n${host}\r\n`,
      'GET /api/parties HTTP/1.1\r\nConnection: close\r\n\r\n',
      `GET /api/parties HTTP/1.1\r\n${host}X-Long: ${'x'.repeat(20_000)}\r\n\r\n`,
      'BREW /coffee HTCPCP/1.0\r\n\r\n',
      `POST /api/health HTTP/1.1\r\n${host}Content-Length: 5\r\n\r\nhello`,
    ];
    for (const request of cases) {
      const r = await raw(request);
      assert.ok(r.status >= 400 && r.status < 500, `${request.slice(0, 60)} → ${r.status}`);
    }
  });
});
