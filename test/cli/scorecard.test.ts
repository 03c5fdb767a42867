// `intermestic scorecard` on the bundled registry and the real event samples (test/fixtures/events).
// Expected figures are worked out from the YAML files and the raw ICEWS rows, not through the program.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cli, tempDir } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { REPO, SAMPLES } from '../support/paths.ts';
import { Scorecard } from '../../src/app/contracts.ts';

const DIR = join(REPO, 'data', 'north-america');
const yaml = <T>(file: string): T[] => parseYaml(readFileSync(join(DIR, file), 'utf8')) as T[];
interface RawAssessment { commitment: string; kind: string; date: string; status: string; score: number | null }
interface RawDevelopment { id: string; date: string; kind: string; parties: string[]; mechanisms?: string[] }

const dir = tempDir('intermestic-scorecard-');
const db = await bundledRegistryFile(join(dir, 'scorecard.db'));
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** USA–MEX rows of the ICEWS sample (both ways): all, and cooperative (CAMEO roots 01–09). */
function icewsUsaMex(): { events: number; cooperative: number; days: number } {
  const [header, ...rows] = readFileSync(SAMPLES.icews, 'utf8').split('\n').filter((l) => l !== '');
  const cols = header!.split('\t');
  const [d, s, t, c] = ['Event Date', 'Source Country', 'Target Country', 'CAMEO Code'].map((n) => cols.indexOf(n)) as [number, number, number, number];
  const mine = rows.map((r) => r.split('\t')).filter((f) => [`${f[s]}>${f[t]}`].some((p) => p === 'United States>Mexico' || p === 'Mexico>United States'));
  return { events: mine.length, cooperative: mine.filter((f) => Number(f[c]!.slice(0, 2)) <= 9).length, days: new Set(mine.map((f) => f[d])).size };
}

/** The G20 percentage of the jd2019 standings on `at`, over the commitments assessed in `year` (latest final by then, else interim). */
function complianceOn(year: string, at: string): { commitments: number; scored: number; percent: number } {
  const all = yaml<RawAssessment>('assessments.yaml').filter((a) => a.date <= at);
  const assessed = [...new Set(all.filter((a) => a.date.startsWith(year)).map((a) => a.commitment))];
  const standing = assessed.map((c) => {
    const mine = all.filter((a) => a.commitment === c).sort((a, b) => a.date.localeCompare(b.date));
    return mine.filter((a) => a.kind === 'final').at(-1) ?? mine.at(-1)!;
  });
  const scored = standing.filter((a) => a.status === 'assessed');
  const mean = scored.reduce((t, a) => t + a.score!, 0) / scored.length;
  return { commitments: assessed.length, scored: scored.length, percent: round2(((mean + 1) / 2) * 100) };
}

