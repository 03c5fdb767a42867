/** Statements of an import's transaction on one pg client. */
import { sql, type CompiledQuery, type QueryResult } from 'kysely';
import type pg from 'pg';
import type { Db } from '../sql/schema.ts';

/** A compiled Kysely query run on the client. */
export async function executeOn<R>(client: pg.PoolClient, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  const r = await client.query(query.sql, [...query.parameters]);
  return { rows: r.rows as R[], numAffectedRows: r.rowCount === null ? undefined : BigInt(r.rowCount) };
}

/**
 * Begins an event import's transaction: imports into one database run one after another, whole
 * (the advisory lock is held to the end of the transaction). READ COMMITTED whatever the server's
 * default, so that after waiting for the lock each statement sees what the import before committed.
 */
export async function beginImport(client: pg.PoolClient, db: Db): Promise<void> {
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  await executeOn(client, sql`select pg_advisory_xact_lock(hashtext(${'intermestic:event imports'}))`.compile(db));
}
