/**
 * Distribution readiness (docs/scaling.md), on the real PostgreSQL test server: `events` has no
 * foreign keys, every event carries the undirected `dyad_key` of its actor countries, and a dyad
 * query filters on `dyad_key` (what the Citus router planner needs). The key is checked on DuckDB too.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import type { PoliticalEvent } from '../../src/domain/events/event.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { readEvents } from '../../src/ingest/events/index.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase } from '../support/postgres.ts';
import type { TestDatabase } from '../support/postgres.ts';
import { SAMPLES } from '../support/paths.ts';
import { events, inBatches } from './fixtures.ts';

const SAMPLE = SAMPLES.gdelt2;

const databases: TestDatabase[] = [];
const opened: Store[] = [];
const dirs: string[] = [];
after(async () => {
  for (const s of opened) await s.close();
  for (const d of databases) await d.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The key as docs/scaling.md defines it, written independently of the store's code. */
const expectedKey = (e: PoliticalEvent): string => [e.source.country ?? '~', e.target.country ?? '~'].sort().join('-');

/** Events with a missing country on one side or both (E13 has no source country). */
function missingCountryEvents(): PoliticalEvent[] {
  const e13 = events()[12] as PoliticalEvent;
  return [
    e13,
    { ...e13, sourceEventId: '9001', source: e13.target, target: e13.source },
    { ...e13, sourceEventId: '9002', target: e13.source },
  ];
}

