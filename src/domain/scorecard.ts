/**
 * THE THREE-Cs SCORECARD. For a pair or group of parties and one year, three sub-scores on a 0–100
 * scale — cooperate consistently, coordinate holistically, challenge when necessary — each the mean
 * of the inputs that have data, and a composite with the user's weights. Every input carries its
 * formula, its value, the counts it rests on, and its records and sources. docs/scorecard.md explains
 * why each is built so and what each cannot see; tests in test/domain/scorecard*.test.ts.
 *
 * SCOPE. A mechanism is in the scope of the members when at least two of its parties are members (for
 * a pair: both). A commitment is in scope when its owner is a member and its mechanism is in scope.
 * The registry-based inputs of year Y are judged on `at`: 31 December of Y, or today for this year.
 *
 * COOPERATE CONSISTENTLY — the mean of, over those with data:
 *   level        100 × (quad 1 + quad 2) / events, over the year's events between members (both ways);
 *                no data below 5 events.
 *   steadiness   100 × (1 − 2σ), σ the population standard deviation of the monthly cooperative share
 *                over the months with at least 5 events; no data with fewer than 3 such months. A share
 *                lies in 0…1, so σ ≤ 0.5 and the score stays in 0…100.
 *   compliance   the G20 Research Group's percentage, (mean + 1) / 2 × 100, of the standings on `at` of
 *                the commitments in scope that were assessed during Y (an assessment dated in Y); the
 *                mean is over the scored standings only — "no evidence" and "not assessed" are
 *                counted, never averaged as 0. No data when none is scored.
 *
 * COORDINATE HOLISTICALLY — the mean of, over those with data:
 *   onSchedule   100 × (on schedule + due) / active mechanisms in scope on `at` (cadence/summary.ts);
 *                no data when none is active.
 *   issueAreas   100 × issue areas of the in-scope mechanisms that held a meeting in Y / issue areas
 *                of the registry; no data when the registry has none.
 *   agencies     100 × the members' lead agencies of in-scope mechanisms that held a meeting in Y /
 *                the members' lead agencies of in-scope mechanisms in force during Y (founded by its
 *                end, not ended before its start); no data when none has lead agencies.
 *   coverage     100 × issue areas with live coverage on `at` (an active in-scope mechanism on it
 *                that is not lapsed) / issue areas of the registry; the rest are coverage holes (no
 *                active mechanism) or nominal (all lapsed), both listed.
 *
 * CHALLENGE WHEN NECESSARY — the mean of, over those with data:
 *   bounded      100 × quad 3 / (quad 3 + quad 4): verbal conflict as a share of all conflict between
 *                the members' governments (CAMEO role GOV on both sides) in Y; no data below 5
 *                conflict events.
 *   channelled   100 × disputes linked to an in-scope mechanism / disputes, a dispute being a
 *                development dated in Y of kind trade-measure, crisis or legal-ruling involving at
 *                least two members (for a pair: both); no data when there was none.
 *
 * THE COMPOSITE: Σ wᵢ × sᵢ / Σ wᵢ over the sub-scores with data; the weights of those without data are
 * redistributed in proportion (the effective weights are reported, and the sub-scores left out named).
 * Weights are non-negative and not all zero; default 1 each. No data when no weighted sub-score has data.
 * Scores are rounded to 2 decimals; raw values to 4.
 */
import { earliestDay, parsePartialDate, type IsoDate } from './dates.ts';
import { ACTIVE_STATUSES, registryHealth } from './cadence/rules.ts';
import { relationshipSummary } from './cadence/summary.ts';
import { aggregate, standingOf } from './compliance.ts';
import type { Development, Mechanism, Registry } from './registry/schema.ts';

export const SUB_SCORES = ['cooperate', 'coordinate', 'challenge'] as const;
export type SubScoreId = (typeof SUB_SCORES)[number];
export type Weights = Record<SubScoreId, number>;
export const DEFAULT_WEIGHTS: Weights = { cooperate: 1, coordinate: 1, challenge: 1 };

/** The thresholds below which an event-based input is "no data". */
export const THRESHOLDS = {
  /** Events in the year for the level of cooperation. */
  levelEvents: 5,
  /** Events in a month for it to count towards steadiness. */
  monthEvents: 5,
  /** Months with enough events for steadiness. */
  steadinessMonths: 3,
  /** Conflict events (quad 3 + 4) between governments for the bounded-disagreement ratio. */
  conflictEvents: 5,
} as const;

