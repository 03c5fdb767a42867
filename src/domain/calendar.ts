/**
 * The electoral calendar of the parties: head-of-government elections, the transition windows they
 * open (election → inauguration), the years in which elections coincide, and who is in office.
 *
 * Rules:
 * 1. Recorded first. An Election record is listed as it was (`basis: 'recorded'`), even off its
 *    cycle (Canada's early elections, Mexico's August 1994 election).
 * 2. Fixed cycles fill the rest. For an ElectoralCycle with `fixed: true`, every year Y in its
 *    validity (validFrom ≤ Y ≤ validTo) with (Y − anchorYear) divisible by everyYears, and with no
 *    recorded election of that party in Y, gets a projected election (`basis: 'projected'`).
 * 3. Nominal cycles restart at each recorded election. For `fixed: false` (Canada: the fixed-date
 *    law allows early elections) the projection runs every everyYears from the party's latest
 *    recorded election (or from anchorYear when none is recorded), only after it, and is marked
 *    `basis: 'nominal'`.
 * 4. A projected election keeps only what the cycle knows: its date is the month of the typical
 *    election day (`2036-11`, precision month), never a padded day. Its window uses the typical day.
 * 5. Inauguration: the recorded one; failing that, the inauguration day of a fixed cycle valid that
 *    year (`inaugurationBasis: 'projected'`). A projected or nominal election takes its cycle's day.
 *    A recorded election without one under a nominal cycle gets none: a re-elected Canadian
 *    government has no transition, and nothing fixes when a new one is sworn in.
 * 6. Transition window = [election day, inauguration day), `days` = inauguration − election. A window
 *    is `estimated` when either end is not a recorded day. Windows of two parties overlap when one
 *    starts before the other ends; the overlap is [later start, earlier end).
 * 7. Coincidence years: years in which every requested party has an election (recorded, projected
 *    or nominal); needs two parties or more.
 */
import { daysBetween, daysInMonth, formatDay, parsePartialDate, precisionOf, representativeDay } from './dates.ts';
import type { IsoDate, Precision } from './dates.ts';
import type { Election, ElectoralCycle, Registry, Term } from './registry/schema.ts';

export type ElectionBasis = 'recorded' | 'projected' | 'nominal';

export interface CalendarElection {
  /** The Election record's id, or `<party>-<year>-projected` / `<party>-<year>-nominal`. */
  id: string;
  party: string;
  kind: 'presidential' | 'general';
  year: number;
  /** Recorded date as it was, or the month of a projected election. */
  date: string;
  precision: Precision;
  basis: ElectionBasis;
  inauguration: IsoDate | null;
  inaugurationBasis: 'recorded' | 'projected' | null;
}

export interface TransitionWindow {
  election: string;
  party: string;
  basis: ElectionBasis;
  /** Election day (placed day for a partial date; the cycle's typical day for a projection). */
  from: IsoDate;
  /** Inauguration day: the window ends when the new government takes office. */
  to: IsoDate;
  days: number;
  /** True when either end is not a recorded day. */
  estimated: boolean;
}

export interface WindowOverlap {
  parties: [string, string];
  elections: [string, string];
  from: IsoDate;
  to: IsoDate;
  days: number;
}

/** The public JSON of `intermestic calendar --parties … --from … --to … --json`. */
export interface ElectoralCalendar {
  parties: string[];
  from: number;
  to: number;
  /** Years in which every requested party holds a head-of-government election. */
  coincidences: number[];
  /** The same, for each pair of the requested parties (in the order requested). */
  pairCoincidences: { parties: [string, string]; years: number[] }[];
  /** Elections per party, by date. */
  elections: Record<string, CalendarElection[]>;
  /** Transition windows of elections in the year range, by start. */
  transitionWindows: TransitionWindow[];
  /** Windows of different parties that overlap, by start. */
  overlaps: WindowOverlap[];
}

function monthDay(year: number, mmdd: string): IsoDate {
  const m = Number(mmdd.slice(0, 2));
  const d = Number(mmdd.slice(3, 5));
  // 02-29 in a common year is clamped to the 28th.
  return formatDay(year, m, Math.min(d, daysInMonth(year, m)));
}

