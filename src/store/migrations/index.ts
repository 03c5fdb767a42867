/**
 * The schema's migrations, run by Kysely's Migrator: the same list for every engine, applied in name
 * order, each once, all pending ones in one transaction under the Migrator's lock (so a failed
 * upgrade leaves the schema as it was, and two processes opening one database do not both migrate).
 * Where engines differ, a migration asks the dialect (traits.ts), never the engine's name.
 *
 * Never edit or renumber a released migration, and never import live code into one: add a new one.
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import * as m001 from './001-registry.ts';
import * as m002 from './002-events.ts';
import * as m003 from './003-dyad-key.ts';
import * as m004 from './004-registry-loads.ts';
import * as m005 from './005-developments.ts';
import * as m006 from './006-assessments.ts';
import * as m007 from './007-alerts.ts';
import * as m008 from './008-plover.ts';
import * as m009 from './009-mentions.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-registry': m001,
  '002-events': m002,
  '003-dyad-key': m003,
  '004-registry-loads': m004,
  '005-developments': m005,
  '006-assessments': m006,
  '007-alerts': m007,
  '008-plover': m008,
  '009-mentions': m009,
};

/** Brings the schema up to date; returns the names of the migrations applied now (empty when up to date). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrate(db: Kysely<any>): Promise<string[]> {
  // Up to date (every open but the first): one query instead of the Migrator's checks of its tables.
  const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db).then((r) => r.rows.map((x) => x.name), () => null);
  if (applied !== null && applied.join('\n') === Object.keys(MIGRATIONS).sort().join('\n')) return [];
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const which = failed ? `migration ${failed.migrationName} failed: ` : '';
    const message = error instanceof Error ? error.message : String(error);
    if (/corrupted migrations: previously executed migration .* is missing/.test(message)) {
      throw new Error('the database has migrations this version of Intermestic does not know: it was written by a newer version', { cause: error });
    }
    throw new Error(`${which}${message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
