/**
 * The correctness check of the event engine: a series recomputed from the raw sample files by a
 * small reference implementation written here — tab splitting, GDELT column positions from
 * FORMATS.md, ICEWS header names; nothing from src/ingest — compared with what the store answers
 * after importing the same files, on both engines (DuckDB file, real PostgreSQL server).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import type { SeriesQuery } from '../../src/app/ports.ts';
import type { PeriodAggregate as SeriesRow } from '../../src/analysis/series.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { tempDir } from '../support/cli.ts';
import { SAMPLES } from '../support/paths.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const FILES = {
  gdelt1: SAMPLES.gdelt1,
  gdelt2: SAMPLES.gdelt2,
  icews: SAMPLES.icews,
} as const;
type Registry = keyof typeof FILES;

// ---------------------------------------------------------------------------------------------
// The reference: raw rows → events → filter → per-period aggregates.

interface RefEvent {
  readonly dataset: Registry;
  readonly date: string;
  /** Country of source / target: the GDELT CAMEO code as written, or USA/MEX/CAN for ICEWS names (other ICEWS names stay prefixed, never equal to a code). */
  readonly src: string | null;
  readonly tgt: string | null;
  /** Role codes (GDELT Type1–3); null where the reference does not model them (ICEWS sector names). */
  readonly srcSectors: readonly string[] | null;
  readonly tgtSectors: readonly string[] | null;
  readonly root: string;
  readonly quad: number;
  readonly goldstein: number | null;
  readonly mentions: number | null;
  readonly tone: number | null;
}

function dataLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
}

const opt = (s: string | undefined): string | null => (s === undefined || s === '' || s === 'NA' ? null : s);
const optNum = (s: string | undefined): number | null => (opt(s) === null ? null : Number(s));

/** GDELT 1.0 and 2.0 share positions 1–35 (1-based): SQLDATE 2, Actor1CountryCode 8, Actor1Type1–3Code 13–15, Actor2CountryCode 18, Actor2Type1–3Code 23–25, EventRootCode 29, QuadClass 30, GoldsteinScale 31, NumMentions 32, AvgTone 35. */
function readGdelt(dataset: 'gdelt1' | 'gdelt2'): RefEvent[] {
  return dataLines(FILES[dataset]).map((line) => {
    const f = line.split('\t');
    assert.ok(dataset === 'gdelt1' ? f.length === 57 || f.length === 58 : f.length === 61, `${dataset}: ${f.length} columns`);
    const types = (from: number): string[] => [...new Set([f[from], f[from + 1], f[from + 2]].filter((t): t is string => t !== undefined && t !== ''))];
    const d = f[1]!;
    return {
      dataset,
      date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
      src: opt(f[7]), tgt: opt(f[17]),
      srcSectors: types(12), tgtSectors: types(22),
      root: f[28]!, quad: Number(f[29]), goldstein: optNum(f[30]), mentions: optNum(f[31]), tone: optNum(f[34]),
    };
  });
}

/** GDELT's root → quad mapping (FORMATS.md §7), the importer's default for files without a quad class. */
function gdeltQuadOfRoot(root: string): number {
  const r = Number(root);
  assert.ok(r >= 1 && r <= 20, `root ${root}`);
  return r <= 5 ? 1 : r <= 9 ? 2 : r <= 14 ? 3 : 4;
}

const ICEWS_COUNTRY: Readonly<Record<string, string>> = { 'United States': 'USA', Mexico: 'MEX', Canada: 'CAN' };

