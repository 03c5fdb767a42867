/**
 * The undirected dyad of every event, `dyad_key` (see docs/scaling.md): the column a Citus layout
 * distributes `events` by, and what dyad and group filters select on. Filled here for the rows
 * already stored; the import paths compute it on insert from the same columns (dyadKeySql).
 */
import { sql } from 'kysely';
import { dyadKeySql } from '../event-rows.ts';
import type { Migration } from './migration.ts';

export const dyadKey: Migration = {
  version: 3,
  name: 'dyad-key',
  async up(tx, engine) {
    await tx.schema.alterTable('events').addColumn('dyad_key', 'text').execute();
    await sql`UPDATE events SET dyad_key = ${dyadKeySql}`.execute(tx);
    await tx.schema.alterTable('events').alterColumn('dyad_key', (c) => c.setNotNull()).execute();
    if (engine === 'postgres') {
      // A dyad or group series selects by dyad_key and period. It replaces the index on
      // (src_country, tgt_country, event_date), which served the same queries through the country
      // conditions: one index still, so imports pay for no more than before.
      await tx.schema.dropIndex('events_pair_date').execute();
      await tx.schema.createIndex('events_dyad_date').on('events').columns(['dyad_key', 'event_date']).execute();
    }
  },
};
