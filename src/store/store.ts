/**
 * The Store: one interface for every database engine. `embedded/` (DuckDB, one file, the default)
 * and `postgres/` (PostgreSQL, for teams) implement it; test/store/contract.ts runs the same tests
 * on both. Callers never name an engine.
 */
import type { CollectionName, Dataset } from '../domain/registry.ts';
import type { PoliticalEvent, EventDataset, QuadClass } from '../domain/events.ts';

export type LoadMode = 'replace' | 'merge';

export interface DatasetInfo {
  /** Label of the last dataset loaded (e.g. "bundled:north-america" or a file path). */
  readonly label: string | null;
  readonly loadedAt: string | null;
  readonly counts: Readonly<Record<string, number>>;
}

export interface LastLoad {
  /** Increases with every load: a cache of the registry is fresh while this is unchanged. */
  readonly seq: number;
  readonly label: string;
  readonly loadedAt: string;
}

/** What one import of an event file did. */
export interface EventImportResult {
  readonly inserted: number;
  /** Rows already in the store (same dataset and event id): skipped, not counted twice. */
  readonly duplicates: number;
}

export interface EventImportMeta {
  readonly file: string;
  readonly format: EventDataset;
  /**
   * SHA-256 of the file's bytes, to recognise a file imported before. A function is called once the
   * last batch is read, so hashing can run alongside the import.
   */
  readonly sha256: string | (() => string | Promise<string>);
  /** Rows the reader rejected; a function is read after the last batch. */
  readonly rejected: number | (() => number);
}

/**
 * A plain GDELT file handed whole to an engine that parses it itself (the embedded store, through
 * DuckDB's CSV reader), for speed. The engine checks each row with conservative SQL rules; the
 * reader stays the judge: every row the SQL rules do not pass goes back to `review`, and mappings
 * (countries, places) come from the reader's own code, so both paths give the same events.
 */
export interface GdeltFilePlan {
  readonly file: string;
  readonly dataset: 'gdelt1' | 'gdelt2';
  /** The file's column names by position (the longest row's: 58 for 1.0, 61 for 2.0). */
  readonly columns: readonly string[];
  /** The CAMEO event codes, with their base and root codes. */
  readonly codes: readonly { readonly code: string; readonly baseCode: string; readonly rootCode: string }[];
  /** ISO alpha-3 (or null) of each distinct actor country code, with the rows it appears on (for the statistics). */
  mapActorCountries(codes: readonly { readonly code: string; readonly rows: number }[]): (string | null)[];
  /** ISO alpha-3 (or null) of each distinct ActionGeo place, with its FIPS code and rows. */
  mapPlaces(places: readonly { readonly name: string; readonly fips: string; readonly rows: number }[]): (string | null)[];
  /**
   * The physical lines (1-based, ascending) whose rows the engine's rules did not pass. The reader
   * re-reads each: it rejects the row, or throws NativePathDeclined when it would keep it.
   */
  review(lines: readonly number[]): Promise<void>;
  /** Throws NativePathDeclined unless the file suits the native path (UTF-8, LF line ends, no blank lines…). */
  checked(): Promise<void>;
  /** Share of the file read so far (0–1), while the engine reads it. */
  onProgress?(fraction: number): void;
  /** The file's data rows and the events among them (before duplicates), once the engine has read it. */
  onCounted?(rows: number, events: number): void;
}

/** What the engine counted while reading a GDELT file itself. */
export interface GdeltFileCounts extends EventImportResult {
  /** Data rows in the file. */
  readonly rows: number;
  /** Rows that became events (before duplicates were skipped). */
  readonly events: number;
}

/** The native path cannot (or must not) read this file: the caller reads it the ordinary way. Nothing was stored. */
export class NativePathDeclined extends Error {
  override readonly name = 'NativePathDeclined';
}

