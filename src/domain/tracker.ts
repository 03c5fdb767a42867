/**
 * The recommendation tracker: where each recommendation stands, from its dated, sourced history of
 * statuses, and — where it asks for a mechanism to meet on its cadence — what the registry's meetings
 * say about that, computed with the cadence rules (cadence/rules.ts), so that the status can be argued
 * from data rather than typed in.
 *
 * THE RULES (tests in test/domain/tracker.test.ts and tracker-north-america.test.ts)
 *
 * 1. Statuses: not-addressed, under-consideration, partly-adopted, adopted, reversed. A history lists
 *    them in order of date, each with its sources and a note; dates keep their precision.
 *
 * 2. The status on a date `at` is that of the last entry of the history whose date may have come by
 *    then (its first possible day is on or before `at`); null when there is none. It holds since the
 *    first of the entries that end the history with that same status (a later entry may confirm a
 *    status without changing it). The history shown is the entries up to the last one.
 *
 * 3. Cadence evidence, for each mechanism in `cadenceOf` (a mechanism whose regular meeting the
 *    recommendation asks for; the integrity check requires a cadence other than ad hoc):
 *      since        the recommendation's date, as recorded
 *      held         the mechanism's held meetings not known to precede the recommendation (their
 *                   last possible day is on or after its first possible day) and begun by `at` (their
 *                   first possible day on or before it) —
 *                   for a recommendation dated to a year, every meeting of that year counts
 *      notHeld      meetings of the same stretch that were planned and postponed or cancelled
 *      expected     how many whole intervals of the cadence fit between the recommendation's first
 *                   possible day and `at`: the meetings the cadence called for in that time
 *      status, lastMeeting, daysSinceLast, nextExpected
 *                   the mechanism's cadence health on `at` (cadence/rules.ts)
 *      lapsedFrom   the first day of the lapse (two full intervals without a meeting), when the
 *                   mechanism is lapsed on `at`; null otherwise
 *      gaps         the gaps of its health that end on or after the recommendation's first possible day
 */
import { addMonths, earliestDay, latestDay, type IsoDate } from './dates.ts';
import { cadenceRule, mechanismHealth, type CadenceHealth, type Gap } from './cadence/rules.ts';
import type { Mechanism, Meeting, Recommendation, RecommendationStatus, Registry } from './registry/schema.ts';

export interface CadenceEvidence {
  readonly mechanism: Mechanism;
  readonly since: string;
  readonly intervalMonths: number;
  readonly held: readonly Meeting[];
  readonly notHeld: readonly Meeting[];
  readonly expected: number;
  readonly health: CadenceHealth;
  readonly lapsedFrom: IsoDate | null;
  readonly gaps: readonly Gap[];
}

export interface TrackedRecommendation {
  readonly recommendation: Recommendation;
  /** The status on the date (rule 2), or null before the first entry. */
  readonly status: RecommendationStatus | null;
  /** The date of the first entry of the run of entries that end the history with that status. */
  readonly statusSince: string | null;
  /** The entries up to the one that gives the status. */
  readonly history: Recommendation['history'];
  readonly cadence: readonly CadenceEvidence[];
}

/** The entries of a history that may have come by `at` (rule 2). */
export function historyAt(recommendation: Recommendation, at: IsoDate): Recommendation['history'] {
  return recommendation.history.filter((h) => earliestDay(h.date) <= at);
}

/** Whole intervals of `months` months from `from` to `at` (0 when `at` is before the first one ends). */
export function intervalsBetween(from: IsoDate, at: IsoDate, months: number): number {
  let k = 0;
  while (addMonths(from, (k + 1) * months) <= at) k++;
  return k;
}

/** The cadence evidence of one mechanism for a recommendation on `at` (rule 3); null for an ad-hoc cadence. */
export function cadenceEvidence(recommendation: Recommendation, mechanism: Mechanism, meetings: readonly Meeting[], at: IsoDate): CadenceEvidence | null {
  const rule = cadenceRule(mechanism.cadence);
  if (rule === null) return null;
  const first = earliestDay(recommendation.date);
  const after = meetings.filter((m) => m.mechanism === mechanism.id && latestDay(m.date) >= first && earliestDay(m.date) <= at);
  const health = mechanismHealth(mechanism, meetings, at);
  return {
    mechanism,
    since: recommendation.date,
    intervalMonths: rule.intervalMonths,
    held: after.filter((m) => m.status === 'held'),
    notHeld: after.filter((m) => m.status !== 'held'),
    expected: first <= at ? intervalsBetween(first, at, rule.intervalMonths) : 0,
    health,
    lapsedFrom: health.status === 'lapsed' && health.schedule !== null ? health.schedule.lapsedFrom : null,
    gaps: health.gaps.filter((g) => latestDay(g.to) >= first),
  };
}

/** One recommendation tracked on `at`. */
export function trackRecommendation(registry: Registry, recommendation: Recommendation, at: IsoDate): TrackedRecommendation {
  const history = historyAt(recommendation, at);
  const last = history.at(-1);
  let since = history.length - 1;
  while (since > 0 && history[since - 1]!.status === last?.status) since--;
  const mechanisms = new Map(registry.mechanisms.map((m) => [m.id, m]));
  const cadence: CadenceEvidence[] = [];
  for (const id of recommendation.cadenceOf) {
    const m = mechanisms.get(id);
    const evidence = m === undefined ? null : cadenceEvidence(recommendation, m, registry.meetings, at);
    if (evidence !== null) cadence.push(evidence);
  }
  return { recommendation, status: last?.status ?? null, statusSince: history[since]?.date ?? null, history, cadence };
}

/** Every recommendation of a registry tracked on `at`, in registry order. */
export function trackRecommendations(registry: Registry, at: IsoDate): TrackedRecommendation[] {
  return registry.recommendations.map((r) => trackRecommendation(registry, r, at));
}
