/**
 * Use cases of compliance and the recommendation tracker: the standing of every commitment for its
 * party with the aggregates (src/domain/compliance.ts), the assessments themselves, and each
 * recommendation's status with the cadence evidence behind it (src/domain/tracker.ts). The domain
 * judges; this shapes the public JSON (src/app/contracts.ts), choosing English for `name`.
 */
import type { IsoDate } from '../domain/dates.ts';
import type { Registry } from '../domain/registry/schema.ts';
import { complianceAggregates, periodOf, standings, type ComplianceAggregate, type Standing } from '../domain/compliance.ts';
import { trackRecommendations, type CadenceEvidence } from '../domain/tracker.ts';
import type { Assessments, Compliance, Recommendations } from './contracts.ts';
import { InvalidInput } from './errors.ts';
import type { AssessmentParams, ComplianceParams, RecommendationParams } from './params.ts';
import type { Clock, RegistryRepository } from './ports.ts';

type Gap = Recommendations['recommendations'][number]['cadence'][number]['gaps'][number];

function knownParty(registry: Registry, party: string | undefined): void {
  if (party === undefined || registry.parties.some((p) => p.id === party)) return;
  throw new InvalidInput([{ parameter: 'party', message: `unknown ${party} (known: ${registry.parties.map((p) => p.id).join(', ')})` }]);
}

function standingJson(s: Standing): Compliance['standings'][number] {
  return {
    commitment: s.commitment.id,
    party: s.party,
    text: s.commitment.text,
    mechanism: s.commitment.mechanism ?? null,
    issueAreas: s.commitment.issueAreas,
    period: periodOf(s.commitment),
    basis: s.basis,
    status: s.status,
    score: s.score,
    assessment: s.assessment?.id ?? null,
    date: s.assessment?.date ?? null,
    confidence: s.assessment?.confidence ?? null,
    sources: s.assessment?.sources ?? [],
    history: s.history.map(({ assessment: a, recalibratedBy }) => ({
      id: a.id, kind: a.kind, date: a.date, status: a.status, score: a.score,
      recalibrates: a.recalibrates ?? null, recalibrationReason: a.recalibrationReason ?? null, recalibratedBy, sources: a.sources,
    })),
  };
}

const figures = (a: ComplianceAggregate): ComplianceAggregate => ({ ...a, scores: { ...a.scores } });

/** The compliance report of a registry: standings (one party's, with `party`) and their aggregates. */
export function complianceReport(registry: Registry, params: ComplianceParams): Compliance {
  knownParty(registry, params.party);
  const list = standings(registry, { ...(params.party === undefined ? {} : { party: params.party }), ...(params.at === undefined ? {} : { at: params.at }) });
  const agg = complianceAggregates(registry, list);
  const issueName = new Map(registry.issueAreas.map((i) => [i.id, i.names.en]));
  const mechanismName = new Map(registry.mechanisms.map((m) => [m.id, m.names.en]));
  return {
    party: params.party ?? null,
    at: params.at ?? null,
    standings: list.map(standingJson),
    aggregates: {
      overall: figures(agg.overall),
      byParty: agg.byParty.map((g) => ({ party: g.party, ...figures(g.aggregate) })),
      byIssueArea: agg.byIssueArea.map((g) => ({ issueArea: g.issueArea, name: issueName.get(g.issueArea) ?? g.issueArea, ...figures(g.aggregate) })),
      byMechanism: agg.byMechanism.map((g) => ({ mechanism: g.mechanism, name: mechanismName.get(g.mechanism) ?? g.mechanism, ...figures(g.aggregate) })),
      byPeriod: agg.byPeriod.map((g) => ({ period: g.period, ...figures(g.aggregate) })),
    },
  };
}

/** `compliance [--party] [--at]`, `GET /api/compliance`. */
export async function complianceOf(s: { registry: RegistryRepository }, params: ComplianceParams): Promise<Compliance> {
  return complianceReport(await s.registry.readRegistry(), params);
}

/** `GET /api/assessments`: the assessments as recorded (history included), filtered by party or commitment. */
export async function listAssessments(s: { registry: RegistryRepository }, params: AssessmentParams): Promise<Assessments> {
  const registry = await s.registry.readRegistry();
  knownParty(registry, params.party);
  if (params.commitment !== undefined && !registry.commitments.some((c) => c.id === params.commitment)) {
    throw new InvalidInput([{ parameter: 'commitment', message: `unknown commitment "${params.commitment}"` }]);
  }
  return registry.assessments.filter((a) => (params.party === undefined || a.party === params.party) && (params.commitment === undefined || a.commitment === params.commitment));
}

function gap(g: { from: string; to: string; days: number; open?: true }): Gap {
  return g.open ? { from: g.from, to: g.to, days: g.days, open: true } : { from: g.from, to: g.to, days: g.days };
}

function cadenceJson(e: CadenceEvidence): Recommendations['recommendations'][number]['cadence'][number] {
  return {
    mechanism: e.mechanism.id,
    name: e.mechanism.names.en,
    cadence: e.mechanism.cadence.kind as 'annual' | 'twice-a-year' | 'every-n-months',
    intervalMonths: e.intervalMonths,
    since: e.since,
    held: e.held.map((m) => ({ id: m.id, date: m.date, place: m.place ?? null })),
    notHeld: e.notHeld.map((m) => ({ id: m.id, date: m.date, status: m.status as 'postponed' | 'cancelled' })),
    expected: e.expected,
    status: e.health.status,
    lastMeeting: e.health.lastMeeting,
    daysSinceLast: e.health.daysSinceLast,
    nextExpected: e.health.nextExpected,
    lapsedFrom: e.lapsedFrom,
    gaps: e.gaps.map(gap),
  };
}

/** The tracker's report on day `at`: each recommendation with its status, its history by then and its cadence evidence. */
export function recommendationsReport(registry: Registry, at: IsoDate): Recommendations {
  return {
    at,
    recommendations: trackRecommendations(registry, at).map((t) => {
      const r = t.recommendation;
      return {
        id: r.id, text: r.text, author: r.author, document: r.document, date: r.date, addressedTo: r.addressedTo,
        status: t.status, statusSince: t.statusSince,
        mechanisms: r.mechanisms, commitments: r.commitments, cadenceOf: r.cadenceOf, issueAreas: r.issueAreas,
        history: t.history, cadence: t.cadence.map(cadenceJson), sources: r.sources,
      };
    }),
  };
}

/** `recommendations [--at]`, `GET /api/recommendations`. */
export async function recommendationsOf(s: { registry: RegistryRepository; clock: Clock }, params: RecommendationParams): Promise<Recommendations> {
  return recommendationsReport(await s.registry.readRegistry(), params.at ?? s.clock.today());
}
