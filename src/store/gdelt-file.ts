/**
 * The fast path for plain GDELT files, for both stores: DuckDB's CSV reader parses the file on its
 * own threads, SQL checks every row and builds the events, and only what SQL cannot settle goes
 * back to the JavaScript reader (rows the rules do not pass, country and place names). The embedded
 * store runs it on its own connection and inserts the events directly; the PostgreSQL store runs it
 * in an in-memory DuckDB and streams the events into COPY (src/store/postgres/gdelt-copy.ts).
 *
 * The SQL rules are conservative: a row they pass is one the reader would accept, and SQL builds
 * the same event from it (test/store/gdelt-file.test.ts compares both paths on the real samples and
 * on broken variants). A row they do not pass is re-read by the reader, which rejects it with its
 * usual field and reason, or declines the whole path when it would keep the row.
 *
 * The file is read once, into a temporary table of typed values with each row's verdict, on the
 * importing connection but outside the import's transaction; the write (INSERT for the embedded
 * store, COPY for PostgreSQL) then reads that table inside the transaction.
 *
 * Line numbers: rows keep the file's order (DuckDB preserves insertion order, so a
 * row's rowid in the staged table, less the first row's, is its place in the file), and the caller's
 * check of the file (no blank lines, LF line ends) makes that place the physical line.
 */
import type { DuckDBConnection, DuckDBResult } from '@duckdb/node-api';
import { NativePathDeclined } from './store.ts';
import type { GdeltFileCounts, GdeltFilePlan } from './store.ts';
import { EVENT_COLUMNS, dyadKeySql } from './event-rows.ts';
import type { Db } from './schema.ts';

/** Columns read per row: enough for any GDELT row; a row with more is refused by DuckDB (and the reader takes over). */
const READ_COLUMNS = 64;
/** DuckDB's NULL marker in the CSV reader: padding of short rows only (the caller checks the file holds no 0x1D byte). */
const PAD = '\x1d';

