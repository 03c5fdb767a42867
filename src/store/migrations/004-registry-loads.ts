/**
 * One name per idea: the log of registry loads is `registry_loads` ("dataset" names an event source).
 * Also drops the log of the migrator that came before Kysely's (see legacy.ts). Frozen.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dataset_loads').renameTo('registry_loads').execute();
  await sql`DROP TABLE IF EXISTS schema_migrations`.execute(db);
}
