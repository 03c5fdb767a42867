/** ICEWS reader on the real sample (3,705 rows, header, NA), plus variants derived from it. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { PoliticalEvent } from '../../src/domain/events/event.ts';
import { altQuad, gdeltQuad } from '../support/oracle.ts';
import { cpuSeconds } from '../support/cpu.ts';
import { splitActorCode } from '../../src/domain/events/cameo.ts';
import { lookups } from '../../src/ingest/events/index.ts';
import { splitSectors } from '../../src/ingest/events/formats/icews/parser.ts';
import { ICEWS, CAMEO_TABLE, byId, fileLines, readAll, tempDir } from './support.ts';

const lines = fileLines(ICEWS);
const header = (lines[0] as string).split('\t');
const col = (name: string): number => header.indexOf(name);

/** The `goldstein_codebook` and `goldstein` (GDELT) columns of the shared cameo-event-codes.csv, read independently. */
function goldsteinColumns(): Map<string, { codebook: number | null; gdelt: number | null }> {
  const rows = parse(readFileSync(CAMEO_TABLE('cameo-event-codes.csv')), { columns: true }) as Record<string, string>[];
  const n = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
  return new Map(rows.map((r) => [r.code as string, { codebook: n(r.goldstein_codebook), gdelt: n(r.goldstein) }]));
}