/** A SQL string literal (DuckDB standard strings: only the quote needs doubling). */
function lit(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

const DECIMAL = `'-?[0-9]+(\\.[0-9]+)?'`;
const blankOr = (c: string, test: string): string => `(${c} = '' OR ${test})`;
const decimalIn = (c: string, bound: number): string => blankOr(c, `(regexp_full_match(${c}, ${DECIMAL}) AND abs(TRY_CAST(${c} AS DOUBLE)) <= ${bound})`);
const decimal = (c: string): string => blankOr(c, `regexp_full_match(${c}, ${DECIMAL})`);
const count = (c: string): string => blankOr(c, `regexp_full_match(${c}, '[0-9]{1,9}')`);
const typeCode = (c: string): string => blankOr(c, `regexp_full_match(${c}, '[A-Z]{3}')`);
const orNull = (c: string): string => `nullif(${c}, '')`;

/** The sector list of an actor in the store's encoding (`|GOV|MIL|`): type codes in order, each once. */
function sectors(t1: string, t2: string, t3: string): string {
  return `CASE WHEN ${t1} = '' AND ${t2} = '' AND ${t3} = '' THEN '' ELSE '|' || concat_ws('|', nullif(${t1}, ''), ` +
    `CASE WHEN ${t2} <> ${t1} THEN nullif(${t2}, '') END, CASE WHEN ${t3} <> ${t1} AND ${t3} <> ${t2} THEN nullif(${t3}, '') END) || '|' END`;
}

/** The SQL of one GDELT version: which file columns are read, the row rule, and the event columns. */
export function gdeltSql(dataset: 'gdelt1' | 'gdelt2', names: readonly string[]) {
  const col = (name: string): string => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`no GDELT column ${name}`);
    return `c${i}`;
  };
  // Staged columns, named by meaning.
  const staged: Record<string, string> = {
    id: col('GLOBALEVENTID'), sqldate: col('SQLDATE'), month_year: col('MonthYear'), year: col('Year'),
    a1_code: col('Actor1Code'), a1_name: col('Actor1Name'), a1_country: col('Actor1CountryCode'),
    a1_t1: col('Actor1Type1Code'), a1_t2: col('Actor1Type2Code'), a1_t3: col('Actor1Type3Code'),
    a2_code: col('Actor2Code'), a2_name: col('Actor2Name'), a2_country: col('Actor2CountryCode'),
    a2_t1: col('Actor2Type1Code'), a2_t2: col('Actor2Type2Code'), a2_t3: col('Actor2Type3Code'),
    is_root: col('IsRootEvent'), code: col('EventCode'), base: col('EventBaseCode'), root: col('EventRootCode'), quad: col('QuadClass'),
    goldstein: col('GoldsteinScale'), mentions: col('NumMentions'), sources: col('NumSources'), articles: col('NumArticles'), tone: col('AvgTone'),
    place: col('ActionGeo_FullName'), fips: col('ActionGeo_CountryCode'), lat: col('ActionGeo_Lat'), long: col('ActionGeo_Long'),
    url: col('SOURCEURL'),
  };
  // Field counts: 61 for 2.0; 57 or 58 for 1.0 (decided per row). Short rows are padded with NULL.
  const fields = dataset === 'gdelt2'
    ? `c60 IS NOT NULL AND c61 IS NULL`
    : `c56 IS NOT NULL AND c58 IS NULL`;
  const s = staged;
  const rule = [
    fields,
    `regexp_full_match(${s.id}, '[0-9]+')`,
    `regexp_full_match(${s.sqldate}, '[0-9]{8}') AND try_strptime(${s.sqldate}, '%Y%m%d') IS NOT NULL`,
    `${s.month_year} = left(${s.sqldate}, 6) AND ${s.year} = left(${s.sqldate}, 4)`,
    `${s.quad} IN ('1', '2', '3', '4')`,
    decimalIn(s.goldstein!, 10), count(s.mentions!), count(s.sources!), count(s.articles!), decimal(s.tone!),
    `${s.is_root} IN ('', '0', '1')`,
    ...[s.a1_t1!, s.a1_t2!, s.a1_t3!, s.a2_t1!, s.a2_t2!, s.a2_t3!].map(typeCode),
    decimalIn(s.lat!, 90), decimalIn(s.long!, 180),
  ].map((x) => `(${x})`).join(' AND ');
  // Staged in file order, as the events' typed values (cheaper to hold than text), the mapped
  // countries and place country aside; only rows that pass the rule are ever read back as events.
  const url = dataset === 'gdelt2' ? s.url! : `coalesce(${s.url!}, '')`; // a 57-column 1.0 row has no SOURCEURL
  const stagedColumns: Record<string, string> = {
    ok: `coalesce(${rule}, false)`,
    source_event_id: s.id!, event_date: `CAST(try_strptime(${s.sqldate!}, '%Y%m%d') AS DATE)`,
    src_code: orNull(s.a1_code!), src_name: orNull(s.a1_name!), src_country_raw: orNull(s.a1_country!),
    src_sectors: sectors(s.a1_t1!, s.a1_t2!, s.a1_t3!),
    tgt_code: orNull(s.a2_code!), tgt_name: orNull(s.a2_name!), tgt_country_raw: orNull(s.a2_country!),
    tgt_sectors: sectors(s.a2_t1!, s.a2_t2!, s.a2_t3!),
    cameo_code: s.code!, base_code: s.base!, root_code: s.root!, quad_class: `TRY_CAST(${s.quad!} AS SMALLINT)`,
    goldstein: `TRY_CAST(${orNull(s.goldstein!)} AS DOUBLE)`,
    num_mentions: `TRY_CAST(${orNull(s.mentions!)} AS INTEGER)`, num_sources: `TRY_CAST(${orNull(s.sources!)} AS INTEGER)`,
    num_articles: `TRY_CAST(${orNull(s.articles!)} AS INTEGER)`, avg_tone: `TRY_CAST(${orNull(s.tone!)} AS DOUBLE)`,
    is_root_event: `CASE ${s.is_root!} WHEN '1' THEN true WHEN '0' THEN false END`,
    location_name: orNull(s.place!), fips: s.fips!,
    latitude: `TRY_CAST(${orNull(s.lat!)} AS DOUBLE)`, longitude: `TRY_CAST(${orNull(s.long!)} AS DOUBLE)`,
    source_url: orNull(url),
  };
  const stagedList = Object.entries(stagedColumns).map(([as, e]) => `${e} AS ${as}`).join(', ');

  // The event, from a staged row `r` joined to the mapped countries `m1`, `m2` and place `p`.
  const event: Record<(typeof EVENT_COLUMNS)[number], string> = {
    dataset: lit(dataset), source_event_id: 'r.source_event_id', event_date: 'r.event_date',
    src_code: 'r.src_code', src_name: 'r.src_name', src_country: 'm1.iso', src_country_raw: 'r.src_country_raw', src_sectors: 'r.src_sectors',
    tgt_code: 'r.tgt_code', tgt_name: 'r.tgt_name', tgt_country: 'm2.iso', tgt_country_raw: 'r.tgt_country_raw', tgt_sectors: 'r.tgt_sectors',
    cameo_code: 'r.cameo_code', root_code: 'r.root_code', quad_class: 'r.quad_class', quad_convention: `'file'`,
    goldstein: 'r.goldstein', intensity: 'CAST(NULL AS DOUBLE)',
    num_mentions: 'r.num_mentions', num_sources: 'r.num_sources', num_articles: 'r.num_articles', avg_tone: 'r.avg_tone',
    is_root_event: 'r.is_root_event', location_name: 'r.location_name', location_country: 'p.iso',
    latitude: 'r.latitude', longitude: 'r.longitude', source_url: 'r.source_url', story_id: 'CAST(NULL AS VARCHAR)',
  };
  return { stagedList, event };
}

