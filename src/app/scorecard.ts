/**
 * The three-Cs scorecard of a pair or group, year by year: gathers the inputs — event counts from the
 * event store (all events between the members by month and by day, and those between their
 * governments by year), the registry — and has the domain score them (src/domain/scorecard.ts), then
 * adds the sensitivity of the ranking of years to the weights and the mean figures over the periods
 * the seed essays describe.
 */
import {
  DEFAULT_WEIGHTS, FORMULAS, SUB_SCORES, THRESHOLDS, eraFigures, scoreYear, sensitivity,
  type Composite, type Era, type PeriodScore, type QuadCounts, type Sensitivity, type Variation, type YearEvents,
} from '../domain/scorecard.ts';
import type { PeriodAggregate } from '../analysis/series.ts';
import type { Scorecard } from './contracts.ts';
import { InvalidInput } from './errors.ts';
import type { ScorecardParams } from './params.ts';
import type { Clock, EventRepository, RegistryRepository, StoredEventStats } from './ports.ts';

/**
 * The periods the seed essays describe, to set the index beside: U.S.–Mexican collaboration "on an
 * upward trajectory since the early 1990s" before Trump's election, "severely damaged" under Trump,
 * and steps under Biden "to place the partnership on firmer footing" that a lack of strategic vision
 * and political constraints impede (seed-sarukhan-fa-2022, February 2022; seed-sarukhan-wilson-2021).
 * The essays end early in 2022: the years from 2025 are shown apart, as beyond them.
 */
export const ESSAY_ERAS: readonly Era[] = [
  { id: 'rise', label: 'rise (to 2016)', from: 1800, to: 2016 },
  { id: 'strain', label: 'strain (2017–2020)', from: 2017, to: 2020 },
  { id: 'restart', label: 'partial restart (2021–2024)', from: 2021, to: 2024 },
  { id: 'after', label: 'after the essays (2025–)', from: 2025, to: 2200 },
];
export const ESSAY_SOURCES = ['seed-sarukhan-fa-2022', 'seed-sarukhan-wilson-2021'];

const zero: QuadCounts = { events: 0, quad1: 0, quad2: 0, quad3: 0, quad4: 0 };
const counts = (r: PeriodAggregate): QuadCounts => ({ events: r.events, quad1: r.quad1, quad2: r.quad2, quad3: r.quad3, quad4: r.quad4 });
const add = (a: QuadCounts, b: QuadCounts): QuadCounts => ({
  events: a.events + b.events, quad1: a.quad1 + b.quad1, quad2: a.quad2 + b.quad2, quad3: a.quad3 + b.quad3, quad4: a.quad4 + b.quad4,
});

function datasetsOf(stats: StoredEventStats, year: number): string[] {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return stats.byDataset
    .filter((d) => d.from !== null && d.to !== null && d.from <= last && d.to >= first)
    .map((d) => `${d.dataset} ${d.from}…${d.to}`);
}

