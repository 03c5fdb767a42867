// The electoral calendar on the real fixtures: recorded elections, projections from the cycles,
// Canada's nominal cycle, transition windows and who is in office.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { electoralCalendar, partyElections, termAt, transitionWindowsAt, windowOverlaps } from '../../src/domain/calendar.ts';
import type { TransitionWindow } from '../../src/domain/calendar.ts';
import { Registry } from '../../src/domain/registry/schema.ts';
import { NORTH_AMERICA as ds, NORTH_AMERICA_INPUT } from './fixtures.ts';

const withElections = (keep: (e: { party: string; date: string }) => boolean) =>
  Registry.parse({ ...NORTH_AMERICA_INPUT, elections: (NORTH_AMERICA_INPUT.elections ?? []).filter(keep) });

describe('coincidences', () => {
  const cal = electoralCalendar(ds, ['USA', 'MEX'], 2000, 2040);

  it('U.S. and Mexican elections coincide in 2000, 2012, 2024 and 2036', () => {
    assert.deepEqual(cal.coincidences, [2000, 2012, 2024, 2036]);
    assert.deepEqual(cal.pairCoincidences, [{ parties: ['USA', 'MEX'], years: [2000, 2012, 2024, 2036] }]);
  });

  it('the same from the cycles alone, with no election recorded', () => {
    const bare = Registry.parse({ ...NORTH_AMERICA_INPUT, elections: [] });
    assert.deepEqual(electoralCalendar(bare, ['USA', 'MEX'], 2000, 2040).coincidences, [2000, 2012, 2024, 2036]);
  });

  it('all three parties: only 2000; pairwise with Canada as its elections fell', () => {
    const three = electoralCalendar(ds, ['USA', 'MEX', 'CAN'], 2000, 2040);
    assert.deepEqual(three.coincidences, [2000]);
    assert.deepEqual(three.pairCoincidences, [
      { parties: ['USA', 'MEX'], years: [2000, 2012, 2024, 2036] },
      { parties: ['USA', 'CAN'], years: [2000, 2004, 2008] },
      { parties: ['MEX', 'CAN'], years: [2000, 2006] },
    ]);
  });

  it('a single party has no coincidences', () => {
    assert.deepEqual(electoralCalendar(ds, ['USA'], 2000, 2040).coincidences, []);
  });

  it('rejects a year range that runs backwards', () => {
    assert.throws(() => electoralCalendar(ds, ['USA'], 2040, 2000), RangeError);
  });
});