/** A schema migration recorded in the database. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly appliedAt: string;
}

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A selection of events: a dyad or a group of countries, a period and filters. */
export interface EventFilter {
  /**
   * Countries (ISO alpha-3). Two make a dyad; three or more a group (events from one member to
   * another). One selects every event with that country on either side; none, all events.
   */
  readonly countries: readonly string[];
  /** With exactly two countries: only events from countries[0] to countries[1]. */
  readonly directed?: boolean;
  readonly from?: string;
  readonly to?: string;
  /** CAMEO role codes that source or target must carry (any of them), e.g. GOV, MIL. */
  readonly sectors?: readonly string[];
  /** Where the sectors must hold: on either actor (default) or on both. */
  readonly sectorsOn?: 'either' | 'both';
  readonly rootCodes?: readonly string[];
  readonly quadClasses?: readonly QuadClass[];
  readonly datasets?: readonly EventDataset[];
}

export interface SeriesQuery extends EventFilter {
  readonly by: Period;
}

/** Raw aggregates of one period, as the database computes them. */
export interface SeriesRow {
  /** First day of the period (ISO date). */
  readonly period: string;
  readonly events: number;
  readonly quad1: number;
  readonly quad2: number;
  readonly quad3: number;
  readonly quad4: number;
  readonly goldsteinSum: number;
  /** Events that carry a Goldstein score (the denominator of the mean). */
  readonly goldsteinCount: number;
  readonly mentions: number;
  /** Σ Goldstein × mentions, for the mentions-weighted mean. */
  readonly goldsteinMentionsSum: number;
  /** Mentions of events that carry a Goldstein score. */
  readonly goldsteinMentions: number;
  readonly cooperativeMentions: number;
  readonly conflictualMentions: number;
  readonly toneSum: number;
  readonly toneCount: number;
}

export interface DyadRow {
  readonly source: string;
  readonly target: string;
  readonly events: number;
  readonly cooperative: number;
  readonly conflictual: number;
  readonly goldsteinMean: number | null;
}

export interface EventStats {
  readonly total: number;
  readonly byDataset: readonly { dataset: string; events: number; from: string | null; to: string | null }[];
  readonly imports: readonly { file: string; format: string; sha256: string; inserted: number; duplicates: number; rejected: number; at: string }[];
}

export interface Store {
  /** Which engine this is, for messages: "duckdb" or "postgres". */
  readonly engine: 'duckdb' | 'postgres';
  /** Human-readable location: a file path or a URL without password. */
  readonly location: string;

  /**
   * Loads a dataset in one transaction: all of it lands, or nothing changes. `replace` (default)
   * empties the registry first; `merge` upserts by id, stored records keeping their place and new
   * ones following them.
   */
  loadDataset(dataset: Dataset, label: string, mode?: LoadMode): Promise<void>;
  /** The whole registry, records exactly as they were loaded, in their original order. */
  readDataset(): Promise<Dataset>;
  /** The last load's label and time, and how many records of each collection the store holds. */
  datasetInfo(): Promise<DatasetInfo>;
  /** The last load only (one indexed row, no counting): enough to tell whether the registry changed. */
  lastLoad(): Promise<LastLoad | null>;
  /** Records that cite a source (in `sources`, drivers' sources, or as a recommendation's document). */
  recordsCiting(sourceId: string): Promise<{ collection: CollectionName; id: string }[]>;

  /**
   * Imports events in one transaction; rows whose (dataset, sourceEventId) is already stored are
   * skipped. If the iterable throws, nothing of this import remains.
   */
  importEvents(batches: AsyncIterable<readonly PoliticalEvent[]>, meta: EventImportMeta): Promise<EventImportResult>;
  /**
   * Engines that parse plain GDELT files themselves offer this faster path (one transaction, like
   * importEvents); it may throw NativePathDeclined, having stored nothing.
   */
  readonly importGdeltFile?: (plan: GdeltFilePlan, meta: EventImportMeta) => Promise<GdeltFileCounts>;
  eventSeries(query: SeriesQuery): Promise<SeriesRow[]>;
  topDyads(filter: { year?: number; from?: string; to?: string; limit?: number; countries?: readonly string[] }): Promise<DyadRow[]>;
  eventStats(): Promise<EventStats>;
  /** Events matching a filter, newest first (for tables of underlying events). */
  listEvents(filter: EventFilter, limit: number): Promise<PoliticalEvent[]>;

  /** The schema migrations applied to this database, oldest first. */
  migrations(): Promise<AppliedMigration[]>;

  close(): Promise<void>;
}

/** Raised when a store cannot be opened, with the reason in words (e.g. who holds the file lock). */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}
