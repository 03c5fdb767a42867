/**
 * The embedded store's load of a DuckDB relation: the relation lives on a connection of the store's
 * own database (duckdbWorkspace), so its events go into `events` by one INSERT … SELECT on that
 * connection, inside the import's transaction, without leaving the engine. Stored keys are skipped
 * by an anti-join, left out when nothing of the relation's dataset is stored yet.
 */
import { sql } from 'kysely';
import type { EventImportResult, EventRelation } from '../../app/ports.ts';
import type { Db } from '../sql/schema.ts';
import { EVENT_COLUMNS, STORED_COLUMNS, dyadKeySql } from '../sql/event-rows.ts';
import type { ImportTransaction } from '../sql/engine.ts';
import { runCompiled } from './driver.ts';

export async function loadRelation(db: Db, relation: EventRelation,
  record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>): Promise<EventImportResult> {
  if (!relation.workspace.local) {
    throw new Error('the embedded store loads DuckDB relations of its own database only (take its duckdbWorkspace), or batches of events');
  }
  const conn = relation.workspace.connection;
  const stored = await conn.runAndReadAll(sql`SELECT count(*) FROM (SELECT 1 FROM events WHERE dataset = ${sql.lit(relation.dataset)} LIMIT 1)`.compile(db).sql);
  const anyStored = Number(stored.getRows()[0]?.[0] ?? 0) > 0;
  const insert = sql`INSERT INTO events (${sql.join(STORED_COLUMNS.map((c) => sql.id(c)))})
    SELECT ${sql.join(EVENT_COLUMNS.map((c) => sql.id(c)))}, ${dyadKeySql} FROM (${sql.raw(relation.select)}) s
    ${anyStored ? sql`WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = ${sql.lit(relation.dataset)} AND e.source_event_id = s.source_event_id)` : sql``}`;
  await conn.run('BEGIN TRANSACTION');
  try {
    const inserted = await relation.run(insert.compile(db).sql);
    const result = { inserted, duplicates: relation.events - inserted };
    await record({ execute: (query) => runCompiled(conn, query) }, result);
    await conn.run('COMMIT');
    return result;
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
