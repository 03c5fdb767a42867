/**
 * The calendar of a pair or group: heads of government and their terms, elections and transition
 * windows, the years the parties' elections coincide, and for each mechanism with a cadence a
 * proposed window for its next meeting clear of the transitions (src/domain/cadence/proposals.ts).
 */
import { proposeNextMeeting, type MeetingProposal } from '../../domain/cadence/proposals.ts';
import { electoralCalendar, type ElectoralCalendar } from '../../domain/calendar.ts';
import { mechanismsOf } from '../../domain/context.ts';
import { parsePartialDate, type IsoDate } from '../../domain/dates.ts';
import type { Mechanism, Party, Registry, Term } from '../../domain/registry/schema.ts';
import type { Selection } from './selection.ts';

export interface CalendarView {
  readonly at: IsoDate;
  readonly selection: Selection;
  readonly parties: readonly Party[];
  /** Terms that ended at most 12 years before `at`, or run on. */
  readonly terms: readonly Term[];
  readonly calendar: ElectoralCalendar;
  readonly proposals: readonly { readonly mechanism: Mechanism; readonly proposal: MeetingProposal }[];
}

export function calendarViewOf(registry: Registry, selection: Selection, at: IsoDate, fromYear?: number, toYear?: number): CalendarView {
  const year = parsePartialDate(at).year;
  const from = fromYear ?? year - 12;
  const to = toYear ?? year + 24;
  const calendar = electoralCalendar(registry, selection.parties, from, to);
  const horizon = electoralCalendar(registry, selection.parties, year - 1, year + 8).transitionWindows;
  const proposals = mechanismsOf(registry, selection.parties).flatMap((mechanism) => {
    const proposal = proposeNextMeeting(mechanism, registry.meetings, horizon, at);
    return proposal === null ? [] : [{ mechanism, proposal }];
  }).sort((a, b) => a.proposal.from.localeCompare(b.proposal.from) || a.mechanism.id.localeCompare(b.mechanism.id));
  return {
    at, selection,
    parties: selection.parties.map((c) => registry.parties.find((p) => p.id === c)!),
    terms: registry.terms.filter((t) => selection.parties.includes(t.party) && (t.end === null || parsePartialDate(t.end).year >= year - 12))
      .sort((a, b) => a.party.localeCompare(b.party) || a.start.localeCompare(b.start)),
    calendar, proposals,
  };
}
