/**
 * The dashboard of a pair or group at a date: how its mechanisms keep their cadence, the
 * cooperation–conflict trend with its shifts, the next transition windows and coinciding elections,
 * the latest meetings and developments, the agenda's holes and the caveats of partial records.
 */
import { frayingTimeline, registryHealth, type CadenceHealth, type FrayingPoint } from '../../domain/cadence/rules.ts';
import { relationshipSummary, type IssueAreaTally, type StatusTally } from '../../domain/cadence/summary.ts';
import { electoralCalendar, transitionWindowsAt, type TransitionWindow } from '../../domain/calendar.ts';
import { developmentsOf, mechanismsOf } from '../../domain/context.ts';
import { comparePartialDates, parsePartialDate, representativeDay, type IsoDate } from '../../domain/dates.ts';
import type { Development, Mechanism, Meeting, Party, Registry } from '../../domain/registry/schema.ts';
import type { Series } from '../contracts.ts';
import { eventSeries } from '../events.ts';
import type { EventRepository } from '../ports.ts';
import { selections, type Selection } from './selection.ts';

export interface MechanismStanding {
  readonly mechanism: Mechanism;
  readonly health: CadenceHealth;
}

export interface DashboardView {
  readonly at: IsoDate;
  readonly selection: Selection;
  readonly selections: readonly Selection[];
  readonly parties: readonly Party[];
  readonly tally: StatusTally;
  /** Mechanisms alive and keeping their cadence, year by year since 2005 (the fraying curve). */
  readonly fraying: readonly FrayingPoint[];
  /** The selection's mechanisms, worst standing first (lapsed, overdue, due, on schedule, ad hoc, ended). */
  readonly mechanisms: readonly MechanismStanding[];
  /** The monthly series of the selection's events, or null when the store holds none of them. */
  readonly trend: Series | null;
  readonly eventsStored: number;
  readonly windows: { readonly current: readonly TransitionWindow[]; readonly next: readonly TransitionWindow[] };
  /** Coming years in which every party of the selection elects its head of government. */
  readonly coincidences: readonly number[];
  readonly latestMeetings: readonly { readonly meeting: Meeting; readonly mechanism: Mechanism }[];
  readonly developments: readonly Development[];
  readonly issueAreas: readonly IssueAreaTally[];
  readonly partialRecords: readonly string[];
}

/** The dashboard's fraying curve starts with the first North American Leaders' Summit's year. */
export const DASHBOARD_FROM_YEAR = 2005;

const ORDER = ['lapsed', 'overdue', 'due', 'on-schedule', 'ad-hoc', 'not-yet-founded', 'ended'];

export async function dashboardOf(registry: Registry, events: EventRepository, selection: Selection, at: IsoDate): Promise<DashboardView> {
  const mechanisms = mechanismsOf(registry, selection.parties);
  const scoped: Registry = { ...registry, mechanisms };
  const health = registryHealth(scoped, at);
  const byId = new Map(health.map((h) => [h.id, h]));
  const standings = mechanisms.map((m) => ({ mechanism: m, health: byId.get(m.id)! }))
    .sort((a, b) => ORDER.indexOf(a.health.status) - ORDER.indexOf(b.health.status) || a.mechanism.id.localeCompare(b.mechanism.id));
  const summary = relationshipSummary(scoped, at, health);
  const year = parsePartialDate(at).year;
  const series = await eventSeries({ events }, selection.parties.length === 2
    ? { dyad: selection.key, by: 'month' }
    : { group: [...selection.parties], by: 'month' });
  const eventsStored = series.points.reduce((n, p) => n + p.events, 0);
  const ids = new Set(mechanisms.map((m) => m.id));
  const mechanismById = new Map(mechanisms.map((m) => [m.id, m]));
  const latestMeetings = registry.meetings
    .filter((m) => ids.has(m.mechanism) && m.status === 'held' && representativeDay(m.date) <= at)
    .sort((a, b) => comparePartialDates(b.date, a.date))
    .slice(0, 8)
    .map((meeting) => ({ meeting, mechanism: mechanismById.get(meeting.mechanism)! }));
  const windows = transitionWindowsAt(registry, selection.parties, at);
  return {
    at, selection, selections: selections(registry),
    parties: selection.parties.map((c) => registry.parties.find((p) => p.id === c)!),
    tally: { active: summary.active, onSchedule: summary.onSchedule, due: summary.due, overdue: summary.overdue, lapsed: summary.lapsed, adHoc: summary.adHoc, shareOnSchedule: summary.shareOnSchedule },
    mechanisms: standings,
    fraying: frayingTimeline(scoped, `${Math.min(DASHBOARD_FROM_YEAR, year)}-01-01`, at, 'year'),
    trend: eventsStored > 0 ? series : null,
    eventsStored,
    windows: { current: windows.current, next: windows.next },
    coincidences: electoralCalendar(registry, selection.parties, year, year + 36).coincidences.filter((y) => y >= year),
    latestMeetings,
    developments: developmentsOf(registry, selection.parties)
      .filter((d) => representativeDay(d.date) <= at)
      .sort((a, b) => comparePartialDates(b.date, a.date))
      .slice(0, 6),
    issueAreas: summary.byIssueArea,
    partialRecords: summary.partialRecords,
  };
}