describe('elections per party: recorded, projected, nominal', () => {
  const cal = electoralCalendar(ds, ['USA', 'MEX', 'CAN'], 2000, 2040);

  it('USA: recorded 2000–2024, projected 2028–2040 at month precision with a 20 January inauguration', () => {
    const usa = cal.elections.USA ?? [];
    assert.deepEqual(usa.map((e) => [e.year, e.basis]), [
      [2000, 'recorded'], [2004, 'recorded'], [2008, 'recorded'], [2012, 'recorded'], [2016, 'recorded'], [2020, 'recorded'], [2024, 'recorded'],
      [2028, 'projected'], [2032, 'projected'], [2036, 'projected'], [2040, 'projected'],
    ]);
    assert.deepEqual(usa[7], {
      id: 'usa-2028-projected', party: 'USA', kind: 'presidential', year: 2028, date: '2028-11', precision: 'month',
      basis: 'projected', inauguration: '2029-01-20', inaugurationBasis: 'projected',
    });
    assert.deepEqual(usa[6], {
      id: 'usa-2024', party: 'USA', kind: 'presidential', year: 2024, date: '2024-11-05', precision: 'day',
      basis: 'recorded', inauguration: '2025-01-20', inaugurationBasis: 'recorded',
    });
  });

  it('MEX: the June / 1 October cycle from 2024; 2030 and 2036 projected', () => {
    const mex = cal.elections.MEX ?? [];
    assert.deepEqual(mex.map((e) => [e.date, e.basis, e.inauguration]), [
      ['2000-07-02', 'recorded', '2000-12-01'],
      ['2006-07-02', 'recorded', '2006-12-01'],
      ['2012-07-01', 'recorded', '2012-12-01'],
      ['2018-07-01', 'recorded', '2018-12-01'],
      ['2024-06-02', 'recorded', '2024-10-01'],
      ['2030-06', 'projected', '2030-10-01'],
      ['2036-06', 'projected', '2036-10-01'],
    ]);
  });

  it('MEX from the two cycles alone: July / 1 December through 2018, June / 1 October from 2024', () => {
    const bare = withElections((e) => e.party !== 'MEX');
    const mex = partyElections(bare, 'MEX', 2000, 2036);
    assert.deepEqual(mex.map((e) => [e.date, e.basis, e.inauguration]), [
      ['2000-07', 'projected', '2000-12-01'],
      ['2006-07', 'projected', '2006-12-01'],
      ['2012-07', 'projected', '2012-12-01'],
      ['2018-07', 'projected', '2018-12-01'],
      ['2024-06', 'projected', '2024-10-01'],
      ['2030-06', 'projected', '2030-10-01'],
      ['2036-06', 'projected', '2036-10-01'],
    ]);
  });

  it('CAN: recorded elections as they were (early ones included), then nominal every four years from 2025', () => {
    const can = cal.elections.CAN ?? [];
    assert.deepEqual(can.map((e) => [e.date, e.basis]), [
      ['2000-11-27', 'recorded'], ['2004-06-28', 'recorded'], ['2006-01-23', 'recorded'], ['2008-10-14', 'recorded'],
      ['2011-05-02', 'recorded'], ['2015-10-19', 'recorded'], ['2019-10-21', 'recorded'], ['2021-09-20', 'recorded'],
      ['2025-04-28', 'recorded'], ['2029-10', 'nominal'], ['2033-10', 'nominal'], ['2037-10', 'nominal'],
    ]);
    assert.equal(can.find((e) => e.year === 2029)?.id, 'can-2029-nominal');
  });

  it('CAN: the nominal clock restarts at the latest recorded election', () => {
    const to2015 = withElections((e) => e.party !== 'CAN' || e.date < '2016');
    assert.deepEqual(partyElections(to2015, 'CAN', 2016, 2030).map((e) => [e.year, e.basis]), [[2019, 'nominal'], [2023, 'nominal'], [2027, 'nominal']]);
    const none = withElections((e) => e.party !== 'CAN');
    // No record: from the cycle's anchor year (2009, the first fixed date of the 2007 law).
    assert.deepEqual(partyElections(none, 'CAN', 2005, 2020).map((e) => e.year), [2009, 2013, 2017]);
  });

  it('a recorded election without an inauguration takes it from a fixed cycle, marked projected', () => {
    const partial = Registry.parse({
      ...NORTH_AMERICA_INPUT,
      elections: [{ id: 'usa-2028', party: 'USA', kind: 'presidential', date: '2028-11', sources: ['research-file'] }],
    });
    const [e] = partyElections(partial, 'USA', 2028, 2028);
    assert.deepEqual(e, {
      id: 'usa-2028', party: 'USA', kind: 'presidential', year: 2028, date: '2028-11', precision: 'month',
      basis: 'recorded', inauguration: '2029-01-20', inaugurationBasis: 'projected',
    });
  });
});

describe('transition windows', () => {
  const cal = electoralCalendar(ds, ['USA', 'MEX'], 2000, 2040);
  const win = (id: string) => cal.transitionWindows.find((w) => w.election === id);

  it('US 2024-11-05 → 2025-01-20: 76 days', () => {
    assert.deepEqual(win('usa-2024'), { election: 'usa-2024', party: 'USA', basis: 'recorded', from: '2024-11-05', to: '2025-01-20', days: 76, estimated: false });
  });
  it('MEX 2024-06-02 → 2024-10-01: 121 days (153 days in 2018, 1 July → 1 December)', () => {
    assert.deepEqual(win('mex-2024'), { election: 'mex-2024', party: 'MEX', basis: 'recorded', from: '2024-06-02', to: '2024-10-01', days: 121, estimated: false });
    assert.equal(win('mex-2018')?.days, 153);
  });
  it('projected windows use the typical days and are marked estimated', () => {
    assert.deepEqual(win('mex-2030-projected'), { election: 'mex-2030-projected', party: 'MEX', basis: 'projected', from: '2030-06-02', to: '2030-10-01', days: 121, estimated: true });
    assert.deepEqual(win('usa-2036-projected'), { election: 'usa-2036-projected', party: 'USA', basis: 'projected', from: '2036-11-05', to: '2037-01-20', days: 76, estimated: true });
  });
  it('one window per election with an inauguration, in order', () => {
    assert.equal(cal.transitionWindows.length, 18);
    const froms = cal.transitionWindows.map((w) => w.from);
    assert.deepEqual(froms, [...froms].sort());
  });
  it('Canada: a window only when the government changed (2006, 2015), and nominal ones ahead', () => {
    const can = electoralCalendar(ds, ['CAN'], 2000, 2035).transitionWindows;
    assert.deepEqual(can.map((w) => [w.election, w.from, w.to, w.days, w.basis]), [
      ['can-2006', '2006-01-23', '2006-02-06', 14, 'recorded'],
      ['can-2015', '2015-10-19', '2015-11-04', 16, 'recorded'],
      ['can-2029-nominal', '2029-10-19', '2029-11-04', 16, 'nominal'],
      ['can-2033-nominal', '2033-10-19', '2033-11-04', 16, 'nominal'],
    ]);
  });
});

