/**
 * `events export --format parquet`: the stored events (and mentions) as Hive-partitioned Parquet that
 * DuckDB, Spark, Trino and BigQuery read as they are (layout and schema: docs/scaling.md).
 *
 *   DIR/events/year=2017/dataset=gdelt2/data_0.parquet     events, by year of event_date and dataset
 *   DIR/mentions/year=2017/data_0.parquet                  mentions, by year of mention_time (when any)
 *
 * Types every one of those engines reads: text as STRING, dates as DATE, counts and codes as signed
 * 32-bit INTEGER (no unsigned or 16-bit types), measures as DOUBLE, flags as BOOLEAN, sectors as a
 * LIST of STRING, instants as TIMESTAMP (microseconds, UTC). The partition columns live in the paths
 * only (Hive style), as these engines expect.
 *
 * The store streams canonical events in batches (the EventRepository port, on either engine); a DuckDB
 * of this module's own, in a scratch file inside the temporary folder (so large exports spill to disk,
 * not to memory), takes them in through its appender and writes the Parquet. Everything is written to
 * a temporary folder beside DIR and renamed into place at the end: a failure leaves DIR as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENT_COLUMNS, EVENT_COLUMN_TYPES, eventValues, type EventColumn, type EventRepository, type ParquetExportOptions, type ParquetExportResult } from '../../app/ports.ts';
import type { PoliticalEvent } from '../../domain/events/event.ts';
import type { EventMention } from '../../domain/events/mention.ts';
import { sql } from 'kysely';
import { appendText, duckdbText } from '../events/duckdb-workspace.ts';

/** Thrown for a folder the export will not write into; the message names it. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

const DEFAULT_BATCH = 50_000;

/** Parquet type of each canonical SQL type (signed 32-bit integers: no engine of the four lacks them). */
const PARQUET_CAST = { text: null, date: 'DATE', smallint: 'INTEGER', integer: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

/** Columns stored as `|A|B|` text (src/app/ports.ts encodeSectors) and written as a LIST of STRING. */
const LIST_COLUMNS: ReadonlySet<EventColumn> = new Set(['src_sectors', 'tgt_sectors', 'plover_contexts']);

/** The staged text columns and the typed Parquet column each becomes: the stores' columns, typed as they type them. */
const EVENT_SCHEMA: readonly (readonly [string, string])[] = EVENT_COLUMNS.map((c) => {
  if (LIST_COLUMNS.has(c)) return [c, `CAST(CASE WHEN ${c} = '' THEN [] ELSE string_split(trim(${c}, '|'), '|') END AS VARCHAR[]) AS ${c}`];
  const cast = PARQUET_CAST[EVENT_COLUMN_TYPES[c]];
  return [c, cast === null ? c : `CAST(${c} AS ${cast}) AS ${c}`];
});

const MENTION_SCHEMA: readonly (readonly [string, string])[] = [
  ['dataset', 'dataset'],
  ['event_id', 'event_id'],
  ['event_time', 'CAST(event_time AS TIMESTAMP) AS event_time'],
  ['mention_time', 'CAST(mention_time AS TIMESTAMP) AS mention_time'],
  ['mention_type', 'CAST(mention_type AS INTEGER) AS mention_type'],
  ['source_name', 'source_name'], ['identifier', 'identifier'],
  ['sentence', 'CAST(sentence AS INTEGER) AS sentence'],
  ['actor1_offset', 'CAST(actor1_offset AS INTEGER) AS actor1_offset'],
  ['actor2_offset', 'CAST(actor2_offset AS INTEGER) AS actor2_offset'],
  ['action_offset', 'CAST(action_offset AS INTEGER) AS action_offset'],
  ['in_raw_text', 'CAST(in_raw_text AS BOOLEAN) AS in_raw_text'],
  ['confidence', 'CAST(confidence AS INTEGER) AS confidence'],
  ['doc_length', 'CAST(doc_length AS INTEGER) AS doc_length'],
  ['doc_tone', 'CAST(doc_tone AS DOUBLE) AS doc_tone'],
  ['translation_info', 'translation_info'],
];

const text = (v: string | number | boolean | null): string | null => (v === null ? null : String(v));

function eventRow(e: PoliticalEvent): (string | null)[] {
  return eventValues(e).map(text);
}

function mentionRow(m: EventMention): (string | null)[] {
  return [
    'gdelt2', m.eventId, m.eventTime.replace('T', ' ').replace(/Z$/, ''), m.mentionTime.replace('T', ' ').replace(/Z$/, ''), text(m.mentionType),
    m.sourceName, m.identifier, text(m.sentence), text(m.actor1Offset), text(m.actor2Offset), text(m.actionOffset),
    text(m.inRawText), text(m.confidence), text(m.docLength), text(m.docTone), m.translationInfo,
  ];
}

async function stage<T>(conn: DuckDBConnection, table: string, schema: readonly (readonly [string, string])[],
  batches: AsyncIterable<readonly T[]>, row: (x: T) => (string | null)[], progress: (rows: number) => void): Promise<number> {
  await conn.run(duckdbText(sql`CREATE TABLE ${sql.table(table)} (${sql.join(schema.map(([c]) => sql`${sql.ref(c)} VARCHAR`))})`));
  let rows = 0;
  for await (const batch of batches) {
    await appendText(conn, table, batch.map(row));
    rows += batch.length;
    progress(rows);
  }
  return rows;
}

function parquetFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.parquet')) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Writes every stored event and mention under `dir`; refuses a non-empty `dir` unless `overwrite`. */
export async function exportParquet(events: EventRepository, dir: string, options: ParquetExportOptions = {}): Promise<ParquetExportResult> {
  const started = performance.now();
  const target = resolve(dir);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new ExportError(`${dir}: exists and is not a folder`);
    const entries = readdirSync(target);
    if (entries.length > 0 && options.overwrite !== true) throw new ExportError(`${dir}: the folder is not empty (give --overwrite to replace it)`);
    // --overwrite replaces an earlier export, never a folder that holds anything else (`--out .` must not empty the working folder).
    const foreign = entries.filter((e) => e !== 'events' && e !== 'mentions');
    if (foreign.length > 0) {
      throw new ExportError(`${dir}: --overwrite replaces only an earlier export (a folder holding events/ and mentions/), and this one also holds ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}: nothing was changed`);
    }
  }
  mkdirSync(dirname(target), { recursive: true });
  // Beside the target, so that the final rename stays on one file system.
  const work = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`));
  const out = join(work, 'out');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(join(work, 'scratch.duckdb'), { temp_directory: join(work, 'spill') });
  const conn = await instance.connect();
  try {
    const report = (table: 'events' | 'mentions') => (rows: number) => options.onProgress?.({ table, rows });
    const eventCount = await stage(conn, 'staged_events', EVENT_SCHEMA, events.streamEvents(batchSize), eventRow, report('events'));
    const mentionCount = await stage(conn, 'staged_mentions', MENTION_SCHEMA, events.streamMentions(batchSize), mentionRow, report('mentions'));
    mkdirSync(out);
    if (eventCount > 0) {
      await conn.run(duckdbText(sql`COPY (SELECT ${sql.raw(EVENT_SCHEMA.map(([, x]) => x).join(', '))}, CAST(year(CAST(event_date AS DATE)) AS INTEGER) AS year
        FROM staged_events ORDER BY dataset, event_date, source_event_id)
        TO ${sql.lit(join(out, 'events'))} (FORMAT parquet, PARTITION_BY (year, dataset), COMPRESSION zstd)`));
    }
    if (mentionCount > 0) {
      await conn.run(duckdbText(sql`COPY (SELECT ${sql.raw(MENTION_SCHEMA.map(([, x]) => x).join(', '))}, CAST(year(CAST(mention_time AS TIMESTAMP)) AS INTEGER) AS year
        FROM staged_mentions ORDER BY mention_time, event_id)
        TO ${sql.lit(join(out, 'mentions'))} (FORMAT parquet, PARTITION_BY (year), COMPRESSION zstd)`));
    }
    const partitions = (await conn.runAndReadAll(`SELECT CAST(year(CAST(event_date AS DATE)) AS INTEGER) AS year, dataset, count(*) AS n
      FROM staged_events GROUP BY ALL ORDER BY year, dataset`)).getRowObjectsJS()
      .map((r) => ({ year: Number(r.year), dataset: String(r.dataset), events: Number(r.n) }));
    conn.closeSync();
    instance.closeSync();
    // The renames are the commit: the target holds the old export or the new one, never a mix.
    if (existsSync(target)) renameSync(target, join(work, 'replaced'));
    renameSync(out, target);
    return {
      dir: target, events: eventCount, mentions: mentionCount, partitions,
      files: parquetFiles(target).map((f) => relative(target, f)),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    try {
      conn.closeSync();
      instance.closeSync();
    } catch {
      // already closed on the way to the rename
    }
    rmSync(work, { recursive: true, force: true });
  }
}
