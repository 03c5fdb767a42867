/**
 * The ports of the use cases: what they need from the outside, declared here and implemented by the
 * adapters. The store (src/store/) implements RegistryRepository and EventRepository on DuckDB or
 * PostgreSQL; the ingest layer (src/ingest/) implements RegistryFiles and EventFiles; the clock is
 * the system's. The use cases (the other files of src/app/) see only these interfaces, so they never
 * name an engine or a file format. One engine is named here on purpose: a file that DuckDB parsed
 * reaches the store as a DuckDB relation (EventRelation, on a DuckDBWorkspace), which the embedded
 * store inserts on its own connection and PostgreSQL reads as canonical text, or as a stream of that
 * text written while DuckDB parses (EventStream); the other bulk form is batches of canonical events.
 */
import type { Readable } from 'node:stream';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IsoDate } from '../domain/dates.ts';
import type { CollectionName, Registry } from '../domain/registry/schema.ts';
import type { EventDataset, PloverEventType, PoliticalEvent, QuadClass, QuadConvention } from '../domain/events/event.ts';
import type { CameoPloverCrosswalk } from '../domain/events/plover.ts';
import type { PeriodAggregate } from '../analysis/series.ts';
import type { EventMention, MentionSummary } from '../domain/events/mention.ts';

/** Today, as the use cases see it (tests pass a fixed day). */
export interface Clock {
  today(): IsoDate;
}

// ---- registry --------------------------------------------------------------------------------

/** `replace` empties the registry before loading; `merge` upserts by id. */
export type LoadMode = 'replace' | 'merge';

export interface LastLoad {
  /** Increases with every load: a cache of the registry is fresh while this is unchanged. */
  readonly seq: number;
  /** What was loaded: "bundled:north-america", or the path of a folder or file. */
  readonly label: string;
  readonly loadedAt: string;
}

export interface RegistryInfo {
  readonly label: string | null;
  readonly loadedAt: string | null;
  readonly counts: Readonly<Record<CollectionName, number>>;
}

export interface RegistryRepository {
  /** Loads a registry in one transaction: all of it lands, or nothing changes. */
  loadRegistry(registry: Registry, label: string, mode?: LoadMode): Promise<void>;
  /** The whole registry, records exactly as they were loaded, in their original order. */
  readRegistry(): Promise<Registry>;
  /** The last load's label and time, and how many records of each collection are stored. */
  registryInfo(): Promise<RegistryInfo>;
  /** The last load only (one indexed row): enough to tell whether the registry changed. */
  lastLoad(): Promise<LastLoad | null>;
  /** Records that cite a source (in `sources`, drivers' sources, a recommendation's document or the evidence of its statuses). */
  recordsCiting(sourceId: string): Promise<{ collection: CollectionName; id: string }[]>;
}

/** Reads registry folders and files (YAML, JSON, CSV) into a checked Registry. */
export interface RegistryFiles {
  /** The registry bundled with the application and the label it is loaded under. */
  readonly bundled: { readonly path: string; readonly label: string };
  /**
   * Reads and checks a registry folder or file; throws an error naming file, line, record and field
   * of every problem. Paths in messages are shown relative to `displayBase`.
   */
  read(path: string, displayBase?: string): Promise<Registry>;
  /** Writes a registry as one CSV file per collection into a folder; returns the files written. */
  writeCsv(registry: Registry, dir: string): Promise<string[]>;
}

// ---- events ----------------------------------------------------------------------------------

/** The columns of a canonical event as the stores hold it, in this order (the flattened PoliticalEvent). */
export const EVENT_COLUMNS = [
  'dataset', 'source_event_id', 'event_date',
  'src_code', 'src_name', 'src_country', 'src_country_raw', 'src_sectors',
  'tgt_code', 'tgt_name', 'tgt_country', 'tgt_country_raw', 'tgt_sectors',
  'cameo_code', 'root_code', 'quad_class', 'quad_convention',
  'goldstein', 'intensity', 'num_mentions', 'num_sources', 'num_articles', 'avg_tone', 'is_root_event',
  'location_name', 'location_country', 'latitude', 'longitude', 'source_url', 'story_id',
  // A PLOVER source's own coding (POLECAT); NULL for CAMEO-coded events (migration 008-plover).
  'plover_type', 'plover_mode', 'plover_contexts',
] as const;
export type EventColumn = (typeof EVENT_COLUMNS)[number];

