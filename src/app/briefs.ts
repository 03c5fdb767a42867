/**
 * Briefs: what a desk officer hands on, gathered from the registry and the event store.
 *
 * - `state`: the state of the relationship of a pair or group at a date — cadence health and lapses
 *   with the fraying curve, the event trend with its shifts and what the registry holds around them,
 *   meetings since a date, the agenda's holes, commitments and recommendations, and the calendar ahead.
 * - `transition`: for an incoming government (an election of the registry or one the calendar
 *   projects): which mechanisms risk lapsing in its transition window, which commitments fall due,
 *   and proposed first consultations.
 *
 * The snapshot id names the data a brief was made from (the registry's content and the event
 * store's import log), so that two briefs can be compared; the same data and date give the same brief.
 */
import { mechanismHealth, type CadenceHealth } from '../domain/cadence/rules.ts';
import { proposeNextMeeting, SETTLING_DAYS, type MeetingProposal } from '../domain/cadence/proposals.ts';
import { electoralCalendar, type TransitionWindow } from '../domain/calendar.ts';
import { mechanismsOf } from '../domain/context.ts';
import { addDays, comparePartialDates, earliestDay, parsePartialDate, representativeDay, type IsoDate } from '../domain/dates.ts';
import type { Commitment, Election, Mechanism, Meeting, Registry } from '../domain/registry/schema.ts';
import { InvalidInput } from './errors.ts';
import type { Clock, EventRepository, StoredEventStats } from './ports.ts';
import { complianceReport, recommendationsReport } from './compliance.ts';
import type { Compliance, Recommendations, Scorecard } from './contracts.ts';
import { scorecardOf } from './scorecard.ts';
import { calendarViewOf, type CalendarView } from './views/calendar.ts';
import { commitmentsOf, type CommitmentsView } from './views/commitments.ts';
import { dashboardOf, type DashboardView } from './views/dashboard.ts';
import { shiftContexts, type ExplorerView } from './views/explorer.ts';
import { selectionOf, type Selection } from './views/selection.ts';

export type BriefKind = 'state' | 'transition';

export interface BriefRequest {
  /** `USA-MEX`, `USA-MEX-CAN`: as the web app's `?pair=`. */
  readonly pair?: string;
  readonly at?: IsoDate;
  readonly since?: IsoDate;
  readonly kind?: BriefKind;
  /** The election a transition brief is for (an id of the registry, or of a projected election). */
  readonly election?: string;
}

export interface TransitionPart {
  readonly window: TransitionWindow;
  readonly election: Election | null;
  /** The window and the settling days after the inauguration: what the brief looks at. */
  readonly until: IsoDate;
  /** The day the standing is judged from: the brief's date, or election day when that is earlier. */
  readonly reference: IsoDate;
  /** Mechanisms keeping their cadence at the brief's date (or election day, when past) that would not keep it at `until` without a meeting. */
  readonly atRisk: readonly { readonly mechanism: Mechanism; readonly now: CadenceHealth; readonly then: CadenceHealth }[];
  /** Commitments of the electing party (or joint) whose due date falls from the election to `until`, or has passed unmet. */
  readonly commitmentsDue: readonly Commitment[];
  /** First consultations: each mechanism's next meeting proposed from the inauguration day. */
  readonly firstConsultations: readonly { readonly mechanism: Mechanism; readonly proposal: MeetingProposal }[];
}

export interface BriefData {
  readonly kind: BriefKind;
  readonly at: IsoDate;
  readonly since: IsoDate;
  readonly selection: Selection;
  readonly dashboard: DashboardView;
  /** The shifts of the dashboard's monthly series, each with what the registry holds around it. */
  readonly annotations: ExplorerView['annotations'];
  readonly calendar: CalendarView;
  readonly commitments: CommitmentsView;
  readonly meetingsSince: readonly { readonly meeting: Meeting; readonly mechanism: Mechanism }[];
  readonly lapsed: readonly { readonly mechanism: Mechanism; readonly health: CadenceHealth; readonly lastMeeting: Meeting | null }[];
  readonly transition: TransitionPart | null;
  /** Compliance of the selection's parties' commitments, judged at the brief's date. */
  readonly compliance: Compliance;
  /** The recommendation tracker at the brief's date: each status with its date, argued from the cadence where one is asked for. */
  readonly tracker: Recommendations;
  /** The three Cs for the ten years up to the brief's date (the last period's scores are its last row). */
  readonly scorecard: Scorecard;
  readonly registry: Registry;
  readonly events: StoredEventStats;
  readonly snapshot: string;
  /** The day the brief was made (the clock's today). */
  readonly generated: IsoDate;
}

