/**
 * The PostgreSQL store, for teams sharing one database: Kysely's PostgreSQL dialect over a pg Pool;
 * batches imported through COPY into a staging table (staging.ts), DuckDB relations through COPY
 * straight into `events` (bulk.ts).
 */
import pg from 'pg';
import { Kysely, sql } from 'kysely';
import { StoreOpenError } from '../store.ts';
import type { Store } from '../store.ts';
import type { Database, Db, EventsTable } from '../sql/schema.ts';
import { migrate } from '../migrations/index.ts';
import { SqlStore, checkStoreOptions } from '../sql/sql-store.ts';
import type { SqlStoreOptions } from '../sql/sql-store.ts';
import type { EngineBinding } from '../sql/engine.ts';
import { ChunkedStaging, type EventStaging } from '../sql/staging.ts';
import { EVENT_COLUMNS } from '../sql/event-rows.ts';
import { WriteLock } from '../sql/write-lock.ts';
import { IntermesticPostgresDialect, lockFor } from './dialect.ts';
import { postgresChunkWriter } from './staging.ts';
import { loadRelation, loadStream } from './bulk.ts';
import { beginImport } from './transaction.ts';

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
  const db = new Kysely<Database>({ dialect: new IntermesticPostgresDialect({ pool }) });
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await db.destroy();
    throw new StoreOpenError(`cannot connect to PostgreSQL at ${location}: ${(e as Error).message}`, { cause: e });
  }
  try {
    await migrate(db);
  } catch (e) {
    await db.destroy();
    throw new StoreOpenError(`cannot prepare the PostgreSQL database at ${location}: ${(e as Error).message}`, { cause: e });
  }
  let closed = false;
  const binding: EngineBinding = {
    engine: 'postgres',
    location,
    dataFile: null,
    db,
    writeLock: new WriteLock(),
    lockRegistryLoads: (tx) => lockFor(tx, 'registry loads'),
    lockEventImports: (tx) => lockFor(tx, 'event imports'),
    jsonRows: (json, columns) => {
      const types = { text: 'text', timestamp: 'timestamp', smallint: 'smallint', integer: 'integer', boolean: 'boolean', double: 'double precision' } as const;
      return sql`json_to_recordset(cast(${json} as json)) AS v(${sql.raw(columns.map(([c, t]) => `${c} ${types[t]}`).join(', '))})`;
    },
    withEventStaging: (chunkRows, fn) => withEventStaging(pool, db, chunkRows, fn),
    loadRelation: (relation, record) => loadRelation(pool, db, relation, record),
    loadStream: (stream, record) => loadStream(pool, db, stream, record),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  return new SqlStore(binding, options);
}

async function withEventStaging<T>(pool: pg.Pool, db: Db, chunkRows: number, fn: (s: EventStaging) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let staging: ChunkedStaging<unknown> | null = null;
  try {
    await beginImport(client, db);
    // The staged columns only (dyad_key is derived on the way into `events`); a temporary table is
    // never WAL-logged, and no index or constraint slows the COPY into it.
    await client.query(`CREATE TEMP TABLE events_staging ON COMMIT DROP AS SELECT ${EVENT_COLUMNS.join(', ')} FROM events WITH NO DATA`);
    staging = new ChunkedStaging(postgresChunkWriter(client, db.withTables<{ events_staging: EventsTable }>()), chunkRows) as ChunkedStaging<unknown>;
    const result = await fn(staging);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (e) {
    await staging?.abandon();
    // The connection may be mid-COPY: discard it rather than reuse it. Its session ends, so the
    // server rolls the transaction back whatever state the protocol was left in.
    client.release(e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
}
