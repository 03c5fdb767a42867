/**
 * How each registry collection maps to its table: the key, the columns queries filter on, and the
 * sources a record cites (for the `record_sources` link table). The full record always goes to `doc`.
 */
import type { CollectionName, Registry } from '../../domain/registry/schema.ts';
import type { Database } from './schema.ts';

type Item<C extends CollectionName> = Registry[C][number];
type RegistryTableName = 'sources' | 'parties' | 'agencies' | 'terms' | 'elections' | 'electoral_cycles' | 'issue_areas'
  | 'mechanisms' | 'meetings' | 'commitments' | 'assessments' | 'recommendations' | 'developments';

/** Key columns of a registry row besides id, position and doc. */
export type KeyColumns = Record<string, string | number | null>;

interface CollectionTable<C extends CollectionName> {
  readonly table: RegistryTableName;
  /** Key columns that are not text, with their type in the schema. */
  readonly typed?: Readonly<Record<string, 'integer' | 'date'>>;
  /** The record's key: its id, or a composite for records without one. */
  key(record: Item<C>): string;
  columns(record: Item<C>): KeyColumns;
  /** Every source id the record rests on, including nested ones. */
  cites(record: Item<C>): string[];
}

type Tables = { readonly [C in CollectionName]: CollectionTable<C> };

export const REGISTRY_TABLES: Tables = {
  sources: {
    table: 'sources',
    key: (r) => r.id,
    columns: (r) => ({ kind: r.kind, date: r.date ?? null }),
    cites: () => [],
  },
  parties: {
    table: 'parties',
    key: (r) => r.id,
    columns: () => ({}),
    cites: (r) => r.sources,
  },
  agencies: {
    table: 'agencies',
    key: (r) => r.id,
    columns: (r) => ({ party: r.party, kind: r.kind }),
    cites: (r) => r.sources,
  },
  terms: {
    table: 'terms',
    typed: { start_date: 'date', end_date: 'date' },
    key: (r) => r.id,
    columns: (r) => ({ party: r.party, start_date: r.start, end_date: r.end }),
    cites: (r) => r.sources,
  },
  elections: {
    table: 'elections',
    key: (r) => r.id,
    columns: (r) => ({ party: r.party, date: r.date, kind: r.kind }),
    cites: (r) => r.sources,
  },
  electoralCycles: {
    table: 'electoral_cycles',
    typed: { valid_from: 'integer', valid_to: 'integer' },
    // Cycles carry no id: a party's cycle of one kind is identified by the year it became valid.
    key: (r) => `${r.party}-${r.kind}-${r.validFrom}`.toLowerCase(),
    columns: (r) => ({ party: r.party, kind: r.kind, valid_from: r.validFrom, valid_to: r.validTo ?? null }),
    cites: (r) => r.sources,
  },
  issueAreas: {
    table: 'issue_areas',
    key: (r) => r.id,
    columns: () => ({}),
    cites: (r) => [...r.sources, ...r.drivers.flatMap((d) => d.sources)],
  },
  mechanisms: {
    table: 'mechanisms',
    key: (r) => r.id,
    columns: (r) => ({ kind: r.kind, founded: r.founded, ended: r.ended, confidence: r.confidence }),
    cites: (r) => r.sources,
  },
  meetings: {
    table: 'meetings',
    key: (r) => r.id,
    columns: (r) => ({ mechanism_id: r.mechanism, date: r.date, status: r.status, level: r.level }),
    cites: (r) => r.sources,
  },
  commitments: {
    table: 'commitments',
    key: (r) => r.id,
    columns: (r) => ({
      owner: r.owner, mechanism_id: r.mechanism ?? null, meeting_id: r.meeting ?? null, date: r.date, due_date: r.dueDate ?? null,
    }),
    cites: (r) => r.sources,
  },
  assessments: {
    table: 'assessments',
    typed: { date: 'date', score: 'integer' },
    key: (r) => r.id,
    columns: (r) => ({ commitment_id: r.commitment, party: r.party, kind: r.kind, status: r.status, date: r.date, score: r.score }),
    cites: (r) => r.sources,
  },
  recommendations: {
    table: 'recommendations',
    key: (r) => r.id,
    columns: (r) => ({ document_id: r.document, date: r.date, status: r.history.at(-1)?.status ?? null, status_date: r.history.at(-1)?.date ?? null }),
    // The recommending document is itself a source, and so is the evidence of each status: "what cites this source" should find them.
    cites: (r) => [r.document, ...r.sources, ...r.history.flatMap((h) => h.sources)],
  },
  developments: {
    table: 'developments',
    key: (r) => r.id,
    columns: (r) => ({ date: r.date, kind: r.kind }),
    cites: (r) => r.sources,
  },
};

/** A registry row ready to insert, whatever its table. */
export interface RegistryRow extends KeyColumns {
  id: string;
  position: number;
  doc: string;
}

/** A registry table's column type: text unless the schema says otherwise. */
export type RegistryColumnType = 'text' | 'integer' | 'date' | 'json';

/** Every column the rows of a collection fill, with its type in the schema. */
export function registryColumns(collection: CollectionName, rows: readonly RegistryRow[]): [name: string, type: RegistryColumnType][] {
  const typed: Readonly<Record<string, RegistryColumnType>> = { position: 'integer', doc: 'json', ...REGISTRY_TABLES[collection].typed };
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  return [...names].map((name) => [name, typed[name] ?? 'text']);
}

/** Rows of one collection, positions counted from `firstPosition`, with the links to the sources each cites. */
export function registryRows<C extends CollectionName>(
  collection: C,
  records: readonly Item<C>[],
  firstPosition: number,
): { rows: RegistryRow[]; links: Database['record_sources'][] } {
  const spec = REGISTRY_TABLES[collection] as CollectionTable<C>;
  const rows: RegistryRow[] = [];
  const links: Database['record_sources'][] = [];
  records.forEach((record, i) => {
    const id = spec.key(record);
    rows.push({ ...spec.columns(record), id, position: firstPosition + i, doc: JSON.stringify(record) });
    for (const source_id of new Set(spec.cites(record))) links.push({ collection, record_id: id, source_id });
  });
  return { rows, links };
}
