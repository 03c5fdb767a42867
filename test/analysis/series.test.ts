import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectShifts, seriesCsvRows, toSeriesPoints, type SeriesPoint } from '../../src/analysis/series.ts';
import type { PeriodAggregate } from '../../src/analysis/series.ts';

function row(period: string, q: [number, number, number, number], extra: Partial<PeriodAggregate> = {}): PeriodAggregate {
  const events = q[0] + q[1] + q[2] + q[3];
  return {
    period, events, quad1: q[0], quad2: q[1], quad3: q[2], quad4: q[3],
    goldsteinSum: 0, goldsteinCount: 0, mentions: 0, goldsteinMentionsSum: 0, goldsteinMentions: 0,
    cooperativeMentions: 0, conflictualMentions: 0, toneSum: 0, toneCount: 0, ...extra,
  };
}

/** A monthly series of `n` points whose net cooperation follows `values` (100 events each). */
function series(values: readonly number[]): SeriesPoint[] {
  return toSeriesPoints(values.map((v, i) => {
    const coop = Math.round(((v + 1) / 2) * 100);
    const month = String((i % 12) + 1).padStart(2, '0');
    return row(`${2010 + Math.floor(i / 12)}-${month}-01`, [coop, 0, 100 - coop, 0]);
  }));
}

describe('series measures', () => {
  test('computes shares, means and weighted means from raw aggregates', () => {
    const [p] = toSeriesPoints([row('2019-06-01', [6, 2, 1, 1], {
      goldsteinSum: 12.5, goldsteinCount: 10, mentions: 40, goldsteinMentionsSum: 80, goldsteinMentions: 40,
      cooperativeMentions: 30, conflictualMentions: 10, toneSum: -5, toneCount: 4,
    })]);
    assert.ok(p);
    assert.equal(p.events, 10);
    assert.deepEqual(p.quad, { '1': 6, '2': 2, '3': 1, '4': 1 });
    assert.equal(p.cooperativeShare, 0.8);
    assert.equal(p.netCooperation, 0.6);
    assert.equal(p.goldsteinMean, 1.25);
    assert.equal(p.goldsteinMentionsMean, 2);
    assert.equal(p.netCooperationMentions, 0.5);
    assert.equal(p.toneMean, -1.25);
  });

  test('leaves means null where nothing carries the value', () => {
    const [p] = toSeriesPoints([row('2019-06-01', [0, 0, 2, 0])]);
    assert.equal(p?.goldsteinMean, null);
    assert.equal(p?.toneMean, null);
    assert.equal(p?.netCooperation, -1);
  });

  test('CSV carries the same numbers as the JSON', () => {
    const points = series([0.2, 0.4]);
    const rows = seriesCsvRows(points);
    assert.equal(rows.length, 3);
    assert.deepEqual(rows[0]?.slice(0, 3), ['period', 'events', 'quad1']);
    assert.equal(rows[1]?.[7], points[0]?.netCooperation);
  });
});

describe('shift detection (rolling z-score)', () => {
  test('finds a single downward break where it happens and nowhere else', () => {
    // Two years of noisy cooperation around +0.5, then a drop to −0.2 from month 25.
    const noise = [0.02, -0.03, 0.01, 0.04, -0.02, 0, 0.03, -0.04, 0.02, -0.01, 0.01, -0.02];
    const values = [...Array.from({ length: 24 }, (_, i) => 0.5 + (noise[i % 12] ?? 0)), -0.2, -0.22, -0.18];
    const shifts = detectShifts(series(values));
    assert.equal(shifts.length, 1, JSON.stringify(shifts));
    assert.equal(shifts[0]?.period, '2012-01-01');
    assert.equal(shifts[0]?.direction, 'down');
    assert.ok((shifts[0]?.z ?? 0) < -2.5);
  });

  test('finds an upward break', () => {
    const values = [...Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? -0.3 : -0.26)), 0.4];
    const shifts = detectShifts(series(values));
    assert.deepEqual(shifts.map((s) => [s.period, s.direction]), [['2011-01-01', 'up']]);
  });

  test('stays quiet on a steady noisy series and before enough history', () => {
    const steady = Array.from({ length: 36 }, (_, i) => 0.3 + (i % 3 === 0 ? 0.04 : i % 3 === 1 ? -0.04 : 0));
    assert.deepEqual(detectShifts(series(steady)), []);
    // A jump in month 4 has only 3 periods of history: not judged (minHistory 6).
    assert.deepEqual(detectShifts(series([0.5, 0.5, 0.5, -0.9])), []);
  });

  test('ignores thin periods', () => {
    const points = series(Array.from({ length: 12 }, () => 0.5));
    const thin = toSeriesPoints([row('2011-01-01', [0, 0, 3, 0])]);
    assert.deepEqual(detectShifts([...points, ...thin]), []);
    assert.equal(detectShifts([...points, ...thin], { minEvents: 1 }).length, 1);
  });
});
