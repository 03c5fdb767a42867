/**
 * The shapes users hold (header-row GDELT exports, comma-separated and zipped ICEWS, codebook names
 * in the user CSV), read by the reader: each derived at test time from a real sample must give
 * exactly the events and rejects of the original.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { EventFileError, detectFormat } from '../../src/ingest/events/index.ts';
import { gdeltColumnNames } from '../../src/ingest/events/formats/gdelt/columns.ts';
import { GDELT1, GDELT2, G2_EDITS, ICEWS, fileLines, readAll, tempDir, writeZip, type ReadResult } from './support.ts';
import { bigQuery, headerText, icewsCsvText, pandas, quoteAll, shuffled, tabHeader, writeHeaderVariant } from './header-variants.ts';

const tmp = tempDir('intermestic-headers-');
after(tmp.cleanup);

/** The same events (all fields) and the same rejects, a header line later (`shift`). */
function sameAs(original: ReadResult, variant: ReadResult, shift = 1): void {
  assert.equal(variant.format, original.format);
  assert.equal(variant.events.length, original.events.length);
  assert.deepEqual(variant.events, original.events);
  assert.deepEqual(variant.rejects.map((r) => [r.line - shift, r.field]), original.rejects.map((r) => [r.line, r.field]));
  for (const [i, r] of variant.rejects.entries()) {
    if (r.field !== 'columns') assert.equal(r.reason, original.rejects[i]?.reason);
  }
  assert.equal(variant.stats.rows, original.stats.rows);
}

