/**
 * The PostgreSQL store's fast path for plain GDELT files. An in-memory DuckDB reads and checks the
 * file exactly as the embedded store does (src/store/gdelt-file.ts); DuckDB then writes the events as
 * CSV into a named pipe, which this process streams into COPY … FROM STDIN, so DuckDB's threads build
 * the text while the server parses it. Where no named pipe can be made (mkfifo), the path is
 * declined and the reader's path imports the file.
 *
 * The text is CSV with `\N` for NULL: DuckDB quotes a value holding the delimiter, a quote or `\N`
 * itself, and COPY's CSV mode reads an unquoted `\N` as NULL and everything else as written.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { NativePathDeclined } from '../store.ts';
import type { GdeltFileCounts, GdeltFilePlan } from '../store.ts';
import type { ImportTransaction } from '../sql-store.ts';
import type { Db } from '../schema.ts';
import { EVENT_COLUMNS, dyadKeySql } from '../event-rows.ts';
import { prepareGdeltFile } from '../gdelt-file.ts';
import { beginImport, executeOn } from './client-query.ts';
import type { PreparedGdeltFile } from '../gdelt-file.ts';

/** Makes a named pipe at `path` (mkfifo); false where the system cannot. */
function makePipe(path: string): boolean {
  if (process.platform === 'win32') return false;
  return spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' }).status === 0;
}

/** DuckDB's COPY of the prepared events, with their dyad key, into `path`, in the text that COPY … FROM STDIN (FORMAT csv) reads. */
function copyTo(db: Db, prepared: PreparedGdeltFile, path: string): string {
  return `COPY (SELECT ${EVENT_COLUMNS.join(', ')}, ${dyadKeySql.compile(db).sql} AS dyad_key FROM (${prepared.select}) s) ` +
    `TO '${path.replaceAll("'", "''")}' (FORMAT csv, DELIMITER '\t', QUOTE '"', ESCAPE '"', HEADER false, NULLSTR '\\N', USE_TMP_FILE false)`;
}

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

/** A duplicate key refused by the server. */
function duplicateKey(e: unknown): boolean {
  return e instanceof pg.DatabaseError && e.code === UNIQUE_VIOLATION;
}

/**
 * Streams the events DuckDB writes into the named pipe at `path` into COPY … FROM STDIN of `table`;
 * returns the rows copied.
 *
 * The pipe is read on this thread: its reading end opens without waiting (non-blocking) and a
 * writing end held here keeps the reader from seeing the end of the data before DuckDB opens its
 * own; it is closed once DuckDB is done. So neither side waits on the other's open, and nothing here
 * needs a free thread of Node's pool (DuckDB's statement holds one). If the server refuses the data,
 * DuckDB is interrupted and the rest of the pipe is read and dropped until it stops, so its writes
 * never wait on a reader that is gone.
 */
async function transfer(client: pg.PoolClient, conn: DuckDBConnection, db: Db, prepared: PreparedGdeltFile, path: string, table: string): Promise<number> {
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let holdFd: number | null = null;
  let source: Socket | null = null;
  try {
    holdFd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    const input = new Socket({ fd: readFd, readable: true, writable: false });
    source = input;
    const copy = client.query(copyFrom(
      `COPY ${table} (${EVENT_COLUMNS.join(', ')}, dyad_key) FROM STDIN (FORMAT csv, DELIMITER E'\\t', NULL '\\N')`,
    ));
    const copied = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    const drained = new Promise<void>((resolve, reject) => {
      input.on('close', () => resolve());
      input.on('error', reject);
    });
    copied.catch(() => {
      // pipe() has let go of the refused COPY: read the rest and drop it, and stop DuckDB.
      input.resume();
      conn.interrupt();
    });
    input.pipe(copy);
    const writing = prepared.write(copyTo(db, prepared, path)).finally(() => {
      if (holdFd !== null) closeSync(holdFd);
      holdFd = null;
    });
    const [read, wrote] = await Promise.allSettled([copied, writing]);
    await drained.catch(() => undefined);
    // A duplicate key is why DuckDB stopped, so it comes first; otherwise DuckDB's own error explains
    // a cut-off stream (and the server's complaint about a half line) better than the server's.
    if (read.status === 'rejected' && duplicateKey(read.reason)) throw read.reason;
    if (wrote.status === 'rejected') throw wrote.reason;
    if (read.status === 'rejected') throw read.reason;
    return copy.rowCount;
  } finally {
    if (holdFd !== null) closeSync(holdFd);
    if (source === null) closeSync(readFd);
    else source.destroy();
  }
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
  try {
    const path = join(dir, 'events.csv');
    if (!makePipe(path)) throw new NativePathDeclined('this system cannot make a named pipe for COPY (mkfifo)');
    // DuckDB spills to the import's own folder, not to a ".tmp" in the working directory.
    const duck = await DuckDBInstance.create(':memory:', { temp_directory: join(dir, 'duckdb') });
    try {
      const conn = await duck.connect();
      try {
        return await copyFile(pool, db, plan, record, conn, path);
      } finally {
        conn.closeSync();
      }
    } finally {
      duck.closeSync();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function copyFile(pool: pg.Pool, db: Db, plan: GdeltFilePlan, record: (tx: ImportTransaction, counts: GdeltFileCounts) => Promise<void>,
  conn: DuckDBConnection, path: string): Promise<GdeltFileCounts> {
  const prepared = await prepareGdeltFile(conn, plan);
  try {
    const client = await pool.connect();
    try {
      await beginImport(client, db);
      await client.query('SAVEPOINT direct_copy');
      let inserted: number;
      try {
        inserted = await transfer(client, conn, db, prepared, path, 'events');
        await client.query('RELEASE SAVEPOINT direct_copy');
      } catch (e) {
        if (!duplicateKey(e)) throw e;
        await client.query('ROLLBACK TO SAVEPOINT direct_copy');
        await client.query(`CREATE TEMP TABLE events_staging ON COMMIT DROP AS SELECT ${EVENT_COLUMNS.join(', ')}, dyad_key FROM events WITH NO DATA`);
        await transfer(client, conn, db, prepared, path, 'events_staging');
        const columns = `${EVENT_COLUMNS.join(', ')}, dyad_key`;
        const moved = await client.query(`INSERT INTO events (${columns}) SELECT ${columns} FROM events_staging s
          WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = s.dataset AND e.source_event_id = s.source_event_id)`);
        inserted = moved.rowCount ?? 0;
      }
      const counts = prepared.counts(inserted);
      await record({ execute: (query) => executeOn(client, query) }, counts);
      await client.query('COMMIT');
      client.release();
      return counts;
    } catch (e) {
      // The connection may be mid-COPY: discard it; its session ends and the server rolls back.
      client.release(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  } finally {
    await prepared.dispose();
  }
}

