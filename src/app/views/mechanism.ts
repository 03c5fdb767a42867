/** One mechanism in full: what it is, its parties and lead agencies, its cadence and standing at a date, every meeting with its sources, the commitments made there, its gaps. */
import { mechanismHealth, type CadenceHealth } from '../../domain/cadence/rules.ts';
import { comparePartialDates, type IsoDate } from '../../domain/dates.ts';
import type { Agency, Commitment, IssueArea, Mechanism, Meeting, Party, Registry, Source } from '../../domain/registry/schema.ts';
import { NotFound } from '../errors.ts';

export interface MechanismView {
  readonly at: IsoDate;
  readonly mechanism: Mechanism;
  readonly parties: readonly Party[];
  readonly agencies: readonly Agency[];
  readonly issueAreas: readonly IssueArea[];
  readonly health: CadenceHealth;
  /** Newest first. */
  readonly meetings: readonly Meeting[];
  readonly commitments: readonly Commitment[];
  readonly replacedBy: Mechanism | null;
  /** Every source the page cites, by id. */
  readonly sources: ReadonlyMap<string, Source>;
}

export function mechanismViewOf(registry: Registry, id: string, at: IsoDate): MechanismView {
  const mechanism = registry.mechanisms.find((m) => m.id === id);
  if (mechanism === undefined) throw new NotFound('mechanism', id);
  const meetings = registry.meetings.filter((m) => m.mechanism === id).sort((a, b) => comparePartialDates(b.date, a.date));
  const meetingIds = new Set(meetings.map((m) => m.id));
  const agencyIds = new Set(Object.values(mechanism.leadAgencies).flat());
  const commitments = registry.commitments.filter((c) => c.mechanism === id || (c.meeting !== undefined && meetingIds.has(c.meeting)));
  const cited = new Set([...mechanism.sources, ...meetings.flatMap((m) => m.sources), ...commitments.flatMap((c) => c.sources)]);
  return {
    at, mechanism,
    parties: mechanism.parties.map((c) => registry.parties.find((p) => p.id === c)).filter((p): p is Party => p !== undefined),
    agencies: registry.agencies.filter((a) => agencyIds.has(a.id)),
    issueAreas: registry.issueAreas.filter((a) => mechanism.issueAreas.includes(a.id)),
    health: mechanismHealth(mechanism, registry.meetings, at),
    meetings, commitments,
    replacedBy: mechanism.replacedBy === null ? null : registry.mechanisms.find((m) => m.id === mechanism.replacedBy) ?? null,
    sources: new Map(registry.sources.filter((s) => cited.has(s.id)).map((s) => [s.id, s])),
  };
}