/** SQL type of each canonical column. Sectors are text `|GOV|MIL|` (empty when none). */
export const EVENT_COLUMN_TYPES: Readonly<Record<EventColumn, 'text' | 'date' | 'smallint' | 'integer' | 'double' | 'boolean'>> = {
  dataset: 'text', source_event_id: 'text', event_date: 'date',
  src_code: 'text', src_name: 'text', src_country: 'text', src_country_raw: 'text', src_sectors: 'text',
  tgt_code: 'text', tgt_name: 'text', tgt_country: 'text', tgt_country_raw: 'text', tgt_sectors: 'text',
  cameo_code: 'text', root_code: 'text', quad_class: 'smallint', quad_convention: 'text',
  goldstein: 'double', intensity: 'double', num_mentions: 'integer', num_sources: 'integer', num_articles: 'integer',
  avg_tone: 'double', is_root_event: 'boolean',
  location_name: 'text', location_country: 'text', latitude: 'double', longitude: 'double', source_url: 'text', story_id: 'text',
  plover_type: 'text', plover_mode: 'text', plover_contexts: 'text',
};

/** `['GOV','MIL']` → `|GOV|MIL|`; no sectors → empty text (so no LIKE '%|X|%' matches). Also PLOVER contexts. */
export function encodeSectors(sectors: readonly string[]): string {
  return sectors.length === 0 ? '' : `|${sectors.join('|')}|`;
}

/** An event's values in EVENT_COLUMNS order, as EVENT_COLUMN_TYPES types them (sectors and contexts encoded). */
export function eventValues(e: PoliticalEvent): (string | number | boolean | null)[] {
  const s = e.source;
  const t = e.target;
  return [
    e.dataset, e.sourceEventId, e.eventDate,
    s.code, s.name, s.country, s.countryRaw, encodeSectors(s.sectors),
    t.code, t.name, t.country, t.countryRaw, encodeSectors(t.sectors),
    e.cameoCode, e.rootCode, e.quadClass, e.quadConvention,
    e.goldstein, e.intensity, e.numMentions, e.numSources, e.numArticles, e.avgTone, e.isRootEvent,
    e.locationName, e.locationCountry, e.latitude, e.longitude, e.sourceUrl, e.storyId,
    e.plover?.type ?? null, e.plover?.mode ?? null, e.plover === undefined ? null : encodeSectors(e.plover.contexts),
  ];
}

/** A DuckDB connection lent for one import; `release` gives it back. */
export interface DuckDBWorkspace {
  readonly connection: DuckDBConnection;
  /** True when the connection belongs to the store's own database, so a write from it never leaves the engine. */
  readonly local: boolean;
  release(): void;
}

/** DuckDB settings for a piece of work: `session` ones are the connection's, `instance` ones hold for every connection of the database meanwhile. */
interface DuckDBSettings {
  readonly session?: Readonly<Record<string, string>>;
  readonly instance?: Readonly<Record<string, string>>;
}

/**
 * Runs `work` on `conn` with DuckDB's `settings` changed, and puts each back after, whatever `work` did.
 * Call it outside any transaction: DuckDB refuses every statement of a failed transaction until its
 * rollback, a RESET too, so a transaction goes inside `work`. A reset that fails after `work` failed
 * never hides `work`'s own error.
 */
export async function withDuckDBSettings<T>(conn: DuckDBConnection, settings: DuckDBSettings, work: () => Promise<T>): Promise<T> {
  const quote = (v: string): string => `'${v.replaceAll("'", "''")}'`;
  const session = Object.entries(settings.session ?? {});
  const instance = Object.entries(settings.instance ?? {});
  for (const [n] of [...session, ...instance]) if (!/^[a-z_]+$/.test(n)) throw new Error(`internal: no DuckDB setting is named ${JSON.stringify(n)}`);
  // An instance setting is set back to the value it had: DuckDB's RESET of the memory limit leaves its
  // buffer pool at the limit set. DuckDB shows a size cut to one decimal ("18.8 GiB" for 18.83), and
  // the value shown, set again, shows one tenth less; half a tenth more keeps it where it was.
  const before = instance.length === 0 ? []
    : (await conn.runAndReadAll(`SELECT ${instance.map(([n]) => `current_setting(${quote(n)})`).join(', ')}`)).getRows()[0]!
      .map((v) => String(v).replace(/^(\d+\.\d) ([KMGT]i?B)$/, '$15 $2'));
  const undo: string[] = [];
  const restore = async (): Promise<unknown> => {
    let failure: unknown = null;
    for (const statement of undo.reverse()) await conn.run(statement).catch((e: unknown) => { failure ??= e; });
    return failure;
  };
  let result: T;
  try {
    for (const [n, v] of session) {
      await conn.run(`SET SESSION ${n} = ${quote(v)}`);
      undo.push(`RESET SESSION ${n}`);
    }
    for (const [i, [n, v]] of instance.entries()) {
      await conn.run(`SET GLOBAL ${n} = ${quote(v)}`);
      undo.push(`SET GLOBAL ${n} = ${quote(before[i]!)}`);
    }
    result = await work();
  } catch (e) {
    await restore();
    throw e;
  }
  const failure = await restore();
  if (failure !== null) throw new Error(`DuckDB's settings could not be put back after the work was done: ${(failure as Error).message}`, { cause: failure });
  return result;
}

