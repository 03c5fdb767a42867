// The relationship summary and the public `health` report, on a constructed dataset whose figures
// were computed by hand, then on the real fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { relationshipSummary } from '../../src/domain/cadence/summary.ts';
import { healthReport } from '../../src/app/health.ts';
import { dataset, mechanism, meeting, SRC } from './build.ts';
import { NORTH_AMERICA } from './fixtures.ts';

const issue = (id: string) => ({ id, names: { en: id[0]?.toUpperCase() + id.slice(1) }, sources: SRC });

// On 2021-06-01:
//   m1 CAN-MEX-USA annual, met 2021-01-15          → on-schedule (due from 2021-11-15)   [trade]
//   m2 MEX-USA annual, met 2020-01-10              → overdue (from 2021-04-11)           [security]
//   m3 MEX-USA twice a year, met 2019-06-01        → lapsed (from 2020-06-02)            [migration]
//   m4 CAN-USA ad hoc, met 2020-05-05              → ad-hoc                              [energy]
//   m5 CAN-MEX annual, ended 2020-12-31            → ended                               [water]
//   m6 MEX-USA annual, founded 2022-01-01          → not-yet-founded                     [health]
//   m7 CAN-USA annual, met 2020-07-20              → due (from 2021-05-20)               [trade, security]
//   culture: no mechanism at all.
const AT = '2021-06-01';
const small = dataset({
  issueAreas: [
    issue('trade'), issue('security'), issue('migration'), issue('energy'),
    { ...issue('water'), drivers: [{ party: 'MEX', text: 'irrigation districts', sources: SRC }] },
    issue('health'), issue('culture'),
  ],
  mechanisms: [
    mechanism('m1', { kind: 'annual' }, '2019-01-01', { parties: ['USA', 'MEX', 'CAN'], issueAreas: ['trade'] }),
    mechanism('m2', { kind: 'annual' }, '2018-01-01', { issueAreas: ['security'] }),
    mechanism('m3', { kind: 'twice-a-year' }, '2018-01-01', { issueAreas: ['migration'] }),
    mechanism('m4', { kind: 'ad-hoc' }, '2018-01-01', { parties: ['CAN', 'USA'], issueAreas: ['energy'] }),
    mechanism('m5', { kind: 'annual' }, '2010-01-01', { parties: ['CAN', 'MEX'], ended: '2020-12-31', issueAreas: ['water'] }),
    mechanism('m6', { kind: 'annual' }, '2022-01-01', { issueAreas: ['health'] }),
    mechanism('m7', { kind: 'annual' }, '2019-01-01', { parties: ['USA', 'CAN'], issueAreas: ['trade', 'security'] }),
  ],
  meetings: [
    meeting('m1', '2021-01-15'), meeting('m2', '2020-01-10'), meeting('m3', '2019-06-01'),
    meeting('m4', '2020-05-05'), meeting('m5', '2019-03-01'), meeting('m7', '2020-07-20'),
  ],
});

describe('relationshipSummary on a constructed dataset (figures by hand)', () => {
  const s = relationshipSummary(small, AT);

  it('overall: 4 active (m1, m2, m3, m7); on schedule = on-schedule + due = 2 of 4', () => {
    const { active, onSchedule, due, overdue, lapsed, adHoc, shareOnSchedule, ended, notYetFounded, total } = s;
    assert.deepEqual({ active, onSchedule, due, overdue, lapsed, adHoc, shareOnSchedule, ended, notYetFounded, total }, {
      active: 4, onSchedule: 1, due: 1, overdue: 1, lapsed: 1, adHoc: 1, shareOnSchedule: 0.5,
      ended: 1, notYetFounded: 1, total: 7,
    });
  });

  it('per pair, a trilateral counting for each of its pairs and for the group', () => {
    assert.deepEqual(s.byParties, [
      // m1 (m5 ended)
      { parties: ['CAN', 'MEX'], active: 1, onSchedule: 1, due: 0, overdue: 0, lapsed: 0, adHoc: 0, shareOnSchedule: 1 },
      // m1, m7 (+ m4 ad hoc)
      { parties: ['CAN', 'USA'], active: 2, onSchedule: 1, due: 1, overdue: 0, lapsed: 0, adHoc: 1, shareOnSchedule: 1 },
      // m1, m2, m3 (m6 not yet founded)
      { parties: ['MEX', 'USA'], active: 3, onSchedule: 1, due: 0, overdue: 1, lapsed: 1, adHoc: 0, shareOnSchedule: 0.3333 },
      { parties: ['CAN', 'MEX', 'USA'], active: 1, onSchedule: 1, due: 0, overdue: 0, lapsed: 0, adHoc: 0, shareOnSchedule: 1 },
    ]);
  });

  it('per issue area, with coverage live / nominal / none', () => {
    const brief = s.byIssueArea.map((t) => [t.id, t.active, t.shareOnSchedule, t.coverage, t.mechanisms.join(','), t.adHoc]);
    assert.deepEqual(brief, [
      ['trade', 2, 1, 'live', 'm1,m7', 0],
      ['security', 2, 0.5, 'live', 'm2,m7', 0],
      ['migration', 1, 0, 'nominal', 'm3', 0],
      ['energy', 0, null, 'none', '', 1],
      ['water', 0, null, 'none', '', 0],
      ['health', 0, null, 'none', '', 0],
      ['culture', 0, null, 'none', '', 0],
    ]);
  });

  it('coverage holes: no active mechanism (ad hoc, ended, not yet founded, or none at all)', () => {
    assert.deepEqual(s.coverageHoles, ['energy', 'water', 'health', 'culture']);
  });

  it('nominal coverage: every active mechanism lapsed', () => {
    assert.deepEqual(s.nominalCoverage, ['migration']);
  });

  it('names the parties with domestic drivers of an issue', () => {
    assert.deepEqual(s.byIssueArea.find((t) => t.id === 'water')?.driverParties, ['MEX']);
  });

  it('the hole closes when a mechanism is founded: health on 2022-02-01', () => {
    const later = relationshipSummary(small, '2022-02-01');
    assert.equal(later.byIssueArea.find((t) => t.id === 'health')?.coverage, 'live');
    assert.ok(!later.coverageHoles.includes('health'));
  });
});

