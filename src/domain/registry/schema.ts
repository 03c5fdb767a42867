/**
 * The relationship as a system: parties, their agencies and heads of government, the mechanisms
 * that give the relationship traction, their meetings, the intermestic agenda, commitments and
 * recommendations — and the sources every one of them rests on.
 *
 * These schemas are the model itself and the check at every edge (registry files, imports, HTTP).
 */
import { z } from 'zod';
import { IsoDate, PartialDate } from '../dates.ts';

/** Lower-case slug used as the id of every record: `nals`, `hled-2013-09-20`. */
export const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a slug: lower-case letters, digits and single hyphens');
export type Slug = z.infer<typeof Slug>;

/** ISO 3166-1 alpha-3 code of a party (country): `USA`, `MEX`, `CAN`. */
export const PartyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code such as USA');
export type PartyCode = z.infer<typeof PartyCode>;

/** Text in English, with Spanish and French where the record has them. */
export const Localized = z.object({
  en: z.string().min(1),
  es: z.string().min(1).optional(),
  fr: z.string().min(1).optional(),
}).strict();
export type Localized = z.infer<typeof Localized>;

/** Ids of the sources a record rests on: never empty. */
export const SourceRefs = z.array(Slug).min(1, 'every record needs at least one source');

/** How sure the record is: confirmed (read in the cited source) or uncertain (partly sourced). */
export const Confidence = z.enum(['confirmed', 'uncertain']);
export type Confidence = z.infer<typeof Confidence>;

export const SourceKind = z.enum(['official', 'press', 'secondary', 'seed']);
export type SourceKind = z.infer<typeof SourceKind>;

export const Source = z.object({
  id: Slug,
  title: z.string().min(1),
  publisher: z.string().min(1),
  /** A web address (http or https only: the pages link to it, so no `javascript:` or `data:` link). */
  url: z.url({ protocol: /^https?$/, error: 'expected an http or https address' }).optional(),
  date: PartialDate.optional(),
  kind: SourceKind,
  /** Why this source, or what in it is used, when the title does not say. */
  note: z.string().optional(),
}).strict();
export type Source = z.infer<typeof Source>;

export const Party = z.object({
  id: PartyCode,
  names: Localized.extend({ es: z.string().min(1), fr: z.string().min(1) }),
  sources: SourceRefs,
}).strict();
export type Party = z.infer<typeof Party>;

export const AgencyKind = z.enum([
  'head-of-government', 'foreign-ministry', 'trade-ministry', 'finance-ministry', 'security-ministry',
  'defence-ministry', 'justice', 'interior-ministry', 'environment-ministry', 'energy-ministry',
  'health-ministry', 'education-ministry', 'migration-agency', 'other-ministry', 'agency', 'mission',
  'binational-body', 'legislature',
]);
export type AgencyKind = z.infer<typeof AgencyKind>;

export const Agency = z.object({
  id: Slug,
  party: PartyCode,
  names: Localized,
  kind: AgencyKind,
  sources: SourceRefs,
}).strict();
export type Agency = z.infer<typeof Agency>;

/** A head of government's term in office. `end` is null while in office; `endScheduled` marks a constitutional end not yet reached. */
export const Term = z.object({
  id: Slug,
  party: PartyCode,
  person: z.string().min(1),
  office: Localized,
  politicalParty: z.string().optional(),
  start: IsoDate,
  end: IsoDate.nullable(),
  endScheduled: z.boolean().default(false),
  sources: SourceRefs,
}).strict();
export type Term = z.infer<typeof Term>;

/** A head-of-government election that took place (or is fixed by law), with its source. */
export const Election = z.object({
  id: Slug,
  party: PartyCode,
  date: PartialDate,
  /** Day the winner takes office, when known. */
  inauguration: IsoDate.optional(),
  kind: z.enum(['presidential', 'general']),
  sources: SourceRefs,
}).strict();
export type Election = z.infer<typeof Election>;

/**
 * How a party's head-of-government elections recur, to project the calendar past recorded elections.
 * `fixed: false` marks a nominal cycle that can be broken (Canada's fixed-date law allows early elections).
 */
export const ElectoralCycle = z.object({
  party: PartyCode,
  kind: z.enum(['presidential', 'general']),
  everyYears: z.number().int().positive(),
  /** A year in which an election of this cycle is held. */
  anchorYear: z.number().int(),
  /** Month and day of a typical election (MM-DD), for projected windows. */
  typicalElectionDay: z.string().regex(/^\d{2}-\d{2}$/),
  /** Month and day the winner takes office (MM-DD), and how many years after the election year. */
  inaugurationDay: z.string().regex(/^\d{2}-\d{2}$/),
  inaugurationYearOffset: z.number().int().min(0).max(1),
  fixed: z.boolean(),
  validFrom: z.number().int(),
  validTo: z.number().int().optional(),
  sources: SourceRefs,
}).strict();
export type ElectoralCycle = z.infer<typeof ElectoralCycle>;

export const DomesticDriver = z.object({
  party: PartyCode,
  text: z.string().min(1),
  sources: SourceRefs,
}).strict();
export type DomesticDriver = z.infer<typeof DomesticDriver>;

