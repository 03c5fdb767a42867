/**
 * `intermestic events …` as a user runs it: the real command in a child process, on the real sample
 * real sample files in test/fixtures/events. Every expected number is computed here from the raw files (tab
 * splitting, GDELT column positions from FORMATS.md, ICEWS header names), never copied from the
 * program's own output.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cli, tempDir, type CliResult } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { SAMPLES, cameoTable } from '../support/paths.ts';

const GDELT1 = SAMPLES.gdelt1;
const GDELT2 = SAMPLES.gdelt2;
const ICEWS = SAMPLES.icews;
const ICEWS_NAMES = cameoTable('icews-country-names.tsv');

// ---------------------------------------------------------------------------------------------
// A small reading of the raw files, independent of src/ingest.

/** Non-empty physical lines of a file. */
function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l !== '');
}

interface RawEvent {
  readonly date: string;
  /** Source / target country as written (GDELT CAMEO code; ICEWS name). */
  readonly src: string | null;
  readonly tgt: string | null;
  readonly quad: number;
  readonly goldstein: number | null;
  readonly mentions: number | null;
  readonly tone: number | null;
}

const blank = (s: string | undefined): string | null => (s === undefined || s === '' || s === 'NA' ? null : s);
const num = (s: string | undefined): number | null => (blank(s) === null ? null : Number(s));

/** GDELT 1.0 / 2.0 rows: SQLDATE 2, Actor1CountryCode 8, Actor2CountryCode 18, QuadClass 30, GoldsteinScale 31, NumMentions 32, AvgTone 35 (1-based). */
function rawGdelt(file: string): RawEvent[] {
  return lines(file).map((l) => {
    const f = l.split('\t');
    const d = f[1]!;
    return {
      date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
      src: blank(f[7]), tgt: blank(f[17]),
      quad: Number(f[29]), goldstein: num(f[30]), mentions: num(f[31]), tone: num(f[34]),
    };
  });
}

/** GDELT's quad class of a root code (FORMATS.md §7): 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4. */
function gdeltQuad(root: number): number {
  return root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
}

/** ICEWS rows by header name; quad derived from the CAMEO code's root; Goldstein = Intensity. */
function rawIcews(file: string): RawEvent[] {
  const [header, ...rows] = lines(file);
  const cols = header!.split('\t');
  const at = (name: string): number => {
    const i = cols.indexOf(name);
    assert.ok(i >= 0, `ICEWS header lacks ${name}`);
    return i;
  };
  const [date, srcC, tgtC, code, intensity] = ['Event Date', 'Source Country', 'Target Country', 'CAMEO Code', 'Intensity'].map(at) as [number, number, number, number, number];
  return rows.map((l) => {
    const f = l.split('\t');
    return {
      date: f[date]!, src: blank(f[srcC]), tgt: blank(f[tgtC]),
      quad: gdeltQuad(Number(f[code]!.slice(0, 2))), goldstein: num(f[intensity]), mentions: null, tone: null,
    };
  });
}

/** The three North American countries as each source writes them. */
const ISO_OF_ICEWS: Record<string, string> = { 'United States': 'USA', Mexico: 'MEX', Canada: 'CAN' };
const NA_CODES = new Set(['USA', 'MEX', 'CAN']);

/** ICEWS events with USA/MEX/CAN as codes (other names kept, prefixed so they never match a code). */
function icewsNorthAmerican(): RawEvent[] {
  return rawIcews(ICEWS).map((e) => ({ ...e, src: ISO_OF_ICEWS[e.src ?? ''] ?? `?${e.src}`, tgt: ISO_OF_ICEWS[e.tgt ?? ''] ?? `?${e.tgt}` }));
}