function cycleFor(registry: Registry, party: string, year: number, fixed?: boolean): ElectoralCycle | undefined {
  return registry.electoralCycles.find((c) => c.party === party && c.validFrom <= year && (c.validTo === undefined || year <= c.validTo)
    && (fixed === undefined || c.fixed === fixed));
}

function recordedElection(registry: Registry, e: Election): CalendarElection {
  const year = parsePartialDate(e.date).year;
  let inauguration: IsoDate | null = e.inauguration ?? null;
  let inaugurationBasis: CalendarElection['inaugurationBasis'] = inauguration === null ? null : 'recorded';
  if (inauguration === null) {
    const cycle = cycleFor(registry, e.party, year, true);
    if (cycle) {
      inauguration = monthDay(year + cycle.inaugurationYearOffset, cycle.inaugurationDay);
      inaugurationBasis = 'projected';
    }
  }
  return { id: e.id, party: e.party, kind: e.kind, year, date: e.date, precision: precisionOf(e.date), basis: 'recorded', inauguration, inaugurationBasis };
}

function projectedElection(party: string, year: number, cycle: ElectoralCycle): CalendarElection {
  const basis: ElectionBasis = cycle.fixed ? 'projected' : 'nominal';
  return {
    id: `${party.toLowerCase()}-${year}-${basis}`,
    party, kind: cycle.kind, year,
    date: `${year}-${cycle.typicalElectionDay.slice(0, 2)}`,
    precision: 'month',
    basis,
    inauguration: monthDay(year + cycle.inaugurationYearOffset, cycle.inaugurationDay),
    inaugurationBasis: 'projected',
  };
}

function cycleYears(cycle: ElectoralCycle, from: number, to: number, after?: number): number[] {
  const years: number[] = [];
  const lo = Math.max(from, cycle.validFrom);
  const hi = Math.min(to, cycle.validTo ?? to);
  const base = after ?? cycle.anchorYear;
  for (let y = lo; y <= hi; y++) {
    const k = y - base;
    if (after !== undefined && y <= after) continue;
    if (((k % cycle.everyYears) + cycle.everyYears) % cycle.everyYears === 0) years.push(y);
  }
  return years;
}

/** Elections of one party in [fromYear, toYear]: recorded, then projected from its cycles (rules 1–4). */
export function partyElections(registry: Registry, party: string, fromYear: number, toYear: number): CalendarElection[] {
  const recordedAll = registry.elections.filter((e) => e.party === party);
  const out = recordedAll
    .map((e) => recordedElection(registry, e))
    .filter((e) => e.year >= fromYear && e.year <= toYear);
  const recordedYears = new Set(recordedAll.map((e) => parsePartialDate(e.date).year));
  const latestRecorded = recordedAll.length === 0 ? undefined : Math.max(...recordedYears);
  const projectedYears = new Set<number>();
  for (const cycle of registry.electoralCycles.filter((c) => c.party === party)) {
    const years = cycle.fixed ? cycleYears(cycle, fromYear, toYear) : cycleYears(cycle, fromYear, toYear, latestRecorded);
    for (const y of years) {
      if (recordedYears.has(y) || projectedYears.has(y)) continue;
      projectedYears.add(y);
      out.push(projectedElection(party, y, cycle));
    }
  }
  return out.sort((a, b) => windowStart(a, registry).localeCompare(windowStart(b, registry)) || a.id.localeCompare(b.id));
}

function windowStart(e: CalendarElection, registry: Registry): IsoDate {
  if (e.basis === 'recorded') return representativeDay(e.date);
  const cycle = cycleFor(registry, e.party, e.year, e.basis === 'projected');
  return cycle ? monthDay(e.year, cycle.typicalElectionDay) : representativeDay(e.date);
}

/** Election → inauguration window of an election, or null when it has no inauguration (rule 6). */
export function transitionWindow(registry: Registry, e: CalendarElection): TransitionWindow | null {
  if (e.inauguration === null) return null;
  const from = windowStart(e, registry);
  if (e.inauguration <= from) return null;
  return {
    election: e.id, party: e.party, basis: e.basis, from, to: e.inauguration,
    days: daysBetween(from, e.inauguration),
    estimated: e.basis !== 'recorded' || e.precision !== 'day' || e.inaugurationBasis !== 'recorded',
  };
}

