// Compliance and the recommendation tracker on the real bundled registry (data/north-america). The
// expected figures were worked out by hand from assessments.yaml, commitments.yaml,
// recommendations.yaml and meetings/nals.yaml (the comments say how), and are cross-checked against
// the YAML files read directly, not through the program.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BUNDLED_REGISTRY_DIR, registryFiles } from '../../src/ingest/registry/bundled.ts';
import { aggregate, complianceAggregates, standings } from '../../src/domain/compliance.ts';
import { trackRecommendations } from '../../src/domain/tracker.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';
import { REPO } from '../support/paths.ts';

const DIR = join(REPO, 'data', 'north-america');
const yaml = <T>(file: string): T[] => parseYaml(readFileSync(join(DIR, file), 'utf8')) as T[];

interface RawAssessment { id: string; commitment: string; party: string; kind: string; date: string; status: string; score: number | null; confidence?: string; sources: string[] }
interface RawSource { id: string; kind: string; url?: string }
interface RawRecommendation { id: string; mechanisms?: string[]; cadenceOf?: string[]; history: { date: string; status: string; sources: string[] }[] }

const RAW = yaml<RawAssessment>('assessments.yaml');
const SOURCES = new Map(yaml<RawSource>('sources.yaml').map((s) => [s.id, s]));
const COMMITMENTS = yaml<{ id: string; owner: string }>('commitments.yaml');

let ds: Registry;
before(async () => {
  ds = await registryFiles.read(BUNDLED_REGISTRY_DIR);
});

const figures = (a: ReturnType<typeof aggregate>) => [a.commitments, a.scored, a.noEvidence, a.notAssessed, a.scores.full, a.scores.partial, a.scores.nonCompliance, a.mean, a.g20Percent];

