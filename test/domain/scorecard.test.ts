// The three-Cs scorecard rule by rule (src/domain/scorecard.ts) on constructed counts and records whose
// figures were worked out by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_WEIGHTS, boundedInput, channelledInput, complianceInput, composite, coordinationInputs, eraFigures, inScope, levelInput, scoreYear,
  sensitivity, steadinessInput, type PeriodScore, type QuadCounts, type YearEvents,
} from '../../src/domain/scorecard.ts';
import { Assessment, Commitment, Development } from '../../src/domain/registry/schema.ts';
import { dataset, mechanism, meeting, SRC } from './build.ts';
import { compositeNote, scenarioLabel } from '../../src/app/scorecard.ts';

const q = (quad1: number, quad2: number, quad3: number, quad4: number): QuadCounts => ({ events: quad1 + quad2 + quad3 + quad4, quad1, quad2, quad3, quad4 });
const NONE = q(0, 0, 0, 0);

function events(extra: Partial<YearEvents> = {}): YearEvents {
  return { all: NONE, months: [], days: 0, government: NONE, datasets: [], ...extra };
}

describe('cooperate: level and steadiness from event counts', () => {
  it('level: 100 × cooperative share; no data below 5 events, with the reason and the coverage', () => {
    const l = levelInput(events({ all: q(4, 1, 1, 0), days: 1, datasets: ['icews 2018-06-01…2018-06-02'] }));
    assert.deepEqual([l.score, l.value, l.counts], [83.33, 0.8333, { events: 6, cooperative: 5, days: 1 }]);
    assert.equal(l.note, 'events on 1 day of the year (stored: icews 2018-06-01…2018-06-02)');
    const few = levelInput(events({ all: q(3, 0, 1, 0), days: 1 }));
    assert.deepEqual([few.score, few.reason], [null, '4 events between the members (at least 5 needed)']);
  });

  it('steadiness: 100 × (1 − 2σ) over months with ≥ 5 events, at least 3 of them', () => {
    // Shares 1.0, 0.5, 0.5 (the 4-event month is left out): mean 2/3, σ = √(((1/3)² + 2 × (1/6)²) / 3) = 0.2357.
    const months = [
      { period: '2018-01', ...q(10, 0, 0, 0) }, { period: '2018-02', ...q(3, 2, 5, 0) }, { period: '2018-03', ...q(5, 0, 0, 5) },
      { period: '2018-04', ...q(4, 0, 0, 0) },
    ];
    const s = steadinessInput(events({ months }));
    assert.deepEqual([s.value, s.score, s.counts], [0.2357, 52.86, { months: 4, monthsJudged: 3 }]);
    const two = steadinessInput(events({ months: months.slice(0, 2) }));
    assert.deepEqual([two.score, two.reason], [null, '2 months with at least 5 events (at least 3 needed)']);
    // Perfectly steady: 100.
    assert.equal(steadinessInput(events({ months: [months[0]!, months[0]!, months[0]!] })).score, 100);
  });
});