/**
 * Canonical events that a DuckDB workspace holds (a file an ingest step parsed there): a query that
 * gives each event once, with the columns of EVENT_COLUMNS, all of one dataset.
 */
export interface EventRelation {
  readonly workspace: DuckDBWorkspace;
  readonly dataset: EventDataset;
  /** Instance settings the query needs, for withDuckDBSettings around the statement that reads it (the store's, outside its transaction). */
  readonly settings: Readonly<Record<string, string>>;
  /** Events the parse found, a repeated id counted each time (the query gives each id once). */
  readonly events: number;
  /** `SELECT …` of the canonical columns, by name. */
  readonly select: string;
  /** Runs a statement that reads `select` on the workspace, reporting its progress; returns the rows it changed. */
  run(statement: string): Promise<number>;
  /**
   * The events as canonical text — PostgreSQL's COPY text in CSV mode: tab-separated, `\N` for NULL,
   * fields with a tab, quote, newline or `\N` quoted — with the dyad key appended, streamed while
   * DuckDB writes them. `cancel` stops the writer (after the reader failed).
   */
  text(dyadKeySql: string): { readonly stream: Readable; readonly done: Promise<void>; cancel(): void };
}

/**
 * Events streamed as canonical text while their file is still being checked: for a store that reads
 * text (PostgreSQL), whose write then runs alongside the parse and the checks instead of after
 * them. The stream gives each id once. `checked` settles when the first pass that is not cancelled
 * ends, before that pass's `done`: it fulfils with the count of events (a repeated id counted each
 * time), or rejects, and then nothing of the file may be stored (a store that cancels every pass
 * never sees it settle, and must not wait for it). A store whose write of a pass failed on a stored
 * key may ask for another pass (each pass reads the file again), one pass at a time.
 */
export interface EventStream {
  readonly dataset: EventDataset;
  readonly checked: Promise<{ readonly events: number }>;
  /** The stored columns (EVENT_COLUMNS and dyad_key) in the text's order. */
  readonly columns: readonly string[];
  /**
   * A pass: the events as EventRelation.text gives them, in the order of `columns`, with `dyadKey`
   * making the key; `done` gives the rows written. `cancel` stops the writer (after the reader failed).
   */
  text(dyadKey: (a: string | null, b: string | null) => string): { readonly stream: Readable; readonly done: Promise<number>; cancel(): void };
}

/** Events in bulk, in one of the three shapes a store loads. */
export type EventBulk =
  | { readonly kind: 'batches'; readonly batches: AsyncIterable<readonly PoliticalEvent[]> }
  | { readonly kind: 'relation'; readonly relation: EventRelation }
  | { readonly kind: 'stream'; readonly stream: EventStream };

export interface EventImportMeta {
  /** The file as the user gave it (shown, and logged with the import). */
  readonly file: string;
  readonly format: EventDataset;
  /** SHA-256 of the file's bytes; a function is called once the events are read, so hashing may run alongside. */
  readonly sha256: string | (() => string | Promise<string>);
  /** Rows the parser refused; a function is read after the events. */
  readonly rejected: number | (() => number);
}

