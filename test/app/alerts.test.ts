// The alert use cases with stand-in ports: the series-shift rule on constructed monthly aggregates, and
// the delivery loop's backoff and limits on a fake clock, outbox and sender; and the cycle `serve` runs,
// on a real store and a local receiver.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { addWebhook, alertCycle, backoff, deliverPending, evaluateAlerts } from '../../src/app/alerts.ts';
import { ensureRegistry } from '../../src/app/registry.ts';
import { servicesOver } from '../../src/compose.ts';
import { openStore } from '../../src/store/open.ts';
import { tempDir } from '../support/cli.ts';
import type { PeriodAggregate } from '../../src/analysis/series.ts';
import type { AlertRepository, DeliveryAttempt, EventRepository, OutboxEntry, RegistryRepository } from '../../src/app/ports.ts';
import type { Alerting } from '../../src/app/services.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { dataset } from '../domain/build.ts';

const month = (period: string, coop: number, conf: number): PeriodAggregate => ({
  period, events: coop + conf, quad1: coop, quad2: 0, quad3: conf, quad4: 0, goldsteinSum: 0, goldsteinCount: 0, mentions: 0,
  goldsteinMentionsSum: 0, goldsteinMentions: 0, cooperativeMentions: 0, conflictualMentions: 0, toneSum: 0, toneCount: 0,
});

describe('series-shift alerts', () => {
  it('a shift in a pair\'s monthly series is raised on the first day after its month, once', async () => {
    // Eight steady months (9 cooperative, 1 conflictual: net 0.8), then a month at net −0.6.
    const rows = [...Array.from({ length: 8 }, (_, i) => month(`2024-0${i + 1}-01`, 9, 1)), month('2024-09-01', 2, 8)];
    const asked: string[][] = [];
    const events = {
      eventSeries: async (q: { countries: readonly string[] }) => {
        asked.push([...q.countries]);
        return q.countries.length === 2 && q.countries.join() === 'USA,MEX' ? rows : [];
      },
    } as unknown as EventRepository;
    const registry = { readRegistry: async () => dataset({}) } as unknown as RegistryRepository;
    const s = { registry, events, clock: fixedClock('2024-12-31') };
    const r = await evaluateAlerts(s, { since: '2024-09-30', at: '2024-12-31' });
    const shift = r.alerts.filter((a) => a.rule === 'series-shift');
    assert.deepEqual(shift.map((a) => [a.id, a.link]), [['series-shift:USA-MEX:2024-10-01', '/events?dyad=USA-MEX']]);
    assert.match(shift[0]!.message, /^USA-MEX: net cooperation fell to -0\.6 in 2024-09 \(baseline 0\.8 ± 0\.05, z = -28; 10 events\)$/);
    assert.equal(shift[0]!.messages.en, shift[0]!.message);
    assert.equal(shift[0]!.messages.es, 'USA-MEX: la cooperación neta bajó a -0,6 en 2024-09 (línea de base 0,8 ± 0,05, z = -28; 10 eventos)');
    assert.equal(shift[0]!.messages.fr, 'USA-MEX : la coopération nette a baissé à -0,6 en 2024-09 (référence 0,8 ± 0,05, z = -28 ; 10 événements)');
    // Every pair of the parties and the group of three are looked at.
    assert.deepEqual(asked, [['USA', 'MEX'], ['USA', 'CAN'], ['MEX', 'CAN'], ['USA', 'MEX', 'CAN']]);
    // A window that ends before the shift is known does not hold it.
    assert.equal((await evaluateAlerts(s, { since: '2024-08-31', at: '2024-09-30' })).alerts.filter((a) => a.rule === 'series-shift').length, 0);
  });
});