describe('the assessments of the June 2019 Joint Declaration', () => {
  test('an interim and a final for each of the twelve commitments, for the party that owns it', () => {
    assert.equal(RAW.length, 24);
    assert.equal(ds.assessments.length, 24);
    for (const c of COMMITMENTS) {
      const mine = RAW.filter((a) => a.commitment === c.id);
      assert.deepEqual(mine.map((a) => a.kind).sort(), ['final', 'interim'], c.id);
      assert.ok(mine.every((a) => a.party === c.owner), c.id);
    }
    // Every interim at the 45-day review point.
    assert.deepEqual([...new Set(RAW.filter((a) => a.kind === 'interim').map((a) => a.date))], ['2019-07-22']);
  });

  test('statuses and scores per party, as recorded', () => {
    const tally = (party: string) => {
      const mine = RAW.filter((a) => a.party === party);
      return { '+1': mine.filter((a) => a.score === 1).length, '0': mine.filter((a) => a.score === 0).length, '-1': mine.filter((a) => a.score === -1).length, noEvidence: mine.filter((a) => a.status === 'no-evidence').length };
    };
    // MEX, interim: guard +1, smuggling 0, border 0, MPP entry 0, further actions 0, refugee talks −1, trigger no evidence;
    //      final:   guard +1, smuggling +1, border +1, MPP entry 0, further actions +1, refugee talks −1, trigger no evidence.
    assert.deepEqual(tally('MEX'), { '+1': 5, '0': 5, '-1': 2, noEvidence: 2 });
    // USA, interim: border 0, MPP expansion 0, asylum no evidence, further actions 0, refugee talks no evidence;
    //      final:   border 0, MPP expansion +1, asylum 0, further actions +1, refugee talks 0.
    assert.deepEqual(tally('USA'), { '+1': 2, '0': 6, '-1': 0, noEvidence: 2 });
    // "No evidence" is never a 0: every such record has a null score, and still names where it was looked for.
    for (const a of RAW.filter((x) => x.status === 'no-evidence')) assert.deepEqual([a.score, a.sources.length > 0], [null, true], a.id);
    assert.ok(RAW.every((a) => a.status !== 'not-assessed'));
  });

  test('sources: official texts first; uncertain exactly where no official text is among them', () => {
    for (const a of RAW) {
      const kinds = a.sources.map((s) => SOURCES.get(s)?.kind);
      assert.ok(kinds.every((k) => k !== undefined), a.id);
      const firstOther = kinds.findIndex((k) => k !== 'official');
      assert.ok(firstOther < 0 || !kinds.slice(firstOther).includes('official'), `${a.id}: ${kinds.join(', ')}`);
      assert.equal(a.confidence === 'uncertain', !kinds.includes('official'), a.id);
    }
    assert.equal(RAW.filter((a) => a.confidence === 'uncertain').length, 9);
  });

  test('the standings: every commitment on its final; the aggregates per party with the G20 percentage', () => {
    const list = standings(ds);
    assert.equal(list.length, 12);
    assert.ok(list.every((s) => s.basis === 'final'));
    const trigger = list.find((s) => s.commitment.id === 'jd2019-mex-safe-third-country-trigger')!;
    assert.deepEqual([trigger.status, trigger.score, trigger.assessment?.id], ['no-evidence', null, 'jd2019-mex-safe-third-country-trigger-final-2019-09-05']);
    const g = complianceAggregates(ds, list);
    // All: 11 scored, sum 6 − 1 = 5 → 0.4545, (0.4545 + 1) / 2 = 72.73 %.
    assert.deepEqual(figures(g.overall), [12, 11, 1, 0, 6, 4, 1, 0.4545, 72.73]);
    // USA: 0 +1 0 +1 0 → 2/5 = 0.4 → 70 %. MEX: +1 +1 +1 0 +1 −1 (trigger unscored) → 3/6 = 0.5 → 75 %.
    assert.deepEqual(g.byParty.map((p) => [p.party, ...figures(p.aggregate)]), [
      ['USA', 5, 5, 0, 0, 2, 3, 0, 0.4, 70],
      ['MEX', 7, 6, 1, 0, 4, 1, 1, 0.5, 75],
    ]);
    // Issue areas from commitments.yaml: all twelve are on migration; security: guard, smuggling and both
    // border-cooperation obligations (+1 +1 +1 0); border infrastructure: the two border ones (+1 0); health: MPP entry (0).
    assert.deepEqual(g.byIssueArea.map((p) => [p.issueArea, p.aggregate.commitments, p.aggregate.scored, p.aggregate.mean, p.aggregate.g20Percent]), [
      ['migration', 12, 11, 0.4545, 72.73],
      ['security-and-illicit-trafficking', 4, 4, 0.75, 87.5],
      ['health', 1, 1, 0, 50],
      ['border-infrastructure', 2, 2, 0.5, 75],
    ]);
    assert.deepEqual(g.byMechanism.map((p) => [p.mechanism, p.aggregate.commitments]), [['jd2019', 12]]);
    assert.deepEqual(g.byPeriod.map((p) => [p.period, p.aggregate.commitments]), [['2019', 12]]);
  });

  test('at the 45-day review only the interims count; by 30 September the two 90-day finals and the trigger', () => {
    const at = (day: string) => complianceAggregates(ds, standings(ds, { at: day })).byParty.map((p) => [p.party, p.aggregate.final, p.aggregate.interim, ...figures(p.aggregate)]);
    // USA interims: 0 0 (asylum: no evidence) 0 (refugee talks: no evidence) → 0/3; MEX: +1 0 0 0 0 −1 (trigger: no evidence) → 0/6.
    assert.deepEqual(at('2019-07-22'), [
      ['USA', 0, 5, 5, 3, 2, 0, 0, 3, 0, 0, 50],
      ['MEX', 0, 7, 7, 6, 1, 0, 1, 4, 1, 0, 50],
    ]);
    // USA further actions +1 (final of 2019-09-10): 1/3 → 66.67 %. MEX further actions +1 and the trigger's final
    // (no evidence, 2019-09-05): +1 0 0 0 +1 −1 → 1/6 → 58.33 %.
    assert.deepEqual(at('2019-09-30'), [
      ['USA', 1, 4, 5, 3, 2, 0, 1, 2, 0, 0.3333, 66.67],
      ['MEX', 2, 5, 7, 6, 1, 0, 2, 3, 1, 0.1667, 58.33],
    ]);
    assert.deepEqual(figures(aggregate(standings(ds, { at: '2019-07-21' }))), [12, 0, 0, 12, 0, 0, 0, null, null]);
  });
});

