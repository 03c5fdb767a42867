/**
 * DuckDB's chunks: events written as delimited text to a temporary file, which DuckDB's CSV reader
 * loads on its own threads, parsing and casting on the way into `events` and skipping stored keys
 * by an anti-join (which DuckDB runs far faster than it maintains a key index).
 *
 * The files' fields are split by US (0x1f), a lone GS (0x1d) stands for NULL, one row a line, no
 * quoting, so DuckDB splits them at full (parallel) speed. An event whose text holds a separator or
 * a line break, or whose line would be too long for DuckDB's reader, goes through a typed INSERT
 * instead, so the files never need escapes.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sql } from 'kysely';
import type { PoliticalEvent } from '../../domain/events/event.ts';
import { EVENT_COLUMN_TYPES, eventValues } from '../../app/ports.ts';
import type { Db } from '../sql/schema.ts';
import { EVENT_COLUMNS, STORED_COLUMNS, dyadKeySql, eventLine } from '../sql/event-rows.ts';
import type { ChunkWriter } from '../sql/staging.ts';
import { runCompiled, toDuckDBParams } from './driver.ts';

const US = '\x1f';
const GS = '\x1d';
// eslint-disable-next-line no-control-regex -- the files' separators are control characters
const SEPARATOR_RE = /[\x1d-\x1f\n\r]/;
const fileText = (v: string): string | null => (SEPARATOR_RE.test(v) ? null : v);
/**
 * Longest line (in UTF-16 units) that goes into a chunk file: at most 3 bytes each, within DuckDB's
 * default max_line_size (2,000,000 bytes). A longer event (a huge URL or name) takes the typed INSERT.
 */
const MAX_FILE_LINE = 600_000;
/** Lines joined per write: few, large writes (each a fresh flat string the GC frees at once). */
const LINES_PER_WRITE = 2048;

const DUCKDB_TYPES = { text: 'VARCHAR', date: 'DATE', smallint: 'SMALLINT', integer: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

interface FileChunk {
  readonly file: string;
  fd: number | null;
  lines: string[];
  /** Events whose text cannot go into the file. */
  typed: PoliticalEvent[];
}

function statements(db: Db) {
  const columns = sql.join(EVENT_COLUMNS.map((c) => sql.id(c)));
  const stored = sql.join(STORED_COLUMNS.map((c) => sql.id(c)));
  const notStored = sql`NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = s.dataset AND e.source_event_id = s.source_event_id)`;
  const csvColumns = sql.raw(`{${EVENT_COLUMNS.map((c) => `'${c}': '${DUCKDB_TYPES[EVENT_COLUMN_TYPES[c]]}'`).join(', ')}}`);
  return {
    createTyped: sql`CREATE OR REPLACE TEMP TABLE events_staging AS SELECT ${columns} FROM events WHERE false`.compile(db),
    insertTyped: sql`INSERT INTO events_staging (${columns}) VALUES (${sql.join(EVENT_COLUMNS.map((_, i) => sql.raw(`$${i + 1}`)))})`.compile(db),
    moveFile: (file: string) => sql`INSERT INTO events (${stored})
      SELECT ${columns}, ${dyadKeySql}
      FROM read_csv(${sql.lit(file)}, delim = ${sql.lit(US)}, quote = '', escape = '', header = false, nullstr = ${sql.lit(GS)},
        new_line = '\\n', auto_detect = false, columns = ${csvColumns}) s
      WHERE ${notStored}`.compile(db),
    moveTyped: sql`INSERT INTO events (${stored}) SELECT ${columns}, ${dyadKeySql} FROM events_staging s WHERE ${notStored}`.compile(db),
    clearTyped: sql`DELETE FROM events_staging`.compile(db),
    drop: sql`DROP TABLE IF EXISTS events_staging`.compile(db),
  };
}

function flushLines(chunk: FileChunk): void {
  if (chunk.lines.length === 0) return;
  chunk.fd ??= openSync(chunk.file, 'w');
  chunk.lines.push('');
  writeSync(chunk.fd, chunk.lines.join('\n'));
  chunk.lines.length = 0;
}

function closeChunk(chunk: FileChunk): void {
  if (chunk.fd !== null) closeSync(chunk.fd);
  chunk.fd = null;
}

/** Prepares the import's connection (inside its transaction) and returns the chunk writer; `dir` holds the chunk files. */
export async function duckdbChunkWriter(conn: DuckDBConnection, db: Db, dir: string): Promise<ChunkWriter<FileChunk> & { dispose(): Promise<void> }> {
  const q = statements(db);
  await conn.run(q.createTyped.sql);
  let files = 0;
  return {
    open: () => ({ file: join(dir, `chunk-${++files}.txt`), fd: null, lines: [], typed: [] }),
    add(chunk, e) {
      const line = eventLine(e, US, GS, fileText);
      if (line === null || line.length > MAX_FILE_LINE) {
        chunk.typed.push(e);
        return;
      }
      chunk.lines.push(line);
      if (chunk.lines.length === LINES_PER_WRITE) flushLines(chunk);
    },
    async write(chunk) {
      flushLines(chunk);
      const written = chunk.fd !== null;
      closeChunk(chunk);
      let inserted = 0;
      try {
        if (written) inserted += (await conn.run(q.moveFile(chunk.file).sql)).rowsChanged;
      } finally {
        rmSync(chunk.file, { force: true });
      }
      if (chunk.typed.length > 0) {
        for (const e of chunk.typed) await conn.run(q.insertTyped.sql, toDuckDBParams(eventValues(e)));
        inserted += (await conn.run(q.moveTyped.sql)).rowsChanged;
        await conn.run(q.clearTyped.sql);
      }
      return inserted;
    },
    discard(chunk) {
      closeChunk(chunk);
      rmSync(chunk.file, { force: true });
    },
    execute: (query) => runCompiled(conn, query),
    dispose: async () => {
      await conn.run(q.drop.sql);
    },
  };
}