describe('cooperate: compliance', () => {
  const mechs = [mechanism('jd', { kind: 'ad-hoc' }, '2019-06-07'), mechanism('other', { kind: 'ad-hoc' }, '2019', { parties: ['CAN', 'MEX'] })];
  const c = (id: string, owner: string, m = 'jd') => Commitment.parse({ id, text: id, date: '2019-06-07', owner, mechanism: m, sources: SRC });
  const a = (id: string, commitment: string, party: string, kind: 'interim' | 'final', date: string, status: 'assessed' | 'no-evidence', score: -1 | 0 | 1 | null) =>
    Assessment.parse({ id, commitment, party, kind, date, status, score, assessor: 't', rationale: 'r', sources: [`s-${id}`] });
  const registry = dataset({
    sources: [{ id: 'test', title: 't', publisher: 't', kind: 'seed' }, ...['i1', 'f1', 'i2', 'f2', 'i3', 'f3', 'x'].map((id) => ({ id: `s-${id}`, title: id, publisher: 't', kind: 'official' as const }))],
    mechanisms: mechs,
    commitments: [c('c1', 'USA'), c('c2', 'MEX'), c('c3', 'MEX'), c('c4', 'CAN', 'other')],
    assessments: [
      a('i1', 'c1', 'USA', 'interim', '2019-07-22', 'assessed', 0), a('f1', 'c1', 'USA', 'final', '2019-12-31', 'assessed', 1),
      a('i2', 'c2', 'MEX', 'interim', '2019-07-22', 'assessed', -1), a('f2', 'c2', 'MEX', 'final', '2021-01-20', 'assessed', 1),
      a('i3', 'c3', 'MEX', 'interim', '2019-07-22', 'no-evidence', null), a('f3', 'c3', 'MEX', 'final', '2019-12-31', 'no-evidence', null),
      a('x', 'c4', 'CAN', 'final', '2019-12-31', 'assessed', -1),
    ],
  });

  it('2019: the standings at year end of what was assessed in the year; no evidence counted, never a 0; out-of-scope left out', () => {
    // c1 final +1, c2 interim −1, c3 no evidence; c4 is CAN's, on a CAN–MEX mechanism: out of the USA–MEX scope.
    const k = complianceInput(registry, ['USA', 'MEX'], 2019, '2019-12-31');
    assert.deepEqual([k.value, k.score], [0, 50]);
    assert.deepEqual(k.counts, { commitments: 3, scored: 2, full: 1, partial: 0, nonCompliance: 1, noEvidence: 1, notAssessed: 0 });
    assert.deepEqual(k.records, ['f1', 'i2', 'f3']);
    assert.deepEqual(k.sources, ['s-f1', 's-i2', 's-f3']);
  });

  it('2021: only c2, now final +1 → 100; 2020: nothing assessed → no data; mid-2019 judged on its day', () => {
    assert.deepEqual([complianceInput(registry, ['USA', 'MEX'], 2021, '2021-12-31').score, complianceInput(registry, ['USA', 'MEX'], 2021, '2021-12-31').counts.commitments], [100, 1]);
    const none = complianceInput(registry, ['USA', 'MEX'], 2020, '2020-12-31');
    assert.deepEqual([none.score, none.reason], [null, 'no commitment in scope was assessed during the year']);
    // On 2019-08-01 only the interims exist: c1 0, c2 −1 → mean −0.5 → 25 %.
    assert.equal(complianceInput(registry, ['USA', 'MEX'], 2019, '2019-08-01').score, 25);
    // Only c3 (no evidence) assessed: none scored → no data, said so.
    const onlyC3 = complianceInput({ ...registry, commitments: registry.commitments.filter((x) => x.id === 'c3') }, ['USA', 'MEX'], 2019, '2019-12-31');
    assert.equal(onlyC3.reason, 'the 1 commitment assessed during the year is not scored (no evidence or not assessed)');
  });
});

describe('coordinate: the architecture in use', () => {
  const registry = dataset({
    issueAreas: ['a', 'b', 'c', 'd'].map((id) => ({ id, names: { en: id }, sources: SRC })),
    agencies: ['us1', 'us2', 'mx1', 'ca1'].map((id) => ({ id, party: id.startsWith('us') ? 'USA' : id.startsWith('mx') ? 'MEX' : 'CAN', names: { en: id }, kind: 'agency' as const, sources: SRC })),
    mechanisms: [
      mechanism('m1', { kind: 'annual' }, '2010-01-01', { issueAreas: ['a', 'b'], leadAgencies: { USA: ['us1'], MEX: ['mx1'] } }),
      mechanism('m2', { kind: 'annual' }, '2010-01-01', { issueAreas: ['c'], leadAgencies: { USA: ['us2'] } }),
      mechanism('m3', { kind: 'annual' }, '2010-01-01', { issueAreas: ['d'], parties: ['CAN', 'MEX'], leadAgencies: { CAN: ['ca1'] } }),
    ],
    meetings: [meeting('m1', '2019-03-01'), meeting('m2', '2016-05-01'), meeting('m3', '2019-04-01')],
  });

  it('USA–MEX 2019: m1 met (on schedule), m2 lapsed; m3 is CAN–MEX, out of scope', () => {
    assert.deepEqual([inScope(registry.mechanisms[0]!, ['USA', 'MEX']), inScope(registry.mechanisms[2]!, ['USA', 'MEX']), inScope(registry.mechanisms[2]!, ['USA', 'MEX', 'CAN'])], [true, false, true]);
    const [onSchedule, issueAreas, agencies, coverage] = coordinationInputs(registry, ['USA', 'MEX'], 2019, '2019-12-31');
    assert.deepEqual([onSchedule!.score, onSchedule!.counts.active, onSchedule!.counts.lapsed], [50, 2, 1]);
    // m1 met: issue areas a, b of 4 → 50; lead agencies us1, mx1 of us1, mx1, us2 → 66.67.
    assert.deepEqual([issueAreas!.score, issueAreas!.records], [50, [registry.meetings[0]!.id]]);
    assert.deepEqual([agencies!.score, agencies!.counts.engaged, agencies!.counts.leadAgencies], [66.67, 2, 3]);
    // Live: a, b (m1); c nominal (m2 lapsed); d a hole for this pair.
    assert.deepEqual([coverage!.score, coverage!.counts], [50, { live: 2, nominal: 1, holes: 1, issueAreas: 4 }]);
    assert.equal(coverage!.note, 'holes: d; nominal (all lapsed): c');
  });

  it('the triad counts every mechanism between two or more members', () => {
    const [onSchedule, issueAreas, agencies, coverage] = coordinationInputs(registry, ['USA', 'MEX', 'CAN'], 2019, '2019-12-31');
    assert.deepEqual([onSchedule!.score, issueAreas!.score, agencies!.score, coverage!.score], [66.67, 75, 75, 75]);
  });
});

