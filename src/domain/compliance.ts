/**
 * Compliance with commitments, scored as the G7/G20 Research Group does and kept as a live record.
 *
 * THE RULES (tests in test/domain/compliance.test.ts and compliance-north-america.test.ts)
 *
 * 1. The scale. An assessment of a commitment for a party scores −1 (no compliance, or action
 *    contrary to the commitment), 0 (partial compliance, work in progress) or +1 (full compliance).
 *    Only an assessment with status `assessed` has a score. `no-evidence` (the assessor looked and
 *    found no evidence of the party's action) and `not-assessed` (no judgement was made) are states
 *    of their own: they have no score, are counted apart, and are never averaged as a 0.
 *
 * 2. History is kept. Every assessment stays in the registry: the interim one when a final follows,
 *    and the earlier one when a later one recalibrates it (`recalibrates`, with its reason).
 *
 * 3. Order. Assessments of one commitment and party are ordered by date; on the same day, one that
 *    recalibrates another (directly or through a chain) comes after it; otherwise the registry's
 *    order decides (the integrity check refuses two assessments of the same kind on one day unless
 *    one recalibrates the other, so this last rule only orders an interim and a final of one day).
 *
 * 4. The standing of a commitment for a party, on a date (default: everything recorded): the latest
 *    final assessment dated on or before it; else the latest interim one; else `not-assessed` with
 *    no assessment behind it (basis `none`).
 *
 * 5. Aggregates over a set of standings — per party, issue area, mechanism, period (the year the
 *    commitment was made) and overall — always give the number of commitments behind them:
 *      commitments   standings in the set
 *      final/interim how many of them rest on a final or an interim assessment (the rest on none)
 *      scored        standings with a score: the number the mean is taken over
 *      noEvidence    standings whose status is `no-evidence`
 *      notAssessed   standings whose status is `not-assessed` (no assessment, or one saying so)
 *      scores        how many standings score +1 (full), 0 (partial) and −1 (nonCompliance)
 *      mean          mean score of the scored standings, 4 decimals; null when none is scored
 *      g20Percent    the G20 Research Group's percentage beside the mean: (mean + 1) / 2 × 100,
 *                    2 decimals (−1 → 0 %, 0 → 50 %, +1 → 100 %); null when none is scored
 *    A commitment counts once in the aggregate of each of its issue areas (so the issue-area
 *    aggregates may add up to more than the whole); a commitment without a mechanism is left out of
 *    the mechanism aggregates only.
 */
import { parsePartialDate, type IsoDate } from './dates.ts';
import type { Assessment, AssessmentStatus, Commitment, ComplianceScore, Registry } from './registry/schema.ts';

export type StandingBasis = 'final' | 'interim' | 'none';

/** One assessment as it figures in a standing's history. */
export interface AssessmentStep {
  readonly assessment: Assessment;
  /** The assessment that recalibrates this one, when one does (within the history shown). */
  readonly recalibratedBy: string | null;
}

/** Where a commitment stands for a party (rule 4). */
export interface Standing {
  readonly commitment: Commitment;
  readonly party: string;
  readonly basis: StandingBasis;
  readonly status: AssessmentStatus;
  readonly score: ComplianceScore | null;
  /** The assessment that counts, or null (basis `none`). */
  readonly assessment: Assessment | null;
  /** Every assessment of the commitment for the party dated on or before the date, in order (rule 3). */
  readonly history: readonly AssessmentStep[];
}

/** The assessments of one commitment for one party, in the order of rule 3. */
export function orderAssessments(list: readonly Assessment[]): Assessment[] {
  const byDay = new Map<string, Assessment[]>();
  for (const a of list) {
    const day = byDay.get(a.date);
    if (day) day.push(a);
    else byDay.set(a.date, [a]);
  }
  const out: Assessment[] = [];
  for (const day of [...byDay.keys()].sort()) {
    // Within a day: each in registry order, once what it recalibrates (if of the same day) is placed.
    const pending = [...byDay.get(day)!];
    const ids = new Set(pending.map((a) => a.id));
    const placed = new Set<string>();
    while (pending.length > 0) {
      let i = pending.findIndex((a) => a.recalibrates === undefined || !ids.has(a.recalibrates) || placed.has(a.recalibrates) || a.recalibrates === a.id);
      // A loop (refused by the integrity check): keep the registry order for what remains.
      if (i < 0) i = 0;
      const [next] = pending.splice(i, 1);
      placed.add(next!.id);
      out.push(next!);
    }
  }
  return out;
}

/** The standing of one commitment for one party from its assessments (any others are ignored), on `at` or over everything recorded. */
export function standingOf(commitment: Commitment, party: string, assessments: readonly Assessment[], at?: IsoDate): Standing {
  const mine = orderAssessments(assessments.filter((a) => a.commitment === commitment.id && a.party === party && (at === undefined || a.date <= at)));
  const recalibratedBy = new Map<string, string>();
  for (const a of mine) if (a.recalibrates !== undefined) recalibratedBy.set(a.recalibrates, a.id);
  const history = mine.map((a) => ({ assessment: a, recalibratedBy: recalibratedBy.get(a.id) ?? null }));
  const counting = mine.filter((a) => a.kind === 'final').at(-1) ?? mine.filter((a) => a.kind === 'interim').at(-1) ?? null;
  if (counting === null) return { commitment, party, basis: 'none', status: 'not-assessed', score: null, assessment: null, history };
  return {
    commitment, party, basis: counting.kind, status: counting.status,
    score: counting.status === 'assessed' ? counting.score : null,
    assessment: counting, history,
  };
}

