// Cadence rules on constructed cases, one rule (and its boundaries) at a time.
// Day counts were worked out by hand from the calendar; the comments show the arithmetic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mechanismHealth, cadenceRule, frayingTimeline, scheduleFrom } from '../../src/domain/cadence/rules.ts';
import { dataset, mechanism, meeting } from './build.ts';

describe('cadenceRule: interval, due window (last sixth) and grace (a quarter), in days of a 30.4375-day month', () => {
  it('annual: 12 months, due 61 days, grace 91 days', () => {
    assert.deepEqual(cadenceRule({ kind: 'annual' }), { intervalMonths: 12, dueDays: 61, graceDays: 91 });
  });
  it('twice a year: 6 months, due 30 days, grace 46 days', () => {
    assert.deepEqual(cadenceRule({ kind: 'twice-a-year' }), { intervalMonths: 6, dueDays: 30, graceDays: 46 });
  });
  it('every 3 and every 24 months', () => {
    assert.deepEqual(cadenceRule({ kind: 'every-n-months', months: 3 }), { intervalMonths: 3, dueDays: 15, graceDays: 23 });
    assert.deepEqual(cadenceRule({ kind: 'every-n-months', months: 24 }), { intervalMonths: 24, dueDays: 122, graceDays: 183 });
  });
  it('ad hoc has no rule', () => {
    assert.equal(cadenceRule({ kind: 'ad-hoc' }), null);
  });
});

describe('annual cadence: every boundary of the status rule', () => {
  // Last meeting 2020-03-10. nextExpected 2021-03-10; due from 2021-03-10 − 61 d = 2021-01-08;
  // grace ends 2021-03-10 + 91 d = 2021-06-09; lapse threshold 2020-03-10 + 24 months = 2022-03-10.
  const m = mechanism('a', { kind: 'annual' }, '2020-01-01');
  const meetings = [meeting('a', '2020-03-10')];
  const at = (d: string) => mechanismHealth(m, meetings, d);

  it('has the schedule worked out by hand', () => {
    assert.deepEqual(at('2020-06-01').schedule, {
      anchor: '2020-03-10', dueFrom: '2021-01-08', nextExpected: '2021-03-10', overdueFrom: '2021-06-10', lapsedFrom: '2022-03-11',
    });
  });
  it('on-schedule the day before the due window, due on its first day', () => {
    assert.equal(at('2021-01-07').status, 'on-schedule');
    assert.equal(at('2021-01-08').status, 'due');
  });
  it('due exactly at nextExpected', () => {
    const h = at('2021-03-10');
    assert.equal(h.status, 'due');
    assert.equal(h.nextExpected, '2021-03-10');
    assert.equal(h.daysSinceLast, 365);
  });
  it('still due exactly at the end of grace, overdue the day after', () => {
    assert.equal(at('2021-06-09').status, 'due');
    assert.equal(at('2021-06-10').status, 'overdue');
  });
  it('still overdue exactly at the lapse threshold (two full intervals), lapsed the day after', () => {
    assert.equal(at('2022-03-10').status, 'overdue');
    assert.equal(at('2022-03-11').status, 'lapsed');
  });
  it('the open gap appears the day the mechanism falls overdue, with its length in days', () => {
    assert.deepEqual(at('2021-06-09').gaps, []);
    // 2020-03-10 → 2021-03-10 = 365 d, + 92 d to 2021-06-10 = 457.
    assert.deepEqual(at('2021-06-10').gaps, [{ from: '2020-03-10', to: '2021-06-10', days: 457, open: true }]);
  });
  it('keeps nextExpected (the date it was due) once lapsed', () => {
    assert.equal(at('2023-01-01').nextExpected, '2021-03-10');
  });
});

