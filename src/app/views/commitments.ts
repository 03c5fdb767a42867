/** Commitments and recommendations with where they were made and their sources. */
import { comparePartialDates } from '../../domain/dates.ts';
import type { Commitment, Mechanism, Meeting, Recommendation, Registry, Source } from '../../domain/registry/schema.ts';

export interface CommitmentsView {
  readonly commitments: readonly { readonly commitment: Commitment; readonly meeting: Meeting | null; readonly mechanism: Mechanism | null }[];
  readonly recommendations: readonly { readonly recommendation: Recommendation; readonly document: Source | null; readonly mechanisms: readonly Mechanism[] }[];
  readonly sources: ReadonlyMap<string, Source>;
}

export function commitmentsOf(registry: Registry, party?: string): CommitmentsView {
  const meeting = (id: string | undefined) => (id === undefined ? null : registry.meetings.find((m) => m.id === id) ?? null);
  const mechanism = (id: string | undefined) => (id === undefined ? null : registry.mechanisms.find((m) => m.id === id) ?? null);
  const sources = new Map(registry.sources.map((s) => [s.id, s]));
  return {
    commitments: registry.commitments
      .filter((c) => party === undefined || c.owner === party)
      .sort((a, b) => comparePartialDates(a.date, b.date) || a.id.localeCompare(b.id))
      .map((c) => {
        const m = meeting(c.meeting);
        return { commitment: c, meeting: m, mechanism: mechanism(c.mechanism ?? m?.mechanism) };
      }),
    recommendations: registry.recommendations
      .filter((r) => party === undefined || r.addressedTo.includes(party))
      .map((r) => ({ recommendation: r, document: sources.get(r.document) ?? null, mechanisms: r.mechanisms.map(mechanism).filter((m): m is Mechanism => m !== null) })),
    sources,
  };
}