/** The kinds of development that count as a dispute for `channelled`. */
export const DISPUTE_KINDS = ['trade-measure', 'crisis', 'legal-ruling'] as const satisfies readonly Development['kind'][];

export const FORMULAS = {
  cooperate: 'mean of level, steadiness and compliance, over those with data',
  level: '100 × (quad 1 + quad 2) / events, over the year\'s events between the members (both ways); no data below 5 events',
  steadiness: '100 × (1 − 2σ), σ the standard deviation of the monthly cooperative share over months with at least 5 events; no data with fewer than 3 such months',
  compliance: '(mean + 1) / 2 × 100 (the G20 Research Group\'s percentage) of the standings, at the end of the year, of the commitments in scope assessed during it; mean over the scored standings only',
  coordinate: 'mean of onSchedule, issueAreas, agencies and coverage, over those with data',
  onSchedule: '100 × (on schedule + due) / active mechanisms in scope at the end of the year',
  issueAreas: '100 × issue areas of in-scope mechanisms that met during the year / issue areas of the registry',
  agencies: '100 × the members\' lead agencies of in-scope mechanisms that met during the year / those of in-scope mechanisms in force during it',
  coverage: '100 × issue areas with an active, not lapsed in-scope mechanism at the end of the year / issue areas of the registry',
  challenge: 'mean of bounded and channelled, over those with data',
  bounded: '100 × quad 3 / (quad 3 + quad 4), over events between the members\' governments (GOV on both sides); no data below 5 conflict events',
  channelled: '100 × disputes linked to an in-scope mechanism / disputes (developments of the year of kind trade-measure, crisis or legal-ruling between at least two members)',
  composite: 'Σ weight × sub-score / Σ weight, over the sub-scores with data (the weights of the others redistributed in proportion)',
} as const;

/** Event counts by quad class. */
export interface QuadCounts {
  readonly events: number;
  readonly quad1: number;
  readonly quad2: number;
  readonly quad3: number;
  readonly quad4: number;
}

/** What the event store holds for the members in one year. */
export interface YearEvents {
  /** Events between members in the year, both ways, all actors. */
  readonly all: QuadCounts;
  /** The same per month with events (months without events are absent). */
  readonly months: readonly (QuadCounts & { readonly period: string })[];
  /** Distinct days with at least one such event. */
  readonly days: number;
  /** Events between the members' governments (GOV on both sides). */
  readonly government: QuadCounts;
  /** The stored datasets whose events span some of the year ("icews 2018-06-01…2018-06-02"). */
  readonly datasets: readonly string[];
}

export interface ScoreInput {
  readonly id: string;
  readonly name: string;
  /** 0–100; null when the input has no data (see `reason`). */
  readonly score: number | null;
  /** The raw measure (a share, a standard deviation, a mean score), when there is one. */
  readonly value: number | null;
  readonly formula: string;
  /** What the figure rests on. */
  readonly counts: Counts;
  /** Registry records the figure rests on (mechanisms, meetings, assessments, developments). */
  readonly records: readonly string[];
  /** Their sources (source ids of the registry). */
  readonly sources: readonly string[];
  /** Event datasets the figure rests on. */
  readonly datasets: readonly string[];
  /** Why there is no figure, in English. */
  readonly reason: string | null;
  /** The same, language-neutral: a reason and its figures, which the edge words in its language. */
  readonly why: NoData | null;
  /** How coverage limits the figure. */
  readonly note: string | null;
}

