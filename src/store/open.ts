/**
 * Opens the store the environment asks for: PostgreSQL when a database URL is given
 * (option `url` or $INTERMESTIC_DATABASE_URL), else the embedded DuckDB file (option `path`,
 * $INTERMESTIC_DB, or ./data/intermestic.db). Migrations run on open.
 */
import { resolve } from 'node:path';
import type { LastLoad, RegistryRepository } from '../app/ports.ts';
import type { Registry } from '../domain/registry/schema.ts';
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

/**
 * The registry of the configured store read from its snapshot (src/store/duckdb/snapshot.ts), without
 * loading any engine; null when there is no current snapshot (a PostgreSQL store, a new file, a
 * registry not read since its load): then open the store.
 */
export async function openRegistrySnapshot(options: OpenStoreOptions = {}): Promise<RegistryRepository | null> {
  const env = options.env ?? process.env;
  if ((options.url ?? nonEmpty(env.INTERMESTIC_DATABASE_URL)) !== undefined) return null;
  const path = resolve(options.path ?? nonEmpty(env.INTERMESTIC_DB) ?? DEFAULT_DB_PATH);
  const { readSnapshot } = await import('./duckdb/snapshot.ts');
  const snapshot = readSnapshot(path);
  if (snapshot === null) return null;
  return snapshotRepository(snapshot);
}

function snapshotRepository(snapshot: { registry: Registry; load: LastLoad }): RegistryRepository {
  const readOnly = (): never => {
    throw new Error('internal: a registry read from its snapshot cannot be written; open the store');
  };
  return {
    loadRegistry: async () => readOnly(),
    readRegistry: async () => snapshot.registry,
    lastLoad: async () => snapshot.load,
    registryInfo: async () => ({
      label: snapshot.load.label,
      loadedAt: snapshot.load.loadedAt,
      counts: Object.fromEntries(Object.entries(snapshot.registry).map(([k, v]) => [k, (v as unknown[]).length])) as Awaited<ReturnType<RegistryRepository['registryInfo']>>['counts'],
    }),
    recordsCiting: async () => readOnly(),
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
