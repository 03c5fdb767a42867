/**
 * PLOVER-coded events (POLECAT) beside CAMEO-coded ones: a PLOVER source's own event type, mode and
 * contexts (contexts as `|a|b|`, empty when none), NULL on every CAMEO-coded row; and the CAMEO code
 * and root made nullable, since a PLOVER event has none (none is invented). Stored rows are unchanged.
 * Frozen: never edit a released migration.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('plover_type', 'text').execute();
  await db.schema.alterTable('events').addColumn('plover_mode', 'text').execute();
  await db.schema.alterTable('events').addColumn('plover_contexts', 'text').execute();
  await db.schema.alterTable('events').alterColumn('cameo_code', (c) => c.dropNotNull()).execute();
  await db.schema.alterTable('events').alterColumn('root_code', (c) => c.dropNotNull()).execute();
}
