/** What an engine contributes to the store written once over SQL (sql-store.ts). */
import type { CompiledQuery, QueryResult } from 'kysely';
import type { DuckDBWorkspace, EventImportResult, EventRelation } from '../../app/ports.ts';
import type { Db, Tx } from './schema.ts';
import type { EventStaging } from './staging.ts';
import type { WriteLock } from './write-lock.ts';

/** Runs statements inside an import's transaction. */
export interface ImportTransaction {
  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

export interface EngineBinding {
  /** For messages: "duckdb" or "postgres". */
  readonly engine: 'duckdb' | 'postgres';
  readonly location: string;
  /** The database file, for an embedded engine; null for a server. */
  readonly dataFile: string | null;
  readonly db: Db;
  /** Serialises this process's writes to the database. */
  readonly writeLock: WriteLock;
  /** Called first in a registry load's transaction: engines shared by processes take turns from here. */
  lockRegistryLoads(tx: Tx): Promise<void>;
  /**
   * Runs fn in one import transaction with a staging area for batches: committed if fn resolves,
   * rolled back if it throws. Engines shared by processes serialise imports from the transaction's start.
   */
  withEventStaging<T>(chunkRows: number, fn: (staging: EventStaging) => Promise<T>): Promise<T>;
  /** Loads a relation's events in one import transaction; `record` logs the import inside it. */
  loadRelation(relation: EventRelation, record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>): Promise<EventImportResult>;
  /** A connection on the store's own DuckDB database (DuckDB only). */
  readonly duckdbWorkspace?: () => Promise<DuckDBWorkspace>;
  close(): Promise<void>;
}