let card: Scorecard;
before(async () => {
  const r = await cli(['events', 'import', SAMPLES.gdelt1, SAMPLES.gdelt2, SAMPLES.icews], { db, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const out = await cli(['scorecard', '--pair', 'usa-mex', '--from', '2005', '--to', '2026', '--json'], { db, cwd: dir });
  assert.equal(out.status, 0, out.stderr);
  card = JSON.parse(out.stdout) as Scorecard;
});

const period = (y: string) => card.periods.find((p) => p.period === y)!;
const inputOf = (y: string, sub: 'cooperate' | 'coordinate' | 'challenge', id: string) => period(y)[sub].inputs.find((i) => i.id === id)!;

describe('intermestic scorecard --pair USA-MEX --from 2005 --to 2026 --json', () => {
  test('the public shape: pair, weights, formulas, 22 periods', () => {
    assert.ok(Scorecard.safeParse(card).success);
    assert.deepEqual([card.pair, card.from, card.to, card.weights], ['USA-MEX', 2005, 2026, { cooperate: 1, coordinate: 1, challenge: 1 }]);
    assert.deepEqual(card.periods.map((p) => p.period), Array.from({ length: 22 }, (_, i) => String(2005 + i)));
    for (const k of ['cooperate', 'coordinate', 'challenge', 'composite', 'level', 'bounded'] as const) assert.ok(card.formula[k], k);
  });

  test('2018: the level of cooperation from the ICEWS rows, with their coverage', () => {
    const raw = icewsUsaMex();
    const level = inputOf('2018', 'cooperate', 'level');
    assert.deepEqual([level.counts.events, level.counts.cooperative, level.counts.days], [raw.events, raw.cooperative, raw.days]);
    assert.equal(level.score, round2((100 * raw.cooperative) / raw.events));
    assert.equal(level.score, 83.33);
    assert.deepEqual(level.datasets, ['icews 2018-06-01…2018-06-02']);
    assert.equal(level.note, 'events on 1 day of the year (stored: icews 2018-06-01…2018-06-02)');
    // One month of events: no steadiness, said so; no government-to-government conflict: no bounded figure.
    assert.equal(inputOf('2018', 'cooperate', 'steadiness').reason, '1 month with at least 5 events (at least 3 needed)');
    assert.equal(inputOf('2018', 'challenge', 'bounded').score, null);
  });

  test('compliance: 2019 and 2021 from assessments.yaml; no data in the other years', () => {
    const y2019 = complianceOn('2019', '2019-12-31');
    const k2019 = inputOf('2019', 'cooperate', 'compliance');
    assert.deepEqual([k2019.counts.commitments, k2019.counts.scored, k2019.score], [y2019.commitments, y2019.scored, y2019.percent]);
    assert.deepEqual([k2019.counts.commitments, k2019.counts.scored, k2019.counts.noEvidence, k2019.score], [12, 10, 2, 70]);
    // The three MPP obligations' finals of 2021-01-20: +1, 0, 0 → (1/3 + 1) / 2.
    const k2021 = inputOf('2021', 'cooperate', 'compliance');
    assert.deepEqual([k2021.counts.commitments, k2021.score], [3, complianceOn('2021', '2021-12-31').percent]);
    assert.equal(k2021.score, 66.67);
    assert.equal(inputOf('2020', 'cooperate', 'compliance').reason, 'no commitment in scope was assessed during the year');
    // 2019 cooperate rests on compliance alone (no events stored for 2019).
    assert.deepEqual([period('2019').cooperate.used, period('2019').cooperate.score], [['compliance'], 70]);
  });

  test('disputes through mechanisms: the developments of developments.yaml', () => {
    const devs = yaml<RawDevelopment>('developments.yaml');
    for (const y of ['2018', '2019', '2025']) {
      const disputes = devs.filter((d) => ['trade-measure', 'crisis', 'legal-ruling'].includes(d.kind) && d.date.startsWith(y) && d.parties.includes('USA') && d.parties.includes('MEX'));
      const c = inputOf(y, 'challenge', 'channelled');
      assert.deepEqual(c.records, disputes.map((d) => d.id), y);
      // Every mechanism these disputes name joins the pair, so linked = through a mechanism in scope.
      assert.equal(c.counts.throughMechanisms, disputes.filter((d) => (d.mechanisms ?? []).length > 0).length, y);
    }
    // 2018: the three tariff measures went through no mechanism.
    assert.deepEqual([inputOf('2018', 'challenge', 'channelled').counts, inputOf('2018', 'challenge', 'channelled').score], [{ disputes: 3, throughMechanisms: 0, outside: 3 }, 0]);
    // Before 2017 the registry records no developments: challenge has no data, left out of the composite.
    assert.equal(period('2010').challenge.score, null);
    assert.deepEqual(period('2010').composite.leftOut, ['cooperate', 'challenge']);
    assert.equal(period('2010').composite.score, period('2010').coordinate.score);
  });

  test('the composite, its weights redistributed; the sensitivity view; the eras of the essays', () => {
    const p = period('2018');
    assert.equal(p.composite.score, round2((p.cooperate.score! + p.coordinate.score! + p.challenge.score!) / 3));
    assert.equal(card.sensitivity.scenarios.length, 10);
    const ranks = card.sensitivity.ranks.find((r) => r.period === '2018')!;
    // Alone, cooperate ranks 2018 first (the highest of its three years with a figure).
    assert.equal(ranks.best, 1);
    assert.deepEqual(card.eras.map((e) => [e.label, e.periods]), [['rise (to 2016)', 12], ['strain (2017–2020)', 4], ['partial restart (2021–2024)', 4], ['after the essays (2025–)', 2]]);
    assert.deepEqual(card.erasSources, ['seed-sarukhan-fa-2022', 'seed-sarukhan-wilson-2021']);
  });
});

describe('intermestic scorecard: the table, weights, other pairs, errors', () => {
  test('--weights cooperate=2,challenge=0: the composite of 2018 is (2 × cooperate + coordinate) / 3', async () => {
    const r = await cli(['scorecard', '--pair', 'USA-MEX', '--from', '2018', '--to', '2018', '--weights', 'cooperate=2,challenge=0', '--json'], { db, cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const w = JSON.parse(r.stdout) as Scorecard;
    const p = w.periods[0]!;
    assert.deepEqual(w.weights, { cooperate: 2, coordinate: 1, challenge: 0 });
    assert.equal(p.composite.score, round2((2 * p.cooperate.score! + p.coordinate.score!) / 3));
    assert.deepEqual(p.composite.weights, { cooperate: 0.6667, coordinate: 0.3333, challenge: 0 });
  });

  test('USA-CAN 2018: the governments\' conflict events of the ICEWS sample are all verbal', async () => {
    const r = await cli(['scorecard', '--pair', 'USA-CAN', '--from', '2018', '--to', '2018', '--json'], { db, cwd: dir });
    const b = (JSON.parse(r.stdout) as Scorecard).periods[0]!.challenge.inputs.find((i) => i.id === 'bounded')!;
    assert.deepEqual([b.counts.verbalConflict, b.counts.materialConflict, b.score], [5, 0, 100]);
  });

  test('the table: a row per year, "—" for no data, the formulas printed', async () => {
    const r = await cli(['scorecard', '--group', 'USA,MEX,CAN', '--from', '2016', '--to', '2019'], { db, cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Three-Cs scorecard of USA,MEX,CAN, 2016–2019; weights cooperate 1, coordinate 1, challenge 1\n/);
    assert.match(r.stdout, /\n2016 {2}— {10}\d+\.\d\d {7}— {10}\d+\.\d\d/);
    assert.match(r.stdout, /left out and its weight redistributed, never a 0/);
    assert.match(r.stdout, /bounded: 100 × quad 3 \/ \(quad 3 \+ quad 4\)/);
    const detail = await cli(['scorecard', '--pair', 'USA-MEX', '--from', '2019', '--to', '2019', '--detail'], { db, cwd: dir });
    assert.match(detail.stdout, /compliance {2}70\.00 \(value 0\.4\) {2}\[commitments 12, scored 10, full 5, partial 4, nonCompliance 1, noEvidence 2, notAssessed 0; \d+ sources\]/);
  });

  test('bad parameters exit 2 naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--pair', 'USA-FRA'], /--pair: unknown FRA \(known: USA, MEX, CAN\)/],
      [['--pair', 'USA'], /--pair: expected two ISO alpha-3 codes/],
      [[], /--pair: give either pair/],
      [['--pair', 'USA-MEX', '--weights', 'cooperate=x'], /--weights: expected name=weight/],
      [['--pair', 'USA-MEX', '--weights', 'cooperate=0,coordinate=0,challenge=0'], /--weights: the weights cannot all be zero/],
      [['--pair', 'USA-MEX', '--from', '2020', '--to', '2019'], /--to: to is before from/],
      [['--pair', 'USA-MEX', '--to', '2201'], /--to: /],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['scorecard', ...args], { db, cwd: dir });
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
  });
});
