/**
 * Which records cite each source: every record's `sources`, the sources of an issue area's domestic
 * drivers, the document a recommendation comes from and the evidence of its status history. The answer to "what rests on this page?",
 * for the sources list and for checking what a corrected source touches.
 */
import { COLLECTIONS, type CollectionName, type Registry } from './schema.ts';

export interface Citation {
  readonly collection: CollectionName;
  readonly id: string;
  /** Where in the record: `sources`, `drivers` (an issue area's domestic driver), `document`, or `history` (a recommendation's status history). */
  readonly as: 'sources' | 'drivers' | 'document' | 'history';
}

/** Source id → the records citing it, in collection order then record order, each record once per way. */
export function citationsOf(registry: Registry): Map<string, Citation[]> {
  const out = new Map<string, Citation[]>();
  const add = (source: string, c: Citation): void => {
    const list = out.get(source) ?? [];
    if (!list.some((x) => x.collection === c.collection && x.id === c.id && x.as === c.as)) list.push(c);
    out.set(source, list);
  };
  for (const collection of COLLECTIONS) {
    if (collection === 'sources') continue;
    (registry[collection] as readonly { id?: string; party?: string; kind?: string; sources?: readonly string[] }[]).forEach((record, i) => {
      // Electoral cycles have no id: named as the integrity check names them.
      const id = record.id ?? `${record.party ?? ''}-${record.kind ?? ''}-${i}`;
      for (const s of record.sources ?? []) add(s, { collection, id, as: 'sources' });
    });
  }
  for (const area of registry.issueAreas) for (const d of area.drivers) for (const s of d.sources) add(s, { collection: 'issueAreas', id: area.id, as: 'drivers' });
  for (const r of registry.recommendations) {
    add(r.document, { collection: 'recommendations', id: r.id, as: 'document' });
    for (const h of r.history) for (const s of h.sources) add(s, { collection: 'recommendations', id: r.id, as: 'history' });
  }
  return out;
}
