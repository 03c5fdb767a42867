/**
 * A DuckDB workspace of ingest's own — an in-memory database in a temporary folder — for stores
 * that are not DuckDB (PostgreSQL): the file is parsed there and the store reads the relation's
 * text; and the text appender that ingest's DuckDB work shares (the GDELT lookups, the Parquet
 * export's staging). DuckDB itself is loaded only when a workspace is made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type RawBuilder } from 'kysely';
import type { DuckDBWorkspace } from '../../app/ports.ts';

/** Compiles SQL for DuckDB, which reads PostgreSQL's dialect (no connection: compile only). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- compile-only, any schema
const compiler = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/**
 * The text of a statement of ingest's DuckDB work, every value inlined by `sql.lit` (its statements
 * take no parameters: a DDL or COPY statement cannot, and the rest run once).
 */
export function duckdbText(q: RawBuilder<unknown>): string {
  const c = q.compile(compiler);
  if (c.parameters.length > 0) throw new Error('internal: a DuckDB statement of ingest has parameters');
  return c.sql;
}

/** `threads`: DuckDB's worker threads (its default: one a core). */
export async function memoryWorkspace(options: { readonly threads?: number } = {}): Promise<DuckDBWorkspace> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-parse-'));
  // DuckDB spills to this folder, not to a ".tmp" in the working directory.
  const instance = await DuckDBInstance.create(':memory:', {
    temp_directory: join(dir, 'duckdb'),
    ...(options.threads !== undefined ? { threads: String(options.threads) } : {}),
  });
  const connection = await instance.connect();
  return {
    connection,
    local: false,
    release: () => {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Appends rows of text (or NULL) to a table of the connection, in the default database or, with
 * `temp`, among its temporary tables: DuckDB's fastest way in.
 */
export async function appendText(conn: DuckDBConnection, table: string, rows: Iterable<readonly (string | null)[]>, where?: 'temp'): Promise<void> {
  const appender = where === 'temp' ? await conn.createAppender(table, 'main', 'temp') : await conn.createAppender(table);
  try {
    for (const row of rows) {
      for (const v of row) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
