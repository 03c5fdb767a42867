/**
 * GDELT 2.0 mentions (src/domain/events/mention.ts): one row per extraction of an event from one
 * place of one document, seen in one 15-minute update. Kept whether or not the event they name is
 * stored (a mention of an event from an earlier update may come before that update is imported);
 * they join to `events` on (dataset 'gdelt2', source_event_id = event_id).
 *
 * The key — (event_id, mention_time, identifier, sentence, actor1_offset, actor2_offset,
 * action_offset) — is kept unique by the one write path (an anti-join under the store's write lock),
 * not by a constraint: MentionIdentifier is a URL of any length, longer than a B-tree entry may be
 * on PostgreSQL. No foreign key to `events` (docs/scaling.md). Frozen: never edit a released migration.
 */
import type { Kysely } from 'kysely';
import { traitsOf } from './traits.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('mentions')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_time', 'timestamp', (c) => c.notNull())
    .addColumn('mention_time', 'timestamp', (c) => c.notNull())
    .addColumn('mention_type', 'smallint', (c) => c.notNull())
    .addColumn('source_name', 'text')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('sentence', 'integer', (c) => c.notNull())
    .addColumn('actor1_offset', 'integer', (c) => c.notNull())
    .addColumn('actor2_offset', 'integer', (c) => c.notNull())
    .addColumn('action_offset', 'integer', (c) => c.notNull())
    .addColumn('in_raw_text', 'boolean', (c) => c.notNull())
    .addColumn('confidence', 'smallint', (c) => c.notNull())
    .addColumn('doc_length', 'integer')
    .addColumn('doc_tone', 'double precision')
    .addColumn('translation_info', 'text')
    .execute();
  // The joins to events and the anti-join of imports look mentions up by event.
  if (traitsOf(db).eventIndexes) await db.schema.createIndex('mentions_event').on('mentions').columns(['event_id', 'mention_time']).execute();
}
