// The rules the web pages state, on the bundled registry (data/north-america): what the registry holds
// around an event shift (CONTEXT_DAYS), the proposed next meeting that keeps clear of transitions
// (SETTLING_DAYS), and which records cite each source.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLED_REGISTRY_DIR, registryFiles } from '../../src/ingest/registry/bundled.ts';
import { CONTEXT_DAYS, contextAround, mechanismsOf } from '../../src/domain/context.ts';
import { proposeNextMeeting, SETTLING_DAYS } from '../../src/domain/cadence/proposals.ts';
import { mechanismHealth } from '../../src/domain/cadence/rules.ts';
import { citationsOf } from '../../src/domain/registry/citations.ts';
import { electoralCalendar } from '../../src/domain/calendar.ts';
import { addDays, daysBetween } from '../../src/domain/dates.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';

let ds: Registry;
before(async () => {
  ds = await registryFiles.read(BUNDLED_REGISTRY_DIR);
});
const mech = (id: string) => {
  const m = ds.mechanisms.find((x) => x.id === id);
  assert.ok(m, id);
  return m;
};

describe('the registry around an event shift', () => {
  test('June 2016, the three parties: the Ottawa summit, and the CEC lapsing in the month after', () => {
    const c = contextAround(ds, ['USA', 'MEX', 'CAN'], '2016-06-01', '2016-06-30');
    assert.equal(CONTEXT_DAYS, 31);
    assert.deepEqual([c.from, c.to], ['2016-05-01', '2016-07-31']);
    assert.deepEqual(c.meetings.map((m) => m.id), ['nals-2016-06-29']);
    assert.deepEqual(c.lapses, [{ mechanism: 'cec', from: '2016-07-18' }]);
    assert.deepEqual(c.terms, []);
  });

  test('January 2017, USA–MEX: the change of U.S. president, the wall order and the cancelled visit', () => {
    const c = contextAround(ds, ['USA', 'MEX'], '2017-01-01', '2017-01-31');
    assert.deepEqual(c.terms.map((t) => [t.term.person, t.change, t.date]), [['Barack Obama', 'left office', '2017-01-20'], ['Donald Trump', 'took office', '2017-01-20']]);
    assert.deepEqual(c.developments.map((d) => d.id), ['2017-01-25-border-wall-executive-order', '2017-01-26-pena-nieto-cancels-visit']);
    assert.deepEqual(c.lapses, [{ mechanism: 'museic', from: '2017-01-16' }]);
    assert.deepEqual(c.meetings, []);
  });

  test('the window reaches CONTEXT_DAYS beyond the period, and not one day more', () => {
    // The Mexican transition of 1 December 2018 is 31 days after 31 October, and 32 after 30 October.
    const inside = contextAround(ds, ['USA', 'MEX'], '2018-10-01', '2018-10-31');
    assert.ok(inside.terms.some((t) => t.date === '2018-12-01' && t.change === 'took office'));
    const outside = contextAround(ds, ['USA', 'MEX'], '2018-10-01', '2018-10-30');
    assert.ok(!outside.terms.some((t) => t.date === '2018-12-01'));
  });

  test('a pair sees only mechanisms joining both: USA–CAN has no bilateral U.S.–Mexico dialogue', () => {
    const ids = mechanismsOf(ds, ['USA', 'CAN']).map((m) => m.id);
    assert.ok(ids.includes('nals') && ids.includes('usmca-ftc'));
    assert.ok(!ids.includes('hled') && !ids.includes('bnc'));
    const trilateral = mechanismsOf(ds, ['USA', 'MEX', 'CAN']).map((m) => m.id);
    assert.ok(trilateral.includes('hled'), 'a group sees every mechanism joining two of its parties');
  });
});

describe('the proposed next meeting', () => {
  const windows = () => electoralCalendar(ds, ['USA', 'MEX', 'CAN'], 2025, 2034).transitionWindows;

  test('on schedule: the USMCA Free Trade Commission, the window that keeps it on schedule around 1 July 2027', () => {
    const p = proposeNextMeeting(mech('usmca-ftc'), ds.meetings, windows(), '2026-12-01');
    assert.ok(p);
    const h = mechanismHealth(mech('usmca-ftc'), ds.meetings, '2026-12-01');
    assert.deepEqual([p.status, p.nextExpected, p.from, p.to, p.avoided.length], ['on-schedule', '2027-07-01', h.schedule!.dueFrom, addDays(h.schedule!.overdueFrom, -1), 0]);
    assert.deepEqual([p.from, p.to], ['2027-05-01', '2027-09-30']);
  });

  test('lapsed: the North American Leaders\' Summit, as soon as it can, for the length of its grace', () => {
    const p = proposeNextMeeting(mech('nals'), ds.meetings, windows(), '2026-12-01');
    assert.ok(p);
    assert.deepEqual([p.status, p.nextExpected, p.from, p.to], ['lapsed', '2024-01-10', '2026-12-01', '2027-05-02']);
  });

  test('a window that would fall in the U.S. transition of 2028–29 is moved past it and the hundred days after', () => {
    const p = proposeNextMeeting(mech('nadd'), ds.meetings, windows(), '2028-10-01');
    assert.ok(p);
    assert.equal(SETTLING_DAYS, 100);
    assert.deepEqual(p.avoided.map((w) => w.election), ['usa-2028-projected']);
    assert.equal(p.from, addDays('2029-01-20', SETTLING_DAYS + 1));
    const plain = proposeNextMeeting(mech('nadd'), ds.meetings, [], '2028-10-01');
    assert.ok(plain);
    assert.equal(plain.from, '2028-10-01');
    assert.equal(daysBetween(p.from, p.to), daysBetween(plain.from, plain.to), 'the window keeps its length');
    // The moved window clears every transition of the parties.
    for (const w of windows().filter((x) => mech('nadd').parties.includes(x.party))) {
      assert.ok(p.to < w.from || p.from > addDays(w.to, SETTLING_DAYS), `${w.election}`);
    }
  });

  test('none for ad hoc and ended mechanisms', () => {
    assert.equal(proposeNextMeeting(mech('gcm'), ds.meetings, windows(), '2026-12-01'), null);
    assert.equal(proposeNextMeeting(mech('merida'), ds.meetings, windows(), '2026-12-01'), null);
  });
});

describe('which records cite each source', () => {
  test('every bundled source is cited by at least one record', () => {
    const cited = citationsOf(ds);
    assert.deepEqual(ds.sources.filter((s) => !cited.has(s.id)).map((s) => s.id), []);
    assert.equal(cited.size, ds.sources.length);
  });

  test('the seed essay is cited by its seven recommendations as their document, and by issue areas as drivers', () => {
    const c = citationsOf(ds).get('seed-sarukhan-wilson-2021') ?? [];
    assert.equal(c.filter((x) => x.collection === 'recommendations' && x.as === 'document').length, 7);
    assert.ok(c.some((x) => x.collection === 'issueAreas'));
    // Each record once per way it cites.
    const keys = c.map((x) => `${x.collection}/${x.id}/${x.as}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});