function readIcews(): RefEvent[] {
  const [header, ...rows] = dataLines(FILES.icews);
  const names = header!.split('\t');
  const col = (name: string): number => {
    const i = names.indexOf(name);
    assert.ok(i >= 0, `ICEWS header lacks ${name}`);
    return i;
  };
  const c = { date: col('Event Date'), src: col('Source Country'), tgt: col('Target Country'), code: col('CAMEO Code'), intensity: col('Intensity') };
  const country = (s: string | undefined): string | null => {
    const v = opt(s);
    return v === null ? null : (ICEWS_COUNTRY[v] ?? `icews:${v}`);
  };
  return rows.map((line) => {
    const f = line.split('\t');
    assert.equal(f.length, names.length);
    const root = f[c.code]!.slice(0, 2);
    return {
      dataset: 'icews' as const,
      date: f[c.date]!,
      src: country(f[c.src]), tgt: country(f[c.tgt]),
      srcSectors: null, tgtSectors: null,
      root, quad: gdeltQuadOfRoot(root),
      // Intensity is the CAMEO codebook Goldstein value of the code (SOURCES.md: on every row).
      goldstein: optNum(f[c.intensity]), mentions: null, tone: null,
    };
  });
}

const NA = new Set(['USA', 'MEX', 'CAN']);

function matches(e: RefEvent, q: SeriesQuery): boolean {
  if (q.datasets && q.datasets.length > 0 && !q.datasets.includes(e.dataset)) return false;
  // The reference maps only the North American ICEWS names: queries on other countries must leave ICEWS out.
  if (e.dataset === 'icews' && q.countries.some((c) => !NA.has(c))) throw new Error('reference: ICEWS countries beyond USA/MEX/CAN are not modelled');
  const [a, b] = q.countries;
  if (a !== undefined && b === undefined && e.src !== a && e.tgt !== a) return false;
  if (q.countries.length === 2) {
    const ab = e.src === a && e.tgt === b;
    const ba = e.src === b && e.tgt === a;
    if (!(ab || (!q.directed && ba))) return false;
  }
  if (q.countries.length >= 3 && !(q.countries.includes(e.src ?? '') && q.countries.includes(e.tgt ?? '') && e.src !== e.tgt)) return false;
  if (q.from !== undefined && e.date < q.from) return false;
  if (q.to !== undefined && e.date > q.to) return false;
  if (q.sectors && q.sectors.length > 0) {
    if (e.srcSectors === null || e.tgtSectors === null) throw new Error('reference: ICEWS sectors are not modelled; filter sectors on GDELT datasets');
    const src = e.srcSectors.some((s) => q.sectors!.includes(s));
    const tgt = e.tgtSectors.some((s) => q.sectors!.includes(s));
    if (q.sectorsOn === 'both' ? !(src && tgt) : !(src || tgt)) return false;
  }
  if (q.rootCodes && q.rootCodes.length > 0 && !q.rootCodes.includes(e.root)) return false;
  if (q.quadClasses && q.quadClasses.length > 0 && !q.quadClasses.includes(e.quad as 1 | 2 | 3 | 4)) return false;
  return true;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** First day of the period holding `date` (weeks start on Monday, as ISO weeks do). */
function periodOf(date: string, by: SeriesQuery['by']): string {
  const [y, m] = [date.slice(0, 4), Number(date.slice(5, 7))];
  switch (by) {
    case 'day': return date;
    case 'month': return `${y}-${pad(m)}-01`;
    case 'quarter': return `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`;
    case 'year': return `${y}-01-01`;
    case 'week': {
      const t = Date.parse(`${date}T00:00:00Z`);
      const monday = new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * 86_400_000);
      return monday.toISOString().slice(0, 10);
    }
  }
}