/** Pairs of windows of different parties that overlap, with the overlap (rule 6). */
export function windowOverlaps(windows: readonly TransitionWindow[]): WindowOverlap[] {
  const out: WindowOverlap[] = [];
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const a = windows[i] as TransitionWindow;
      const b = windows[j] as TransitionWindow;
      if (a.party === b.party) continue;
      const from = a.from > b.from ? a.from : b.from;
      const to = a.to < b.to ? a.to : b.to;
      if (from >= to) continue;
      const [x, y] = a.party <= b.party ? [a, b] : [b, a];
      out.push({ parties: [x.party, y.party], elections: [x.election, y.election], from, to, days: daysBetween(from, to) });
    }
  }
  return out.sort((p, q) => p.from.localeCompare(q.from));
}

function distinct(parties: readonly string[]): string[] {
  return [...new Set(parties)];
}

/** The electoral calendar of `parties` for election years fromYear–toYear (rules in this file's header). */
export function electoralCalendar(registry: Registry, parties: readonly string[], fromYear: number, toYear: number): ElectoralCalendar {
  if (toYear < fromYear) throw new RangeError(`electoral calendar: toYear (${toYear}) is before fromYear (${fromYear})`);
  const codes = distinct(parties);
  const elections: Record<string, CalendarElection[]> = {};
  for (const p of codes) elections[p] = partyElections(registry, p, fromYear, toYear);
  const yearsOf = (p: string): Set<number> => new Set((elections[p] ?? []).map((e) => e.year));
  const common = (ps: readonly string[]): number[] => {
    if (ps.length < 2) return [];
    const sets = ps.map(yearsOf);
    return [...(sets[0] ?? [])].filter((y) => sets.every((s) => s.has(y))).sort((a, b) => a - b);
  };
  const pairCoincidences: { parties: [string, string]; years: number[] }[] = [];
  for (let i = 0; i < codes.length; i++) {
    for (let j = i + 1; j < codes.length; j++) {
      const pair: [string, string] = [codes[i] as string, codes[j] as string];
      pairCoincidences.push({ parties: pair, years: common(pair) });
    }
  }
  const transitionWindows = codes
    .flatMap((p) => elections[p] ?? [])
    .map((e) => transitionWindow(registry, e))
    .filter((w): w is TransitionWindow => w !== null)
    .sort((a, b) => a.from.localeCompare(b.from) || a.party.localeCompare(b.party));
  return {
    parties: codes, from: fromYear, to: toYear,
    coincidences: common(codes),
    pairCoincidences,
    elections,
    transitionWindows,
    overlaps: windowOverlaps(transitionWindows),
  };
}

export interface WindowsAt {
  at: IsoDate;
  /** Windows open on `at` (from ≤ at < to). */
  current: TransitionWindow[];
  /** For each party, its first window starting after `at`, by start. */
  next: TransitionWindow[];
}

/** The transition windows open on day `at` and each party's next one. */
export function transitionWindowsAt(registry: Registry, parties: readonly string[], at: IsoDate): WindowsAt {
  const year = parsePartialDate(at).year;
  const codes = distinct(parties);
  const longest = Math.max(6, ...registry.electoralCycles.filter((c) => codes.includes(c.party)).map((c) => c.everyYears));
  // A window opened the year before can still be running; the next one is at most a cycle away.
  const cal = electoralCalendar(registry, codes, year - 1, year + longest + 1);
  const current = cal.transitionWindows.filter((w) => w.from <= at && at < w.to);
  const next = codes
    .map((p) => cal.transitionWindows.find((w) => w.party === p && w.from > at))
    .filter((w): w is TransitionWindow => w !== undefined)
    .sort((a, b) => a.from.localeCompare(b.from));
  return { at, current, next };
}

/**
 * The head of government of `party` in office on day `date`, or null when the registry has none.
 * Terms cover start..end inclusive (sources give either the last day or the successor's first day
 * as `end`); on a handover day the term that started latest wins — the successor has taken office.
 */
export function termAt(registry: Registry, party: string, date: IsoDate): Term | null {
  let best: Term | null = null;
  for (const t of registry.terms) {
    if (t.party !== party || t.start > date || (t.end !== null && t.end < date)) continue;
    if (best === null || t.start > best.start) best = t;
  }
  return best;
}
