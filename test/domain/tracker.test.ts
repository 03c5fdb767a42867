// The recommendation tracker rule by rule (src/domain/tracker.ts) on constructed recommendations and
// meetings whose figures were worked out by hand, and the integrity checks of histories and links.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cadenceEvidence, historyAt, intervalsBetween, trackRecommendation, trackRecommendations } from '../../src/domain/tracker.ts';
import { checkIntegrity } from '../../src/domain/registry/integrity.ts';
import { Recommendation } from '../../src/domain/registry/schema.ts';
import { dataset, mechanism, meeting, SRC } from './build.ts';

function recommendation(extra: Record<string, unknown> = {}): Recommendation {
  return Recommendation.parse({
    id: 'r', text: 'Meet every year again.', author: 'tests', document: 'test', date: '2021', addressedTo: ['USA', 'MEX'], sources: SRC, ...extra,
  });
}

// An annual summit that lapsed 2016–2021, met in November 2021 and January 2023, then nothing:
// a December 2022 date postponed, a 2024 one never held.
const summit = mechanism('summit', { kind: 'annual' }, '2005-03-23');
const meetings = [
  meeting('summit', '2016-06-29'),
  meeting('summit', '2020', { status: 'cancelled' }),
  meeting('summit', '2021-11-18', { place: 'Washington' }),
  meeting('summit', '2022-12', { status: 'postponed' }),
  meeting('summit', '2023-01-10'),
  meeting('summit', '2024', { status: 'postponed' }),
];

describe('the status at a date (rule 2)', () => {
  const r = recommendation({
    history: [
      { date: '2021', status: 'not-addressed', note: 'n', sources: SRC },
      { date: '2021-05-18', status: 'partly-adopted', note: 'n', sources: SRC },
      { date: '2025-03', status: 'reversed', note: 'n', sources: SRC },
      { date: '2026-01-15', status: 'reversed', note: 'n', sources: SRC },
    ],
  });
  const reg = dataset({ mechanisms: [summit], meetings, recommendations: [r] });

  it('the last entry that may have come by the date; none before the first', () => {
    const at = (day: string) => {
      const t = trackRecommendation(reg, r, day);
      return [t.status, t.statusSince, t.history.length];
    };
    assert.deepEqual(at('2020-12-31'), [null, null, 0]);
    // "2021" may have come from its first day.
    assert.deepEqual(at('2021-01-01'), ['not-addressed', '2021', 1]);
    assert.deepEqual(at('2021-05-18'), ['partly-adopted', '2021-05-18', 2]);
    assert.deepEqual(at('2025-02-28'), ['partly-adopted', '2021-05-18', 2]);
    assert.deepEqual(at('2025-03-01'), ['reversed', '2025-03', 3]);
    // A later entry that confirms the status does not move its start.
    assert.deepEqual(at('2026-12-01'), ['reversed', '2025-03', 4]);
    assert.deepEqual(historyAt(r, '2030-01-01'), r.history);
  });

  it('no cadence asked for: no cadence evidence, even with linked mechanisms', () => {
    assert.deepEqual(trackRecommendation(reg, recommendation({ mechanisms: ['summit'] }), '2026-12-01').cadence, []);
  });
});