describe('challenge: bounded disagreement and disputes through mechanisms', () => {
  it('bounded: 100 × verbal / all conflict between governments; no data below 5 conflict events', () => {
    const b = boundedInput(events({ government: q(3, 0, 4, 1) }));
    assert.deepEqual([b.score, b.counts], [80, { governmentEvents: 8, verbalConflict: 4, materialConflict: 1 }]);
    assert.equal(boundedInput(events({ government: q(9, 0, 3, 1) })).reason, '4 conflict events between the members\' governments (at least 5 needed)');
  });

  it('channelled: disputes of the year between members, linked to an in-scope mechanism', () => {
    const d = (id: string, date: string, kind: Development['kind'], parties: string[], mechanisms: string[] = []) =>
      Development.parse({ id, date, kind, parties, summary: { en: id }, mechanisms, sources: SRC });
    const registry = dataset({
      mechanisms: [mechanism('m1', { kind: 'ad-hoc' }, '2010')],
      developments: [
        d('d1', '2025-02-01', 'trade-measure', ['USA', 'MEX', 'CAN']), d('d2', '2025-04', 'crisis', ['USA', 'MEX'], ['m1']),
        d('d3', '2025-05-01', 'legal-ruling', ['USA', 'MEX'], ['m1']), d('d4', '2025-06-01', 'agreement', ['USA', 'MEX'], ['m1']),
        d('d5', '2025-07-01', 'trade-measure', ['MEX']), d('d6', '2024-07-01', 'trade-measure', ['USA', 'MEX']),
      ],
    });
    // d1–d3 are disputes of 2025 between both; d4 is an agreement, d5 unilateral, d6 of 2024.
    const c = channelledInput(registry, ['USA', 'MEX'], 2025, '2025-12-31');
    assert.deepEqual([c.score, c.counts, c.records], [66.67, { disputes: 3, throughMechanisms: 2, outside: 1 }, ['d1', 'd2', 'd3']]);
    // Judged on 2025-04-10: d2 (April, may have begun) counts, d3 not yet.
    assert.deepEqual(channelledInput(registry, ['USA', 'MEX'], 2025, '2025-04-10').counts, { disputes: 2, throughMechanisms: 1, outside: 1 });
    assert.equal(channelledInput(registry, ['USA', 'MEX'], 2023, '2023-12-31').reason, 'no dispute between the members recorded for the year');
  });
});

