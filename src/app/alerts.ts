/**
 * Use cases of alerts and webhooks.
 *
 * EVALUATE. The alerts of a window (since, at]: the registry's state changes (src/domain/alerts.ts)
 * and the shifts of each pair's monthly cooperation series (src/analysis/series.ts), dated on the
 * first day after the month in which the shift shows. Default window: the 30 days up to `at`.
 *
 * RAISE. Each alert is queued once for each webhook, its body fixed then: an alert raised again by a
 * later evaluation is already in the outbox and is not queued again.
 *
 * DELIVER. Every due entry of the outbox is attempted: the attempt is recorded as begun (and
 * committed) before the request is sent, then its outcome is logged. A 2xx answer delivers it; any
 * other answer, a network error or the timeout schedules a retry after base × 2^(attempt − 1), at
 * most `maxDelayMs`, until `maxAttempts` attempts have failed. An entry left `delivering` by a
 * process that stopped is attempted again at once: nothing queued is lost, and nothing delivered is
 * sent again. A request that reached the receiver just before a crash may arrive twice — with the same
 * idempotency id (`id` in the body, `X-Intermestic-Delivery`), by which the receiver drops the repeat.
 */
import { detectShifts, toSeriesPoints } from '../analysis/series.ts';
import { addDays, addMonths, type IsoDate } from '../domain/dates.ts';
import { alert, registryAlerts, shiftMessages, sortAlerts, type Alert } from '../domain/alerts.ts';
import type { Alerts } from './contracts.ts';
import { InvalidInput, NotFound } from './errors.ts';
import type { AlertParams } from './params.ts';
import type { Clock, DeliveryAttempt, EventRepository, OutboxEntry, RegistryRepository, Webhook } from './ports.ts';
import type { Alerting } from './services.ts';

export const DEFAULT_WINDOW_DAYS = 30;

/** Pairs of the registry's parties, in its order, and the whole group when it has three or more. */
function groups(parties: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < parties.length; i++) for (let j = i + 1; j < parties.length; j++) out.push([parties[i]!, parties[j]!]);
  if (parties.length >= 3) out.push([...parties]);
  return out;
}

async function shiftAlerts(events: EventRepository, parties: readonly string[], since: IsoDate, at: IsoDate): Promise<Alert[]> {
  const out: Alert[] = [];
  for (const members of groups(parties)) {
    // The whole stored history up to `at`: the baseline of a shift is the series' own past.
    const points = toSeriesPoints(await events.eventSeries({ countries: members, to: at, by: 'month' }));
    const name = members.length === 2 ? members.join('-') : members.join(',');
    const link = members.length === 2 ? `/events?dyad=${name}` : `/events?group=${name}`;
    for (const s of detectShifts(points)) {
      const known = addMonths(s.period, 1);
      if (!(known > since && known <= at)) continue;
      const point = points.find((p) => p.period === s.period)!;
      out.push(alert('series-shift', name, known, shiftMessages(name, s, point.events),
        [{ collection: 'events', id: `${name}:${s.period.slice(0, 7)}`, sources: [] }], link));
    }
  }
  return out;
}

/** `alerts [--at] [--since]`, `GET /api/alerts`: every alert of the window. */
export async function evaluateAlerts(s: { registry: RegistryRepository; events: EventRepository; clock: Clock }, p: AlertParams): Promise<Alerts> {
  const at = p.at ?? s.clock.today();
  const windowDays = p.windowDays ?? DEFAULT_WINDOW_DAYS;
  const since = p.since ?? addDays(at, -30);
  if (since > at) throw new InvalidInput([{ parameter: 'since', message: `${since} is after ${at}` }]);
  const registry = await s.registry.readRegistry();
  const list = [
    ...registryAlerts(registry, { since, at, windowDays }),
    ...await shiftAlerts(s.events, registry.parties.map((x) => x.id), since, at),
  ];
  return {
    since, at, windowDays,
    alerts: sortAlerts(list).map((a) => ({
      id: a.id, rule: a.rule, at: a.at, subject: a.subject, message: a.messages.en, messages: { ...a.messages },
      evidence: a.evidence.map((e) => ({ ...e, sources: [...e.sources] })), link: a.link,
    })),
  };
}

