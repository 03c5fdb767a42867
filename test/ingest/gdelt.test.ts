/** GDELT 1.0 and 2.0 readers on the real sample files, as they are. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { PoliticalEvent } from '../../src/domain/events/event.ts';
import { gdeltQuad } from '../support/oracle.ts';
import { GDELT1, GDELT2, CAMEO_TABLE, byId, fileLines, readAll, setColumn, tempDir } from './support.ts';

/** GDELT's own Goldstein lookup, read independently of the app's tables. */
function gdeltGoldstein(): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(CAMEO_TABLE('gdelt-CAMEO.goldsteinscale.txt'), 'utf8').split('\n').slice(1)) {
    const [code, score] = line.replace(/\r$/, '').split('\t');
    if (code) m.set(code, Number(score));
  }
  return m;
}

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));
const str = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s);

/** Checks every event against the raw columns of its line, using a plain split (an independent reading). */
function crossCheck(lines: string[], events: Map<string, PoliticalEvent>, v2: boolean): void {
  for (const line of lines) {
    const f = line.split('\t');
    const e = events.get(f[0] as string);
    assert.ok(e, `event ${f[0]} missing`);
    const d = f[1] as string;
    const geo = v2 ? 51 : 49;
    assert.equal(e.eventDate, `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`);
    assert.equal(e.cameoCode, f[26]);
    assert.equal(e.rootCode, f[28]);
    assert.equal(e.quadClass, Number(f[29]));
    assert.equal(e.quadConvention, 'file');
    assert.equal(e.goldstein, Number(f[30]));
    assert.equal(e.numMentions, num(f[31]));
    assert.equal(e.numSources, num(f[32]));
    assert.equal(e.numArticles, num(f[33]));
    assert.equal(e.avgTone, num(f[34]));
    assert.equal(e.isRootEvent, f[25] === '1');
    assert.equal(e.source.code, str(f[5]));
    assert.equal(e.source.name, str(f[6]));
    assert.equal(e.source.countryRaw, str(f[7]));
    assert.deepEqual(e.source.sectors, [...new Set([f[12], f[13], f[14]].filter((x) => x !== ''))]);
    assert.equal(e.target.code, str(f[15]));
    assert.equal(e.target.name, str(f[16]));
    assert.equal(e.target.countryRaw, str(f[17]));
    assert.deepEqual(e.target.sectors, [...new Set([f[22], f[23], f[24]].filter((x) => x !== ''))]);
    assert.equal(e.locationName, str(f[geo + 1]));
    assert.equal(e.latitude, num(f[v2 ? geo + 5 : geo + 4]));
    assert.equal(e.longitude, num(f[v2 ? geo + 6 : geo + 5]));
    assert.equal(e.sourceUrl, f.length === 57 ? null : str(f[f.length - 1]));
    assert.equal(e.storyId, null);
    assert.equal(e.intensity, null);
  }
}

