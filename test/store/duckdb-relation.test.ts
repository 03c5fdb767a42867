/**
 * The embedded store's load of a file DuckDB parsed (readWithDuckDB, then bulk.ts): the file is read
 * twice, first for the checks and then by the write, under DuckDB settings changed for the write.
 * A file changed or gone in between stores nothing and says why; the settings come back either way;
 * a write that runs out of memory under the store's limit is made again without it.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { DuckDBDeclined, readWithDuckDB, type DuckDBReadPlan } from '../../src/ingest/events/formats/gdelt/duckdb.ts';
import { openEmbeddedStore } from '../../src/store/duckdb/open.ts';
import type { Store } from '../../src/store/store.ts';
import { GDELT2, fileLines, gdeltPlan, manySampleRows, tempDir } from '../ingest/support.ts';

const tmp = tempDir('intermestic-duckdb-relation-');
after(() => tmp.cleanup());

/** The plan the pipeline makes, with `review` (run between the two reads) doing `meanwhile`. */
function plan(file: string, workspace: DuckDBReadPlan['workspace'], meanwhile: () => void = () => undefined): DuckDBReadPlan {
  return gdeltPlan(file, workspace, { review: async () => meanwhile() });
}

/** Reads `file` on the store's connection, then loads it; the settings seen afterwards on that connection. */
async function load(store: Store, file: string, meanwhile?: () => void): Promise<{ result: Promise<{ inserted: number; duplicates: number }>; before: unknown[]; settings: () => Promise<unknown[]> }> {
  const workspace = await store.duckdbWorkspace!();
  const settings = async (): Promise<unknown[]> => (await workspace.connection.runAndReadAll(
    "SELECT current_setting('preserve_insertion_order'), current_setting('disabled_optimizers'), current_setting('memory_limit')")).getRows()[0]!;
  const before = await settings();
  const result = (async () => {
    const parsed = await readWithDuckDB(plan(file, workspace, meanwhile));
    try {
      return await store.bulkLoad({ kind: 'relation', relation: parsed }, { file, format: 'gdelt2', sha256: 'x', rejected: 0 });
    } finally {
      await parsed.dispose();
    }
  })();
  result.catch(() => undefined);
  return { result: result.finally(() => workspace.release()), before, settings };
}

