/**
 * The embedded store: one DuckDB file, no server. The file comes from DuckDB's instance cache
 * (instance.ts); batches are imported through temporary chunk files (staging.ts), DuckDB relations
 * by one INSERT on the store's own connection (bulk.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kysely, sql } from 'kysely';
import type { DuckDBWorkspace } from '../../app/ports.ts';
import { StoreOpenError } from '../store.ts';
import type { Store } from '../store.ts';
import type { Database, Db } from '../sql/schema.ts';
import { migrate } from '../migrations/index.ts';
import { SqlStore, checkStoreOptions } from '../sql/sql-store.ts';
import type { SqlStoreOptions } from '../sql/sql-store.ts';
import type { EngineBinding } from '../sql/engine.ts';
import { ChunkedStaging, type EventStaging } from '../sql/staging.ts';
import { DuckDBDialect } from './dialect.ts';
import { DuckDBConnectionPool } from './driver.ts';
import { duckdbChunkWriter } from './staging.ts';
import { loadRelation } from './bulk.ts';
import { openDatabaseFile } from './instance.ts';
import { dropSnapshot, writeSnapshot } from './snapshot.ts';
import type { Registry } from '../../domain/registry/schema.ts';
import type { LoadMode } from '../../app/ports.ts';

export interface EmbeddedStoreOptions extends SqlStoreOptions {
  /** The database file, as the user gave it (shown in messages as given). */
  readonly path: string;
  /** DuckDB's memory limit during a bulk insert on a given number of threads (default bulkMemoryLimit, bulk.ts). */
  readonly bulkMemoryLimit?: (threads: number) => string;
}

/** Opens (creating if needed) the DuckDB file and brings its schema up to date. */
export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<Store> {
  checkStoreOptions(options);
  const shown = options.path;
  const { instance, writeLock } = await openDatabaseFile(resolve(shown), shown);
  const pool = new DuckDBConnectionPool(instance);
  const db = new Kysely<Database>({ dialect: new DuckDBDialect(pool) });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.destroy();
    instance.closeSync();
  };
  try {
    await writeLock.run(() => migrate(db));
  } catch (e) {
    await close();
    throw new StoreOpenError(`cannot prepare the database file ${shown}: ${(e as Error).message}`, { cause: e });
  }
  const binding: EngineBinding = {
    engine: 'duckdb',
    location: shown,
    dataFile: shown,
    db,
    writeLock,
    // DuckDB's file lock admits one process: loads need no lock between processes.
    lockRegistryLoads: async () => undefined,
    jsonRows: (json, columns) => {
      const types = { text: 'VARCHAR', timestamp: 'TIMESTAMP', smallint: 'SMALLINT', integer: 'INTEGER', boolean: 'BOOLEAN', double: 'DOUBLE' } as const;
      const shape = JSON.stringify([Object.fromEntries(columns.map(([c, t]) => [c, types[t]]))]);
      return sql`(SELECT unnest(from_json(cast(${json} as VARCHAR), ${shape}), recursive := true)) AS v`;
    },
    withEventStaging: (chunkRows, fn) => withEventStaging(pool, db, chunkRows, fn),
    loadRelation: (relation, record) => loadRelation(db, relation, record, options.bulkMemoryLimit),
    duckdbWorkspace: async (): Promise<DuckDBWorkspace> => {
      const connection = await pool.acquire();
      return { connection, local: true, release: () => pool.release(connection) };
    },
    close,
  };
  return new EmbeddedStore(binding, options, resolve(shown));
}

/** The SQL store on one DuckDB file, keeping the registry's snapshot beside it (snapshot.ts). */
class EmbeddedStore extends SqlStore {
  readonly #file: string;
  #closed = false;

  constructor(binding: EngineBinding, options: SqlStoreOptions, file: string) {
    super(binding, options);
    this.#file = file;
  }

  override loadRegistry(registry: Registry, label: string, mode: LoadMode = 'replace'): Promise<void> {
    return this.withWriteLock(async () => {
      dropSnapshot(this.#file);
      await this.loadInTransaction(registry, label, mode);
    });
  }

  /** Closes the file, then writes the snapshot of the registry it holds (under the write lock, so no load of this process comes in between). */
  override async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.withWriteLock(async () => {
      const load = await this.lastLoad().catch(() => null);
      const registry = load === null ? null : await this.readRegistry().catch(() => null);
      await super.close();
      if (load !== null && registry !== null) writeSnapshot(this.#file, load, registry);
    });
  }
}

async function withEventStaging<T>(pool: DuckDBConnectionPool, db: Db, chunkRows: number, fn: (s: EventStaging) => Promise<T>): Promise<T> {
  const conn = await pool.acquire();
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-import-'));
  let staging: ChunkedStaging<unknown> | null = null;
  try {
    await conn.run('BEGIN TRANSACTION');
    const writer = await duckdbChunkWriter(conn, db, dir);
    staging = new ChunkedStaging(writer, chunkRows) as ChunkedStaging<unknown>;
    const result = await fn(staging);
    await writer.dispose();
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