describe('what counts as a meeting', () => {
  const m = mechanism('b', { kind: 'annual' }, '2019-01-01');

  it('a meeting on the `at` day counts: 0 days since', () => {
    const h = mechanismHealth(m, [meeting('b', '2021-05-05')], '2021-05-05');
    assert.equal(h.lastMeeting, '2021-05-05');
    assert.equal(h.daysSinceLast, 0);
    assert.equal(h.status, 'on-schedule');
  });
  it('meetings after `at` are ignored', () => {
    const h = mechanismHealth(m, [meeting('b', '2020-01-10'), meeting('b', '2021-05-06')], '2021-05-05');
    assert.equal(h.lastMeeting, '2020-01-10');
    // overdue from 2021-01-10 + 92 d = 2021-04-12
    assert.equal(h.status, 'overdue');
  });
  it('postponed and cancelled meetings never count', () => {
    const h = mechanismHealth(m, [
      meeting('b', '2020-01-10'),
      meeting('b', '2021-01-10', { status: 'postponed' }),
      meeting('b', '2021-02-10', { status: 'cancelled' }),
    ], '2021-06-01');
    assert.equal(h.lastMeeting, '2020-01-10');
    assert.equal(h.status, 'overdue');
    assert.deepEqual(h.gaps, [{ from: '2020-01-10', to: '2021-06-01', days: 508, open: true }]);
  });
  it("other mechanisms' meetings are ignored", () => {
    const h = mechanismHealth(m, [meeting('other', '2021-05-01')], '2021-05-05');
    assert.equal(h.lastMeeting, null);
  });
  it('a meeting over several days counts from its last day; lastMeeting keeps its first day', () => {
    const h = mechanismHealth(m, [meeting('b', '2020-03-09', { endDate: '2020-03-11' })], '2020-04-01');
    assert.equal(h.lastMeeting, '2020-03-09');
    assert.equal(h.nextExpected, '2021-03-11');
    assert.equal(h.daysSinceLast, 21);
  });
  it('a meeting still running at `at` counts from `at`', () => {
    const h = mechanismHealth(m, [meeting('b', '2020-03-09', { endDate: '2020-03-11' })], '2020-03-10');
    assert.equal(h.daysSinceLast, 0);
    assert.equal(h.nextExpected, '2021-03-10');
  });
  it('a launch meeting before the founding day does not move the clock back', () => {
    const f = mechanism('c', { kind: 'annual' }, '2020-02-01');
    const h = mechanismHealth(f, [meeting('c', '2020-01-20')], '2020-03-01');
    assert.equal(h.lastMeeting, '2020-01-20');
    assert.equal(h.nextExpected, '2021-02-01');
  });
});

describe('never met, not yet founded, ended, ad hoc', () => {
  it('a mechanism that never met counts from its founding', () => {
    const m = mechanism('n', { kind: 'annual' }, '2020-01-01');
    // overdue from 2021-01-01 + 92 d = 2021-04-03
    assert.equal(mechanismHealth(m, [], '2021-04-02').status, 'due');
    const h = mechanismHealth(m, [], '2021-04-03');
    assert.equal(h.status, 'overdue');
    assert.equal(h.lastMeeting, null);
    assert.equal(h.daysSinceLast, null);
    assert.equal(h.nextExpected, '2021-01-01');
    assert.deepEqual(h.gaps, [{ from: '2020-01-01', to: '2021-04-03', days: 458, open: true }]);
  });
  it('not-yet-founded before its founding day, with nothing else', () => {
    const m = mechanism('n', { kind: 'annual' }, '2020-01-01');
    assert.deepEqual(mechanismHealth(m, [meeting('n', '2019-12-20')], '2019-12-31'), {
      id: 'n', names: { en: 'Mechanism n' }, status: 'not-yet-founded', lastMeeting: null, lastMeetingId: null, lastMeetingPrecision: null,
      nextExpected: null, daysSinceLast: null, schedule: null, gaps: [],
    });
    assert.equal(mechanismHealth(m, [], '2020-01-01').status, 'on-schedule');
  });
  it('ended from its end date (month precision → the 15th); the gap stops there, closed; later meetings ignored', () => {
    const m = mechanism('e', { kind: 'annual' }, '2010-01-01', { ended: '2015-06' });
    const meetings = [meeting('e', '2011-01-10'), meeting('e', '2016-01-01')];
    assert.equal(mechanismHealth(m, meetings, '2015-06-14').status, 'lapsed');
    const h = mechanismHealth(m, meetings, '2020-01-01');
    assert.equal(h.status, 'ended');
    assert.equal(h.nextExpected, null);
    assert.equal(h.lastMeeting, '2011-01-10');
    // 2011-01-10 → 2015-06-15
    assert.deepEqual(h.gaps, [{ from: '2011-01-10', to: '2015-06', days: 1617 }]);
    assert.equal(mechanismHealth(m, meetings, '2015-06-15').status, 'ended');
  });
  it('ad hoc: status ad-hoc, last meeting reported, no nextExpected and no gaps', () => {
    const m = mechanism('h', { kind: 'ad-hoc' }, '2010-01-01');
    const h = mechanismHealth(m, [meeting('h', '2012-05-05'), meeting('h', '2023-12-27')], '2024-06-01');
    assert.equal(h.status, 'ad-hoc');
    assert.equal(h.lastMeeting, '2023-12-27');
    assert.equal(h.daysSinceLast, 157);
    assert.equal(h.nextExpected, null);
    assert.deepEqual(h.gaps, []);
  });
});

