/**
 * What a migration may need to know about the engine, asked of the dialect's adapter (as Kysely's own
 * adapters answer `supportsTransactionalDdl`): never the engine's name. Each engine's dialect
 * (src/store/duckdb/dialect.ts, src/store/postgres/dialect.ts) says what it needs.
 *
 * Frozen with the migrations: a released migration reads only these two answers.
 */
import type { Kysely } from 'kysely';

export interface SchemaTraits {
  /** The events key (dataset, source_event_id) is a constraint the engine enforces (else the import paths keep it unique). */
  readonly eventKeyConstraint: boolean;
  /** Events are indexed for dyad and date filters (engines with zone maps and column scans do without). */
  readonly eventIndexes: boolean;
}

/** An adapter that answers the traits. */
export interface TraitsAdapter {
  readonly schemaTraits: SchemaTraits;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any schema
export function traitsOf(db: Kysely<any>): SchemaTraits {
  const adapter = db.getExecutor().adapter as Partial<TraitsAdapter>;
  if (adapter.schemaTraits === undefined) throw new Error('the database dialect does not state its schema traits (src/store/migrations/traits.ts)');
  return adapter.schemaTraits;
}
