/**
 * Cadence health: is a mechanism meeting as often as it is meant to?
 *
 * THE RULES (each has tests in test/domain/cadence.test.ts and cadence-north-america.test.ts)
 *
 * 1. Interval. `annual` = 12 calendar months, `twice-a-year` = 6, `every-n-months` = n. An `ad-hoc`
 *    mechanism has no interval: its status is `ad-hoc`, its last meeting is still reported, and it has
 *    no nextExpected and no gaps (nothing says when it should have met).
 *
 * 2. What counts. Only meetings of the mechanism with status `held` whose start is on or before `at`.
 *    Postponed and cancelled meetings are part of the history of a lapse but never reset the clock;
 *    meetings after `at` have not happened yet. Every held meeting counts, whatever its level.
 *
 * 3. Placing dates. A partial date is placed at its representative day (dates.ts: the day itself, the
 *    15th of a month, 1 July of a year) — for meetings, founding and end alike. Outputs keep the
 *    original string ("2021-06") and say its precision; only day counts use the placed day.
 *
 * 4. The clock. A meeting restarts the clock on its last day (`endDate` for a meeting over several
 *    days — Guadalajara 2009-08-09/10 counts from the 10th; a meeting still running at `at` counts
 *    from `at`). The clock point (the anchor) is the latest of the founding day and the last days of
 *    the held meetings: a mechanism that never met counts from its founding.
 *
 * 5. The schedule, from the anchor A, with interval n months and M = 365.25 / 12 days (mean month):
 *      nextExpected = A + n calendar months (clamped to the month's end: 01-31 + 3 → 04-30)
 *      due window   = the last sixth of the interval: from nextExpected − round(n·M/6) days
 *                     (annual 61 days ≈ 2 months; twice-a-year 30; every 3 months 15)
 *      grace        = a quarter of the interval after nextExpected: round(n·M/4) days
 *                     (annual 91 days ≈ 3 months; twice-a-year 46; every 3 months 23)
 *      lapse        = THE MISSED-CYCLE RULE: more than two full intervals (A + 2n calendar months)
 *                     without a meeting — the expected meeting and the one after it both missed.
 *
 * 6. Status at `at` — the first that applies:
 *      not-yet-founded   at < founded
 *      ended             ended ≤ at
 *      ad-hoc            the cadence is ad hoc
 *      on-schedule       at < nextExpected − due window
 *      due               from the due window's first day through the last day of grace (inclusive):
 *                        exactly at nextExpected and exactly at the grace end are still `due`
 *      overdue           after the grace, up to and including A + 2n months (the lapse threshold)
 *      lapsed            after A + 2n months
 *
 * 7. Gaps. Every stretch without a meeting in which the mechanism fell overdue, i.e. longer than
 *    interval + grace: between consecutive held meetings (last day of one → first day of the next),
 *    between the founding and the first meeting, and the open stretch from the last meeting to `at`
 *    (marked `open: true`). For a mechanism that ended, the stretch runs to the end date instead, is
 *    closed, and nothing after the end counts. `days` = whole days between the two placed days.
 *    The rule is the same as the status rule: a stretch is a gap exactly when the next meeting (or
 *    `at`, or the end) falls on or after the first overdue day.
 *
 * WHY THESE NUMBERS. Summit dates are set by the host, the host rotates (NALS: US → Mexico → Canada)
 * and three leaders' calendars must fit, so meetings slip by weeks routinely (NALS 2006 came a week
 * after the anniversary; the 2022 summit slid from December to January 2023). A quarter of the
 * interval absorbs such slips without crying "overdue", yet flags a summit that is a season late.
 * The last sixth (two months for an annual meeting) is about when a host announces dates and sherpas
 * meet: from then on the meeting should be visible. One missed meeting can be a slip; when the next
 * one is missed as well, the mechanism is no longer on its cadence — it has lapsed.
 *
 * summary.ts beside this file sums the statuses up for the whole relationship.
 */
import { addDays, addMonths, daysBetween, precisionOf, representativeDay } from '../dates.ts';
import type { IsoDate, Precision } from '../dates.ts';
import type { Cadence, Localized, Mechanism, Meeting, Registry } from '../registry/schema.ts';

export type CadenceStatus = 'not-yet-founded' | 'ended' | 'ad-hoc' | 'on-schedule' | 'due' | 'overdue' | 'lapsed';

/** Statuses of a mechanism that is alive and has a cadence: the ones a share can be taken of. */
export const ACTIVE_STATUSES = ['on-schedule', 'due', 'overdue', 'lapsed'] as const satisfies readonly CadenceStatus[];

/** Mean length of a calendar month in days (365.25 / 12), to turn fractions of an interval into days. */
export const MEAN_MONTH_DAYS = 365.25 / 12;

/** The interval and the windows around it that a cadence implies (rule 5). */
export interface CadenceRule {
  intervalMonths: number;
  /** Length of the due window before nextExpected. */
  dueDays: number;
  /** Days after nextExpected before `overdue` begins. */
  graceDays: number;
}