/**
 * The data snapshot: SHA-256 over the registry's content (its collections as JSON, in the public
 * order) and the event store's import log (each file's hash and counts, not when or where it was
 * imported from), in its first 16 hex digits.
 */
export function snapshotId(registry: Registry, events: StoredEventStats, sha256: Digest): string {
  const log = [...events.imports].sort((a, b) => a.sha256.localeCompare(b.sha256) || a.format.localeCompare(b.format))
    .map((i) => `${i.format} ${i.sha256} ${i.inserted} ${i.duplicates} ${i.rejected}\n`).join('');
  return sha256(`${JSON.stringify(registry)}\n${log}`).slice(0, 16);
}

/** SHA-256 of a text, as hex (node:crypto at the edge; the use cases do no I/O of their own). */
export type Digest = (text: string) => string;

/** The first day the registry knows of: its earliest founding, meeting or term. */
function firstDay(registry: Registry): IsoDate {
  const days = [...registry.mechanisms.map((m) => earliestDay(m.founded)), ...registry.meetings.map((m) => earliestDay(m.date)), ...registry.terms.map((t) => t.start)];
  return days.reduce((a, b) => (b < a ? b : a), '9999-12-31');
}

/** A transition window of `election` among the parties' windows of the years around it. */
function windowOf(registry: Registry, parties: readonly string[], id: string): TransitionWindow {
  const election = registry.elections.find((e) => e.id === id);
  if (election !== undefined && !parties.includes(election.party)) {
    throw new InvalidInput([{ parameter: 'election', message: `${id} is an election of ${election.party}, not of ${parties.join(', ')}` }]);
  }
  const year = election !== undefined ? parsePartialDate(election.date).year : Number(/(\d{4})/.exec(id)?.[1] ?? NaN);
  const windows = Number.isFinite(year) ? electoralCalendar(registry, parties, year - 1, year + 1).transitionWindows : [];
  const w = windows.find((x) => x.election === id);
  if (w === undefined) {
    const known = windows.map((x) => x.election).slice(0, 8);
    throw new InvalidInput([{ parameter: 'election', message: `no election "${id}" of ${parties.join(', ')} in the registry or its calendar${known.length > 0 ? ` (around ${year}: ${known.join(', ')})` : ' (ids look like usa-2028-projected or the registry\'s election ids)'}` }]);
  }
  return w;
}

function transitionPart(registry: Registry, selection: Selection, id: string, at: IsoDate): TransitionPart {
  const window = windowOf(registry, selection.parties, id);
  // Judged from the brief's date, or from election day when that is past: what is kept now, and what
  // would be lost by the end of the transition if no meeting were held in between.
  const reference = at < window.from ? at : window.from;
  const until = addDays(window.to, SETTLING_DAYS);
  const mechanisms = mechanismsOf(registry, selection.parties).filter((m) => m.parties.includes(window.party));
  const keeping = new Set(['on-schedule', 'due']);
  const atRisk = mechanisms.flatMap((mechanism) => {
    const held = registry.meetings.filter((m) => representativeDay(m.date) <= reference);
    const now = mechanismHealth(mechanism, held, reference);
    const then = mechanismHealth(mechanism, held, until);
    return now.schedule !== null && keeping.has(now.status) && !keeping.has(then.status) ? [{ mechanism, now, then }] : [];
  });
  const commitmentsDue = registry.commitments
    .filter((c) => c.dueDate !== undefined && (c.owner === window.party || selection.parties.includes(c.owner)))
    .filter((c) => representativeDay(c.dueDate!) <= until && representativeDay(c.dueDate!) >= addDays(window.from, -365))
    .sort((a, b) => comparePartialDates(a.dueDate!, b.dueDate!) || a.id.localeCompare(b.id));
  const windows = electoralCalendar(registry, selection.parties, parsePartialDate(window.from).year - 1, parsePartialDate(window.from).year + 8).transitionWindows;
  const firstConsultations = mechanisms.flatMap((mechanism) => {
    const proposal = proposeNextMeeting(mechanism, registry.meetings.filter((m) => representativeDay(m.date) <= window.from), windows, window.to);
    return proposal === null ? [] : [{ mechanism, proposal }];
  }).sort((a, b) => a.proposal.from.localeCompare(b.proposal.from) || a.mechanism.id.localeCompare(b.mechanism.id));
  return { window, election: registry.elections.find((e) => e.id === id) ?? null, until, reference, atRisk, commitmentsDue, firstConsultations };
}