export interface EventImportResult {
  readonly inserted: number;
  /** Events already stored (same dataset and event id), or repeated within the input: skipped. */
  readonly duplicates: number;
}

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A selection of events: a dyad or a group of countries, a period and filters. */
export interface EventFilter {
  /** ISO alpha-3. Two make a dyad; three or more a group (events from one member to another); one: either side; none: all. */
  readonly countries: readonly string[];
  /** With exactly two countries: only events from countries[0] to countries[1]. */
  readonly directed?: boolean;
  readonly from?: string;
  readonly to?: string;
  /** CAMEO role codes that source or target must carry (any of them). */
  readonly sectors?: readonly string[];
  readonly sectorsOn?: 'either' | 'both';
  readonly rootCodes?: readonly string[];
  readonly quadClasses?: readonly QuadClass[];
  readonly datasets?: readonly EventDataset[];
  /**
   * PLOVER event types (any of them): PLOVER-coded events by their own type, CAMEO-coded ones by the
   * CAMEO codes the crosswalk maps to those types (`ploverCameoCodes`, which the use case fills in).
   */
  readonly ploverTypes?: readonly PloverEventType[];
  readonly ploverCameoCodes?: readonly string[];
}

/** How many events of a selection carry each (dataset, quad convention): what a series' quad classes and scores come from. */
export interface ConventionCount {
  readonly dataset: EventDataset;
  readonly quadConvention: QuadConvention;
  readonly events: number;
}

export interface SeriesQuery extends EventFilter {
  readonly by: Period;
  /**
   * What the `…Mentions…` measures count: `export` (default) the events' own NumMentions (GDELT 2.0:
   * the first 15-minute update only); `mentions` the stored mentions of each event (the mentions
   * table), counting only those with at least `minConfidence` percent confidence.
   */
  readonly weighting?: MentionWeighting;
  readonly minConfidence?: number;
}

export type MentionWeighting = 'export' | 'mentions';

/** What importing the mentions of one file did. */
export interface MentionImportResult {
  readonly inserted: number;
  /** Mentions already stored (same key), or repeated within the file: skipped. */
  readonly duplicates: number;
  /** Of the file's mentions (duplicates included): those naming an event stored when the import committed… */
  readonly ofStoredEvents: number;
  /** …and those naming an event not (yet) stored: kept all the same. */
  readonly ofEventsNotStored: number;
  /** Mentions of events first seen in an earlier update than the mention's (EventTimeDate before MentionTimeDate). */
  readonly ofEarlierEvents: number;
}

export interface MentionImportMeta {
  readonly file: string;
  readonly sha256: string | (() => string | Promise<string>);
  readonly rejected: number | (() => number);
}

export interface TopDyadsQuery {
  readonly year?: number;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly countries?: readonly string[];
}

export interface DyadRow {
  readonly source: string;
  readonly target: string;
  readonly events: number;
  readonly cooperative: number;
  readonly conflictual: number;
  readonly goldsteinMean: number | null;
}

export interface StoredEventStats {
  readonly total: number;
  readonly byDataset: readonly { dataset: string; events: number; from: string | null; to: string | null }[];
  readonly imports: readonly { file: string; format: string; sha256: string; inserted: number; duplicates: number; rejected: number; at: string }[];
}

export interface EventRepository {
  /**
   * A DuckDB connection on the store's own database, where an ingest step may parse a file so that
   * its events are written without leaving the engine. Absent on stores that are not DuckDB.
   */
  duckdbWorkspace?(): Promise<DuckDBWorkspace>;
  /**
   * Stores events in one transaction, skipping those whose (dataset, event id) is stored already or
   * repeated in the input (the first wins), and logs the import. If the input fails, nothing of it remains.
   */
  bulkLoad(bulk: EventBulk, meta: EventImportMeta): Promise<EventImportResult>;
  /** Per-period aggregates of the events a query selects, in period order. */
  eventSeries(query: SeriesQuery): Promise<PeriodAggregate[]>;
  topDyads(query: TopDyadsQuery): Promise<DyadRow[]>;
  eventStats(): Promise<StoredEventStats>;
  /** The number of the latest import (0 before any): the stored events change only when it does. */
  lastImport(): Promise<number>;
  /** Events matching a filter, newest first. */
  listEvents(filter: EventFilter, limit: number): Promise<PoliticalEvent[]>;
  /**
   * Stores GDELT 2.0 mentions in one transaction, skipping those already stored or repeated (the key
   * of a mention: event, update, document, sentence and the three offsets), and logs the import
   * (format `gdelt2-mentions`). Mentions of events not stored are kept.
   */
  loadMentions(batches: AsyncIterable<readonly EventMention[]>, meta: MentionImportMeta): Promise<MentionImportResult>;
  /** Stored mentions of the given events (gdelt2 ids), with at least `minConfidence`; events without any are absent. */
  mentionSummaries(events: readonly PoliticalEvent[], minConfidence?: number): Promise<Map<string, MentionSummary>>;
  /** Every stored event, in batches of at most `batchSize`, in (dataset, id) order (for exports). */
  streamEvents(batchSize: number): AsyncGenerator<PoliticalEvent[]>;
  /** Every stored mention, in batches of at most `batchSize`. */
  streamMentions(batchSize: number): AsyncGenerator<EventMention[]>;
  /** The (dataset, quad convention) pairs of the events a filter selects, with their counts, in dataset order. */
  eventConventions(filter: EventFilter): Promise<ConventionCount[]>;
}