/** Raw events of every sample, countries as ISO codes where they are USA/MEX/CAN (others kept as written, prefixed so they never match). */
function northAmericanView(): RawEvent[] {
  const gdelt = [...rawGdelt(GDELT1), ...rawGdelt(GDELT2)].map((e) => ({
    ...e, src: e.src && NA_CODES.has(e.src) ? e.src : `?${e.src}`, tgt: e.tgt && NA_CODES.has(e.tgt) ? e.tgt : `?${e.tgt}`,
  }));
  return [...gdelt, ...icewsNorthAmerican()];
}

interface ExpectedPoint {
  period: string;
  events: number;
  quad: { '1': number; '2': number; '3': number; '4': number };
  goldsteinSum: number;
  goldsteinCount: number;
  mentions: number;
}

/** Events per day of the raw events a predicate keeps. */
function expectedByDay(events: readonly RawEvent[], keep: (e: RawEvent) => boolean): ExpectedPoint[] {
  const m = new Map<string, ExpectedPoint>();
  for (const e of events) {
    if (!keep(e)) continue;
    let p = m.get(e.date);
    if (!p) m.set(e.date, (p = { period: e.date, events: 0, quad: { '1': 0, '2': 0, '3': 0, '4': 0 }, goldsteinSum: 0, goldsteinCount: 0, mentions: 0 }));
    p.events++;
    p.quad[String(e.quad) as '1' | '2' | '3' | '4']++;
    if (e.goldstein !== null) {
      p.goldsteinSum += e.goldstein;
      p.goldsteinCount++;
    }
    p.mentions += e.mentions ?? 0;
  }
  return [...m.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
}

interface PublicPoint {
  period: string;
  events: number;
  quad: { '1': number; '2': number; '3': number; '4': number };
  goldsteinMean: number | null;
  netCooperation: number;
  cooperativeShare: number;
  goldsteinSum: number;
  mentions: number;
  [k: string]: unknown;
}

interface SeriesJson {
  dyad?: string;
  group?: string[];
  by: string;
  directed: boolean;
  points: PublicPoint[];
  shifts: unknown[];
}

/** The series JSON must hold exactly the expected periods with the expected numbers. */
function assertPoints(actual: readonly PublicPoint[], expected: readonly ExpectedPoint[]): void {
  assert.deepEqual(actual.map((p) => p.period), expected.map((p) => p.period));
  for (const [i, e] of expected.entries()) {
    const a = actual[i]!;
    assert.equal(a.events, e.events, e.period);
    assert.deepEqual(a.quad, e.quad, e.period);
    const coop = e.quad['1'] + e.quad['2'];
    const conf = e.quad['3'] + e.quad['4'];
    assert.ok(Math.abs(a.netCooperation - (coop - conf) / e.events) <= 5e-5, `${e.period} netCooperation ${a.netCooperation}`);
    assert.ok(Math.abs(a.cooperativeShare - coop / e.events) <= 5e-5, `${e.period} cooperativeShare ${a.cooperativeShare}`);
    assert.ok(a.goldsteinMean !== null && Math.abs(a.goldsteinMean - e.goldsteinSum / e.goldsteinCount) <= 5e-5, `${e.period} goldsteinMean ${a.goldsteinMean}`);
    assert.ok(Math.abs(a.goldsteinSum - e.goldsteinSum) <= 5e-5, `${e.period} goldsteinSum ${a.goldsteinSum}`);
    assert.equal(a.mentions, e.mentions, e.period);
  }
}

// ---------------------------------------------------------------------------------------------

interface Stats {
  total: number;
  byDataset: { dataset: string; events: number; from: string | null; to: string | null }[];
  imports: { file: string; format: string; sha256: string; inserted: number; duplicates: number; rejected: number; at: string }[];
}

interface ImportJson { file: string; format: string; inserted: number; duplicates: number; rejected: number; rejectsFile: string | null; parsedBy: string; declined: string | null; seconds: number }

function ok(r: CliResult, what: string): CliResult {
  assert.equal(r.status, 0, `${what} exited ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

async function stats(db: string): Promise<Stats> {
  return JSON.parse(ok(await cli(['events', 'stats', '--json'], { db }), 'events stats').stdout) as Stats;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Events of each dataset by the raw files: rows, first and last SQLDATE / Event Date. */
function rawSummary(events: readonly RawEvent[]): { events: number; from: string; to: string } {
  const dates = events.map((e) => e.date).sort();
  return { events: events.length, from: dates[0]!, to: dates[dates.length - 1]! };
}

describe('events import on the real samples', () => {
  let dir: string;
  let db: string;
  const g1 = rawGdelt(GDELT1);
  const g2 = rawGdelt(GDELT2);
  const ic = rawIcews(ICEWS);
  // Single source of truth for "what each file holds": the raw files; SOURCES.md's counts must agree.
  const expected = { gdelt1: rawSummary(g1), gdelt2: rawSummary(g2), icews: rawSummary(ic) };

  before(async () => {
    dir = tempDir('intermestic-events-cli-');
    db = await bundledRegistryFile(join(dir, 'events.db'));
  });

  test('the raw samples hold the counts SOURCES.md documents', async () => {
    assert.equal(expected.gdelt1.events, 710);
    assert.equal(expected.gdelt2.events, 720);
    assert.equal(expected.icews.events, 3705);
  });

  const steps: { name: 'gdelt1' | 'gdelt2' | 'icews'; file: () => string; label: RegExp }[] = [
    { name: 'gdelt1', file: () => GDELT1, label: /\(gdelt1: content: GDELT 1\.0 column count/ },
    { name: 'gdelt2', file: () => GDELT2, label: /\(gdelt2: content: GDELT 2\.0 export column count/ },
    { name: 'icews', file: () => ICEWS, label: /\(icews: content: ICEWS header/ },
  ];
  for (const [i, step] of steps.entries()) {
    test(`import ${step.name}: summary, progress on a non-TTY stderr, and stats per dataset`, async () => {
      const file = step.file();
      const n = expected[step.name].events;
      const r = ok(await cli(['events', 'import', file], { db, cwd: dir }), 'events import');
      assert.match(r.stdout, new RegExp(`^${esc(file)} `));
      assert.match(r.stdout, step.label);
      assert.match(r.stdout, new RegExp(`: ${n} events imported, 0 already stored, 0 rejected in \\d+\\.\\d s`));
      assert.doesNotMatch(r.stdout, /rejected rows/);
      if (step.name === 'icews') assert.match(r.stdout, new RegExp(`quad class derived for ${n} events \\(the file has none\\)`));
      // Not a terminal: plain progress lines, no bar and no escape codes.
      assert.match(r.stderr, new RegExp(`^${esc(basename(file))}: writing, 100%: ${n} rows \\(\\d+ rows/s\\), 0 rejected$`, 'm'));
      assert.match(r.stderr, new RegExp(`^${esc(basename(file))}: done: ${n} rows \\(\\d+ rows/s\\), 0 rejected$`, 'm'));
      assert.ok(!r.stderr.includes('\u001b['), 'no terminal escape codes');
      assert.ok(!existsSync(join(dir, `${basename(file)}.rejects.tsv`)), 'no rejects file when nothing is rejected');

      const s = await stats(db);
      const done = steps.slice(0, i + 1).map((x) => x.name);
      assert.deepEqual(s.byDataset, done.map((d) => ({ dataset: d, ...expected[d] })));
      assert.equal(s.total, done.reduce((t, d) => t + expected[d].events, 0));
      assert.equal(s.imports.length, i + 1);
      // The import log names a file outside the working folder by its name alone (no local absolute path).
      assert.deepEqual({ ...s.imports[i], at: undefined, sha256: undefined }, { file: basename(file), format: step.name, inserted: n, duplicates: 0, rejected: 0, at: undefined, sha256: undefined });
      assert.match(s.imports[i]!.sha256, /^[0-9a-f]{64}$/);
    });
  }

  test('re-importing adds nothing: --json says inserted 0, duplicates N, and the totals stay', async () => {
    const prior = await stats(db);
    const r = ok(await cli(['events', 'import', '--json', GDELT1, GDELT2, ICEWS], { db, cwd: dir }), 're-import');
    const out = JSON.parse(r.stdout) as ImportJson[];
    assert.deepEqual(out.map((x) => ({ ...x, seconds: typeof x.seconds })), [
      { file: GDELT1, format: 'gdelt1', inserted: 0, duplicates: expected.gdelt1.events, rejected: 0, rejectsFile: null, parsedBy: 'duckdb', declined: null, seconds: 'number' },
      { file: GDELT2, format: 'gdelt2', inserted: 0, duplicates: expected.gdelt2.events, rejected: 0, rejectsFile: null, parsedBy: 'duckdb', declined: null, seconds: 'number' },
      { file: ICEWS, format: 'icews', inserted: 0, duplicates: expected.icews.events, rejected: 0, rejectsFile: null, parsedBy: 'reader', declined: null, seconds: 'number' },
    ]);
    const after = await stats(db);
    assert.equal(after.total, prior.total);
    assert.deepEqual(after.byDataset, prior.byDataset);
    assert.equal(after.imports.length, prior.imports.length + 3);
    assert.deepEqual(after.imports.slice(-3).map((x) => [x.inserted, x.duplicates]), [[0, 710], [0, 720], [0, 3705]]);
    // The same bytes: the same hash as the first import of each file.
    assert.deepEqual(after.imports.slice(-3).map((x) => x.sha256), prior.imports.slice(0, 3).map((x) => x.sha256));
  });

  test('series --dyad USA-MEX --by day --json keeps its public shape and counts both directions', async () => {
    const r = ok(await cli(['events', 'series', '--dyad', 'USA-MEX', '--by', 'day', '--json'], { db }), 'series');
    const s = JSON.parse(r.stdout) as SeriesJson;
    assert.equal(s.dyad, 'USA-MEX');
    assert.equal(s.by, 'day');
    assert.equal(s.group, undefined);
    // README's contract (fields may be added, never renamed or removed).
    assert.deepEqual(Object.keys(s).slice(0, 2), ['dyad', 'by']);
    for (const k of ['directed', 'filters', 'points', 'shifts']) assert.ok(k in s, `series lacks ${k}`);
    assert.deepEqual([s.directed, (s as unknown as { filters: object }).filters], [false, {}]);
    assert.ok(Array.isArray(s.points) && s.points.length > 0);
    for (const p of s.points) {
      for (const k of ['period', 'events', 'quad', 'cooperativeShare', 'netCooperation', 'goldsteinMean', 'goldsteinSum', 'mentions', 'goldsteinMentionsMean', 'netCooperationMentions', 'toneMean']) assert.ok(k in p, `point lacks ${k}`);
      assert.deepEqual(Object.keys(p.quad), ['1', '2', '3', '4']);
      assert.match(p.period, /^\d{4}-\d{2}-\d{2}$/);
    }
    const all = northAmericanView();
    const usaMex = (e: RawEvent): boolean => (e.src === 'USA' && e.tgt === 'MEX') || (e.src === 'MEX' && e.tgt === 'USA');
    const want = expectedByDay(all, usaMex);
    assertPoints(s.points, want);
    // The ICEWS days: exact counts per day, both ways, from the raw ICEWS rows alone.
    const icewsDays = expectedByDay(icewsNorthAmerican(), usaMex);
    const got2018 = s.points.filter((p) => p.period.startsWith('2018-06-0'));
    assert.deepEqual(got2018.map((p) => [p.period, p.events]), icewsDays.map((p) => [p.period, p.events]));
    assert.ok(icewsDays.length >= 1);
  });

  test('series --directed counts one direction only, and --csv carries the same numbers as --json', async () => {
    const all = northAmericanView();
    for (const [a, b] of [['USA', 'MEX'], ['MEX', 'USA']] as const) {
      const r = ok(await cli(['events', 'series', '--dyad', `${a}-${b}`, '--directed', '--by', 'day', '--json'], { db }), 'series --directed');
      const s = JSON.parse(r.stdout) as SeriesJson;
      assert.equal(s.directed, true);
      assertPoints(s.points, expectedByDay(all, (e) => e.src === a && e.tgt === b));
    }
    const json = JSON.parse(ok(await cli(['events', 'series', '--dyad', 'USA-MEX', '--by', 'day', '--json'], { db }), 'json').stdout) as SeriesJson;
    const csv = ok(await cli(['events', 'series', '--dyad', 'USA-MEX', '--by', 'day', '--csv'], { db }), 'csv').stdout;
    const [head, ...rows] = csv.trim().split('\n').map((l) => l.split(','));
    assert.deepEqual(head, ['period', 'events', 'quad1', 'quad2', 'quad3', 'quad4', 'cooperativeShare', 'netCooperation', 'goldsteinMean', 'goldsteinMentionsMean', 'netCooperationMentions', 'mentions', 'toneMean']);
    assert.equal(rows.length, json.points.length);
    for (const [i, p] of json.points.entries()) {
      const cells = rows[i]!;
      const row: Record<string, string | undefined> = Object.fromEntries(head!.map((h, k) => [h, cells[k]]));
      const n = (v: unknown): string => (v === null ? '' : String(v));
      assert.deepEqual(row, {
        period: p.period, events: n(p.events), quad1: n(p.quad['1']), quad2: n(p.quad['2']), quad3: n(p.quad['3']), quad4: n(p.quad['4']),
        cooperativeShare: n(p.cooperativeShare), netCooperation: n(p.netCooperation), goldsteinMean: n(p.goldsteinMean),
        goldsteinMentionsMean: n(p.goldsteinMentionsMean), netCooperationMentions: n(p.netCooperationMentions), mentions: n(p.mentions), toneMean: n(p.toneMean),
      });
    }
  });

  test('series --group USA,MEX,CAN counts events between any two members', async () => {
    const r = ok(await cli(['events', 'series', '--group', 'USA,MEX,CAN', '--by', 'day', '--json'], { db }), 'series --group');
    const s = JSON.parse(r.stdout) as SeriesJson;
    assert.deepEqual(s.group, ['USA', 'MEX', 'CAN']);
    assert.equal(s.dyad, undefined);
    const want = expectedByDay(northAmericanView(), (e) => NA_CODES.has(e.src ?? '') && NA_CODES.has(e.tgt ?? '') && e.src !== e.tgt);
    assertPoints(s.points, want);
    // More than the dyad alone: the sample has USA–CAN and MEX–CAN events.
    assert.ok(want.reduce((t, p) => t + p.events, 0) > expectedByDay(northAmericanView(), (e) => (e.src === 'USA' && e.tgt === 'MEX') || (e.src === 'MEX' && e.tgt === 'USA')).reduce((t, p) => t + p.events, 0));
  });

  test('bad flags exit 2 with a message naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--dyad', 'USAMEX'], /--dyad: expected two ISO alpha-3 codes joined by a hyphen/],
      [['--dyad', 'USA-MEX', '--by', 'fortnight'], /--by <period>.*fortnight/],
      [['--dyad', 'USA-MEX', '--from', '2018-02-30'], /--from: /],
      [['--dyad', 'USA-MEX', '--group', 'USA,MEX'], /--dyad: give either dyad/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['events', 'series', ...args], { db });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  test('top-dyads --year 2018 --json: the most active pairs as the raw files count them', async () => {
    // Only the ICEWS sample has 2018 events (the GDELT samples end in 2016 and 2017).
    assert.equal([...g1, ...g2].filter((e) => e.date.startsWith('2018')).length, 0);
    const iso = new Map(readFileSync(ICEWS_NAMES, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]));
    const pairs = new Map<string, { source: string; target: string; events: number; cooperative: number; conflictual: number; g: number; gn: number }>();
    for (const e of ic) {
      if (!e.date.startsWith('2018') || e.src === null || e.tgt === null) continue;
      const s = iso.get(e.src);
      const t = iso.get(e.tgt);
      if (s === undefined || t === undefined || s === t) continue;
      const k = `${s}>${t}`;
      let p = pairs.get(k);
      if (!p) pairs.set(k, (p = { source: s, target: t, events: 0, cooperative: 0, conflictual: 0, g: 0, gn: 0 }));
      p.events++;
      if (e.quad <= 2) p.cooperative++;
      else p.conflictual++;
      if (e.goldstein !== null) {
        p.g += e.goldstein;
        p.gn++;
      }
    }
    const want = [...pairs.values()]
      .sort((a, b) => b.events - a.events || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : a.target > b.target ? 1 : 0))
      .slice(0, 20);
    const r = ok(await cli(['events', 'top-dyads', '--year', '2018', '--json'], { db }), 'top-dyads');
    const got = JSON.parse(r.stdout) as { source: string; target: string; events: number; cooperative: number; conflictual: number; goldsteinMean: number | null }[];
    assert.equal(got.length, 20);
    assert.deepEqual(got.map((d) => [d.source, d.target, d.events, d.cooperative, d.conflictual]), want.map((d) => [d.source, d.target, d.events, d.cooperative, d.conflictual]));
    for (const [i, d] of got.entries()) assert.ok(Math.abs(d.goldsteinMean! - want[i]!.g / want[i]!.gn) < 1e-9, `${d.source}-${d.target}`);
    const none = ok(await cli(['events', 'top-dyads', '--year', '2019', '--json'], { db }), 'top-dyads 2019');
    assert.deepEqual(JSON.parse(none.stdout), []);
  });
});

/** A copy of the GDELT 1.0 sample with two rows broken on purpose; returns the broken lines' numbers. */
function brokenGdelt1(dir: string): { file: string; badColumns: number; badDate: number; good: number } {
  const rows = readFileSync(GDELT1, 'utf8').split('\n');
  const badColumns = 100;
  const badDate = 600;
  // Line 100: cut to 40 columns (neither 57 nor 58).
  rows[badColumns - 1] = rows[badColumns - 1]!.split('\t').slice(0, 40).join('\t');
  // Line 600: 30 February of the row's own year.
  const f = rows[badDate - 1]!.split('\t');
  f[1] = `${f[1]!.slice(0, 4)}0230`;
  rows[badDate - 1] = f.join('\t');
  const file = join(dir, 'broken-gdelt1.tsv');
  writeFileSync(file, rows.join('\n'));
  return { file, badColumns, badDate, good: lines(GDELT1).length - 2 };
}

describe('events import of a broken file, with and without --strict', () => {
  let dir: string;
  let broken: ReturnType<typeof brokenGdelt1>;
  before(async () => {
    dir = tempDir('intermestic-events-broken-');
    broken = brokenGdelt1(dir);
  });

  test('--strict: exit 1 naming file:line:field, and nothing of the file is imported', async () => {
    const db = await bundledRegistryFile(join(dir, 'strict.db'));
    ok(await cli(['events', 'import', GDELT2], { db, cwd: dir }), 'import gdelt2');
    const prior = await stats(db);
    const r = await cli(['events', 'import', '--strict', broken.file], { db, cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`${esc(broken.file)}:${broken.badColumns}:columns: expected 57 or 58 tab-separated columns \\(GDELT 1\\.0\\), got 40`));
    assert.match(r.stderr, new RegExp(`${esc(broken.file)}: nothing of this file was imported`));
    assert.deepEqual(await stats(db), prior);
  });

  test('default: exit 0, "2 rejected", a rejects TSV naming exactly those lines, and the good rows imported', async () => {
    const db = await bundledRegistryFile(join(dir, 'lenient.db'));
    const r = ok(await cli(['events', 'import', broken.file], { db, cwd: dir }), 'import broken');
    assert.match(r.stdout, new RegExp(`: ${broken.good} events imported, 0 already stored, 2 rejected in `));
    const rejectsPath = join(dir, `${basename(broken.file)}.rejects.tsv`);
    assert.match(r.stdout, new RegExp(`rejected rows \\(file:line:field:reason\\): ${esc(rejectsPath)}`));
    const tsv = readFileSync(rejectsPath, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(tsv[0], ['file', 'line', 'field', 'reason']);
    assert.deepEqual(tsv.slice(1).map((c) => c.slice(0, 3)), [
      [broken.file, String(broken.badColumns), 'columns'],
      [broken.file, String(broken.badDate), 'SQLDATE'],
    ]);
    assert.match(tsv[2]![3]!, /bad or impossible date "\d{4}0230"/);
    const s = await stats(db);
    assert.deepEqual(s.byDataset.map((d) => [d.dataset, d.events]), [['gdelt1', broken.good]]);
    assert.deepEqual(s.imports.map((i) => [i.inserted, i.duplicates, i.rejected]), [[broken.good, 0, 2]]);
    // The original file then brings exactly the two rows that were broken.
    const again = JSON.parse(ok(await cli(['events', 'import', '--json', GDELT1], { db, cwd: dir }), 'import original').stdout) as ImportJson[];
    assert.deepEqual(again.map((x) => [x.inserted, x.duplicates, x.rejected]), [[2, broken.good, 0]]);
  });

  test('a .gz copy imports the same events as the plain file', async () => {
    const db = await bundledRegistryFile(join(dir, 'gz.db'));
    const gz = join(dir, 'gdelt1-sample.tsv.gz');
    writeFileSync(gz, gzipSync(readFileSync(GDELT1)));
    const plainCount = lines(GDELT1).length;
    const first = JSON.parse(ok(await cli(['events', 'import', '--json', gz], { db, cwd: dir }), 'import gz').stdout) as ImportJson[];
    assert.deepEqual(first.map((x) => [x.format, x.inserted, x.duplicates, x.rejected]), [['gdelt1', plainCount, 0, 0]]);
    // The plain file's events are the same events: all duplicates.
    const plain = JSON.parse(ok(await cli(['events', 'import', '--json', GDELT1], { db, cwd: dir }), 'import plain').stdout) as ImportJson[];
    assert.deepEqual(plain.map((x) => [x.inserted, x.duplicates]), [[0, plainCount]]);
    // A .gz named like anything still opens by its bytes.
    const renamed = join(dir, 'renamed.tsv');
    copyFileSync(gz, renamed);
    const r = JSON.parse(ok(await cli(['events', 'import', '--json', '--format', 'gdelt1', renamed], { db, cwd: dir }), 'import renamed gz').stdout) as ImportJson[];
    assert.deepEqual(r.map((x) => [x.inserted, x.duplicates]), [[0, plainCount]]);
  });

  test('the import log names a file inside the working folder by its relative path', async () => {
    const db = await bundledRegistryFile(join(dir, 'relative.db'));
    mkdirSync(join(dir, 'downloads'), { recursive: true });
    copyFileSync(GDELT2, join(dir, 'downloads', '20170101073000.export.CSV'));
    ok(await cli(['events', 'import', join(dir, 'downloads', '20170101073000.export.CSV')], { db, cwd: dir }), 'import');
    assert.deepEqual((await stats(db)).imports.map((i) => i.file), ['downloads/20170101073000.export.CSV']);
  });
});
