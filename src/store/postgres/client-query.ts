/** A compiled Kysely query run on one pg client (the client of an import's transaction). */
import type { CompiledQuery, QueryResult } from 'kysely';
import type pg from 'pg';

export async function executeOn<R>(client: pg.PoolClient, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  const r = await client.query(query.sql, [...query.parameters]);
  return { rows: r.rows as R[], numAffectedRows: r.rowCount === null ? undefined : BigInt(r.rowCount) };
}
