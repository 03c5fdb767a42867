/** The Store contract on PostgreSQL: a real server (see test/support/postgres.ts), one database per store. */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/open.ts';
import { StoreOpenError } from '../../src/store/store.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestDatabase } from '../support/postgres.ts';
import type { TestDatabase } from '../support/postgres.ts';
import { storeContract } from './contract.ts';

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
    return { store: await open(), reopen: open };
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
    assert.equal((await store.migrations()).length, 3);
  });

  test('two stores opening one new database at once both migrate it, once', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const [a, b] = await Promise.all([openStore({ url: db.url, env: {} }), openStore({ url: db.url, env: {} })]);
    opened.push(a, b);
    assert.deepEqual((await a.migrations()).map((m) => m.version), [1, 2, 3]);
    assert.deepEqual(await a.migrations(), await b.migrations());
  });

  test('an unreachable server: StoreOpenError naming the URL without its password', async () => {
    await assert.rejects(openStore({ url: 'postgres://u:hunter2@127.0.0.1:1/none', env: {} }), (e: unknown) => {
      assert.ok(e instanceof StoreOpenError);
      assert.match(e.message, /^cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/none: /);
      return true;
    });
  });
});
