/**
 * Field checks shared by the readers. Each returns the parsed value or `BAD`, so the hot loops stay
 * free of exceptions and allocations; the caller names the field and the reason.
 */
import { daysInMonth } from '../../domain/dates.ts';

/** Marker for a value that failed its check (distinct from null = "blank / unknown"). */
export const BAD: unique symbol = Symbol('bad');
export type Bad = typeof BAD;

/** Quotes a raw value for a reject reason, cut to a readable length. */
export function show(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

function digitsAt(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether s is a non-empty run of ASCII digits. */
function isDigits(s: string): boolean {
  return s.length > 0 && digitsAt(s, 0, s.length);
}

function day(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** `YYYY-MM-DD` checked to exist; null otherwise. */
export function isoDate(s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  if (!digitsAt(s, 0, 4) || !digitsAt(s, 5, 7) || !digitsAt(s, 8, 10)) return null;
  return day(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))) ? s : null;
}

/** A finite decimal number; null when blank. */
export function optNumber(s: string): number | null | Bad {
  if (s === '') return null;
  const n = Number(s);
  // Number() accepts " ", "0x1F" and "Infinity"; a data file should not.
  if (!Number.isFinite(n) || s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32 || (s.length > 1 && (s[1] === 'x' || s[1] === 'X'))) return BAD;
  return n;
}

/** A number within [lo, hi]; null when blank. */
export function optRange(s: string, lo: number, hi: number): number | null | Bad {
  const n = optNumber(s);
  if (n === null || n === BAD) return n;
  return n < lo || n > hi ? BAD : n;
}

/** A non-negative integer count; null when blank. */
export function optCount(s: string): number | null | Bad {
  if (s === '') return null;
  if (!isDigits(s)) return BAD;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BAD;
}

/**
 * A copy of a string that holds no reference to a larger one. V8 makes substrings of 13+ chars
 * "sliced strings" that keep their whole parent alive — here a 1 MiB block of the input — so a
 * value kept in a long-lived cache must be copied, or the cache would pin the file in memory.
 * Slicing a concatenation flattens it into a fresh string one char longer than s: cheap, and
 * what remains referenced is only that copy.
 */
export function flat(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** A memo for values that repeat a lot (sector lists, place names); keys are copied flat; cleared when it grows past `max`. */
export class Memo<V> {
  readonly #m = new Map<string, V>();
  constructor(private readonly max = 100_000) {}
  get(key: string, make: (k: string) => V): V {
    let v = this.#m.get(key);
    if (v === undefined && !this.#m.has(key)) {
      const k = flat(key);
      v = make(k);
      if (this.#m.size >= this.max) this.#m.clear();
      this.#m.set(k, v);
    }
    return v as V;
  }
}

/** Adds one (or n) to a counter in a map. */
export function bump(m: Map<string, number>, key: string, n = 1): void {
  m.set(key, (m.get(key) ?? 0) + n);
}
