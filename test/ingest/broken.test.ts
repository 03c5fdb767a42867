/** Hand-broken variants of the real files, derived here: every bad row is reported with file, line, field and reason. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { EventFileError, EventRejectError, RejectSink, openEventFile } from '../../src/ingest/events/index.ts';
import { G2_EDITS, GDELT1, GDELT2, GDELT2_MENTIONS, ICEWS, fileLines, readAll, setColumn, tempDir, writeZip } from './support.ts';

const tmp = tempDir();
after(tmp.cleanup);

const g2 = fileLines(GDELT2);
const g1 = fileLines(GDELT1);
const ic = fileLines(ICEWS);

function brokenGdelt2(): Buffer {
  const parts: Buffer[] = [];
  g2.forEach((line, i) => {
    const edit = G2_EDITS.find(([n]) => n === i + 1);
    if (i + 1 === 35) {
      // A byte that is not UTF-8 inside Actor1Name (column 7).
      const f = line.split('\t');
      parts.push(Buffer.concat([Buffer.from(`${f.slice(0, 6).join('\t')}\t`), Buffer.from([0xc3, 0x28]), Buffer.from(`${f[6]}\t${f.slice(7).join('\t')}\n`)]));
      return;
    }
    parts.push(Buffer.from(`${edit ? edit[1](line) : line}\n`));
  });
  return Buffer.concat(parts);
}

describe('a GDELT 2.0 file with one bad row of each kind', async () => {
  const file = tmp.path('20170101073000.export.CSV');
  writeFileSync(file, brokenGdelt2());
  const r = await readAll(file);

  test('each bad row is rejected with its physical line, field and reason; all others are read', () => {
    assert.equal(r.format, 'gdelt2');
    const expected = [...G2_EDITS.map(([n, , field]) => [n, field] as const), [35, 'Actor1Name'] as const].sort((a, b) => a[0] - b[0]);
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field]), expected);
    for (const [n, , , reason] of G2_EDITS) assert.match(r.rejects.find((x) => x.line === n)?.reason ?? '', reason, `line ${n}`);
    assert.equal(r.rejects.find((x) => x.line === 35)?.reason, 'invalid UTF-8 byte sequence');
    assert.ok(r.rejects.every((x) => x.file === file));
    assert.equal(r.events.length, 720 - expected.length);
    assert.equal(r.stats.rejected, expected.length);
    assert.equal(r.stats.rows, 720);
  });

  test('strict mode stops at the first bad row with file:line:field in the message', async () => {
    const reader = await openEventFile(file, { strict: true });
    let seen = 0;
    await assert.rejects(async () => {
      for await (const b of reader.batches()) seen += b.length;
    }, (err: unknown) => {
      assert.ok(err instanceof EventRejectError);
      assert.equal(err.message, `${file}:3:columns: expected 61 tab-separated columns (GDELT 2.0), got 60`);
      assert.deepEqual(err.row, { file, line: 3, field: 'columns', reason: 'expected 61 tab-separated columns (GDELT 2.0), got 60' });
      return true;
    });
    assert.equal(seen, 0, 'nothing was emitted before the abort (the first batch was not full)');
  });

  test('the rejects sink writes file, line, field, reason as TSV, replacing a stale file', () => {
    const out = tmp.path('rejects.tsv');
    writeFileSync(out, 'stale\n');
    const w = new RejectSink(out);
    assert.equal(existsSync(out), false, 'a stale rejects file is removed before the import');
    assert.equal(w.written, null);
    for (const x of r.rejects) w.reject(x);
    w.reject({ file: 'a\tb.csv', line: 9, field: 'f', reason: 'two\nlines' });
    w.close();
    assert.equal(w.written, out);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(rows[0], ['file', 'line', 'field', 'reason']);
    assert.equal(rows.length, r.rejects.length + 2);
    assert.deepEqual(rows[1], [file, '3', 'columns', 'expected 61 tab-separated columns (GDELT 2.0), got 60']);
    assert.deepEqual(rows[rows.length - 1], ['a b.csv', '9', 'f', 'two lines']);
    assert.ok(rows.every((c) => c.length === 4));
    assert.equal(w.count, r.rejects.length + 1);
  });
});

describe('GDELT 1.0: wrong column counts, bad dates and blank lines in a mixed 57/58 file', async () => {
  const edited = [...g1];
  edited[0] = (edited[0] as string).split('\t').slice(0, 56).join('\t');
  edited[511] = `${edited[511] as string}\tone\ttoo many`;
  edited[600] = setColumn(edited[600] as string, 1, '19821340');
  const withBlank = [...edited.slice(0, 100), '', ...edited.slice(100)];
  const file = tmp.path('gdelt1-broken.tsv');
  writeFileSync(file, `${withBlank.join('\n')}\n`);
  const r = await readAll(file);

  test('rejects carry physical line numbers (the blank line counts as a line)', () => {
    assert.equal(r.format, 'gdelt1');
    assert.match(r.stats.formatReason, /file name|content/);
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field]), [[1, 'columns'], [513, 'columns'], [602, 'SQLDATE']]);
    assert.match(r.rejects[0]?.reason ?? '', /expected 57 or 58 .* got 56/);
    assert.match(r.rejects[1]?.reason ?? '', /got 59/);
    assert.equal(r.stats.blankLines, 1);
    assert.equal(r.events.length, 707);
  });
});

describe('format detection looks past a broken first row', async () => {
  test('a GDELT 1.0 file without a telling name whose first row is broken is still recognised', async () => {
    const file = tmp.path('mystery');
    writeFileSync(file, `${['x\ty', ...g1].join('\n')}\n`);
    const r = await readAll(file);
    assert.equal(r.format, 'gdelt1');
    assert.match(r.stats.formatReason, /50 line\(s\) examined: 49 with 57\/58 columns, 0 with 61/);
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field]), [[1, 'columns']]);
    assert.equal(r.events.length, 710);
  });

  test('content nobody recognises fails with the file named; --format reads it anyway and rejects the rows', async () => {
    const file = tmp.path('notes.txt');
    writeFileSync(file, 'hello\tworld\nsecond line\n');
    await assert.rejects(openEventFile(file), (err: unknown) => err instanceof EventFileError && err.message.startsWith(`${file}: cannot tell the event format`));
    const r = await readAll(file, { format: 'gdelt2' });
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field]), [[1, 'columns'], [2, 'columns']]);
    assert.equal(r.stats.formatReason, 'given (--format)');
  });
});

describe('ICEWS: bad dates, unknown code, non-UTF-8 text', async () => {
  const header = (ic[0] as string).split('\t');
  const at = (name: string) => header.indexOf(name);
  const edit = (line: string, name: string, value: string) => setColumn(line, at(name), value);
  const lines = [...ic];
  lines[1] = edit(lines[1] as string, 'Event Date', '2019-02-30');
  lines[2] = edit(lines[2] as string, 'Event Date', '20191340');
  lines[3] = edit(lines[3] as string, 'CAMEO Code', '0999');
  lines[4] = (lines[4] as string).split('\t').slice(0, 19).join('\t');
  const body = Buffer.concat([
    Buffer.from(`${lines.slice(0, 6).join('\n')}\n`),
    Buffer.from((lines[6] as string).replace('\t', '\t\xff'), 'latin1'),
    Buffer.from(`\n${lines.slice(7).join('\n')}\n`),
  ]);
  const file = tmp.path('events.2018.broken.tab');
  writeFileSync(file, body);
  const r = await readAll(file);

  test('each is rejected with the ICEWS column name', () => {
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field]), [[2, 'Event Date'], [3, 'Event Date'], [4, 'CAMEO Code'], [5, 'columns'], [7, 'Event Date']]);
    assert.match(r.rejects[0]?.reason ?? '', /impossible date "2019-02-30"/);
    assert.match(r.rejects[1]?.reason ?? '', /"20191340"/);
    assert.match(r.rejects[2]?.reason ?? '', /unknown CAMEO event code "0999"/);
    assert.equal(r.rejects[4]?.reason, 'invalid UTF-8 byte sequence');
    assert.equal(r.events.length, 3700);
  });
});

describe('compressed copies of the real files', async () => {
  const plain = await readAll(GDELT2);
  const gz = tmp.path('20170101073000.export.CSV.gz');
  writeFileSync(gz, gzipSync(readFileSync(GDELT2)));
  const zip = tmp.path('20170101073000.export.CSV.zip');
  writeZip(zip, [{ name: '20170101073000.export.CSV', data: readFileSync(GDELT2) }]);
  const stored = tmp.path('stored.zip');
  writeZip(stored, [{ name: 'icews-events-2018-06-01-sample.tab', data: readFileSync(ICEWS) }], true);

  test('gzip gives identical events', async () => {
    const r = await readAll(gz);
    assert.equal(r.stats.compression, 'gzip');
    assert.deepEqual(r.events, plain.events);
  });

  test('zip (deflate) gives identical events and names its entry', async () => {
    const r = await readAll(zip);
    assert.equal(r.stats.compression, 'zip');
    assert.equal(r.stats.entryName, '20170101073000.export.CSV');
    assert.deepEqual(r.events, plain.events);
  });

  test('zip (stored) of the ICEWS sample gives identical events', async () => {
    const r = await readAll(stored);
    assert.deepEqual(r.events, (await readAll(ICEWS)).events);
  });

  test('a truncated zip fails with a clear error naming the file', async () => {
    const bytes = readFileSync(zip);
    const cut = tmp.path('truncated.export.CSV.zip');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(openEventFile(cut), (err: unknown) => {
      assert.ok(err instanceof EventFileError);
      assert.ok(err.message.startsWith(`${cut}: not a readable zip archive (truncated or corrupt)`), err.message);
      return true;
    });
  });

  test('a zip whose data is corrupt fails while reading, naming the file and entry', async () => {
    const bytes = Buffer.from(readFileSync(zip));
    for (let i = 200; i < 2000; i++) bytes[i] = 0xff;
    const bad = tmp.path('corrupt.zip');
    writeFileSync(bad, bytes);
    await assert.rejects(readAll(bad), (err: unknown) => err instanceof EventFileError && err.message.startsWith(`${bad}: `) && /truncated or corrupt/.test(err.message));
  });

  test('a truncated gzip fails naming the file', async () => {
    const bytes = readFileSync(gz);
    const cut = tmp.path('truncated.export.CSV.gz');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await assert.rejects(readAll(cut), (err: unknown) => err instanceof EventFileError && err.message.startsWith(`${cut}: gzip data is truncated or corrupt`));
  });

  test('a zip with two files is refused', async () => {
    const two = tmp.path('two.zip');
    writeZip(two, [{ name: 'a.export.CSV', data: readFileSync(GDELT2) }, { name: 'b.export.CSV', data: readFileSync(GDELT2) }]);
    await assert.rejects(openEventFile(two), /holds 2 files \(a\.export\.CSV, b\.export\.CSV\); expected one/);
  });

  test('a file named .zip that is not a zip is refused', async () => {
    const fake = tmp.path('fake.zip');
    writeFileSync(fake, 'not a zip');
    await assert.rejects(openEventFile(fake), /the name says zip but the content is not/);
  });

  test('the GDELT 2.0 mentions file is recognised and refused, and a missing file is named', async () => {
    await assert.rejects(openEventFile(GDELT2_MENTIONS), /mentions file, which holds no events/);
    const missing = tmp.path('nope.export.CSV');
    await assert.rejects(openEventFile(missing), (err: unknown) => err instanceof EventFileError && err.message === `${missing}: cannot read the file: no such file`);
  });

  test('a folder given as an event file is named as one (no bare EISDIR)', async () => {
    await assert.rejects(openEventFile(tmp.dir), (err: unknown) => err instanceof EventFileError
      && err.message === `${tmp.dir}: is a folder, not an event file (name the files in it, e.g. folder/*.CSV)`);
  });
});
