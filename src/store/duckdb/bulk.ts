/**
 * The embedded store's load of a DuckDB relation: the relation lives on a connection of the store's
 * own database (duckdbWorkspace), so its events go into `events` by one INSERT … SELECT on that
 * connection, inside the import's transaction, without leaving the engine. Stored keys are skipped
 * by an anti-join, left out when nothing of the relation's dataset is stored yet.
 *
 * The INSERT runs with two of DuckDB's settings changed, and reset after (they are the instance's): the insertion order is not kept (the rows' order in `events` means nothing, and an
 * ordered insert from a joined file scan runs on one thread), and the memory limit is
 * BULK_MEMORY_LIMIT, under which DuckDB writes the new row groups out as it goes instead of holding
 * them. On 1 M GDELT rows the two took the import from 1.1 GB at peak to under 600 MB, and faster.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from 'kysely';
import type { EventImportResult, EventRelation } from '../../app/ports.ts';
import type { Db } from '../sql/schema.ts';
import { EVENT_COLUMNS, STORED_COLUMNS, dyadKeySql } from '../sql/event-rows.ts';
import type { ImportTransaction } from '../sql/engine.ts';
import { runCompiled } from './driver.ts';

/** DuckDB's memory limit during a bulk insert. */
export const BULK_MEMORY_LIMIT = '256MB';

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
    const inserted = await withSettings(db, conn, { preserve_insertion_order: 'false', memory_limit: BULK_MEMORY_LIMIT },
      () => relation.run(insert.compile(db).sql));
    const result = { inserted, duplicates: relation.events - inserted };
    await record({ execute: (query) => runCompiled(conn, query) }, result);
    await conn.run('COMMIT');
    return result;
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Runs `work` with DuckDB's settings `values`, then resets each: the store's instance runs on
 * DuckDB's defaults (a value read back would not do: DuckDB shows a memory limit rounded).
 */
async function withSettings<T>(db: Db, conn: DuckDBConnection, values: Readonly<Record<string, string>>, work: () => Promise<T>): Promise<T> {
  for (const [n, v] of Object.entries(values)) await conn.run(sql`SET ${sql.raw(n)} = ${sql.lit(v)}`.compile(db).sql);
  try {
    return await work();
  } finally {
    for (const n of Object.keys(values)) await conn.run(`RESET ${n}`);
  }
}
