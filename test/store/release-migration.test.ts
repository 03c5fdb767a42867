/**
 * Stores written by release dc172c4 (the last before the Kysely Migrator and registry_loads) open
 * with today's code and are migrated in place, on both engines. The stores are rebuilt from the
 * dumps that release's own databases gave (test/fixtures/release-dc172c4, provenance in
 * test/fixtures/README.md): a load of the bundled registry of that day and an import of the GDELT
 * 2.0 sample.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { Registry as RegistrySchema } from '../../src/domain/registry/schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { FIXTURES, SAMPLES } from '../support/paths.ts';

const RELEASE = join(FIXTURES, 'release-dc172c4');
const dir = mkdtempSync(join(tmpdir(), 'intermestic-release-'));
const databases: TestDatabase[] = [];
after(async () => {
  for (const d of databases) await d.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** A DuckDB file rebuilt from the release's EXPORT DATABASE. */
async function releaseDuckDBFile(): Promise<string> {
  const file = join(dir, 'release.db');
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    await conn.run(readFileSync(join(RELEASE, 'duckdb', 'schema.sql'), 'utf8'));
    await conn.run(readFileSync(join(RELEASE, 'duckdb', 'load.sql'), 'utf8').replaceAll('{{dir}}', join(RELEASE, 'duckdb')));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return file;
}

/** A PostgreSQL database restored from the release's pg_dump. */
async function releasePostgresDatabase(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(readFileSync(join(RELEASE, 'postgres.sql'), 'utf8'));
  } finally {
    await client.end();
  }
  return db.url;
}

async function checkMigrated(store: Store): Promise<void> {
  assert.deepEqual((await store.migrations()).map((m) => m.name), ['001-registry', '002-events', '003-dyad-key', '004-registry-loads', '005-developments', '006-assessments', '007-alerts', '008-plover', '009-mentions']);
  // The registry the release loaded is there, whole, under its load label.
  const load = await store.lastLoad();
  assert.equal(load?.label, 'bundled:north-america');
  assert.equal(load?.seq, 1);
  const registry = await store.readRegistry();
  assert.deepEqual(
    [registry.parties.length, registry.mechanisms.length, registry.meetings.length, registry.commitments.length, registry.sources.length],
    [3, 24, 93, 12, 179],
  );
  assert.equal(registry.mechanisms[0]?.id, 'nals');
  // Migration 006: no assessments yet, and the release's recommendations read back in today's shape
  // (no history, no commitments, no cadence asked for), their own fields unchanged.
  assert.deepEqual(registry.assessments, []);
  assert.equal(registry.recommendations.length, 7);
  for (const r of registry.recommendations) assert.deepEqual([r.history, r.commitments, r.cadenceOf], [[], [], []], r.id);
  assert.deepEqual(RegistrySchema.parse(registry), registry);
  assert.deepEqual(Object.keys(registry.recommendations[0]!), Object.keys(RegistrySchema.shape.recommendations.parse([registry.recommendations[0]])[0]!));
  assert.deepEqual((await store.recordsCiting('seed-sarukhan-wilson-2021')).length > 0, true);
  // The events and their import log survive; a series reads them; a re-import adds nothing.
  const stats = await store.eventStats();
  assert.deepEqual(stats.byDataset.map((d) => [d.dataset, d.events]), [['gdelt2', 720]]);
  assert.equal(stats.imports.length, 1);
  const series = await store.eventSeries({ countries: ['USA'], by: 'year' });
  assert.ok(series.length > 0 && series.every((r) => r.events > 0));
  const again = await importEventFile(store, SAMPLES.gdelt2, { rejectsPath: join(dir, 'again.rejects.tsv') });
  assert.deepEqual([again.inserted, again.duplicates], [0, 720]);
  // A new load numbers on from the release's.
  await store.loadRegistry(registry, 'reloaded', 'replace');
  assert.equal((await store.lastLoad())?.seq, 2);
}

describe('a store written by release dc172c4', () => {
  test('DuckDB: the embedded file is migrated in place on open, data kept', async () => {
    const path = await releaseDuckDBFile();
    const store = await openStore({ path, env: {} });
    try {
      await checkMigrated(store);
    } finally {
      await store.close();
    }
    // Opened again: nothing left to migrate, and the old migration log is gone.
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    try {
      const tables = (await conn.runAndReadAll("SELECT table_name FROM information_schema.tables ORDER BY 1")).getRows().map((r) => String(r[0]));
      assert.ok(tables.includes('registry_loads') && !tables.includes('dataset_loads') && !tables.includes('schema_migrations'), tables.join(', '));
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  test('PostgreSQL: the database is migrated in place on open, data kept, keys still enforced', async () => {
    const url = await releasePostgresDatabase();
    const store = await openStore({ url, env: {} });
    try {
      await checkMigrated(store);
    } finally {
      await store.close();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = (await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map((r) => r.table_name);
      assert.ok(tables.includes('registry_loads') && !tables.includes('dataset_loads') && !tables.includes('schema_migrations'), tables.join(', '));
      const pk = await client.query("SELECT 1 FROM pg_constraint WHERE conname = 'events_pk'");
      assert.equal(pk.rowCount, 1);
    } finally {
      await client.end();
    }
  });
});
