// Cadence health on real history: NALS, HLED, HLSD and the Mérida Initiative as the research file
// records them (test/domain/fixtures.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mechanismHealth, frayingTimeline } from '../../src/domain/cadence/rules.ts';
import { checkIntegrity } from '../../src/domain/registry/integrity.ts';
import { Registry } from '../../src/domain/registry/schema.ts';
import { NORTH_AMERICA as ds, NORTH_AMERICA_INPUT } from './fixtures.ts';

function mech(id: string) {
  const m = ds.mechanisms.find((x) => x.id === id);
  assert.ok(m, `fixture has no mechanism ${id}`);
  return m;
}
const health = (id: string, at: string) => mechanismHealth(mech(id), ds.meetings, at);

describe('the fixtures', () => {
  it('are valid against the schemas and sound as a whole', () => {
    assert.doesNotThrow(() => Registry.parse(NORTH_AMERICA_INPUT));
    assert.deepEqual(checkIntegrity(ds), []);
  });
  it('hold ten NALS summits held and five planned but not held', () => {
    const nals = ds.meetings.filter((m) => m.mechanism === 'nals');
    assert.equal(nals.filter((m) => m.status === 'held').length, 10);
    assert.deepEqual(nals.filter((m) => m.status !== 'held').map((m) => m.date), ['2010', '2011-11-13', '2015-02', '2022-12', '2024']);
  });
});

describe("North American Leaders' Summit", () => {
  // Gaps run from a summit's last day to the next summit's first day; a gap is any stretch longer
  // than a year + 91 days of grace.
  const closedGaps = [
    { from: '2006-03-31', to: '2007-08-20', days: 507 }, // Cancún → Montebello
    { from: '2008-04-22', to: '2009-08-09', days: 474 }, // New Orleans → Guadalajara
    { from: '2009-08-10', to: '2012-04-02', days: 966 }, // 2010 and 2011 not held
    { from: '2012-04-02', to: '2014-02-19', days: 688 }, // none in 2013
    { from: '2014-02-19', to: '2016-06-29', days: 861 }, // 2015 postponed, never held
    { from: '2016-06-29', to: '2021-11-18', days: 1968 }, // 2017–2020
  ];

  it('on 2019-06-01: lapsed, last met 2016-06-29 in Ottawa, expected since 2017-06-29', () => {
    const h = health('nals', '2019-06-01');
    assert.equal(h.status, 'lapsed');
    assert.equal(h.lastMeeting, '2016-06-29');
    assert.equal(h.lastMeetingId, 'nals-2016-06-29');
    assert.equal(h.nextExpected, '2017-06-29');
    assert.equal(h.daysSinceLast, 1067);
    assert.equal(h.schedule?.lapsedFrom, '2018-06-30');
    assert.deepEqual(h.gaps, [...closedGaps.slice(0, 5), { from: '2016-06-29', to: '2019-06-01', days: 1067, open: true }]);
  });

  it('on 2022-06-01: on schedule after the Washington summit of 2021-11-18; the 2016→2021 gap is 1,968 days', () => {
    const h = health('nals', '2022-06-01');
    assert.equal(h.status, 'on-schedule');
    assert.equal(h.lastMeeting, '2021-11-18');
    assert.equal(h.nextExpected, '2022-11-18');
    assert.equal(h.daysSinceLast, 195);
    assert.deepEqual(h.gaps, closedGaps);
  });

  it('the December 2022 summit that slid to 2023-01-10 stays within grace: no gap 2021→2023', () => {
    const h = health('nals', '2023-06-01');
    assert.equal(h.status, 'on-schedule');
    assert.deepEqual(h.gaps, closedGaps);
  });

  it('on 2024-06-01: overdue (grace ended 2024-04-10), not yet lapsed (threshold 2025-01-10)', () => {
    const h = health('nals', '2024-06-01');
    assert.equal(h.status, 'overdue');
    assert.equal(h.lastMeeting, '2023-01-10');
    assert.equal(h.nextExpected, '2024-01-10');
    assert.equal(h.daysSinceLast, 508);
    assert.deepEqual(h.schedule, {
      anchor: '2023-01-10', dueFrom: '2023-11-10', nextExpected: '2024-01-10', overdueFrom: '2024-04-11', lapsedFrom: '2025-01-11',
    });
    assert.deepEqual(h.gaps, [...closedGaps, { from: '2023-01-10', to: '2024-06-01', days: 508, open: true }]);
  });

  it('lapses on 2025-01-11 with no 2024 summit', () => {
    assert.equal(health('nals', '2025-01-10').status, 'overdue');
    assert.equal(health('nals', '2025-01-11').status, 'lapsed');
  });

  it('the postponed Honolulu summit (2011-11-13) does not count', () => {
    const h = health('nals', '2011-12-01');
    assert.equal(h.lastMeeting, '2009-08-09');
    assert.equal(h.status, 'lapsed');
  });

  it('a multi-day summit counts from its last day: Guadalajara 2009-08-09/10', () => {
    const h = health('nals', '2009-09-01');
    assert.equal(h.lastMeeting, '2009-08-09');
    assert.equal(h.nextExpected, '2010-08-10');
    assert.equal(h.daysSinceLast, 22);
  });

  it('not yet founded the day before Waco (2005-03-23)', () => {
    assert.equal(health('nals', '2005-03-22').status, 'not-yet-founded');
    assert.equal(health('nals', '2005-03-23').status, 'on-schedule');
  });
});

