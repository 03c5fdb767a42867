/**
 * The public JSON shapes: what `intermestic … --json` prints and what the HTTP API answers. One zod
 * schema per shape; the TypeScript types the use cases return are inferred from them, and the HTTP
 * layer builds its OpenAPI document from the same schemas, so the three cannot drift apart.
 *
 * These shapes are a contract (README, "Public JSON shapes"): fields may be added, never renamed or
 * removed. Names (`name`) are English here; records of the registry carry their other languages in
 * `names`.
 */
import { z } from 'zod';
import {
  Agency, Assessment, AssessmentKind, AssessmentStatus, ComplianceScore, Development, IssueArea, Mechanism, Meeting, Party, Recommendation,
  RecommendationStatus, Source,
} from '../domain/registry/schema.ts';
import { PoliticalEvent } from '../domain/events/event.ts';
import { COUNT_KEYS, FORMULAS, THRESHOLDS, type CountKey, type NoData as DomainNoData } from '../domain/scorecard.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A date as the registry gives it: day, month or year. */
const PartialDay = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);
const Code = z.string().regex(/^[A-Z]{3}$/);

export const ErrorBody = z.object({
  error: z.string().meta({ description: 'What was wrong, naming the parameter or the resource' }),
  requestId: z.string().optional().meta({ description: 'Given with server errors: quote it when reporting the problem' }),
}).strict().meta({ id: 'Error' });

// ---- cadence health --------------------------------------------------------------------------

export const CadenceStatus = z.enum(['not-yet-founded', 'ended', 'ad-hoc', 'on-schedule', 'due', 'overdue', 'lapsed']);

export const Gap = z.object({
  from: PartialDay,
  to: PartialDay,
  days: z.number().int(),
  open: z.literal(true).optional().meta({ description: 'The stretch still running at the date judged' }),
}).strict().meta({ id: 'Gap' });

export const HealthMechanism = z.object({
  id: z.string(),
  name: z.string(),
  status: CadenceStatus,
  lastMeeting: PartialDay.nullable(),
  nextExpected: Day.nullable(),
  gaps: z.array(Gap),
  meetingRecord: z.enum(['complete', 'partial']),
}).strict().meta({ id: 'HealthMechanism' });

const tallyShape = {
  active: z.number().int(),
  onSchedule: z.number().int(),
  due: z.number().int(),
  overdue: z.number().int(),
  lapsed: z.number().int(),
  adHoc: z.number().int(),
  shareOnSchedule: z.number().nullable(),
};

export const PartiesTally = z.object({ parties: z.array(Code), ...tallyShape }).strict().meta({ id: 'PartiesTally' });

export const IssueAreaTally = z.object({
  id: z.string(),
  name: z.string(),
  ...tallyShape,
  coverage: z.enum(['live', 'nominal', 'none']),
  driverParties: z.array(Code),
  mechanisms: z.array(z.string()),
}).strict().meta({ id: 'IssueAreaTally' });

export const RelationshipSummary = z.object({
  ...tallyShape,
  ended: z.number().int(),
  notYetFounded: z.number().int(),
  total: z.number().int(),
  byParties: z.array(PartiesTally),
  byIssueArea: z.array(IssueAreaTally),
  coverageHoles: z.array(z.string()),
  nominalCoverage: z.array(z.string()),
  partialRecords: z.array(z.string()),
}).strict().meta({ id: 'RelationshipSummary' });

export const HealthReport = z.object({
  at: Day,
  mechanisms: z.array(HealthMechanism),
  summary: RelationshipSummary,
}).strict().meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof HealthReport>;

export const Schedule = z.object({
  anchor: Day, dueFrom: Day, nextExpected: Day, overdueFrom: Day, lapsedFrom: Day,
}).strict().meta({ id: 'Schedule' });