/** The dates at which a mechanism's status changes, counted from its anchor (rules 4–6). */
export interface Schedule {
  /** The clock point: last day of the last held meeting, or the founding day. */
  anchor: IsoDate;
  /** First day of status `due`. */
  dueFrom: IsoDate;
  nextExpected: IsoDate;
  /** First day of status `overdue` (the day after the grace ends). */
  overdueFrom: IsoDate;
  /** First day of status `lapsed` (the day after two full intervals). */
  lapsedFrom: IsoDate;
}

/** A stretch without meetings longer than interval + grace (rule 7). */
export interface Gap {
  /** Original date string: founding, or the last day of a meeting (its endDate, else its date). */
  from: string;
  /** Original date string: the next meeting, the end of the mechanism, or `at` for the open stretch. */
  to: string;
  days: number;
  /** Present (true) on the stretch still running at `at`. */
  open?: true;
}

export interface CadenceHealth {
  id: string;
  names: Localized;
  status: CadenceStatus;
  /** Date of the last held meeting as recorded (first day of a meeting over several days). */
  lastMeeting: string | null;
  lastMeetingId: string | null;
  lastMeetingPrecision: Precision | null;
  nextExpected: IsoDate | null;
  /** Days from the last day of the last held meeting to `at`. */
  daysSinceLast: number | null;
  /** Status change dates, for a mechanism alive with a cadence; null otherwise. */
  schedule: Schedule | null;
  gaps: Gap[];
}

/** The interval, due window and grace of a cadence; null for ad hoc. */
export function cadenceRule(cadence: Cadence): CadenceRule | null {
  const n = intervalMonths(cadence);
  if (n === null) return null;
  return {
    intervalMonths: n,
    dueDays: Math.round((n * MEAN_MONTH_DAYS) / 6),
    graceDays: Math.round((n * MEAN_MONTH_DAYS) / 4),
  };
}

function intervalMonths(cadence: Cadence): number | null {
  switch (cadence.kind) {
    case 'annual': return 12;
    case 'twice-a-year': return 6;
    case 'every-n-months': return cadence.months;
    case 'ad-hoc': return null;
  }
}

/** The status change dates counted from an anchor day. */
export function scheduleFrom(anchor: IsoDate, rule: CadenceRule): Schedule {
  const nextExpected = addMonths(anchor, rule.intervalMonths);
  return {
    anchor,
    dueFrom: addDays(nextExpected, -rule.dueDays),
    nextExpected,
    overdueFrom: addDays(nextExpected, rule.graceDays + 1),
    lapsedFrom: addDays(addMonths(anchor, 2 * rule.intervalMonths), 1),
  };
}

/** Status of a live mechanism with a cadence on day `at`, given its schedule. */
export function statusOn(schedule: Schedule, at: IsoDate): 'on-schedule' | 'due' | 'overdue' | 'lapsed' {
  if (at < schedule.dueFrom) return 'on-schedule';
  if (at < schedule.overdueFrom) return 'due';
  if (at < schedule.lapsedFrom) return 'overdue';
  return 'lapsed';
}

interface HeldPoint {
  readonly meeting: Meeting;
  readonly start: IsoDate;
  /** Last day, capped at `at` for a meeting still running. */
  readonly clock: IsoDate;
  /** Original string naming the last day. */
  readonly clockLabel: string;
}

