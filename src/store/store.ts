/**
 * The Store: the registry and event repositories of src/app/ports.ts over one database. `duckdb/`
 * (one embedded file, the default) and `postgres/` (for teams) implement it with the SQL written
 * once in `sql/`; test/store/contract.ts runs the same tests on both. Nothing outside the engine
 * folders names an engine.
 */
import type { AlertRepository, EventRepository, RegistryRepository } from '../app/ports.ts';

/** A schema migration recorded in the database. */
export interface AppliedMigration {
  readonly name: string;
  readonly appliedAt: string;
}

export interface Store extends RegistryRepository, EventRepository {
  /** Which engine this is, for messages: "duckdb" or "postgres". */
  readonly engine: 'duckdb' | 'postgres';
  /** Human-readable location: a file path or a URL without password. */
  readonly location: string;
  /** The database file on this machine (embedded stores), as given; null for a database server. Files kept beside it (the secrets' key) go here. */
  readonly dataFile: string | null;
  /** Webhooks, the outbox of alert deliveries and their log. */
  readonly alerts: AlertRepository;
  /** The schema migrations applied to this database, oldest first. */
  migrations(): Promise<AppliedMigration[]>;
  close(): Promise<void>;
}

/** Raised when a store cannot be opened, with the reason in words (e.g. who holds the file lock). */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}
