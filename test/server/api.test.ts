/**
 * The HTTP API: in-process (createApp, `app.request(url)`) on a real DuckDB store holding the bundled
 * dataset and the real ICEWS sample, then over a socket through `intermestic serve --port 0`, the
 * server `npm start` runs. Expected values come from the dataset's YAML files, the raw ICEWS file
 * and the README's public contracts — not from the program.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp } from '../../src/server/app.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { ensureRegistry } from '../../src/app/registry.ts';
import { servicesOver } from '../../src/compose.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { cli, tempDir } from '../support/cli.ts';
import { REPO, SAMPLES } from '../support/paths.ts';
import { startServerProcess, type ServerProcess } from '../support/browser.ts';

const ICEWS = SAMPLES.icews;
const DATASET = join(REPO, 'data', 'north-america');

/** A collection of the bundled dataset read straight from its YAML file(s). */
function yamlRecords<T = Record<string, unknown>>(...parts: string[]): T[] {
  return parseYaml(readFileSync(join(DATASET, ...parts), 'utf8')) as T[];
}

interface Meeting { id: string; mechanism: string; date: string; status?: string }
const MEETINGS: Meeting[] = readdirSync(join(DATASET, 'meetings')).sort().flatMap((f) => yamlRecords<Meeting>('meetings', f));
const MECHANISMS = yamlRecords<{ id: string; leadAgencies: Record<string, string[]> }>('mechanisms.yaml');

