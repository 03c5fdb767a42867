// Compliance rule by rule (src/domain/compliance.ts) on constructed commitments and assessments whose
// standings and figures were worked out by hand, and the integrity checks of assessments.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, complianceAggregates, g20Percent, orderAssessments, standingOf, standings } from '../../src/domain/compliance.ts';
import { checkIntegrity } from '../../src/domain/registry/integrity.ts';
import { Assessment, Commitment, type RegistryInput } from '../../src/domain/registry/schema.ts';
import { dataset, mechanism, SRC } from './build.ts';

function commitment(id: string, owner: string, extra: Partial<Commitment> = {}): Commitment {
  return Commitment.parse({ id, text: `Commitment ${id}`, date: '2019-06-07', owner, sources: SRC, ...extra });
}

function assessment(id: string, c: string, party: string, kind: 'interim' | 'final', date: string, status: 'assessed' | 'no-evidence' | 'not-assessed', score: -1 | 0 | 1 | null, extra: Partial<Assessment> = {}): Assessment {
  return Assessment.parse({ id, commitment: c, party, kind, date, status, score, assessor: 'tests', rationale: 'constructed case', sources: SRC, ...extra });
}

const c1 = commitment('c1', 'MEX');

describe('the standing of a commitment (rules 3 and 4)', () => {
  it('with no assessment: not assessed, on no basis, no score', () => {
    const s = standingOf(c1, 'MEX', []);
    assert.deepEqual([s.basis, s.status, s.score, s.assessment, s.history], ['none', 'not-assessed', null, null, []]);
  });

  it('an interim alone counts; a final, once there, counts whatever the interim dates say', () => {
    const interim = assessment('i', 'c1', 'MEX', 'interim', '2019-07-22', 'assessed', 0);
    assert.deepEqual([standingOf(c1, 'MEX', [interim]).basis, standingOf(c1, 'MEX', [interim]).score], ['interim', 0]);
    const final = assessment('f', 'c1', 'MEX', 'final', '2019-09-10', 'assessed', 1);
    // A later interim (a new cycle's) does not displace the final.
    const laterInterim = assessment('i2', 'c1', 'MEX', 'interim', '2020-01-15', 'assessed', -1);
    const s = standingOf(c1, 'MEX', [laterInterim, final, interim]);
    assert.deepEqual([s.basis, s.assessment?.id, s.score], ['final', 'f', 1]);
    assert.deepEqual(s.history.map((h) => h.assessment.id), ['i', 'f', 'i2']);
  });

  it('the latest final counts; a recalibration keeps the earlier one in the history and names it', () => {
    const first = assessment('f1', 'c1', 'MEX', 'final', '2019-12-31', 'assessed', 0);
    const recal = assessment('f2', 'c1', 'MEX', 'final', '2019-12-31', 'assessed', 1, { recalibrates: 'f1', recalibrationReason: 'a report found later' });
    // Same day: the recalibration comes after what it recalibrates, whatever the registry order.
    const s = standingOf(c1, 'MEX', [recal, first]);
    assert.deepEqual([s.assessment?.id, s.score], ['f2', 1]);
    assert.deepEqual(s.history.map((h) => [h.assessment.id, h.recalibratedBy]), [['f1', 'f2'], ['f2', null]]);
  });

  it('"no evidence" in the final counts as such, with no score, even after a scored interim', () => {
    const s = standingOf(c1, 'MEX', [
      assessment('i', 'c1', 'MEX', 'interim', '2019-07-22', 'assessed', 1),
      assessment('f', 'c1', 'MEX', 'final', '2019-12-31', 'no-evidence', null),
    ]);
    assert.deepEqual([s.basis, s.status, s.score], ['final', 'no-evidence', null]);
  });

  it('on a date, only the assessments dated by then count', () => {
    const list = [
      assessment('i', 'c1', 'MEX', 'interim', '2019-07-22', 'assessed', 0),
      assessment('f', 'c1', 'MEX', 'final', '2019-12-31', 'assessed', 1),
    ];
    assert.equal(standingOf(c1, 'MEX', list, '2019-07-21').basis, 'none');
    assert.deepEqual([standingOf(c1, 'MEX', list, '2019-07-22').basis, standingOf(c1, 'MEX', list, '2019-07-22').score], ['interim', 0]);
    assert.equal(standingOf(c1, 'MEX', list, '2019-12-30').assessment?.id, 'i');
    assert.equal(standingOf(c1, 'MEX', list, '2019-12-31').assessment?.id, 'f');
  });

  it('assessments of another commitment or party are ignored', () => {
    const s = standingOf(c1, 'MEX', [assessment('x', 'c2', 'MEX', 'final', '2019-12-31', 'assessed', 1), assessment('y', 'c1', 'USA', 'final', '2019-12-31', 'assessed', 1)]);
    assert.equal(s.basis, 'none');
  });

  it('order: by date, then a chain of recalibrations, then the registry order', () => {
    const a = assessment('a', 'c1', 'MEX', 'final', '2019-12-31', 'assessed', 0);
    const b = assessment('b', 'c1', 'MEX', 'final', '2019-12-31', 'assessed', 1, { recalibrates: 'a', recalibrationReason: 'r' });
    const c = assessment('c', 'c1', 'MEX', 'final', '2019-12-31', 'assessed', -1, { recalibrates: 'b', recalibrationReason: 'r' });
    const i = assessment('i', 'c1', 'MEX', 'interim', '2019-12-31', 'assessed', 0);
    const early = assessment('e', 'c1', 'MEX', 'interim', '2019-07-01', 'assessed', 0);
    assert.deepEqual(orderAssessments([c, i, b, early, a]).map((x) => x.id), ['e', 'i', 'a', 'b', 'c']);
    assert.deepEqual(orderAssessments([c, a, b]).map((x) => x.id), ['a', 'b', 'c']);
  });
});

