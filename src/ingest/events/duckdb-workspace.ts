/**
 * A DuckDB workspace of ingest's own — an in-memory database in a temporary folder — for stores
 * that are not DuckDB (PostgreSQL): the file is parsed there and the store reads the relation's
 * text. Loaded only when such a store imports a plain GDELT file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
