/**
 * Stores written before the Kysely Migrator (up to release dc172c4) recorded their migrations in
 * `schema_migrations` (version, name, applied_at). Migrations 1–3 check it and do nothing where the
 * old log says they ran; migration 4 drops the old log. So an old store is migrated in place, in the
 * Migrator's one locked transaction, whichever process opens it first.
 *
 * Frozen with the migrations.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export async function appliedBefore(db: Kysely<any>, version: number): Promise<boolean> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === 'schema_migrations')) return false;
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations WHERE version = ${version}`.execute(db);
  return Number(r.rows[0]?.n ?? 0) > 0;
}
