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
import type { DuckDBWorkspace } from '../../app/ports.ts';

export async function memoryWorkspace(): Promise<DuckDBWorkspace> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-parse-'));
  // DuckDB spills to this folder, not to a ".tmp" in the working directory.
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: join(dir, 'duckdb') });
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
