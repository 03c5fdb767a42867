/**
 * Dates of the relationship: days, and the partial dates the record often only gives
 * ("2021-06", "2010") — the precision is kept, never padded into a false day.
 */
import { z } from 'zod';

export type Precision = 'day' | 'month' | 'year';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

/** Days in month m (1–12) of year y. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A calendar day, `YYYY-MM-DD`, checked to exist (no 2021-02-30). */
export const IsoDate = z.string().refine((s) => {
  const m = DAY_RE.exec(s);
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}, { message: 'expected a calendar day as YYYY-MM-DD' });
export type IsoDate = z.infer<typeof IsoDate>;

/** A date known to the day, the month or the year: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export const PartialDate = z.string().refine((s) => {
  const m = PARTIAL_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  if (m[2] === undefined) return true;
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return false;
  return m[3] === undefined || validDay(y, mo, Number(m[3]));
}, { message: 'expected YYYY-MM-DD, YYYY-MM or YYYY' });
export type PartialDate = z.infer<typeof PartialDate>;

export interface ParsedDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
  readonly precision: Precision;
}

/** Splits a partial date into its parts and its precision. Throws on malformed input. */
export function parsePartialDate(s: string): ParsedDate {
  const m = PARTIAL_RE.exec(s);
  if (!m) throw new Error(`not a date: ${JSON.stringify(s)} (expected YYYY-MM-DD, YYYY-MM or YYYY)`);
  const year = Number(m[1]);
  if (m[2] === undefined) return { year, precision: 'year' };
  const month = Number(m[2]);
  if (m[3] === undefined) return { year, month, precision: 'month' };
  return { year, month, day: Number(m[3]), precision: 'day' };
}

export function precisionOf(s: string): Precision {
  return parsePartialDate(s).precision;
}

/** First day a partial date can stand for ("2021-06" → 2021-06-01). */
export function earliestDay(s: string): IsoDate {
  const p = parsePartialDate(s);
  return formatDay(p.year, p.month ?? 1, p.day ?? 1);
}

/** Last day a partial date can stand for ("2021-06" → 2021-06-30). */
export function latestDay(s: string): IsoDate {
  const p = parsePartialDate(s);
  const month = p.month ?? 12;
  return formatDay(p.year, month, p.day ?? daysInMonth(p.year, month));
}

/**
 * The day used to place a partial date on a time line: the day itself, the 15th of a month,
 * or 1 July of a year. Midpoints keep the error of an imprecise date symmetric.
 */
export function representativeDay(s: string): IsoDate {
  const p = parsePartialDate(s);
  if (p.precision === 'day') return s;
  if (p.precision === 'month') return formatDay(p.year, p.month ?? 1, 15);
  return formatDay(p.year, 7, 1);
}

export function formatDay(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The UTC calendar day of an instant (callers pass the clock: `dayOf(new Date())`). */
export function dayOf(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a calendar day (UTC, no time zones involved). */
export function dayNumber(day: IsoDate): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`not a calendar day: ${JSON.stringify(day)}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

export function dayFromNumber(n: number): IsoDate {
  const d = new Date(n * 86_400_000);
  return formatDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Adds calendar months, clamping to the month's end (2020-01-31 + 1 month → 2020-02-29). */
export function addMonths(day: IsoDate, months: number): IsoDate {
  const p = parsePartialDate(day);
  const total = p.year * 12 + ((p.month ?? 1) - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return formatDay(y, m, Math.min(p.day ?? 1, daysInMonth(y, m)));
}

export function addDays(day: IsoDate, days: number): IsoDate {
  return dayFromNumber(dayNumber(day) + days);
}

/** Compares partial dates by their representative day, then by precision (day before month before year). */
export function comparePartialDates(a: string, b: string): number {
  const d = dayNumber(representativeDay(a)) - dayNumber(representativeDay(b));
  if (d !== 0) return d;
  const rank: Record<Precision, number> = { day: 0, month: 1, year: 2 };
  return rank[precisionOf(a)] - rank[precisionOf(b)];
}