/** The body delivered for an alert: fixed when queued, signed on every attempt. */
export function alertPayload(a: Alerts['alerts'][number], raisedAt: string): string {
  return JSON.stringify({ id: a.id, type: 'alert', raisedAt, alert: a });
}

/** Queues every alert for every webhook (an alert already queued for a webhook is left as it is); returns how many are new. */
export async function raiseAlerts(s: { alerting: Alerting }, report: Alerts): Promise<number> {
  const hooks = await s.alerting.alerts.listWebhooks();
  const raisedAt = new Date(s.alerting.now()).toISOString();
  return s.alerting.alerts.enqueue(hooks.flatMap((h) => report.alerts.map((a) => ({ alertId: a.id, webhookId: h.id, payload: alertPayload(a, raisedAt), createdAt: raisedAt }))));
}

export interface DeliveryOptions {
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  /** Attempts before an entry fails (default 6). */
  readonly maxAttempts?: number;
  /** The first retry's delay (default 1 s); each next one doubles. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Wait for retries until nothing is pending (default), or make one pass over what is due. */
  readonly wait?: boolean;
  /** Told of each attempt as it ends. */
  readonly onAttempt?: (a: DeliveryAttempt) => void;
}

export interface DeliveryReport {
  readonly attempts: number;
  readonly delivered: number;
  readonly failed: number;
  /** Still queued (a retry later), when not waiting. */
  readonly pending: number;
}

/** Backoff before attempt `attempt + 1`: base × 2^(attempt − 1), capped. */
export function backoff(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1));
}

function errorText(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return cause ? `${err.message ?? 'error'} (${cause})` : (err?.message ?? String(e));
}

async function attempt(a: Alerting, e: OutboxEntry, o: Required<Omit<DeliveryOptions, 'onAttempt' | 'wait'>>): Promise<DeliveryAttempt & { next: 'delivered' | 'pending' | 'failed' }> {
  const startedAt = a.now();
  const at = new Date(startedAt).toISOString();
  const sealed = await a.alerts.webhookSecret(e.webhookId);
  const n = await a.alerts.beginAttempt(e.alertId, e.webhookId, at);
  let httpStatus: number | null = null;
  let error: string | null = null;
  if (sealed === null) {
    error = 'the webhook was removed';
  } else {
    try {
      httpStatus = await a.sender.send(e.url, a.secrets.open(sealed), e.payload, Math.floor(startedAt / 1000), o.timeoutMs);
      if (httpStatus < 200 || httpStatus > 299) error = `HTTP ${httpStatus}`;
    } catch (err) {
      error = errorText(err);
    }
  }
  const ok = error === null;
  const next = ok ? 'delivered' : sealed === null || n >= o.maxAttempts ? 'failed' : 'pending';
  const record: DeliveryAttempt = {
    alertId: e.alertId, webhookId: e.webhookId, attempt: n, at, outcome: next === 'pending' ? 'retry' : next, httpStatus, error, ms: Math.round(a.now() - startedAt),
  };
  const retryAt = next === 'pending' ? new Date(a.now() + backoff(n, o.baseDelayMs, o.maxDelayMs)).toISOString() : null;
  await a.alerts.finishAttempt(record, { status: next, nextAttemptAt: retryAt });
  return { ...record, next };
}

/** `alerts deliver`: attempts what is due, and (by default) waits for the retries until nothing is pending. */
export async function deliverPending(s: { alerting: Alerting }, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const a = s.alerting;
  const o = { timeoutMs: options.timeoutMs ?? 10_000, maxAttempts: options.maxAttempts ?? 6, baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 60_000 };
  let attempts = 0;
  let delivered = 0;
  let failed = 0;
  for (;;) {
    const due = await a.alerts.dueEntries(new Date(a.now()).toISOString());
    for (const e of due) {
      const r = await attempt(a, e, o);
      attempts++;
      if (r.next === 'delivered') delivered++;
      if (r.next === 'failed') failed++;
      options.onAttempt?.(r);
    }
    const pending = await a.alerts.pendingEntries();
    if (pending.length === 0 || options.wait === false) return { attempts, delivered, failed, pending: pending.length };
    const next = Math.min(...pending.map((p) => Date.parse(p.nextAttemptAt)));
    await a.sleep(Math.max(0, next - a.now()));
  }
}