/** The CAMEO↔PLOVER crosswalk and the CAMEO codes it may be asked about (loaded by the ingest layer from data/cameo/). */
export interface PloverTables {
  readonly crosswalk: CameoPloverCrosswalk;
  /** Every CAMEO event code of the codebook. */
  readonly cameoCodes: readonly string[];
}

// ---- event files -----------------------------------------------------------------------------

/** `gdelt2-mentions`: a GDELT 2.0 mentions file (detected under `auto` as well). */
export type EventFileFormat = 'auto' | EventDataset | 'gdelt2-mentions';

export interface EventFileOptions {
  readonly format?: EventFileFormat;
  readonly strict?: boolean;
  readonly quadConvention?: 'gdelt' | 'icews-alt';
  /** Where refused rows go; the file is created only when a row is refused. */
  readonly rejectsPath: string;
  readonly onProgress?: (p: ImportProgress) => void;
  /** Whether DuckDB may parse plain GDELT files (default true); false forces the reader (tests compare the two). */
  readonly duckdb?: boolean;
  /**
   * How the import log names the file (default: its path). The CLI gives it relative to the working
   * folder, or the file name alone, so that pages and the API never show a local absolute path.
   */
  readonly label?: string;
  /** Bounds on decompressing .gz and .zip files (default DEFAULT_DECOMPRESSION_LIMITS of params.ts). */
  readonly limits?: DecompressionLimits;
  /**
   * Keep only the events with an actor from one of these countries (ISO alpha-3, upper case): the
   * source's or the target's mapped country. Absent: every event. Rows are checked (and refused rows
   * reported) as without the filter; the events left out are counted in `outsideCountries`.
   */
  readonly countries?: readonly string[];
}

/** Bounds on what a compressed event file may expand to. */
export interface DecompressionLimits {
  /** Most decompressed bytes accepted. */
  readonly maxBytes: number;
  /** Most decompressed bytes per compressed byte (judged once the output passes 16 MiB). */
  readonly maxRatio: number;
}

export interface ImportProgress {
  readonly file: string;
  readonly phase: 'reading' | 'writing' | 'done';
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
  readonly rejected: number;
}

/** What importing one event file did. */
export interface EventFileResult {
  readonly file: string;
  readonly format: EventDataset;
  /** Why this format was chosen (given, or what the detection saw). */
  readonly formatReason: string;
  readonly inserted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly rejectsPath: string | null;
  /** Who parsed the file: DuckDB (plain GDELT files) or this project's reader. */
  readonly parsedBy: 'duckdb' | 'reader';
  /** Why DuckDB did not parse a file it could have read, or null. */
  readonly declined: string | null;
  readonly seconds: number;
  readonly stats: ImportStats;
  /** For a mentions file (then `format` is gdelt2 and inserted/duplicates/rejected count mentions): how they join to events. */
  readonly mentions?: MentionImportResult;
  /** Events left out because no actor is from `countries` (0 without the option). */
  readonly outsideCountries: number;
}

