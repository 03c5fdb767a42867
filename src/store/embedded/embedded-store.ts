/**
 * The embedded store: one DuckDB file, no server. DuckDB lets one process open a file for writing;
 * a second process gets a StoreOpenError naming the process that holds it.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Kysely, sql } from 'kysely';
import type { CompiledQuery, QueryResult } from 'kysely';
import type { PoliticalEvent } from '../../domain/events.ts';
import { StoreOpenError } from '../store.ts';
import type { GdeltFileCounts, GdeltFilePlan, Store } from '../store.ts';
import type { Database, Db } from '../schema.ts';
import { migrate } from '../migrations/index.ts';
import { SqlStore, checkStoreOptions } from '../sql-store.ts';
import type { EngineBinding, EventStaging, ImportTransaction, SqlStoreOptions } from '../sql-store.ts';
import { EVENT_COLUMNS, EVENT_COLUMN_TYPES, dyadKeySql, encodeSectors, eventLine } from '../event-rows.ts';
import { WriteLock } from '../write-lock.ts';
import { DuckDBDialect } from './duckdb-dialect.ts';
import { insertPrepared, prepareGdeltFile } from '../gdelt-file.ts';
import { DuckDBConnectionPool, runCompiled, toDuckDBParams } from './duckdb-driver.ts';

export interface EmbeddedStoreOptions extends SqlStoreOptions {
  /** The database file, as the user gave it (shown in messages as given). */
  readonly path: string;
}

interface OpenFile {
  readonly instance: DuckDBInstance;
  readonly writeLock: WriteLock;
  refs: number;
  closed: boolean;
}

// DuckDB must not open one file twice in a process (two instances would corrupt it): stores on the
// same file share one instance and one write lock. The map holds the opening promise, so two opens
// racing for a new file wait for the same instance.
const openFiles = new Map<string, Promise<OpenFile>>();

function openFile(file: string, shown: string): Promise<OpenFile> {
  let opening = openFiles.get(file);
  if (!opening) {
    opening = (async () => {
      try {
        mkdirSync(dirname(file), { recursive: true });
      } catch (e) {
        throw new StoreOpenError(`cannot create the folder of the database file ${shown}: ${(e as Error).message}`, { cause: e });
      }
      try {
        return { instance: await DuckDBInstance.create(file), writeLock: new WriteLock(), refs: 0, closed: false };
      } catch (e) {
        throw openError(shown, e as Error);
      }
    })();
    openFiles.set(file, opening);
    opening.catch(() => openFiles.delete(file));
  }
  return opening;
}

/** Opens (creating if needed) the DuckDB file and brings its schema up to date. */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<Store> {
  checkStoreOptions(options);
  const shown = options.path;
  const file = resolve(shown);
  let shared = await openFile(file, shown);
  // The last store on the file may have closed it while this open waited.
  while (shared.closed) shared = await openFile(file, shown);
  shared.refs++;
  const pool = new DuckDBConnectionPool(shared.instance);
  const db = new Kysely<Database>({ dialect: new DuckDBDialect(pool) });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.destroy();
    if (--shared.refs === 0) {
      shared.closed = true;
      openFiles.delete(file);
      shared.instance.closeSync();
    }
  };
  try {
    await shared.writeLock.run(() => migrate(db, 'duckdb'));
  } catch (e) {
    await close();
    throw new StoreOpenError(`cannot prepare the database file ${shown}: ${(e as Error).message}`, { cause: e });
  }
  const binding: EngineBinding = {
    engine: 'duckdb',
    location: shown,
    db,
    writeLock: shared.writeLock,
    withEventStaging: (flushRows, fn) => withEventStaging(pool, db, flushRows, fn),
    importGdeltFile: (plan, record) => importGdeltFile(pool, db, plan, record),
    close,
  };
  return new SqlStore(binding, options);
}

const LOCK_RE = /Could not set lock on file "([^"]*)": Conflicting lock is held in (.*?) \(PID (\d+)\)/;

/** DuckDB's open error in words; a held lock names the process that holds it and what to do. */
export function openError(shown: string, e: Error): StoreOpenError {
  const m = LOCK_RE.exec(e.message);
  if (m) {
    return new StoreOpenError(
      `the database file ${shown} is in use by another process (PID ${m[3]}, ${m[2]}); ` +
      'stop it (for example a running "intermestic serve") or set INTERMESTIC_DB to another file',
      { cause: e },
    );
  }
  return new StoreOpenError(`cannot open the database file ${shown}: ${e.message}`, { cause: e });
}

// Staged rows go to temporary files as delimited text: fields split by US (0x1f), a lone GS (0x1d)
// for NULL, one row a line. No quoting, so DuckDB's CSV reader splits them at full (parallel) speed;
// text holding a separator or a line break takes the slower typed path instead, so the files never
// need escapes.
const US = '\x1f';
const NUL = '\x1d';
// eslint-disable-next-line no-control-regex -- the files' separators are control characters
const SEPARATOR_RE = /[\x1d-\x1f\n\r]/;
const fileText = (v: string): string | null => (SEPARATOR_RE.test(v) ? null : v);
/** Lines joined per write: few, large writes (each a fresh flat string the GC frees at once). */
const LINES_PER_WRITE = 2048;