/** The health of one mechanism in full, as the mechanism route gives it. */
export const MechanismHealth = z.object({
  id: z.string(),
  name: z.string(),
  status: CadenceStatus,
  lastMeeting: PartialDay.nullable(),
  lastMeetingId: z.string().nullable(),
  lastMeetingPrecision: z.enum(['day', 'month', 'year']).nullable(),
  nextExpected: Day.nullable(),
  daysSinceLast: z.number().int().nullable(),
  schedule: Schedule.nullable(),
  gaps: z.array(Gap),
}).strict().meta({ id: 'MechanismHealth' });

export const MechanismDetail = z.object({
  mechanism: Mechanism,
  meetings: z.array(Meeting),
  agencies: z.array(Agency),
  health: MechanismHealth,
}).strict().meta({ id: 'MechanismDetail' });
export type MechanismDetail = z.infer<typeof MechanismDetail>;

/** `intermestic mechanisms --json`: each mechanism with the number of its meetings held. */
export const MechanismListItem = Mechanism.extend({ meetingsHeld: z.number().int() }).meta({ id: 'MechanismListItem' });
export type MechanismListItem = z.infer<typeof MechanismListItem>;

export const Parties = z.array(Party);
export const Mechanisms = z.array(Mechanism);
export const Issues = z.array(IssueArea);
export const Sources = z.array(Source);
export const Developments = z.array(Development);
export type Developments = z.infer<typeof Developments>;

// ---- compliance with commitments -------------------------------------------------------------

/** One assessment in the history of a standing. */
export const ComplianceStep = z.object({
  id: z.string(),
  kind: AssessmentKind,
  date: Day,
  status: AssessmentStatus,
  score: ComplianceScore.nullable(),
  recalibrates: z.string().nullable(),
  recalibrationReason: z.string().nullable().meta({ description: 'Why this assessment revises the one it recalibrates' }),
  recalibratedBy: z.string().nullable().meta({ description: 'The later assessment that revises this one, if any' }),
  sources: z.array(z.string()),
}).strict().meta({ id: 'ComplianceStep' });

/** Where a commitment stands for its party: the latest final assessment, else the latest interim, else none. */
export const ComplianceStanding = z.object({
  commitment: z.string(),
  party: Code,
  text: z.string(),
  mechanism: z.string().nullable(),
  issueAreas: z.array(z.string()),
  period: z.string().meta({ description: 'The year the commitment was made' }),
  basis: z.enum(['final', 'interim', 'none']).meta({ description: 'What the standing rests on: a final assessment, an interim one, or none' }),
  status: AssessmentStatus,
  score: ComplianceScore.nullable().meta({ description: '-1, 0 or 1; null when no evidence was found or it was not assessed (never a 0)' }),
  assessment: z.string().nullable(),
  date: Day.nullable(),
  confidence: z.enum(['confirmed', 'uncertain']).nullable().meta({ description: 'Of the assessment that counts: uncertain when its evidence is press or secondary pages only' }),
  sources: z.array(z.string()).meta({ description: 'The evidence of the assessment that counts' }),
  history: z.array(ComplianceStep),
}).strict().meta({ id: 'ComplianceStanding' });

const aggregateShape = {
  commitments: z.number().int().meta({ description: 'Commitments behind the figures' }),
  final: z.number().int(),
  interim: z.number().int(),
  scored: z.number().int().meta({ description: 'Commitments with a score: the mean is taken over these' }),
  noEvidence: z.number().int(),
  notAssessed: z.number().int(),
  scores: z.object({
    full: z.number().int().meta({ description: 'Scored +1' }),
    partial: z.number().int().meta({ description: 'Scored 0' }),
    nonCompliance: z.number().int().meta({ description: 'Scored -1' }),
  }).strict(),
  mean: z.number().nullable(),
  g20Percent: z.number().nullable().meta({ description: "The G20 Research Group's percentage: (mean + 1) / 2 × 100" }),
};

export const ComplianceAggregate = z.object(aggregateShape).strict().meta({ id: 'ComplianceAggregate' });

