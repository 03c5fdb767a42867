/**
 * Compliance assessments of commitments, and the recommendation tracker: a table for the assessments
 * (key columns for "assessments of this commitment", "of this party", "finals") and, on
 * recommendations, the current status of each (the last entry of its history) as columns. Each
 * recommendation's whole history stays in `doc`, with the record. Recommendations stored before this
 * migration gain the new fields' empty defaults in `doc` (no links to commitments, no cadence asked
 * for, no history), so that they read back in the shape of today's schema. Frozen.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs on the schema as it was
type Db = Kysely<any>;

/** The new fields in their places, the record's own fields and order kept. */
function withDefaults(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown): void => {
    if (!(k in doc) && !(k in out)) out[k] = v;
  };
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'issueAreas') {
      put('commitments', []);
      put('cadenceOf', []);
    }
    if (k === 'sources') put('history', []);
    out[k] = v;
  }
  put('commitments', []);
  put('cadenceOf', []);
  put('history', []);
  return out;
}

export async function up(db: Db): Promise<void> {
  await db.schema.createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('doc', 'json', (c) => c.notNull())
    .addColumn('commitment_id', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    // -1, 0 or 1; null for "no evidence" and "not assessed", which are never a 0.
    .addColumn('score', 'integer')
    .execute();
  await db.schema.createIndex('assessments_commitment').on('assessments').column('commitment_id').execute();

  await db.schema.alterTable('recommendations').addColumn('status', 'text').execute();
  await db.schema.alterTable('recommendations').addColumn('status_date', 'text').execute();
  const rows = await sql<{ id: string; doc: unknown }>`SELECT id, doc FROM recommendations`.execute(db);
  for (const r of rows.rows) {
    const doc = (typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc) as Record<string, unknown>;
    const next = JSON.stringify(withDefaults(doc));
    if (next !== JSON.stringify(doc)) await sql`UPDATE recommendations SET doc = ${next} WHERE id = ${r.id}`.execute(db);
  }
}