describe('healthReport: the public JSON of `health --at`', () => {
  const report = healthReport(NORTH_AMERICA, '2019-06-01');

  it('has the shape {at, mechanisms[{id,name,status,lastMeeting,nextExpected,gaps,meetingRecord}], summary}', () => {
    assert.deepEqual(Object.keys(report), ['at', 'mechanisms', 'summary']);
    // The contract's fields first, in order; `meetingRecord` was added after them.
    for (const m of report.mechanisms) assert.deepEqual(Object.keys(m), ['id', 'name', 'status', 'lastMeeting', 'nextExpected', 'gaps', 'meetingRecord']);
    for (const g of report.mechanisms.flatMap((m) => m.gaps)) {
      assert.deepEqual(Object.keys(g), g.open ? ['from', 'to', 'days', 'open'] : ['from', 'to', 'days']);
    }
  });

  it('is plain JSON: survives a round trip unchanged', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });

  it('lists mechanisms by id with English names and statuses', () => {
    assert.deepEqual(report.mechanisms.map((m) => [m.id, m.name, m.status, m.lastMeeting, m.nextExpected]), [
      ['hled', 'U.S.–Mexico High-Level Economic Dialogue', 'lapsed', '2016-02-25', '2017-02-25'],
      ['hlsd', 'U.S.–Mexico High-Level Security Dialogue', 'not-yet-founded', null, null],
      ['merida', 'Mérida Initiative', 'lapsed', '2012-09-18', '2013-09-18'],
      ['nals', "North American Leaders' Summit", 'lapsed', '2016-06-29', '2017-06-29'],
    ]);
  });

  it('mid-2019: nothing on schedule; every covered issue only nominally covered; water a hole', () => {
    assert.equal(report.at, '2019-06-01');
    assert.equal(report.summary.active, 3);
    assert.equal(report.summary.lapsed, 3);
    assert.equal(report.summary.shareOnSchedule, 0);
    assert.deepEqual(report.summary.nominalCoverage, ['competitiveness', 'security', 'energy-climate', 'health', 'migration', 'trade-economy']);
    assert.deepEqual(report.summary.coverageHoles, ['water']);
  });

  it('mid-2024: two of three on schedule (NALS overdue); security live through HLSD', () => {
    const s = healthReport(NORTH_AMERICA, '2024-06-01').summary;
    assert.equal(s.shareOnSchedule, 0.6667);
    assert.deepEqual(s.byParties.map((p) => [p.parties.join('-'), p.active, p.shareOnSchedule]), [
      ['CAN-MEX', 1, 0], ['CAN-USA', 1, 0], ['MEX-USA', 3, 0.6667], ['CAN-MEX-USA', 1, 0],
    ]);
    const security = s.byIssueArea.find((t) => t.id === 'security');
    assert.deepEqual([security?.active, security?.overdue, security?.shareOnSchedule, security?.coverage, security?.mechanisms], [2, 1, 0.5, 'live', ['nals', 'hlsd']]);
    assert.deepEqual(s.nominalCoverage, []);
    assert.deepEqual(s.coverageHoles, ['water']);
  });
});