describe('the recommendation tracker on the Wilson Center recommendations', () => {
  const RECS = yaml<RawRecommendation>('recommendations.yaml');

  test('seven histories, each sourced and oldest first; the statuses at 2026-12-01', () => {
    assert.equal(RECS.length, 7);
    for (const r of RECS) {
      assert.ok(r.history.length > 0, r.id);
      for (const h of r.history) assert.ok(h.sources.length > 0 && h.sources.every((s) => SOURCES.has(s)), `${r.id} ${h.date}`);
    }
    const tracked = trackRecommendations(ds, '2026-12-01');
    // The last entry of each history, and the first entry of the run of that status at its end.
    assert.deepEqual(tracked.map((t) => [t.recommendation.id, t.status, t.statusSince]), [
      ['sarukhan-2021-northern-triangle', 'reversed', '2025-03'],
      ['sarukhan-2021-un-global-compacts', 'reversed', '2025-01-20'],
      ['sarukhan-2021-un-consultations', 'not-addressed', '2021'],
      ['sarukhan-2021-china-competitiveness', 'partly-adopted', '2023-05-24'],
      ['sarukhan-2021-north-american-cooperation', 'reversed', '2025-02-01'],
      ['sarukhan-2021-resuscitate-nals', 'not-addressed', '2025'],
      ['sarukhan-2021-g20-recovery-vaccines', 'adopted', '2021-11-18'],
    ]);
    assert.deepEqual(tracked.map((t) => t.status), RECS.map((r) => r.history.at(-1)!.status));
    // Judged at the end of 2022, the summit recommendation stood partly adopted since the Washington summit.
    const nals2022 = trackRecommendations(ds, '2022-12-31').find((t) => t.recommendation.id === 'sarukhan-2021-resuscitate-nals')!;
    assert.deepEqual([nals2022.status, nals2022.statusSince, nals2022.history.length], ['partly-adopted', '2021-11-18', 2]);
  });

  test('"Resuscitate the annual NALS": the summits held after it, those that were not, and the lapse since', () => {
    const nals = trackRecommendations(ds, '2026-12-01').find((t) => t.recommendation.id === 'sarukhan-2021-resuscitate-nals')!;
    assert.equal(nals.cadence.length, 1);
    const e = nals.cadence[0]!;
    assert.equal(e.mechanism.id, 'nals');
    // meetings/nals.yaml from 2021 on: held 2021-11-18 and 2023-01-10; postponed 2022-12 and 2024.
    const fromYaml = yaml<{ id: string; date: string; status?: string }>('meetings/nals.yaml').filter((m) => m.date >= '2021');
    assert.deepEqual(e.held.map((m) => m.id), fromYaml.filter((m) => (m.status ?? 'held') === 'held').map((m) => m.id));
    assert.deepEqual(e.held.map((m) => m.date), ['2021-11-18', '2023-01-10']);
    assert.deepEqual(e.notHeld.map((m) => [m.date, m.status]), [['2022-12', 'postponed'], ['2024', 'postponed']]);
    // Annual: five whole years from 2021-01-01 to 2026-12-01; two summits held.
    assert.equal(e.expected, 5);
    // Lapsed two full years after 10 January 2023: from 2025-01-11; 1,421 days since the last summit.
    assert.deepEqual([e.health.status, e.lapsedFrom, e.health.lastMeeting, e.health.daysSinceLast], ['lapsed', '2025-01-11', '2023-01-10', 1421]);
    assert.deepEqual(e.gaps.map((g) => [g.from, g.to, g.days]), [['2016-06-29', '2021-11-18', 1968], ['2023-01-10', '2026-12-01', 1421]]);
  });

  test('twice-yearly UN consultations: none held since the recommendation; the mechanism ended in 2012', () => {
    const t = trackRecommendations(ds, '2026-12-01').find((x) => x.recommendation.id === 'sarukhan-2021-un-consultations')!;
    const e = t.cadence[0]!;
    assert.deepEqual([e.mechanism.id, e.held.length, e.health.status, e.expected, e.lapsedFrom], ['un-consultations', 0, 'ended', 11, null]);
    // Only these two ask for a mechanism's cadence.
    assert.deepEqual(RECS.filter((r) => (r.cadenceOf ?? []).length > 0).map((r) => [r.id, r.cadenceOf]), [
      ['sarukhan-2021-un-consultations', ['un-consultations']],
      ['sarukhan-2021-resuscitate-nals', ['nals']],
    ]);
  });
});

describe('the sources added for compliance and the histories', () => {
  test('pages already in the registry are cited under their registry ids, never recorded twice', () => {
    assert.ok(!SOURCES.has('govinfo-fr-2025-08-06-eo14325'));
    assert.equal([...SOURCES.keys()].filter((id) => id === 'reuters-2026-01-usmca-talks').length, 1);
    assert.deepEqual(recommendationsCiting('govinfo-2025-08-06-eo-14325'), ['sarukhan-2021-north-american-cooperation']);
    assert.equal(SOURCES.size, 481);
  });
});

function recommendationsCiting(source: string): string[] {
  return yaml<RawRecommendation>('recommendations.yaml').filter((r) => r.history.some((h) => h.sources.includes(source))).map((r) => r.id);
}
