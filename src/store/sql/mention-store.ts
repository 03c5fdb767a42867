/**
 * GDELT 2.0 mentions on every engine (migration 009-mentions): the import, written once over SQL —
 * batches in chunks, each an INSERT … SELECT from one JSON parameter (the engine unpacks it) anti-joined on the mention's key, inside the
 * import's transaction — the per-event summaries and the streamed read of every mention.
 */
import { sql, type RawBuilder } from 'kysely';
import type { EventMention, MentionSummary, MentionType } from '../../domain/events/mention.ts';
import type { PoliticalEvent } from '../../domain/events/event.ts';
import type { MentionImportMeta, MentionImportResult } from '../../app/ports.ts';
import type { Db, MentionsTable, Tx } from './schema.ts';
import type { EngineBinding, JsonRowType } from './engine.ts';

type JsonRows = EngineBinding['jsonRows'];

const COLUMNS = [
  ['event_id', 'text'], ['event_time', 'timestamp'], ['mention_time', 'timestamp'], ['mention_type', 'smallint'],
  ['source_name', 'text'], ['identifier', 'text'], ['sentence', 'integer'], ['actor1_offset', 'integer'],
  ['actor2_offset', 'integer'], ['action_offset', 'integer'], ['in_raw_text', 'boolean'], ['confidence', 'smallint'],
  ['doc_length', 'integer'], ['doc_tone', 'double'], ['translation_info', 'text'],
] as const satisfies readonly (readonly [keyof MentionsTable, JsonRowType])[];

/** The key of a mention: one extraction, at one place (sentence, offsets) of one document, seen in one update. */
const KEY = ['event_id', 'mention_time', 'identifier', 'sentence', 'actor1_offset', 'actor2_offset', 'action_offset'] as const;

// Rows per statement, sent as one JSON parameter.
const CHUNK = 25_000;
const ID_CHUNK = 1000;

