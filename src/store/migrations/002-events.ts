/**
 * Political events, flattened from the canonical PoliticalEvent, and the log of imports.
 *
 * The events table has no foreign keys and no references to other tables, so a Citus layout can
 * distribute it (docs/scaling.md). Frozen: never edit a released migration.
 */
import type { Kysely } from 'kysely';
import { appliedBefore } from './legacy.ts';
import { traitsOf } from './traits.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
export async function up(db: Kysely<any>): Promise<void> {
  if (await appliedBefore(db, 2)) return;
  const traits = traitsOf(db);
  let table = db.schema.createTable('events')
    .addColumn('dataset', 'text', (c) => c.notNull())
    .addColumn('source_event_id', 'text', (c) => c.notNull())
    .addColumn('event_date', 'date', (c) => c.notNull())
    .addColumn('src_code', 'text')
    .addColumn('src_name', 'text')
    .addColumn('src_country', 'text')
    .addColumn('src_country_raw', 'text')
    .addColumn('src_sectors', 'text', (c) => c.notNull())
    .addColumn('tgt_code', 'text')
    .addColumn('tgt_name', 'text')
    .addColumn('tgt_country', 'text')
    .addColumn('tgt_country_raw', 'text')
    .addColumn('tgt_sectors', 'text', (c) => c.notNull())
    .addColumn('cameo_code', 'text', (c) => c.notNull())
    .addColumn('root_code', 'text', (c) => c.notNull())
    .addColumn('quad_class', 'smallint', (c) => c.notNull())
    .addColumn('quad_convention', 'text', (c) => c.notNull())
    .addColumn('goldstein', 'double precision')
    .addColumn('intensity', 'double precision')
    .addColumn('num_mentions', 'integer')
    .addColumn('num_sources', 'integer')
    .addColumn('num_articles', 'integer')
    .addColumn('avg_tone', 'double precision')
    .addColumn('is_root_event', 'boolean')
    .addColumn('location_name', 'text')
    .addColumn('location_country', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('source_url', 'text')
    .addColumn('story_id', 'text');
  // Where the engine keeps no key index cheaply (DuckDB: maintaining its ART index costs more than the
  // rest of a bulk import), the key is kept unique by the only write path, which anti-joins against
  // stored rows under the store's write lock.
  if (traits.eventKeyConstraint) table = table.addPrimaryKeyConstraint('events_pk', ['dataset', 'source_event_id']);
  await table.execute();

  if (traits.eventIndexes) {
    // The series and dyad queries select by country pair and period: one index only, since each more slows bulk imports.
    await db.schema.createIndex('events_pair_date').on('events').columns(['src_country', 'tgt_country', 'event_date']).execute();
  }

  await db.schema.createTable('event_imports')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('inserted', 'bigint', (c) => c.notNull())
    .addColumn('duplicates', 'bigint', (c) => c.notNull())
    .addColumn('rejected', 'bigint', (c) => c.notNull())
    .addColumn('imported_at', 'timestamp', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_imports_sha256').on('event_imports').column('sha256').execute();
}