/** An item of the intermestic agenda: a foreign-policy issue that is domestic on every side. */
export const IssueArea = z.object({
  id: Slug,
  names: Localized,
  description: z.string().optional(),
  drivers: z.array(DomesticDriver).default([]),
  sources: SourceRefs,
}).strict();
export type IssueArea = z.infer<typeof IssueArea>;

export const MechanismKind = z.enum([
  'leaders-summit', 'cabinet-dialogue', 'ministerial-meeting', 'working-group', 'commission', 'treaty-body',
  'security-framework', 'cooperation-framework', 'trade-agreement-body', 'consultation', 'declaration',
  'multilateral',
]);
export type MechanismKind = z.infer<typeof MechanismKind>;

/** How often a mechanism is meant to meet. */
export const Cadence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('annual') }).strict(),
  z.object({ kind: z.literal('twice-a-year') }).strict(),
  z.object({ kind: z.literal('every-n-months'), months: z.number().int().min(1).max(120) }).strict(),
  z.object({ kind: z.literal('ad-hoc') }).strict(),
]);
export type Cadence = z.infer<typeof Cadence>;

export const Mechanism = z.object({
  id: Slug,
  names: Localized,
  acronym: z.string().optional(),
  kind: MechanismKind,
  parties: z.array(PartyCode).min(2, 'a mechanism joins two or more parties'),
  /** Lead agencies per party: party code → agency ids. */
  leadAgencies: z.record(PartyCode, z.array(Slug)).default({}),
  issueAreas: z.array(Slug).default([]),
  cadence: Cadence,
  /** What the cadence rests on, e.g. "annual in principle, host rotates". */
  cadenceNote: z.string().optional(),
  founded: PartialDate,
  ended: PartialDate.nullable().default(null),
  replacedBy: Slug.nullable().default(null),
  description: z.string().optional(),
  /**
   * Whether the registry holds every meeting of the mechanism (`complete`) or knows that some are
   * missing (`partial`: undated plenaries, sessions not found). A lapse computed on a partial record
   * may be a gap in the record, not in the mechanism: reports flag it.
   */
  meetingRecord: z.enum(['complete', 'partial']).default('complete'),
  confidence: Confidence.default('confirmed'),
  sources: SourceRefs,
}).strict();
export type Mechanism = z.infer<typeof Mechanism>;

export const MeetingLevel = z.enum(['leaders', 'ministerial', 'vice-ministerial', 'senior-officials', 'technical']);
export type MeetingLevel = z.infer<typeof MeetingLevel>;

/**
 * A meeting of a mechanism. `status` other than `held` records a meeting that was planned and did
 * not take place (postponed, cancelled) — part of the history of a lapse, never counted as held.
 */
export const Meeting = z.object({
  id: Slug,
  mechanism: Slug,
  date: PartialDate,
  /** Last day of a meeting that ran over several days. */
  endDate: IsoDate.optional(),
  status: z.enum(['held', 'postponed', 'cancelled']).default('held'),
  place: z.string().optional(),
  virtual: z.boolean().default(false),
  level: MeetingLevel,
  /** Ordinal as the mechanism numbers it ("tenth summit" → 10). */
  number: z.number().int().positive().optional(),
  participants: z.array(z.string()).default([]),
  outcome: z.string().optional(),
  confidence: Confidence.default('confirmed'),
  sources: SourceRefs,
}).strict();
export type Meeting = z.infer<typeof Meeting>;

export const Commitment = z.object({
  id: Slug,
  text: z.string().min(1),
  /** Meeting at which it was made, when it was made at one. */
  meeting: Slug.optional(),
  /** Mechanism or declaration that carries it. */
  mechanism: Slug.optional(),
  /** Title of the declaration or document that records it. */
  document: z.string().optional(),
  date: PartialDate,
  owner: PartyCode,
  dueDate: PartialDate.optional(),
  issueAreas: z.array(Slug).default([]),
  sources: SourceRefs,
}).strict();
export type Commitment = z.infer<typeof Commitment>;

/** How far a recommendation has been taken up (the tracker's statuses). */
export const RecommendationStatus = z.enum(['not-addressed', 'under-consideration', 'partly-adopted', 'adopted', 'reversed']);
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;

/** One dated status of a recommendation, with what it rests on and why. */
export const RecommendationStatusEntry = z.object({
  date: PartialDate,
  status: RecommendationStatus,
  /** What happened, in our own words, and what the sources do not show. */
  note: z.string().min(1),
  sources: SourceRefs,
}).strict();
export type RecommendationStatusEntry = z.infer<typeof RecommendationStatusEntry>;