/** USA–MEX events per day and quad class, both ways, from the raw ICEWS rows (header names, GDELT's root → quad mapping). */
function icewsUsaMexByDay(): { period: string; events: number; quad: Record<'1' | '2' | '3' | '4', number> }[] {
  const [header, ...rows] = readFileSync(ICEWS, 'utf8').split('\n').filter((l) => l !== '');
  const cols = header!.split('\t');
  const [d, s, t, c] = ['Event Date', 'Source Country', 'Target Country', 'CAMEO Code'].map((n) => cols.indexOf(n)) as [number, number, number, number];
  const days = new Map<string, { period: string; events: number; quad: Record<'1' | '2' | '3' | '4', number> }>();
  for (const row of rows) {
    const f = row.split('\t');
    const pair = `${f[s]}>${f[t]}`;
    if (pair !== 'United States>Mexico' && pair !== 'Mexico>United States') continue;
    const root = Number(f[c]!.slice(0, 2));
    const q = root <= 5 ? '1' : root <= 9 ? '2' : root <= 14 ? '3' : '4';
    let p = days.get(f[d]!);
    if (!p) days.set(f[d]!, (p = { period: f[d]!, events: 0, quad: { '1': 0, '2': 0, '3': 0, '4': 0 } }));
    p.events++;
    p.quad[q]++;
  }
  return [...days.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
}

/** USA–MEX events per day, both ways, of some CAMEO roots, from the raw ICEWS rows. */
function icewsUsaMexByDayOfRoots(roots: readonly string[]): [string, number][] {
  const [header, ...rows] = readFileSync(ICEWS, 'utf8').split('\n').filter((l) => l !== '');
  const cols = header!.split('\t');
  const [d, s, t, c] = ['Event Date', 'Source Country', 'Target Country', 'CAMEO Code'].map((n) => cols.indexOf(n)) as [number, number, number, number];
  const days = new Map<string, number>();
  for (const row of rows) {
    const f = row.split('\t');
    const pair = `${f[s]}>${f[t]}`;
    if ((pair === 'United States>Mexico' || pair === 'Mexico>United States') && roots.includes(f[c]!.slice(0, 2))) days.set(f[d]!, (days.get(f[d]!) ?? 0) + 1);
  }
  return [...days.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

interface Response<T = unknown> { status: number; type: string; body: T }

/** Every API path the README lists, as the OpenAPI document must name it, with its documented parameters. */
const DOCUMENTED: Record<string, string[]> = {
  '/api/parties': [],
  '/api/mechanisms': [],
  '/api/mechanisms/{id}': ['id', 'at'],
  '/api/health': ['at'],
  '/api/issues': [],
  '/api/sources': [],
  '/api/developments': ['from', 'to', 'party', 'kind', 'mechanism', 'issue'],
  '/api/compliance': ['party', 'at'],
  '/api/assessments': ['party', 'commitment'],
  '/api/recommendations': ['at'],
  '/api/scorecard': ['pair', 'group', 'from', 'to', 'weights'],
  '/api/alerts': ['at', 'since', 'windowDays'],
  '/api/briefs': ['pair', 'group', 'at', 'since', 'kind', 'election', 'lang', 'format', 'paper'],
  '/api/calendar': ['parties', 'from', 'to'],
  '/api/events/series': ['dyad', 'group', 'directed', 'by', 'from', 'to', 'sectors', 'sectorsOn', 'roots', 'quad', 'datasets', 'plover', 'weighting', 'minConfidence'],
  '/api/events': ['dyad', 'group', 'directed', 'from', 'to', 'sectors', 'sectorsOn', 'roots', 'quad', 'datasets', 'plover', 'limit', 'minConfidence'],
  '/api/events/top-dyads': ['year', 'from', 'to', 'limit', 'countries'],
  '/api/events/stats': [],
};

describe('HTTP API in-process on DuckDB with the bundled dataset and the ICEWS sample', () => {
  let store: Store;
  let app: OpenAPIHono;
  const dir = tempDir('intermestic-api-');
  const dbFile = join(dir, 'api.db');
  let cliSeries: unknown;
  let cliTopDyads: unknown;

  async function get<T = unknown>(url: string): Promise<Response<T>> {
    const res = await app.request(url);
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return { status: res.status, type, body: (type.includes('json') ? JSON.parse(text) : text) as T };
  }

  before(async () => {
    const first = await openStore({ path: dbFile, env: {} });
    try {
      assert.equal(await ensureRegistry(servicesOver(first)), true);
      const r = await importEventFile(first, ICEWS, { rejectsPath: join(dir, 'icews.rejects.tsv') });
      assert.deepEqual([r.inserted, r.rejected], [3705, 0]);
    } finally {
      await first.close();
    }
    // The CLI's answers on the same database, for "same JSON as the CLI" (DuckDB locks the file: one process at a time).
    const series = await cli(['events', 'series', '--dyad', 'USA-MEX', '--by', 'day', '--json'], { db: dbFile });
    assert.equal(series.status, 0, series.stderr);
    cliSeries = JSON.parse(series.stdout);
    const top = await cli(['events', 'top-dyads', '--year', '2018', '--json'], { db: dbFile });
    assert.equal(top.status, 0, top.stderr);
    cliTopDyads = JSON.parse(top.stdout);
    store = await openStore({ path: dbFile, env: {} });
    app = createApp(servicesOver(store));
  });
  after(async () => {
    await store?.close();
  });

  test('GET /api/parties: the three parties of the dataset', async () => {
    const r = await get<{ id: string; names: Record<string, string> }[]>('/api/parties');
    assert.equal(r.status, 200);
    assert.match(r.type, /^application\/json/);
    assert.deepEqual(r.body.map((p) => p.id), ['USA', 'MEX', 'CAN']);
    assert.deepEqual(r.body, yamlRecords('parties.yaml'));
  });

  test('GET /api/mechanisms: every mechanism of mechanisms.yaml, in order', async () => {
    const r = await get<{ id: string; sources: string[] }[]>('/api/mechanisms');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.map((m) => m.id), MECHANISMS.map((m) => m.id));
    assert.equal(r.body.length, 27);
    assert.ok(r.body.every((m) => m.sources.length > 0));
  });

  test('GET /api/mechanisms/nals?at=2019-06-01: meetings, lead agencies and a lapsed health', async () => {
    const r = await get<{ mechanism: { id: string }; meetings: Meeting[]; agencies: { id: string }[]; health: { id: string; status: string; lastMeeting: string; nextExpected: string; gaps: unknown[] } }>('/api/mechanisms/nals?at=2019-06-01');
    assert.equal(r.status, 200);
    assert.equal(r.body.mechanism.id, 'nals');
    assert.deepEqual(r.body.meetings.map((m) => m.id), MEETINGS.filter((m) => m.mechanism === 'nals').map((m) => m.id));
    assert.ok(r.body.meetings.length >= 10);
    const lead = new Set(Object.values(MECHANISMS.find((m) => m.id === 'nals')!.leadAgencies).flat());
    assert.deepEqual(new Set(r.body.agencies.map((a) => a.id)), lead);
    assert.equal(r.body.agencies.length, lead.size);
    // README: at 2019-06-01 the NALS had lapsed; its last summit was 2016-06-29.
    assert.equal(r.body.health.status, 'lapsed');
    assert.equal(r.body.health.lastMeeting, '2016-06-29');
    const later = await get<{ health: { status: string } }>('/api/mechanisms/nals?at=2022-06-01');
    assert.equal(later.body.health.status, 'on-schedule');
  });

  test('GET /api/mechanisms/nope: 404 JSON; a bad id or date: 400', async () => {
    const r = await get<{ error: string }>('/api/mechanisms/nope');
    assert.equal(r.status, 404);
    assert.match(r.type, /^application\/json/);
    assert.match(r.body.error, /nope/);
    const bad = await get<{ error: string }>('/api/mechanisms/nals?at=2019-02-30');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /\bat\b/);
  });

  test('GET /api/health?at=2019-06-01: the public shape', async () => {
    const r = await get<{ at: string; mechanisms: Record<string, unknown>[]; summary: object }>('/api/health?at=2019-06-01');
    assert.equal(r.status, 200);
    assert.equal(r.body.at, '2019-06-01');
    // One entry per mechanism (the report orders them itself).
    assert.deepEqual(r.body.mechanisms.map((m) => m.id).sort(), MECHANISMS.map((m) => m.id).sort());
    const nals = r.body.mechanisms.find((m) => m.id === 'nals')!;
    assert.deepEqual(Object.keys(nals).slice(0, 6), ['id', 'name', 'status', 'lastMeeting', 'nextExpected', 'gaps']);
    assert.deepEqual([nals.name, nals.status, nals.lastMeeting, nals.nextExpected], ["North American Leaders' Summit", 'lapsed', '2016-06-29', '2017-06-29']);
    const gaps = nals.gaps as { from: string; to: string; days: number }[];
    // README's contract: from the end of the 2009 summit (Guadalajara, 9–10 August) to the 2012 one, and the open gap to the date.
    assert.deepEqual(gaps.find((g) => g.to === '2012-04-02'), { from: '2009-08-10', to: '2012-04-02', days: 966 });
    assert.deepEqual(gaps[gaps.length - 1], { from: '2016-06-29', to: '2019-06-01', days: 1067, open: true });
    for (const g of gaps) assert.equal(g.days, (Date.parse(g.to) - Date.parse(g.from)) / 86_400_000, JSON.stringify(g));
    assert.equal(typeof r.body.summary, 'object');
  });

  test('GET /api/health?at=2019-13-01: 400 naming `at`', async () => {
    const r = await get<{ error: string }>('/api/health?at=2019-13-01');
    assert.equal(r.status, 400);
    assert.match(r.type, /^application\/json/);
    assert.match(r.body.error, /^invalid parameters: at: /);
  });

  test('GET /api/issues and /api/sources: the dataset\'s issue areas and sources', async () => {
    const issues = await get<{ id: string }[]>('/api/issues');
    assert.equal(issues.status, 200);
    assert.deepEqual(issues.body.map((i) => i.id), yamlRecords<{ id: string }>('issue-areas.yaml').map((i) => i.id));
    const sources = await get<{ id: string }[]>('/api/sources');
    assert.equal(sources.status, 200);
    assert.deepEqual(sources.body.map((s) => s.id), yamlRecords<{ id: string }>('sources.yaml').map((s) => s.id));
    assert.equal(sources.body.length, 481);
  });

  test('GET /api/calendar: coinciding US–Mexican election years; bad parties → 400', async () => {
    const r = await get<{ coincidences: number[] }>('/api/calendar?parties=USA,MEX&from=2000&to=2040');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.coincidences, [2000, 2012, 2024, 2036]);
    // Codes in either case, as on the command line (one schema for both).
    const lower = await get<{ coincidences: number[] }>('/api/calendar?parties=usa,mex&from=2000&to=2040');
    assert.deepEqual(lower.body, r.body);
    const bad = await get<{ error: string }>('/api/calendar?parties=US1');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /parties: /);
    const backwards = await get<{ error: string }>('/api/calendar?parties=USA,MEX&from=2040&to=2000');
    assert.equal(backwards.status, 400);
    const unknown = await get<{ error: string }>('/api/calendar?parties=ZZZ,USA');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error, /parties: unknown ZZZ/);
  });

  test('GET /api/compliance: per-party figures with the G20 percentage beside the mean; no evidence apart', async () => {
    const assessments = yamlRecords<{ commitment: string; party: string; kind: string; status: string; score: number | null }>('assessments.yaml');
    const finals = assessments.filter((a) => a.kind === 'final');
    const r = await get<{ aggregates: { byParty: { party: string; commitments: number; scored: number; noEvidence: number; mean: number; g20Percent: number }[] } }>('/api/compliance');
    assert.equal(r.status, 200);
    for (const party of ['USA', 'MEX']) {
      // Each obligation has one final in the bundled data: the figures come straight from them.
      const mine = finals.filter((a) => a.party === party);
      const scored = mine.filter((a) => a.status === 'assessed');
      const mean = scored.reduce((t, a) => t + a.score!, 0) / scored.length;
      const p = r.body.aggregates.byParty.find((x) => x.party === party)!;
      assert.deepEqual([p.commitments, p.scored, p.noEvidence], [mine.length, scored.length, mine.length - scored.length], party);
      assert.equal(p.mean, Math.round(mean * 1e4) / 1e4);
      assert.equal(p.g20Percent, Math.round(((mean + 1) / 2) * 1e4) / 1e2);
    }
    assert.deepEqual(r.body.aggregates.byParty.map((p) => [p.party, p.mean, p.g20Percent]), [['USA', 0.4, 70], ['MEX', 0.5, 75]]);
    const usa = await get<{ id: string }[]>('/api/assessments?party=usa&commitment=jd2019-usa-mpp-expansion');
    assert.deepEqual(usa.body.map((a) => a.id), ['jd2019-usa-mpp-expansion-interim-2019-07-22', 'jd2019-usa-mpp-expansion-final-2021-01-20']);
    const bad = await get<{ error: string }>('/api/compliance?party=FRA');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /party: unknown FRA/);
  });

  test('GET /api/recommendations?at=2026-12-01: the summit recommendation argued from the meetings', async () => {
    const r = await get<{ recommendations: { id: string; status: string; cadence: { held: { id: string }[]; status: string; lapsedFrom: string | null; daysSinceLast: number }[] }[] }>('/api/recommendations?at=2026-12-01');
    assert.equal(r.status, 200);
    const nals = r.body.recommendations.find((x) => x.id === 'sarukhan-2021-resuscitate-nals')!;
    // The summits held in or after 2021, from meetings/*.yaml.
    const held = MEETINGS.filter((m) => m.mechanism === 'nals' && m.date >= '2021' && (m.status ?? 'held') === 'held');
    assert.deepEqual(nals.cadence[0]!.held.map((m) => m.id), held.map((m) => m.id));
    assert.deepEqual(held.map((m) => m.date), ['2021-11-18', '2023-01-10']);
    assert.deepEqual([nals.status, nals.cadence[0]!.status, nals.cadence[0]!.lapsedFrom, nals.cadence[0]!.daysSinceLast], ['not-addressed', 'lapsed', '2025-01-11', 1421]);
  });

  test('GET /api/scorecard?pair=USA-MEX&from=2018&to=2019: the level from the ICEWS rows, compliance from the assessments', async () => {
    type Card = { pair: string; coverage: { note: string }; periods: { period: string; cooperate: { score: number | null; inputs: { id: string; name: string; score: number | null; counts: Record<string, number> }[] } }[] };
    const r = await get<Card>('/api/scorecard?pair=usa-mex&from=2018&to=2019');
    assert.equal(r.status, 200);
    const byDay = icewsUsaMexByDay();
    const events = byDay.reduce((t, d) => t + d.events, 0);
    const cooperative = byDay.reduce((t, d) => t + d.quad['1'] + d.quad['2'], 0);
    const level = r.body.periods[0]!.cooperate.inputs.find((i) => i.id === 'level')!;
    assert.deepEqual([level.counts.events, level.score], [events, Math.round((10_000 * cooperative) / events) / 100]);
    assert.equal(r.body.periods[1]!.cooperate.inputs.find((i) => i.id === 'compliance')!.score, 70);
    // The page names each input in its language; the JSON keeps the English name.
    assert.equal(level.name, 'Level of cooperation');
    for (const [lang, name] of [['en', 'Level of cooperation'], ['es', 'Nivel de cooperación'], ['fr', 'Niveau de coopération']] as const) {
      const page = await get<string>(`/scorecard?pair=USA-MEX&from=2018&to=2019&lang=${lang}`);
      assert.match(page.body, new RegExp(`<th scope="row">${name}</th>`), lang);
    }
    // …and its formulas, with the thresholds the JSON gives.
    const fr = await get<string>('/scorecard?pair=USA-MEX&from=2018&to=2019&lang=fr');
    assert.match(fr.body, /<dt>level<\/dt><dd><code>100 × \(classe 1 \+ classe 2\) \/ événements, [^<]*pas de données en dessous de 5 événements<\/code>/);
    // …and why an input has no data: 2019 has no stored events between the two.
    const level2019 = r.body.periods[1]!.cooperate.inputs.find((i) => i.id === 'level')!;
    assert.equal(level2019.score, null);
    const en = await get<string>('/scorecard?pair=USA-MEX&from=2018&to=2019&lang=en');
    assert.ok(en.body.includes(`<p class="caveat">${r.body.coverage.note}</p>`), 'the English page gives the JSON\'s coverage note');
    const es = await get<string>('/scorecard?pair=USA-MEX&from=2018&to=2019&lang=es');
    assert.match(es.body, /<p class="caveat">6 eventos entre los miembros en 1 día de 2018–2019: /);
    assert.match(es.body, /<th scope="row">tensión \(2017–2020\)<\/th>/);
    assert.match(es.body, /<th scope="row">Nivel de cooperación<\/th><td>[^<]* — 0 eventos entre los miembros \(se necesitan al menos 5\)<\/td>/);
    // …the counts each input rests on, named in the page's language, with the JSON's figures.
    const level2018 = r.body.periods[0]!.cooperate.inputs.find((i) => i.id === 'level')!.counts;
    assert.ok(es.body.includes(`<td>eventos ${level2018.events}, eventos de cooperación ${level2018.cooperative}, días con eventos ${level2018.days}</td>`), 'the Spanish counts of 2018');
    assert.ok(fr.body.includes(`<td>événements ${level2018.events}, événements de coopération ${level2018.cooperative}, jours avec événements ${level2018.days}</td>`), 'the French counts of 2018');
    // …and, where the composite leaves a sub-score out for want of data, which one (2005: no events at all).
    const early = await get<{ periods: { period: string; composite: { leftOut: string[] } }[] }>('/api/scorecard?pair=USA-MEX&from=2005&to=2005');
    assert.deepEqual(early.body.periods[0]!.composite.leftOut, ['cooperate', 'challenge']);
    const es2005 = await get<string>('/scorecard?pair=USA-MEX&from=2005&to=2005&lang=es');
    assert.match(es2005.body, /<summary>2005: Compuesto [^<]* — sin datos, fuera del índice compuesto: Cooperar y Disentir; sus pesos se redistribuyen en proporción<\/summary>/);
    const fr2005 = await get<string>('/scorecard?pair=USA-MEX&from=2005&to=2005&lang=fr');
    assert.match(fr2005.body, /<summary>2005 : Composite [^<]* — sans données, écartés de l&#39;indice composite : Coopérer et Contester ; leurs poids sont redistribués au prorata<\/summary>/);
    // With weight on cooperate alone, 2005 has no composite: nothing was redistributed.
    const alone = await get<string>('/scorecard?pair=USA-MEX&from=2005&to=2005&lang=en&w_cooperate=1&w_coordinate=0&w_challenge=0');
    assert.match(alone.body, /<summary>2005: Composite — \(no sub-score with a weight has data: Cooperate\)<\/summary>/);
    const bad = await get<{ error: string }>('/api/scorecard?pair=USA-MEX&group=USA,CAN');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /pair: give either pair/);
  });

  test('GET /api/alerts?since=2024-12-31&at=2025-12-31: the lapse of the summit, read only', async () => {
    const r = await get<{ alerts: { id: string; link: string; message: string; messages: Record<'en' | 'es' | 'fr', string> }[] }>('/api/alerts?since=2024-12-31&at=2025-12-31');
    assert.equal(r.status, 200);
    const nals = r.body.alerts.find((a) => a.id === 'mechanism-lapsed:nals:2025-01-11');
    assert.equal(nals?.link, '/mechanisms/nals');
    assert.equal(nals.messages.en, nals.message);
    // The alerts page shows each alert in the page's language.
    for (const [lang, text] of [
      ['en', /North American Leaders(&#39;|') Summit has lapsed \(annual; last met 2023-01-10\)/],
      ['es', /Cumbre de Líderes de América del Norte: mecanismo caducado \(anual; última reunión: 2023-01-10\)/],
      ['fr', /Sommet des leaders nord-américains : mécanisme caduc \(annuel ; dernière réunion : 2023-01-10\)/],
    ] as const) {
      const page = await get<string>(`/alerts?since=2024-12-31&at=2025-12-31&lang=${lang}`);
      assert.equal(page.status, 200);
      assert.match(page.body, text, lang);
    }
    const bad = await get<{ error: string }>('/api/alerts?windowDays=soon');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /windowDays: expected a whole number of days/);
  });

  test('GET /api/events/series?dyad=USA-MEX&by=day: the raw file\'s counts, and the same JSON as the CLI', async () => {
    const r = await get<{ dyad: string; by: string; points: { period: string; events: number; quad: Record<string, number>; goldsteinMean: number | null; netCooperation: number }[] }>('/api/events/series?dyad=USA-MEX&by=day');
    assert.equal(r.status, 200);
    assert.equal(r.body.dyad, 'USA-MEX');
    assert.equal(r.body.by, 'day');
    const want = icewsUsaMexByDay();
    assert.ok(want.length > 0);
    assert.deepEqual(r.body.points.map((p) => ({ period: p.period, events: p.events, quad: p.quad })), want);
    for (const p of r.body.points) for (const k of ['goldsteinMean', 'netCooperation']) assert.ok(k in p, k);
    assert.deepEqual(r.body, cliSeries);
    const directed = await get<{ directed: boolean; points: { events: number }[] }>('/api/events/series?dyad=MEX-USA&by=day&directed=true');
    assert.equal(directed.body.directed, true);
    assert.equal(directed.body.points.reduce((t, p) => t + p.events, 0), 1);
  });

  test('GET /api/events/series?plover=ACCUSE,COOPERATE: CAMEO events through the crosswalk, statements (root 01) in none, conventions named', async () => {
    // The PLOVER manual's CAMEO table: 06 → COOPERATE, 09 and 11 → ACCUSE, 01 dropped.
    const want = icewsUsaMexByDayOfRoots(['06', '09', '11']);
    assert.ok(want.length > 0);
    const r = await get<{ points: { period: string; events: number }[]; filters: { ploverTypes?: string[] }; conventions: unknown[] }>('/api/events/series?dyad=USA-MEX&by=day&plover=accuse,COOPERATE');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.filters.ploverTypes, ['ACCUSE', 'COOPERATE']);
    assert.deepEqual(r.body.points.map((p) => [p.period, p.events]), want);
    const all = await get<{ conventions: unknown[] }>('/api/events/series?dyad=USA-MEX&by=day');
    const total = icewsUsaMexByDay().reduce((t, p) => t + p.events, 0);
    assert.ok(total > want.reduce((t, p) => t + p[1], 0), 'the statements are left out');
    assert.deepEqual(all.body.conventions, [{ dataset: 'icews', events: total, coding: 'cameo', quadConvention: 'gdelt', scoreConvention: 'goldstein-codebook' }]);
    assert.equal((await get('/api/events/series?dyad=USA-MEX&plover=CONDEMN')).status, 400);
    const page = await get<string>('/events?dyad=USA-MEX&by=day&plover=ACCUSE&period=2018-06-01');
    assert.equal(page.status, 200);
    assert.match(page.body, /<td>111<\/td>/);
    assert.doesNotMatch(page.body, /<td>010<\/td>/);
    // The page's own links (periods, CSV) keep the filter, and the list of events applies it alike.
    assert.match(page.body, /href="\/events\.csv\?[^"]*plover=ACCUSE/);
    const listed = await get<{ events: { cameoCode: string | null; eventDate: string }[] }>('/api/events?dyad=USA-MEX&plover=ACCUSE,COOPERATE&limit=1000');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.events.length, want.reduce((t, p) => t + p[1], 0));
    assert.ok(listed.body.events.every((e) => ['06', '09', '11'].includes(e.cameoCode!.slice(0, 2))));
    // The explorer's form sends its minimum confidence even once the weighting is back to the export's:
    // the page reads it as not asked for, while the API, asked directly, names the mistake.
    assert.equal((await get('/events?dyad=USA-MEX&weighting=export&minConfidence=50')).status, 200);
    assert.equal((await get('/api/events/series?dyad=USA-MEX&weighting=export&minConfidence=50')).status, 400);
  });

  test('GET /api/events/series with bad parameters: 400 naming the parameter', async () => {
    for (const [query, name] of [['dyad=USA', 'dyad'], ['dyad=USA-MEX&by=fortnight', 'by'], ['dyad=USA-MEX&from=2018-02-30', 'from'], ['', 'dyad'], ['group=USA,MEX,CAN&directed=true', 'directed']] as const) {
      const r = await get<{ error: string }>(`/api/events/series?${query}`);
      assert.equal(r.status, 400, query);
      assert.match(r.body.error, new RegExp(`^invalid parameters: ${name}: `), `${query}: ${r.body.error}`);
    }
  });

  test('GET /api/events/top-dyads?year=2018 and /api/events/stats', async () => {
    const top = await get<{ source: string; target: string; events: number }[]>('/api/events/top-dyads?year=2018');
    assert.equal(top.status, 200);
    assert.equal(top.body.length, 20);
    assert.deepEqual(top.body, cliTopDyads);
    for (let i = 1; i < top.body.length; i++) assert.ok(top.body[i - 1]!.events >= top.body[i]!.events);
    const usaMex = (await get<{ source: string; target: string; events: number }[]>('/api/events/top-dyads?year=2018&countries=USA,MEX')).body;
    assert.deepEqual(usaMex.map((d) => [d.source, d.target, d.events]), [['USA', 'MEX', 5], ['MEX', 'USA', 1]]);
    assert.equal((await get('/api/events/top-dyads?year=2018&from=2018-01-01')).status, 400);
    assert.equal((await get('/api/events/top-dyads?from=2020-01-01&to=2019-01-01')).status, 400);

    const stats = await get<{ total: number; byDataset: unknown[]; imports: { file: string; inserted: number }[] }>('/api/events/stats');
    assert.equal(stats.status, 200);
    assert.equal(stats.body.total, 3705);
    assert.deepEqual(stats.body.byDataset, [{ dataset: 'icews', events: 3705, from: '2018-06-01', to: '2018-06-02' }]);
    assert.deepEqual(stats.body.imports.map((i) => [i.file, i.inserted]), [[ICEWS, 3705]]);
  });

  test('GET /api/openapi.json: OpenAPI 3.1.0 listing every path with its parameters', async () => {
    const r = await get<{ openapi: string; paths: Record<string, { get?: { parameters?: { name: string; in: string; schema?: { enum?: string[] } }[] } }> }>('/api/openapi.json');
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, '3.1.0');
    for (const [path, params] of Object.entries(DOCUMENTED)) {
      const op = r.body.paths[path]?.get;
      assert.ok(op, `${path} missing from the OpenAPI document`);
      assert.deepEqual((op.parameters ?? []).map((p) => p.name).sort(), [...params].sort(), path);
    }
    const series = r.body.paths['/api/events/series']!.get!.parameters!;
    assert.deepEqual(series.find((p) => p.name === 'by')?.schema?.enum, ['day', 'week', 'month', 'quarter', 'year']);
    assert.equal(series.find((p) => p.name === 'dyad')?.in, 'query');
    assert.equal(r.body.paths['/api/mechanisms/{id}']!.get!.parameters!.find((p) => p.name === 'id')?.in, 'path');
  });

  test('unknown paths: 404 JSON under /api/, a 404 page elsewhere', async () => {
    for (const url of ['/api/nope', '/api/events/nope']) {
      const r = await get<{ error: string }>(url);
      assert.equal(r.status, 404, url);
      assert.match(r.type, /^application\/json/, url);
      assert.match(r.body.error, /no such resource/, url);
    }
    const page = await app.request('/nope');
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /<html lang="en"[\s\S]*There is no page at \/nope/);
  });
});

