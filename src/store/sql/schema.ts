/**
 * The tables of the store, as Kysely sees them. Both engines hold the same tables (see migrations/);
 * values come back normalised by each driver: counts as numbers, DATE as `YYYY-MM-DD`, TIMESTAMP as
 * an ISO string in UTC, JSON as its text.
 */
import type { Kysely, Transaction } from 'kysely';

/** Columns every registry table has: the record's key, its place in the loaded array, the record itself. */
export interface RegistryRowBase {
  id: string;
  /** Order of the record in the registry it came from, so a read returns the original order. */
  position: number;
  /** The whole validated record as JSON text: the lossless copy `readRegistry()` returns. */
  doc: string;
}

export interface SourcesTable extends RegistryRowBase { kind: string; date: string | null }
export type PartiesTable = RegistryRowBase;
export interface AgenciesTable extends RegistryRowBase { party: string; kind: string }
export interface TermsTable extends RegistryRowBase { party: string; start_date: string; end_date: string | null }
export interface ElectionsTable extends RegistryRowBase { party: string; date: string; kind: string }
export interface ElectoralCyclesTable extends RegistryRowBase { party: string; kind: string; valid_from: number; valid_to: number | null }
export type IssueAreasTable = RegistryRowBase;
export interface MechanismsTable extends RegistryRowBase { kind: string; founded: string; ended: string | null; confidence: string }
export interface MeetingsTable extends RegistryRowBase { mechanism_id: string; date: string; status: string; level: string }
export interface CommitmentsTable extends RegistryRowBase {
  owner: string;
  mechanism_id: string | null;
  meeting_id: string | null;
  date: string;
  due_date: string | null;
}
/** `status` and `status_date`: the last entry of the recommendation's history (null without one); the history is in `doc`. */
export interface RecommendationsTable extends RegistryRowBase { document_id: string; date: string; status: string | null; status_date: string | null }
export interface AssessmentsTable extends RegistryRowBase {
  commitment_id: string;
  party: string;
  kind: string;
  status: string;
  date: string;
  /** -1, 0 or 1; null for "no evidence" and "not assessed". */
  score: number | null;
}
export interface DevelopmentsTable extends RegistryRowBase { date: string; kind: string }

export interface RecordSourcesTable {
  /** Registry collection name (`meetings`, `electoralCycles`…). */
  collection: string;
  record_id: string;
  source_id: string;
}

export interface RegistryLoadsTable {
  seq: number;
  label: string;
  mode: string;
  loaded_at: string;
  /** JSON text: records per collection in the loaded registry. */
  counts: string;
}

/** Kysely's log of applied migrations (its Migrator writes it). */
export interface KyselyMigrationTable {
  name: string;
  timestamp: string;
}

/** One canonical political event, flattened. Sectors are stored as `|GOV|MIL|` so LIKE '%|GOV|%' works everywhere. */
export interface EventsTable {
  dataset: string;
  source_event_id: string;
  event_date: string;
  src_code: string | null;
  src_name: string | null;
  src_country: string | null;
  src_country_raw: string | null;
  src_sectors: string;
  tgt_code: string | null;
  tgt_name: string | null;
  tgt_country: string | null;
  tgt_country_raw: string | null;
  tgt_sectors: string;
  /** NULL for PLOVER-coded events (POLECAT), which have no CAMEO code (migration 008-plover). */
  cameo_code: string | null;
  root_code: string | null;
  quad_class: number;
  quad_convention: string;
  goldstein: number | null;
  intensity: number | null;
  num_mentions: number | null;
  num_sources: number | null;
  num_articles: number | null;
  avg_tone: number | null;
  is_root_event: boolean | null;
  location_name: string | null;
  location_country: string | null;
  latitude: number | null;
  longitude: number | null;
  source_url: string | null;
  story_id: string | null;
  /** A PLOVER source's own event type, mode and contexts (`|a|b|`, empty when none); all NULL for CAMEO-coded events. */
  plover_type: string | null;
  plover_mode: string | null;
  plover_contexts: string | null;
  /**
   * The undirected dyad: both actor countries in alphabetical order joined by '-', '~' for a missing
   * one ('MEX-USA', 'USA-~'). Computed on insert from the row's own countries (see docs/scaling.md).
   */
  dyad_key: string;
}

export interface EventImportsTable {
  seq: number;
  file: string;
  format: string;
  sha256: string;
  inserted: number;
  duplicates: number;
  rejected: number;
  imported_at: string;
}

/** GDELT 2.0 mentions (migration 009-mentions); timestamps in UTC. */
export interface MentionsTable {
  event_id: string;
  event_time: string;
  mention_time: string;
  mention_type: number;
  source_name: string | null;
  identifier: string;
  sentence: number;
  actor1_offset: number;
  actor2_offset: number;
  action_offset: number;
  in_raw_text: boolean;
  confidence: number;
  doc_length: number | null;
  doc_tone: number | null;
  translation_info: string | null;
}

export interface WebhooksTable { id: string; url: string; secret: string; created_at: string }
export interface AlertOutboxTable {
  alert_id: string;
  webhook_id: string;
  url: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}
export interface AlertDeliveriesTable {
  alert_id: string;
  webhook_id: string;
  attempt: number;
  at: string;
  outcome: string;
  http_status: number | null;
  error: string | null;
  ms: number;
}
export interface AlertStateTable { key: string; value: string }

export interface Database {
  kysely_migration: KyselyMigrationTable;
  sources: SourcesTable;
  parties: PartiesTable;
  agencies: AgenciesTable;
  terms: TermsTable;
  elections: ElectionsTable;
  electoral_cycles: ElectoralCyclesTable;
  issue_areas: IssueAreasTable;
  mechanisms: MechanismsTable;
  meetings: MeetingsTable;
  commitments: CommitmentsTable;
  assessments: AssessmentsTable;
  recommendations: RecommendationsTable;
  developments: DevelopmentsTable;
  record_sources: RecordSourcesTable;
  registry_loads: RegistryLoadsTable;
  events: EventsTable;
  event_imports: EventImportsTable;
  mentions: MentionsTable;
  webhooks: WebhooksTable;
  alert_outbox: AlertOutboxTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_state: AlertStateTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;
