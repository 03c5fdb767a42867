/**
 * The stream of a plain GDELT file (streamWithDuckDB, what PostgreSQL's import writes while DuckDB
 * parses) with DuckDB on four threads: the store suites run it with the threads the pipeline picks,
 * one on a 2-core machine, so they cannot see whether a parallel read keeps the file's order, which
 * the rejects' line numbers and the first-row-wins rule for repeated ids both rest on.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { truncateSync, writeFileSync } from 'node:fs';
import { memoryWorkspace } from '../../src/ingest/events/duckdb-workspace.ts';
import { streamWithDuckDB } from '../../src/ingest/events/formats/gdelt/duckdb.ts';
import { dyadKey } from '../../src/store/sql/event-rows.ts';
import { ROW_GROUP_EDGES, gdeltPlan, manySampleRows, setColumn, tempDir } from './support.ts';

const tmp = tempDir('intermestic-gdelt-stream-');
after(tmp.cleanup);

test('four DuckDB threads over 250,000 rows: the text keeps the file\'s order, the refused lines are the broken ones, a late repeat loses', async () => {
  const n = 250_000;
  const broken = ROW_GROUP_EDGES;
  const rows = manySampleRows(n, 900_000_000, broken);
  // The id of line 10 again at line 200,000: that later row is the repeat, whatever thread reads it.
  rows[199_999] = setColumn(rows[199_999] as string, 0, String(900_000_009));
  const file = tmp.path('large.export.CSV');
  writeFileSync(file, `${rows.join('\n')}\n`);

  const workspace = await memoryWorkspace({ threads: 4 });
  try {
    const reviewed: number[][] = [];
    const stream = streamWithDuckDB(gdeltPlan(file, workspace, { review: async (lines) => { reviewed.push([...lines]); } }));
    const text = stream.text(dyadKey);
    const ids: number[] = [];
    let rest = '';
    const idAt = stream.columns.indexOf('source_event_id');
    for await (const chunk of text.stream) {
      const lines = (rest + (chunk as Buffer).toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) ids.push(Number(l.split('\t')[idAt]));
    }
    assert.equal(rest, '');
    const given = await text.done;
    const counts = await stream.checked;
    assert.deepEqual(reviewed, [broken], 'the review gets the broken lines, in order, once');
    assert.deepEqual(counts, { rows: n, events: n - broken.length, outsideCountries: 0 });
    assert.equal(given, n - broken.length - 1, 'the repeat is not given on');
    assert.equal(ids.length, given);
    const expected = rows.map((_, i) => i + 1).filter((line) => !broken.includes(line) && line !== 200_000).map((line) => 900_000_000 + line - 1);
    assert.deepEqual(ids, expected, 'the accepted rows in the file\'s order');
    stream.dispose();
  } finally {
    workspace.release();
  }
});

test('a file changed while its refused rows are reviewed: the checks fail as changed, not handed to the reader', async () => {
  // The review reads the refused lines again after DuckDB's pass: a file cut short by then would
  // miss a line, which would otherwise send the file to the reader.
  const rows = manySampleRows(1_000, 950_000_000, [900]);
  const file = tmp.path('cut.export.CSV');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const workspace = await memoryWorkspace({ threads: 1 });
  try {
    const stream = streamWithDuckDB(gdeltPlan(file, workspace, {
      review: async () => { truncateSync(file, 100); },
    }));
    const text = stream.text(dyadKey);
    text.stream.resume();
    await text.done;
    await assert.rejects(stream.checked, (e: Error) => /cut\.export\.CSV changed while it was being imported: nothing of it is stored/.test(e.message));
    stream.dispose();
  } finally {
    workspace.release();
  }
});