export const Compliance = z.object({
  party: Code.nullable(),
  at: Day.nullable(),
  standings: z.array(ComplianceStanding),
  aggregates: z.object({
    overall: ComplianceAggregate,
    byParty: z.array(z.object({ party: Code, ...aggregateShape }).strict()),
    byIssueArea: z.array(z.object({ issueArea: z.string(), name: z.string(), ...aggregateShape }).strict()),
    byMechanism: z.array(z.object({ mechanism: z.string(), name: z.string(), ...aggregateShape }).strict()),
    byPeriod: z.array(z.object({ period: z.string(), ...aggregateShape }).strict()),
  }).strict(),
}).strict().meta({ id: 'Compliance' });
export type Compliance = z.infer<typeof Compliance>;

export const Assessments = z.array(Assessment);
export type Assessments = z.infer<typeof Assessments>;

// ---- recommendation tracker ------------------------------------------------------------------

/** What the registry's meetings say about a mechanism whose regular meeting a recommendation asks for. */
export const CadenceEvidence = z.object({
  mechanism: z.string(),
  name: z.string(),
  cadence: z.enum(['annual', 'twice-a-year', 'every-n-months']),
  intervalMonths: z.number().int(),
  since: PartialDay.meta({ description: "The recommendation's date" }),
  held: z.array(z.object({ id: z.string(), date: PartialDay, place: z.string().nullable() }).strict()),
  notHeld: z.array(z.object({ id: z.string(), date: PartialDay, status: z.enum(['postponed', 'cancelled']) }).strict()),
  expected: z.number().int().meta({ description: 'Meetings the cadence called for since the recommendation: whole intervals to the date' }),
  status: CadenceStatus,
  lastMeeting: PartialDay.nullable(),
  daysSinceLast: z.number().int().nullable(),
  nextExpected: Day.nullable(),
  lapsedFrom: Day.nullable().meta({ description: 'First day of the lapse, when lapsed at the date' }),
  gaps: z.array(Gap),
}).strict().meta({ id: 'CadenceEvidence' });

export const TrackedRecommendation = Recommendation.extend({
  status: RecommendationStatus.nullable().meta({ description: 'The status at the date: the last entry of the history by then' }),
  statusSince: PartialDay.nullable().meta({ description: 'Since when: the first of the entries that end the history with that status' }),
  cadence: z.array(CadenceEvidence),
}).meta({ id: 'TrackedRecommendation' });

export const Recommendations = z.object({
  at: Day,
  recommendations: z.array(TrackedRecommendation),
}).strict().meta({ id: 'Recommendations' });
export type Recommendations = z.infer<typeof Recommendations>;

// ---- three-Cs scorecard ----------------------------------------------------------------------

const SubScoreId = z.enum(['cooperate', 'coordinate', 'challenge']);
const WeightsShape = z.object({ cooperate: z.number(), coordinate: z.number(), challenge: z.number() }).strict();

const count = z.number().int();
/** Why an input has no data, language-neutral (the domain's NoData). */
export const NoData = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('few-events'), events: count, needed: count }).strict(),
  z.object({ reason: z.literal('few-months'), months: count, monthEvents: count, needed: count }).strict(),
  z.object({ reason: z.literal('none-assessed') }).strict(),
  z.object({ reason: z.literal('none-scored'), commitments: count }).strict(),
  z.object({ reason: z.literal('no-active-mechanism') }).strict(),
  z.object({ reason: z.literal('no-issue-areas') }).strict(),
  z.object({ reason: z.literal('no-lead-agencies') }).strict(),
  z.object({ reason: z.literal('few-conflict-events'), events: count, needed: count }).strict(),
  z.object({ reason: z.literal('no-disputes') }).strict(),
]).meta({ id: 'NoData', description: 'Why the input has no data, with the figures the reason names (reason gives it in English)' });
// The schema and the domain's type, kept by hand side by side, must be the same both ways: the type
// check fails on a reason or a figure one has and the other lacks.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const noDataMatches: Same<z.infer<typeof NoData>, DomainNoData> = true;
void noDataMatches;

