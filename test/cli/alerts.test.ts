// `intermestic alerts`, `alerts deliver` and `webhooks …` on the bundled registry, delivering to local
// HTTP receivers that answer, answer 500, are down, are slow, and are restarted mid-delivery. The
// window 2024-12-31 → 2025-02-01 holds three alerts of meetings/hlsd.yaml and meetings/nals.yaml.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { openStore } from '../../src/store/open.ts';
import type { Alerts } from '../../src/app/contracts.ts';

const SECRET = 'test-secret-0123456789';
const WINDOW = ['--since', '2024-12-31', '--at', '2025-02-01'];
const FAST = ['--backoff-ms', '40', '--max-backoff-ms', '200', '--max-attempts', '3'];
const IDS = ['mechanism-overdue:hlsd:2025-01-05', 'mechanism-lapsed:nals:2025-01-11', 'recommendation-lapse:sarukhan-2021-resuscitate-nals:nals:2025-01-11'];

interface Received { headers: IncomingMessage['headers']; body: string }
interface Receiver { url: string; port: number; received: Received[]; close(): Promise<void> }

/** A local receiver; `handle` answers each request (after its body is read), knowing how often this delivery id came before. */
function receiver(handle: (r: Received, seen: number, res: ServerResponse) => void, port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const seen = received.filter((x) => x.headers['x-intermestic-delivery'] === r.headers['x-intermestic-delivery']).length;
      received.push(r);
      handle(r, seen, res);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
    const p = (server.address() as AddressInfo).port;
    resolve({
      url: `http://127.0.0.1:${p}/hook`, port: p, received,
      close: () => new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
    });
  }));
}

/** A fresh database with one webhook for `url`; returns its file and the webhook id. */
async function withWebhook(url: string): Promise<{ db: string; id: string }> {
  const db = await bundledRegistryFile(join(tempDir('intermestic-alerts-'), 'a.db'));
  const r = await cli(['webhooks', 'add', url, '--secret', SECRET], { db });
  assert.equal(r.status, 0, r.stderr);
  return { db, id: /Added webhook (wh-[0-9a-f]{8})/.exec(r.stdout)![1]! };
}

function verify(r: Received): { t: number; id: string } {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-intermestic-signature']));
  assert.ok(m, `signature header: ${r.headers['x-intermestic-signature']}`);
  assert.equal(m[2], createHmac('sha256', SECRET).update(`${m[1]}.${r.body}`).digest('hex'));
  assert.equal(r.headers['content-type'], 'application/json');
  const body = JSON.parse(r.body) as { id: string; type: string; alert: { id: string } };
  assert.equal(r.headers['x-intermestic-delivery'], body.id);
  assert.equal(body.alert.id, body.id);
  return { t: Number(m[1]), id: body.id };
}

const log = async (db: string) => JSON.parse((await cli(['webhooks', 'log', '--json'], { db })).stdout) as { alertId: string; attempt: number; outcome: string; httpStatus: number | null; error: string | null }[];

describe('intermestic alerts', () => {
  test('--json: the window\'s alerts with their evidence and links; the same alerts every time', async () => {
    const db = await bundledRegistryFile(join(tempDir('intermestic-alerts-'), 'a.db'));
    const r = await cli(['alerts', ...WINDOW, '--json'], { db });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Alerts;
    assert.deepEqual([report.since, report.at, report.windowDays], ['2024-12-31', '2025-02-01', 30]);
    assert.deepEqual(report.alerts.map((a) => a.id), IDS);
    const nals = report.alerts[1]!;
    assert.deepEqual([nals.rule, nals.subject, nals.at, nals.link], ['mechanism-lapsed', 'nals', '2025-01-11', '/mechanisms/nals']);
    assert.deepEqual(nals.evidence.map((e) => e.id), ['nals', 'nals-2023-01-10']);
    const year = JSON.parse((await cli(['alerts', '--since', '2024-12-31', '--at', '2025-12-31', '--json'], { db })).stdout) as Alerts;
    assert.ok(IDS.every((id) => year.alerts.some((a) => a.id === id)), 'a wider window holds the same alerts under the same ids');
    const bad = await cli(['alerts', '--since', '2025-03-01', '--at', '2025-02-01'], { db });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--since: since is after at/);
  });

  test('an alert is queued once per state change, however often it is evaluated', async () => {
    const { db } = await withWebhook('http://127.0.0.1:1/none');
    assert.match((await cli(['alerts', ...WINDOW], { db })).stdout, /: 3; 3 new deliveries queued/);
    assert.match((await cli(['alerts', ...WINDOW], { db })).stdout, /: 3\n/);
    assert.match((await cli(['alerts', '--since', '2024-12-31', '--at', '2025-12-31'], { db })).stdout, /: 11; 8 new deliveries queued/);
  });
});

