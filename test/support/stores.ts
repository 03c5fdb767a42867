/**
 * Empty, up-to-date stores for the tests of what a store does with data (imports, queries, rejects),
 * not of how one is created. Each set first opens a store by the real path on a new file or database
 * (which runs every migration) and closes it: that is the set's template. Every store of the set
 * starts as a copy of it (the DuckDB file copied, or a PostgreSQL database made by
 * `CREATE DATABASE … TEMPLATE`) and opens through the same real path, which finds its schema
 * current. A fresh store so costs a file or database copy instead of the migrations (about 100 ms of
 * CPU on DuckDB, 50 ms on PostgreSQL, paid some 160 times in a run). The migrations themselves are
 * tested where they are the subject: the store contract suites, test/store/release-migration.test.ts.
 * For the CLI tests, bundledRegistryFile gives embedded files that also hold the bundled registry.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRegistry } from '../../src/app/registry.ts';
import { servicesOver } from '../../src/compose.ts';
import { openEmbeddedStore } from '../../src/store/duckdb/open.ts';
import { openPostgresStore } from '../../src/store/postgres/open.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase, type TestDatabase } from './postgres.ts';
import { tempDir } from './temp.ts';

export type Engine = 'duckdb' | 'postgres';

let templates = 0;

/**
 * Makes the embedded file `file` by the real path: opened (which runs the migrations), given what
 * `fill` puts in, and closed, which checkpoints it: a write-ahead log left beside it would be each
 * copy's to replay, so one is refused.
 */
async function embeddedTemplate(file: string, fill: (store: Store) => Promise<void> = async () => undefined): Promise<string> {
  const store = await openEmbeddedStore({ path: file });
  try {
    await fill(store);
  } finally {
    await store.close();
  }
  if (existsSync(`${file}.wal`)) throw new Error(`the template store ${file} kept a write-ahead log after closing`);
  return file;
}

export interface FreshStores {
  /** A new empty store: the embedded file `name` in the set's folder, or a new database on the test server. */
  open(name: string): Promise<Store>;
  /** Drops the set's PostgreSQL databases and its template (close the stores first). */
  dispose(): Promise<void>;
}

/** A set of fresh stores of one engine; the embedded files (and the template) go in `dir`. */
export function freshStores(engine: Engine, dir: string): FreshStores {
  const databases: TestDatabase[] = [];
  let template: Promise<string> | null = null;
  const makeTemplate = async (): Promise<string> => {
    if (engine === 'duckdb') return embeddedTemplate(join(dir, `template-${++templates}.db`));
    const db = await createTestDatabase();
    databases.push(db);
    await (await openPostgresStore({ url: db.url })).close();
    return db.name;
  };
  return {
    async open(name) {
      const from = await (template ??= makeTemplate());
      if (engine === 'duckdb') {
        const path = join(dir, name);
        copyFileSync(from, path);
        return openEmbeddedStore({ path });
      }
      const db = await createTestDatabase({ template: from });
      databases.push(db);
      return openPostgresStore({ url: db.url });
    },
    async dispose() {
      // The copies first: the template cannot be dropped while a copy of it is being made.
      for (const d of databases.reverse()) await d.drop();
      databases.length = 0;
      template = null;
    },
  };
}

let registryTemplate: Promise<string> | null = null;

/**
 * Makes `path` a new embedded file holding the bundled registry, as the first command on a new file
 * leaves it, and returns `path`: for the tests of what commands do with the registry, not of a first
 * use (test/cli/smoke.test.ts runs that through the real command). The file is a copy of a template
 * made once per process by the path every command takes on a new file (the store opened, which
 * runs the migrations, then ensureRegistry); a copy saves each such file the migrations, the load
 * and the checkpoint that follows it (about 0.6 s on 2 cores).
 */
export async function bundledRegistryFile(path: string): Promise<string> {
  const template = await (registryTemplate ??= (async () => {
    const file = join(tempDir('intermestic-registry-template-'), 'registry.db');
    return embeddedTemplate(file, async (store) => {
      if (!(await ensureRegistry(servicesOver(store)))) throw new Error(`the template store ${file} already held a registry`);
    });
  })());
  if (existsSync(path)) throw new Error(`bundledRegistryFile: ${path} exists already`);
  copyFileSync(template, path);
  return path;
}