/** What each count of a score input counts (the OpenAPI document's words; every key must have one). */
const COUNT_DESCRIPTIONS: Readonly<Record<CountKey, string>> = {
  events: 'Stored events between the members in the year, both ways (level)',
  cooperative: 'Of those, the cooperative ones: quad classes 1 and 2 (level)',
  days: 'Distinct days of the year with at least one such event (level)',
  months: 'Months of the year with events (steadiness)',
  monthsJudged: 'Months with enough events to be judged (steadiness)',
  commitments: 'Commitments of the members, made in a mechanism in scope, with an assessment dated in the year (compliance)',
  scored: 'Of those, the ones with a compliance score (compliance)',
  full: 'Scored full compliance (compliance)',
  partial: 'Scored partial compliance (compliance)',
  nonCompliance: 'Scored non-compliance (compliance)',
  noEvidence: 'Of those, standing at no evidence, so not scored (compliance)',
  notAssessed: 'Of those, standing at not assessed, so not scored (compliance)',
  active: 'Mechanisms in scope that keep a cadence and run at the date: on schedule, due, overdue or lapsed (onSchedule)',
  onSchedule: 'Of those, on schedule (onSchedule)',
  due: 'Of those, due (onSchedule)',
  overdue: 'Of those, overdue (onSchedule)',
  lapsed: 'Of those, lapsed (onSchedule)',
  adHoc: 'Mechanisms in scope that meet when needed, without a cadence (onSchedule)',
  engaged: 'Issue areas of the mechanisms that held a meeting in the year (issueAreas); or the members\' lead agencies of those mechanisms (agencies)',
  issueAreas: 'Issue areas in the registry (issueAreas, coverage)',
  mechanismsMet: 'Mechanisms in scope that held a meeting in the year (issueAreas, agencies)',
  meetings: 'Their meetings held in the year (issueAreas)',
  mechanismsInForce: 'Mechanisms in scope in force in the year: founded by its end and not ended before its start (agencies)',
  leadAgencies: 'Lead agencies of the members across the mechanisms in force (agencies)',
  live: 'Issue areas with a running mechanism that has not lapsed (coverage)',
  nominal: 'Issue areas whose every running mechanism has lapsed (coverage)',
  holes: 'Issue areas with no running mechanism (coverage)',
  governmentEvents: 'Stored events between the members\' governments in the year (bounded)',
  verbalConflict: 'Of those, verbal conflict: quad class 3 (bounded)',
  materialConflict: 'Of those, material conflict: quad class 4 (bounded)',
  disputes: 'Developments of the year between at least two members of kind trade measure, crisis or legal ruling (channelled)',
  throughMechanisms: 'Of those, linked to a mechanism in scope (channelled)',
  outside: 'Of those, outside every mechanism (channelled)',
};

export const ScoreInput = z.object({
  id: z.string(),
  name: z.string(),
  score: z.number().nullable().meta({ description: '0–100; null when the input has no data (reason says why), never a 0' }),
  value: z.number().nullable().meta({ description: 'The raw measure: a share, a standard deviation, a mean compliance score' }),
  formula: z.string(),
  counts: z.object(Object.fromEntries(COUNT_KEYS.map((k) => [k, count.optional().meta({ description: COUNT_DESCRIPTIONS[k] })])) as Record<CountKey, z.ZodOptional<z.ZodNumber>>).strict()
    .meta({ description: 'What the figure rests on: the counts this input gives' }),
  records: z.array(z.string()).meta({ description: 'Registry records used: mechanisms, meetings, assessments, developments' }),
  sources: z.array(z.string()).meta({ description: 'Source ids of those records' }),
  datasets: z.array(z.string()).meta({ description: 'Stored event datasets spanning the year, for event-based inputs' }),
  reason: z.string().nullable(),
  why: NoData.nullable(),
  note: z.string().nullable().meta({ description: 'How coverage limits the figure' }),
}).strict().meta({ id: 'ScoreInput' });

