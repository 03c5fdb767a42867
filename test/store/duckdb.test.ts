/** The Store contract on the embedded engine (DuckDB), plus what only a file-based store has: its lock. */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openStore } from '../../src/store/open.ts';
import { StoreOpenError } from '../../src/store/store.ts';
import { REPO } from '../support/paths.ts';
import { storeContract } from './contract.ts';
import { registry } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'intermestic-duckdb-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('duckdb', {
  async create(options = {}) {
    const path = join(dir, `store-${++n}.db`);
    const open = () => openStore({ ...options, path, env: {} });
    return {
      store: await open(),
      reopen: open,
      // The store's own database from DuckDB's instance cache: one file is never opened twice in a process.
      query: async (sql) => {
        const connection = await (await DuckDBInstance.fromCache(path)).connect();
        try {
          return (await connection.runAndReadAll(sql)).getRowObjectsJson();
        } finally {
          connection.closeSync();
        }
      },
    };
  },
});

describe('embedded store file', () => {
  test('openStore picks DuckDB at $INTERMESTIC_DB when no database URL is set', async () => {
    const path = join(dir, 'from-env.db');
    const store = await openStore({ env: { INTERMESTIC_DB: path } });
    try {
      assert.equal(store.engine, 'duckdb');
      assert.equal(store.location, path);
    } finally {
      await store.close();
    }
  });

  test('two stores on one file in one process share it and each closes cleanly', async () => {
    const path = join(dir, 'shared.db');
    // Opened at once, before the file exists: both must end up on one instance.
    const [a, b] = await Promise.all([openStore({ path, env: {} }), openStore({ path, env: {} })]);
    await a.loadRegistry(registry(), 'from-a');
    assert.equal((await b.registryInfo()).label, 'from-a');
    await a.close();
    assert.equal((await b.registryInfo()).label, 'from-a');
    await b.close();
    const c = await openStore({ path, env: {} });
    assert.equal((await c.registryInfo()).label, 'from-a');
    await c.close();
  });

  test('a file held by another process: StoreOpenError naming the PID and what to do', async () => {
    // A relative path, as a user would type it: the message must show it as given.
    const path = relative(process.cwd(), join(dir, 'held.db'));
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test', 'store', 'hold-store.ts'), path], {
      cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('holding')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`holder exited early with code ${code}`)));
      });
      await assert.rejects(openStore({ path, env: {} }), (e: unknown) => {
        assert.ok(e instanceof StoreOpenError, `expected StoreOpenError, got ${String(e)}`);
        // DuckDB names the holder's program as the system reports it (a symlink may be resolved).
        const program = e.message.match(/\(PID \d+, ([^)]+)\)/)?.[1] ?? '';
        assert.match(program, /node/);
        assert.equal(e.message,
          `the database file ${path} is in use by another process (PID ${child.pid}, ${program}); ` +
          'stop it (for example a running "intermestic serve") or set INTERMESTIC_DB to another file');
        return true;
      });
    } finally {
      child.stdin.end();
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
    // Once the holder is gone the file opens, with what the holder wrote.
    const store = await openStore({ path, env: {} });
    try {
      assert.equal((await store.registryInfo()).label, 'written-by-holder');
    } finally {
      await store.close();
    }
  });

  test('a file that is not a database: StoreOpenError saying so, file untouched', async () => {
    const path = join(dir, 'not-a-database.db');
    const junk = 'these bytes are not a DuckDB database\n'.repeat(200);
    writeFileSync(path, junk);
    await assert.rejects(openStore({ path, env: {} }), (e: unknown) => {
      assert.ok(e instanceof StoreOpenError);
      assert.match(e.message, /^cannot open the database file .*not-a-database\.db: .*not a valid DuckDB database file/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), junk);
  });
});