describe('High-Level Economic Dialogue', () => {
  it('suspended 2016→2021: lapsed on 2019-06-01', () => {
    const h = health('hled', '2019-06-01');
    assert.equal(h.status, 'lapsed');
    assert.equal(h.lastMeeting, '2016-02-25');
    assert.deepEqual(h.gaps, [
      { from: '2013-09-20', to: '2015-01-06', days: 473 },
      { from: '2016-02-25', to: '2019-06-01', days: 1192, open: true },
    ]);
  });
  it('the suspension is a closed gap of 2,023 days after the 2021-09-09 relaunch; on schedule on 2024-06-01', () => {
    const h = health('hled', '2024-06-01');
    assert.equal(h.status, 'on-schedule');
    assert.equal(h.lastMeeting, '2023-09-29');
    assert.equal(h.nextExpected, '2024-09-29');
    assert.deepEqual(h.gaps, [
      { from: '2013-09-20', to: '2015-01-06', days: 473 },
      { from: '2016-02-25', to: '2021-09-09', days: 2023 },
    ]);
  });
  it('no founding gap: decided 2013-05-02, first met 2013-09-20', () => {
    assert.deepEqual(health('hled', '2013-12-01').gaps, []);
  });
});

describe('High-Level Security Dialogue', () => {
  it('on 2024-06-01: on schedule, last met 2023-10-05, due from 2024-08-05', () => {
    const h = health('hlsd', '2024-06-01');
    assert.equal(h.status, 'on-schedule');
    assert.equal(h.lastMeeting, '2023-10-05');
    assert.equal(h.nextExpected, '2024-10-05');
    assert.equal(h.schedule?.dueFrom, '2024-08-05');
    assert.deepEqual(h.gaps, []);
  });
  it('with no 2024 meeting found: overdue from 2025-01-05', () => {
    assert.equal(health('hlsd', '2025-01-04').status, 'due');
    assert.equal(health('hlsd', '2025-01-05').status, 'overdue');
  });
  it('the uncertain 2022-10-13 meeting counts as held', () => {
    assert.equal(health('hlsd', '2022-12-01').lastMeeting, '2022-10-13');
  });
  it('not yet founded before 2021-10-08', () => {
    assert.equal(health('hlsd', '2021-10-07').status, 'not-yet-founded');
  });
});

describe('Mérida Initiative', () => {
  it('lapsed the day before the Bicentennial Framework, ended from 2021-10-08, replaced by HLSD', () => {
    assert.equal(health('merida', '2021-10-07').status, 'lapsed');
    const h = health('merida', '2021-10-08');
    assert.equal(h.status, 'ended');
    assert.equal(h.nextExpected, null);
    assert.equal(h.lastMeeting, '2012-09-18');
    assert.equal(mech('merida').replacedBy, 'hlsd');
  });
  it('its gaps stop at the end date, closed', () => {
    assert.deepEqual(health('merida', '2024-06-01').gaps, [
      { from: '2008-12-19', to: '2010-03-23', days: 459 },
      { from: '2011-04-29', to: '2012-09-18', days: 508 },
      { from: '2012-09-18', to: '2021-10-08', days: 3307 },
    ]);
  });
});

describe('fraying timeline, 2005–2025, every 1 June', () => {
  const series = frayingTimeline(ds, '2005-06-01', '2025-06-01', 'year');
  const point = (at: string) => series.find((p) => p.at === at);

  it('has one point a year', () => {
    assert.equal(series.length, 21);
  });
  it('2019: all three live mechanisms lapsed, HLSD not yet founded', () => {
    assert.deepEqual(point('2019-06-01'), { at: '2019-06-01', active: 3, onSchedule: 0, due: 0, overdue: 0, lapsed: 3, adHoc: 0, ended: 0, notYetFounded: 1 });
  });
  it('2022: all three on schedule, Mérida ended', () => {
    assert.deepEqual(point('2022-06-01'), { at: '2022-06-01', active: 3, onSchedule: 3, due: 0, overdue: 0, lapsed: 0, adHoc: 0, ended: 1, notYetFounded: 0 });
  });
  it('2024: NALS overdue, HLED and HLSD on schedule', () => {
    assert.deepEqual(point('2024-06-01'), { at: '2024-06-01', active: 3, onSchedule: 2, due: 0, overdue: 1, lapsed: 0, adHoc: 0, ended: 1, notYetFounded: 0 });
  });
  it('lapsed count by year', () => {
    assert.deepEqual(series.map((p) => p.lapsed), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1, 2, 3, 3, 3, 0, 0, 0, 1]);
  });
});