describe('GDELT with a header row', () => {
  for (const [name, dataset, file] of [['2.0', 'gdelt2', GDELT2], ['1.0', 'gdelt1', GDELT1]] as const) {
    test(`${name}: BigQuery-style (reordered, quoted, extra description column) — plain, .gz, .zip`, async () => {
      const original = await readAll(file);
      assert.equal(original.events.length, dataset === 'gdelt2' ? 720 : 710);
      for (const packing of ['plain', 'gz', 'zip'] as const) {
        const path = writeHeaderVariant(tmp.path(`bq-${dataset}.csv`), file, dataset, bigQuery(dataset), packing);
        const r = await readAll(path);
        sameAs(original, r);
        assert.deepEqual(r.stats.ignoredColumns, ['CAMEOCodeDescription']);
        assert.match(r.stats.formatReason, /GDELT header row \(comma-separated/);
      }
    });

    test(`${name}: pandas export with an unnamed index column, and tab-separated with a header`, async () => {
      const original = await readAll(file);
      const p = await readAll(writeHeaderVariant(tmp.path(`pandas-${dataset}.csv`), file, dataset, pandas(dataset)));
      sameAs(original, p);
      assert.deepEqual(p.stats.ignoredColumns, ['(unnamed index column)']);
      const t = await readAll(writeHeaderVariant(tmp.path(`tab-${dataset}.tsv`), file, dataset, tabHeader(dataset), 'gz'));
      sameAs(original, t);
      assert.match(t.stats.formatReason, /tab-separated/);
    });
  }

  test('the version comes from the columns: ADM2Code means 2.0; without it, DATEADDED\'s length decides', async () => {
    // 2.0 rows without their ADM2Code columns (a BigQuery SELECT that leaves them out): 14-digit DATEADDED → 2.0.
    const names = gdeltColumnNames('gdelt2');
    const keep = names.map((n, i) => [n, i] as const).filter(([n]) => !n.endsWith('ADM2Code'));
    const lines = fileLines(GDELT2);
    const text = [keep.map(([n]) => n).join(','), ...lines.map((l) => { const f = l.split('\t'); return keep.map(([, i]) => quoteAll(f[i] ?? '')).join(','); })].join('\n');
    const file = tmp.path('no-adm2.csv');
    writeFileSync(file, `${text}\n`);
    const r = await readAll(file);
    assert.equal(r.format, 'gdelt2');
    assert.match(r.stats.formatReason, /DATEADDED has 14 digits/);
    assert.deepEqual(r.events, (await readAll(GDELT2)).events);
    const d = detectFormat('x.csv', [names.join(','), (lines[0] as string).replace(/\t/g, ',')]);
    assert.equal(d.format, 'gdelt2');
    assert.match(d.reason, /ADM2Code/);
  });

  test('bad rows get the same rejects (file:line:field) as in the plain file', async () => {
    const lines = fileLines(GDELT2).map((l, i) => G2_EDITS.find(([n]) => n === i + 1)?.[1](l) ?? l);
    const plain = tmp.path('broken.export.CSV');
    writeFileSync(plain, `${lines.join('\n')}\n`);
    const original = await readAll(plain);
    assert.equal(original.rejects.length, G2_EDITS.length);
    const r = await readAll(writeHeaderVariant(tmp.path('broken-bq.csv'), lines, 'gdelt2', bigQuery('gdelt2')));
    sameAs(original, r);
    assert.deepEqual(r.rejects.filter((x) => x.field === 'columns').map((x) => [x.line, x.reason]), [
      [4, 'expected 62 comma-separated columns (the GDELT header row), got 61'],
      [6, 'expected 62 comma-separated columns (the GDELT header row), got 63'],
    ]);
  });

  test('a header lacking required columns is refused, naming them', async () => {
    const names = gdeltColumnNames('gdelt2').filter((n) => n !== 'QuadClass' && n !== 'ActionGeo_Lat');
    const file = tmp.path('lacking.csv');
    writeFileSync(file, `${names.join(',')}\n`);
    await assert.rejects(readAll(file), (e: unknown) => e instanceof EventFileError
      && e.message.startsWith(`${file}: line 1: the GDELT header row lacks required column(s): QuadClass, ActionGeo_Lat`)
      && e.message.endsWith('if it is your own CSV naming its columns by their codebook names, import it with --format csv'));
  });

  test('your own CSV named by many GDELT codebook names: refused as a GDELT export lacking columns, read with --format csv', async () => {
    const header = 'GLOBALEVENTID,SQLDATE,Actor1Code,Actor1Name,Actor1CountryCode,Actor2Code,Actor2Name,Actor2CountryCode,IsRootEvent,EventCode,EventBaseCode,EventRootCode,QuadClass,GoldsteinScale,NumMentions,NumSources,NumArticles,AvgTone,ActionGeo_FullName,ActionGeo_Lat,ActionGeo_Long,SOURCEURL';
    const file = tmp.path('mine.csv');
    writeFileSync(file, `${header}\nmy-1,20211118,USAGOV,UNITED STATES,USA,MEXGOV,MEXICO,MEX,1,036,036,03,1,4,2,1,2,1.5,"Washington, District of Columbia, United States",38.9,-77.0,https://example.org/summit\n`);
    await assert.rejects(readAll(file), /lacks required column\(s\): MonthYear, Year.*import it with --format csv$/s);
    const r = await readAll(file, { format: 'csv' });
    assert.deepEqual(r.rejects, []);
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0]!.eventDate, '2021-11-18');
    assert.equal(r.events[0]!.cameoCode, '036');
    assert.equal(r.events[0]!.source.country, 'USA');
    assert.equal(r.events[0]!.target.country, 'MEX');
  });

  test('gdeltPyR normalised names (lower case, no underscores) read the same', async () => {
    const names = gdeltColumnNames('gdelt2');
    const lines = fileLines(GDELT2);
    const order = shuffled(names.length);
    const text = [order.map((i) => (names[i] as string).toLowerCase().replace(/_/g, '')).join(','),
      ...lines.map((l) => { const f = l.split('\t'); return order.map((i) => quoteAll(f[i] ?? '')).join(','); })].join('\n');
    const file = tmp.path('normcols.csv');
    writeFileSync(file, text);
    assert.deepEqual((await readAll(file)).events, (await readAll(GDELT2)).events);
  });
});