describe('ICEWS sample, 3,705 rows', async () => {
  const r = await readAll(ICEWS);
  const events = byId(r.events);

  test('detects ICEWS by its header and reads every row with no reject', () => {
    assert.equal(r.format, 'icews');
    assert.match(r.stats.formatReason, /ICEWS header/);
    assert.equal(lines.length, 3706);
    assert.equal(r.events.length, 3705);
    assert.deepEqual(r.rejects, []);
    assert.equal(r.stats.rows, 3705);
    assert.equal(r.stats.lines, 3706);
    assert.equal(events.size, 3705, 'id@date is unique');
    assert.ok(r.events.every((e) => e.dataset === 'icews'));
    const dates = [...new Set(r.events.map((e) => e.eventDate))].sort();
    assert.deepEqual(dates, ['2018-06-01', '2018-06-02']);
  });

  test('every event agrees with the raw columns of its line (NA = missing)', () => {
    const na = (s: string | undefined) => (s === undefined || s === 'NA' || s === '' ? null : s);
    for (const line of lines.slice(1)) {
      const f = line.split('\t');
      const id = `${f[col('Event ID')]}@${f[col('Event Date')]}`;
      const e = events.get(id);
      assert.ok(e, id);
      assert.equal(e.eventDate, f[col('Event Date')]);
      assert.equal(e.cameoCode, f[col('CAMEO Code')]);
      assert.equal(e.rootCode, f[col('CAMEO Code')]?.slice(0, 2));
      assert.equal(e.intensity, Number(f[col('Intensity')]));
      assert.equal(e.source.name, na(f[col('Source Name')]));
      assert.equal(e.source.countryRaw, na(f[col('Source Country')]));
      assert.equal(e.target.name, na(f[col('Target Name')]));
      assert.equal(e.target.countryRaw, na(f[col('Target Country')]));
      assert.equal(e.source.code, null);
      assert.equal(e.storyId, na(f[col('Story ID')]));
      const n = (s: string | null) => (s === null ? null : Number(s));
      assert.equal(e.latitude, n(na(f[col('Latitude')])));
      assert.equal(e.longitude, n(na(f[col('Longitude')])));
      const place = ['City', 'District', 'Province', 'Country'].map((c) => na(f[col(c)])).filter((x) => x !== null);
      assert.equal(e.locationName, place.length ? place.join(', ') : null);
      for (const k of ['numMentions', 'numSources', 'numArticles', 'avgTone', 'isRootEvent', 'sourceUrl'] as const) assert.equal(e[k], null);
    }
  });

  test('a MEX → USA row, field by field (32898645, 111 criticize)', () => {
    const e = events.get('32898645@2018-06-01');
    assert.ok(e);
    assert.deepStrictEqual({ ...e, source: { ...e.source, sectors: [...e.source.sectors] }, target: { ...e.target, sectors: [...e.target.sectors] } }, {
      dataset: 'icews', sourceEventId: '32898645@2018-06-01', eventDate: '2018-06-01',
      source: { code: null, name: 'Citizen (Mexico)', country: 'MEX', countryRaw: 'Mexico', sectors: ['CVL'] },
      target: { code: null, name: 'United States', country: 'USA', countryRaw: 'United States', sectors: [] },
      cameoCode: '111', rootCode: '11', quadClass: 3, quadConvention: 'gdelt', goldstein: -2, intensity: -2,
      numMentions: null, numSources: null, numArticles: null, avgTone: null, isRootEvent: null,
      locationName: 'United States', locationCountry: 'USA', latitude: 38.8951, longitude: -77.0364,
      sourceUrl: null, storyId: '47406748',
    });
  });

  test('a four-digit code with sectors from two ICEWS names, field by field (32900378, 0256)', () => {
    const e = events.get('32900378@2018-06-02');
    assert.ok(e);
    assert.deepStrictEqual({ ...e, source: { ...e.source, sectors: [...e.source.sectors] }, target: { ...e.target, sectors: [...e.target.sectors] } }, {
      dataset: 'icews', sourceEventId: '32900378@2018-06-02', eventDate: '2018-06-02',
      source: { code: null, name: 'Green Party (Mexico)', country: 'MEX', countryRaw: 'Mexico', sectors: ['PTY'] },
      target: { code: null, name: 'Other Authorities / Officials (Mexico)', country: 'MEX', countryRaw: 'Mexico', sectors: ['GOV'] },
      cameoCode: '0256', rootCode: '02', quadClass: 1, quadConvention: 'gdelt', goldstein: -0.3, intensity: -0.3,
      numMentions: null, numSources: null, numArticles: null, avgTone: null, isRootEvent: null,
      locationName: 'Huauchinango, Estado de Puebla, Mexico', locationCountry: 'MEX', latitude: 20.1725, longitude: -98.0542,
      sourceUrl: null, storyId: '47411014',
    });
    // "Government,Executive,Finance / Economy / Commerce / Trade Ministry" → GOV, GOV, GOVBUS → GOV, BUS.
    assert.deepEqual(events.get('32891303@2018-06-01')?.source.sectors, ['GOV', 'BUS']);
  });

  test('Mexico: 21 rows with Mexico as source or target (5 USA→MEX, 1 MEX→USA, 1 MEX→CAN, 1 CAN→MEX, 11 MEX→MEX, 2 unknown→MEX)', () => {
    const mex = r.events.filter((e) => e.source.country === 'MEX' || e.target.country === 'MEX');
    assert.equal(mex.length, 21);
    const dyad = (s: string | null, t: string | null) => mex.filter((e) => e.source.country === s && e.target.country === t).map((e) => e.sourceEventId).sort();
    assert.deepEqual(dyad('USA', 'MEX'), ['32887376@2018-06-01', '32887672@2018-06-01', '32891303@2018-06-01', '32891449@2018-06-01', '32891452@2018-06-01']);
    assert.deepEqual(dyad('MEX', 'USA'), ['32898645@2018-06-01']);
    assert.deepEqual(dyad('MEX', 'CAN'), ['32898644@2018-06-01']);
    assert.deepEqual(dyad('CAN', 'MEX'), ['32898646@2018-06-01']);
    assert.equal(dyad('MEX', 'MEX').length, 11);
    assert.deepEqual(dyad(null, 'MEX'), ['32887438@2018-06-01', '32899271@2018-06-01']);
    // The sample's "22 rows mention Mexico" counts one row in New Mexico (United States).
    const text = lines.slice(1).filter((l) => l.includes('Mexico'));
    assert.equal(text.length, 22);
    const other = text.map((l) => l.split('\t')).filter((f) => f[col('Source Country')] !== 'Mexico' && f[col('Target Country')] !== 'Mexico');
    assert.equal(other.length, 1);
    assert.equal(other[0]?.[col('Province')], 'New Mexico');
    assert.equal(events.get(`${other[0]?.[0]}@${other[0]?.[1]}`)?.locationCountry, 'USA');
  });

  test('quad class is derived with the named default convention "gdelt"', () => {
    assert.equal(r.stats.quadDerived, 3705);
    for (const e of r.events) {
      assert.equal(e.quadConvention, 'gdelt');
      assert.equal(e.quadClass, gdeltQuad(Number(e.rootCode)));
    }
  });

  test('"icews-alt" differs from "gdelt" exactly on roots 09 and 14', async () => {
    const alt = await readAll(ICEWS, { quadConvention: 'icews-alt' });
    const g = byId(r.events);
    let differing = 0;
    for (const e of alt.events) {
      assert.equal(e.quadConvention, 'icews-alt');
      assert.equal(e.quadClass, altQuad(Number(e.rootCode)));
      const d = g.get(e.sourceEventId)?.quadClass !== e.quadClass;
      assert.equal(d, e.rootCode === '09' || e.rootCode === '14', e.sourceEventId);
      if (d) differing++;
    }
    assert.equal(differing, r.events.filter((e) => e.rootCode === '09' || e.rootCode === '14').length);
    assert.ok(differing > 0);
  });

  test('Intensity equals the codebook Goldstein (goldstein_codebook) on every row; goldstein carries it, not GDELT’s value', () => {
    const table = goldsteinColumns();
    for (const e of r.events) {
      const t = table.get(e.cameoCode as string);
      assert.equal(e.intensity, t?.codebook, `${e.sourceEventId} ${e.cameoCode}`);
      assert.equal(e.goldstein, e.intensity);
    }
    // The codes where GDELT disagrees with the codebook appear in the sample and keep the codebook value.
    for (const [code, codebook, gdelt] of [['016', -5, -2], ['022', 3.4, 3.2], ['164', -6.5, -7]] as [string, number, number][]) {
      const rows = r.events.filter((e) => e.cameoCode === code);
      assert.ok(rows.length > 0, code);
      assert.ok(rows.every((e) => e.goldstein === codebook && e.goldstein !== gdelt));
    }
  });

  test('sectors: names map to CAMEO role codes; the rest is counted, not silently lost', () => {
    const lk = lookups();
    assert.deepEqual([...r.stats.unmappedCountries], []);
    assert.deepEqual([...r.stats.unmappedLocations], []);
    // Unmapped: not in icews-sector-agents.tsv, or mapped to no CAMEO code there (`---`).
    assert.deepEqual([...r.stats.unmappedSectors.keys()].sort(), ['Center Left', 'Center Right', 'Centrist', 'Communist', 'Far Left', 'Far Right', 'Fundamentalist', 'Ideological', 'Nationalist', 'Secular', 'Unspecified']);
    for (const name of r.stats.unmappedSectors.keys()) {
      const code = lk.icewsSectorAgents.get(name);
      assert.ok(code === undefined || splitActorCode(code) === null, name);
    }
    // Ethnic and religious agent codes are real CAMEO codes but not role codes.
    for (const name of r.stats.nonRoleSectors.keys()) {
      const blocks = splitActorCode(lk.icewsSectorAgents.get(name) ?? '');
      assert.ok(blocks !== null && blocks.every((b) => !lk.actorTypes.has(b)), name);
    }
    assert.equal(r.stats.nonRoleSectors.get('Christian'), 24);
    assert.equal(r.stats.unmappedSectors.get('Ideological'), 561);
    // Every sector name occurrence is accounted for: mapped, unmapped or non-role.
    let occurrences = 0;
    let mapped = 0;
    for (const line of lines.slice(1)) {
      const f = line.split('\t');
      for (const c of ['Source Sectors', 'Target Sectors']) {
        const v = f[col(c)] as string;
        if (v === 'NA') continue;
        for (const name of v.split(',')) {
          occurrences++;
          const blocks = splitActorCode(lk.icewsSectorAgents.get(name) ?? '');
          if (blocks?.some((b) => lk.actorTypes.has(b))) mapped++;
        }
      }
    }
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    assert.equal(mapped + sum(r.stats.unmappedSectors) + sum(r.stats.nonRoleSectors), occurrences);
    for (const e of r.events) for (const s of [...e.source.sectors, ...e.target.sectors]) assert.ok(lk.actorTypes.has(s), s);
  });

  test('the fast checks imply the schema: every event parses with zod', () => {
    for (const e of r.events) assert.equal(PoliticalEvent.safeParse(e).success, true, e.sourceEventId);
  });
});