describe('overlapping windows', () => {
  it('U.S. and Mexican transitions overlapped in 2000 and 2012, no longer since the 1 October inauguration', () => {
    const cal = electoralCalendar(ds, ['USA', 'MEX'], 2000, 2040);
    assert.deepEqual(cal.overlaps, [
      { parties: ['MEX', 'USA'], elections: ['mex-2000', 'usa-2000'], from: '2000-11-07', to: '2000-12-01', days: 24 },
      { parties: ['MEX', 'USA'], elections: ['mex-2012', 'usa-2012'], from: '2012-11-06', to: '2012-12-01', days: 25 },
    ]);
  });
  it('windows are half-open: one ending the day another starts does not overlap it; one day in common does', () => {
    const w = (party: string, from: string, to: string): TransitionWindow => ({ election: `${party}-x`, party, basis: 'recorded', from, to, days: 0, estimated: false });
    assert.deepEqual(windowOverlaps([w('MEX', '2024-06-02', '2024-11-05'), w('USA', '2024-11-05', '2025-01-20')]), []);
    assert.deepEqual(windowOverlaps([w('MEX', '2024-06-02', '2024-11-06'), w('USA', '2024-11-05', '2025-01-20')]), [
      { parties: ['MEX', 'USA'], elections: ['MEX-x', 'USA-x'], from: '2024-11-05', to: '2024-11-06', days: 1 },
    ]);
    assert.deepEqual(windowOverlaps([w('USA', '2024-11-05', '2025-01-20'), w('USA', '2024-12-01', '2025-02-01')]), []);
  });
  it('adding Canada adds no overlap', () => {
    assert.equal(electoralCalendar(ds, ['USA', 'MEX', 'CAN'], 2000, 2040).overlaps.length, 2);
  });
});

describe('transitionWindowsAt', () => {
  it('on 2024-07-01: Mexico in transition; next the U.S. (2024-11-05), then Mexico 2030', () => {
    const w = transitionWindowsAt(ds, ['USA', 'MEX'], '2024-07-01');
    assert.deepEqual(w.current.map((x) => x.election), ['mex-2024']);
    assert.deepEqual(w.next.map((x) => [x.election, x.from]), [['usa-2024', '2024-11-05'], ['mex-2030-projected', '2030-06-02']]);
  });
  it('on 2024-12-01: the U.S. in transition; next U.S. 2028, Mexico 2030', () => {
    const w = transitionWindowsAt(ds, ['USA', 'MEX'], '2024-12-01');
    assert.deepEqual(w.current.map((x) => x.election), ['usa-2024']);
    assert.deepEqual(w.next.map((x) => x.election), ['usa-2028-projected', 'mex-2030-projected']);
  });
  it('a window is closed on inauguration day', () => {
    assert.deepEqual(transitionWindowsAt(ds, ['MEX'], '2024-10-01').current, []);
    assert.deepEqual(transitionWindowsAt(ds, ['MEX'], '2024-09-30').current.map((x) => x.election), ['mex-2024']);
  });
  it('on 2012-11-20: both in transition at once', () => {
    assert.deepEqual(transitionWindowsAt(ds, ['USA', 'MEX'], '2012-11-20').current.map((x) => x.election), ['mex-2012', 'usa-2012']);
  });
});

describe('termAt', () => {
  const who = (party: string, date: string) => termAt(ds, party, date)?.person ?? null;

  it('the successor holds office on a U.S. inauguration day', () => {
    assert.equal(who('USA', '2025-01-19'), 'Joe Biden');
    assert.equal(termAt(ds, 'USA', '2025-01-20')?.id, 'usa-2025-trump');
  });
  it('Mexico: López Obrador to 2024-09-30 (a short term), Sheinbaum from 2024-10-01', () => {
    assert.equal(who('MEX', '2024-09-30'), 'Andrés Manuel López Obrador');
    assert.equal(who('MEX', '2024-10-01'), 'Claudia Sheinbaum');
    assert.equal(who('MEX', '2018-11-30'), 'Enrique Peña Nieto');
    assert.equal(who('MEX', '2018-12-01'), 'Andrés Manuel López Obrador');
  });
  it('Canada: Kim Campbell in summer 1993; Carney in office with no end', () => {
    assert.equal(who('CAN', '1993-08-01'), 'Kim Campbell');
    assert.equal(who('CAN', '2025-03-14'), 'Mark Carney');
    assert.equal(who('CAN', '2030-01-01'), 'Mark Carney');
  });
  it('the leaders of the 2016 Ottawa summit', () => {
    assert.deepEqual(['USA', 'MEX', 'CAN'].map((p) => who(p, '2016-06-29')), ['Barack Obama', 'Enrique Peña Nieto', 'Justin Trudeau']);
  });
  it('null outside the recorded terms: before 1989-01-20 in the U.S., after a scheduled end', () => {
    assert.equal(who('USA', '1988-06-01'), null);
    assert.equal(who('USA', '2029-06-01'), null);
    assert.equal(who('XXX', '2020-01-01'), null);
  });
});