describe('ICEWS in its other shapes', () => {
  test('comma-separated with underscored names and empty cells: the same events; an unknown column is reported', async () => {
    const original = await readAll(ICEWS);
    const file = tmp.path('icews-underscored.csv');
    writeFileSync(file, icewsCsvText(ICEWS, 'Coder_Note'));
    const r = await readAll(file);
    assert.equal(r.format, 'icews');
    assert.match(r.stats.formatReason, /comma-separated ICEWS header/);
    assert.equal(r.events.length, original.events.length);
    assert.deepEqual(r.events, original.events);
    assert.deepEqual(r.rejects, original.rejects);
    assert.deepEqual(r.stats.ignoredColumns, ['Coder Note']);
    assert.deepEqual([...r.stats.unmappedCountries], [...original.stats.unmappedCountries]);
  });

  test('tab-separated with underscored names and an extra column reads as the Dataverse .tab; the extra column is reported', async () => {
    const lines = fileLines(ICEWS);
    const file = tmp.path('icews-underscored.tsv');
    writeFileSync(file, `${[`${(lines[0] as string).replace(/ /g, '_')}\tCoder_Note`, ...lines.slice(1).map((l) => `${l}\tNA`)].join('\n')}\n`);
    const r = await readAll(file);
    assert.equal(r.format, 'icews');
    assert.deepEqual(r.events, (await readAll(ICEWS)).events);
    assert.deepEqual(r.stats.ignoredColumns, ['Coder Note']);
  });

  test('the yearly zipped Dataverse file (one .tab entry) and its gzip read as the .tab', async () => {
    const original = await readAll(ICEWS);
    const data = Buffer.from(fileLines(ICEWS).join('\n') + '\n');
    const zip = tmp.path('events.2018.20181119105432.tab.zip');
    writeZip(zip, [{ name: 'events.2018.20181119105432.tab', data }]);
    const z = await readAll(zip);
    assert.equal(z.stats.compression, 'zip');
    assert.deepEqual(z.events, original.events);
    const csvZip = tmp.path('icews.csv.zip');
    writeZip(csvZip, [{ name: 'icews.csv', data: Buffer.from(icewsCsvText(ICEWS)) }]);
    assert.deepEqual((await readAll(csvZip)).events, original.events);
    const gz = tmp.path('icews.csv.gz');
    writeFileSync(gz, gzipSync(icewsCsvText(ICEWS)));
    assert.deepEqual((await readAll(gz)).events, original.events);
  });
});

describe('codebook names as aliases in your own CSV', () => {
  test('a few GDELT columns (not a full GDELT file) read as CSV by their aliases; codebook-only names are ignored and reported', async () => {
    const names = gdeltColumnNames('gdelt2');
    const pick = ['GLOBALEVENTID', 'SQLDATE', 'Actor1CountryCode', 'Actor2CountryCode', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'ActionGeo_Lat', 'ActionGeo_Long', 'SOURCEURL'];
    const at = pick.map((p) => names.indexOf(p));
    const lines = fileLines(GDELT2);
    const file = tmp.path('subset.csv');
    writeFileSync(file, `${pick.join(',')}\n${lines.map((l) => { const f = l.split('\t'); return at.map((i) => quoteAll(f[i] ?? '')).join(','); }).join('\n')}\n`);
    const r = await readAll(file);
    assert.equal(r.format, 'csv');
    assert.match(r.stats.formatReason, /lacks .*Actor1Code/);
    assert.equal(r.events.length, 720);
    assert.deepEqual(r.stats.ignoredColumns, ['EventBaseCode']);
    const g = new Map((await readAll(GDELT2)).events.map((e) => [e.sourceEventId, e]));
    for (const e of r.events) {
      const o = g.get(e.sourceEventId);
      assert.ok(o);
      assert.equal(e.dataset, 'csv');
      assert.deepEqual([e.eventDate, e.cameoCode, e.rootCode, e.quadClass, e.goldstein, e.source.country, e.target.country, e.latitude, e.longitude, e.sourceUrl],
        [o.eventDate, o.cameoCode, o.rootCode, o.quadClass, o.goldstein, o.source.country, o.target.country, o.latitude, o.longitude, o.sourceUrl]);
    }
  });

  test('ICEWS names (Event ID, CAMEO Code, Source Country…) read as CSV; an unknown name still aborts', async () => {
    const file = tmp.path('icews-names.csv');
    writeFileSync(file, 'Event ID,Event Date,CAMEO Code,Source Country,Source Sectors,Target Country,Story ID\nk1,2018-06-01,040,United States,"Executive,Government",Mexico,s9\n');
    const r = await readAll(file);
    assert.equal(r.format, 'csv');
    assert.equal(r.events.length, 1, JSON.stringify(r.rejects));
    // ICEWS sector names are not CAMEO role codes: the column is read past, and reported.
    assert.deepEqual(r.stats.ignoredColumns, ['Source Sectors']);
    assert.deepEqual(r.events[0]?.source.sectors, []);
    const e = r.events[0]!;
    assert.deepEqual([e.sourceEventId, e.eventDate, e.cameoCode, e.source.country, e.target.country, e.storyId], ['k1', '2018-06-01', '040', 'USA', 'MEX', 's9']);
    const bad = tmp.path('typo.csv');
    writeFileSync(bad, 'event_id,event_date,cameo_code,sorce_country\nk1,2018-06-01,040,USA\n');
    await assert.rejects(readAll(bad), /unknown column\(s\) in the CSV header: sorce_country/);
  });

  test('headerText keeps the real rows: the BigQuery variant has one more line than the plain file', () => {
    assert.equal(headerText(fileLines(GDELT2), 'gdelt2', bigQuery('gdelt2')).trimEnd().split('\n').length, 721);
  });
});
