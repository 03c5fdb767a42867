/**
 * The undirected dyad of every event, `dyad_key` (docs/scaling.md): the column a Citus layout
 * distributes `events` by, and what dyad and group filters select on. Filled here for the rows stored
 * before; the import paths compute it on insert. Frozen: the SQL is written out here, not imported.
 */
import { sql, type Kysely } from 'kysely';
import { appliedBefore } from './legacy.ts';
import { traitsOf } from './traits.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
export async function up(db: Kysely<any>): Promise<void> {
  if (await appliedBefore(db, 3)) return;
  await db.schema.alterTable('events').addColumn('dyad_key', 'text').execute();
  await sql`UPDATE events SET dyad_key = CASE
    WHEN src_country IS NULL THEN (CASE WHEN tgt_country IS NULL THEN '~-~' ELSE tgt_country || '-~' END)
    WHEN tgt_country IS NULL THEN src_country || '-~'
    WHEN src_country <= tgt_country THEN src_country || '-' || tgt_country
    ELSE tgt_country || '-' || src_country END`.execute(db);
  await db.schema.alterTable('events').alterColumn('dyad_key', (c) => c.setNotNull()).execute();
  if (traitsOf(db).eventIndexes) {
    // A dyad or group series selects by dyad_key and period; this replaces the country-pair index.
    await db.schema.dropIndex('events_pair_date').execute();
    await db.schema.createIndex('events_dyad_date').on('events').columns(['dyad_key', 'event_date']).execute();
  }
}