describe('the real server: intermestic serve --port 0', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess();
  });
  after(async () => {
    await server?.stop();
  });

  async function fetchJson<T>(path: string): Promise<{ status: number; type: string; body: T }> {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
  }

  test('answers the registry and event routes over HTTP', async () => {
    const parties = await fetchJson<{ id: string }[]>('/api/parties');
    assert.equal(parties.status, 200);
    assert.deepEqual(parties.body, yamlRecords('parties.yaml'));
    const health = await fetchJson<{ at: string; mechanisms: { id: string; status: string }[] }>('/api/health?at=2019-06-01');
    assert.equal(health.status, 200);
    assert.equal(health.body.mechanisms.find((m) => m.id === 'nals')?.status, 'lapsed');
    const calendar = await fetchJson<{ coincidences: number[] }>('/api/calendar?parties=USA,MEX&from=2000&to=2040');
    assert.deepEqual(calendar.body.coincidences, [2000, 2012, 2024, 2036]);
    const stats = await fetchJson<{ total: number }>('/api/events/stats');
    assert.deepEqual([stats.status, stats.body.total], [200, 0]);
    const series = await fetchJson<{ dyad: string; points: unknown[] }>('/api/events/series?dyad=USA-MEX&by=day');
    assert.deepEqual([series.status, series.body.dyad, series.body.points], [200, 'USA-MEX', []]);
    const doc = await fetchJson<{ openapi: string; paths: Record<string, unknown> }>('/api/openapi.json');
    assert.equal(doc.body.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.body.paths).sort(), Object.keys(DOCUMENTED).sort());
  });

  test('errors over HTTP: 400 and 404 as JSON, and the page at /', async () => {
    const bad = await fetchJson<{ error: string }>('/api/health?at=2019-13-01');
    assert.equal(bad.status, 400);
    assert.match(bad.type, /^application\/json/);
    assert.match(bad.body.error, /^invalid parameters: at: /);
    const badSeries = await fetchJson<{ error: string }>('/api/events/series?dyad=USA');
    assert.equal(badSeries.status, 400);
    assert.match(badSeries.body.error, /dyad: /);
    const missing = await fetchJson<{ error: string }>('/api/nope');
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /no such resource/);
    const page = await fetch(`${server.url}/?at=2019-06-01`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /North American Leaders/);
  });
});
