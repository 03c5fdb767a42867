/**
 * The embedded store's registry snapshot (src/store/duckdb/snapshot.ts): the registry-only commands
 * read it without loading DuckDB, so it must never be stale — written after every load, removed when
 * a load fails, tied to its own database file — and it lets `health` answer while another process
 * holds the file.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistrySnapshot, openStore } from '../../src/store/open.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';
import { cli } from '../support/cli.ts';
import { REPO } from '../support/paths.ts';
import { registry } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'intermestic-snapshot-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('registry snapshot of the embedded store', () => {
  test('written as the store closes, equal to the stored registry; a load removes it until the next close', async () => {
    const path = join(dir, 'a.db');
    let store = await openStore({ path, env: {} });
    assert.equal(await openRegistrySnapshot({ path, env: {} }), null, 'no snapshot before any load');
    await store.loadRegistry(registry(), 'first');
    const stored = await store.readRegistry();
    await store.close();
    const snap = await openRegistrySnapshot({ path, env: {} });
    assert.ok(snap);
    assert.deepEqual(await snap.readRegistry(), stored);
    assert.equal((await snap.lastLoad())?.label, 'first');
    store = await openStore({ path, env: {} });
    try {
      const second: Registry = { ...registry(), recommendations: [] };
      await store.loadRegistry(second, 'second');
      assert.equal(await openRegistrySnapshot({ path, env: {} }), null, 'no snapshot while a load has changed the registry');
    } finally {
      await store.close();
    }
    const again = await openRegistrySnapshot({ path, env: {} });
    assert.equal((await again?.lastLoad())?.label, 'second');
    assert.deepEqual((await again?.readRegistry())?.recommendations, []);
  });

  test('a failed load removes the snapshot; closing writes the registry that stayed', async () => {
    const path = join(dir, 'b.db');
    let store = await openStore({ path, env: {} });
    await store.loadRegistry(registry(), 'good');
    await store.close();
    assert.ok(await openRegistrySnapshot({ path, env: {} }));
    store = await openStore({ path, env: {} });
    const broken = { ...registry(), mechanisms: [...registry().mechanisms, registry().mechanisms[0]!] };
    await assert.rejects(store.loadRegistry(broken, 'duplicate ids'));
    assert.equal(await openRegistrySnapshot({ path, env: {} }), null);
    await store.close();
    assert.equal((await (await openRegistrySnapshot({ path, env: {} }))?.lastLoad())?.label, 'good');
  });

  test('any change to the file after the snapshot makes it unusable', async () => {
    const path = join(dir, 'd.db');
    const store = await openStore({ path, env: {} });
    await store.loadRegistry(registry(), 'before');
    await store.close();
    assert.ok(await openRegistrySnapshot({ path, env: {} }));
    // Another writer of the file (here DuckDB itself, behind the store's back) changes it.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run("UPDATE registry_loads SET label = 'changed behind the snapshot'");
    await conn.run('CHECKPOINT');
    conn.closeSync();
    instance.closeSync();
    assert.equal(await openRegistrySnapshot({ path, env: {} }), null);
  });

  test('a snapshot beside a replaced database file is not used', async () => {
    const path = join(dir, 'c.db');
    const store = await openStore({ path, env: {} });
    await store.loadRegistry(registry(), 'old file');
    await store.close();
    assert.ok(existsSync(`${path}.registry.json`));
    rmSync(path);
    const fresh = await openStore({ path, env: {} });
    try {
      assert.equal(await fresh.lastLoad(), null);
    } finally {
      await fresh.close();
    }
    assert.equal(await openRegistrySnapshot({ path, env: {} }), null, 'the new file is not the one the snapshot was taken of');
  });

  test('health answers from the snapshot while another process holds the file; event commands name the holder', async () => {
    const path = join(dir, 'held.db');
    const first = await openStore({ path, env: {} });
    await first.loadRegistry(registry(), 'before the holder');
    await first.close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test', 'store', 'hold-store.ts'), path, 'read-only'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('holding')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`holder exited early with code ${code}`)));
      });
      const health = await cli(['health', '--at', '2019-06-01', '--json'], { db: path });
      assert.equal(health.status, 0, health.stderr);
      assert.equal((JSON.parse(health.stdout) as { at: string }).at, '2019-06-01');
      const stats = await cli(['events', 'stats'], { db: path });
      assert.equal(stats.status, 1);
      assert.match(stats.stderr, new RegExp(`in use by another process \\(PID ${child.pid}`));
    } finally {
      child.stdin.end();
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
  });
});