/** What the parse counted in one file. */
export interface ImportStats {
  /** Physical lines read (header and blank lines included). */
  readonly lines: number;
  /** Data rows (header and blank lines excluded). */
  readonly rows: number;
  /** Rows that became events (before duplicates were skipped). */
  readonly events: number;
  readonly rejected: number;
  readonly blankLines: number;
  /** Events whose quad class was derived (the file has none). */
  readonly quadDerived: number;
  readonly compression: 'none' | 'gzip' | 'zip';
  readonly entryName: string | null;
  /** Actor country values with no ISO alpha-3 code → occurrences. */
  readonly unmappedCountries: ReadonlyMap<string, number>;
  /** Place names whose country was not recognised → occurrences. */
  readonly unmappedLocations: ReadonlyMap<string, number>;
  /** ICEWS sector names with no CAMEO role code → occurrences. */
  readonly unmappedSectors: ReadonlyMap<string, number>;
  /** ICEWS sector names that are ethnic or religious, not roles → occurrences. */
  readonly nonRoleSectors: ReadonlyMap<string, number>;
  /** POLECAT: older PLOVER type names mapped to current ones (DEMAND → REQUEST…) → occurrences. */
  readonly legacyPloverTypes?: ReadonlyMap<string, number>;
  /** POLECAT: lines read as ISO-8859-1 (not valid UTF-8). */
  readonly latin1Lines?: number;
  /** Columns of a header-row file that its format does not name, ignored (e.g. a pandas index, CAMEOCodeDescription). */
  readonly ignoredColumns?: readonly string[];
}

/** Imports event files of every supported format into an event repository, and writes exports. */
export interface EventFiles {
  importFile(events: EventRepository, file: string, options: EventFileOptions): Promise<EventFileResult>;
  /** The CAMEO↔PLOVER crosswalk (data/cameo/), for series that mix CAMEO and PLOVER sources or filter by PLOVER type. */
  ploverTables?(): Promise<PloverTables>;
  /** Writes the stored events (and mentions) as Hive-partitioned Parquet under `dir` (docs/scaling.md). */
  exportParquet(events: EventRepository, dir: string, options: ParquetExportOptions): Promise<ParquetExportResult>;
}

export interface ParquetExportOptions {
  /** Replace a folder that is not empty (else such a folder is refused). */
  readonly overwrite?: boolean;
  /** Events read from the store per batch. */
  readonly batchSize?: number;
  readonly onProgress?: (p: { readonly table: 'events' | 'mentions'; readonly rows: number }) => void;
}

export interface ParquetExportResult {
  readonly dir: string;
  readonly events: number;
  readonly mentions: number;
  /** Rows per partition, as `year=2017/dataset=gdelt2` → events. */
  readonly partitions: readonly { readonly year: number; readonly dataset: string; readonly events: number }[];
  readonly files: readonly string[];
  readonly seconds: number;
}

// ---- alerts and webhooks ---------------------------------------------------------------------

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly createdAt: string;
}

export type OutboxStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'cancelled';

