/**
 * Kysely's own PostgreSQL dialect, with an adapter that says what the migrations need to know of
 * PostgreSQL, and the advisory locks by which processes sharing one database take turns.
 */
import { PostgresAdapter, PostgresDialect, sql, type DialectAdapter, type Kysely } from 'kysely';
import type { SchemaTraits, TraitsAdapter } from '../migrations/traits.ts';

class IntermesticPostgresAdapter extends PostgresAdapter implements TraitsAdapter {
  /** The key is a constraint (ON CONFLICT and unique checks), and one index serves dyad and date filters. */
  readonly schemaTraits: SchemaTraits = { eventKeyConstraint: true, eventIndexes: true };
}

export class IntermesticPostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new IntermesticPostgresAdapter();
  }
}

/**
 * Serialises registry loads, or event imports, between processes sharing the database: taken at the
 * start of the transaction, held to its end.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any transaction
export async function lockFor(tx: Kysely<any>, what: 'registry loads' | 'event imports'): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`intermestic:${what}`}))`.execute(tx);
}