/** `webhooks list`: each webhook with the count of its alerts in each delivery state. */
export async function listWebhooks(s: { alerting: Alerting }): Promise<(Webhook & { pending: number; delivered: number; failed: number })[]> {
  const [hooks, byStatus] = await Promise.all([s.alerting.alerts.listWebhooks(), s.alerting.alerts.outboxCounts()]);
  const counts = new Map(byStatus.map((c) => [`${c.webhookId}\t${c.status}`, c.count]));
  const count = (id: string, status: string): number => counts.get(`${id}\t${status}`) ?? 0;
  return hooks.map((h) => ({ ...h, pending: count(h.id, 'pending') + count(h.id, 'delivering'), delivered: count(h.id, 'delivered'), failed: count(h.id, 'failed') }));
}

/** `webhooks log`: the delivery log, newest first, at most `limit` attempts. */
export function deliveryLog(s: { alerting: Alerting }, limit: number): Promise<DeliveryAttempt[]> {
  return s.alerting.alerts.deliveryLog(limit);
}

/** `webhooks add URL --secret S`: the secret is sealed before it is stored, and never shown again. */
export async function addWebhook(s: { alerting: Alerting }, url: string, secret: string): Promise<Webhook> {
  if (secret.length < 16) throw new InvalidInput([{ parameter: 'secret', message: 'use a secret of at least 16 characters' }]);
  return s.alerting.alerts.addWebhook(url, s.alerting.secrets.seal(secret), new Date(s.alerting.now()).toISOString());
}

/** `webhooks remove ID`. */
export async function removeWebhook(s: { alerting: Alerting }, id: string): Promise<void> {
  if (!(await s.alerting.alerts.removeWebhook(id))) throw new NotFound('webhook', id);
}

/** `webhooks test ID`: one signed test delivery, sent now (not queued), and logged. */
export async function testWebhook(s: { alerting: Alerting }, id: string, timeoutMs = 10_000): Promise<DeliveryAttempt> {
  const a = s.alerting;
  const hook = (await a.alerts.listWebhooks()).find((h) => h.id === id);
  const sealed = await a.alerts.webhookSecret(id);
  if (hook === undefined || sealed === null) throw new NotFound('webhook', id);
  const startedAt = a.now();
  const at = new Date(startedAt).toISOString();
  const testId = `test:${id}:${at}`;
  let httpStatus: number | null = null;
  let error: string | null = null;
  try {
    httpStatus = await a.sender.send(hook.url, a.secrets.open(sealed), JSON.stringify({ id: testId, type: 'test', raisedAt: at }), Math.floor(startedAt / 1000), timeoutMs);
    if (httpStatus < 200 || httpStatus > 299) error = `HTTP ${httpStatus}`;
  } catch (err) {
    error = errorText(err);
  }
  const record: DeliveryAttempt = { alertId: testId, webhookId: id, attempt: 1, at, outcome: error === null ? 'delivered' : 'failed', httpStatus, error, ms: Math.round(a.now() - startedAt) };
  await a.alerts.finishAttempt(record, { status: record.outcome === 'delivered' ? 'delivered' : 'failed', nextAttemptAt: null });
  return record;
}

/** What `serve` runs every minute: on a new day, evaluate the days since the last evaluation and raise; then one delivery pass. */
export async function alertCycle(s: { registry: RegistryRepository; events: EventRepository; clock: Clock; alerting: Alerting }, options: DeliveryOptions = {}): Promise<{ raised: number; delivery: DeliveryReport }> {
  const today = s.clock.today();
  const last = await s.alerting.alerts.getState('evaluated-through');
  let raised = 0;
  if (last === null || last < today) {
    const report = await evaluateAlerts(s, { at: today, since: last ?? addDays(today, -1) });
    raised = await raiseAlerts(s, report);
    await s.alerting.alerts.setState('evaluated-through', today);
  }
  return { raised, delivery: await deliverPending(s, { ...options, wait: false }) };
}