/** One alert to be delivered to one webhook: the body is fixed when it is queued. */
export interface OutboxEntry {
  readonly alertId: string;
  readonly webhookId: string;
  readonly url: string;
  /** The JSON body, exactly as it is sent (and signed) on every attempt. */
  readonly payload: string;
  readonly status: OutboxStatus;
  /** Attempts begun so far. */
  readonly attempts: number;
  /** When the next attempt may start (ISO instant). */
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

/** One attempt at a delivery, as the delivery log keeps it. */
export interface DeliveryAttempt {
  readonly alertId: string;
  readonly webhookId: string;
  readonly attempt: number;
  readonly at: string;
  readonly outcome: 'delivered' | 'retry' | 'failed';
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly ms: number;
}

/**
 * Webhooks, the persistent outbox of alert deliveries and the delivery log. Every write is one
 * transaction: what is queued stays queued across a crash or a restart, and a delivered entry is
 * never sent again.
 */
export interface AlertRepository {
  addWebhook(url: string, sealedSecret: string, createdAt: string): Promise<Webhook>;
  listWebhooks(): Promise<Webhook[]>;
  /** The sealed secret of a webhook, or null when there is no such webhook. */
  webhookSecret(id: string): Promise<string | null>;
  /** Removes a webhook and cancels its undelivered entries; false when there is none. */
  removeWebhook(id: string): Promise<boolean>;
  /** Queues entries; an (alert, webhook) pair already queued is left as it is. Returns how many were new. */
  enqueue(entries: readonly { alertId: string; webhookId: string; payload: string; createdAt: string }[]): Promise<number>;
  /** Entries that may be attempted at `now`: pending and due, or left `delivering` by a process that stopped. */
  dueEntries(now: string): Promise<OutboxEntry[]>;
  /** Entries not yet delivered, failed or cancelled. */
  pendingEntries(): Promise<OutboxEntry[]>;
  outbox(): Promise<OutboxEntry[]>;
  /** How many outbox entries each webhook has in each status (counted by the store, payloads left unread). */
  outboxCounts(): Promise<{ webhookId: string; status: OutboxStatus; count: number }[]>;
  /** Marks an attempt as begun (status delivering, attempts + 1) before anything is sent. */
  beginAttempt(alertId: string, webhookId: string, at: string): Promise<number>;
  /** Records how an attempt ended and what comes next, and logs it. */
  finishAttempt(attempt: DeliveryAttempt, next: { status: 'delivered' | 'pending' | 'failed'; nextAttemptAt: string | null }): Promise<void>;
  deliveryLog(limit: number): Promise<DeliveryAttempt[]>;
  getState(key: string): Promise<string | null>;
  setState(key: string, value: string): Promise<void>;
}

/** Seals secrets for storage and opens them again (a key the database does not hold). */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** Sends one signed webhook request; resolves with the HTTP status, rejects on a network error or a timeout. */
export interface WebhookSender {
  send(url: string, secret: string, body: string, unixSeconds: number, timeoutMs: number): Promise<number>;
}

// ---- event file mirrors (GDELT's download servers) -------------------------------------------

/** GDELT 2.0's 15-minute exports (masterfilelist.txt) or GDELT 1.0's daily exports (md5sums, filesizes). */
export type GdeltRelease = 'v1' | 'v2';

/** One event export a mirror lists, with the size and MD5 its list gives. */
export interface MirrorFile {
  /** The file name, e.g. `20170101073000.export.CSV.zip` (2.0) or `20170101.export.CSV.zip` (1.0). */
  readonly name: string;
  /** Where it is downloaded from: the base URL joined with the name. */
  readonly url: string;
  readonly size: number;
  /** Lower-case hex MD5 of the file's bytes. */
  readonly md5: string;
  /** The UTC slot the file covers: YYYYMMDDHHMMSS (2.0) or YYYYMMDD (1.0). */
  readonly slot: string;
}

/** The export files of a date range a mirror lists, and what its lists held besides. */
export interface MirrorListing {
  /** The lists read (URLs). */
  readonly lists: readonly string[];
  /** Export files whose slot falls in the range, in slot order. */
  readonly files: readonly MirrorFile[];
  /** Lines of the lists that were read and are not wanted: mentions, GKG, exports outside the range, other files. */
  readonly skipped: { readonly mentions: number; readonly gkg: number; readonly outsideRange: number; readonly other: number };
  /** Lines that could not be read (the first ones kept, with their line number): reported, not fatal. */
  readonly malformed: { readonly count: number; readonly examples: readonly string[] };
}

/**
 * How a mirror request ended. `transient` (a network error, a reset, a timeout, HTTP 5xx, 408 or
 * 429) may succeed when tried again; `missing` (HTTP 404 or 410), `mismatch` (a size or MD5 that
 * differs from the list's) and `failed` (any other refusal) will not.
 */
export type MirrorOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: 'transient' | 'missing' | 'mismatch' | 'failed'; readonly message: string };

/** A verified download: the file in the cache folder, its size and MD5 matched against the list. */
export interface MirrorDownload {
  readonly path: string;
  readonly bytes: number;
  /** True when a verified copy was already in the cache (nothing was downloaded). */
  readonly cached: boolean;
}

export interface MirrorRequest {
  readonly release: GdeltRelease;
  /** The folder URL the lists and files are read from, ending in `/`. */
  readonly baseUrl: string;
  /** Milliseconds without a byte received before a request counts as timed out. */
  readonly timeoutMs: number;
}

/** GDELT's download servers, or a mirror of them (the HTTP adapter in src/ingest/events/fetch/). */
export interface EventMirror {
  /** The export files whose slot's day is in [from, to] (YYYY-MM-DD, UTC). */
  list(request: MirrorRequest, from: string, to: string): Promise<MirrorOutcome<MirrorListing>>;
  /**
   * Downloads a listed file into `dir` unless a copy there already has the listed size and MD5; a
   * copy that does not is replaced. The file appears under its name only once verified (it is
   * written beside it first), so an interrupted download leaves nothing that looks complete.
   */
  download(request: MirrorRequest, file: MirrorFile, dir: string, onBytes?: (n: number) => void): Promise<MirrorOutcome<MirrorDownload>>;
  /** Removes a downloaded file (after its import, unless the files are kept). */
  discard(path: string): Promise<void>;
}
