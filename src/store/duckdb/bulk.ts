/**
 * The embedded store's load of a DuckDB relation: the relation lives on a connection of the store's
 * own database (duckdbWorkspace), so its events go into `events` by one INSERT … SELECT on that
 * connection, inside the import's transaction, without leaving the engine. Stored keys are skipped
 * by an anti-join, left out when nothing of the relation's dataset is stored yet.
 *
 * The transaction runs with DuckDB's settings changed, and reset after (withDuckDBSettings): the
 * relation's own; the connection's insertion order not kept (the rows' order in `events` means
 * nothing, and an ordered insert from a joined file scan runs on one thread); and the instance's
 * memory limit at bulkMemoryLimit, under which DuckDB writes the new row groups out as they fill
 * instead of buffering five a thread. On 1 M GDELT rows on 2 cores these took the import from
 * 1.1 GB at peak to about 520 MB, and faster. DuckDB's need grows with its threads: the limit grows
 * with them, and a write that runs out of memory under it is made again without it.
 */
import { sql } from 'kysely';
import { withDuckDBSettings, type EventImportResult, type EventRelation } from '../../app/ports.ts';
import type { Db } from '../sql/schema.ts';
import { EVENT_COLUMNS, STORED_COLUMNS, dyadKeySql } from '../sql/event-rows.ts';
import type { ImportTransaction } from '../sql/engine.ts';
import { runCompiled } from './driver.ts';

/** DuckDB's memory limit during a bulk insert on `threads` threads: 48 MB a thread, at least 256 MB. */
function bulkMemoryLimit(threads: number): string {
  return `${Math.max(256, 48 * threads)}MB`;
}

export async function loadRelation(db: Db, relation: EventRelation,
  record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>, memoryLimit = bulkMemoryLimit): Promise<EventImportResult> {
  if (!relation.workspace.local) {
    throw new Error('the embedded store loads DuckDB relations of its own database only (take its duckdbWorkspace), or batches of events');
  }
  const conn = relation.workspace.connection;
  const stored = await conn.runAndReadAll(sql`SELECT count(*) FROM (SELECT 1 FROM events WHERE dataset = ${sql.lit(relation.dataset)} LIMIT 1)`.compile(db).sql);
  const anyStored = Number(stored.getRows()[0]?.[0] ?? 0) > 0;
  const insert = sql`INSERT INTO events (${sql.join(STORED_COLUMNS.map((c) => sql.id(c)))})
    SELECT ${sql.join(EVENT_COLUMNS.map((c) => sql.id(c)))}, ${dyadKeySql} FROM (${sql.raw(relation.select)}) s
    ${anyStored ? sql`WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = ${sql.lit(relation.dataset)} AND e.source_event_id = s.source_event_id)` : sql``}`.compile(db).sql;
  const load = async (): Promise<EventImportResult> => {
    await conn.run('BEGIN TRANSACTION');
    try {
      const inserted = await relation.run(insert);
      if (inserted > relation.events) throw new Error(`internal: ${inserted} events written of the ${relation.events} the file was found to hold`);
      const result = { inserted, duplicates: relation.events - inserted };
      await record({ execute: (query) => runCompiled(conn, query) }, result);
      await conn.run('COMMIT');
      return result;
    } catch (e) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  };
  const session = { preserve_insertion_order: 'false' };
  const threads = Number((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]?.[0] ?? 1);
  try {
    return await withDuckDBSettings(conn, { session, instance: { ...relation.settings, memory_limit: memoryLimit(threads) } }, load);
  } catch (e) {
    if (!isOutOfMemory(e)) throw e;
    // Rolled back: made again under DuckDB's own limit.
    return withDuckDBSettings(conn, { session, instance: relation.settings }, load);
  }
}

function isOutOfMemory(e: unknown): boolean {
  return e instanceof Error && /Out of Memory Error/i.test(e.message);
}
