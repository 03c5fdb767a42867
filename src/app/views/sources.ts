/** Every source with its kind and the records that cite it. */
import { citationsOf, type Citation } from '../../domain/registry/citations.ts';
import type { Registry, Source, SourceKind } from '../../domain/registry/schema.ts';

export interface SourcesView {
  readonly sources: readonly { readonly source: Source; readonly citedBy: readonly Citation[] }[];
  readonly byKind: Readonly<Record<SourceKind, number>>;
  /** Sources no record cites. */
  readonly uncited: number;
}

export function sourcesOf(registry: Registry, kind?: SourceKind): SourcesView {
  const citations = citationsOf(registry);
  const byKind: Record<SourceKind, number> = { official: 0, press: 0, secondary: 0, seed: 0 };
  for (const s of registry.sources) byKind[s.kind]++;
  const sources = registry.sources
    .filter((s) => kind === undefined || s.kind === kind)
    .map((source) => ({ source, citedBy: citations.get(source.id) ?? [] }));
  return { sources, byKind, uncited: registry.sources.filter((s) => (citations.get(s.id) ?? []).length === 0).length };
}