function readCsv(file: string): string {
  const columns = `{${Array.from({ length: READ_COLUMNS }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return `read_csv(${lit(file)}, delim = '\t', quote = '', escape = '', header = false, auto_detect = false, ` +
    `null_padding = true, nullstr = ${lit(PAD)}, new_line = '\\n', columns = ${columns})`;
}

/** Appends rows of text (or NULL) to a temporary table of the connection: DuckDB's fastest way in. */
async function append(conn: DuckDBConnection, table: string, rows: Iterable<readonly (string | null)[]>): Promise<void> {
  const appender = await conn.createAppender(table, 'main', 'temp');
  try {
    for (const row of rows) {
      for (const v of row) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Polls DuckDB's progress of the running statement while `work` runs. */
async function withProgress<T>(conn: DuckDBConnection, report: ((f: number) => void) | undefined, work: Promise<T>): Promise<T> {
  if (report === undefined) return work;
  const timer = setInterval(() => {
    const p = conn.progress.percentage;
    if (p >= 0) report(Math.min(1, p / 100));
  }, 250);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** A file read and checked by DuckDB, its events ready to be written by one query. */
export interface PreparedGdeltFile {
  /** Data rows in the file, and those that became events (before duplicates are skipped). */
  readonly rows: number;
  readonly events: number;
  /** A query on the preparing connection giving the events, once each, in EVENT_COLUMNS order (it reads the connection's temporary tables). */
  readonly select: string;
  /** Runs the statement that writes `select` somewhere, on the preparing connection, reporting its progress. */
  write(statement: string): Promise<DuckDBResult>;
  /** The import's counts once `inserted` of the events were stored (the others were stored before or repeated in the file). */
  counts(inserted: number): GdeltFileCounts;
  /** Drops the temporary tables. */
  dispose(): Promise<void>;
}

const TEMP_TABLES = ['gdelt_raw', 'gdelt_codes', 'gdelt_countries', 'gdelt_places', 'gdelt_repeats'];

/**
 * Reads and checks one plain GDELT file on `conn`, outside any transaction: the temporary tables it
 * fills are the connection's own, and a table filled inside the import's transaction is scanned
 * markedly slower by the write (measured on 2 M rows: 11 s against 7 s). Flagged rows go to the
 * reader (plan.review), countries and places to its mapper. Nothing is stored: the caller writes
 * `select` where it belongs.
 */
export async function prepareGdeltFile(conn: DuckDBConnection, plan: GdeltFilePlan): Promise<PreparedGdeltFile> {
  const q = gdeltSql(plan.dataset, plan.columns);
  const dispose = async (): Promise<void> => {
    for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  };
  // The read is the first half of the work, the write the second.
  const half = (from: number) => (plan.onProgress === undefined ? undefined : (f: number) => plan.onProgress!(from + f / 2));
  try {
    const { rows, events, select } = await stage(conn, q, plan, half(0));
    plan.onCounted?.(rows, events);
    return {
      rows, events, select, dispose,
      write: (statement) => withProgress(conn, half(0.5), conn.run(statement)).finally(() => plan.onProgress?.(1)),
      counts: (inserted) => ({ rows, events, inserted, duplicates: events - inserted }),
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** The whole file in a temporary table, flagged rows to the reader, repeated ids to their first row. */
async function stage(conn: DuckDBConnection, q: ReturnType<typeof gdeltSql>, plan: GdeltFilePlan, report: ((f: number) => void) | undefined):
  Promise<{ rows: number; events: number; select: string }> {
  // 1. The file, parsed and checked by DuckDB, in file order. What its CSV reader refuses (invalid
  // UTF-8, a row of more than 64 fields, an overlong line) is for the reader to report.
  try {
    await withProgress(conn, report, conn.run(`CREATE OR REPLACE TEMP TABLE gdelt_raw AS SELECT ${q.stagedList} FROM ${readCsv(plan.file)}`));
  } catch (e) {
    // The file check usually knows why (CR line ends, invalid UTF-8…): its reason comes first.
    await plan.checked();
    throw new NativePathDeclined(`DuckDB's CSV reader refused the file: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  // 2. Event codes: the CAMEO codebook, with each code's base and root.
  await conn.run('CREATE OR REPLACE TEMP TABLE gdelt_codes (code VARCHAR, base VARCHAR, root VARCHAR)');
  await append(conn, 'gdelt_codes', plan.codes.map((c) => [c.code, c.baseCode, c.rootCode]));
  await conn.run(`UPDATE gdelt_raw r SET ok = false WHERE ok AND NOT EXISTS
    (SELECT 1 FROM gdelt_codes c WHERE c.code = r.cameo_code AND c.base = r.base_code AND c.root = r.root_code)`);
  // 3. What SQL did not pass goes back to the reader (once the file is known to suit this path).
  await plan.checked();
  // Rows keep the file's order in the table (DuckDB preserves insertion order): a row's line is its
  // distance from the first rowid.
  const flagged = (await conn.runAndReadAll(`SELECT CAST(rowid - (SELECT min(rowid) FROM gdelt_raw) + 1 AS BIGINT)
    FROM gdelt_raw WHERE NOT ok ORDER BY 1`)).getRows().map((r) => Number(r[0]));
  await plan.review(flagged);
  // 4. Countries and places, mapped by the reader's code.
  const codes = (await conn.runAndReadAll(`SELECT code, count(*) FROM (SELECT src_country_raw AS code FROM gdelt_raw WHERE ok
    UNION ALL SELECT tgt_country_raw FROM gdelt_raw WHERE ok) WHERE code IS NOT NULL GROUP BY code ORDER BY code`)).getRows()
    .map((r) => ({ code: String(r[0]), rows: Number(r[1]) }));
  const isoOfCode = plan.mapActorCountries(codes);
  await conn.run('CREATE OR REPLACE TEMP TABLE gdelt_countries (code VARCHAR, iso VARCHAR)');
  await append(conn, 'gdelt_countries', codes.map((c, i) => [c.code, isoOfCode[i] ?? null]));
  const places = (await conn.runAndReadAll(`SELECT location_name, fips, count(*) FROM gdelt_raw WHERE ok AND location_name IS NOT NULL
    GROUP BY location_name, fips ORDER BY location_name, fips`)).getRows().map((r) => ({ name: String(r[0]), fips: String(r[1]), rows: Number(r[2]) }));
  const isoOfPlace = plan.mapPlaces(places);
  const byName = new Map<string, string | null>();
  places.forEach((p, i) => byName.set(p.name, isoOfPlace[i] ?? null));
  await conn.run('CREATE OR REPLACE TEMP TABLE gdelt_places (name VARCHAR, iso VARCHAR)');
  await append(conn, 'gdelt_places', byName);
  // 5. An id seen twice in the file: its first row is the event (as on the reader's path).
  await conn.run(`CREATE OR REPLACE TEMP TABLE gdelt_repeats AS
    SELECT source_event_id AS id, min(rowid) AS first FROM gdelt_raw WHERE ok GROUP BY id HAVING count(*) > 1`);
  const repeats = Number((await conn.runAndReadAll('SELECT count(*) FROM gdelt_repeats')).getRows()[0]?.[0] ?? 0) > 0;
  const [rows, events] = (await conn.runAndReadAll('SELECT count(*), count(*) FILTER (WHERE ok) FROM gdelt_raw')).getRows()[0]!.map(Number) as [number, number];
  // 6. The events: the rows that pass, once each (the anti-join is left out when it cannot remove anything),
  // with their mapped countries and place.
  const select = `SELECT ${EVENT_COLUMNS.map((c) => `${q.event[c]} AS ${c}`).join(', ')}
    FROM gdelt_raw r
    LEFT JOIN gdelt_countries m1 ON m1.code = r.src_country_raw
    LEFT JOIN gdelt_countries m2 ON m2.code = r.tgt_country_raw
    LEFT JOIN gdelt_places p ON p.name = r.location_name
    WHERE r.ok${repeats ? ' AND NOT EXISTS (SELECT 1 FROM gdelt_repeats d WHERE d.id = r.source_event_id AND d.first <> r.rowid)' : ''}`;
  return { rows, events, select };
}

/**
 * The embedded store's write: inserts the prepared events into its own `events` table, skipping
 * keys already stored (an anti-join, left out when the dataset has no stored rows). Returns how many it inserted.
 */
export async function insertPrepared(conn: DuckDBConnection, db: Db, prepared: PreparedGdeltFile, dataset: 'gdelt1' | 'gdelt2'): Promise<number> {
  const stored = Number((await conn.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM events WHERE dataset = ${lit(dataset)} LIMIT 1)`)).getRows()[0]?.[0] ?? 0) > 0;
  return (await prepared.write(`INSERT INTO events (${EVENT_COLUMNS.join(', ')}, dyad_key)
    SELECT ${EVENT_COLUMNS.join(', ')}, ${dyadKeySql.compile(db).sql} FROM (${prepared.select}) s
    ${stored ? `WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = ${lit(dataset)} AND e.source_event_id = s.source_event_id)` : ''}`)).rowsChanged;
}
