/**
 * PostgreSQL's loads of files an ingest step parsed with DuckDB: a relation (a file read whole) or
 * a stream (a file whose text comes while DuckDB parses it). Either way the canonical text goes
 * straight into COPY … FROM STDIN of `events`, inside a savepoint. Each gives an event once, and the
 * import holds the lock that serialises event imports into the database, so only a key stored by an
 * earlier import can clash; if one does (a file imported again, overlapping files), the savepoint is
 * rolled back and the events go through a staging table that joins `events` without the keys
 * already there.
 */
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import type { EventImportResult, EventRelation, EventStream } from '../../app/ports.ts';
import type { Db } from '../sql/schema.ts';
import { STORED_COLUMNS, dyadKey, dyadKeySql } from '../sql/event-rows.ts';
import type { ImportTransaction } from '../sql/engine.ts';
import { beginImport, executeOn } from './transaction.ts';

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

function duplicateKey(e: unknown): boolean {
  return e instanceof pg.DatabaseError && e.code === UNIQUE_VIOLATION;
}

/** Canonical text as the relations and streams give it. */
type Text = { readonly stream: Readable; readonly done: Promise<unknown>; cancel(): void };

/** Copies text (with these columns, in this order) into `table`; returns the rows copied. A refused COPY stops the text's writer. */
async function copyText(client: pg.PoolClient, table: string, columns: readonly string[], text: Text): Promise<number> {
  const copy = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT csv, DELIMITER E'\\t', NULL '\\N')`));
  const [read, wrote] = await Promise.allSettled([
    pipeline(text.stream, copy).catch((e: unknown) => {
      text.cancel();
      throw e;
    }),
    text.done,
  ]);
  // A duplicate key is why the writer stopped, so it comes first; a writer that failed on its own
  // (not by the cancel: an AbortError) explains a cut-off stream better than the server's complaint
  // about a half line; else the server's error is the cause.
  if (read.status === 'rejected' && duplicateKey(read.reason)) throw read.reason;
  if (wrote.status === 'rejected' && (read.status === 'fulfilled' || (wrote.reason as Error | undefined)?.name !== 'AbortError')) throw wrote.reason;
  if (read.status === 'rejected') throw read.reason;
  return copy.rowCount;
}

/**
 * Events into `events` inside the import's transaction, skipping stored keys; returns the rows
 * inserted. `text()` is copied straight in, in a savepoint; if a stored key clashes, the savepoint
 * is rolled back and `text()` again goes through a staging table and an anti-join. `refusal()`
 * names an error that explains a failed text better than the text's own.
 */
async function copySkippingStored(client: pg.PoolClient, columns: readonly string[], text: () => Text, refusal: () => unknown = () => null): Promise<number> {
  const stored = STORED_COLUMNS.join(', ');
  await client.query('SAVEPOINT direct_copy');
  try {
    const inserted = await copyText(client, 'events', columns, text());
    await client.query('RELEASE SAVEPOINT direct_copy');
    return inserted;
  } catch (e) {
    const refused = refusal();
    if (refused !== null || !duplicateKey(e)) throw refused ?? e;
    await client.query('ROLLBACK TO SAVEPOINT direct_copy');
    await client.query(`CREATE TEMP TABLE events_staging ON COMMIT DROP AS SELECT ${stored} FROM events WITH NO DATA`);
    await copyText(client, 'events_staging', columns, text());
    const moved = await client.query(`INSERT INTO events (${stored}) SELECT ${stored} FROM events_staging s
      WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = s.dataset AND e.source_event_id = s.source_event_id)`);
    return moved.rowCount ?? 0;
  }
}

/** Runs `load` in one import transaction on a client of its own, logging the import by `record` before the commit. */
async function inImport(pool: pg.Pool, db: Db, record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>,
  load: (client: pg.PoolClient) => Promise<EventImportResult>): Promise<EventImportResult> {
  const client = await pool.connect();
  try {
    await beginImport(client, db);
    const result = await load(client);
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

export function loadRelation(pool: pg.Pool, db: Db, relation: EventRelation,
  record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>): Promise<EventImportResult> {
  return inImport(pool, db, record, async (client) => {
    const inserted = await copySkippingStored(client, STORED_COLUMNS, () => relation.text(dyadKeySql.compile(db).sql));
    return { inserted, duplicates: relation.events - inserted };
  });
}

/**
 * An EventStream's text straight into COPY of `events`, in a savepoint, while DuckDB parses the
 * file. If a stored key clashes (a file imported again, overlapping files), the savepoint is rolled
 * back and a second pass goes through a staging table that joins `events` without the keys already
 * there. The whole import fails if the checks refuse the file.
 */
export function loadStream(pool: pg.Pool, db: Db, stream: EventStream,
  record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>): Promise<EventImportResult> {
  return inImport(pool, db, record, async (client) => {
    // The checks end with a pass (or with DuckDB's failure): a refusal is known by the time its COPY ends.
    let refusal: unknown = null;
    stream.checked.catch((e: unknown) => {
      refusal = e;
    });
    const inserted = await copySkippingStored(client, stream.columns, () => stream.text(dyadKey), () => refusal);
    const { events } = await stream.checked;
    return { inserted, duplicates: events - inserted };
  });
}