describe('duckdb: a file read twice by the embedded store', () => {
  test('rows appended between the checks and the write: nothing stored, the error says why, the settings back', async () => {
    const store = await openEmbeddedStore({ path: tmp.path('appended.db') });
    try {
      const file = tmp.path('appended.export.CSV');
      const lines = fileLines(GDELT2);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const { result, before, settings } = await load(store, file, () => appendFileSync(file, `${lines[0]}\n`));
      await assert.rejects(result, /appended\.export\.CSV changed while it was being imported: nothing of it is stored/);
      assert.deepEqual(await settings(), before);
      assert.deepEqual(before.slice(0, 2), [true, '']);
      assert.equal((await store.listEvents({ countries: [] }, 10)).length, 0);
      assert.equal((await store.eventStats()).imports.length, 0);
    } finally {
      await store.close();
    }
  });

  test('a file cut short while its refused rows are reviewed: refused as changed, not left to the reader', async () => {
    // The pipeline's review reads the refused lines again and declines when one is missing (which
    // would hand the file to the reader); the file changed, so the import fails as changed.
    const store = await openEmbeddedStore({ path: tmp.path('cut.db') });
    try {
      const file = tmp.path('cut.export.CSV');
      const lines = fileLines(GDELT2);
      lines[599] = lines[599]!.replace(/^([0-9]+)\t[0-9]+/, '$1\t20171332');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const { result, before, settings } = await load(store, file, () => {
        truncateSync(file, 1000);
        throw new DuckDBDeclined(`${file}: line 600 is not in the file`);
      });
      await assert.rejects(result, (e: Error) => !(e instanceof DuckDBDeclined) && /cut\.export\.CSV changed while it was being imported: nothing of it is stored/.test(e.message));
      assert.deepEqual(await settings(), before);
      assert.equal((await store.eventStats()).imports.length, 0);
    } finally {
      await store.close();
    }
  });

  test('the file removed between the checks and the write: DuckDB\'s own error, not a masked one; the settings back', async () => {
    const store = await openEmbeddedStore({ path: tmp.path('removed.db') });
    try {
      const file = tmp.path('removed.export.CSV');
      writeFileSync(file, `${fileLines(GDELT2).join('\n')}\n`);
      const { result, before, settings } = await load(store, file, () => rmSync(file));
      await assert.rejects(result, (e: Error) => /removed\.export\.CSV/.test(e.message) && !/transaction is aborted/i.test(e.message));
      assert.deepEqual(await settings(), before);
      assert.equal((await store.listEvents({ countries: [] }, 10)).length, 0);
    } finally {
      await store.close();
    }
  });

  test('a write out of memory under the store\'s limit is made again without it: every event stored once', async () => {
    // 8 MB cannot hold DuckDB's write of 20,000 rows; the second attempt runs under DuckDB's own limit.
    const store = await openEmbeddedStore({ path: tmp.path('memory.db'), bulkMemoryLimit: () => '8MB' });
    try {
      const file = tmp.path('memory.export.CSV');
      writeFileSync(file, `${manySampleRows(20_000, 700_000_000).join('\n')}\n`);
      const { result, before, settings } = await load(store, file);
      assert.deepEqual(await result, { inserted: 20_000, duplicates: 0 });
      // The same limit as before, not a tenth less (as DuckDB's value shown, set again, would give).
      assert.deepEqual(await settings(), before);
      const again = await load(store, file);
      assert.deepEqual(await again.result, { inserted: 0, duplicates: 20_000 });
      assert.deepEqual(await again.settings(), before);
      const stats = await store.eventStats();
      assert.deepEqual(stats.imports.map((i) => i.inserted).sort((a, b) => a - b), [0, 20_000]);
      assert.equal((await store.listEvents({ countries: [] }, 30_000)).length, 20_000);
    } finally {
      await store.close();
    }
  });

  test('on 8 threads, with the connection set not to keep order: the refused lines and the first of a repeated id are the file\'s', async () => {
    // The checks' table gives each row its line by the file's order, which the first read keeps
    // whatever the connection was left with; out of order, the rejects would name wrong lines and
    // the side file would hold another id's row.
    const store = await openEmbeddedStore({ path: tmp.path('order.db') });
    const workspace = await store.duckdbWorkspace!();
    const conn = workspace.connection;
    const threads = String((await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]![0]);
    try {
      await conn.run('SET GLOBAL threads = 8');
      await conn.run('SET SESSION preserve_insertion_order = false');
      const n = 100_000;
      const rows = manySampleRows(n, 600_000_000, [2, 50_001, 99_999]);
      const id = rows[70_000]!.split('\t')[0]!;
      rows[90_000] = rows[90_000]!.replace(/^[0-9]+/, id).replace(/\t[^\t]*$/, '\thttps://example.org/later');
      const file = tmp.path('order.export.CSV');
      writeFileSync(file, `${rows.join('\n')}\n`);
      let refused: readonly number[] = [];
      const parsed = await readWithDuckDB({ ...plan(file, workspace), review: async (lines) => { refused = lines; } });
      try {
        assert.deepEqual(refused, [2, 50_001, 99_999]);
        const r = await store.bulkLoad({ kind: 'relation', relation: parsed }, { file, format: 'gdelt2', sha256: 'x', rejected: 3 });
        assert.deepEqual(r, { inserted: n - 4, duplicates: 1 });
      } finally {
        await parsed.dispose();
      }
      const kept = (await store.listEvents({ countries: [] }, n)).filter((e) => e.sourceEventId === id);
      assert.deepEqual(kept.map((e) => e.sourceUrl === 'https://example.org/later'), [false]);
    } finally {
      await conn.run(`SET GLOBAL threads = ${threads}`);
      await conn.run('RESET SESSION preserve_insertion_order');
      workspace.release();
      await store.close();
    }
  });
});