function heldPoints(mechanismId: string, meetings: readonly Meeting[], cutoff: IsoDate, at: IsoDate): HeldPoint[] {
  const points: HeldPoint[] = [];
  for (const m of meetings) {
    if (m.mechanism !== mechanismId || m.status !== 'held') continue;
    const start = representativeDay(m.date);
    if (start > cutoff) continue;
    let clock = m.endDate !== undefined && m.endDate > start ? m.endDate : start;
    let clockLabel = m.endDate !== undefined && m.endDate > start ? m.endDate : m.date;
    if (clock > at) {
      clock = at;
      clockLabel = at;
    }
    points.push({ meeting: m, start, clock, clockLabel });
  }
  return points.sort((a, b) => (a.start === b.start ? cmp(a.clock, b.clock) : cmp(a.start, b.start)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Cadence health of one mechanism on day `at` (rules in this file's header); `meetings` may hold other mechanisms' meetings too. */
export function mechanismHealth(mechanism: Mechanism, meetings: readonly Meeting[], at: IsoDate): CadenceHealth {
  const founded = representativeDay(mechanism.founded);
  const base = { id: mechanism.id, names: mechanism.names };
  if (at < founded) {
    return { ...base, status: 'not-yet-founded', lastMeeting: null, lastMeetingId: null, lastMeetingPrecision: null, nextExpected: null, daysSinceLast: null, schedule: null, gaps: [] };
  }
  const endedDay = mechanism.ended === null ? null : representativeDay(mechanism.ended);
  const ended = endedDay !== null && endedDay <= at;
  // Nothing after the end counts: gaps stop there.
  const cutoff = ended && endedDay !== null ? endedDay : at;
  const points = heldPoints(mechanism.id, meetings, cutoff, at);

  const last = points.length > 0 ? points[points.length - 1] : undefined;
  const lastFields = {
    lastMeeting: last?.meeting.date ?? null,
    lastMeetingId: last?.meeting.id ?? null,
    lastMeetingPrecision: last ? precisionOf(last.meeting.date) : null,
    daysSinceLast: last ? daysBetween(last.clock, at) : null,
  };

  const rule = cadenceRule(mechanism.cadence);
  const gaps = rule === null ? [] : findGaps(mechanism, points, rule, ended ? { day: cutoff, label: mechanism.ended ?? cutoff } : null, at);
  if (ended) return { ...base, status: 'ended', ...lastFields, nextExpected: null, schedule: null, gaps };
  if (rule === null) return { ...base, status: 'ad-hoc', ...lastFields, nextExpected: null, schedule: null, gaps: [] };

  let anchor = founded;
  for (const p of points) if (p.clock > anchor) anchor = p.clock;
  const schedule = scheduleFrom(anchor, rule);
  return { ...base, status: statusOn(schedule, at), ...lastFields, nextExpected: schedule.nextExpected, schedule, gaps };
}

function findGaps(
  mechanism: Mechanism,
  points: readonly HeldPoint[],
  rule: CadenceRule,
  end: { day: IsoDate; label: string } | null,
  at: IsoDate,
): Gap[] {
  const gaps: Gap[] = [];
  let clock = representativeDay(mechanism.founded);
  let label: string = mechanism.founded;
  for (const p of points) {
    if (p.start >= scheduleFrom(clock, rule).overdueFrom) {
      gaps.push({ from: label, to: p.meeting.date, days: daysBetween(clock, p.start) });
    }
    // A running maximum: a short meeting inside a longer one does not move the clock back.
    if (p.clock > clock) {
      clock = p.clock;
      label = p.clockLabel;
    }
  }
  const tail = end ?? { day: at, label: at };
  if (tail.day >= scheduleFrom(clock, rule).overdueFrom) {
    const gap: Gap = { from: label, to: tail.label, days: daysBetween(clock, tail.day) };
    gaps.push(end === null ? { ...gap, open: true } : gap);
  }
  return gaps;
}

/** Cadence health of every mechanism of a registry on day `at`, in registry order. */
export function registryHealth(registry: Registry, at: IsoDate): CadenceHealth[] {
  const byMechanism = new Map<string, Meeting[]>();
  for (const m of registry.meetings) {
    const list = byMechanism.get(m.mechanism);
    if (list) list.push(m);
    else byMechanism.set(m.mechanism, [m]);
  }
  return registry.mechanisms.map((mech) => mechanismHealth(mech, byMechanism.get(mech.id) ?? [], at));
}

/** How many mechanisms are in each state. `active` = on-schedule + due + overdue + lapsed. */
export interface StatusCounts {
  active: number;
  onSchedule: number;
  due: number;
  overdue: number;
  lapsed: number;
  adHoc: number;
  ended: number;
  notYetFounded: number;
}

/** Counts the statuses of a list of health records (or bare statuses). */
export function countStatuses(statuses: readonly (CadenceStatus | { status: CadenceStatus })[]): StatusCounts {
  const c: StatusCounts = { active: 0, onSchedule: 0, due: 0, overdue: 0, lapsed: 0, adHoc: 0, ended: 0, notYetFounded: 0 };
  for (const x of statuses) {
    const s = typeof x === 'string' ? x : x.status;
    if (s === 'on-schedule') c.onSchedule++;
    else if (s === 'due') c.due++;
    else if (s === 'overdue') c.overdue++;
    else if (s === 'lapsed') c.lapsed++;
    else if (s === 'ad-hoc') c.adHoc++;
    else if (s === 'ended') c.ended++;
    else c.notYetFounded++;
  }
  c.active = c.onSchedule + c.due + c.overdue + c.lapsed;
  return c;
}

/** One point of the fraying series. */
export interface FrayingPoint extends StatusCounts {
  at: IsoDate;
}

/**
 * The "fraying" series: status counts of all mechanisms on `from`, then every year or month after it
 * (always counted from `from`, so 01-31 steps to 02-28 and back to 03-31), up to and including `to`.
 */
export function frayingTimeline(registry: Registry, from: IsoDate, to: IsoDate, step: 'year' | 'month' = 'year'): FrayingPoint[] {
  if (to < from) throw new RangeError(`fraying timeline: "to" (${to}) is before "from" (${from})`);
  const months = step === 'year' ? 12 : 1;
  const points: FrayingPoint[] = [];
  for (let k = 0; ; k++) {
    const at = addMonths(from, k * months);
    if (at > to) break;
    points.push({ at, ...countStatuses(registryHealth(registry, at)) });
  }
  return points;
}
