/**
 * PostgreSQL's load of a DuckDB relation (a file an ingest step parsed with DuckDB): its canonical
 * text streams straight into COPY … FROM STDIN of `events`, inside a savepoint. The relation gives
 * each event once, and the import holds the lock that serialises event imports into the database,
 * so only a key stored by an earlier import can clash; if one does (a file imported again,
 * overlapping files), the savepoint is rolled back and the events go through a staging table that
 * joins `events` without the keys already there.
 */
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EventImportResult, EventRelation } from '../../app/ports.ts';
import type { Db } from '../sql/schema.ts';
import { STORED_COLUMNS, dyadKeySql } from '../sql/event-rows.ts';
import type { ImportTransaction } from '../sql/engine.ts';
import { beginImport, executeOn } from './transaction.ts';

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

function duplicateKey(e: unknown): boolean {
  return e instanceof pg.DatabaseError && e.code === UNIQUE_VIOLATION;
}

/** Copies the relation's text into `table`; returns the rows copied. A refused COPY stops DuckDB's writer. */
async function copyInto(client: pg.PoolClient, db: Db, relation: EventRelation, table: string): Promise<number> {
  const copy = client.query(copyFrom(`COPY ${table} (${STORED_COLUMNS.join(', ')}) FROM STDIN (FORMAT csv, DELIMITER E'\\t', NULL '\\N')`));
  const text = relation.text(dyadKeySql.compile(db).sql);
  const [read, wrote] = await Promise.allSettled([
    pipeline(text.stream, copy).catch((e: unknown) => {
      text.cancel();
      throw e;
    }),
    text.done,
  ]);
  // A duplicate key is why the writer stopped, so it comes first; otherwise DuckDB's own error
  // explains a cut-off stream better than the server's complaint about a half line.
  if (read.status === 'rejected' && duplicateKey(read.reason)) throw read.reason;
  if (wrote.status === 'rejected') throw wrote.reason;
  if (read.status === 'rejected') throw read.reason;
  return copy.rowCount;
}

export async function loadRelation(pool: pg.Pool, db: Db, relation: EventRelation,
  record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>): Promise<EventImportResult> {
  const client = await pool.connect();
  try {
    await beginImport(client, db);
    await client.query('SAVEPOINT direct_copy');
    let inserted: number;
    try {
      inserted = await copyInto(client, db, relation, 'events');
      await client.query('RELEASE SAVEPOINT direct_copy');
    } catch (e) {
      if (!duplicateKey(e)) throw e;
      await client.query('ROLLBACK TO SAVEPOINT direct_copy');
      await client.query(`CREATE TEMP TABLE events_staging ON COMMIT DROP AS SELECT ${STORED_COLUMNS.join(', ')} FROM events WITH NO DATA`);
      await copyInto(client, db, relation, 'events_staging');
      const columns = STORED_COLUMNS.join(', ');
      const moved = await client.query(`INSERT INTO events (${columns}) SELECT ${columns} FROM events_staging s
        WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = s.dataset AND e.source_event_id = s.source_event_id)`);
      inserted = moved.rowCount ?? 0;
    }
    const result = { inserted, duplicates: relation.events - inserted };
    await record({ execute: (query) => executeOn(client, query) }, result);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (e) {
    // The connection may be mid-COPY: discard it; its session ends and the server rolls back.
    client.release(e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
}
