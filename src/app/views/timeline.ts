/**
 * The architecture timeline: each mechanism of a pair or group as a lane across the years, with its
 * meetings, the gaps longer than its cadence allows, its life (founding to end), the terms of the
 * heads of government and the elections behind, the key developments on a lane of their own, and
 * above it the fraying curve — how many mechanisms were alive and how many kept their cadence.
 */
import { frayingTimeline, mechanismHealth, type FrayingPoint, type Gap } from '../../domain/cadence/rules.ts';
import { developmentsOf, mechanismsOf } from '../../domain/context.ts';
import { comparePartialDates, earliestDay, parsePartialDate, representativeDay, type IsoDate } from '../../domain/dates.ts';
import type { Development, Election, Mechanism, Meeting, Registry, Term } from '../../domain/registry/schema.ts';
import type { Selection } from './selection.ts';

export interface TimelineLane {
  readonly mechanism: Mechanism;
  readonly meetings: readonly Meeting[];
  /** Stretches without meetings longer than the cadence allows, up to `to` (the open one last). */
  readonly gaps: readonly Gap[];
  readonly status: string;
}

export interface TimelineView {
  readonly selection: Selection;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly lanes: readonly TimelineLane[];
  readonly terms: readonly Term[];
  readonly elections: readonly Election[];
  readonly developments: readonly Development[];
  /** Status counts on the first day of each year of the range. */
  readonly fraying: readonly FrayingPoint[];
}

/** The timeline of `selection` over the years fromYear–toYear, judged up to `at`. */
export function timelineOf(registry: Registry, selection: Selection, fromYear: number, toYear: number, at: IsoDate): TimelineView {
  const from = `${fromYear}-01-01`;
  const end = `${toYear}-12-31`;
  const to = end < at ? end : at;
  const mechanisms = mechanismsOf(registry, selection.parties)
    .filter((m) => earliestDay(m.founded) <= to && (m.ended === null || representativeDay(m.ended) >= from))
    .sort((a, b) => comparePartialDates(a.founded, b.founded) || a.id.localeCompare(b.id));
  const lanes = mechanisms.map((m): TimelineLane => {
    const meetings = registry.meetings.filter((x) => x.mechanism === m.id && representativeDay(x.date) >= from && representativeDay(x.date) <= to)
      .sort((a, b) => comparePartialDates(a.date, b.date));
    const h = mechanismHealth(m, registry.meetings, to);
    return { mechanism: m, meetings, gaps: h.gaps.filter((g) => representativeDay(g.to) >= from), status: h.status };
  });
  const scoped: Registry = { ...registry, mechanisms };
  return {
    selection, from, to, lanes,
    terms: registry.terms.filter((t) => selection.parties.includes(t.party) && t.start <= to && (t.end === null || t.end >= from))
      .sort((a, b) => a.party.localeCompare(b.party) || a.start.localeCompare(b.start)),
    elections: registry.elections.filter((e) => selection.parties.includes(e.party) && representativeDay(e.date) >= from && representativeDay(e.date) <= to),
    developments: developmentsOf(registry, selection.parties).filter((d) => representativeDay(d.date) >= from && representativeDay(d.date) <= to)
      .sort((a, b) => comparePartialDates(a.date, b.date)),
    fraying: frayingTimeline(scoped, from, to, 'year'),
  };
}

/** The default range: from the year the oldest lane's first recorded meeting or founding falls in, at most 1990, to `at`'s year. */
export function defaultTimelineYears(registry: Registry, at: IsoDate): { from: number; to: number } {
  const firstMeeting = registry.meetings.map((m) => parsePartialDate(m.date).year).reduce((a, b) => Math.min(a, b), 9999);
  return { from: Math.max(1990, Math.min(firstMeeting, 2000)), to: parsePartialDate(at).year };
}
