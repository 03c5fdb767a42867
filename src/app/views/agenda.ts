/** The intermestic agenda of a pair or group: each issue area with each party's domestic drivers, the mechanisms on it and their standing, and the holes. */
import { registryHealth, type CadenceHealth } from '../../domain/cadence/rules.ts';
import { relationshipSummary, type Coverage } from '../../domain/cadence/summary.ts';
import { mechanismsOf } from '../../domain/context.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { DomesticDriver, IssueArea, Mechanism, Party, Registry, Source } from '../../domain/registry/schema.ts';
import type { Selection } from './selection.ts';

export interface AgendaRow {
  readonly issueArea: IssueArea;
  readonly coverage: Coverage;
  /** The drivers of each party of the selection (empty: none recorded). */
  readonly drivers: readonly { readonly party: string; readonly drivers: readonly DomesticDriver[] }[];
  readonly mechanisms: readonly { readonly mechanism: Mechanism; readonly health: CadenceHealth }[];
}

export interface AgendaView {
  readonly at: IsoDate;
  readonly selection: Selection;
  readonly parties: readonly Party[];
  readonly rows: readonly AgendaRow[];
  readonly holes: readonly string[];
  readonly nominal: readonly string[];
  readonly sources: ReadonlyMap<string, Source>;
}

export function agendaOf(registry: Registry, selection: Selection, at: IsoDate): AgendaView {
  const mechanisms = mechanismsOf(registry, selection.parties);
  const scoped: Registry = { ...registry, mechanisms };
  const health = registryHealth(scoped, at);
  const byId = new Map(health.map((h) => [h.id, h]));
  const summary = relationshipSummary(scoped, at, health);
  const coverage = new Map(summary.byIssueArea.map((t) => [t.id, t.coverage]));
  const rows = registry.issueAreas.map((issueArea): AgendaRow => ({
    issueArea,
    coverage: coverage.get(issueArea.id) ?? 'none',
    drivers: selection.parties.map((party) => ({ party, drivers: issueArea.drivers.filter((d) => d.party === party) })),
    mechanisms: mechanisms.filter((m) => m.issueAreas.includes(issueArea.id)).map((mechanism) => ({ mechanism, health: byId.get(mechanism.id)! })),
  }));
  const cited = new Set(rows.flatMap((r) => [...r.issueArea.sources, ...r.drivers.flatMap((d) => d.drivers.flatMap((x) => x.sources))]));
  return {
    at, selection,
    parties: selection.parties.map((c) => registry.parties.find((p) => p.id === c)!),
    rows, holes: summary.coverageHoles, nominal: summary.nominalCoverage,
    sources: new Map(registry.sources.filter((s) => cited.has(s.id)).map((s) => [s.id, s])),
  };
}
