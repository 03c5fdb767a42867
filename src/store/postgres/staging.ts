/**
 * PostgreSQL's chunks: events encoded as COPY text lines; a full chunk is copied into a temporary
 * staging table and moved into `events` by INSERT … ON CONFLICT DO NOTHING (which skips stored keys),
 * on the import's one connection, while the next chunk is being encoded.
 */
import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoliticalEvent } from '../../domain/events/event.ts';
import type { Kysely } from 'kysely';
import type { Database, EventsTable } from '../sql/schema.ts';
import { EVENT_COLUMNS, dyadKeySql } from '../sql/event-rows.ts';
import type { ChunkWriter } from '../sql/staging.ts';
import { copyLine } from './copy-text.ts';
import { executeOn } from './transaction.ts';

type StagingDb = Kysely<Database & { events_staging: EventsTable }>;

/** Lines per write to the COPY stream: few, large writes. */
const LINES_PER_WRITE = 2048;

interface TextChunk {
  /** Groups of encoded lines, each one write. */
  readonly parts: string[];
  current: string;
  lines: number;
}

export function postgresChunkWriter(client: pg.PoolClient, db: StagingDb): ChunkWriter<TextChunk> {
  const move = db.insertInto('events')
    .columns([...EVENT_COLUMNS, 'dyad_key'])
    .expression((eb) => eb.selectFrom('events_staging').select([...EVENT_COLUMNS, dyadKeySql.as('dyad_key')]))
    .onConflict((oc) => oc.columns(['dataset', 'source_event_id']).doNothing())
    .compile();
  return {
    open: () => ({ parts: [], current: '', lines: 0 }),
    add(chunk, e: PoliticalEvent) {
      chunk.current += copyLine(e);
      if (++chunk.lines === LINES_PER_WRITE) {
        chunk.parts.push(chunk.current);
        chunk.current = '';
        chunk.lines = 0;
      }
    },
    async write(chunk) {
      if (chunk.current !== '') chunk.parts.push(chunk.current);
      const stream = client.query(copyFrom(`COPY events_staging (${EVENT_COLUMNS.join(', ')}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      done.catch(() => undefined);
      for (const part of chunk.parts.splice(0)) {
        if (!stream.write(part)) await Promise.race([once(stream, 'drain'), done]);
      }
      stream.end();
      await done;
      const r = await client.query(move.sql, [...move.parameters]);
      await client.query('TRUNCATE events_staging');
      return r.rowCount ?? 0;
    },
    discard(chunk) {
      chunk.parts.length = 0;
      chunk.current = '';
    },
    execute: (query) => executeOn(client, query),
  };
}