describe('the delivery loop', () => {
  it('backoff: base × 2^(attempt − 1), capped', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoff(n, 1000, 10_000)), [1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('retries on the backoff schedule until the last attempt, waiting between them; a 2xx delivers', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const slept: number[] = [];
    let entry: OutboxEntry = {
      alertId: 'a', webhookId: 'w', url: 'http://x', payload: '{"id":"a"}', status: 'pending', attempts: 0, nextAttemptAt: new Date(now).toISOString(),
      lastError: null, createdAt: new Date(now).toISOString(), deliveredAt: null,
    };
    const logged: DeliveryAttempt[] = [];
    const repo = {
      webhookSecret: async () => 'sealed',
      dueEntries: async (at: string) => ((entry.status === 'pending' && entry.nextAttemptAt <= at) || entry.status === 'delivering' ? [entry] : []),
      pendingEntries: async () => (entry.status === 'pending' || entry.status === 'delivering' ? [entry] : []),
      beginAttempt: async () => {
        entry = { ...entry, status: 'delivering', attempts: entry.attempts + 1 };
        return entry.attempts;
      },
      finishAttempt: async (a: DeliveryAttempt, next: { status: OutboxEntry['status']; nextAttemptAt: string | null }) => {
        logged.push(a);
        entry = { ...entry, status: next.status, ...(next.nextAttemptAt === null ? {} : { nextAttemptAt: next.nextAttemptAt }) };
      },
    } as unknown as AlertRepository;
    const answers = [500, 503, 502, 204];
    const alerting: Alerting = {
      alerts: repo,
      secrets: { seal: (x) => x, open: () => 'secret' },
      sender: { send: async () => answers.shift()! },
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    };
    const r = await deliverPending({ alerting }, { baseDelayMs: 1000, maxDelayMs: 3000, maxAttempts: 6 });
    assert.deepEqual(r, { attempts: 4, delivered: 1, failed: 0, pending: 0 });
    assert.deepEqual(slept, [1000, 2000, 3000]);
    assert.deepEqual(logged.map((l) => [l.attempt, l.outcome, l.httpStatus]), [[1, 'retry', 500], [2, 'retry', 503], [3, 'retry', 502], [4, 'delivered', 204]]);

    // With two attempts allowed, the same answers fail the entry on the second.
    entry = { ...entry, status: 'pending', attempts: 0, nextAttemptAt: new Date(now).toISOString() };
    answers.splice(0, answers.length, 500, 500);
    const failed = await deliverPending({ alerting }, { baseDelayMs: 10, maxAttempts: 2 });
    assert.deepEqual(failed, { attempts: 2, delivered: 0, failed: 1, pending: 0 });
    assert.equal(logged.at(-1)!.outcome, 'failed');
  });
});

describe('the cycle serve runs', () => {
  it('evaluates each new day once, from the day after the last one evaluated, and delivers', async () => {
    const got: string[] = [];
    const rx = createServer((req, res) => {
      got.push(String(req.headers['x-intermestic-delivery']));
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((done) => rx.listen(0, '127.0.0.1', () => done()));
    const dir = tempDir('intermestic-cycle-');
    const store = await openStore({ path: join(dir, 'c.db'), env: {} });
    try {
      const env = { INTERMESTIC_SECRET_KEY_FILE: join(dir, 'k') };
      const day = (d: string) => servicesOver(store, fixedClock(d), env) as ReturnType<typeof servicesOver> & { alerting: Alerting };
      await ensureRegistry(day('2025-01-11'));
      await addWebhook(day('2025-01-11'), `http://127.0.0.1:${(rx.address() as { port: number }).port}/`, 'cycle-secret-0123456789');
      // First run: the day before is taken as evaluated; 2025-01-11 holds the summit's lapse and the recommendation's.
      const first = await alertCycle(day('2025-01-11'));
      assert.deepEqual([first.raised, first.delivery.delivered], [2, 2]);
      assert.deepEqual(got.sort(), ['mechanism-lapsed:nals:2025-01-11', 'recommendation-lapse:sarukhan-2021-resuscitate-nals:nals:2025-01-11']);
      // Again the same day: nothing new.
      assert.deepEqual(await alertCycle(day('2025-01-11')), { raised: 0, delivery: { attempts: 0, delivered: 0, failed: 0, pending: 0 } });
      // A week later: the days since 2025-01-11, none of which changes a state.
      assert.equal((await alertCycle(day('2025-01-18'))).raised, 0);
      assert.equal(await store.alerts.getState('evaluated-through'), '2025-01-18');
    } finally {
      await store.close();
      rx.close();
    }
  });
});