describe('aggregates (rule 5)', () => {
  // Six commitments: +1, +1, 0, −1 scored; one "no evidence"; one with no assessment.
  const reg = dataset({
    issueAreas: [{ id: 'migration', names: { en: 'Migration' }, sources: SRC }, { id: 'security', names: { en: 'Security' }, sources: SRC }],
    mechanisms: [mechanism('jd', { kind: 'ad-hoc' }, '2019-06-07'), mechanism('other', { kind: 'annual' }, '2018-01-01')],
    commitments: [
      commitment('m1', 'MEX', { mechanism: 'jd', issueAreas: ['migration', 'security'] }),
      commitment('m2', 'MEX', { mechanism: 'jd', issueAreas: ['migration'] }),
      commitment('m3', 'MEX', { mechanism: 'jd', issueAreas: ['security'], date: '2021' }),
      commitment('u1', 'USA', { mechanism: 'jd', issueAreas: ['migration'] }),
      commitment('u2', 'USA', { issueAreas: ['migration'] }),
      commitment('u3', 'USA', { mechanism: 'other', issueAreas: [] }),
    ],
    assessments: [
      assessment('m1-f', 'm1', 'MEX', 'final', '2019-12-31', 'assessed', 1),
      assessment('m2-i', 'm2', 'MEX', 'interim', '2019-07-22', 'assessed', 0),
      assessment('m2-f', 'm2', 'MEX', 'final', '2019-12-31', 'assessed', -1),
      assessment('m3-i', 'm3', 'MEX', 'interim', '2021-07-22', 'assessed', 1),
      assessment('u1-f', 'u1', 'USA', 'final', '2019-12-31', 'assessed', 0),
      assessment('u2-f', 'u2', 'USA', 'final', '2019-12-31', 'no-evidence', null),
    ] as RegistryInput['assessments'],
  });

  it('the whole: the mean over the four scored, the others counted apart, the G20 percentage beside it', () => {
    const all = aggregate(standings(reg));
    // (1 − 1 + 1 + 0) / 4 = 0.25 → (0.25 + 1) / 2 = 62.5 %
    assert.deepEqual(all, {
      commitments: 6, final: 4, interim: 1, scored: 4, noEvidence: 1, notAssessed: 1,
      scores: { full: 2, partial: 1, nonCompliance: 1 }, mean: 0.25, g20Percent: 62.5,
    });
  });

  it('"no evidence" and "not assessed" never enter the mean: a set with neither scored has no mean', () => {
    const usa = standings(reg, { party: 'USA' }).filter((s) => s.commitment.id !== 'u1');
    assert.deepEqual(aggregate(usa), {
      commitments: 2, final: 1, interim: 0, scored: 0, noEvidence: 1, notAssessed: 1,
      scores: { full: 0, partial: 0, nonCompliance: 0 }, mean: null, g20Percent: null,
    });
    assert.deepEqual(aggregate([]).mean, null);
  });

  it('per party, issue area, mechanism and period, with the commitments behind each', () => {
    const g = complianceAggregates(reg, standings(reg));
    const brief = (a: { commitments: number; scored: number; noEvidence: number; notAssessed: number; mean: number | null; g20Percent: number | null }) =>
      [a.commitments, a.scored, a.noEvidence, a.notAssessed, a.mean, a.g20Percent];
    // MEX: 1, −1, +1 → 1/3; USA: 0 (one scored), one no evidence, one not assessed.
    assert.deepEqual(g.byParty.map((p) => [p.party, ...brief(p.aggregate)]), [
      ['USA', 3, 1, 1, 1, 0, 50],
      ['MEX', 3, 3, 0, 0, 0.3333, 66.67],
    ]);
    // A commitment counts in each of its issue areas: migration m1 m2 u1 u2, security m1 m3.
    assert.deepEqual(g.byIssueArea.map((p) => [p.issueArea, ...brief(p.aggregate)]), [
      ['migration', 4, 3, 1, 0, 0, 50],
      ['security', 2, 2, 0, 0, 1, 100],
    ]);
    // u2 has no mechanism: it is in no mechanism's figures.
    assert.deepEqual(g.byMechanism.map((p) => [p.mechanism, ...brief(p.aggregate)]), [
      ['jd', 4, 4, 0, 0, 0.25, 62.5],
      ['other', 1, 0, 0, 1, null, null],
    ]);
    assert.deepEqual(g.byPeriod.map((p) => [p.period, ...brief(p.aggregate)]), [
      ['2019', 5, 3, 1, 1, 0, 50],
      ['2021', 1, 1, 0, 0, 1, 100],
    ]);
    assert.deepEqual(g.byParty.find((p) => p.party === 'MEX')?.aggregate.interim, 1);
  });

  it('the G20 percentage maps −1 → 0 %, 0 → 50 %, +1 → 100 %', () => {
    assert.deepEqual([g20Percent(-1), g20Percent(0), g20Percent(1), g20Percent(0.5)], [0, 50, 100, 75]);
  });
});