function reference(events: readonly RefEvent[], q: SeriesQuery): SeriesRow[] {
  const rows = new Map<string, { -readonly [K in keyof SeriesRow]: SeriesRow[K] }>();
  for (const e of events) {
    if (!matches(e, q)) continue;
    const period = periodOf(e.date, q.by);
    let r = rows.get(period);
    if (!r) {
      r = {
        period, events: 0, quad1: 0, quad2: 0, quad3: 0, quad4: 0, goldsteinSum: 0, goldsteinCount: 0, mentions: 0,
        goldsteinMentionsSum: 0, goldsteinMentions: 0, cooperativeMentions: 0, conflictualMentions: 0, toneSum: 0, toneCount: 0,
      };
      rows.set(period, r);
    }
    r.events++;
    if (e.quad === 1) r.quad1++;
    else if (e.quad === 2) r.quad2++;
    else if (e.quad === 3) r.quad3++;
    else r.quad4++;
    if (e.goldstein !== null) {
      r.goldsteinSum += e.goldstein;
      r.goldsteinCount++;
    }
    if (e.mentions !== null) {
      r.mentions += e.mentions;
      if (e.goldstein !== null) {
        r.goldsteinMentionsSum += e.goldstein * e.mentions;
        r.goldsteinMentions += e.mentions;
      }
      if (e.quad <= 2) r.cooperativeMentions += e.mentions;
      else r.conflictualMentions += e.mentions;
    }
    if (e.tone !== null) {
      r.toneSum += e.tone;
      r.toneCount++;
    }
  }
  return [...rows.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

const FLOATS = new Set<keyof SeriesRow>(['goldsteinSum', 'goldsteinMentionsSum', 'toneSum']);

function assertSameSeries(actual: readonly SeriesRow[], expected: readonly SeriesRow[]): void {
  assert.deepEqual(actual.map((r) => r.period), expected.map((r) => r.period), 'periods');
  for (const [i, e] of expected.entries()) {
    const a = actual[i]!;
    for (const k of Object.keys(e) as (keyof SeriesRow)[]) {
      if (k === 'period') continue;
      if (FLOATS.has(k)) assert.ok(Math.abs((a[k] as number) - (e[k] as number)) <= 1e-9, `${e.period} ${k}: store ${a[k]}, reference ${e[k]}`);
      else assert.equal(a[k], e[k], `${e.period} ${k}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

const EVENTS: RefEvent[] = [...readGdelt('gdelt1'), ...readGdelt('gdelt2'), ...readIcews()];

/** `least`: events the reference must find, so that a query never passes by comparing two empty answers by accident. */
const QUERIES: { name: string; query: SeriesQuery; least: number }[] = [
  { name: 'USA–MEX both ways by month, GDELT 1.0', query: { countries: ['USA', 'MEX'], by: 'month', datasets: ['gdelt1'] }, least: 1 },
  { name: 'USA–MEX both ways by month, every dataset', query: { countries: ['USA', 'MEX'], by: 'month' }, least: 7 },
  { name: 'USA→MEX directed by day', query: { countries: ['USA', 'MEX'], directed: true, by: 'day' }, least: 6 },
  { name: 'group USA,MEX,CAN by year', query: { countries: ['USA', 'MEX', 'CAN'], by: 'year' }, least: 9 },
  { name: 'group USA,MEX,CAN by year, GDELT 1.0', query: { countries: ['USA', 'MEX', 'CAN'], by: 'year', datasets: ['gdelt1'] }, least: 3 },
  { name: 'USA–CAN by day, GDELT 2.0 export (the sample has none)', query: { countries: ['USA', 'CAN'], by: 'day', datasets: ['gdelt2'] }, least: 0 },
  { name: 'USA–CAN by day, every dataset', query: { countries: ['USA', 'CAN'], by: 'day' }, least: 3 },
  { name: 'MEX–USA by day, ICEWS (quad derived by GDELT\'s mapping)', query: { countries: ['MEX', 'USA'], by: 'day', datasets: ['icews'] }, least: 6 },
  { name: 'MEX→USA directed by day, ICEWS', query: { countries: ['MEX', 'USA'], directed: true, by: 'day', datasets: ['icews'] }, least: 1 },
  { name: 'any country, quad 2 and 3 (where roots 09 and 14 land), by day, ICEWS', query: { countries: [], quadClasses: [2, 3], by: 'day', datasets: ['icews'] }, least: 500 },
  { name: 'USA on either side by day, ICEWS', query: { countries: ['USA'], by: 'day', datasets: ['icews'] }, least: 500 },
  { name: 'USA, GOV on either side, by month, GDELT', query: { countries: ['USA'], sectors: ['GOV'], by: 'month', datasets: ['gdelt1', 'gdelt2'] }, least: 50 },
  { name: 'any country, GOV or MIL on both sides, by year, GDELT', query: { countries: [], sectors: ['GOV', 'MIL'], sectorsOn: 'both', by: 'year', datasets: ['gdelt1', 'gdelt2'] }, least: 10 },
  { name: 'USA, roots 04 and 05, by week, every dataset', query: { countries: ['USA'], rootCodes: ['04', '05'], by: 'week' }, least: 100 },
  { name: 'any country, root 19, by quarter', query: { countries: [], rootCodes: ['19'], by: 'quarter' }, least: 10 },
  { name: 'USA, quad 3 and 4, by quarter, from 2016-07-01 to 2018-06-01', query: { countries: ['USA'], quadClasses: [3, 4], from: '2016-07-01', to: '2018-06-01', by: 'quarter' }, least: 50 },
  { name: 'group USA,RUS,ISR,CHN by month, GDELT', query: { countries: ['USA', 'RUS', 'ISR', 'CHN'], by: 'month', datasets: ['gdelt1', 'gdelt2'] }, least: 15 },
  { name: 'everything by year', query: { countries: [], by: 'year' }, least: 5135 },
];

function engineSuite(engine: 'duckdb' | 'postgres'): void {
  describe(`eventSeries on ${engine} equals the reference computed from the raw files`, () => {
    let store: Store;
    let db: TestDatabase | undefined;
    const dir = tempDir('intermestic-series-ref-');

    before(async () => {
      if (engine === 'postgres') {
        db = await createTestDatabase();
        store = await openStore({ url: db.url, env: {} });
      } else {
        store = await openStore({ path: join(dir, 'reference.db'), env: {} });
      }
      for (const [name, file] of Object.entries(FILES)) {
        const r = await importEventFile(store, file, { rejectsPath: join(dir, `${name}.rejects.tsv`) });
        const raw = EVENTS.filter((e) => e.dataset === name).length;
        assert.deepEqual([r.format, r.inserted, r.duplicates, r.rejected], [name, raw, 0, 0], `import of ${name}`);
      }
    });
    after(async () => {
      await store?.close();
      await db?.drop();
    });

    for (const { name, query, least } of QUERIES) {
      test(name, async () => {
        const want = reference(EVENTS, query);
        const total = want.reduce((t, r) => t + r.events, 0);
        assert.ok(total >= least, `the reference finds ${total} events, expected at least ${least}`);
        if (least === 0) assert.equal(total, 0);
        assertSameSeries(await store.eventSeries(query), want);
      });
    }
  });
}

engineSuite('duckdb');
engineSuite('postgres');

test('the reference itself: the sample counts and the hand-checked USA–MEX ICEWS day', () => {
  assert.deepEqual(['gdelt1', 'gdelt2', 'icews'].map((d) => EVENTS.filter((e) => e.dataset === d).length), [710, 720, 3705]);
  // SOURCES.md: 5 United States→Mexico and 1 Mexico→United States rows in the ICEWS sample.
  const [day] = reference(EVENTS, { countries: ['USA', 'MEX'], by: 'day', datasets: ['icews'] });
  assert.deepEqual(day && [day.period, day.events], ['2018-06-01', 6]);
  assert.equal(reference(EVENTS, { countries: ['USA', 'MEX'], directed: true, by: 'year', datasets: ['icews'] })[0]?.events, 5);
  assert.equal(periodOf('2017-01-01', 'week'), '2016-12-26');
  assert.equal(periodOf('2016-07-28', 'quarter'), '2016-07-01');
});