/** The brief's data; `registry` is the registry as the caller holds it (the server's cached copy, or a read). */
export async function briefOf(s: { events: EventRepository; clock: Clock; sha256: Digest }, registry: Registry, request: BriefRequest): Promise<BriefData> {
  const selection = selectionOf(registry, request.pair);
  const today = s.clock.today();
  const at = request.at ?? today;
  const first = firstDay(registry);
  if (at < first) throw new InvalidInput([{ parameter: 'at', message: `${at} is before any record of the registry (the first is of ${first})` }]);
  const kind = request.kind ?? 'state';
  if (kind === 'transition' && request.election === undefined) throw new InvalidInput([{ parameter: 'election', message: 'a transition brief needs --election (an election id)' }]);
  if (kind === 'state' && request.election !== undefined) throw new InvalidInput([{ parameter: 'election', message: 'only a transition brief takes an election' }]);
  const since = request.since ?? addDays(at, -365);
  if (since > at) throw new InvalidInput([{ parameter: 'since', message: `${since} is after the brief's date ${at}` }]);

  const dashboard = await dashboardOf(registry, s.events, selection, at);
  // The dashboard's series already is the monthly series of the selection: annotate its shifts, do not query it again.
  const annotations = dashboard.trend === null ? [] : shiftContexts(registry, selection.parties, dashboard.trend);
  const ids = new Set(dashboard.mechanisms.map((m) => m.mechanism.id));
  const byId = new Map(dashboard.mechanisms.map((m) => [m.mechanism.id, m.mechanism]));
  const meetingsSince = registry.meetings
    .filter((m) => ids.has(m.mechanism) && m.status === 'held' && representativeDay(m.date) >= since && representativeDay(m.date) <= at)
    .sort((a, b) => comparePartialDates(a.date, b.date) || a.id.localeCompare(b.id))
    .map((meeting) => ({ meeting, mechanism: byId.get(meeting.mechanism)! }));
  const lapsed = dashboard.mechanisms.filter((m) => m.health.status === 'lapsed').map(({ mechanism, health }) => ({
    mechanism, health,
    lastMeeting: registry.meetings.filter((x) => x.mechanism === mechanism.id && x.status === 'held' && representativeDay(x.date) <= at)
      .sort((a, b) => comparePartialDates(b.date, a.date))[0] ?? null,
  }));
  const events = await s.events.eventStats();
  const compliance = complianceReport(registry, { at });
  const year = Math.min(parsePartialDate(at).year, parsePartialDate(today).year);
  const scorecard = await scorecardOf({ registry: { readRegistry: async () => registry }, events: s.events, clock: s.clock }, {
    ...(selection.parties.length === 2 ? { pair: selection.key } : { group: [...selection.parties] }), from: year - 9, to: year,
  });
  const commitments = commitmentsOf(registry);
  return {
    kind, at, since, selection, dashboard, annotations,
    calendar: calendarViewOf(registry, selection, at),
    commitments: {
      ...commitments,
      commitments: commitments.commitments.filter((c) => selection.parties.includes(c.commitment.owner)),
      recommendations: commitments.recommendations.filter((r) => r.recommendation.addressedTo.some((p) => selection.parties.includes(p))),
    },
    meetingsSince, lapsed,
    compliance: {
      ...compliance,
      standings: compliance.standings.filter((x) => selection.parties.includes(x.party)),
      aggregates: { ...compliance.aggregates, byParty: compliance.aggregates.byParty.filter((x) => selection.parties.includes(x.party)) },
    },
    scorecard,
    tracker: recommendationsReport(registry, at),
    transition: kind === 'transition' ? transitionPart(registry, selection, request.election!, at) : null,
    registry, events,
    snapshot: snapshotId(registry, events, s.sha256),
    generated: today,
  };
}
