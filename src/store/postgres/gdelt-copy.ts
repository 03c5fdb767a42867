/**
 * The PostgreSQL store's fast path for plain GDELT files. An in-memory DuckDB reads and checks the
 * file exactly as the embedded store does (src/store/gdelt-file.ts); DuckDB then writes the events as
 * CSV into a named pipe, which this process streams into COPY … FROM STDIN, so DuckDB's threads build
 * the text while the server parses it. Where no named pipe can be made, DuckDB writes a temporary
 * file first.
 *
 * The text is CSV with `\N` for NULL: DuckDB quotes a value holding the delimiter, a quote or `\N`
 * itself, and COPY's CSV mode reads an unquoted `\N` as NULL and everything else as written.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, createReadStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { GdeltFileCounts, GdeltFilePlan } from '../store.ts';
import { seqLock } from '../sql-store.ts';
import type { ImportTransaction } from '../sql-store.ts';
import type { Db } from '../schema.ts';
import { EVENT_COLUMNS, dyadKeySql } from '../event-rows.ts';
import { prepareGdeltFile } from '../gdelt-file.ts';
import { executeOn } from './client-query.ts';
import type { PreparedGdeltFile } from '../gdelt-file.ts';

/** A named pipe at `path` (mkfifo), or false where the system cannot make one. */
function makePipe(path: string): boolean {
  if (process.platform === 'win32') return false;
  return spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' }).status === 0;
}

/**
 * Frees a reader blocked opening the pipe when no writer will come (DuckDB failed before opening
 * it): a writer opens and closes it, and the reader sees the end of the data.
 */
async function releaseReader(path: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
      return;
    } catch (e) {
      // ENXIO: no reader has the pipe open yet; anything else: nothing to free.
      if ((e as NodeJS.ErrnoException).code !== 'ENXIO') return;
      await sleep(10);
    }
  }
}

/** DuckDB's COPY of the prepared events, with their dyad key, into `path`, in the text that COPY … FROM STDIN (FORMAT csv) reads. */
function copyTo(db: Db, prepared: PreparedGdeltFile, path: string): string {
  return `COPY (SELECT ${EVENT_COLUMNS.join(', ')}, ${dyadKeySql.compile(db).sql} AS dyad_key FROM (${prepared.select}) s) ` +
    `TO '${path.replaceAll("'", "''")}' (FORMAT csv, DELIMITER '\t', QUOTE '"', ESCAPE '"', HEADER false, NULLSTR '\\N', USE_TMP_FILE false)`;
}

/** An error the server raised (rather than one of the stream or of DuckDB). */
function serverError(e: unknown): e is Error & { code: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * Streams the events DuckDB writes into `path` (a pipe, or a file once written) into COPY … FROM
 * STDIN of `table`; returns the rows copied.
 */
async function transfer(client: pg.PoolClient, conn: DuckDBConnection, db: Db, prepared: PreparedGdeltFile, path: string, pipe: boolean, table: string): Promise<number> {
  const copy = client.query(copyFrom(
    `COPY ${table} (${EVENT_COLUMNS.join(', ')}, dyad_key) FROM STDIN (FORMAT csv, DELIMITER E'\\t', NULL '\\N')`,
  ));
  if (!pipe) {
    await prepared.progress(conn, conn.run(copyTo(db, prepared, path)));
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), copy);
    return copy.rowCount;
  }
  // Both ends at once: the reader's open waits for DuckDB's, and DuckDB's writes wait for the reader.
  const reading = pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), copy);
  const writing = prepared.progress(conn, conn.run(copyTo(db, prepared, path)));
  const [read, wrote] = await Promise.allSettled([reading, writing.catch(async (e: unknown) => {
    await releaseReader(path);
    throw e;
  })]);
  // The server's refusal (a duplicate key…) cuts DuckDB's writing short: it is the cause, so it
  // comes first; otherwise DuckDB's error explains a cut-off stream better than the stream's.
  if (read.status === 'rejected' && serverError(read.reason)) throw read.reason;
  if (wrote.status === 'rejected') throw wrote.reason;
  if (read.status === 'rejected') throw read.reason;
  return copy.rowCount;
}

/**
 * Imports one plain GDELT file into PostgreSQL in one transaction (`record` logs the import inside
 * it). The file is read and checked before the transaction begins.
 *
 * The events are copied straight into `events` (COPY writes rows in batches, far cheaper than an
 * INSERT … SELECT), inside a savepoint: DuckDB gave each id once, and the import holds the lock
 * that serialises event imports into the database, so only a key stored by an earlier import can
 * clash. If one does (a file imported again, or overlapping files), the savepoint is rolled back and
 * the events go through a staging table that joins `events` without the keys already there.
 */
export async function importGdeltFileToPostgres(pool: pg.Pool, db: Db, plan: GdeltFilePlan,
  record: (tx: ImportTransaction, counts: GdeltFileCounts) => Promise<void>): Promise<GdeltFileCounts> {
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-pg-gdelt-'));
  // DuckDB spills to the import's own folder, not to a ".tmp" in the working directory.
  const duck = await DuckDBInstance.create(':memory:', { temp_directory: join(dir, 'duckdb') });
  const conn = await duck.connect();
  try {
    const prepared = await prepareGdeltFile(conn, plan);
    const path = join(dir, 'events.csv');
    const pipe = makePipe(path);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const lock = seqLock('event_imports').compile(db);
      await client.query(lock.sql, [...lock.parameters]);
      await client.query('SAVEPOINT direct_copy');
      let inserted: number;
      try {
        inserted = await transfer(client, conn, db, prepared, path, pipe, 'events');
        await client.query('RELEASE SAVEPOINT direct_copy');
      } catch (e) {
        if (!serverError(e) || e.code !== UNIQUE_VIOLATION) throw e;
        await client.query('ROLLBACK TO SAVEPOINT direct_copy');
        await client.query(`CREATE TEMP TABLE events_staging ON COMMIT DROP AS SELECT ${EVENT_COLUMNS.join(', ')}, dyad_key FROM events WITH NO DATA`);
        await transfer(client, conn, db, prepared, path, pipe, 'events_staging');
        const columns = `${EVENT_COLUMNS.join(', ')}, dyad_key`;
        const moved = await client.query(`INSERT INTO events (${columns}) SELECT ${columns} FROM events_staging s
          WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = s.dataset AND e.source_event_id = s.source_event_id)`);
        inserted = moved.rowCount ?? 0;
      }
      const counts: GdeltFileCounts = { rows: prepared.rows, events: prepared.events, inserted, duplicates: prepared.events - inserted };
      await record({ execute: (query) => executeOn(client, query) }, counts);
      await client.query('COMMIT');
      client.release();
      return counts;
    } catch (e) {
      // The connection may be mid-COPY: discard it; its session ends and the server rolls back.
      client.release(e instanceof Error ? e : new Error(String(e)));
      throw e;
    } finally {
      await prepared.dispose();
    }
  } finally {
    conn.closeSync();
    duck.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';