/** The counts an input may give (what its figure rests on), by name; the edges word each in their language. */
export const COUNT_KEYS = [
  'events', 'cooperative', 'days', 'months', 'monthsJudged',
  'commitments', 'scored', 'full', 'partial', 'nonCompliance', 'noEvidence', 'notAssessed',
  'active', 'onSchedule', 'due', 'overdue', 'lapsed', 'adHoc',
  'engaged', 'issueAreas', 'mechanismsMet', 'meetings', 'mechanismsInForce', 'leadAgencies',
  'live', 'nominal', 'holes',
  'governmentEvents', 'verbalConflict', 'materialConflict',
  'disputes', 'throughMechanisms', 'outside',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type Counts = Readonly<Partial<Record<CountKey, number>>>;

/** The reasons an input has no data, with the figures each names. */
export type NoData =
  | { readonly reason: 'few-events'; readonly events: number; readonly needed: number }
  | { readonly reason: 'few-months'; readonly months: number; readonly monthEvents: number; readonly needed: number }
  | { readonly reason: 'none-assessed' }
  | { readonly reason: 'none-scored'; readonly commitments: number }
  | { readonly reason: 'no-active-mechanism' }
  | { readonly reason: 'no-issue-areas' }
  | { readonly reason: 'no-lead-agencies' }
  | { readonly reason: 'few-conflict-events'; readonly events: number; readonly needed: number }
  | { readonly reason: 'no-disputes' };

/** A reason in English (the input's `reason`); the web app's catalogues word the others. */
export function noDataText(w: NoData): string {
  const s = (n: number): string => (n === 1 ? '' : 's');
  switch (w.reason) {
    case 'few-events': return `${w.events} event${s(w.events)} between the members (at least ${w.needed} needed)`;
    case 'few-months': return `${w.months} month${s(w.months)} with at least ${w.monthEvents} events (at least ${w.needed} needed)`;
    case 'none-assessed': return 'no commitment in scope was assessed during the year';
    case 'none-scored': return w.commitments === 1 ? 'the 1 commitment assessed during the year is not scored (no evidence or not assessed)'
      : `none of the ${w.commitments} commitments assessed during the year is scored (no evidence or not assessed)`;
    case 'no-active-mechanism': return 'no active mechanism in scope (founded, not ended, with a cadence)';
    case 'no-issue-areas': return 'the registry has no issue areas';
    case 'no-lead-agencies': return 'no in-scope mechanism in force during the year names lead agencies of the members';
    case 'few-conflict-events': return `${w.events} conflict event${s(w.events)} between the members' governments (at least ${w.needed} needed)`;
    case 'no-disputes': return 'no dispute between the members recorded for the year';
  }
}

export interface SubScore {
  readonly score: number | null;
  readonly formula: string;
  readonly inputs: readonly ScoreInput[];
  /** Inputs averaged (those with data). */
  readonly used: readonly string[];
  readonly reason: string | null;
}

export interface Composite {
  readonly score: number | null;
  /** The weights applied, after redistribution: they sum to 1 over the sub-scores used. */
  readonly weights: Readonly<Record<SubScoreId, number>>;
  /** Sub-scores with a positive weight left out for want of data (the others with a weight are used). */
  readonly leftOut: readonly SubScoreId[];
}

export interface PeriodScore {
  readonly period: string;
  readonly at: IsoDate;
  readonly cooperate: SubScore;
  readonly coordinate: SubScore;
  readonly challenge: SubScore;
  readonly composite: Composite;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const pct = (x: number): number => round(100 * x, 2);
const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];
const yearOf = (d: string): number => parsePartialDate(d).year;

function input(id: keyof typeof FORMULAS, name: string, fields: Partial<Omit<ScoreInput, 'id' | 'name' | 'formula' | 'reason' | 'why'>>, why: NoData | null = null): ScoreInput {
  return {
    id, name, formula: FORMULAS[id], score: null, value: null, counts: {}, records: [], sources: [], datasets: [], note: null, ...fields,
    reason: why === null ? null : noDataText(why), why,
  };
}

/** Whether a mechanism is in the scope of the members (at least two of its parties are members). */
export function inScope(mechanism: Mechanism, members: readonly string[]): boolean {
  return new Set(mechanism.parties.filter((p) => members.includes(p))).size >= 2;
}

function subScore(id: 'cooperate' | 'coordinate' | 'challenge', inputs: ScoreInput[]): SubScore {
  const used = inputs.filter((i) => i.score !== null);
  if (used.length === 0) {
    return { score: null, formula: FORMULAS[id], inputs, used: [], reason: `no input has data: ${inputs.map((i) => `${i.id} (${i.reason ?? 'no data'})`).join('; ')}` };
  }
  const mean = used.reduce((t, i) => t + i.score!, 0) / used.length;
  return { score: round(mean, 2), formula: FORMULAS[id], inputs, used: used.map((i) => i.id), reason: null };
}

const share = (q: QuadCounts): number => (q.quad1 + q.quad2) / q.events;

function coverageNote(ev: YearEvents): string {
  return `events on ${ev.days} day${ev.days === 1 ? '' : 's'} of the year${ev.datasets.length === 0 ? '; no stored dataset spans the year' : ` (stored: ${ev.datasets.join(', ')})`}`;
}

// ---- cooperate -------------------------------------------------------------------------------

export function levelInput(ev: YearEvents): ScoreInput {
  const counts: Counts = { events: ev.all.events, cooperative: ev.all.quad1 + ev.all.quad2, days: ev.days };
  const base = { counts, datasets: ev.datasets, note: coverageNote(ev) };
  if (ev.all.events < THRESHOLDS.levelEvents) {
    return input('level', 'Level of cooperation', base, { reason: 'few-events', events: ev.all.events, needed: THRESHOLDS.levelEvents });
  }
  const s = share(ev.all);
  return input('level', 'Level of cooperation', { ...base, score: pct(s), value: round(s, 4) });
}

export function steadinessInput(ev: YearEvents): ScoreInput {
  const months = ev.months.filter((m) => m.events >= THRESHOLDS.monthEvents);
  const counts: Counts = { months: ev.months.length, monthsJudged: months.length };
  const base = { counts, datasets: ev.datasets, note: coverageNote(ev) };
  if (months.length < THRESHOLDS.steadinessMonths) {
    return input('steadiness', 'Steadiness of cooperation', base, { reason: 'few-months', months: months.length, monthEvents: THRESHOLDS.monthEvents, needed: THRESHOLDS.steadinessMonths });
  }
  const shares = months.map(share);
  const mean = shares.reduce((t, x) => t + x, 0) / shares.length;
  const sd = Math.sqrt(shares.reduce((t, x) => t + (x - mean) ** 2, 0) / shares.length);
  return input('steadiness', 'Steadiness of cooperation', { ...base, score: pct(Math.max(0, 1 - 2 * sd)), value: round(sd, 4) });
}

export function complianceInput(registry: Registry, members: readonly string[], year: number, at: IsoDate): ScoreInput {
  const scope = new Set(registry.mechanisms.filter((m) => inScope(m, members)).map((m) => m.id));
  const commitments = registry.commitments.filter((c) => members.includes(c.owner) && c.mechanism !== undefined && scope.has(c.mechanism));
  const assessedInYear = new Set(registry.assessments.filter((a) => yearOf(a.date) === year && a.date <= at).map((a) => `${a.commitment} ${a.party}`));
  const list = commitments.filter((c) => assessedInYear.has(`${c.id} ${c.owner}`)).map((c) => standingOf(c, c.owner, registry.assessments, at));
  const agg = aggregate(list);
  const counting = list.flatMap((s) => (s.assessment === null ? [] : [s.assessment]));
  const fields = {
    value: agg.mean,
    counts: { commitments: agg.commitments, scored: agg.scored, full: agg.scores.full, partial: agg.scores.partial, nonCompliance: agg.scores.nonCompliance, noEvidence: agg.noEvidence, notAssessed: agg.notAssessed } satisfies Counts,
    records: counting.map((a) => a.id),
    sources: uniq(counting.flatMap((a) => a.sources)),
  };
  if (agg.g20Percent === null) {
    return input('compliance', 'Compliance with commitments', fields, agg.commitments === 0 ? { reason: 'none-assessed' } : { reason: 'none-scored', commitments: agg.commitments });
  }
  return input('compliance', 'Compliance with commitments', { ...fields, score: round(agg.g20Percent, 2) });
}

// ---- coordinate ------------------------------------------------------------------------------

/** In-scope mechanisms that held a meeting in the year (one that may have begun by `at`), and those meetings. */
function metInYear(registry: Registry, scope: readonly Mechanism[], year: number, at: IsoDate): { mechanisms: Mechanism[]; meetings: Registry['meetings'] } {
  const ids = new Set(scope.map((m) => m.id));
  const meetings = registry.meetings.filter((m) => ids.has(m.mechanism) && m.status === 'held' && yearOf(m.date) === year && earliestDay(m.date) <= at);
  const met = new Set(meetings.map((m) => m.mechanism));
  return { mechanisms: scope.filter((m) => met.has(m.id)), meetings };
}

/** Founded by the end of the year and not ended before its start. */
function inForce(m: Mechanism, year: number, at: IsoDate): boolean {
  return earliestDay(m.founded) <= at && yearOf(m.founded) <= year && (m.ended === null || yearOf(m.ended) >= year);
}

export function coordinationInputs(registry: Registry, members: readonly string[], year: number, at: IsoDate): ScoreInput[] {
  const scope = registry.mechanisms.filter((m) => inScope(m, members));
  const scoped: Registry = { ...registry, mechanisms: scope };
  const health = registryHealth(scoped, at);
  const summary = relationshipSummary(scoped, at, health);
  const active = health.filter((h) => (ACTIVE_STATUSES as readonly string[]).includes(h.status)).map((h) => h.id);
  /** The sources of the last held meeting by `at` of each mechanism: what its status rests on. */
  const lastMeetingSources = (ids: readonly string[]): string[] => {
    const byId = new Map(health.map((h) => [h.id, h.lastMeetingId]));
    const last = new Set(ids.map((id) => byId.get(id)).filter((x): x is string => typeof x === 'string'));
    return uniq(registry.meetings.filter((m) => last.has(m.id)).flatMap((m) => m.sources));
  };
  const partial = new Set(scope.filter((m) => m.meetingRecord === 'partial').map((m) => m.id));
  const partialNote = (ids: readonly string[]): string | null => {
    const p = ids.filter((id) => partial.has(id));
    return p.length === 0 ? null : `meeting record known to be partial for ${p.join(', ')}`;
  };

  const onSchedule = summary.shareOnSchedule === null
    ? input('onSchedule', 'Mechanisms on schedule', { counts: { active: 0, adHoc: summary.adHoc } }, { reason: 'no-active-mechanism' })
    : input('onSchedule', 'Mechanisms on schedule', {
      score: pct(summary.shareOnSchedule), value: summary.shareOnSchedule,
      counts: { active: summary.active, onSchedule: summary.onSchedule, due: summary.due, overdue: summary.overdue, lapsed: summary.lapsed, adHoc: summary.adHoc },
      records: active, sources: lastMeetingSources(active), note: partialNote(active),
    });

  const { mechanisms: met, meetings } = metInYear(registry, scope, year, at);
  const areaIds = new Set(registry.issueAreas.map((i) => i.id));
  const engaged = uniq(met.flatMap((m) => m.issueAreas)).filter((i) => areaIds.has(i));
  const total = registry.issueAreas.length;
  const issueAreas = total === 0
    ? input('issueAreas', 'Issue areas engaged', {}, { reason: 'no-issue-areas' })
    : input('issueAreas', 'Issue areas engaged', {
      score: pct(engaged.length / total), value: round(engaged.length / total, 4),
      counts: { engaged: engaged.length, issueAreas: total, mechanismsMet: met.length, meetings: meetings.length },
      records: meetings.map((m) => m.id), sources: uniq(meetings.flatMap((m) => m.sources)), note: partialNote(scope.filter((m) => inForce(m, year, at)).map((m) => m.id)),
    });

  const agenciesOf = (ms: readonly Mechanism[]): string[] => uniq(ms.flatMap((m) => members.flatMap((p) => m.leadAgencies[p] ?? [])));
  const forceList = scope.filter((m) => inForce(m, year, at));
  const possible = agenciesOf(forceList);
  const engagedAgencies = agenciesOf(met);
  const agencies = possible.length === 0
    ? input('agencies', 'Lead agencies engaged', { counts: { mechanismsInForce: forceList.length } }, { reason: 'no-lead-agencies' })
    : input('agencies', 'Lead agencies engaged', {
      score: pct(engagedAgencies.length / possible.length), value: round(engagedAgencies.length / possible.length, 4),
      counts: { engaged: engagedAgencies.length, leadAgencies: possible.length, mechanismsMet: met.length, mechanismsInForce: forceList.length },
      records: met.map((m) => m.id), sources: uniq(met.flatMap((m) => m.sources)),
    });

  const live = summary.byIssueArea.filter((t) => t.coverage === 'live');
  const liveMechanisms = uniq(live.flatMap((t) => t.mechanisms)).filter((id) => health.find((h) => h.id === id)?.status !== 'lapsed');
  const coverage = total === 0
    ? input('coverage', 'Issue areas covered', {}, { reason: 'no-issue-areas' })
    : input('coverage', 'Issue areas covered', {
      score: pct(live.length / total), value: round(live.length / total, 4),
      counts: { live: live.length, nominal: summary.nominalCoverage.length, holes: summary.coverageHoles.length, issueAreas: total },
      records: liveMechanisms, sources: lastMeetingSources(liveMechanisms),
      note: [
        summary.coverageHoles.length > 0 ? `holes: ${summary.coverageHoles.join(', ')}` : null,
        summary.nominalCoverage.length > 0 ? `nominal (all lapsed): ${summary.nominalCoverage.join(', ')}` : null,
      ].filter((x) => x !== null).join('; ') || null,
    });

  return [onSchedule, issueAreas, agencies, coverage];
}

// ---- challenge -------------------------------------------------------------------------------

export function boundedInput(ev: YearEvents): ScoreInput {
  const g = ev.government;
  const conflict = g.quad3 + g.quad4;
  const base = { counts: { governmentEvents: g.events, verbalConflict: g.quad3, materialConflict: g.quad4 } satisfies Counts, datasets: ev.datasets, note: coverageNote(ev) };
  if (conflict < THRESHOLDS.conflictEvents) {
    return input('bounded', 'Bounded disagreement', base, { reason: 'few-conflict-events', events: conflict, needed: THRESHOLDS.conflictEvents });
  }
  return input('bounded', 'Bounded disagreement', { ...base, score: pct(g.quad3 / conflict), value: round(g.quad3 / conflict, 4) });
}

export function channelledInput(registry: Registry, members: readonly string[], year: number, at: IsoDate): ScoreInput {
  const scope = new Set(registry.mechanisms.filter((m) => inScope(m, members)).map((m) => m.id));
  const disputes = registry.developments.filter((d) => (DISPUTE_KINDS as readonly string[]).includes(d.kind) && yearOf(d.date) === year
    && earliestDay(d.date) <= at && new Set(d.parties.filter((p) => members.includes(p))).size >= 2);
  const through = disputes.filter((d) => d.mechanisms.some((m) => scope.has(m)));
  const fields = {
    counts: { disputes: disputes.length, throughMechanisms: through.length, outside: disputes.length - through.length } satisfies Counts,
    records: disputes.map((d) => d.id),
    sources: uniq(disputes.flatMap((d) => d.sources)),
  };
  if (disputes.length === 0) return input('channelled', 'Disputes through mechanisms', fields, { reason: 'no-disputes' });
  return input('channelled', 'Disputes through mechanisms', { ...fields, score: pct(through.length / disputes.length), value: round(through.length / disputes.length, 4) });
}

// ---- composite -------------------------------------------------------------------------------

/** The composite of three sub-scores under weights (rules in this file's header). */
export function composite(scores: Readonly<Record<SubScoreId, number | null>>, weights: Weights): Composite {
  const used = SUB_SCORES.filter((s) => scores[s] !== null && weights[s] > 0);
  const leftOut = SUB_SCORES.filter((s) => scores[s] === null && weights[s] > 0);
  const total = used.reduce((t, s) => t + weights[s], 0);
  const effective = Object.fromEntries(SUB_SCORES.map((s) => [s, used.includes(s) ? round(weights[s] / total, 4) : 0])) as Record<SubScoreId, number>;
  if (used.length === 0) return { score: null, weights: effective, leftOut };
  const score = used.reduce((t, s) => t + weights[s] * scores[s]!, 0) / total;
  return { score: round(score, 2), weights: effective, leftOut };
}

/** The scorecard of one year: the judging day is 31 December, or `today` within the current year. */
export function scoreYear(registry: Registry, members: readonly string[], year: number, events: YearEvents, today: IsoDate, weights: Weights): PeriodScore {
  const end = `${String(year).padStart(4, '0')}-12-31`;
  const at = end < today ? end : today;
  const cooperate = subScore('cooperate', [levelInput(events), steadinessInput(events), complianceInput(registry, members, year, at)]);
  const coordinate = subScore('coordinate', coordinationInputs(registry, members, year, at));
  const challenge = subScore('challenge', [boundedInput(events), channelledInput(registry, members, year, at)]);
  return {
    period: String(year), at, cooperate, coordinate, challenge,
    composite: composite({ cooperate: cooperate.score, coordinate: coordinate.score, challenge: challenge.score }, weights),
  };
}

// ---- sensitivity and eras --------------------------------------------------------------------

/** How a scenario's weights differ from the given ones: one sub-score's weight doubled or halved, or that sub-score alone. */
export type Variation =
  | { readonly kind: 'as-given' }
  | { readonly kind: 'times'; readonly subScore: SubScoreId; readonly factor: 2 | 0.5 }
  | { readonly kind: 'alone'; readonly subScore: SubScoreId };

export interface Scenario {
  readonly variation: Variation;
  readonly weights: Weights;
  /** Periods with a composite, best first (ties: earlier first), with their composite. */
  readonly ranking: readonly { period: string; score: number }[];
}

export interface RankRange {
  readonly period: string;
  /** Rank under the given weights (1 = best; equal scores share a rank); null without a composite. */
  readonly rank: number | null;
  /** Best and worst rank over the scenarios in which the period has a composite. */
  readonly best: number | null;
  readonly worst: number | null;
}

export interface Sensitivity {
  readonly scenarios: readonly Scenario[];
  readonly ranks: readonly RankRange[];
}

function rankOf(periods: readonly PeriodScore[], weights: Weights): { period: string; score: number; rank: number }[] {
  const scored = periods
    .map((p) => ({ period: p.period, score: composite({ cooperate: p.cooperate.score, coordinate: p.coordinate.score, challenge: p.challenge.score }, weights).score }))
    .filter((x): x is { period: string; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.period.localeCompare(b.period));
  return scored.map((x) => ({ ...x, rank: 1 + scored.filter((y) => y.score > x.score).length }));
}

/**
 * How the ranking of periods moves when the weights move: the given weights, each sub-score's weight
 * doubled and halved (the others kept), and each sub-score alone.
 */
export function sensitivity(periods: readonly PeriodScore[], weights: Weights): Sensitivity {
  const scenarios: { variation: Variation; weights: Weights }[] = [{ variation: { kind: 'as-given' }, weights }];
  for (const s of SUB_SCORES) {
    for (const factor of [2, 0.5] as const) scenarios.push({ variation: { kind: 'times', subScore: s, factor }, weights: { ...weights, [s]: weights[s] * factor } });
    scenarios.push({ variation: { kind: 'alone', subScore: s }, weights: { cooperate: 0, coordinate: 0, challenge: 0, [s]: 1 } });
  }
  const ranked = scenarios
    .filter((sc) => SUB_SCORES.some((s) => sc.weights[s] > 0))
    .map((sc) => ({ ...sc, ranks: rankOf(periods, sc.weights) }));
  return {
    scenarios: ranked.map((sc) => ({ variation: sc.variation, weights: sc.weights, ranking: sc.ranks.map(({ period, score }) => ({ period, score })) })),
    ranks: periods.map((p) => {
      const all = ranked.flatMap((sc) => sc.ranks.filter((r) => r.period === p.period).map((r) => r.rank));
      const given = ranked[0]?.ranks.find((r) => r.period === p.period)?.rank ?? null;
      return { period: p.period, rank: given, best: all.length === 0 ? null : Math.min(...all), worst: all.length === 0 ? null : Math.max(...all) };
    }),
  };
}

/** A stretch of years as a narrative describes it, to set the index beside. */
export interface Era {
  /** A short name the edges word in their language (the web app's catalogues: scorecard.era.<id>). */
  readonly id: string;
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

export interface EraFigure extends Era {
  /** Periods of the era in the range, and those with a figure. */
  readonly periods: number;
  readonly withComposite: number;
  /** Mean composite and mean sub-scores over the periods with a figure (null when none). */
  readonly composite: number | null;
  readonly cooperate: number | null;
  readonly coordinate: number | null;
  readonly challenge: number | null;
}

/** Mean figures per era, over the periods of the range that fall in it. */
export function eraFigures(periods: readonly PeriodScore[], eras: readonly Era[]): EraFigure[] {
  const mean = (xs: (number | null)[]): number | null => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length === 0 ? null : round(v.reduce((t, x) => t + x, 0) / v.length, 2);
  };
  return eras.map((e) => {
    const inEra = periods.filter((p) => Number(p.period) >= e.from && Number(p.period) <= e.to);
    return {
      ...e, periods: inEra.length, withComposite: inEra.filter((p) => p.composite.score !== null).length,
      composite: mean(inEra.map((p) => p.composite.score)),
      cooperate: mean(inEra.map((p) => p.cooperate.score)),
      coordinate: mean(inEra.map((p) => p.coordinate.score)),
      challenge: mean(inEra.map((p) => p.challenge.score)),
    };
  }).filter((e) => e.periods > 0);
}
