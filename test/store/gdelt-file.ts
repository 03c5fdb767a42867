/**
 * The DuckDB path for plain GDELT files (DuckDB parses the file), on the embedded store and on
 * PostgreSQL, against the reader's path: on the real samples and on broken variants derived here, both must store the same events,
 * write the same rejects and count the same statistics. Files DuckDB must not read (CR line ends,
 * blank lines, invalid UTF-8, compressed, over-wide rows) go to the reader, and say why.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import type { EventFileResult as ImportFileResult } from '../../src/app/ports.ts';
import { EventRejectError } from '../../src/ingest/events/index.ts';
import { freshStores, type Engine } from '../support/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { G2_EDITS, GDELT1, GDELT2, ICEWS, ROW_GROUP_EDGES, fileLines, manySampleRows, setColumn, tempDir } from '../ingest/support.ts';

/** The suite's folder, removed after it (the engine files' own tests write there too). */
export const tmp = tempDir('intermestic-gdelt-file-');
after(tmp.cleanup);
let stores = 0;

interface Outcome {
  readonly result: ImportFileResult;
  readonly events: string;
  readonly rejects: string | null;
  readonly stats: string;
  /** The file's SHA-256 as the import log recorded it. */
  readonly sha256: string | undefined;
}

const sets = { duckdb: freshStores('duckdb', tmp.dir), postgres: freshStores('postgres', tmp.dir) };
after(async () => {
  for (const set of Object.values(sets)) await set.dispose();
});

/** A fresh store: an embedded file, or a new database on the test PostgreSQL server (support/stores.ts). */
export function freshStore(engine: Engine): Promise<Store> {
  return sets[engine].open(`store-${++stores}.db`);
}

/** Imports a file into a fresh embedded store through one path; what it stored, rejected and counted. */
async function importVia(engine: Engine, file: string, duckdb: boolean, options: { strict?: boolean; countries?: string[] } = {}): Promise<Outcome> {
  const store = await freshStore(engine);
  try {
    const rejectsPath = tmp.path(`rejects-${stores}.tsv`);
    const result = await importEventFile(store, file, { rejectsPath, duckdb, ...options });
    const events = await store.listEvents({ countries: [] }, 1_000_000);
    events.sort((a, b) => (a.sourceEventId < b.sourceEventId ? -1 : a.sourceEventId > b.sourceEventId ? 1 : 0));
    const s = result.stats;
    const sha256 = (await store.eventStats()).imports[0]?.sha256;
    return {
      result,
      sha256,
      events: JSON.stringify(events),
      rejects: existsSync(rejectsPath) ? readFileSync(rejectsPath, 'utf8').replace(rejectsPath, '') : null,
      stats: JSON.stringify({
        ...s, bytesRead: undefined,
        unmappedCountries: [...s.unmappedCountries].sort(), unmappedLocations: [...s.unmappedLocations].sort(),
        unmappedSectors: [...s.unmappedSectors], nonRoleSectors: [...s.nonRoleSectors],
      }),
    };
  } finally {
    await store.close();
  }
}

/** Both paths on one file: the same events, rejects and statistics. Returns the DuckDB path's outcome. */
async function samePaths(ENGINE: Engine, file: string, options: { countries?: string[] } = {}): Promise<Outcome> {
  const engine = await importVia(ENGINE, file, true, options);
  const reader = await importVia(ENGINE, file, false, options);
  assert.equal(reader.result.parsedBy, 'reader');
  assert.equal(engine.events, reader.events, 'same events');
  assert.equal(engine.rejects, reader.rejects, 'same rejects file');
  assert.equal(engine.stats, reader.stats, 'same statistics');
  assert.equal(engine.sha256, createHash('sha256').update(readFileSync(file)).digest('hex'), 'the file\'s hash is logged');
  assert.equal(reader.sha256, engine.sha256);
  for (const k of ['inserted', 'duplicates', 'rejected', 'format', 'outsideCountries'] as const) assert.equal(engine.result[k], reader.result[k], k);
  return engine;
}

/**
 * Each engine reads GDELT files with DuckDB: the embedded store on its own connection, PostgreSQL
 * through a DuckDB of ingest's own and COPY. Both are held to the reader's result. Registered once per
 * engine by gdelt-file.duckdb.test.ts and gdelt-file.postgres.test.ts (two files, so they run side by side).
 */