export const SubScore = z.object({
  score: z.number().nullable().meta({ description: '0–100, the mean of the inputs with data; null when none has data' }),
  formula: z.string(),
  inputs: z.array(ScoreInput),
  used: z.array(z.string()),
  reason: z.string().nullable(),
}).strict().meta({ id: 'SubScore' });

export const ScorecardPeriod = z.object({
  period: z.string(),
  at: Day.meta({ description: 'The day registry-based inputs are judged on: 31 December, or today in the current year' }),
  cooperate: SubScore,
  coordinate: SubScore,
  challenge: SubScore,
  composite: z.object({
    score: z.number().nullable(),
    weights: WeightsShape.meta({ description: 'Weights applied after redistribution (sum 1 over the sub-scores used)' }),
    leftOut: z.array(SubScoreId),
    note: z.string().nullable(),
  }).strict(),
}).strict().meta({ id: 'ScorecardPeriod' });

/** An object of exactly the keys of `of`, each of the schema `value`. */
function keyed<K extends string, V extends z.ZodType>(of: Readonly<Record<K, unknown>>, value: V) {
  return z.object(Object.fromEntries(Object.keys(of).map((k) => [k, value])) as Record<K, V>).strict();
}

export const Scorecard = z.object({
  pair: z.string().optional().meta({ description: 'The pair, as asked (USA-MEX); absent for a group' }),
  group: z.array(Code).optional().meta({ description: 'The group, as asked; absent for a pair' }),
  from: z.number().int(),
  to: z.number().int(),
  weights: WeightsShape.meta({ description: 'The weights as given (default 1 each)' }),
  formula: keyed(FORMULAS, z.string()).meta({ description: 'The formula of every sub-score, input and the composite' }),
  thresholds: keyed(THRESHOLDS, z.number()).meta({ description: 'The least events (or months with enough events) an event-based input needs to have data' }),
  coverage: z.object({
    events: z.number().int().meta({ description: 'Events between the members in the range' }),
    days: z.number().int().meta({ description: 'Days with such events' }),
    datasets: z.array(z.object({ dataset: z.string(), from: Day.nullable(), to: Day.nullable(), events: z.number().int() }).strict()),
    note: z.string(),
  }).strict(),
  periods: z.array(ScorecardPeriod),
  sensitivity: z.object({
    scenarios: z.array(z.object({
      label: z.string(), weights: WeightsShape, ranking: z.array(z.object({ period: z.string(), score: z.number() }).strict()),
    }).strict()),
    ranks: z.array(z.object({ period: z.string(), rank: z.number().int().nullable(), best: z.number().int().nullable(), worst: z.number().int().nullable() }).strict()),
  }).strict(),
  eras: z.array(z.object({
    id: z.string().meta({ description: 'The era: rise, strain, restart or after (the essays end early in 2022)' }),
    label: z.string(), from: z.number().int(), to: z.number().int(), periods: z.number().int(), withComposite: z.number().int(),
    composite: z.number().nullable(), cooperate: z.number().nullable(), coordinate: z.number().nullable(), challenge: z.number().nullable(),
  }).strict()).meta({ description: 'Mean figures over the periods the seed essays describe, for the back-test' }),
  erasSources: z.array(z.string()),
}).strict().meta({ id: 'Scorecard' });
export type Scorecard = z.infer<typeof Scorecard>;

// ---- alerts and webhooks --------------------------------------------------------------------

