/** What an engine contributes to the store written once over SQL (sql-store.ts). */
import type { CompiledQuery, QueryResult, RawBuilder } from 'kysely';
import type { DuckDBWorkspace, EventImportResult, EventRelation, EventStream } from '../../app/ports.ts';
import type { Db, Tx } from './schema.ts';
import type { EventStaging } from './staging.ts';
import type { WriteLock } from './write-lock.ts';

/** Column types a jsonRows() row may have. */
export type JsonRowType = 'text' | 'timestamp' | 'smallint' | 'integer' | 'boolean' | 'double';

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
  /** Called first in a mentions import's transaction, as lockRegistryLoads (engines one process owns need none). */
  lockEventImports?(tx: Tx): Promise<void>;
  /**
   * Runs fn in one import transaction with a staging area for batches: committed if fn resolves,
   * rolled back if it throws. Engines shared by processes serialise imports from the transaction's start.
   */
  withEventStaging<T>(chunkRows: number, fn: (staging: EventStaging) => Promise<T>): Promise<T>;
  /** Loads a relation's events in one import transaction; `record` logs the import inside it. */
  loadRelation(relation: EventRelation, record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>): Promise<EventImportResult>;
  /** Loads a stream's events while they are checked (EventStream); the store refuses streams on an engine without it (ingest gives the embedded store relations). */
  loadStream?(stream: EventStream, record: (tx: ImportTransaction, result: EventImportResult) => Promise<void>): Promise<EventImportResult>;
  /**
   * Rows from one JSON parameter (an array of objects with these columns), as a FROM item aliased `v`:
   * a chunk of thousands of rows as one parameter, which both engines unpack natively
   * (PostgreSQL json_to_recordset, DuckDB from_json) far faster than they bind thousands of parameters.
   */
  jsonRows(json: string, columns: readonly (readonly [name: string, type: JsonRowType])[]): RawBuilder<unknown>;
  /** A connection on the store's own DuckDB database (DuckDB only). */
  readonly duckdbWorkspace?: () => Promise<DuckDBWorkspace>;
  close(): Promise<void>;
}