const DUCKDB_TYPES = { text: 'VARCHAR', date: 'DATE', smallint: 'SMALLINT', integer: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

/** Events not yet in the store: the key (dataset, source_event_id) is what makes an event the same. */
const notStored = sql`NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = s.dataset AND e.source_event_id = s.source_event_id)`;
const columnList = sql.join(EVENT_COLUMNS.map((c) => sql.id(c)));
const insertList = sql.join([...EVENT_COLUMNS, 'dyad_key'].map((c) => sql.id(c)));
const selectList = sql`${columnList}, ${dyadKeySql}`;
/** The column types for read_csv, as a DuckDB struct literal. */
const csvColumns = `{${EVENT_COLUMNS.map((c) => `'${c}': '${DUCKDB_TYPES[EVENT_COLUMN_TYPES[c]]}'`).join(', ')}}`;

function stagingStatements(db: Db) {
  return {
    createTyped: sql`CREATE OR REPLACE TEMP TABLE events_staging AS SELECT ${columnList} FROM events WHERE false`.compile(db),
    insertTyped: sql`INSERT INTO events_staging (${columnList}) VALUES (${sql.join(EVENT_COLUMNS.map((_, i) => sql.raw(`$${i + 1}`)))})`.compile(db),
    /** Moves one staged file into `events`: DuckDB reads, splits and casts it on its own threads. */
    moveFile: (file: string) => sql`INSERT INTO events (${insertList})
      SELECT ${selectList}
      FROM read_csv(${sql.lit(file)}, delim = ${sql.lit(US)}, quote = '', escape = '', header = false, nullstr = ${sql.lit(NUL)},
        new_line = '\\n', auto_detect = false, columns = ${sql.raw(csvColumns)}) s
      WHERE ${notStored}`.compile(db),
    moveTyped: sql`INSERT INTO events (${insertList}) SELECT ${selectList} FROM events_staging s WHERE ${notStored}`.compile(db),
    clearTyped: sql`DELETE FROM events_staging`.compile(db),
    drop: [sql`DROP TABLE IF EXISTS events_staging`.compile(db)],
  };
}

type StagingStatements = ReturnType<typeof stagingStatements>;

/**
 * Staging through temporary files that DuckDB's CSV reader loads. Events are written as delimited
 * text, a chunk (`chunkRows` rows) per file, in large writes; DuckDB parses each file in parallel
 * C++ and casts it on the way into `events`. Keys already stored are skipped by an anti-join,
 * which DuckDB runs far faster than it maintains a primary-key index; keys repeated within one
 * chunk are dropped here, by id per dataset (measured: a Set costs ~1 µs a row, SQL's DISTINCT ON
 * over the wide rows ~10).
 *
 * Chunks are pipelined: while DuckDB loads one file into `events` (on its own threads), the next is
 * parsed and written here. The connection runs one thing at a time, so the typed rows wait for the move.
 */
class DuckDBEventStaging implements EventStaging {
  readonly #conn: DuckDBConnection;
  readonly #q: StagingStatements;
  readonly #chunkRows: number;
  readonly #dir: string;
  #files = 0;
  /** The file of the chunk being gathered, and the lines not yet written to it. */
  #fd: number | null = null;
  #file = '';
  #lines: string[] = [];
  /** Events whose text cannot go into a file: they go through a typed INSERT instead. */
  #typed: PoliticalEvent[] = [];
  #chunkSize = 0;
  /** Event ids of the chunk being gathered, per dataset. */
  #ids = new Map<string, Set<string>>();
  #moving: Promise<void> | null = null;
  #inserted = 0;

  constructor(conn: DuckDBConnection, q: StagingStatements, chunkRows: number, dir: string) {
    this.#conn = conn;
    this.#q = q;
    this.#chunkRows = chunkRows;
    this.#dir = dir;
  }

  async stage(events: readonly PoliticalEvent[]): Promise<void> {
    const lines = this.#lines;
    let ids: Set<string> | undefined;
    let idsOf = '';
    for (const e of events) {
      if (e.dataset !== idsOf || ids === undefined) {
        idsOf = e.dataset;
        ids = this.#ids.get(idsOf);
        if (ids === undefined) this.#ids.set(idsOf, (ids = new Set()));
      }
      const before = ids.size;
      ids.add(e.sourceEventId);
      if (ids.size === before) continue;
      const line = eventLine(e, US, NUL, fileText);
      if (line === null) {
        this.#typed.push(e);
      } else {
        lines.push(line);
        if (lines.length === LINES_PER_WRITE) this.#writeLines();
      }
      if (++this.#chunkSize >= this.#chunkRows) {
        await this.#handOff();
        ids = undefined;
      }
    }
  }

  #writeLines(): void {
    const lines = this.#lines;
    if (lines.length === 0) return;
    if (this.#fd === null) {
      this.#file = join(this.#dir, `chunk-${++this.#files}.txt`);
      this.#fd = openSync(this.#file, 'w');
    }
    lines.push('');
    writeSync(this.#fd, lines.join('\n'));
    lines.length = 0;
  }

  /** Ends the chunk's file, waits for the previous move, and starts moving this chunk without waiting. */
  async #handOff(): Promise<void> {
    this.#writeLines();
    const fd = this.#fd;
    const file = this.#file;
    const typed = this.#typed;
    this.#fd = null;
    this.#typed = [];
    this.#ids = new Map();
    this.#chunkSize = 0;
    if (fd !== null) closeSync(fd);
    await this.#settle();
    for (const e of typed) await this.#conn.run(this.#q.insertTyped.sql, toDuckDBParams(typedValues(e)));
    const moving = this.#move(fd === null ? null : file, typed.length > 0);
    // Observed now so a failure is never unhandled; #settle rethrows it.
    moving.catch(() => {});
    this.#moving = moving;
  }

  async #move(file: string | null, typed: boolean): Promise<void> {
    if (file !== null) {
      try {
        this.#inserted += (await this.#conn.run(this.#q.moveFile(file).sql)).rowsChanged;
      } finally {
        rmSync(file, { force: true });
      }
    }
    if (typed) {
      this.#inserted += (await this.#conn.run(this.#q.moveTyped.sql)).rowsChanged;
      await this.#conn.run(this.#q.clearTyped.sql);
    }
  }

  async #settle(): Promise<void> {
    const moving = this.#moving;
    this.#moving = null;
    if (moving) await moving;
  }

  async finish(): Promise<number> {
    if (this.#chunkSize > 0) await this.#handOff();
    await this.#settle();
    return this.#inserted;
  }

  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    return runCompiled<R>(this.#conn, query);
  }

  /** Lets a move in flight end (its result no longer matters) and closes the file being written, before a rollback. */
  async abandon(): Promise<void> {
    await this.#settle().catch(() => {});
    if (this.#fd !== null) {
      closeSync(this.#fd);
      this.#fd = null;
    }
  }
}

/** The values of an event in EVENT_COLUMNS order, for the typed INSERT. */
function typedValues(e: PoliticalEvent): (string | number | boolean | null)[] {
  const s = e.source;
  const t = e.target;
  return [
    e.dataset, e.sourceEventId, e.eventDate,
    s.code, s.name, s.country, s.countryRaw, encodeSectors(s.sectors),
    t.code, t.name, t.country, t.countryRaw, encodeSectors(t.sectors),
    e.cameoCode, e.rootCode, e.quadClass, e.quadConvention,
    e.goldstein, e.intensity, e.numMentions, e.numSources, e.numArticles, e.avgTone, e.isRootEvent,
    e.locationName, e.locationCountry, e.latitude, e.longitude, e.sourceUrl, e.storyId,
  ];
}

async function withEventStaging<T>(pool: DuckDBConnectionPool, db: Db, chunkRows: number, fn: (s: EventStaging) => Promise<T>): Promise<T> {
  const q = stagingStatements(db);
  const conn = await pool.acquire();
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-import-'));
  let staging: DuckDBEventStaging | null = null;
  try {
    await conn.run('BEGIN TRANSACTION');
    await conn.run(q.createTyped.sql);
    staging = new DuckDBEventStaging(conn, q, chunkRows, dir);
    const result = await fn(staging);
    for (const d of q.drop) await conn.run(d.sql);
    await conn.run('COMMIT');
    return result;
  } catch (e) {
    await staging?.abandon();
    try {
      await conn.run('ROLLBACK');
    } catch {
      // no transaction left to roll back (DuckDB aborts some failed transactions itself)
    }
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    pool.release(conn);
  }
}

/**
 * A plain GDELT file read by DuckDB on the store's own connection: prepared (read, checked, mapped)
 * outside the transaction, then written and logged inside one.
 */
async function importGdeltFile(pool: DuckDBConnectionPool, db: Db, plan: GdeltFilePlan,
  record: (tx: ImportTransaction, counts: GdeltFileCounts) => Promise<void>): Promise<GdeltFileCounts> {
  const conn = await pool.acquire();
  try {
    const prepared = await prepareGdeltFile(conn, plan);
    try {
      await conn.run('BEGIN TRANSACTION');
      try {
        const inserted = await insertPrepared(conn, db, prepared, plan.dataset);
        const counts = prepared.counts(inserted);
        await record({ execute: (query) => runCompiled(conn, query) }, counts);
        await conn.run('COMMIT');
        return counts;
      } catch (e) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    } finally {
      await prepared.dispose();
    }
  } finally {
    pool.release(conn);
  }
}
