/**
 * The DuckDB path for plain GDELT files against the reader's path, on the PostgreSQL store
 * (gdelt-file.ts); and the stream of a file that changed after its scan, which stores nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { freshStore, gdeltFileSuite, tmp } from './gdelt-file.ts';
import { memoryWorkspace } from '../../src/ingest/events/duckdb-workspace.ts';
import { streamWithDuckDB } from '../../src/ingest/events/formats/gdelt/duckdb.ts';
import { fileIdentity } from '../../src/ingest/events/plain-file.ts';
import { GDELT2, fileLines, gdeltPlan } from '../ingest/support.ts';

gdeltFileSuite('postgres');

test('postgres: a file that changed after its scan, streamed into COPY: nothing stored, the error says why', async () => {
  // The pipeline takes the file's identity before its scan; the stream's pass finds another file
  // (a row appended meanwhile, never scanned), so the checks fail and the store rolls the COPY back.
  const file = tmp.path('appended.export.CSV');
  const lines = fileLines(GDELT2);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const identity = fileIdentity(file);
  appendFileSync(file, `${lines[0]!.replace(/^[0-9]+/, '999999999')}\n`);
  const store = await freshStore('postgres');
  const workspace = await memoryWorkspace({ threads: 1 });
  try {
    const stream = streamWithDuckDB(gdeltPlan(file, workspace, { identity }));
    try {
      await assert.rejects(store.bulkLoad({ kind: 'stream', stream }, { file, format: 'gdelt2', sha256: 'x', rejected: 0 }),
        /appended\.export\.CSV changed while it was being imported: nothing of it is stored/);
      await assert.rejects(stream.checked, /changed while it was being imported/);
    } finally {
      stream.dispose();
    }
    const stats = await store.eventStats();
    assert.deepEqual([stats.total, stats.imports.length], [0, 0]);
  } finally {
    workspace.release();
    await store.close();
  }
});