export function gdeltFileSuite(ENGINE: Engine): void {
  describe(`${ENGINE}: the DuckDB path gives what the reader gives`, () => {
    test('GDELT 2.0 sample: 720 events, read by DuckDB', async () => {
      const r = await samePaths(ENGINE, GDELT2);
      assert.equal(r.result.parsedBy, 'duckdb');
      assert.equal(r.result.declined, null);
      assert.equal(r.result.inserted, 720);
      assert.equal(r.result.stats.rows, 720);
      assert.deepEqual(Object.fromEntries(r.result.stats.unmappedCountries), { AFR: 1, EUR: 1 });
    });

    test('GDELT 1.0 sample (57- and 58-column rows mixed): 710 events, read by DuckDB', async () => {
      const r = await samePaths(ENGINE, GDELT1);
      assert.equal(r.result.parsedBy, 'duckdb');
      assert.equal(r.result.inserted, 710);
    });

    test('a 2.0 file with one bad row of each kind: the same rejects, by line, field and reason', async () => {
      const file = tmp.path('broken.export.CSV');
      const lines = fileLines(GDELT2).map((l, i) => G2_EDITS.find(([n]) => n === i + 1)?.[1](l) ?? l);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const r = await samePaths(ENGINE, file);
      assert.equal(r.result.parsedBy, 'duckdb');
      assert.equal(r.result.rejected, G2_EDITS.length);
      assert.equal(r.result.inserted, 720 - G2_EDITS.length);
      const rows = (r.rejects ?? '').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
      assert.deepEqual(rows.map((x) => [Number(x[1]), x[2]]), G2_EDITS.map(([n, , field]) => [n, field]));
    });

    test('a 1.0 file with bad column counts and a bad date; no trailing newline', async () => {
      const g1 = fileLines(GDELT1);
      g1[0] = (g1[0] as string).split('\t').slice(0, 56).join('\t');
      g1[511] = `${g1[511] as string}\tone\ttoo many`;
      g1[600] = setColumn(g1[600] as string, 1, '19821340');
      const file = tmp.path('gdelt1-broken.tsv');
      writeFileSync(file, g1.join('\n'));
      const r = await samePaths(ENGINE, file);
      assert.equal(r.result.parsedBy, 'duckdb');
      assert.equal(r.result.rejected, 3);
    });

    test('text with quotes, backslashes and a literal \\N keeps every character on the way in', async () => {
      // The PostgreSQL path carries the events as CSV with \N for NULL: quoting must keep these as written.
      const texts: [number, number, string][] = [
        [2, 6, 'SAY "NO"'], [3, 60, 'http://example.org/a\\b?q="x"&r=\'y\''], [4, 16, '\\N'],
        [5, 52, 'Back\\slash, "Quoted", Mexico'], [6, 6, '\\N\\N'], [7, 16, '""'],
      ];
      const lines = fileLines(GDELT2);
      for (const [i, col, text] of texts) lines[i] = setColumn(lines[i] as string, col, text);
      const file = tmp.path(`quoting-${ENGINE}.export.CSV`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const r = await samePaths(ENGINE, file);
      assert.equal(r.result.parsedBy, 'duckdb');
      const stored = JSON.parse(r.events) as { sourceEventId: string; source: { name: string | null }; target: { name: string | null }; sourceUrl: string | null; locationName: string | null; locationCountry: string | null }[];
      const byId = new Map(stored.map((e) => [e.sourceEventId, e]));
      const idOf = (i: number): string => (lines[i] as string).split('\t')[0] as string;
      assert.equal(byId.get(idOf(2))?.source.name, 'SAY "NO"');
      assert.equal(byId.get(idOf(3))?.sourceUrl, 'http://example.org/a\\b?q="x"&r=\'y\'');
      assert.equal(byId.get(idOf(4))?.target.name, '\\N');
      assert.equal(byId.get(idOf(5))?.locationName, 'Back\\slash, "Quoted", Mexico');
      assert.equal(byId.get(idOf(5))?.locationCountry, 'MEX');
      assert.equal(byId.get(idOf(6))?.source.name, '\\N\\N');
      assert.equal(byId.get(idOf(7))?.target.name, '""');
    });

    test('codes and countries judged and mapped alike: quoted or \\N country codes, bad event codes, a quoted place; with and without a country filter', async () => {
      // PostgreSQL's path checks the event codes and maps the countries line by line as DuckDB's text
      // streams, the embedded one in SQL: both are held to the reader.
      const edits: [number, number, string][] = [
        [1, 7, 'M"X'], [2, 17, '\\N'], [3, 27, '052'], [4, 26, '9999'], [5, 52, 'Nowhere "Land"'], [6, 7, 'USA'], [7, 17, 'MEX'], [8, 7, 'CAN'],
      ];
      const lines = fileLines(GDELT2);
      for (const [i, col, text] of edits) lines[i] = setColumn(lines[i] as string, col, text);
      const file = tmp.path(`mapping-${ENGINE}.export.CSV`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const all = await samePaths(ENGINE, file);
      assert.equal(all.result.parsedBy, 'duckdb');
      assert.deepEqual([all.result.inserted, all.result.rejected, all.result.outsideCountries], [718, 2, 0]);
      const rejects = (all.rejects ?? '').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
      assert.deepEqual(rejects.map((r) => [Number(r[1]), r[2]]), [[4, 'EventBaseCode'], [5, 'EventCode']]);
      const stats = JSON.parse(all.stats) as { unmappedCountries: [string, number][]; unmappedLocations: [string, number][] };
      assert.ok(stats.unmappedCountries.some(([code]) => code === 'M"X'), 'the quoted code is counted as written');
      assert.ok(stats.unmappedCountries.some(([code]) => code === '\\N'), 'a literal \\N code is a code, not a NULL');
      assert.ok(stats.unmappedLocations.some(([key]) => key.includes('Nowhere "Land"')));
      const some = await samePaths(ENGINE, file, { countries: ['USA', 'MEX'] });
      assert.equal(some.result.parsedBy, 'duckdb');
      assert.ok(some.result.inserted >= 2 && some.result.inserted < 718, `${some.result.inserted} events with the United States or Mexico`);
      assert.equal(some.result.inserted + some.result.outsideCountries, 718);
    });

    test('an id twice in one file: the first row is the event on both paths', async () => {
      const lines = fileLines(GDELT2);
      const id = (lines[0] as string).split('\t')[0] as string;
      lines[400] = setColumn(setColumn(lines[400] as string, 0, id), 34, '7.5');
      const file = tmp.path('repeat.export.CSV');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const r = await samePaths(ENGINE, file);
      assert.equal(r.result.parsedBy, 'duckdb');
      assert.equal(r.result.inserted, 719);
      assert.equal(r.result.duplicates, 1);
    });

    test('an id four times, the first refused and the second outside the filter: the first kept row is the event', async () => {
      // The embedded path reads the first kept rows of repeated ids from a file of their own, in
      // place of those ids' rows in the file; PostgreSQL's stream drops the later ones as it goes.
      const lines = fileLines(GDELT2);
      const id = (lines[10] as string).split('\t')[0] as string;
      const usa = lines.findIndex((l) => l.split('\t')[7] === 'USA');
      const outside = lines.findIndex((l) => { const f = l.split('\t'); return f[7] !== 'USA' && f[7] !== 'MEX' && f[17] !== 'USA' && f[17] !== 'MEX'; });
      assert.ok(usa >= 0 && outside >= 0);
      const rows = [
        setColumn(setColumn(lines[usa] as string, 0, id), 26, '9999'),
        setColumn(lines[outside] as string, 0, id),
        setColumn(setColumn(lines[usa] as string, 0, id), 34, '7.5'),
        setColumn(setColumn(lines[usa] as string, 0, id), 34, '-2.5'),
      ];
      lines.splice(10, 1, rows[0]!);
      lines.splice(200, 0, rows[1]!);
      lines.splice(300, 0, rows[2]!);
      lines.splice(600, 0, rows[3]!);
      const file = tmp.path(`repeat4-${ENGINE}.export.CSV`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      const all = await samePaths(ENGINE, file);
      assert.deepEqual([all.result.parsedBy, all.result.rejected, all.result.duplicates], ['duckdb', 1, 2]);
      const some = await samePaths(ENGINE, file, { countries: ['USA', 'MEX'] });
      assert.deepEqual([some.result.parsedBy, some.result.rejected, some.result.duplicates], ['duckdb', 1, 1]);
      const stored = (JSON.parse(some.events) as { sourceEventId: string; avgTone: number | null }[]).filter((e) => e.sourceEventId === id);
      assert.deepEqual(stored.map((e) => e.avgTone), [7.5]);
    });

    test('a file of several DuckDB row groups: rejects keep their physical lines, first to last', async () => {
      // 250,000 rows span three of DuckDB's row groups (122,880 rows) and several parallel CSV chunks:
      // the lines come from the order of the staged rows (embedded) or of DuckDB's streamed text
      // (PostgreSQL), which must be the file's.
      const n = 250_000;
      const broken = ROW_GROUP_EDGES;
      const rows = manySampleRows(n, 900_000_000, broken);
      const file = tmp.path('large.export.CSV');
      writeFileSync(file, `${rows.join('\n')}\n`);
      const store = await freshStore(ENGINE);
      try {
        const rejectsPath = tmp.path('large-rejects.tsv');
        const r = await importEventFile(store, file, { rejectsPath });
        assert.equal(r.parsedBy, 'duckdb');
        assert.deepEqual([r.inserted, r.rejected, r.stats.rows], [n - broken.length, broken.length, n]);
        const rejected = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
        assert.deepEqual(rejected.map((x) => Number(x[1])), broken);
        assert.ok(rejected.every((x) => x[2] === 'SQLDATE'));
        // Each rejected row is the one broken at that line (the reader re-reads it and agrees).
        assert.equal((await store.eventStats()).total, n - broken.length);
      } finally {
        await store.close();
      }
    });

    test('re-importing adds nothing, whichever path stored the events first', async () => {
      const store = await freshStore(ENGINE);
      try {
        const viaReader = await importEventFile(store, GDELT2, { rejectsPath: tmp.path('a.tsv'), duckdb: false });
        const viaEngine = await importEventFile(store, GDELT2, { rejectsPath: tmp.path('b.tsv') });
        assert.equal(viaReader.inserted, 720);
        assert.equal(viaEngine.parsedBy, 'duckdb');
        assert.deepEqual([viaEngine.inserted, viaEngine.duplicates], [0, 720]);
        assert.equal((await store.eventStats()).imports.length, 2);
      } finally {
        await store.close();
      }
    });

    test('overlapping files: the second adds only the events the first did not store', async () => {
      const lines = fileLines(GDELT2);
      const first = tmp.path(`overlap-first-${ENGINE}.export.CSV`);
      writeFileSync(first, `${lines.slice(200, 500).join('\n')}\n`);
      const store = await freshStore(ENGINE);
      try {
        const a = await importEventFile(store, first, { rejectsPath: tmp.path('overlap-a.tsv') });
        const b = await importEventFile(store, GDELT2, { rejectsPath: tmp.path('overlap-b.tsv') });
        assert.deepEqual([a.parsedBy, a.inserted, a.duplicates], ['duckdb', 300, 0]);
        assert.deepEqual([b.parsedBy, b.inserted, b.duplicates], ['duckdb', 420, 300]);
        const stored = await store.listEvents({ countries: [] }, 1_000_000);
        assert.equal(stored.length, 720);
        assert.equal(new Set(stored.map((e) => e.sourceEventId)).size, 720);
      } finally {
        await store.close();
      }
    });

    test('strict mode: the same error at the first bad row, and nothing stored', async () => {
      const lines = fileLines(GDELT2);
      lines[9] = setColumn(lines[9] as string, 26, '999');
      lines[19] = setColumn(lines[19] as string, 29, '7');
      const file = tmp.path('strict.export.CSV');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const messages: string[] = [];
      for (const native of [true, false]) {
        const store = await freshStore(ENGINE);
        try {
          await assert.rejects(importEventFile(store, file, { rejectsPath: tmp.path(`strict-${native}.tsv`), duckdb: native, strict: true }), (e: unknown) => {
            assert.ok(e instanceof EventRejectError);
            messages.push(e.message);
            return true;
          });
          assert.equal((await store.eventStats()).total, 0);
        } finally {
          await store.close();
        }
      }
      assert.equal(messages[0], `${file}:10:EventCode: unknown CAMEO event code "999"`);
      assert.equal(messages[1], messages[0]);
    });
  });

  test(`${ENGINE}: one row table: a number form neither path reads (1e0) is refused by both, with the same field and reason`, async () => {
    const g2 = fileLines(GDELT2);
    const file = tmp.path('exponent.export.CSV');
    writeFileSync(file, `${g2.map((l, i) => (i === 99 ? setColumn(l, 30, '1e0') : l)).join('\n')}\n`);
    const r = await samePaths(ENGINE, file);
    assert.equal(r.result.parsedBy, 'duckdb');
    assert.equal(r.result.rejected, 1);
    assert.match(r.rejects ?? '', /\t100\tGoldsteinScale\tGoldstein "1e0" is not a number in −10…10\n/);
  });

  describe(`${ENGINE}: files the DuckDB path leaves to the reader`, () => {
    const g2 = fileLines(GDELT2);
    const cases: [string, () => Buffer, RegExp][] = [
      ['CR line ends', () => Buffer.from(`${g2.join('\r\n')}\r\n`), /CR/],
      ['a blank line', () => Buffer.from(`${[...g2.slice(0, 50), '', ...g2.slice(50)].join('\n')}\n`), /blank lines/],
      ['invalid UTF-8', () => Buffer.concat([Buffer.from(`${g2.slice(0, 30).join('\n')}\n`), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from(`${g2.slice(30).join('\n')}\n`)]), /UTF-8/],
      ['gzip', () => gzipSync(Buffer.from(`${g2.join('\n')}\n`)), /gzip/],
      ['a row of 70 fields', () => Buffer.from(`${g2.map((l, i) => (i === 5 ? `${l}${'\tx'.repeat(9)}` : l)).join('\n')}\n`), /CSV reader refused/],
      // Far into a file, once DuckDB has written thousands of rows (PostgreSQL's COPY has taken them).
      ['a row of 81 fields at line 15,001 of 20,000', () => Buffer.from(`${manySampleRows(20_000, 800_000_000)
        .map((l, i) => (i === 15_000 ? `${l}${'\tx'.repeat(20)}` : l)).join('\n')}\n`), /CSV reader refused/],
    ];
    for (const [name, make, why] of cases) {
      test(`${name}: read by the reader, with the reason, and the same result as forcing the reader`, async () => {
        const file = tmp.path(`${name.replace(/\W+/g, '-')}.export.CSV${name === 'gzip' ? '.gz' : ''}`);
        writeFileSync(file, make());
        const r = await samePaths(ENGINE, file);
        assert.equal(r.result.parsedBy, 'reader');
        assert.match(r.result.declined ?? '', why);
      });
    }
  });

  describe(`${ENGINE}: hostile bytes and lines (issue 12)`, () => {
    const g2 = fileLines(GDELT2);
    const g1 = fileLines(GDELT1);
    test('one 0xFF at the end of the first line (its last column): that row rejected with file:line:field, the other 719 stored', async () => {
      const file = tmp.path('ff-last-column.export.CSV');
      writeFileSync(file, Buffer.concat([Buffer.from(g2[0] as string), Buffer.from([0xff, 0x0a]), Buffer.from(`${g2.slice(1).join('\n')}\n`)]));
      const r = await samePaths(ENGINE, file);
      assert.equal(r.result.parsedBy, 'reader');
      assert.match(r.result.declined ?? '', /not valid UTF-8/);
      assert.deepEqual([r.result.inserted, r.result.rejected], [719, 1]);
      assert.equal(r.rejects, `file\tline\tfield\treason\n${file}\t1\tSOURCEURL\tinvalid UTF-8 byte sequence\n`);
    });

    test('invalid UTF-8 in every column of GDELT 1.0 from 33 on: each row rejected at its field, the rest stored', async () => {
      const lines = g1.map((l) => Buffer.from(l));
      const edited: [number, string][] = [];
      for (let col = 33; col < 57; col++) {
        const i = 10 + col * 3;
        const fields = (g1[i] as string).split('\t');
        lines[i] = Buffer.concat([Buffer.from(`${fields.slice(0, col).join('\t')}\t${fields[col]}`), Buffer.from([0xc3, 0x28]), Buffer.from(fields.length > col + 1 ? `\t${fields.slice(col + 1).join('\t')}` : '')]);
        edited.push([i + 1, String(col)]);
      }
      const file = tmp.path('gdelt1-utf8.tsv');
      writeFileSync(file, Buffer.concat(lines.flatMap((b) => [b, Buffer.from('\n')])));
      const r = await samePaths(ENGINE, file);
      assert.deepEqual([r.result.inserted, r.result.rejected], [710 - edited.length, edited.length]);
      const rows = (r.rejects ?? '').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
      assert.deepEqual(rows.map((x) => Number(x[1])), edited.map(([n]) => n));
      assert.ok(rows.every((x) => x[3] === 'invalid UTF-8 byte sequence'));
      assert.equal(new Set(rows.map((x) => x[2])).size, edited.length, 'each row names its own field');
    });

    test('a line of 3,000,000 bytes (a huge SOURCEURL) is read by DuckDB like any other; the rest is stored too', async () => {
      const file = tmp.path('long-line.export.CSV');
      writeFileSync(file, `${g2.map((l, i) => (i === 4 ? `${l}${'x'.repeat(3_000_000)}` : l)).join('\n')}\n`);
      const r = await samePaths(ENGINE, file);
      assert.equal(r.result.parsedBy, 'duckdb');
      assert.deepEqual([r.result.inserted, r.result.rejected], [720, 0]);
    });

    test('a byte order mark before a GDELT file is skipped: all 720 stored, on both paths (found by the fuzz suite)', async () => {
      // DuckDB's CSV reader skipped it and stored the first row; the reader refused that row (its id began with U+FEFF).
      for (const [lines, name, events] of [[g2, 'bom.export.CSV', 720], [g1, 'bom-gdelt1.tsv', 710]] as const) {
        const file = tmp.path(`${ENGINE}-${name}`);
        writeFileSync(file, `\uFEFF${lines.join('\n')}\n`);
        const r = await samePaths(ENGINE, file);
        assert.equal(r.result.parsedBy, 'reader');
        assert.match(r.result.declined ?? '', /byte order mark/);
        assert.deepEqual([r.result.inserted, r.result.rejected], [events, 0]);
      }
    });

    test('a NUL byte in a GDELT, an ICEWS and a CSV row: each row rejected at its column, the rest stored (found by the fuzz suite)', async () => {
      // PostgreSQL's text cannot hold U+0000: such a row used to fail the whole import there with the
      // server's bare complaint, while the embedded store kept the NUL.
      const reason = 'NUL byte (0x00) in the text';
      const gdelt = tmp.path(`nul-${ENGINE}.export.CSV`);
      writeFileSync(gdelt, `${g2.map((l, i) => (i === 9 ? setColumn(l, 6, 'SAY\0NO') : l)).join('\n')}\n`);
      const r = await samePaths(ENGINE, gdelt);
      assert.equal(r.result.parsedBy, 'reader');
      assert.match(r.result.declined ?? '', /NUL bytes/);
      assert.deepEqual([r.result.inserted, r.result.rejected], [719, 1]);
      assert.equal(r.rejects, `file\tline\tfield\treason\n${gdelt}\t10\tActor1Name\t${reason}\n`);

      const ic = fileLines(ICEWS);
      const icews = tmp.path(`nul-${ENGINE}.events.2018.tab`);
      writeFileSync(icews, `${ic.map((l, i) => (i === 5 ? setColumn(l, 2, `${l.split('\t')[2] as string}\0`) : l)).join('\n')}\n`);
      const i = await importVia(ENGINE, icews, false);
      assert.deepEqual([i.result.inserted + i.result.duplicates, i.result.rejected], [ic.length - 2, 1]);
      assert.equal(i.rejects, `file\tline\tfield\treason\n${icews}\t6\tSource Name\t${reason}\n`);

      const csv = tmp.path(`nul-${ENGINE}.csv`);
      writeFileSync(csv, 'event_id,event_date,cameo_code,source_name\na1,2019-03-01,0256,kept\na2,2019-03-01,0256,"not\0kept"\n');
      const c = await importVia(ENGINE, csv, false);
      assert.deepEqual([c.result.inserted, c.result.rejected], [1, 1]);
      assert.equal(c.rejects, `file\tline\tfield\treason\n${csv}\t3\tsource_name\t${reason}\n`);
    });

    test('a 3 MB line with a bad date: rejected at its line and field, the rest stored', async () => {
      const file = tmp.path('long-bad-line.export.CSV');
      writeFileSync(file, `${g2.map((l, i) => (i === 6 ? setColumn(l, 1, `2017${'9'.repeat(3_000_000)}`) : l)).join('\n')}\n`);
      const r = await samePaths(ENGINE, file);
      assert.deepEqual([r.result.inserted, r.result.rejected], [719, 1]);
      assert.ok((r.rejects ?? '').startsWith(`file\tline\tfield\treason\n${file}\t7\tSQLDATE\t`), 'line 7, SQLDATE');
    });
  });
}
