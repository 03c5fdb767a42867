/** The CSV format for users' own events: a round trip of the real GDELT 2.0 events, then bad input. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { type PoliticalEvent } from '../../src/domain/events/event.ts';
import { altQuad, gdeltQuad } from '../support/oracle.ts';
import { CSV_COLUMNS, CountryMapper, EventFileError, EventRejectError, lookups, openEventFile, type IngestStats } from '../../src/ingest/events/index.ts';
import { CsvEventReader } from '../../src/ingest/events/formats/csv/parser.ts';
import { GDELT2, readAll, tempDir } from './support.ts';
import { cpuSeconds } from '../support/cpu.ts';

const tmp = tempDir();
after(tmp.cleanup);

function cell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FULL = ['event_id', 'event_date', 'source_code', 'source_name', 'source_country', 'source_sectors', 'target_code', 'target_name', 'target_country', 'target_sectors',
  'cameo_code', 'root_code', 'quad_class', 'goldstein', 'num_mentions', 'num_sources', 'num_articles', 'avg_tone', 'is_root_event',
  'location_name', 'location_country', 'latitude', 'longitude', 'source_url'];

function toCsvRow(e: PoliticalEvent): string {
  return [e.sourceEventId, e.eventDate, e.source.code, e.source.name, e.source.countryRaw, e.source.sectors.join(';'), e.target.code, e.target.name, e.target.countryRaw, e.target.sectors.join(';'),
    e.cameoCode, e.rootCode, e.quadClass, e.goldstein, e.numMentions, e.numSources, e.numArticles, e.avgTone, e.isRootEvent,
    e.locationName, e.locationCountry, e.latitude, e.longitude, e.sourceUrl].map(cell).join(',');
}

describe('CSV round trip of the 720 real GDELT 2.0 events', async () => {
  const real = (await readAll(GDELT2)).events;
  const file = tmp.path('my-events.csv');
  writeFileSync(file, `\uFEFF${FULL.join(',')}\r\n${real.map(toCsvRow).join('\r\n')}\r\n`);
  const r = await readAll(file);

  test('every column is a documented one', () => {
    for (const c of FULL) assert.ok(c in CSV_COLUMNS, c);
  });

  test('detected by its header; the events come back identical apart from the dataset tag', () => {
    assert.equal(r.format, 'csv');
    assert.deepEqual(r.rejects, []);
    assert.equal(r.events.length, 720);
    assert.deepEqual(r.events, real.map((e) => ({ ...e, dataset: 'csv' })));
    assert.equal(r.stats.rows, 720);
    assert.equal(r.stats.lines, 721);
    assert.equal(r.stats.quadDerived, 0);
  });
});

describe('CSV with only the required columns', async () => {
  const file = tmp.path('minimal.csv');
  writeFileSync(file, 'event_id,event_date,cameo_code\na1,2019-03-01,0256\na2,2020-02-29,141\na3,2021-07-04,016\n');

  test('quad class is derived with the chosen convention and Goldstein comes from the codebook (GDELT’s value)', async () => {
    const g = await readAll(file);
    const a = await readAll(file, { quadConvention: 'icews-alt' });
    assert.deepEqual(g.rejects, []);
    const book = lookups().codebook;
    for (const [i, e] of g.events.entries()) {
      assert.equal(e.quadConvention, 'gdelt');
      assert.equal(e.quadClass, gdeltQuad(Number(e.rootCode)));
      assert.equal(e.goldstein, book.get(e.cameoCode)?.goldsteinGdelt);
      assert.equal(a.events[i]?.quadConvention, 'icews-alt');
      assert.equal(a.events[i]?.quadClass, altQuad(Number(e.rootCode)));
    }
    assert.deepEqual(g.events.map((e) => e.quadClass), [1, 3, 1]);
    assert.deepEqual(a.events.map((e) => e.quadClass), [1, 4, 1]);
    assert.deepEqual(g.events.map((e) => e.goldstein), [-0.3, -6.5, -2]);
    assert.equal(g.stats.quadDerived, 3);
    assert.deepEqual(g.events[0]?.source, { code: null, name: null, country: null, countryRaw: null, sectors: [] });
  });
});

describe('bad CSV rows are rejected with the CSV column name', async () => {
  const header = 'event_id,event_date,source_country,source_name,source_sectors,target_country,cameo_code,root_code,goldstein,quad_class,num_mentions,avg_tone,latitude,source_url';
  const rows = [
    'b1,2019-02-30,USA,,GOV,MEX,042,,,,,,,',
    'b2,20191340,USA,,,MEX,042,,,,,,,',
    'b3,2019-03-01,USA,,,MEX,999,,,,,,,',
    'b4,2019-03-01,USA,,,MEX,042,05,,,,,,',
    'b5,2019-03-01,USA,,,MEX,042,,12,,,,,',
    'b6,2019-03-01,USA,,,MEX,042,,,5,,,,',
    'b7,2019-03-01,USA,,,MEX,042,,,,many,,,',
    'b8,2019-03-01,USA,,gov,MEX,042,,,,,,,',
    'b9,2019-03-01,USA,,,MEX,042,,,,,,95,',
    ',2019-03-01,USA,,,MEX,042,,,,,,,',
    'b11,2019-03-01,USA,,,MEX,042',
    'b12,2019-03-01,USA,"The ""quoted""\nname",,MEX,042,,,,,,,',
    'b13,2019-03-01,NMR,,,Canada,042,,,,,,,http://example.org/x',
  ];
  const file = tmp.path('bad.csv');
  writeFileSync(file, Buffer.concat([
    Buffer.from(`${header}\n${rows.join('\n')}\n`),
    Buffer.from('b14,2019-03-01,USA,Jos', 'utf8'), Buffer.from([0xe9]), Buffer.from(',,MEX,042,,,,,,,\n'),
  ]));
  const r = await readAll(file);

  test('each bad row names its line and column', () => {
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field]), [
      [2, 'event_date'], [3, 'event_date'], [4, 'cameo_code'], [5, 'root_code'], [6, 'goldstein'], [7, 'quad_class'],
      [8, 'num_mentions'], [9, 'source_sectors'], [10, 'latitude'], [11, 'event_id'], [12, 'columns'], [16, 'source_name'],
    ]);
    assert.match(r.rejects[0]?.reason ?? '', /calendar day.*"2019-02-30"/);
    assert.match(r.rejects[2]?.reason ?? '', /unknown CAMEO event code "999"/);
    assert.equal(r.rejects[11]?.reason, 'invalid UTF-8 byte sequence');
  });

  test('good rows are kept; a quoted multi-line name is read whole; regions stay unmapped, names map', () => {
    assert.deepEqual(r.events.map((e) => e.sourceEventId), ['b12', 'b13']);
    assert.equal(r.events[0]?.source.name, 'The "quoted"\nname');
    assert.deepEqual(r.events[1]?.source, { code: null, name: null, country: null, countryRaw: 'NMR', sectors: [] });
    assert.equal(r.events[1]?.target.country, 'CAN');
    assert.equal(r.events[1]?.target.countryRaw, 'Canada');
    assert.equal(r.events[1]?.sourceUrl, 'http://example.org/x');
    assert.deepEqual(Object.fromEntries(r.stats.unmappedCountries), { NMR: 1 });
  });

  test('strict mode stops at line 2 naming file, line and column', async () => {
    const reader = await openEventFile(file, { strict: true });
    await assert.rejects(async () => {
      for await (const _ of reader.batches()) { /* drain */ }
    }, (err: unknown) => err instanceof EventRejectError && err.message.startsWith(`${file}:2:event_date: `));
  });
});

