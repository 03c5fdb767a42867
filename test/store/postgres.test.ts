/** The Store contract on PostgreSQL: a real server (see test/support/postgres.ts), one database per store. */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openStore } from '../../src/store/open.ts';
import { StoreOpenError } from '../../src/store/store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase } from '../support/postgres.ts';
import type { TestDatabase } from '../support/postgres.ts';
import { storeContract } from './contract.ts';
import { events, registry } from './fixtures.ts';
import type { PoliticalEvent } from '../../src/domain/events/event.ts';

const databases: TestDatabase[] = [];
const opened: Store[] = [];
after(async () => {
  // Stores a failing test left open would keep their database busy.
  for (const s of opened) await s.close();
  for (const d of databases) await d.drop();
});

storeContract('postgres', {
  async create(options = {}) {
    const db = await createTestDatabase();
    databases.push(db);
    const open = async () => {
      const s = await openStore({ ...options, url: db.url, env: {} });
      opened.push(s);
      return s;
    };
    return {
      store: await open(),
      reopen: open,
      query: async (sql) => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          return (await client.query(sql)).rows as Record<string, unknown>[];
        } finally {
          await client.end();
        }
      },
    };
  },
});

describe('postgres store', () => {
  test('openStore picks PostgreSQL from $INTERMESTIC_DATABASE_URL and hides the password', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const url = new URL(db.url);
    url.password = 'secret';
    const store = await openStore({ env: { INTERMESTIC_DATABASE_URL: url.toString(), INTERMESTIC_DB: '/nonexistent/x.db' } });
    opened.push(store);
    assert.equal(store.engine, 'postgres');
    assert.ok(!store.location.includes('secret'), store.location);
    assert.equal((await store.migrations()).length, 9);
  });

  test('two stores opening one new database at once both migrate it, once', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const [a, b] = await Promise.all([openStore({ url: db.url, env: {} }), openStore({ url: db.url, env: {} })]);
    opened.push(a, b);
    assert.deepEqual((await a.migrations()).map((m) => m.name), ['001-registry', '002-events', '003-dyad-key', '004-registry-loads', '005-developments', '006-assessments', '007-alerts', '008-plover', '009-mentions']);
    assert.deepEqual(await a.migrations(), await b.migrations());
  });

  test('two processes importing and loading into one database at once both land, numbered apart', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const [a, b] = await Promise.all([openStore({ url: db.url, env: {} }), openStore({ url: db.url, env: {} })]);
    opened.push(a, b);
    const all = events();
    const half = Math.floor(all.length / 2);
    async function* one(list: readonly PoliticalEvent[]): AsyncGenerator<PoliticalEvent[]> {
      yield [...list];
    }
    const meta = (file: string) => ({ file, format: 'gdelt2' as const, sha256: file, rejected: 0 });
    await Promise.all([
      a.bulkLoad({ kind: 'batches', batches: one(all.slice(0, half)) }, meta('a')),
      b.bulkLoad({ kind: 'batches', batches: one(all.slice(half)) }, meta('b')),
      a.loadRegistry(registry(), 'a', 'replace'),
      b.loadRegistry(registry(), 'b', 'merge'),
    ]);
    const stats = await a.eventStats();
    assert.equal(stats.total, all.length);
    assert.deepEqual(stats.imports.map((i) => i.file).sort(), ['a', 'b']);
  });

  test('an unreachable server: StoreOpenError naming the URL without its password', async () => {
    await assert.rejects(openStore({ url: 'postgres://u:hunter2@127.0.0.1:1/none', env: {} }), (e: unknown) => {
      assert.ok(e instanceof StoreOpenError);
      assert.match(e.message, /^cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/none: /);
      return true;
    });
  });
});