describe('the composite, the sensitivity of the ranking, eras', () => {
  it('weights of sub-scores without data are redistributed in proportion, and said so', () => {
    assert.deepEqual(composite({ cooperate: 60, coordinate: 30, challenge: 90 }, DEFAULT_WEIGHTS), {
      score: 60, weights: { cooperate: 0.3333, coordinate: 0.3333, challenge: 0.3333 }, leftOut: [],
    });
    assert.equal(compositeNote(composite({ cooperate: 60, coordinate: 30, challenge: 90 }, DEFAULT_WEIGHTS)), null);
    const c = composite({ cooperate: null, coordinate: 30, challenge: 90 }, { cooperate: 2, coordinate: 1, challenge: 3 });
    // (1 × 30 + 3 × 90) / 4 = 75.
    assert.deepEqual([c.score, c.weights, c.leftOut], [75, { cooperate: 0, coordinate: 0.25, challenge: 0.75 }, ['cooperate']]);
    // The JSON says so in English (the use case words it; the pages word `leftOut`).
    assert.equal(compositeNote(c), 'cooperate left out (no data); its weight redistributed to coordinate and challenge in proportion');
    assert.equal(compositeNote(composite({ cooperate: null, coordinate: 30, challenge: null }, DEFAULT_WEIGHTS)),
      'cooperate and challenge left out (no data); their weights redistributed to coordinate in proportion');
    // A zero weight is not "left out"; nothing weighted with data: no composite.
    const none = composite({ cooperate: null, coordinate: 30, challenge: null }, { cooperate: 1, coordinate: 0, challenge: 1 });
    assert.deepEqual([none.score, none.leftOut], [null, ['cooperate', 'challenge']]);
    assert.equal(compositeNote(none), 'no weighted sub-score has data');
  });

  it('scoreYear: a year with no data anywhere has no composite, never a 0', () => {
    const p = scoreYear(dataset({}), ['USA', 'MEX'], 2005, events(), '2026-12-01', DEFAULT_WEIGHTS);
    assert.deepEqual([p.at, p.cooperate.score, p.coordinate.score, p.challenge.score, p.composite.score], ['2005-12-31', null, null, null, null]);
    assert.match(p.cooperate.reason!, /^no input has data: level \(0 events/);
    // Within the current year, judged today.
    assert.equal(scoreYear(dataset({}), ['USA', 'MEX'], 2026, events(), '2026-12-01', DEFAULT_WEIGHTS).at, '2026-12-01');
  });

  it('sensitivity: ranks under doubled, halved and lone weights; eras average the years with a figure', () => {
    const period = (y: string, cooperate: number | null, coordinate: number | null, challenge: number | null): PeriodScore => {
      const sub = (score: number | null) => ({ score, formula: '', inputs: [], used: [], reason: null });
      return { period: y, at: `${y}-12-31`, cooperate: sub(cooperate), coordinate: sub(coordinate), challenge: sub(challenge), composite: composite({ cooperate, coordinate, challenge }, DEFAULT_WEIGHTS) };
    };
    const periods = [period('2016', 90, 30, null), period('2017', 40, 70, 40), period('2018', null, null, null)];
    const s = sensitivity(periods, DEFAULT_WEIGHTS);
    // Equal weights: 2016 60, 2017 50. Cooperate alone: 2016 first; coordinate alone: 2017 first; challenge alone: 2017 only.
    assert.deepEqual(s.scenarios[0]!.ranking, [{ period: '2016', score: 60 }, { period: '2017', score: 50 }]);
    assert.deepEqual(s.scenarios[1]!.variation, { kind: 'times', subScore: 'cooperate', factor: 2 });
    assert.deepEqual(s.scenarios.map((x) => scenarioLabel(x.variation)), ['as given', 'cooperate × 2', 'cooperate × 0.5', 'cooperate alone', 'coordinate × 2', 'coordinate × 0.5', 'coordinate alone', 'challenge × 2', 'challenge × 0.5', 'challenge alone']);
    assert.deepEqual(s.ranks, [{ period: '2016', rank: 1, best: 1, worst: 2 }, { period: '2017', rank: 2, best: 1, worst: 2 }, { period: '2018', rank: null, best: null, worst: null }]);
    assert.deepEqual(eraFigures(periods, [{ id: 'x', label: 'x', from: 2000, to: 2016 }, { id: 'y', label: 'y', from: 2017, to: 2020 }, { id: 'z', label: 'z', from: 2030, to: 2040 }]).map((e) => [e.label, e.periods, e.withComposite, e.composite, e.challenge]), [
      ['x', 1, 1, 60, null], ['y', 2, 1, 50, 40],
    ]);
  });
});