export const AlertJson = z.object({
  id: z.string().meta({ description: '<rule>:<subject>:<day> — the same for the same state change on every evaluation' }),
  rule: z.enum(['mechanism-due', 'mechanism-overdue', 'mechanism-lapsed', 'commitment-unassessed', 'series-shift', 'transition-window', 'recommendation-lapse']),
  at: Day.meta({ description: 'The day the state changed' }),
  subject: z.string(),
  message: z.string().meta({ description: 'What happened, in English (as messages.en)' }),
  messages: z.object({ en: z.string(), es: z.string(), fr: z.string() }).strict().meta({ description: 'What happened, in English, Spanish and French' }),
  evidence: z.array(z.object({ collection: z.string(), id: z.string(), sources: z.array(z.string()) }).strict()),
  link: z.string().meta({ description: 'Path of the page that shows it' }),
}).strict().meta({ id: 'Alert' });

export const Alerts = z.object({
  since: Day,
  at: Day,
  windowDays: z.number().int(),
  alerts: z.array(AlertJson),
}).strict().meta({ id: 'Alerts' });
export type Alerts = z.infer<typeof Alerts>;

// ---- electoral calendar ----------------------------------------------------------------------

export const CalendarElection = z.object({
  id: z.string(),
  party: Code,
  kind: z.enum(['presidential', 'general']),
  year: z.number().int(),
  date: PartialDay,
  precision: z.enum(['day', 'month', 'year']),
  basis: z.enum(['recorded', 'projected', 'nominal']),
  inauguration: Day.nullable(),
  inaugurationBasis: z.enum(['recorded', 'projected']).nullable(),
}).strict().meta({ id: 'CalendarElection' });

export const TransitionWindow = z.object({
  election: z.string(),
  party: Code,
  basis: z.enum(['recorded', 'projected', 'nominal']),
  from: Day,
  to: Day,
  days: z.number().int(),
  estimated: z.boolean(),
}).strict().meta({ id: 'TransitionWindow' });

export const WindowOverlap = z.object({
  parties: z.tuple([Code, Code]),
  elections: z.tuple([z.string(), z.string()]),
  from: Day,
  to: Day,
  days: z.number().int(),
}).strict().meta({ id: 'WindowOverlap' });

export const Calendar = z.object({
  parties: z.array(Code),
  from: z.number().int(),
  to: z.number().int(),
  coincidences: z.array(z.number().int()),
  pairCoincidences: z.array(z.object({ parties: z.tuple([Code, Code]), years: z.array(z.number().int()) }).strict()),
  elections: z.record(Code, z.array(CalendarElection)),
  transitionWindows: z.array(TransitionWindow),
  overlaps: z.array(WindowOverlap),
}).strict().meta({ id: 'Calendar' });
export type Calendar = z.infer<typeof Calendar>;

// ---- events ----------------------------------------------------------------------------------

export const SeriesPoint = z.object({
  period: Day,
  events: z.number().int(),
  quad: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int() }).strict(),
  cooperativeShare: z.number(),
  netCooperation: z.number(),
  goldsteinMean: z.number().nullable(),
  goldsteinSum: z.number(),
  mentions: z.number(),
  goldsteinMentionsMean: z.number().nullable(),
  netCooperationMentions: z.number().nullable(),
  toneMean: z.number().nullable(),
}).strict().meta({ id: 'SeriesPoint' });

export const Shift = z.object({
  period: Day,
  value: z.number(),
  baselineMean: z.number(),
  baselineSd: z.number(),
  z: z.number(),
  direction: z.enum(['up', 'down']),
}).strict().meta({ id: 'Shift' });

export const SeriesFilters = z.object({
  from: Day.optional(),
  to: Day.optional(),
  sectors: z.array(z.string()).optional(),
  sectorsOn: z.enum(['either', 'both']).optional(),
  rootCodes: z.array(z.string()).optional(),
  quadClasses: z.array(z.number().int()).optional(),
  datasets: z.array(z.string()).optional(),
  ploverTypes: z.array(z.string()).optional().meta({ description: 'PLOVER event types: PLOVER-coded events by their own type, CAMEO-coded ones through the CAMEO↔PLOVER crosswalk' }),
}).strict().meta({ id: 'SeriesFilters' });

