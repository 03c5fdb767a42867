/**
 * A proposed window for a mechanism's next meeting that keeps clear of its parties' transitions.
 *
 * The rule:
 *  1. The target is the meeting the cadence expects next: the schedule's `nextExpected`, or `at` when
 *     that day has passed (an overdue or lapsed mechanism should meet as soon as it can).
 *  2. The window runs from the start of the due window (`dueFrom`, never before `at`) to the end of
 *     the grace (`overdueFrom` − 1), the days in which a meeting keeps the mechanism on schedule; a
 *     mechanism already past them gets a window of the same length from `at`.
 *  3. A window must not overlap a transition of any of the mechanism's parties: from election day
 *     to the inauguration and the SETTLING_DAYS after it, while a new government names its team.
 *     A window that does is moved to start the day after that settling ends, keeping its length,
 *     until it overlaps none (each transition avoided is listed).
 *  4. Ad hoc mechanisms, those not yet founded or ended, get no proposal.
 */
import { addDays, daysBetween, type IsoDate } from '../dates.ts';
import type { TransitionWindow } from '../calendar.ts';
import type { Mechanism, Meeting } from '../registry/schema.ts';
import { cadenceRule, mechanismHealth } from './rules.ts';

/** Days after an inauguration still counted as the transition (a new government's first hundred days). */
export const SETTLING_DAYS = 100;

export interface MeetingProposal {
  readonly mechanism: string;
  readonly status: string;
  /** The day the cadence expects the next meeting. */
  readonly nextExpected: IsoDate;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Transition windows the proposal was moved past, in order. */
  readonly avoided: readonly TransitionWindow[];
}

/** The proposed window for `mechanism`'s next meeting, seen from `at`, or null (rule 4). */
export function proposeNextMeeting(mechanism: Mechanism, meetings: readonly Meeting[], windows: readonly TransitionWindow[], at: IsoDate): MeetingProposal | null {
  const rule = cadenceRule(mechanism.cadence);
  const health = mechanismHealth(mechanism, meetings, at);
  if (rule === null || health.schedule === null || health.nextExpected === null) return null;
  const s = health.schedule;
  let from: IsoDate = s.dueFrom > at ? s.dueFrom : at;
  let to: IsoDate = addDays(s.overdueFrom, -1);
  if (to < from) to = addDays(from, daysBetween(s.dueFrom, addDays(s.overdueFrom, -1)));
  const length = daysBetween(from, to);
  const blocking = windows
    .filter((w) => mechanism.parties.includes(w.party))
    .map((w) => ({ w, end: addDays(w.to, SETTLING_DAYS) }))
    .sort((a, b) => (a.w.from < b.w.from ? -1 : a.w.from > b.w.from ? 1 : 0));
  const avoided: TransitionWindow[] = [];
  for (let moved = true; moved;) {
    moved = false;
    for (const { w, end } of blocking) {
      if (from <= end && w.from <= to && !avoided.includes(w)) {
        avoided.push(w);
        from = addDays(end, 1);
        to = addDays(from, length);
        moved = true;
      }
    }
  }
  return { mechanism: mechanism.id, status: health.status, nextExpected: health.nextExpected, from, to, avoided };
}
