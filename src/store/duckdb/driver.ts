/**
 * Kysely driver for DuckDB (@duckdb/node-api): a small pool of connections to one database
 * instance, and the conversion of values on the way in and out so rows look the same as the
 * PostgreSQL adapter's (numbers for counts, `YYYY-MM-DD` for dates, ISO text for timestamps).
 */
import {
  DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue, ResultReturnType,
} from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { CompiledQuery } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';

/** Connections to one DuckDB instance, reused. DuckDB connections are cheap; each holds its own transaction. */
export class DuckDBConnectionPool {
  readonly #instance: DuckDBInstance;
  readonly #idle: DuckDBConnection[] = [];
  readonly #all = new Set<DuckDBConnection>();
  #closed = false;

  constructor(instance: DuckDBInstance) {
    this.#instance = instance;
  }

  /** A connection for one caller until release(). */
  async acquire(): Promise<DuckDBConnection> {
    if (this.#closed) throw new Error('the DuckDB store is closed');
    const idle = this.#idle.pop();
    if (idle) return idle;
    const conn = await this.#instance.connect();
    this.#all.add(conn);
    return conn;
  }

  /** Gives a connection back for reuse (or closes it if the pool is closed). */
  release(conn: DuckDBConnection): void {
    if (this.#closed) {
      conn.closeSync();
      return;
    }
    this.#idle.push(conn);
  }

  /** Disconnects every connection (the instance itself is closed by its owner). */
  close(): void {
    this.#closed = true;
    for (const c of this.#all) c.closeSync();
    this.#all.clear();
    this.#idle.length = 0;
  }
}

/** Kysely parameters → DuckDB values. DuckDB infers each parameter's type from its JavaScript value. */
export function toDuckDBParams(parameters: readonly unknown[]): DuckDBValue[] {
  return parameters.map((p): DuckDBValue => {
    if (p === undefined || p === null) return null;
    if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean' || typeof p === 'bigint') return p;
    if (p instanceof Date) return p.toISOString();
    throw new TypeError(`unsupported query parameter for DuckDB: ${Object.prototype.toString.call(p)}`);
  });
}

/** A DuckDB result value as the rest of the store expects it. */
export function fromDuckDBValue(v: DuckDBValue): unknown {
  if (v === null || typeof v !== 'object') {
    // BIGINT and HUGEINT (counts and sums) arrive as bigint; they stay far below 2^53 here.
    return typeof v === 'bigint' ? Number(v) : v;
  }
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBTimestampValue) return new Date(Number(v.micros / 1000n)).toISOString();
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  return v;
}

function fromDuckDBRow(row: Record<string, DuckDBValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in row) out[k] = fromDuckDBValue(row[k] as DuckDBValue);
  return out;
}

/** Runs one compiled statement on a DuckDB connection and returns it as Kysely expects. */
export async function runCompiled<R>(conn: DuckDBConnection, query: CompiledQuery): Promise<QueryResult<R>> {
  const reader = await conn.runAndReadAll(query.sql, toDuckDBParams(query.parameters));
  if (reader.returnType === ResultReturnType.QUERY_RESULT) {
    return { rows: reader.getRowObjects().map((r) => fromDuckDBRow(r) as R) };
  }
  return { rows: [], numAffectedRows: BigInt(reader.rowsChanged) };
}

class DuckDBKyselyConnection implements DatabaseConnection {
  readonly raw: DuckDBConnection;

  constructor(raw: DuckDBConnection) {
    this.raw = raw;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return runCompiled<R>(this.raw, query);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const result = await this.raw.stream(query.sql, toDuckDBParams(query.parameters));
    for await (const rows of result.yieldRowObjects()) {
      yield { rows: rows.map((r) => fromDuckDBRow(r) as R) };
    }
  }
}

export class DuckDBDriver implements Driver {
  readonly #pool: DuckDBConnectionPool;

  constructor(pool: DuckDBConnectionPool) {
    this.#pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new DuckDBKyselyConnection(await this.#pool.acquire());
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      // DuckDB has one isolation level (snapshot) and no read-only transactions.
      throw new Error('DuckDB transactions take no isolation level or access mode');
    }
    await conn.executeQuery(CompiledQuery.raw('BEGIN TRANSACTION'));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    this.#pool.release((conn as DuckDBKyselyConnection).raw);
  }

  async destroy(): Promise<void> {
    this.#pool.close();
  }
}