/** The standing of every commitment of a registry for its party, in registry order; `party` keeps one party's. */
export function standings(registry: Registry, options: { party?: string; at?: IsoDate } = {}): Standing[] {
  const byCommitment = new Map<string, Assessment[]>();
  for (const a of registry.assessments) {
    const list = byCommitment.get(a.commitment);
    if (list) list.push(a);
    else byCommitment.set(a.commitment, [a]);
  }
  return registry.commitments
    .filter((c) => options.party === undefined || c.owner === options.party)
    .map((c) => standingOf(c, c.owner, byCommitment.get(c.id) ?? [], options.at));
}

/** A compliance figure with the counts behind it (rule 5). */
export interface ComplianceAggregate {
  commitments: number;
  final: number;
  interim: number;
  scored: number;
  noEvidence: number;
  notAssessed: number;
  /** Standings scored +1, 0 and −1. */
  scores: { full: number; partial: number; nonCompliance: number };
  mean: number | null;
  g20Percent: number | null;
}

/** The G20 Research Group's percentage for a mean score: (s + 1) / 2 × 100. */
export function g20Percent(mean: number): number {
  return ((mean + 1) / 2) * 100;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** The aggregate of a set of standings (rule 5). */
export function aggregate(list: readonly Standing[]): ComplianceAggregate {
  const out: ComplianceAggregate = {
    commitments: list.length, final: 0, interim: 0, scored: 0, noEvidence: 0, notAssessed: 0,
    scores: { full: 0, partial: 0, nonCompliance: 0 }, mean: null, g20Percent: null,
  };
  let sum = 0;
  for (const s of list) {
    if (s.basis === 'final') out.final++;
    else if (s.basis === 'interim') out.interim++;
    if (s.status === 'no-evidence') out.noEvidence++;
    else if (s.status === 'not-assessed') out.notAssessed++;
    else if (s.score !== null) {
      out.scored++;
      sum += s.score;
      out.scores[s.score === 1 ? 'full' : s.score === 0 ? 'partial' : 'nonCompliance']++;
    }
  }
  if (out.scored > 0) {
    const mean = sum / out.scored;
    out.mean = round(mean, 4);
    out.g20Percent = round(g20Percent(mean), 2);
  }
  return out;
}

/** The period of a commitment: the year it was made. */
export function periodOf(commitment: Commitment): string {
  return String(parsePartialDate(commitment.date).year);
}

/** Groups standings by keys (a standing may have several, or none), keys in order of first appearance unless `order` is given. */
function groupBy<K extends string>(list: readonly Standing[], keys: (s: Standing) => readonly K[], order?: readonly K[]): { key: K; aggregate: ComplianceAggregate }[] {
  const groups = new Map<K, Standing[]>();
  for (const k of order ?? []) groups.set(k, []);
  for (const s of list) {
    for (const k of new Set(keys(s))) {
      const g = groups.get(k);
      if (g) g.push(s);
      else groups.set(k, [s]);
    }
  }
  return [...groups].filter(([, g]) => g.length > 0).map(([key, g]) => ({ key, aggregate: aggregate(g) }));
}

export interface ComplianceAggregates {
  overall: ComplianceAggregate;
  /** Per party, in the registry's order of parties. */
  byParty: { party: string; aggregate: ComplianceAggregate }[];
  /** Per issue area, in the registry's order of issue areas. */
  byIssueArea: { issueArea: string; aggregate: ComplianceAggregate }[];
  /** Per mechanism that carries a commitment, in the registry's order of mechanisms. */
  byMechanism: { mechanism: string; aggregate: ComplianceAggregate }[];
  /** Per year in which commitments were made, oldest first. */
  byPeriod: { period: string; aggregate: ComplianceAggregate }[];
}

/** Every aggregate of rule 5 over a set of standings; groups with no standing are left out. */
export function complianceAggregates(registry: Registry, list: readonly Standing[]): ComplianceAggregates {
  const periods = [...new Set(list.map((s) => periodOf(s.commitment)))].sort();
  return {
    overall: aggregate(list),
    byParty: groupBy(list, (s) => [s.party], registry.parties.map((p) => p.id)).map(({ key, aggregate }) => ({ party: key, aggregate })),
    byIssueArea: groupBy(list, (s) => s.commitment.issueAreas, registry.issueAreas.map((i) => i.id)).map(({ key, aggregate }) => ({ issueArea: key, aggregate })),
    byMechanism: groupBy(list, (s) => (s.commitment.mechanism === undefined ? [] : [s.commitment.mechanism]), registry.mechanisms.map((m) => m.id))
      .map(({ key, aggregate }) => ({ mechanism: key, aggregate })),
    byPeriod: groupBy(list, (s) => [periodOf(s.commitment)], periods).map(({ key, aggregate }) => ({ period: key, aggregate })),
  };
}

