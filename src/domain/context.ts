/**
 * What the registry holds around a stretch of time for a set of parties: the meetings their
 * mechanisms held, the mechanisms that lapsed, the heads of government who took or left office, and
 * the key developments. It annotates a shift in an event series with the institutions around it.
 *
 * The stretch is the shift's period widened by CONTEXT_DAYS on each side: events answer institutions
 * with a lag (a summit is prepared for weeks; a lapse is felt after it), and a month on each side is
 * the shortest span in which the registry's monthly-precision dates still fall.
 */
import { addDays, earliestDay, latestDay, type IsoDate } from './dates.ts';
import type { Development, Meeting, Registry, Term } from './registry/schema.ts';
import { mechanismHealth } from './cadence/rules.ts';

export const CONTEXT_DAYS = 31;

export interface RegistryContext {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly meetings: readonly Meeting[];
  /** Mechanisms whose lapse began in the stretch (the first day of status `lapsed`). */
  readonly lapses: readonly { readonly mechanism: string; readonly from: IsoDate }[];
  readonly terms: readonly { readonly term: Term; readonly change: 'took office' | 'left office'; readonly date: IsoDate }[];
  readonly developments: readonly Development[];
}

/** Mechanisms joining at least two of `parties` (all of them for a pair). */
export function mechanismsOf(registry: Registry, parties: readonly string[]) {
  const need = Math.min(2, parties.length);
  return registry.mechanisms.filter((m) => m.parties.filter((p) => parties.includes(p)).length >= need);
}

/** Developments of `parties`: those naming two of them, or one of them alone (a measure of one government). */
export function developmentsOf(registry: Registry, parties: readonly string[]): Development[] {
  return registry.developments.filter((d) => d.parties.filter((p) => parties.includes(p)).length >= Math.min(2, d.parties.length, parties.length));
}

/** The registry around [start, end] (widened by CONTEXT_DAYS) for `parties`. */
export function contextAround(registry: Registry, parties: readonly string[], start: IsoDate, end: IsoDate): RegistryContext {
  const from = addDays(start, -CONTEXT_DAYS);
  const to = addDays(end, CONTEXT_DAYS);
  const mechanisms = mechanismsOf(registry, parties);
  const ids = new Set(mechanisms.map((m) => m.id));
  const within = (a: string, b: string = a): boolean => latestDay(b) >= from && earliestDay(a) <= to;
  const meetings = registry.meetings.filter((m) => ids.has(m.mechanism) && m.status === 'held' && within(m.date, m.endDate ?? m.date));
  const lapses = mechanisms.flatMap((m) => {
    const h = mechanismHealth(m, registry.meetings, to);
    const at = h.schedule?.lapsedFrom;
    return h.status === 'lapsed' && at !== undefined && at >= from && at <= to ? [{ mechanism: m.id, from: at }] : [];
  });
  const terms = registry.terms.filter((t) => parties.includes(t.party)).flatMap((t) => [
    ...(t.start >= from && t.start <= to ? [{ term: t, change: 'took office' as const, date: t.start }] : []),
    ...(t.end !== null && !t.endScheduled && t.end >= from && t.end <= to ? [{ term: t, change: 'left office' as const, date: t.end }] : []),
  ]).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const developments = developmentsOf(registry, parties).filter((d) => within(d.date, d.endDate ?? d.date));
  return { from, to, meetings, lapses, terms, developments };
}
