/**
 * The PostgreSQL store, for teams sharing one database: Kysely's PostgresDialect over a pg Pool,
 * with events imported through COPY into a temporary staging table.
 */
import { once } from 'node:events';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CopyStreamQuery } from 'pg-copy-streams';
import { Kysely, PostgresDialect } from 'kysely';
import type { CompiledQuery, QueryResult } from 'kysely';
import type { PoliticalEvent } from '../../domain/events.ts';
import { StoreOpenError } from '../store.ts';
import type { Store } from '../store.ts';
import type { Database, Db, EventsTable } from '../schema.ts';
import { migrate } from '../migrations/index.ts';
import { SqlStore, checkStoreOptions } from '../sql-store.ts';
import type { EngineBinding, EventStaging, SqlStoreOptions } from '../sql-store.ts';
import { EVENT_COLUMNS, dyadKeySql } from '../event-rows.ts';
import { WriteLock } from '../write-lock.ts';
import { copyLine } from './copy-text.ts';
import { importGdeltFileToPostgres } from './gdelt-copy.ts';
import { beginImport, executeOn } from './client-query.ts';

export interface PostgresStoreOptions extends SqlStoreOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  readonly poolSize?: number;
}

const OID = { int8: 20, json: 114, date: 1082, timestamp: 1114, numeric: 1700 } as const;

/**
 * Values as the rest of the store expects them (and as the DuckDB driver returns them): counts and
 * sums as numbers, DATE as written, TIMESTAMP (stored in UTC) as ISO text, JSON as its text.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary');
    switch (oid) {
      case OID.int8:
      case OID.numeric:
        return (v: string) => Number(v);
      case OID.date:
      case OID.json:
        return (v: string) => v;
      case OID.timestamp:
        return (v: string) => new Date(`${v.replace(' ', 'T')}Z`).toISOString();
      default:
        return pg.types.getTypeParser(oid, 'text');
    }
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

/** Connects, checks the server answers, and brings the schema up to date. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  checkStoreOptions(options);
  const location = redactUrl(options.url);
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await db.destroy();
    throw new StoreOpenError(`cannot connect to PostgreSQL at ${location}: ${(e as Error).message}`, { cause: e });
  }
  try {
    await migrate(db, 'postgres');
  } catch (e) {
    await db.destroy();
    throw new StoreOpenError(`cannot prepare the PostgreSQL database at ${location}: ${(e as Error).message}`, { cause: e });
  }
  let closed = false;
  const binding: EngineBinding = {
    engine: 'postgres',
    location,
    db,
    writeLock: new WriteLock(),
    withEventStaging: (flushRows, fn) => withEventStaging(pool, db, flushRows, fn),
    importGdeltFile: (plan, record) => importGdeltFileToPostgres(pool, db, plan, record),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  return new SqlStore(binding, options);
}

type StagingDb = Kysely<Database & { events_staging: EventsTable }>;

/**
 * Staging through COPY FROM STDIN in PostgreSQL's text format, streamed batch by batch with
 * back-pressure. Every `flushRows` rows the COPY ends and INSERT … ON CONFLICT DO NOTHING moves the
 * rows into `events` (which also drops keys repeated within them). The move runs on the server while
 * the next rows are read and encoded here; they wait in memory until the connection is free.
 */
class PostgresEventStaging implements EventStaging {
  readonly #client: pg.PoolClient;
  readonly #db: StagingDb;
  readonly #flushRows: number;
  #copy: { stream: CopyStreamQuery; done: Promise<void> } | null = null;
  /** Encoded rows waiting for the move in flight to end. */
  #waiting: string[] = [];
  /** Rows of the chunk being gathered (copied or waiting). */
  #chunkRows = 0;
  #moving: Promise<void> | null = null;
  #moved = true;
  #inserted = 0;

  constructor(client: pg.PoolClient, db: StagingDb, flushRows: number) {
    this.#client = client;
    this.#db = db;
    this.#flushRows = flushRows;
  }