/** `scorecard`, `GET /api/scorecard`. */
export async function scorecardOf(s: { registry: Pick<RegistryRepository, 'readRegistry'>; events: EventRepository; clock: Clock }, p: ScorecardParams): Promise<Scorecard> {
  const registry = await s.registry.readRegistry();
  const members = p.pair !== undefined ? [p.pair.slice(0, 3), p.pair.slice(4)] : (p.group ?? []);
  const parameter = p.pair !== undefined ? 'pair' : 'group';
  const unknown = members.filter((m) => !registry.parties.some((x) => x.id === m));
  if (unknown.length > 0) {
    throw new InvalidInput([{ parameter, message: `unknown ${unknown.join(', ')} (known: ${registry.parties.map((x) => x.id).join(', ')})` }]);
  }
  const today = s.clock.today();
  const thisYear = Number(today.slice(0, 4));
  const to = p.to ?? thisYear;
  const from = p.from ?? Math.min(to, thisYear) - 9;
  if (to > thisYear) throw new InvalidInput([{ parameter: 'to', message: `${to} has not begun (today is ${today})` }]);
  if (from > to) throw new InvalidInput([{ parameter: 'from', message: `${from} is after ${to}` }]);
  if (to - from >= 100) throw new InvalidInput([{ parameter: 'from', message: 'at most 100 years' }]);
  const weights = p.weights ?? DEFAULT_WEIGHTS;

  const range = { countries: members, from: `${from}-01-01`, to: `${to}-12-31` };
  const [months, days, government, stats] = await Promise.all([
    s.events.eventSeries({ ...range, by: 'month' }),
    s.events.eventSeries({ ...range, by: 'day' }),
    s.events.eventSeries({ ...range, by: 'year', sectors: ['GOV'], sectorsOn: 'both' }),
    s.events.eventStats(),
  ]);

  const periods: PeriodScore[] = [];
  for (let year = from; year <= to; year++) {
    const y = String(year);
    const ms = months.filter((m) => m.period.startsWith(y));
    const events: YearEvents = {
      all: ms.map(counts).reduce(add, zero),
      months: ms.map((m) => ({ period: m.period.slice(0, 7), ...counts(m) })),
      days: days.filter((d) => d.period.startsWith(y) && d.events > 0).length,
      government: government.filter((g) => g.period.startsWith(y)).map(counts).reduce(add, zero),
      datasets: datasetsOf(stats, year),
    };
    periods.push(scoreYear(registry, members, year, events, today, weights));
  }

  const total = months.reduce((t, m) => t + m.events, 0);
  const dayCount = days.filter((d) => d.events > 0).length;
  return {
    ...(p.pair !== undefined ? { pair: p.pair } : { group: members }),
    from, to, weights,
    formula: { ...FORMULAS },
    thresholds: { ...THRESHOLDS },
    coverage: {
      events: total,
      days: dayCount,
      datasets: stats.byDataset.map((d) => ({ dataset: d.dataset, from: d.from, to: d.to, events: d.events })),
      note: `${total} event${total === 1 ? '' : 's'} between the members on ${dayCount} day${dayCount === 1 ? '' : 's'} of ${from}–${to}: `
        + 'level, steadiness and bounded rest on these and have no data where they are too few; the other inputs rest on the registry.',
    },
    periods: periods.map(toJson),
    sensitivity: sensitivityJson(sensitivity(periods, weights)),
    eras: eraFigures(periods, ESSAY_ERAS),
    erasSources: ESSAY_SOURCES,
  };
}

function toJson(p: PeriodScore): Scorecard['periods'][number] {
  const sub = (x: PeriodScore['cooperate']): Scorecard['periods'][number]['cooperate'] => ({
    score: x.score, formula: x.formula, used: [...x.used], reason: x.reason,
    inputs: x.inputs.map((i) => ({ ...i, counts: { ...i.counts }, records: [...i.records], sources: [...i.sources], datasets: [...i.datasets] })),
  });
  return {
    period: p.period, at: p.at, cooperate: sub(p.cooperate), coordinate: sub(p.coordinate), challenge: sub(p.challenge),
    composite: { score: p.composite.score, weights: { ...p.composite.weights }, leftOut: [...p.composite.leftOut], note: compositeNote(p.composite) },
  };
}

/** The JSON's English account of a composite (the pages word `leftOut` in their language). */
export function compositeNote(c: Composite): string | null {
  if (c.score === null) return 'no weighted sub-score has data';
  if (c.leftOut.length === 0) return null;
  const used = SUB_SCORES.filter((s) => c.weights[s] > 0);
  return `${c.leftOut.join(' and ')} left out (no data); ${c.leftOut.length === 1 ? 'its weight' : 'their weights'} redistributed to ${used.join(' and ')} in proportion`;
}

/** The JSON's English label of a scenario. */
export function scenarioLabel(v: Variation): string {
  switch (v.kind) {
    case 'as-given': return 'as given';
    case 'times': return `${v.subScore} × ${v.factor}`;
    case 'alone': return `${v.subScore} alone`;
  }
}

function sensitivityJson(x: Sensitivity): Scorecard['sensitivity'] {
  return {
    scenarios: x.scenarios.map((sc) => ({ label: scenarioLabel(sc.variation), weights: { ...sc.weights }, ranking: sc.ranking.map((r) => ({ ...r })) })),
    ranks: x.ranks.map((r) => ({ ...r })),
  };
}