/** Where a series' events come from and under which conventions their quad classes and scores were set. */
export const SeriesConvention = z.object({
  dataset: z.string(),
  events: z.number().int(),
  coding: z.enum(['cameo', 'plover']).meta({ description: 'The scheme the source codes its event types in' }),
  quadConvention: z.enum(['file', 'gdelt', 'icews-alt', 'plover']).meta({ description: "file: the source's own quad class; gdelt / icews-alt: derived from the CAMEO root; plover: derived from the PLOVER event type (PLOVER's quad table, SANCTION = 4)" }),
  scoreConvention: z.enum(['goldstein-gdelt', 'goldstein-codebook', 'goldstein-csv', 'plover-intensity']).meta({ description: "What goldsteinMean averages for these events: GDELT's Goldstein value, the CAMEO codebook's, the CSV's own, or PLOVER's intensity score (same −10…+10 scale)" }),
}).strict().meta({ id: 'SeriesConvention' });
export const SeriesWeighting = z.object({
  mentions: z.enum(['export', 'mentions']).meta({
    description: 'What mentions, goldsteinMentionsMean and netCooperationMentions count: `export`, each event\'s NumMentions as its file gives it '
      + '(GDELT 2.0: the first 15-minute update only); `mentions`, the GDELT 2.0 mentions stored for each event (events of other datasets weigh 0)',
  }),
  minConfidence: z.number().int().nullable().meta({ description: 'With `mentions`: only mentions of at least this percent confidence count; null for `export`' }),
}).strict().meta({ id: 'SeriesWeighting' });

export const Series = z.object({
  dyad: z.string().optional().meta({ description: 'The pair, as asked (USA-MEX); absent for a group' }),
  group: z.array(Code).optional().meta({ description: 'The group, as asked; absent for a dyad' }),
  by: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  directed: z.boolean(),
  filters: SeriesFilters,
  weighting: SeriesWeighting,
  points: z.array(SeriesPoint),
  shifts: z.array(Shift),
  conventions: z.array(SeriesConvention).meta({ description: 'The conventions behind the quad classes and scores, per dataset and quad convention (more than one coding or score convention: a mixed series)' }),
}).strict().meta({ id: 'Series' });
export type Series = z.infer<typeof Series>;

export const MentionSummary = z.object({
  mentions: z.number().int().meta({ description: 'GDELT 2.0 mentions stored for the event (at least the minimum confidence asked)' }),
  meanConfidence: z.number().nullable().meta({ description: 'Their mean confidence, percent' }),
}).strict().meta({ id: 'MentionSummary' });

export const ListedEvent = PoliticalEvent.extend({
  mentions: MentionSummary.nullable().meta({ description: 'Null for an event with no stored mention (and for datasets other than gdelt2)' }),
}).strict().meta({ id: 'ListedEvent' });

export const EventList = z.object({
  events: z.array(ListedEvent),
  limit: z.number().int().meta({ description: 'At most this many events are listed, newest first' }),
  minConfidence: z.number().int(),
}).strict().meta({ id: 'EventList' });
export type EventList = z.infer<typeof EventList>;

export const TopDyad = z.object({
  source: Code,
  target: Code,
  events: z.number().int(),
  cooperative: z.number().int(),
  conflictual: z.number().int(),
  goldsteinMean: z.number().nullable(),
}).strict().meta({ id: 'TopDyad' });
export const TopDyads = z.array(TopDyad);
export type TopDyads = z.infer<typeof TopDyads>;