describe('partial dates: placed at the representative day, reported as recorded', () => {
  const m = mechanism('p', { kind: 'annual' }, '2018');

  it('a month-precision meeting is placed on the 15th and keeps its string and precision', () => {
    const h = mechanismHealth(m, [meeting('p', '2021-06')], '2022-01-01');
    assert.equal(h.lastMeeting, '2021-06');
    assert.equal(h.lastMeetingPrecision, 'month');
    assert.equal(h.nextExpected, '2022-06-15');
    // 2021-06-15 → 2022-01-01
    assert.equal(h.daysSinceLast, 200);
    // Founding "2018" is placed on 2018-07-01: 2018-07-01 → 2021-06-15 = 1080 d.
    assert.deepEqual(h.gaps, [{ from: '2018', to: '2021-06', days: 1080 }]);
  });
  it('a month-precision meeting placed after `at` does not count yet', () => {
    const h = mechanismHealth(m, [meeting('p', '2021-06')], '2021-06-14');
    assert.equal(h.lastMeeting, null);
    assert.equal(h.status, 'lapsed');
  });
  it('a year-precision founding is placed on 1 July', () => {
    assert.equal(mechanismHealth(m, [], '2018-06-30').status, 'not-yet-founded');
    assert.equal(mechanismHealth(m, [], '2018-07-01').status, 'on-schedule');
  });
  it('a year-precision meeting is placed on 1 July', () => {
    const h = mechanismHealth(m, [meeting('p', '2019')], '2019-08-01');
    assert.equal(h.lastMeetingPrecision, 'year');
    assert.equal(h.nextExpected, '2020-07-01');
    assert.equal(h.daysSinceLast, 31);
  });
});

describe('twice-a-year cadence', () => {
  const m = mechanism('t', { kind: 'twice-a-year' }, '2019-01-01');
  const meetings = [meeting('t', '2020-01-15'), meeting('t', '2020-07-10'), meeting('t', '2021-03-01')];

  it('gaps: founding → first meeting, and a winter missed', () => {
    // Founding 2019-01-01: overdue from 2019-07-01 + 47 d = 2019-08-17; 2019-01-01 → 2020-01-15 = 379 d.
    // 2020-07-10: overdue from 2021-01-10 + 47 d = 2021-02-26; 2020-07-10 → 2021-03-01 = 234 d.
    // 2020-01-15 → 2020-07-10 is within six months: no gap.
    assert.deepEqual(mechanismHealth(m, meetings, '2021-06-01').gaps, [
      { from: '2019-01-01', to: '2020-01-15', days: 379 },
      { from: '2020-07-10', to: '2021-03-01', days: 234 },
    ]);
  });
  it('status boundaries from 2021-03-01: due 2021-08-02, grace to 2021-10-17, lapse after 2022-03-01', () => {
    const at = (d: string) => mechanismHealth(m, meetings, d).status;
    assert.equal(at('2021-08-01'), 'on-schedule');
    assert.equal(at('2021-08-02'), 'due');
    assert.equal(at('2021-09-01'), 'due');
    assert.equal(at('2021-10-17'), 'due');
    assert.equal(at('2021-10-18'), 'overdue');
    assert.equal(at('2022-03-01'), 'overdue');
    assert.equal(at('2022-03-02'), 'lapsed');
  });
});