describe('cadence evidence (rule 3)', () => {
  const r = recommendation({ mechanisms: ['summit'], cadenceOf: ['summit'] });
  const reg = dataset({ mechanisms: [summit], meetings, recommendations: [r] });

  it('the summits held since the recommendation, those not held, and the lapse since', () => {
    const [e] = trackRecommendation(reg, r, '2026-12-01').cadence;
    assert.ok(e);
    assert.equal(e.since, '2021');
    assert.deepEqual(e.held.map((m) => m.date), ['2021-11-18', '2023-01-10']);
    // 2020 is before the recommendation; December 2022 and 2024 are after it.
    assert.deepEqual(e.notHeld.map((m) => [m.date, m.status]), [['2022-12', 'postponed'], ['2024', 'postponed']]);
    // From 2021-01-01, whole years to 2026-12-01: 2022-01-01 … 2026-01-01.
    assert.equal(e.expected, 5);
    assert.equal(e.health.status, 'lapsed');
    assert.equal(e.health.lastMeeting, '2023-01-10');
    // Two full years after 2023-01-10 without a meeting.
    assert.equal(e.lapsedFrom, '2025-01-11');
    // The 2016–2021 gap ends after the recommendation's first day; the 2021–2023 stretch is no gap; the open one runs to the date.
    assert.deepEqual(e.gaps, [
      { from: '2016-06-29', to: '2021-11-18', days: 1968 },
      { from: '2023-01-10', to: '2026-12-01', days: 1421, open: true },
    ]);
  });

  it('judged earlier: what had happened by then', () => {
    const e = cadenceEvidence(r, summit, meetings, '2022-06-01');
    assert.ok(e);
    assert.deepEqual(e.held.map((m) => m.date), ['2021-11-18']);
    assert.deepEqual(e.notHeld, []);
    assert.equal(e.expected, 1);
    assert.deepEqual([e.health.status, e.lapsedFrom], ['on-schedule', null]);
    // Judged before the recommendation's first day: nothing expected yet.
    assert.equal(cadenceEvidence(r, summit, meetings, '2020-06-01')?.expected, 0);
  });

  it('a recommendation dated to the day counts only the meetings from that day', () => {
    const e = cadenceEvidence(recommendation({ date: '2022-01-01', mechanisms: ['summit'], cadenceOf: ['summit'] }), summit, meetings, '2026-12-01');
    assert.deepEqual(e?.held.map((m) => m.date), ['2023-01-10']);
  });

  it('a mechanism that ended before the recommendation: nothing held, its status ended, no lapse day', () => {
    const ended = mechanism('consult', { kind: 'twice-a-year' }, '2006', { ended: '2012' });
    const e = cadenceEvidence(recommendation(), ended, [meeting('consult', '2010-04-16')], '2026-12-01');
    assert.ok(e);
    assert.deepEqual([e.held, e.health.status, e.lapsedFrom, e.gaps], [[], 'ended', null, []]);
    // Six-month intervals from 2021-01-01 to 2026-12-01: eleven.
    assert.equal(e.expected, 11);
  });

  it('an ad-hoc mechanism has no cadence evidence', () => {
    assert.equal(cadenceEvidence(recommendation(), mechanism('adhoc', { kind: 'ad-hoc' }, '2018'), [], '2026-12-01'), null);
  });

  it('whole intervals between two days', () => {
    assert.deepEqual([intervalsBetween('2021-01-01', '2021-12-31', 12), intervalsBetween('2021-01-01', '2022-01-01', 12), intervalsBetween('2021-01-31', '2021-03-31', 1)], [0, 1, 2]);
    assert.equal(trackRecommendations(reg, '2026-12-01').length, 1);
  });
});

describe('integrity of recommendations', () => {
  const problems = (r: Record<string, unknown>) => checkIntegrity(dataset({
    mechanisms: [summit, mechanism('adhoc', { kind: 'ad-hoc' }, '2018')],
    commitments: [{ id: 'c1', text: 't', date: '2019-06-07', owner: 'MEX', sources: SRC }],
    recommendations: [recommendation(r)],
  })).map((p) => `${p.field}: ${p.message}`);

  it('a sound history and sound links have no problem', () => {
    assert.deepEqual(problems({
      mechanisms: ['summit'], cadenceOf: ['summit'], commitments: ['c1'],
      history: [{ date: '2021', status: 'not-addressed', note: 'n', sources: SRC }, { date: '2021-03-01', status: 'adopted', note: 'n', sources: SRC }],
    }), []);
  });

  it('entries out of order or before the recommendation, unknown sources, links to nothing', () => {
    assert.deepEqual(problems({
      mechanisms: ['summit', 'adhoc'], cadenceOf: ['nowhere', 'adhoc', 'summit'], commitments: ['c9'],
      history: [
        { date: '2020-12', status: 'not-addressed', note: 'n', sources: SRC },
        { date: '2023', status: 'adopted', note: 'n', sources: ['ghost'] },
        { date: '2022-06-01', status: 'reversed', note: 'n', sources: SRC },
      ],
    }), [
      'commitments[0]: unknown commitment "c9"',
      'cadenceOf[0]: unknown mechanism "nowhere"',
      'cadenceOf[1]: "adhoc" meets ad hoc: it has no cadence to give evidence of',
      'history[0].date: dated (2020-12) before the recommendation was made (2021)',
      'history[1].sources[0]: unknown source "ghost"',
      'history[2].date: dated (2022-06-01) before the entry above it (2023): list the history oldest first',
    ]);
    assert.deepEqual(problems({ cadenceOf: ['summit'] }), ['cadenceOf[0]: "summit" is not among the recommendation\'s mechanisms (list it in mechanisms too)']);
  });

  it('the schema: known statuses, a note and sources for every entry', () => {
    assert.equal(Recommendation.safeParse({ ...recommendation(), history: [{ date: '2021', status: 'forgotten', note: 'n', sources: SRC }] }).success, false);
    assert.equal(Recommendation.safeParse({ ...recommendation(), history: [{ date: '2021', status: 'adopted', sources: SRC }] }).success, false);
    assert.equal(Recommendation.safeParse({ ...recommendation(), history: [{ date: '2021', status: 'adopted', note: 'n', sources: [] }] }).success, false);
  });
});