describe('ICEWS variants derived from the sample', async () => {
  const tmp = tempDir();
  after(tmp.cleanup);
  const numeric = new Set(['Event ID', 'Intensity', 'Story ID', 'Sentence Number', 'Latitude', 'Longitude']);
  // Dataverse's converted "Tab-Delimited" file quotes text fields (and doubles inner quotes).
  const quoted = lines.map((line, i) => line.split('\t').map((v, k) => {
    const name = header[k] as string;
    if (i > 0 && (numeric.has(name) || v === 'NA')) return v;
    return `"${v.replace(/"/g, '""')}"`;
  }).join('\t'));
  const withQuote = quoted.map((l) => (l.startsWith('32898645\t') ? l.replace('"Citizen (Mexico)"', '"Citizen ""ciudadano"" (Mexico)"') : l));
  const quotedFile = tmp.path('events.2018.quoted.tab');
  writeFileSync(quotedFile, `${withQuote.join('\n')}\n`);
  const crlfFile = tmp.path('events.2018.crlf.tab');
  writeFileSync(crlfFile, `${lines.join('\r\n')}\r\n`);
  const original = await readAll(ICEWS);

  test('the quoted Dataverse variant gives the same events', async () => {
    const q = await readAll(quotedFile);
    assert.equal(q.format, 'icews');
    assert.deepEqual(q.rejects, []);
    const expected = original.events.map((e) => (e.sourceEventId === '32898645@2018-06-01' ? { ...e, source: { ...e.source, name: 'Citizen "ciudadano" (Mexico)' } } : e));
    assert.deepEqual(q.events, expected);
  });

  test('CRLF line ends give the same events', async () => {
    const c = await readAll(crlfFile);
    assert.deepEqual(c.rejects, []);
    assert.deepEqual(c.events, original.events);
  });

  test('a missing CAMEO code and a bad intensity are rejected with the ICEWS column name', async () => {
    const file = tmp.path('events.2018.broken.tab');
    const broken = lines.map((l, i) => {
      if (i === 1) return l.split('\t').map((v, k) => (header[k] === 'CAMEO Code' ? 'NA' : v)).join('\t');
      if (i === 2) return l.split('\t').map((v, k) => (header[k] === 'Intensity' ? '11' : v)).join('\t');
      if (i === 3) return l.split('\t').map((v, k) => (header[k] === 'Event ID' ? 'NA' : v)).join('\t');
      return l;
    });
    writeFileSync(file, `${broken.join('\n')}\n`);
    const b = await readAll(file);
    assert.equal(b.events.length, 3702);
    assert.deepEqual(b.rejects.map((x) => [x.line, x.field]), [[2, 'CAMEO Code'], [3, 'Intensity'], [4, 'Event ID']]);
    assert.match(b.rejects[0]?.reason ?? '', /missing CAMEO event code/);
    assert.match(b.rejects[2]?.reason ?? '', /empty event id/);
  });
});

describe('ICEWS sector lists', () => {
  const known = lookups().icewsSectorAgents;

  test('names holding ", " are re-joined; a start of one that goes nowhere is split again', () => {
    assert.deepEqual(splitSectors('Government,Army Mechanized (Ships, Tanks, Planes),Military', known), ['Government', 'Army Mechanized (Ships, Tanks, Planes)', 'Military']);
    assert.deepEqual(splitSectors('Army Mechanized (Ships, Ta', known), ['Army Mechanized (Ships', 'Ta']);
    assert.deepEqual(splitSectors('Government, Military', known), ['Government', 'Military']);
  });

  test('a hostile list of half a million ", " is split in linear time (found by the fuzz suite)', async () => {
    // Every piece used to be checked against every known name, in a fresh copy of the table: 3 MB took 22 s.
    const { seconds } = await cpuSeconds(() => {
      assert.deepEqual(splitSectors(', '.repeat(500_000), known), []);
      assert.deepEqual(splitSectors(`${'Army Mechanized (Ships, Tanks, Planes),'.repeat(20_000)}Government`, known).length, 20_001);
    });
    assert.ok(seconds < 3, `took ${seconds.toFixed(1)} s of CPU`);
  });
});