describe('every-n-months cadence', () => {
  it('every 3 months from 01-31: nextExpected clamps to 04-30, due 15 d before, grace 23 d, lapse after 07-31', () => {
    const m = mechanism('q', { kind: 'every-n-months', months: 3 }, '2020-01-01');
    const meetings = [meeting('q', '2021-01-31')];
    assert.deepEqual(mechanismHealth(m, meetings, '2021-02-01').schedule, {
      anchor: '2021-01-31', dueFrom: '2021-04-15', nextExpected: '2021-04-30', overdueFrom: '2021-05-24', lapsedFrom: '2021-08-01',
    });
    assert.equal(mechanismHealth(m, meetings, '2021-05-23').status, 'due');
    assert.equal(mechanismHealth(m, meetings, '2021-05-24').status, 'overdue');
    assert.equal(mechanismHealth(m, meetings, '2021-07-31').status, 'overdue');
    assert.equal(mechanismHealth(m, meetings, '2021-08-01').status, 'lapsed');
  });
  it('a gap is reported exactly when the next meeting falls on or after the first overdue day', () => {
    const m = mechanism('q', { kind: 'every-n-months', months: 3 }, '2021-01-31');
    const late = [meeting('q', '2021-01-31'), meeting('q', '2021-05-24')];
    const onTime = [meeting('q', '2021-01-31'), meeting('q', '2021-05-23')];
    // 2021-01-31 → 2021-05-24 = 28 + 31 + 30 + 24 = 113 d
    assert.deepEqual(mechanismHealth(m, late, '2021-06-01').gaps, [{ from: '2021-01-31', to: '2021-05-24', days: 113 }]);
    assert.deepEqual(mechanismHealth(m, onTime, '2021-06-01').gaps, []);
  });
  it('every 24 months (biennial)', () => {
    const m = mechanism('r', { kind: 'every-n-months', months: 24 }, '2010-01-01');
    const h = mechanismHealth(m, [meeting('r', '2020-05-01')], '2022-05-01');
    assert.equal(h.nextExpected, '2022-05-01');
    assert.equal(h.status, 'due');
    assert.equal(scheduleFrom('2020-05-01', { intervalMonths: 24, dueDays: 122, graceDays: 183 }).lapsedFrom, '2024-05-02');
  });
});

describe('frayingTimeline', () => {
  const ds = dataset({
    mechanisms: [
      mechanism('x', { kind: 'annual' }, '2020-01-01'),
      mechanism('y', { kind: 'ad-hoc' }, '2020-06-01'),
      mechanism('z', { kind: 'annual' }, '2019-01-01', { ended: '2021-01-01' }),
    ],
    meetings: [meeting('x', '2020-01-01')],
  });

  it('counts every status at each step, from `from` to `to` inclusive', () => {
    // z never met: due from 2019-11-01, overdue from 2020-04-02 — still due on 2020-03-01.
    assert.deepEqual(frayingTimeline(ds, '2020-03-01', '2022-03-01', 'year'), [
      { at: '2020-03-01', active: 2, onSchedule: 1, due: 1, overdue: 0, lapsed: 0, adHoc: 0, ended: 0, notYetFounded: 1 },
      { at: '2021-03-01', active: 1, onSchedule: 0, due: 1, overdue: 0, lapsed: 0, adHoc: 1, ended: 1, notYetFounded: 0 },
      { at: '2022-03-01', active: 1, onSchedule: 0, due: 0, overdue: 0, lapsed: 1, adHoc: 1, ended: 1, notYetFounded: 0 },
    ]);
  });
  it('monthly steps count from `from`, so a 31st comes back after a short month', () => {
    assert.deepEqual(frayingTimeline(ds, '2021-01-31', '2021-03-31', 'month').map((p) => p.at), ['2021-01-31', '2021-02-28', '2021-03-31']);
  });
  it('rejects a range that runs backwards', () => {
    assert.throws(() => frayingTimeline(ds, '2022-01-01', '2021-01-01'), RangeError);
  });
});