describe('integrity of assessments', () => {
  const base = (assessments: RegistryInput['assessments'], extra: Partial<RegistryInput> = {}) => dataset({
    commitments: [commitment('c1', 'MEX'), commitment('c2', 'USA')],
    assessments,
    ...extra,
  });
  const a = (id: string, extra: Record<string, unknown> = {}) => ({
    id, commitment: 'c1', party: 'MEX', kind: 'final', date: '2019-12-31', status: 'assessed', score: 1, assessor: 'tests', rationale: 'r', sources: SRC, ...extra,
  }) as NonNullable<RegistryInput['assessments']>[number];
  const problems = (r: ReturnType<typeof base>) => checkIntegrity(r).map((p) => `${p.collection} ${p.id} ${p.field}: ${p.message}`);

  it('a sound set has no problem', () => {
    assert.deepEqual(problems(base([
      a('i', { kind: 'interim', date: '2019-07-22', status: 'no-evidence', score: null }),
      a('f'),
      a('f2', { date: '2020-06-30', score: 0, recalibrates: 'f', recalibrationReason: 'new evidence' }),
      a('u', { commitment: 'c2', party: 'USA', status: 'not-assessed', score: null }),
    ])), []);
  });

  it('an unknown commitment, a party that is not the commitment\'s, an unknown source, a date before the commitment', () => {
    assert.deepEqual(problems(base([
      a('x', { commitment: 'nope' }),
      a('y', { party: 'USA' }),
      a('z', { sources: ['no-such-source'] }),
      a('w', { date: '2019-06-06' }),
    ])), [
      'assessments x commitment: unknown commitment "nope"',
      'assessments y party: USA is not the party of commitment "c1" (its party is MEX)',
      'assessments z sources[0]: unknown source "no-such-source"',
      'assessments w date: assessed (2019-06-06) before the commitment was made (2019-06-07)',
    ]);
  });

  it('a score only with status assessed, and always with it', () => {
    assert.deepEqual(problems(base([
      a('n', { status: 'no-evidence', score: 0 }),
      a('m', { commitment: 'c2', party: 'USA', status: 'not-assessed', score: -1 }),
      a('s', { kind: 'interim', date: '2019-07-22', score: null }),
    ])), [
      'assessments n score: no score with status "no-evidence": "no evidence found" is a state of its own, never a 0 (write score: null)',
      'assessments m score: no score with status "not-assessed": "not assessed" is a state of its own, never a -1 (write score: null)',
      'assessments s score: an assessed commitment needs a score: -1, 0 or 1',
    ]);
  });

  it('recalibrations: known, earlier, same commitment and party, with a reason, not an interim revising a final, linear', () => {
    assert.deepEqual(problems(base([
      a('f'),
      a('r1', { date: '2020-01-01', recalibrates: 'ghost', recalibrationReason: 'x' }),
      a('r2', { date: '2019-01-01', recalibrates: 'f', recalibrationReason: 'x' }),
      a('r3', { date: '2020-02-01', recalibrates: 'f' }),
      a('r4', { date: '2020-03-01', kind: 'interim', recalibrates: 'r3', recalibrationReason: 'x' }),
      a('r5', { date: '2020-04-01', recalibrationReason: 'why' }),
      a('u', { commitment: 'c2', party: 'USA', date: '2020-05-01', recalibrates: 'r5', recalibrationReason: 'x' }),
      a('self', { date: '2020-06-01', recalibrates: 'self', recalibrationReason: 'x' }),
    ])), [
      'assessments r1 recalibrates: unknown assessment "ghost"',
      'assessments r2 date: assessed (2019-01-01) before the commitment was made (2019-06-07)',
      'assessments r2 recalibrates: "f" is dated 2019-12-31, after this assessment (2019-01-01): a recalibration comes later',
      'assessments r3 recalibrationReason: missing: say why "f" is recalibrated',
      'assessments r3 recalibrates: "f" is already recalibrated by "r2": recalibrate the latest instead',
      'assessments r4 recalibrates: an interim assessment cannot recalibrate the final "r3"',
      'assessments r5 recalibrationReason: a reason without "recalibrates": name the assessment this one revises',
      'assessments u recalibrates: "r5" assesses c1 for MEX, not c2 for USA',
      'assessments self recalibrates: an assessment cannot recalibrate itself',
    ]);
  });

  it('two of one kind on one day need one to recalibrate the other; a loop of recalibrations is refused', () => {
    assert.deepEqual(problems(base([a('f1'), a('f2', { score: 0 })])), [
      'assessments f2 date: a second final assessment of "c1" for MEX on 2019-12-31 (with "f1"): one must recalibrate the other',
    ]);
    assert.deepEqual(problems(base([a('f1'), a('f2', { score: 0, recalibrates: 'f1', recalibrationReason: 'x' })])), []);
    const loop = problems(base([a('f1', { recalibrates: 'f2', recalibrationReason: 'x' }), a('f2', { recalibrates: 'f1', recalibrationReason: 'x' })]));
    assert.ok(loop.includes('assessments f1 recalibrates: recalibrations form a loop'), loop.join('\n'));
  });

  it('a duplicate id', () => {
    assert.deepEqual(problems(base([a('f'), a('f', { kind: 'interim', date: '2019-07-22' })])), ['assessments f id: duplicate id "f"']);
  });
});
