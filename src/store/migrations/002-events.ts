/**
 * Political events, flattened from the canonical PoliticalEvent, and the log of imports.
 *
 * For a later Citus layout the events table stays free of foreign keys and of references to other
 * tables: it can be distributed by (dataset, source_event_id) as it is, or by a country-pair column
 * added to the key; the registry tables and event_imports would become reference tables.
 */
import type { Migration } from './migration.ts';

export const events: Migration = {
  version: 2,
  name: 'events',
  async up(tx, engine) {
    let table = tx.schema.createTable('events')
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
    if (engine === 'postgres') {
      table = table.addPrimaryKeyConstraint('events_pk', ['dataset', 'source_event_id']);
    }
    // DuckDB: no primary key. Maintaining its ART index costs more than the rest of a bulk import
    // (inserting 500k events took 3–10× longer with it than with an anti-join), so the key
    // (dataset, source_event_id) is kept unique by the only write path, importEvents, which anti-joins
    // against stored rows under the store's write lock; DuckDB's file lock keeps other processes out.
    await table.execute();

    if (engine === 'postgres') {
      // The series and dyad queries select by country pair and period. One index only: each more
      // slows bulk imports (measured ~15% for a second one on event_date). DuckDB needs none: its
      // zone maps and columnar scans serve these filters, and indexes slow its bulk loads.
      await tx.schema.createIndex('events_pair_date').on('events').columns(['src_country', 'tgt_country', 'event_date']).execute();
    }

    await tx.schema.createTable('event_imports')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('inserted', 'bigint', (c) => c.notNull())
      .addColumn('duplicates', 'bigint', (c) => c.notNull())
      .addColumn('rejected', 'bigint', (c) => c.notNull())
      .addColumn('imported_at', 'timestamp', (c) => c.notNull())
      .execute();
    await tx.schema.createIndex('event_imports_sha256').on('event_imports').column('sha256').execute();
  },
};
