/**
 * A Kysely dialect for DuckDB. DuckDB speaks PostgreSQL's SQL closely enough, `$1` parameters
 * included, that Kysely's PostgreSQL query compiler serves as is; the driver is DuckDB's own, the
 * introspector reads information_schema (Kysely's Migrator asks it which tables exist), and the
 * adapter says what the migrations need to know of DuckDB.
 */
import { DialectAdapterBase, PostgresQueryCompiler, sql } from 'kysely';
import type {
  DatabaseIntrospector, DatabaseMetadata, Dialect, DialectAdapter, Driver, Kysely, QueryCompiler, SchemaMetadata, TableMetadata,
} from 'kysely';
import type { SchemaTraits, TraitsAdapter } from '../migrations/traits.ts';
import { DuckDBDriver } from './driver.ts';
import type { DuckDBConnectionPool } from './driver.ts';

export class DuckDBAdapter extends DialectAdapterBase implements TraitsAdapter {
  /**
   * No key constraint and no indexes on events: DuckDB's zone maps and column scans serve the filters,
   * and maintaining an index costs more than the rest of a bulk import (3–10× on 500 k events).
   */
  readonly schemaTraits: SchemaTraits = { eventKeyConstraint: false, eventIndexes: false };

  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  override get supportsReturning(): boolean {
    return true;
  }

  // One process holds a DuckDB file at a time (the file lock), so migrations need no lock of their own.
  async acquireMigrationLock(): Promise<void> {}

  async releaseMigrationLock(): Promise<void> {}
}

/** Tables and columns from information_schema: what Kysely's introspection API (and its Migrator) asks. */
export class DuckDBIntrospector implements DatabaseIntrospector {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspection works on any schema
  readonly #db: Kysely<any>;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- introspection works on any schema
  constructor(db: Kysely<any>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const rows = await sql<{ name: string }>`SELECT DISTINCT schema_name AS name FROM information_schema.schemata ORDER BY 1`.execute(this.#db);
    return rows.rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<{ table_schema: string; table_name: string; table_type: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>`
      SELECT t.table_schema, t.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
      FROM information_schema.tables t
      JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
      WHERE t.table_schema NOT IN ('information_schema', 'pg_catalog')
      ORDER BY t.table_schema, t.table_name, c.ordinal_position`.execute(this.#db);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const r of rows.rows) {
      const key = `${r.table_schema}.${r.table_name}`;
      let t = tables.get(key);
      if (!t) {
        t = { name: r.table_name, schema: r.table_schema, isView: r.table_type === 'VIEW', columns: [] };
        tables.set(key, t);
      }
      t.columns.push({
        name: r.column_name, dataType: r.data_type, isNullable: r.is_nullable === 'YES',
        hasDefaultValue: r.column_default !== null, isAutoIncrementing: false,
      });
    }
    return [...tables.values()];
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

export class DuckDBDialect implements Dialect {
  readonly #pool: DuckDBConnectionPool;

  constructor(pool: DuckDBConnectionPool) {
    this.#pool = pool;
  }

  createDriver(): Driver {
    return new DuckDBDriver(this.#pool);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new DuckDBAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Dialect signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new DuckDBIntrospector(db);
  }
}