export const EventStats = z.object({
  total: z.number().int(),
  byDataset: z.array(z.object({ dataset: z.string(), events: z.number().int(), from: Day.nullable(), to: Day.nullable() }).strict()),
  imports: z.array(z.object({
    file: z.string().meta({ description: 'The file as it was given, relative to the working folder when it lay inside it' }),
    format: z.string(),
    sha256: z.string(),
    inserted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    at: z.string(),
  }).strict()),
}).strict().meta({ id: 'EventStats' });
export type EventStats = z.infer<typeof EventStats>;

/** `intermestic events import --json`: one entry per file. */
export const ImportReport = z.object({
  file: z.string(),
  format: z.string(),
  inserted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  rejectsFile: z.string().nullable(),
  parsedBy: z.enum(['duckdb', 'reader']),
  declined: z.string().nullable(),
  seconds: z.number(),
  /** For a GDELT 2.0 mentions file: how its mentions join to stored events. */
  mentions: z.object({
    ofStoredEvents: z.number().int(),
    ofEventsNotStored: z.number().int(),
    ofEarlierEvents: z.number().int(),
  }).strict().optional(),
  /** Columns of a header-row file that its format does not name, read past (absent when none). */
  ignoredColumns: z.array(z.string()).optional(),
  /** With a countries filter: the events left out because no actor is from those countries. */
  outsideCountries: z.number().int().optional(),
}).strict().meta({ id: 'ImportReport' });

/** `intermestic events export --format parquet --json`. */
export const ExportReport = z.object({
  dir: z.string(),
  events: z.number().int(),
  mentions: z.number().int(),
  partitions: z.array(z.object({ year: z.number().int(), dataset: z.string(), events: z.number().int() }).strict()),
  files: z.array(z.string()),
  seconds: z.number(),
}).strict().meta({ id: 'ExportReport' });
export type ExportReport = z.infer<typeof ExportReport>;
export type ImportReport = z.infer<typeof ImportReport>;

// ---- events fetch ----------------------------------------------------------------------------

/** A file `events fetch` refused, at which stage and why. */
export const RefusedFile = z.object({
  file: z.string().meta({ description: 'The file name (or the list\'s URL when the list itself could not be read)' }),
  stage: z.enum(['list', 'download', 'verify', 'import']),
  reason: z.string(),
}).strict().meta({ id: 'RefusedFile' });
export type RefusedFile = z.infer<typeof RefusedFile>;

const Count = z.number().int().min(0);

/** `intermestic events fetch --json`: what one run listed, fetched, imported and refused. */
export const FetchReport = z.object({
  release: z.enum(['v1', 'v2']),
  lists: z.array(z.string()).meta({ description: 'The lists read (URLs)' }),
  from: Day,
  to: Day,
  countries: z.array(Code).nullable().meta({ description: 'The countries whose events were kept; null: every event' }),
  inRange: Count.meta({ description: 'Export files of the range in the lists' }),
  alreadyImported: Count.meta({ description: 'Of those, covered by the import log: not fetched' }),
  downloaded: Count,
  fromCache: Count.meta({ description: 'Taken from the cache (size and MD5 checked again) instead of downloaded' }),
  bytesDownloaded: Count,
  imported: Count.meta({ description: 'Files imported in this run' }),
  inserted: Count,
  duplicates: Count,
  rejectedRows: Count,
  outsideCountries: Count.meta({ description: 'Events left out: no actor from the countries' }),
  rows: Count,
  refused: z.array(RefusedFile),
  skipped: z.object({ mentions: Count, gkg: Count, outsideRange: Count, other: Count }).strict(),
  malformedListLines: z.object({ count: Count, examples: z.array(z.string()) }).strict(),
  retries: Count,
  seconds: z.number(),
  downloadSeconds: z.number().meta({ description: 'Summed over the parallel downloads' }),
  importSeconds: z.number(),
  interrupted: z.boolean().meta({ description: 'Stopped before the last file (Ctrl-C): run the same command again to go on' }),
}).strict().meta({ id: 'FetchReport' });
export type FetchReport = z.infer<typeof FetchReport>;