  async stage(events: readonly PoliticalEvent[]): Promise<void> {
    for (let i = 0; i < events.length;) {
      const n = Math.min(events.length - i, this.#flushRows - this.#chunkRows);
      let text = '';
      for (let k = i; k < i + n; k++) text += copyLine(events[k] as PoliticalEvent);
      i += n;
      this.#chunkRows += n;
      if (this.#moved) {
        await this.#write(text);
      } else {
        this.#waiting.push(text);
      }
      if (this.#chunkRows >= this.#flushRows) await this.#handOff();
    }
  }

  /** Writes to the COPY (opening it first, after any move in flight), with back-pressure. */
  async #write(text: string): Promise<void> {
    await this.#settle();
    if (!this.#copy) {
      const stream = this.#client.query(copyFrom(`COPY events_staging (${EVENT_COLUMNS.join(', ')}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      // Observed here so an early server error is not an unhandled rejection; awaited at hand-off.
      done.catch(() => {});
      this.#copy = { stream, done };
    }
    for (const t of this.#waiting.splice(0)) await this.#send(t);
    await this.#send(text);
  }

  async #send(text: string): Promise<void> {
    const copy = this.#copy as { stream: CopyStreamQuery; done: Promise<void> };
    if (!copy.stream.write(text)) await Promise.race([once(copy.stream, 'drain'), copy.done]);
  }

  /** Ends the chunk's COPY and starts moving it into `events`, without waiting for the move. */
  async #handOff(): Promise<void> {
    if (this.#waiting.length > 0) await this.#write('');
    if (this.#copy) {
      const { stream, done } = this.#copy;
      this.#copy = null;
      stream.end();
      await done;
    }
    if (this.#chunkRows === 0) return;
    this.#chunkRows = 0;
    const insert = this.#db.insertInto('events')
      .columns([...EVENT_COLUMNS, 'dyad_key'])
      .expression((eb) => eb.selectFrom('events_staging').select([...EVENT_COLUMNS, dyadKeySql.as('dyad_key')]))
      .onConflict((oc) => oc.columns(['dataset', 'source_event_id']).doNothing())
      .compile();
    this.#moved = false;
    const moving = (async () => {
      const r = await this.#client.query(insert.sql, [...insert.parameters]);
      await this.#client.query('TRUNCATE events_staging');
      this.#inserted += r.rowCount ?? 0;
    })();
    // Observed now so a failure is never unhandled; #settle rethrows it.
    moving.then(() => { this.#moved = true; }, () => {});
    this.#moving = moving;
  }

  async #settle(): Promise<void> {
    const moving = this.#moving;
    this.#moving = null;
    if (moving) await moving;
    this.#moved = true;
  }

  async finish(): Promise<number> {
    await this.#handOff();
    await this.#settle();
    return this.#inserted;
  }

  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    return executeOn(this.#client, query);
  }

  /** Abandons a COPY in progress (the server then fails it) so the client can be discarded. */
  abort(): void {
    this.#copy?.stream.destroy(new Error('event import aborted'));
    this.#copy = null;
    this.#moving?.catch(() => {});
  }
}

async function withEventStaging<T>(pool: pg.Pool, db: Db, flushRows: number, fn: (s: EventStaging) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let staging: PostgresEventStaging | null = null;
  try {
    await beginImport(client, db);
    // The staged columns only (dyad_key is derived on the way into `events`); a temporary table is
    // never WAL-logged, and no index or constraint slows the COPY into it.
    await client.query(`CREATE TEMP TABLE events_staging ON COMMIT DROP AS SELECT ${EVENT_COLUMNS.join(', ')} FROM events WITH NO DATA`);
    staging = new PostgresEventStaging(client, db.withTables<{ events_staging: EventsTable }>(), flushRows);
    const result = await fn(staging);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (e) {
    staging?.abort();
    // The connection may be mid-COPY: discard it rather than reuse it. Its session ends, so the
    // server rolls the transaction back whatever state the protocol was left in.
    client.release(e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
}
