/**
 * Cooperation–conflict series of a dyad or group: the per-period aggregates the store computes,
 * turned into the public measures, and shift detection on them.
 */

/** Raw aggregates of one period of events, as the store computes them. */
export interface PeriodAggregate {
  /** First day of the period (ISO date). */
  readonly period: string;
  readonly events: number;
  readonly quad1: number;
  readonly quad2: number;
  readonly quad3: number;
  readonly quad4: number;
  readonly goldsteinSum: number;
  /** Events that carry a Goldstein score (the denominator of the mean). */
  readonly goldsteinCount: number;
  readonly mentions: number;
  /** Σ Goldstein × mentions, for the mentions-weighted mean. */
  readonly goldsteinMentionsSum: number;
  /** Mentions of events that carry a Goldstein score. */
  readonly goldsteinMentions: number;
  readonly cooperativeMentions: number;
  readonly conflictualMentions: number;
  readonly toneSum: number;
  readonly toneCount: number;
}

/** One period of the public series JSON. */
export interface SeriesPoint {
  readonly period: string;
  readonly events: number;
  readonly quad: { readonly '1': number; readonly '2': number; readonly '3': number; readonly '4': number };
  /** Share of events in quad classes 1–2. */
  readonly cooperativeShare: number;
  /** (cooperative − conflictual) / events, in −1…1. */
  readonly netCooperation: number;
  readonly goldsteinMean: number | null;
  readonly goldsteinSum: number;
  readonly mentions: number;
  /** Goldstein mean weighted by each event's mentions (GDELT); null where no event has mentions. */
  readonly goldsteinMentionsMean: number | null;
  /** Net cooperation weighted by mentions, in −1…1; null where no event has mentions. */
  readonly netCooperationMentions: number | null;
  /** Mean tone of the events that carry one (GDELT); null otherwise. */
  readonly toneMean: number | null;
}

const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Computes the public measures of each period from the store's raw aggregates. */
export function toSeriesPoints(rows: readonly PeriodAggregate[]): SeriesPoint[] {
  return rows.map((r) => {
    const coop = r.quad1 + r.quad2;
    const conf = r.quad3 + r.quad4;
    const weighted = r.cooperativeMentions + r.conflictualMentions;
    return {
      period: r.period,
      events: r.events,
      quad: { '1': r.quad1, '2': r.quad2, '3': r.quad3, '4': r.quad4 },
      cooperativeShare: r.events > 0 ? round(coop / r.events) : 0,
      netCooperation: r.events > 0 ? round((coop - conf) / r.events) : 0,
      goldsteinMean: r.goldsteinCount > 0 ? round(r.goldsteinSum / r.goldsteinCount) : null,
      goldsteinSum: round(r.goldsteinSum),
      mentions: r.mentions,
      goldsteinMentionsMean: r.goldsteinMentions > 0 ? round(r.goldsteinMentionsSum / r.goldsteinMentions) : null,
      netCooperationMentions: weighted > 0 ? round((r.cooperativeMentions - r.conflictualMentions) / weighted) : null,
      toneMean: r.toneCount > 0 ? round(r.toneSum / r.toneCount) : null,
    };
  });
}

export interface ShiftOptions {
  /** How many earlier periods form the baseline. */
  readonly window: number;
  /** |z| at or above which a period is flagged. */
  readonly threshold: number;
  /** Periods with fewer events are too thin to judge (and are left out of baselines). */
  readonly minEvents: number;
  /** Fewest baseline periods needed before judging. */
  readonly minHistory: number;
}

export const DEFAULT_SHIFT_OPTIONS: ShiftOptions = { window: 12, threshold: 2.5, minEvents: 5, minHistory: 6 };

export interface Shift {
  readonly period: string;
  readonly value: number;
  readonly baselineMean: number;
  readonly baselineSd: number;
  readonly z: number;
  readonly direction: 'up' | 'down';
}

/**
 * Flags periods whose net cooperation departs from its own recent past: a rolling z-score of the
 * period's value against the mean and standard deviation of the previous `window` judged periods
 * (periods present in the series with at least `minEvents` events — empty periods are absent, not
 * zero). Flag when |z| ≥ threshold. The baseline's standard deviation is floored at 0.05 (five
 * points of net cooperation) so a flat history does not turn noise into infinite z-scores.
 * After a flag the baseline restarts at the flagged period: a lasting break is reported once, and
 * the next judgement waits for `minHistory` periods of the new level.
 */
export function detectShifts(points: readonly SeriesPoint[], options: Partial<ShiftOptions> = {}): Shift[] {
  const o = { ...DEFAULT_SHIFT_OPTIONS, ...options };
  const judged = points.filter((p) => p.events >= o.minEvents);
  const shifts: Shift[] = [];
  // After a flagged shift the baseline restarts at the new level, so one break is reported once.
  let regimeStart = 0;
  for (let i = 0; i < judged.length; i++) {
    const base = judged.slice(Math.max(regimeStart, i - o.window), i).map((p) => p.netCooperation);
    if (base.length < o.minHistory) continue;
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    const sd = Math.max(0.05, Math.sqrt(base.reduce((a, b) => a + (b - mean) ** 2, 0) / (base.length - 1)));
    const p = judged[i]!;
    const z = (p.netCooperation - mean) / sd;
    if (Math.abs(z) >= o.threshold) {
      shifts.push({ period: p.period, value: p.netCooperation, baselineMean: round(mean), baselineSd: round(sd), z: round(z, 2), direction: z > 0 ? 'up' : 'down' });
      regimeStart = i;
    }
  }
  return shifts;
}

const CSV_COLUMNS = ['period', 'events', 'quad1', 'quad2', 'quad3', 'quad4', 'cooperativeShare', 'netCooperation', 'goldsteinMean', 'goldsteinMentionsMean', 'netCooperationMentions', 'mentions', 'toneMean'] as const;

/** The series as CSV rows (header first), the same numbers as the JSON. */
export function seriesCsvRows(points: readonly SeriesPoint[]): (string | number)[][] {
  return [
    [...CSV_COLUMNS],
    ...points.map((p) => [p.period, p.events, p.quad['1'], p.quad['2'], p.quad['3'], p.quad['4'], p.cooperativeShare, p.netCooperation, p.goldsteinMean ?? '', p.goldsteinMentionsMean ?? '', p.netCooperationMentions ?? '', p.mentions, p.toneMean ?? '']),
  ];
}
