/**
 * The registry: one table per collection. Key columns serve queries ("meetings of this mechanism",
 * "commitments owned by MEX"); `doc` keeps the record exactly as loaded and `position` its place in
 * the loaded array, so a read returns the registry unchanged. Frozen: never edit a released migration.
 */
import type { Kysely } from 'kysely';
import { appliedBefore } from './legacy.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
type Db = Kysely<any>;

function registryTable(db: Db, name: string) {
  return db.schema.createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    // json, not jsonb: both engines keep the text as written (key order included).
    .addColumn('doc', 'json', (c) => c.notNull());
}

export async function up(db: Db): Promise<void> {
  if (await appliedBefore(db, 1)) return;
  await registryTable(db, 'sources').addColumn('kind', 'text', (c) => c.notNull()).addColumn('date', 'text').execute();
  await registryTable(db, 'parties').execute();
  await registryTable(db, 'agencies')
    .addColumn('party', 'text', (c) => c.notNull()).addColumn('kind', 'text', (c) => c.notNull()).execute();
  await registryTable(db, 'terms')
    .addColumn('party', 'text', (c) => c.notNull()).addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date').execute();
  await registryTable(db, 'elections')
    .addColumn('party', 'text', (c) => c.notNull()).addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()).execute();
  await registryTable(db, 'electoral_cycles')
    .addColumn('party', 'text', (c) => c.notNull()).addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'integer', (c) => c.notNull()).addColumn('valid_to', 'integer').execute();
  await registryTable(db, 'issue_areas').execute();
  await registryTable(db, 'mechanisms')
    .addColumn('kind', 'text', (c) => c.notNull()).addColumn('founded', 'text', (c) => c.notNull())
    .addColumn('ended', 'text').addColumn('confidence', 'text', (c) => c.notNull()).execute();
  await registryTable(db, 'meetings')
    .addColumn('mechanism_id', 'text', (c) => c.notNull()).addColumn('date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()).addColumn('level', 'text', (c) => c.notNull()).execute();
  await registryTable(db, 'commitments')
    .addColumn('owner', 'text', (c) => c.notNull()).addColumn('mechanism_id', 'text').addColumn('meeting_id', 'text')
    .addColumn('date', 'text', (c) => c.notNull()).addColumn('due_date', 'text').execute();
  await registryTable(db, 'recommendations')
    .addColumn('document_id', 'text', (c) => c.notNull()).addColumn('date', 'text', (c) => c.notNull()).execute();

  // No foreign keys: a merge may load a meeting before the mechanism it belongs to, and integrity is
  // checked on the whole registry (src/domain/registry/integrity.ts), not row by row.
  await db.schema.createIndex('meetings_mechanism').on('meetings').column('mechanism_id').execute();

  await db.schema.createTable('record_sources')
    .addColumn('collection', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_sources_pk', ['collection', 'record_id', 'source_id'])
    .execute();
  await db.schema.createIndex('record_sources_source').on('record_sources').column('source_id').execute();

  await db.schema.createTable('dataset_loads')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamp', (c) => c.notNull())
    .addColumn('counts', 'json', (c) => c.notNull())
    .execute();
}
