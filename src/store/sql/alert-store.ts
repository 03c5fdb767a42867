/**
 * The AlertRepository of src/app/ports.ts over SQL (both engines): webhooks, the outbox of deliveries,
 * the delivery log, the evaluator's state. Each write is one transaction, run under the store's write
 * lock by the caller.
 */
import { randomBytes } from 'node:crypto';
import type { AlertRepository, DeliveryAttempt, OutboxEntry, OutboxStatus, Webhook } from '../../app/ports.ts';
import type { AlertOutboxTable, Db } from './schema.ts';

const num = (x: unknown): number => Number(x);

function entry(r: AlertOutboxTable): OutboxEntry {
  return {
    alertId: r.alert_id, webhookId: r.webhook_id, url: r.url, payload: r.payload, status: r.status as OutboxStatus,
    attempts: num(r.attempts), nextAttemptAt: r.next_attempt_at, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at,
  };
}

/** The repository over a database; `write` runs a write under the store's write lock. */
export function alertRepository(db: Db, write: <T>(fn: () => Promise<T>) => Promise<T>): AlertRepository {
  return {
    addWebhook: (url, sealedSecret, createdAt) => write(async () => {
      const id = `wh-${randomBytes(4).toString('hex')}`;
      await db.insertInto('webhooks').values({ id, url, secret: sealedSecret, created_at: createdAt }).execute();
      return { id, url, createdAt } satisfies Webhook;
    }),

    listWebhooks: async () => (await db.selectFrom('webhooks').select(['id', 'url', 'created_at']).orderBy('created_at').orderBy('id').execute())
      .map((r) => ({ id: r.id, url: r.url, createdAt: r.created_at })),

    webhookSecret: async (id) => (await db.selectFrom('webhooks').select('secret').where('id', '=', id).executeTakeFirst())?.secret ?? null,

    removeWebhook: (id) => write(() => db.transaction().execute(async (tx) => {
      const r = await tx.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      await tx.updateTable('alert_outbox').set({ status: 'cancelled' }).where('webhook_id', '=', id).where('status', 'in', ['pending', 'delivering']).execute();
      return true;
    })),

    enqueue: (entries) => write(() => db.transaction().execute(async (tx) => {
      let added = 0;
      for (const e of entries) {
        const exists = await tx.selectFrom('alert_outbox').select('alert_id').where('alert_id', '=', e.alertId).where('webhook_id', '=', e.webhookId).executeTakeFirst();
        if (exists) continue;
        const hook = await tx.selectFrom('webhooks').select('url').where('id', '=', e.webhookId).executeTakeFirst();
        if (!hook) continue;
        await tx.insertInto('alert_outbox').values({
          alert_id: e.alertId, webhook_id: e.webhookId, url: hook.url, payload: e.payload, status: 'pending', attempts: 0,
          next_attempt_at: e.createdAt, last_error: null, created_at: e.createdAt, delivered_at: null,
        }).execute();
        added++;
      }
      return added;
    })),

    dueEntries: async (now) => (await db.selectFrom('alert_outbox').selectAll()
      .where((eb) => eb.or([eb('status', '=', 'delivering'), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)])]))
      .orderBy('created_at').orderBy('alert_id').orderBy('webhook_id').execute()).map(entry),

    pendingEntries: async () => (await db.selectFrom('alert_outbox').selectAll().where('status', 'in', ['pending', 'delivering'])
      .orderBy('next_attempt_at').orderBy('alert_id').execute()).map(entry),

    outbox: async () => (await db.selectFrom('alert_outbox').selectAll().orderBy('created_at').orderBy('alert_id').orderBy('webhook_id').execute()).map(entry),

    outboxCounts: async () => (await db.selectFrom('alert_outbox').select((eb) => ['webhook_id', 'status', eb.fn.countAll().as('n')])
      .groupBy(['webhook_id', 'status']).execute()).map((r) => ({ webhookId: r.webhook_id, status: r.status as OutboxStatus, count: num(r.n) })),

    beginAttempt: (alertId, webhookId, at) => write(() => db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('alert_outbox').select('attempts').where('alert_id', '=', alertId).where('webhook_id', '=', webhookId).executeTakeFirstOrThrow();
      const attempt = num(row.attempts) + 1;
      await tx.updateTable('alert_outbox').set({ status: 'delivering', attempts: attempt, next_attempt_at: at })
        .where('alert_id', '=', alertId).where('webhook_id', '=', webhookId).execute();
      return attempt;
    })),

    finishAttempt: (a: DeliveryAttempt, next) => write(() => db.transaction().execute(async (tx) => {
      await tx.insertInto('alert_deliveries').values({
        alert_id: a.alertId, webhook_id: a.webhookId, attempt: a.attempt, at: a.at, outcome: a.outcome, http_status: a.httpStatus, error: a.error, ms: a.ms,
      }).execute();
      await tx.updateTable('alert_outbox').set({
        status: next.status, last_error: a.error, ...(next.nextAttemptAt === null ? {} : { next_attempt_at: next.nextAttemptAt }),
        ...(next.status === 'delivered' ? { delivered_at: a.at } : {}),
      }).where('alert_id', '=', a.alertId).where('webhook_id', '=', a.webhookId).execute();
    })),

    deliveryLog: async (limit) => (await db.selectFrom('alert_deliveries').selectAll().orderBy('at', 'desc').orderBy('alert_id').orderBy('attempt', 'desc').limit(limit).execute())
      .map((r) => ({
        alertId: r.alert_id, webhookId: r.webhook_id, attempt: num(r.attempt), at: r.at, outcome: r.outcome as DeliveryAttempt['outcome'],
        httpStatus: r.http_status === null ? null : num(r.http_status), error: r.error, ms: num(r.ms),
      })),

    getState: async (key) => (await db.selectFrom('alert_state').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null,

    setState: (key, value) => write(() => db.transaction().execute(async (tx) => {
      await tx.deleteFrom('alert_state').where('key', '=', key).execute();
      await tx.insertInto('alert_state').values({ key, value }).execute();
    })),
  };
}