describe('CSV header errors abort with the file named', () => {
  test('unknown, duplicate or missing columns', async () => {
    const cases: [string, RegExp][] = [
      ['event_id,event_date,cameo_code,colour\n', /unknown column\(s\) in the CSV header: colour/],
      ['event_id,event_date,cameo_code,event_date\n', /duplicate column\(s\) in the CSV header: event_date/],
      ['event_id,event_date,goldstein\n', /lacks required column\(s\): cameo_code/],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      const file = tmp.path(`header-${i}.csv`);
      writeFileSync(file, text);
      await assert.rejects(readAll(file), (err: unknown) => err instanceof EventFileError && err.message.startsWith(`${file}: `) && message.test(err.message));
    }
  });

  test('an unclosed quote aborts with the line', async () => {
    const file = tmp.path('unclosed.csv');
    writeFileSync(file, 'event_id,event_date,cameo_code\nx1,2019-01-01,"042\n');
    await assert.rejects(readAll(file), (err: unknown) => err instanceof EventFileError && err.message.startsWith(`${file}: `) && /quote/i.test(err.message));
  });
});

describe('CSV rows of hostile size', () => {
  test('a quote left open is reported at the line it opened on, not at the end of the file', async () => {
    const file = tmp.path('open-quote.csv');
    writeFileSync(file, `event_id,event_date,cameo_code,source_name\na1,2019-03-01,0256,"open\n${'a2,2019-03-01,0256,name\n'.repeat(1000)}`);
    await assert.rejects(readAll(file), (err: unknown) => err instanceof EventFileError
      && err.message === `${file}: line 2: a quote opened in the record starting on this line is never closed`);
  });

  test('a record past the bound (64 MiB, as for lines) stops the read at its first line instead of taking in the rest of the file', async () => {
    // Without a bound, a 192 MB file with a quote left open on line 2 held 500 MB and read to its end.
    const lk = lookups();
    const stats: IngestStats = {
      file: 'x.csv', format: 'csv', formatReason: '', compression: 'none', entryName: null, lines: 0, rows: 0, events: 0, rejected: 0,
      blankLines: 0, quadDerived: 0, unmappedCountries: new Map(), unmappedLocations: new Map(), unmappedSectors: new Map(), nonRoleSectors: new Map(),
      legacyPloverTypes: new Map(), latin1Lines: 0, ignoredColumns: [],
      bytesRead: 0, totalBytes: 0,
    };
    const reader = new CsvEventReader('x.csv', lk.codebook, new CountryMapper(lk), 'gdelt', stats, 64 * 1024);
    let fed = 0;
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('event_id,event_date,cameo_code,source_name\na1,2019-03-01,0256,"open\n');
      const block = Buffer.from('a2,2019-03-01,0256,name\n'.repeat(1000));
      for (let i = 0; i < 1000; i++, fed += block.length) yield block;
    }
    await assert.rejects(async () => {
      for await (const r of reader.records(chunks())) void r;
    }, (err: unknown) => (err as { lines?: number }).lines === 2 && /the record starting on this line runs past 65536 bytes: a quote left open\?/.test((err as Error).message));
    assert.ok(fed < 1_000_000, `stopped early (${fed} bytes fed)`);
  });

  test('a row of 1,200,000 commas is refused for its column count in about a second, not ten (found by the fuzz suite)', async () => {
    // csv-parse copied each such record through JSON before judging it, a Buffer as an array of numbers.
    const file = tmp.path('commas.csv');
    writeFileSync(file, `event_id,event_date,cameo_code,source_name\na1,2019-03-01,0256,${', '.repeat(1_200_000)}\na2,2019-03-01,0256,kept\n`);
    const { result: r, seconds } = await cpuSeconds(() => readAll(file));
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field, x.reason]), [[2, 'columns', 'expected 4 columns (CSV header), got 1200004']]);
    assert.deepEqual(r.events.map((e) => e.sourceEventId), ['a2']);
    assert.ok(seconds < 4, `took ${seconds.toFixed(1)} s of CPU`);
  });
});