describe('GDELT 1.0 sample (710 rows: 509 daily with 58 columns + 201 historical with 57)', async () => {
  const lines = fileLines(GDELT1);
  const r = await readAll(GDELT1);
  const events = byId(r.events);

  test('detects GDELT 1.0 by content and reads every row, with no reject', () => {
    assert.equal(r.format, 'gdelt1');
    assert.equal(r.stats.formatReason, 'content: GDELT 1.0 column count (50 line(s) examined: 50 with 57/58 columns, 0 with 61)');
    assert.equal(lines.length, 710);
    assert.equal(r.events.length, 710);
    assert.deepEqual(r.rejects, []);
    assert.equal(r.stats.rows, 710);
    assert.equal(r.stats.lines, 710);
    assert.equal(r.stats.rejected, 0);
    assert.equal(r.stats.quadDerived, 0);
    assert.deepEqual(r.batchSizes, [710]);
    assert.ok(r.events.every((e) => e.dataset === 'gdelt1'));
  });

  test('57/58 columns are told apart per row: 509 rows keep SOURCEURL, 201 historical rows have none', () => {
    const width = new Map(lines.map((l) => [l.split('\t')[0] as string, l.split('\t').length]));
    assert.equal([...width.values()].filter((n) => n === 58).length, 509);
    assert.equal([...width.values()].filter((n) => n === 57).length, 201);
    const withUrl = r.events.filter((e) => e.sourceUrl !== null);
    assert.equal(withUrl.length, 509);
    assert.ok(withUrl.every((e) => width.get(e.sourceEventId) === 58 && /^https?:\/\//.test(e.sourceUrl ?? '')));
    assert.ok(r.events.filter((e) => e.sourceUrl === null).every((e) => width.get(e.sourceEventId) === 57));
    const dates = r.events.map((e) => e.eventDate).sort();
    assert.equal(dates[0], '1982-01-02');
    assert.equal(dates[dates.length - 1], '2016-07-28');
  });

  test('every event agrees with the raw columns of its line', () => crossCheck(lines, events, false));

  test('a daily row, field by field (564157277, USA → MEX, 061)', () => {
    assert.deepStrictEqual({ ...events.get('564157277'), source: { ...events.get('564157277')?.source }, target: { ...events.get('564157277')?.target } }, {
      dataset: 'gdelt1', sourceEventId: '564157277', eventDate: '2016-07-28',
      source: { code: 'USA', name: 'ARIZONA', country: 'USA', countryRaw: 'USA', sectors: [] },
      target: { code: 'MEX', name: 'MEXICO', country: 'MEX', countryRaw: 'MEX', sectors: [] },
      cameoCode: '061', rootCode: '06', quadClass: 2, quadConvention: 'file', goldstein: 6.4, intensity: null,
      numMentions: 35, numSources: 2, numArticles: 35, avgTone: -0.403173079066383, isRootEvent: true,
      locationName: 'Arizona, United States', locationCountry: 'USA', latitude: 33.7712, longitude: -111.388,
      sourceUrl: 'http://cvbugle.com/main.asp?SectionID=36&SubSectionID=996&TM=75253.45', storyId: null,
    });
  });

  test('a historical 57-column row, field by field (1552839, CAN → POL, 1312)', () => {
    const e = events.get('1552839');
    assert.ok(e);
    assert.deepStrictEqual({ ...e, source: { ...e.source }, target: { ...e.target } }, {
      dataset: 'gdelt1', sourceEventId: '1552839', eventDate: '1982-01-02',
      source: { code: 'CAN', name: 'CANADA', country: 'CAN', countryRaw: 'CAN', sectors: [] },
      target: { code: 'POL', name: 'POLAND', country: 'POL', countryRaw: 'POL', sectors: [] },
      cameoCode: '1312', rootCode: '13', quadClass: 3, quadConvention: 'file', goldstein: -5.8, intensity: null,
      numMentions: 2, numSources: 1, numArticles: 2, avgTone: 2.53807106598985, isRootEvent: true,
      locationName: 'Canada', locationCountry: 'CAN', latitude: 60, longitude: -95,
      sourceUrl: null, storyId: null,
    });
  });

  test('the 23 rows with a MEX or CAN actor', () => {
    const na = r.events.filter((e) => ['MEX', 'CAN'].includes(e.source.countryRaw ?? '') || ['MEX', 'CAN'].includes(e.target.countryRaw ?? ''));
    assert.deepEqual(na.map((e) => e.sourceEventId).sort(), [
      '1552839', '1553449', '1553911', '1554641', '564111684', '564137358', '564137778', '564138028', '564138038', '564138048', '564157277',
      '564160256', '564160266', '564160276', '564160286', '564160296', '564160526', '564160866', '564442522', '564464292', '564464562', '564464752', '564465142',
    ].sort());
    assert.equal(na.length, 23);
    // Mapped to ISO: MEX and CAN are their own ISO alpha-3 codes.
    for (const e of na) for (const a of [e.source, e.target]) if (a.countryRaw === 'MEX' || a.countryRaw === 'CAN') assert.equal(a.country, a.countryRaw);
    const usaMex = na.filter((e) => e.source.country === 'USA' && e.target.country === 'MEX').map((e) => e.sourceEventId);
    assert.deepEqual(usaMex, ['564157277']);
    // The lower-case ethnic actor code `idg` (row 564465142) is kept as the file writes it.
    assert.equal(events.get('564465142')?.source.code, 'idg');
  });

  test('Goldstein equals GDELT’s CAMEO.goldsteinscale.txt on every row', () => {
    const table = gdeltGoldstein();
    for (const e of r.events) assert.equal(e.goldstein, table.get(e.cameoCode as string), `${e.sourceEventId} ${e.cameoCode}`);
  });

  test('the file’s own quad class is kept (and here follows GDELT’s root mapping on every row)', () => {
    for (const e of r.events) {
      assert.equal(e.quadConvention, 'file');
      assert.equal(e.quadClass, gdeltQuad(Number(e.rootCode)));
    }
  });

  test('region codes stay unmapped with the raw code kept, and are counted', () => {
    assert.deepEqual(Object.fromEntries(r.stats.unmappedCountries), { EUR: 7, AFR: 7, WST: 2, MEA: 2 });
    const eur = r.events.filter((e) => e.source.countryRaw === 'EUR' || e.target.countryRaw === 'EUR');
    assert.ok(eur.length > 0 && eur.every((e) => (e.source.countryRaw === 'EUR' ? e.source.country : e.target.country) === null));
    // Every place name's country part was recognised.
    assert.deepEqual([...r.stats.unmappedLocations], []);
  });

  test('the fast checks imply the schema: every event parses with zod unchanged', () => {
    for (const e of r.events) assert.deepStrictEqual(PoliticalEvent.parse(e), { ...e, source: { ...e.source, sectors: [...e.source.sectors] }, target: { ...e.target, sectors: [...e.target.sectors] } });
  });

  test('validation: "schema" gives the same events', async () => {
    const z = await readAll(GDELT1, { validation: 'schema' });
    assert.deepEqual(z.events, r.events);
    assert.equal(z.rejects.length, 0);
  });
});

describe('GDELT 2.0 export sample (720 rows, 61 columns)', async () => {
  const lines = fileLines(GDELT2);
  const r = await readAll(GDELT2, { batchSize: 100 });
  const events = byId(r.events);

  test('detects GDELT 2.0 and reads all 720 rows in batches, with no reject', () => {
    assert.equal(r.format, 'gdelt2');
    assert.equal(r.events.length, 720);
    assert.deepEqual(r.rejects, []);
    assert.deepEqual(r.batchSizes, [100, 100, 100, 100, 100, 100, 100, 20]);
    assert.ok(r.events.every((e) => e.dataset === 'gdelt2'));
  });

  test('every event agrees with the raw columns of its line', () => crossCheck(lines, events, true));

  test('counts stated in SOURCES.md hold', () => {
    assert.equal(r.events.filter((e) => e.eventDate === '2017-01-01').length, 702);
    assert.equal(r.events.map((e) => e.eventDate).sort()[0], '2016-01-02');
    assert.equal(r.events.filter((e) => e.isRootEvent === true).length, 431);
    assert.equal(r.events.filter((e) => e.isRootEvent === false).length, 289);
    const has = (c: string) => r.events.filter((e) => e.source.countryRaw === c || e.target.countryRaw === c).length;
    assert.equal(has('USA'), 261);
    assert.equal(has('CAN'), 15);
    assert.equal(has('MEX'), 3);
    // Geo_Type 0 (no place resolved) leaves the location empty.
    assert.equal(r.events.filter((e) => e.locationName === null).length, 20);
  });

  test('a row field by field (613301272, MEX → REF, 043, in Chiapas)', () => {
    const e = events.get('613301272');
    assert.ok(e);
    assert.deepStrictEqual({ ...e, source: { ...e.source }, target: { ...e.target, sectors: [...e.target.sectors] } }, {
      dataset: 'gdelt2', sourceEventId: '613301272', eventDate: '2017-01-01',
      source: { code: 'MEX', name: 'MEXICO', country: 'MEX', countryRaw: 'MEX', sectors: [] },
      target: { code: 'REF', name: 'REFUGEE', country: null, countryRaw: null, sectors: ['REF'] },
      cameoCode: '043', rootCode: '04', quadClass: 1, quadConvention: 'file', goldstein: 2.8, intensity: null,
      numMentions: 10, numSources: 1, numArticles: 10, avgTone: -1.417004048583, isRootEvent: true,
      locationName: 'Nuevo Eden, Chiapas, Mexico', locationCountry: 'MEX', latitude: 17.275, longitude: -91.55,
      sourceUrl: 'https://cruxnow.com/global-church/2016/12/31/guatemalan-coffee-growers-find-hope-catholic-cooperative/', storyId: null,
    });
  });

  test('a US row with repeated type codes, field by field (613300833, JUD → JUD in Edinburg, Texas)', () => {
    const e = events.get('613300833');
    assert.ok(e);
    assert.deepStrictEqual({ ...e, source: { ...e.source, sectors: [...e.source.sectors] }, target: { ...e.target, sectors: [...e.target.sectors] } }, {
      dataset: 'gdelt2', sourceEventId: '613300833', eventDate: '2016-01-02',
      source: { code: 'JUDJUD', name: 'DISTRICT COURT', country: null, countryRaw: null, sectors: ['JUD'] },
      target: { code: 'JUD', name: 'JUDGE', country: null, countryRaw: null, sectors: ['JUD'] },
      cameoCode: '051', rootCode: '05', quadClass: 1, quadConvention: 'file', goldstein: 3.4, intensity: null,
      numMentions: 4, numSources: 1, numArticles: 4, avgTone: 0.4950495049505, isRootEvent: false,
      locationName: 'Edinburg, Texas, United States', locationCountry: 'USA', latitude: 26.3017, longitude: -98.1633,
      sourceUrl: 'http://www.themonitor.com/news/local/judge-steps-down-after-decades-in-county-courthouse/article_26e96bf2-ea51-56d4-bc77-4a2f422d29f5.html', storyId: null,
    });
  });

  test('Goldstein equals GDELT’s lookup and the quad class is the file’s own on every row', () => {
    const table = gdeltGoldstein();
    for (const e of r.events) {
      assert.equal(e.goldstein, table.get(e.cameoCode as string));
      assert.equal(e.quadConvention, 'file');
      assert.equal(e.quadClass, gdeltQuad(Number(e.rootCode)));
    }
  });

  test('ActionGeo country: FIPS is not ISO, so the country is read from the place name (US → USA, MX → MEX, CA → CAN…)', () => {
    for (const line of lines) {
      const f = line.split('\t');
      const e = events.get(f[0] as string);
      const fips = f[53];
      const expected: Record<string, string> = { US: 'USA', MX: 'MEX', CA: 'CAN', UK: 'GBR', CH: 'CHN', GM: 'DEU', RS: 'RUS', IS: 'ISR', AS: 'AUS', SF: 'ZAF' };
      if (fips !== undefined && expected[fips] !== undefined) assert.equal(e?.locationCountry, expected[fips], `${f[0]} ${fips} ${f[52]}`);
      if (f[52] === '') assert.equal(e?.locationCountry, null);
    }
    assert.equal(r.events.filter((e) => e.locationName !== null && e.locationCountry === null).length, 0);
    assert.deepEqual(Object.fromEntries(r.stats.unmappedCountries), { AFR: 1, EUR: 1 });
  });

  test('the fast checks imply the schema: every event parses with zod', () => {
    for (const e of r.events) assert.equal(PoliticalEvent.safeParse(e).success, true, e.sourceEventId);
  });
});

describe('a file’s own quad class is kept even where it departs from GDELT’s mapping', async () => {
  const tmp = tempDir();
  after(tmp.cleanup);
  const lines = fileLines(GDELT2);
  // Row 613300833 is code 051 (root 05, GDELT quad 1); write quad 2 instead.
  const edited = lines.map((l) => (l.startsWith('613300833\t') ? setColumn(l, 29, '2') : l));
  const file = tmp.path('20170101073000.export.CSV');
  writeFileSync(file, `${edited.join('\n')}\n`);
  const r = await readAll(file);

  test('the edited row carries quad 2 with convention "file"', () => {
    assert.equal(r.rejects.length, 0);
    const e = byId(r.events).get('613300833');
    assert.equal(e?.quadClass, 2);
    assert.equal(e?.quadConvention, 'file');
    assert.equal(r.stats.quadDerived, 0);
  });
});