/** `2017-01-01T07:30:00Z` → `2017-01-01 07:30:00`, which both engines cast to TIMESTAMP alike. */
const toTimestamp = (iso: string): string => iso.replace('T', ' ').replace(/Z$/, '');
/** What the drivers give back for a TIMESTAMP (ISO text in UTC) → `2017-01-01T07:30:00Z`. */
const fromTimestamp = (v: unknown): string => new Date(v instanceof Date ? v : /[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`).toISOString().replace('.000Z', 'Z');

function record(m: EventMention): Record<(typeof COLUMNS)[number][0], unknown> {
  return {
    event_id: m.eventId, event_time: toTimestamp(m.eventTime), mention_time: toTimestamp(m.mentionTime), mention_type: m.mentionType,
    source_name: m.sourceName, identifier: m.identifier, sentence: m.sentence, actor1_offset: m.actor1Offset, actor2_offset: m.actor2Offset,
    action_offset: m.actionOffset, in_raw_text: m.inRawText, confidence: m.confidence, doc_length: m.docLength, doc_tone: m.docTone,
    translation_info: m.translationInfo,
  };
}

function keyOf(m: EventMention): string {
  return `${m.eventId}\t${m.mentionTime}\t${m.identifier}\t${m.sentence}\t${m.actor1Offset}\t${m.actor2Offset}\t${m.actionOffset}`;
}

function insertChunk(rows: readonly EventMention[], jsonRows: JsonRows): RawBuilder<unknown> {
  const names = sql.raw(COLUMNS.map(([c]) => c).join(', '));
  const picked = sql.raw(COLUMNS.map(([c]) => `v.${c}`).join(', '));
  const match = sql.raw(KEY.map((k) => `m.${k} = v.${k}`).join(' AND '));
  // An anti-join written as LEFT JOIN … IS NULL: both engines plan it as a hash anti-join.
  return sql`INSERT INTO mentions (${names}) SELECT ${picked} FROM ${jsonRows(JSON.stringify(rows.map(record)), COLUMNS)}
    LEFT JOIN mentions m ON ${match} WHERE m.event_id IS NULL`;
}

/** Which of these gdelt2 event ids are stored (the ids as one JSON parameter, like the rows). */
async function storedEventIds(tx: Tx, jsonRows: JsonRows, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const r = await sql<{ source_event_id: string }>`SELECT e.source_event_id FROM events e
    WHERE e.dataset = 'gdelt2' AND e.source_event_id IN (SELECT v.id FROM ${jsonRows(JSON.stringify(ids.map((id) => ({ id }))), [['id', 'text']])})`.execute(tx);
  return new Set(r.rows.map((x) => x.source_event_id));
}

/** Stores the mentions of one file inside the transaction `tx` and logs the import; the caller holds the write lock. */
export async function loadMentions(tx: Tx, jsonRows: JsonRows, batches: AsyncIterable<readonly EventMention[]>, meta: MentionImportMeta): Promise<MentionImportResult> {
  let seen = 0;
  let inserted = 0;
  let ofStoredEvents = 0;
  let ofEarlierEvents = 0;
  const keys = new Set<string>();
  // Batches are gathered into chunks of CHUNK rows: each statement's anti-join scans the stored
  // mentions once, so fewer, larger chunks cost less.
  let pending: EventMention[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const stored = await storedEventIds(tx, jsonRows, [...new Set(pending.map((m) => m.eventId))]);
    for (const m of pending) if (stored.has(m.eventId)) ofStoredEvents++;
    const fresh = pending.filter((m) => {
      const k = keyOf(m);
      if (keys.has(k)) return false;
      keys.add(k);
      return true;
    });
    pending = [];
    if (fresh.length === 0) return;
    const r = await insertChunk(fresh, jsonRows).execute(tx);
    inserted += Number(r.numAffectedRows ?? 0n);
  };
  for await (const batch of batches) {
    seen += batch.length;
    for (const m of batch) {
      if (m.eventTime < m.mentionTime) ofEarlierEvents++;
      pending.push(m);
    }
    if (pending.length >= CHUNK) await flush();
  }
  await flush();
  const result: MentionImportResult = { inserted, duplicates: seen - inserted, ofStoredEvents, ofEventsNotStored: seen - ofStoredEvents, ofEarlierEvents };
  const sha256 = typeof meta.sha256 === 'function' ? await meta.sha256() : meta.sha256;
  const rejected = typeof meta.rejected === 'function' ? meta.rejected() : meta.rejected;
  const last = await tx.selectFrom('event_imports').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  await tx.insertInto('event_imports').values({
    seq: Number(last?.seq ?? 0) + 1, file: meta.file, format: 'gdelt2-mentions', sha256, inserted, duplicates: result.duplicates, rejected,
    imported_at: new Date().toISOString(),
  }).execute();
  return result;
}

/** Mentions and mean confidence of each gdelt2 event among `events` that has any (at least `minConfidence`). */
export async function mentionSummaries(db: Db, events: readonly PoliticalEvent[], minConfidence = 0): Promise<Map<string, MentionSummary>> {
  const ids = [...new Set(events.filter((e) => e.dataset === 'gdelt2').map((e) => e.sourceEventId))];
  const out = new Map<string, MentionSummary>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const rows = await db.selectFrom('mentions')
      .select((eb) => ['event_id', eb.fn.countAll<number>().as('n'), eb.fn.avg<number>('confidence').as('c')])
      .where('event_id', 'in', ids.slice(i, i + ID_CHUNK))
      .where('confidence', '>=', minConfidence)
      .groupBy('event_id')
      .execute();
    for (const r of rows) out.set(r.event_id, { mentions: Number(r.n), meanConfidence: Math.round(Number(r.c) * 100) / 100 });
  }
  return out;
}

/**
 * Every stored mention, a page of whole events at a time: a page ends at the event id under which
 * `batchSize` mentions are reached (an event's mentions are never split between pages), so the only
 * ordering each page needs of the whole table is by event id (the index on PostgreSQL).
 */
export async function* streamMentions(db: Db, batchSize: number): AsyncGenerator<EventMention[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  let after: string | null = null;
  for (;;) {
    const lo: string | null = after;
    let ids = db.selectFrom('mentions').select('event_id');
    if (lo !== null) ids = ids.where('event_id', '>', lo);
    const top = await db.selectFrom(ids.orderBy('event_id').limit(batchSize).as('page'))
      .select((eb) => eb.fn.max('event_id').as('hi')).executeTakeFirst();
    const hi = top?.hi ?? null;
    if (hi === null) return;
    let q = db.selectFrom('mentions').selectAll().where('event_id', '<=', hi);
    if (lo !== null) q = q.where('event_id', '>', lo);
    for (const k of KEY) q = q.orderBy(k);
    const rows = await q.execute();
    yield rows.map(rowToMention);
    after = hi;
  }
}

function rowToMention(r: MentionsTable): EventMention {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    eventId: r.event_id, eventTime: fromTimestamp(r.event_time), mentionTime: fromTimestamp(r.mention_time),
    mentionType: Number(r.mention_type) as MentionType, sourceName: r.source_name, identifier: r.identifier, sentence: Number(r.sentence),
    actor1Offset: Number(r.actor1_offset), actor2Offset: Number(r.actor2_offset), actionOffset: Number(r.action_offset),
    inRawText: Boolean(r.in_raw_text), confidence: Number(r.confidence), docLength: num(r.doc_length), docTone: num(r.doc_tone),
    translationInfo: r.translation_info,
  };
}
