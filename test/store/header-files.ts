/**
 * Header-row GDELT exports and the other ICEWS shapes, imported into a store (embedded DuckDB or
 * PostgreSQL): each variant, derived at test time from a real sample (test/ingest/header-variants.ts),
 * stores exactly the rows the plain original stores, with the same rejects, and a re-import adds
 * nothing. Plain header-row GDELT files go through DuckDB's reading of the row table; the reader's
 * reading of the same file gives the same rows. Registered per engine by header-files.*.test.ts.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import type { EventFileResult } from '../../src/app/ports.ts';
import { freshStores, type Engine } from '../support/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { G2_EDITS, GDELT1, GDELT2, ICEWS, fileLines, setColumn, tempDir, writeZip } from '../ingest/support.ts';
import { bigQuery, icewsCsvText, pandas, tabHeader, writeHeaderVariant } from '../ingest/header-variants.ts';


export function headerFilesSuite(ENGINE: Engine): void {
  const tmp = tempDir(`intermestic-header-files-${ENGINE}-`);
  const stores = freshStores(ENGINE, tmp.dir);
  after(async () => {
    await stores.dispose();
    tmp.cleanup();
  });
  let n = 0;
  const freshStore = (): Promise<Store> => stores.open(`store-${++n}.db`);

  interface Imported {
    readonly result: EventFileResult;
    readonly again: EventFileResult;
    readonly rows: string;
    /** The rejects file's rows as [line, field, reason]. */
    readonly rejects: [number, string, string][];
  }

  /** Imports a file twice into a fresh store; what it stored and rejected. */
  async function importTwice(file: string, duckdb = true): Promise<Imported> {
    const store = await freshStore();
    try {
      const rejectsPath = tmp.path(`rejects-${n}.tsv`);
      const result = await importEventFile(store, file, { rejectsPath, duckdb });
      const rejects = existsSync(rejectsPath)
        ? readFileSync(rejectsPath, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t')).map((f) => [Number(f[1]), f[2] as string, f[3] as string] as [number, string, string])
        : [];
      const again = await importEventFile(store, file, { rejectsPath: tmp.path(`rejects-${n}-again.tsv`), duckdb });
      const events = await store.listEvents({ countries: [] }, 1_000_000);
      events.sort((a, b) => (a.sourceEventId < b.sourceEventId ? -1 : a.sourceEventId > b.sourceEventId ? 1 : 0));
      return { result, again, rows: JSON.stringify(events), rejects };
    } finally {
      await store.close();
    }
  }

  /** The same stored rows and rejects (a header line later) as the original, and nothing added by the second import. */
  function same(original: Imported, variant: Imported, shift = 1): void {
    assert.equal(variant.result.format, original.result.format);
    assert.equal(variant.result.inserted, original.result.inserted);
    assert.equal(variant.result.rejected, original.result.rejected);
    assert.equal(variant.rows, original.rows, 'same stored rows');
    assert.deepEqual(variant.rejects.map(([l, f]) => [l - shift, f]), original.rejects.map(([l, f]) => [l, f]));
    assert.equal(variant.again.inserted, 0, 're-import adds nothing');
    assert.equal(variant.again.duplicates, variant.result.inserted);
  }

  describe(`${ENGINE}: header-row and other shapes store what the plain files store`, () => {
    test('GDELT 2.0 BigQuery-style CSV: read by DuckDB by the header\'s names, the same rows; the ignored column is reported; .gz and .zip by the reader', async () => {
      const original = await importTwice(GDELT2);
      assert.equal(original.result.inserted, 720);
      const bq = await importTwice(writeHeaderVariant(tmp.path('bq.csv'), GDELT2, 'gdelt2', bigQuery('gdelt2')));
      same(original, bq);
      assert.equal(bq.result.parsedBy, 'duckdb', bq.result.declined ?? '');
      assert.deepEqual(bq.result.stats.ignoredColumns, ['CAMEOCodeDescription']);
      for (const packing of ['gz', 'zip'] as const) {
        const r = await importTwice(writeHeaderVariant(tmp.path(`bq-${packing}.csv`), GDELT2, 'gdelt2', bigQuery('gdelt2'), packing));
        same(original, r);
        assert.equal(r.result.parsedBy, 'reader');
      }
    });

    test('GDELT 1.0 pandas export (index column) and a tab-separated 2.0 file with a header: the same rows', async () => {
      const g1 = await importTwice(GDELT1);
      assert.equal(g1.result.inserted, 710);
      const p = await importTwice(writeHeaderVariant(tmp.path('pandas.csv'), GDELT1, 'gdelt1', pandas('gdelt1')));
      same(g1, p);
      assert.equal(p.result.parsedBy, 'duckdb', p.result.declined ?? '');
      const t = await importTwice(writeHeaderVariant(tmp.path('tab.tsv'), GDELT2, 'gdelt2', tabHeader('gdelt2')));
      same(await importTwice(GDELT2), t);
      assert.equal(t.result.parsedBy, 'duckdb', t.result.declined ?? '');
    });

    test('bad rows: the same rejects by DuckDB and by the reader, as in the plain file', async () => {
      const lines = fileLines(GDELT2).map((l, i) => G2_EDITS.find(([k]) => k === i + 1)?.[1](l) ?? l);
      const plain = tmp.path('broken.export.CSV');
      writeFileSync(plain, `${lines.join('\n')}\n`);
      const original = await importTwice(plain);
      assert.equal(original.result.rejected, G2_EDITS.length);
      const file = writeHeaderVariant(tmp.path('broken-bq.csv'), lines, 'gdelt2', bigQuery('gdelt2'));
      const viaDuckDB = await importTwice(file);
      const viaReader = await importTwice(file, false);
      assert.equal(viaDuckDB.result.parsedBy, 'duckdb', viaDuckDB.result.declined ?? '');
      same(original, viaDuckDB);
      same(original, viaReader);
      assert.deepEqual(viaDuckDB.rejects, viaReader.rejects);
      // The same counts, whichever reads the file.
      const counts = (r: EventFileResult) => {
        const x = r.stats;
        return { lines: x.lines, rows: x.rows, events: x.events, rejected: x.rejected, blankLines: x.blankLines, ignored: x.ignoredColumns,
          countries: [...x.unmappedCountries].sort(), places: [...x.unmappedLocations].sort() };
      };
      assert.deepEqual(counts(viaDuckDB.result), counts(viaReader.result));
      assert.equal(viaDuckDB.result.stats.lines, 721);
    });

    test('an id three times in a header-row CSV: the first row is the event, by DuckDB and by the reader', async () => {
      // DuckDB's path reads the first rows of repeated ids from a file of their own, which keeps the header line.
      const lines = fileLines(GDELT2);
      const id = (lines[40] as string).split('\t')[0] as string;
      lines[41] = setColumn(setColumn(lines[41] as string, 0, id), 34, '7.5');
      lines[500] = setColumn(setColumn(lines[500] as string, 0, id), 34, '-2.5');
      const plain = tmp.path('repeats.export.CSV');
      writeFileSync(plain, `${lines.join('\n')}\n`);
      const original = await importTwice(plain);
      assert.deepEqual([original.result.parsedBy, original.result.inserted, original.result.duplicates], ['duckdb', 718, 2]);
      const file = writeHeaderVariant(tmp.path('repeats-bq.csv'), lines, 'gdelt2', bigQuery('gdelt2'));
      const viaDuckDB = await importTwice(file);
      const viaReader = await importTwice(file, false);
      assert.equal(viaDuckDB.result.parsedBy, 'duckdb', viaDuckDB.result.declined ?? '');
      assert.equal(viaDuckDB.rows, original.rows);
      assert.equal(viaReader.rows, original.rows);
      const tone = (JSON.parse(viaDuckDB.rows) as { sourceEventId: string; avgTone: number | null }[]).find((e) => e.sourceEventId === id)?.avgTone;
      assert.equal(tone, Number((lines[40] as string).split('\t')[34]));
    });

    test('a quoted field holding a newline: the DuckDB path declines, the reader stores the same rows, the newline kept', async () => {
      const lines = fileLines(GDELT2);
      const url = 'https://example.org/a\nb';
      lines[4] = (lines[4] as string).split('\t').map((v, i, f) => (i === f.length - 1 ? url : v)).join('\t');
      const file = writeHeaderVariant(tmp.path('newline-bq.csv'), lines, 'gdelt2', bigQuery('gdelt2'));
      const r = await importTwice(file);
      assert.equal(r.result.parsedBy, 'reader');
      // DuckDB's reader refuses quoted newlines with null_padding itself; were it to read them, the
      // records-against-lines check would decline the file instead. Either way nothing of DuckDB's reading is stored.
      assert.match(r.result.declined ?? '', /^DuckDB's CSV reader refused the file: .*CSV Error on Line: 6|720 records in 721 lines after the header: a quoted field spans lines/);
      assert.equal(r.result.inserted, 720);
      assert.equal(r.again.inserted, 0);
      const stored = JSON.parse(r.rows) as { sourceEventId: string; sourceUrl: string | null }[];
      assert.equal(stored.find((e) => e.sourceEventId === (lines[4] as string).split('\t')[0])?.sourceUrl, url);
    });

    test('ICEWS: the underscored CSV and the yearly zipped .tab store the rows of the Dataverse .tab', async () => {
      const original = await importTwice(ICEWS);
      assert.ok(original.result.inserted > 3000);
      const csv = tmp.path('icews.csv');
      writeFileSync(csv, icewsCsvText(ICEWS));
      same(original, await importTwice(csv), 0);
      const zip = tmp.path('events.2018.20181119105432.tab.zip');
      writeZip(zip, [{ name: 'events.2018.20181119105432.tab', data: readFileSync(ICEWS) }]);
      same(original, await importTwice(zip), 0);
    });
  });
}