describe('intermestic webhooks', () => {
  test('add, list, remove: the secret is sealed at rest and never printed', async () => {
    const { db, id } = await withWebhook('https://example.org/hook');
    const list = await cli(['webhooks', 'list'], { db });
    assert.match(list.stdout, new RegExp(`${id}\\s+https://example.org/hook`));
    const json = await cli(['webhooks', 'list', '--json'], { db });
    assert.ok(!json.stdout.includes(SECRET) && !list.stdout.includes(SECRET));
    const store = await openStore({ path: db, env: {} });
    try {
      const sealed = (await store.alerts.webhookSecret(id))!;
      assert.match(sealed, /^v1:/);
      assert.ok(!sealed.includes(SECRET));
    } finally {
      await store.close();
    }
    assert.ok(!readFileSync(db).includes(Buffer.from(SECRET)), 'the database file does not hold the secret');
    assert.equal(statSync(`${db}.key`).mode & 0o777, 0o600);
    assert.equal((await cli(['webhooks', 'remove', id], { db })).status, 0);
    const again = await cli(['webhooks', 'remove', id], { db });
    assert.deepEqual([again.status, again.stderr], [1, `intermestic: no webhook with id "${id}"\n`]);
    assert.equal((await cli(['webhooks', 'add', 'ftp://x', '--secret', SECRET], { db })).status, 2);
    assert.match((await cli(['webhooks', 'add', 'https://x.org', '--secret', 'short'], { db })).stderr, /--secret: use a secret of at least 16 characters/);
  });

  test('test: one signed delivery, logged', async () => {
    const rx = await receiver((_r, _seen, res) => res.writeHead(204).end());
    try {
      const { db, id } = await withWebhook(rx.url);
      const r = await cli(['webhooks', 'test', id], { db });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`${id}  test:${id}:\\S+  attempt 1: delivered \\(HTTP 204\\)`));
      assert.equal(rx.received.length, 1);
      const body = JSON.parse(rx.received[0]!.body) as { type: string };
      assert.equal(body.type, 'test');
      assert.match(String(rx.received[0]!.headers['x-intermestic-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.equal((await log(db)).length, 1);
    } finally {
      await rx.close();
    }
  });
});

describe('intermestic alerts deliver', () => {
  test('a receiver that answers: each alert once, signed; delivering again sends nothing', async () => {
    const rx = await receiver((_r, _seen, res) => res.writeHead(200).end('ok'));
    try {
      const { db } = await withWebhook(rx.url);
      const r = await cli(['alerts', 'deliver', ...WINDOW, ...FAST], { db });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Delivered 3, failed 0, in 3 attempts\.\n$/);
      const ids = rx.received.map((x) => verify(x).id);
      assert.deepEqual(ids.sort(), [...IDS].sort());
      const t = verify(rx.received[0]!).t;
      assert.ok(Math.abs(t - Date.now() / 1000) < 60, 'the signature time is now');
      const again = await cli(['alerts', 'deliver', ...WINDOW, ...FAST], { db });
      assert.match(again.stdout, /Delivered 0, failed 0, in 0 attempts/);
      assert.equal(rx.received.length, 3);
    } finally {
      await rx.close();
    }
  });

  test('a receiver answering 500: retried with backoff until it answers 200, each attempt logged', async () => {
    const rx = await receiver((_r, seen, res) => res.writeHead(seen < 2 ? 500 : 200).end());
    try {
      const { db } = await withWebhook(rx.url);
      const r = await cli(['alerts', 'deliver', ...WINDOW, ...FAST], { db });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Delivered 3, failed 0, in 9 attempts/);
      const entries = (await log(db)).filter((l) => l.alertId === IDS[1]).reverse();
      assert.deepEqual(entries.map((l) => [l.attempt, l.outcome, l.httpStatus]), [[1, 'retry', 500], [2, 'retry', 500], [3, 'delivered', 200]]);
      // The same body (and idempotency id) every time; only the signature's time may differ.
      const bodies = new Set(rx.received.filter((x) => x.headers['x-intermestic-delivery'] === IDS[1]).map((x) => x.body));
      assert.equal(bodies.size, 1);
    } finally {
      await rx.close();
    }
  });

  test('a receiver that is down: the attempts fail, are logged, and the entry fails after the last one (exit 1)', async () => {
    const gone = await receiver(() => undefined);
    await gone.close();
    const { db } = await withWebhook(gone.url);
    const r = await cli(['alerts', 'deliver', ...WINDOW, ...FAST], { db });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /3 deliveries failed after 3 attempts/);
    const entries = await log(db);
    assert.equal(entries.length, 9);
    assert.ok(entries.every((l) => l.httpStatus === null && /ECONNREFUSED/.test(l.error ?? '')), JSON.stringify(entries[0]));
    assert.match((await cli(['webhooks', 'list'], { db })).stdout, /\s0\s+0\s+3\n/);
  });

  test('a slow receiver: the attempt times out and is retried with the same idempotency id', async () => {
    const rx = await receiver((_r, seen, res) => {
      if (seen === 0) setTimeout(() => res.writeHead(200).end(), 600);
      else res.writeHead(200).end();
    });
    try {
      const { db } = await withWebhook(rx.url);
      const r = await cli(['alerts', 'deliver', ...WINDOW, ...FAST, '--timeout-ms', '150'], { db });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /attempt 1: retry — timed out/);
      assert.match(r.stdout, /Delivered 3, failed 0, in 6 attempts/);
      // The receiver saw each delivery twice (the first too late for the sender): the id lets it drop the repeat.
      for (const id of IDS) assert.equal(rx.received.filter((x) => x.headers['x-intermestic-delivery'] === id).length, 2);
    } finally {
      await rx.close();
    }
  });

  test('a receiver restarted mid-delivery, and a sender stopped mid-delivery: nothing is lost, nothing delivered is sent again', async () => {
    // The receiver drops the connection on its first request, then is restarted on the same port.
    let first: Receiver | null = null;
    let second: Receiver | null = null;
    let restarting: Promise<void> | null = null;
    first = await receiver((_r, _seen, res) => {
      res.socket?.destroy();
      restarting ??= first!.close().then(async () => {
        second = await receiver((_x, _s, ok) => ok.writeHead(200).end(), first!.port);
      });
    });
    try {
      const { db, id } = await withWebhook(first.url);
      // The sender "stops" after beginning an attempt on one entry: it is left `delivering`.
      assert.match((await cli(['alerts', ...WINDOW], { db })).stdout, /3 new deliveries queued/);
      const store = await openStore({ path: db, env: {} });
      await store.alerts.beginAttempt(IDS[0]!, id, new Date().toISOString());
      await store.close();
      const r = await cli(['alerts', 'deliver', ...WINDOW, ...FAST], { db });
      await restarting;
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Delivered 3, failed 0/);
      // The interrupted entry counts its stopped attempt: it was delivered at attempt 2 or later.
      const entries = await log(db);
      assert.ok(entries.some((l) => l.alertId === IDS[0] && l.outcome === 'delivered' && l.attempt >= 2));
      assert.ok(entries.some((l) => l.outcome === 'retry' && l.httpStatus === null), 'the dropped connection was retried');
      assert.deepEqual(second!.received.map((x) => verify(x).id).sort(), [...IDS].sort());
      const again = await cli(['alerts', 'deliver', ...WINDOW, ...FAST], { db });
      assert.match(again.stdout, /in 0 attempts/);
      assert.equal(second!.received.length, 3);
    } finally {
      const s = second as Receiver | null;
      await s?.close();
    }
  });
});
