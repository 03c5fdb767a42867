/**
 * Opens the store the environment asks for: PostgreSQL when a database URL is given
 * (option `url` or $INTERMESTIC_DATABASE_URL), else the embedded DuckDB file (option `path`,
 * $INTERMESTIC_DB, or ./data/intermestic.db). Migrations run on open.
 */
import type { Store } from './store.ts';
import type { SqlStoreOptions } from './sql/sql-store.ts';

export const DEFAULT_DB_PATH = './data/intermestic.db';

export interface OpenStoreOptions extends SqlStoreOptions {
  /** PostgreSQL URL; wins over `path` and the environment. */
  readonly url?: string;
  /** DuckDB file, when no URL is given. */
  readonly path?: string;
  /** Where to read INTERMESTIC_DATABASE_URL and INTERMESTIC_DB (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Opens the configured store, ready to use (schema up to date). Throws StoreOpenError when it cannot. */
export function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const url = options.url ?? nonEmpty(env.INTERMESTIC_DATABASE_URL);
  // Each engine is loaded only when asked for: its driver is the heaviest part of start-up.
  if (url !== undefined) return import('./postgres/open.ts').then((m) => m.openPostgresStore({ ...options, url }));
  const path = options.path ?? nonEmpty(env.INTERMESTIC_DB) ?? DEFAULT_DB_PATH;
  return import('./duckdb/open.ts').then((m) => m.openEmbeddedStore({ ...options, path }));
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
