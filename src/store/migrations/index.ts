/**
 * Versioned migrations, the same list for every engine. Each runs once; `schema_migrations` records
 * its version and when it was applied. All pending migrations apply in one transaction, so a failed
 * upgrade leaves the schema as it was.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../schema.ts';
import type { Engine, Migration } from './migration.ts';
import { registry } from './001-registry.ts';
import { events } from './002-events.ts';
import { dyadKey } from './003-dyad-key.ts';

export type { Engine, Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [registry, events, dyadKey];

/** Applies the migrations not yet recorded; returns the versions applied now (empty when up to date). */
export async function migrate(db: Db, engine: Engine, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkOrder(migrations);
  return db.transaction().execute(async (tx) => {
    if (engine === 'postgres') {
      // Two processes opening the same database at once must not both create the tables.
      await sql`SELECT pg_advisory_xact_lock(hashtext('intermestic:migrations'))`.execute(tx);
    }
    await tx.schema.createTable('schema_migrations').ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'timestamp', (c) => c.notNull())
      .execute();
    const done = new Set((await tx.selectFrom('schema_migrations').select('version').execute()).map((r) => Number(r.version)));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Error(`the database has migrations this version of Intermestic does not know (${unknown.join(', ')}): it was written by a newer version`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await apply(tx, engine, m);
      applied.push(m.version);
    }
    return applied;
  });
}

async function apply(tx: Tx, engine: Engine, m: Migration): Promise<void> {
  try {
    await m.up(tx, engine);
  } catch (e) {
    throw new Error(`migration ${m.version} (${m.name}) failed on ${engine}: ${(e as Error).message}`, { cause: e });
  }
  await tx.insertInto('schema_migrations').values({ version: m.version, name: m.name, applied_at: new Date().toISOString() }).execute();
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order: position ${i + 1} holds version ${m.version} (${m.name})`);
  });
}