export const Recommendation = z.object({
  id: Slug,
  text: z.string().min(1),
  author: z.string().min(1),
  /** Source id of the document that makes the recommendation. */
  document: Slug,
  date: PartialDate,
  addressedTo: z.array(PartyCode).min(1),
  /** Mechanisms that carry it out (or would). */
  mechanisms: z.array(Slug).default([]),
  /** Commitments that carry it out. */
  commitments: z.array(Slug).default([]),
  /**
   * Mechanisms among `mechanisms` whose regular meeting the recommendation asks for: the tracker
   * computes their cadence evidence from the registry's meetings (src/domain/tracker.ts).
   */
  cadenceOf: z.array(Slug).default([]),
  issueAreas: z.array(Slug).default([]),
  /** Its status over time, oldest first (src/domain/tracker.ts). */
  history: z.array(RecommendationStatusEntry).default([]),
  sources: SourceRefs,
}).strict();
export type Recommendation = z.infer<typeof Recommendation>;

/** The G7/G20 Research Group's scale: −1 no compliance or contrary action, 0 partial or work in progress, +1 full compliance. */
export const ComplianceScore = z.union([z.literal(-1), z.literal(0), z.literal(1)]);
export type ComplianceScore = z.infer<typeof ComplianceScore>;

/**
 * What an assessment found: `assessed` (scored), `no-evidence` (looked for, none found) or
 * `not-assessed` (no judgement made). The last two have no score: they are never a 0.
 */
export const AssessmentStatus = z.enum(['assessed', 'no-evidence', 'not-assessed']);
export type AssessmentStatus = z.infer<typeof AssessmentStatus>;

export const AssessmentKind = z.enum(['interim', 'final']);
export type AssessmentKind = z.infer<typeof AssessmentKind>;

/**
 * A judgement of how far a party complied with a commitment by a cut-off date (src/domain/compliance.ts).
 * Its sources are its evidence: for `no-evidence`, the pages where the evidence was looked for.
 * A recalibration is a new assessment that names the one it revises and why; the earlier one stays.
 */
export const Assessment = z.object({
  id: Slug,
  commitment: Slug,
  party: PartyCode,
  kind: AssessmentKind,
  /** The cut-off: what happened by this day is judged. */
  date: IsoDate,
  status: AssessmentStatus,
  /** −1, 0 or +1 with status `assessed`; null otherwise. */
  score: ComplianceScore.nullable(),
  assessor: z.string().min(1),
  rationale: z.string().min(1),
  /** Id of the earlier assessment this one recalibrates. */
  recalibrates: Slug.optional(),
  /** Why the earlier score was revised (required with `recalibrates`). */
  recalibrationReason: z.string().min(1).optional(),
  /** `uncertain` when the evidence rests on press or secondary pages only (no official text or verbatim copy). */
  confidence: Confidence.default('confirmed'),
  sources: SourceRefs,
}).strict();
export type Assessment = z.infer<typeof Assessment>;

export const DevelopmentKind = z.enum(['trade-measure', 'legal-ruling', 'security-action', 'agreement', 'statement', 'crisis', 'negotiation', 'other']);
export type DevelopmentKind = z.infer<typeof DevelopmentKind>;

/**
 * A dated development that moved the relationship and is not a meeting of a mechanism: a tariff
 * order or its suspension, a court ruling, a designation, a transfer of detainees, an agreement, a
 * rupture of talks. Its date keeps the precision the sources give.
 */
export const Development = z.object({
  id: Slug,
  date: PartialDate,
  /** Last day of a development that spans days. */
  endDate: IsoDate.optional(),
  parties: z.array(PartyCode).min(1),
  kind: DevelopmentKind,
  issueAreas: z.array(Slug).default([]),
  /** One line in English, with Spanish and French where they could be written faithfully. */
  summary: Localized,
  mechanisms: z.array(Slug).default([]),
  commitments: z.array(Slug).default([]),
  confidence: Confidence.default('confirmed'),
  /** Where sources disagree (a day, a figure), or how a day was derived. */
  note: z.string().optional(),
  sources: SourceRefs,
}).strict();
export type Development = z.infer<typeof Development>;

/** The whole registry of a relationship: what a registry folder holds, what is loaded and exported. */
export const Registry = z.object({
  parties: z.array(Party).default([]),
  agencies: z.array(Agency).default([]),
  terms: z.array(Term).default([]),
  elections: z.array(Election).default([]),
  electoralCycles: z.array(ElectoralCycle).default([]),
  issueAreas: z.array(IssueArea).default([]),
  mechanisms: z.array(Mechanism).default([]),
  meetings: z.array(Meeting).default([]),
  commitments: z.array(Commitment).default([]),
  assessments: z.array(Assessment).default([]),
  recommendations: z.array(Recommendation).default([]),
  developments: z.array(Development).default([]),
  sources: z.array(Source).default([]),
}).strict();
export type Registry = z.infer<typeof Registry>;
export type RegistryInput = z.input<typeof Registry>;

/** The record collections of a registry, in the order they are loaded (sources first: everything cites them). */
export const COLLECTIONS = [
  'sources', 'parties', 'agencies', 'terms', 'elections', 'electoralCycles', 'issueAreas', 'mechanisms',
  'meetings', 'commitments', 'assessments', 'recommendations', 'developments',
] as const satisfies readonly (keyof Registry)[];
export type CollectionName = (typeof COLLECTIONS)[number];

/** File name of a collection in a registry folder: `issueAreas` → `issue-areas`. */
export function collectionFileName(c: CollectionName): string {
  return c.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
}