/** Expected dyad_key of every event of the real sample, by event id, from the reader itself. */
async function sampleKeys(): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for await (const batch of readEvents(SAMPLE, { format: 'gdelt2' })) for (const e of batch) keys.set(e.sourceEventId, expectedKey(e));
  return keys;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'intermestic-citus-'));
  dirs.push(d);
  return d;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function assertKeys(rows: readonly { source_event_id: string; dyad_key: string }[], expected: ReadonlyMap<string, string>): void {
  assert.equal(rows.length, expected.size);
  assert.ok(rows.length > 100, `the sample holds ${rows.length} events`);
  const wrong = rows.filter((r) => r.dyad_key !== expected.get(r.source_event_id));
  assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} events with a wrong dyad_key`);
}

const MISSING_KEYS = { '1013': 'MEX-~', '9001': 'MEX-~', '9002': '~-~' };

describe('Citus layout on PostgreSQL', () => {
  test('events and mentions have no foreign keys, to or from them', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    opened.push(await openStore({ url: db.url, env: {} }));
    const fks = await withClient(db.url, async (c) => (await c.query(`
      SELECT tc.constraint_name FROM information_schema.table_constraints tc
      WHERE tc.constraint_type = 'FOREIGN KEY'
        AND (tc.table_name IN ('events', 'mentions') OR tc.constraint_name IN (
          SELECT constraint_name FROM information_schema.constraint_column_usage WHERE table_name IN ('events', 'mentions')))`)).rows);
    assert.deepEqual(fks, []);
    // mentions is distributed by event_id (docs/scaling.md): the column exists and is never null.
    const eventId = await withClient(db.url, async (c) => (await c.query(
      `SELECT is_nullable FROM information_schema.columns WHERE table_name = 'mentions' AND column_name = 'event_id'`)).rows);
    assert.deepEqual(eventId, [{ is_nullable: 'NO' }]);
    const columns = await withClient(db.url, async (c) => (await c.query(
      `SELECT is_nullable FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'dyad_key'`)).rows);
    assert.deepEqual(columns, [{ is_nullable: 'NO' }]);
  });

  test('dyad_key is the sorted pair of actor countries of every real event imported, and of events missing a country', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const store = await openStore({ url: db.url, env: {} });
    opened.push(store);
    const result = await importEventFile(store, SAMPLE, { format: 'gdelt2', rejectsPath: join(tempDir(), 'rejects.tsv') });
    const expected = await sampleKeys();
    assert.equal(result.inserted, expected.size);
    const rows = await withClient(db.url, async (c) => (await c.query(`SELECT source_event_id, dyad_key FROM events`)).rows as { source_event_id: string; dyad_key: string }[]);
    assertKeys(rows, expected);

    await store.bulkLoad({ kind: 'batches', batches: inBatches(missingCountryEvents(), 2) }, { file: 'missing.tsv', format: 'gdelt2', sha256: 'b'.repeat(64), rejected: 0 });
    const missing = await withClient(db.url, async (c) => (await c.query(
      `SELECT source_event_id, dyad_key FROM events WHERE source_event_id IN ('1013', '9001', '9002') ORDER BY source_event_id`)).rows);
    assert.deepEqual(Object.fromEntries(missing.map((r: { source_event_id: string; dyad_key: string }) => [r.source_event_id, r.dyad_key])), MISSING_KEYS);
  });

  test('a dyad series and a group series filter on dyad_key, through its index', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const store = await openStore({ url: db.url, env: {} });
    opened.push(store);
    await store.bulkLoad({ kind: 'batches', batches: inBatches(events(), 5) }, { file: 'f.tsv', format: 'gdelt2', sha256: 'c'.repeat(64), rejected: 0 });

    // Capture the statements the store sends (Kysely's pg driver calls client.query(sql, params)).
    const seen: { sql: string; params: unknown[] }[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      if (typeof args[0] === 'string') seen.push({ sql: args[0], params: Array.isArray(args[1]) ? (args[1] as unknown[]) : [] });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    let dyad: typeof seen;
    let group: typeof seen;
    try {
      const rows = await store.eventSeries({ countries: ['USA', 'MEX'], by: 'month' });
      assert.equal(rows.reduce((n, r) => n + r.events, 0), 6); // E1–E4, E8, E10
      dyad = seen.splice(0);
      const groupRows = await store.eventSeries({ countries: ['USA', 'MEX', 'CAN'], by: 'month' });
      assert.equal(groupRows.reduce((n, r) => n + r.events, 0), 10); // E1–E8, E10, E12
      group = seen.splice(0);
    } finally {
      pg.Client.prototype.query = original;
    }
    const series = (list: typeof seen) => {
      const q = list.find((s) => /from "events"/i.test(s.sql));
      assert.ok(q, 'the series statement was captured');
      return q;
    };
    const d = series(dyad);
    assert.match(d.sql, /"dyad_key" = \$\d+/);
    assert.ok(d.params.includes('MEX-USA'), JSON.stringify(d.params));
    const g = series(group);
    assert.match(g.sql, /"dyad_key" in \(\$\d+, \$\d+, \$\d+\)/);
    for (const k of ['CAN-MEX', 'CAN-USA', 'MEX-USA']) assert.ok(g.params.includes(k), JSON.stringify(g.params));

    // The plan selects by dyad_key through the (dyad_key, event_date) index (a tiny table would be
    // scanned whole otherwise, so sequential scans are ruled out for the check).
    const plan = await withClient(db.url, async (c) => {
      await c.query('SET enable_seqscan = off');
      const r = await c.query(`EXPLAIN ${d.sql}`, d.params);
      return r.rows.map((x: { 'QUERY PLAN': string }) => x['QUERY PLAN']).join('\n');
    });
    assert.match(plan, /events_dyad_date/);
    assert.match(plan, /Index Cond: \(dyad_key = /);
  });
});

describe('dyad_key on DuckDB', () => {
  test('dyad_key is the sorted pair of actor countries of every real event imported, and of events missing a country', async () => {
    const file = join(tempDir(), 'citus.db');
    const store = await openStore({ path: file, env: {} });
    try {
      await importEventFile(store, SAMPLE, { format: 'gdelt2', rejectsPath: join(tempDir(), 'rejects.tsv') });
      await store.bulkLoad({ kind: 'batches', batches: inBatches(missingCountryEvents(), 2) }, { file: 'missing.tsv', format: 'gdelt2', sha256: 'b'.repeat(64), rejected: 0 });
    } finally {
      await store.close();
    }
    const expected = await sampleKeys();
    const instance = await DuckDBInstance.create(file);
    try {
      const conn = await instance.connect();
      const read = async (q: string) => (await conn.runAndReadAll(q)).getRowObjectsJS() as { source_event_id: string; dyad_key: string }[];
      assertKeys(await read(`SELECT source_event_id, dyad_key FROM events WHERE dataset = 'gdelt2' AND source_event_id NOT IN ('1013', '9001', '9002')`), expected);
      const missing = await read(`SELECT source_event_id, dyad_key FROM events WHERE source_event_id IN ('1013', '9001', '9002') ORDER BY source_event_id`);
      assert.deepEqual(Object.fromEntries(missing.map((r) => [r.source_event_id, r.dyad_key])), MISSING_KEYS);
      conn.closeSync();
    } finally {
      instance.closeSync();
    }
  });
});
