/**
 * Alerts and webhooks: the webhooks (their secrets sealed with a key the database does not hold), the
 * outbox of deliveries — one row per (alert, webhook), its body fixed when queued, so that a crash or
 * a restart loses nothing and a delivered alert is never sent again — the log of every attempt, and a
 * small key-value table for the alert evaluator's own state (the last day evaluated). Instants are
 * ISO 8601 text in UTC, which sorts as time does on both engines. Frozen.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('alert_outbox')
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addPrimaryKeyConstraint('alert_outbox_pk', ['alert_id', 'webhook_id'])
    .execute();
  await db.schema.createIndex('alert_outbox_status').on('alert_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createTable('alert_deliveries')
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_deliveries_pk', ['alert_id', 'webhook_id', 'attempt'])
    .execute();
  await db.schema.createTable('alert_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
