/**
 * GDELT files read by DuckDB, by the row table (rules.ts) turned into SQL, in one of two ways:
 *  - readWithDuckDB: DuckDB's CSV reader checks the file on its own threads into a narrow temporary
 *    table of each row's verdict and the values the checks and the mapping read, and the result is
 *    an EventRelation (src/app/ports.ts), a query that reads the file again into events, which
 *    either store loads: the embedded store by one INSERT on its own connection, PostgreSQL through
 *    COPY from the relation's text;
 *  - streamWithDuckDB, for a store that reads text (PostgreSQL): the same SQL's rows, verdict first,
 *    stream out as DuckDB parses them, and the code checks, the mapping and the repeated ids are
 *    settled line by line as the text passes (CheckedLines), so the store writes while DuckDB reads.
 *
 * What SQL does not settle goes back to JavaScript: every row SQL refuses is re-read and judged by
 * the parser (which names its field and reason; if it would keep the row, the file is declined and
 * read by the reader instead), and the distinct country codes and place names are mapped by the
 * reader's own CountryMapper.
 *
 * Line numbers: rows keep the file's order in the checks' table and in COPY's text (DuckDB preserves
 * insertion order), so a row's rowid less the first row's, or its line in the text, is its place in
 * the file; the caller's scan of the file (no blank lines, LF line ends) makes that place the
 * physical line.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, createReadStream, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sql, type RawBuilder } from 'kysely';
import { EVENT_COLUMNS, EVENT_COLUMN_TYPES, withDuckDBSettings, type DuckDBWorkspace, type EventRelation, type EventStream } from '../../../../app/ports.ts';
import { appendText, duckdbText as text } from '../../duckdb-workspace.ts';
import { gdeltColumnNames, MAX_FIELDS, type GdeltDataset } from './columns.ts';
import { CHECKS, FIELDS, fieldCounts, type Field, type Test } from './rules.ts';
import { bump } from '../../fields.ts';
import { fileIdentity, readLinesAt } from '../../plain-file.ts';
import type { GdeltHeader } from './header.ts';

/** The file cannot (or must not) be read by DuckDB: the reader reads it. Nothing was stored. */
export class DuckDBDeclined extends Error {
  override readonly name = 'DuckDBDeclined';
}

/** DuckDB's NULL marker in the CSV reader: padding of short rows only (the caller checks the file holds no 0x1D byte). */
const PAD = '\x1d';
const DUCKDB_TYPES = { text: 'VARCHAR', date: 'DATE', smallint: 'SMALLINT', integer: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;

/**
 * The SQL of one GDELT version, from the row table. `header`: a header-row file, whose columns are
 * found by the header's names (header.ts) instead of by position; an optional column it lacks reads as blank.
 */
export function gdeltSql(dataset: GdeltDataset, header?: GdeltHeader) {
  const names = gdeltColumnNames(dataset);
  const col = (name: string): RawBuilder<unknown> => {
    if (header !== undefined) {
      const at = header.positions.get(name);
      return at === undefined ? sql`''` : sql.ref(`c${at}`);
    }
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`no GDELT column ${name}`);
    return sql.ref(`c${i}`);
  };
  const lit = (s: string) => sql.lit(s);
  const blankOr = (c: RawBuilder<unknown>, test: RawBuilder<unknown>) => sql`(${c} = '' OR ${test})`;
  /** A check on the raw columns; the code checks refer to the codebook row `k`. */
  const check = (test: Test, c: RawBuilder<unknown>): RawBuilder<unknown> => {
    switch (test.type) {
      case 'id': return sql`regexp_full_match(${c}, '[0-9]+')`;
      case 'day': return sql`(regexp_full_match(${c}, '[0-9]{8}') AND try_strptime(${c}, '%Y%m%d') IS NOT NULL)`;
      case 'prefix': return sql`${c} = left(${col(test.of)}, ${sql.lit(test.length)})`;
      case 'event-code': return sql`k.code IS NOT NULL`;
      case 'base-code': return sql`${c} = k.base`;
      case 'root-code': return sql`${c} = k.root`;
      case 'quad': return sql`${c} IN ('1', '2', '3', '4')`;
      case 'decimal': return blankOr(c, test.bound === null
        ? sql`regexp_full_match(${c}, '-?[0-9]+(\\.[0-9]+)?')`
        : sql`(regexp_full_match(${c}, '-?[0-9]+(\\.[0-9]+)?') AND abs(TRY_CAST(${c} AS DOUBLE)) <= ${sql.lit(test.bound)})`);
      case 'count': return blankOr(c, sql`regexp_full_match(${c}, '[0-9]{1,9}')`);
      case 'flag': return sql`${c} IN ('', '0', '1')`;
      case 'type-code': return blankOr(c, sql`regexp_full_match(${c}, '[A-Z]{3}')`);
    }
  };
  const isCodeCheck = (t: Test) => t.type === 'event-code' || t.type === 'base-code' || t.type === 'root-code';
  const codeChecks = CHECKS.filter((c) => isCodeCheck(c.test));
  const counts = header !== undefined ? [header.names.length] : fieldCounts(dataset);
  // Short rows are padded with NULL: a row has n fields when c(n-1) is set and c(n) is not.
  const fieldsRule = sql`(${sql.join(counts.map((n) => sql`(${sql.ref(`c${n - 1}`)} IS NOT NULL AND ${sql.ref(`c${n}`)} IS NULL)`), sql` OR `)})`;
  const rowRule = sql.join([fieldsRule, ...CHECKS.filter((c) => !isCodeCheck(c.test)).map((c) => check(c.test, col(c.field)))], sql` AND `);
  const codeRule = sql.join(codeChecks.map((c) => check(c.test, sql.ref(`r.${codeColumn(c.field)}`))), sql` AND `);

  // A row's parsed columns: the verdict of the row checks, the codes for the code checks, and each event
  // field as the table says (countries and places stay raw until the mapping joins them).
  const parsed: [string, RawBuilder<unknown>][] = [['ok', sql`coalesce(${rowRule}, false)`]];
  for (const c of codeChecks) parsed.push([codeColumn(c.field), col(c.field)]);
  const event: Record<string, RawBuilder<unknown>> = { dataset: lit(dataset) };
  for (const column of EVENT_COLUMNS) {
    if (column === 'dataset') continue;
    const f = FIELDS[column] as Field;
    const type = sql.raw(DUCKDB_TYPES[EVENT_COLUMN_TYPES[column]]);
    switch (f.as) {
      case 'text': parsed.push([column, col(f.column)]); break;
      case 'text-or-null': parsed.push([column, sql`nullif(${col(f.column)}, '')`]); break;
      case 'day': parsed.push([column, sql`CAST(try_strptime(${col(f.column)}, '%Y%m%d') AS DATE)`]); break;
      case 'quad': parsed.push([column, sql`TRY_CAST(${col(f.column)} AS SMALLINT)`]); break;
      case 'number-or-null': parsed.push([column, sql`TRY_CAST(nullif(${col(f.column)}, '') AS ${type})`]); break;
      case 'flag-or-null': parsed.push([column, sql`CASE ${col(f.column)} WHEN '1' THEN true WHEN '0' THEN false END`]); break;
      case 'sectors': {
        const [t1, t2, t3] = f.columns.map(col) as [RawBuilder<unknown>, RawBuilder<unknown>, RawBuilder<unknown>];
        parsed.push([column, sql`CASE WHEN ${t1} = '' AND ${t2} = '' AND ${t3} = '' THEN '' ELSE '|' || concat_ws('|', nullif(${t1}, ''),
          CASE WHEN ${t2} <> ${t1} THEN nullif(${t2}, '') END, CASE WHEN ${t3} <> ${t1} AND ${t3} <> ${t2} THEN nullif(${t3}, '') END) || '|' END`]);
        break;
      }
      // Mapped from the raw values by the tables the reader's CountryMapper fills (the joins below).
      case 'country':
      case 'place-country': parsed.push([column, sql`CAST(NULL AS VARCHAR)`]); break;
      case 'constant': event[column] = f.value === null ? sql`CAST(NULL AS ${type})` : lit(f.value); continue;
    }
    event[column] ??= sql.ref(`r.${column}`);
  }
  // The mapped columns: each country column from its raw code, the place country from the place name.
  const rawOf = (c: string): string => {
    const raw = EVENT_COLUMNS.find((x) => x !== c && sameColumn(FIELDS[x], FIELDS[c]) && (FIELDS[x] as Field).as === 'text-or-null');
    if (raw === undefined) throw new Error(`internal: ${c} has no raw column among the event fields`);
    return raw;
  };
  const mapped = EVENT_COLUMNS.filter((c) => ['country', 'place-country'].includes((FIELDS[c] as Field | undefined)?.as ?? ''))
    .map((c) => ({ column: c, raw: rawOf(c), kind: (FIELDS[c] as Field).as as 'country' | 'place-country' }));
  // The countries the country filter reads, mapped in the checked rows' table by the tables the
  // reader's CountryMapper filled: one UPDATE … FROM (a hash join) per column, of the rows with a code that maps.
  const countryMapping = mapped.filter((m) => m.kind === 'country')
    .map(({ column: c, raw }) => sql`UPDATE gdelt_rows r SET ${sql.ref(c)} = m.iso FROM gdelt_countries m WHERE r.ok AND m.code = r.${sql.ref(raw)} AND m.iso IS NOT NULL`);
  const placeColumn = rawOf('location_country');
  const fips = col(`ActionGeo_CountryCode`);
  parsed.push(['place_fips', fips]);
  // The checked rows' table keeps what the checks, the mapping, the filter and the repeats read: the
  // verdict, the code fields, the id, the raw countries and place, and the filter's mapped countries.
  const checkedNames = new Set(['ok', ...codeChecks.map((x) => codeColumn(x.field)), 'source_event_id',
    ...mapped.map((m) => m.raw), ...mapped.filter((m) => m.kind === 'country').map((m) => m.column), 'place_fips']);
  // The events of the parsed rows `r`: each mapped column from its join (aliases `m0`, `m1`, …), the
  // code checks by the codebook row `k` where the verdict is needed.
  const joins = sql.join(mapped.map((m, i) => m.kind === 'country'
    ? sql`LEFT JOIN gdelt_countries ${sql.id(`m${i}`)} ON ${sql.id(`m${i}`)}.code = r.${sql.ref(m.raw)}`
    : sql`LEFT JOIN gdelt_places ${sql.id(`m${i}`)} ON ${sql.id(`m${i}`)}.name = r.${sql.ref(m.raw)}`), sql` `);
  const joined: Record<string, RawBuilder<unknown>> = { ...event };
  mapped.forEach((m, i) => { joined[m.column] = sql`${sql.id(`m${i}`)}.iso`; });
  return {
    parsedList: sql.join(parsed.map(([as, e]) => sql`${e} AS ${sql.ref(as)}`)),
    checkedList: sql.join(parsed.filter(([as]) => checkedNames.has(as)).map(([as, e]) => sql`${e} AS ${sql.ref(as)}`)),
    codeChecks,
    codeRule,
    codeJoin: sql`LEFT JOIN gdelt_codes k ON k.code = r.${sql.ref(codeColumn('EventCode'))}`,
    event,
    joined,
    joins,
    countryMapping,
    placeColumn,
    idColumn: col((FIELDS.source_event_id as Field & { readonly column: string }).column),
    mapped,
    rawCountryColumns: EVENT_COLUMNS.filter((c) => c.endsWith('_country_raw')),
  };
}

function codeColumn(field: string): string {
  return `code_${field.toLowerCase()}`;
}

function sameColumn(a: Field | undefined, b: Field | undefined): boolean {
  return a !== undefined && b !== undefined && 'column' in a && 'column' in b && a.column === b.column;
}

function readCsv(file: string, maxLineBytes: number, header?: GdeltHeader): RawBuilder<unknown> {
  const width = header === undefined ? MAX_FIELDS : Math.max(MAX_FIELDS, header.names.length + 1);
  const columns = sql.raw(`{${Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`);
  // A header-row file: CSV quoting (`"` doubled inside quotes, as pandas, gdeltPyR and BigQuery write it), the header line skipped.
  const csv = header === undefined ? sql`delim = '\t', quote = '', escape = '', header = false`
    : sql`delim = ${sql.lit(header.delimiter)}, quote = '"', escape = '"', header = true`;
  return sql`read_csv(${sql.lit(file)}, ${csv}, auto_detect = false,
    null_padding = true, nullstr = ${sql.lit(PAD)}, new_line = '\\n', max_line_size = ${sql.lit(Math.max(2_097_152, maxLineBytes + 1))}, columns = ${columns})`;
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

export interface DuckDBReadPlan {
  readonly file: string;
  readonly dataset: GdeltDataset;
  readonly workspace: DuckDBWorkspace;
  /** Longest line of the file in bytes (from the caller's scan). */
  readonly maxLineBytes: number;
  /** The file's identity (fileIdentity) before the caller's scan: DuckDB's reads must find the same file. */
  readonly identity: string;
  /** A header-row file: its header (columns by name), and its physical lines (from the caller's scan). */
  readonly header?: { readonly header: GdeltHeader; readonly lines: number };
  /** Keep only the events with an actor (source or target country, once mapped) among these ISO codes; absent: all. */
  readonly countries?: readonly string[];
  /** The CAMEO codebook: each code with its base and root. */
  readonly codes: readonly { readonly code: string; readonly baseCode: string; readonly rootCode: string }[];
  /** The physical lines (ascending) SQL refused: the parser judges each; it throws DuckDBDeclined when it would keep one. */
  review(lines: readonly number[]): Promise<void>;
  /** ISO code (or null) of each distinct actor country code, with the rows it is on. */
  mapActorCountries(codes: readonly { readonly code: string; readonly rows: number }[]): (string | null)[];
  /** ISO code (or null) of each distinct place name, with its FIPS code and rows. */
  mapPlaces(places: readonly { readonly name: string; readonly fips: string; readonly rows: number }[]): (string | null)[];
  /** Share of the work done (0–1): the read is the first half, the write the second. */
  onProgress?(fraction: number): void;
}

/** A file parsed by DuckDB: the relation a store loads, and what to drop afterwards. */
export interface ParsedFile extends EventRelation {
  /** Data rows in the file. */
  readonly rows: number;
  /** Accepted events left out by `countries` (0 without it). */
  readonly outsideCountries: number;
  dispose(): Promise<void>;
}

const TEMP_TABLES = ['gdelt_rows', 'gdelt_codes', 'gdelt_countries', 'gdelt_places', 'gdelt_repeats'];

/** Whether the file's identity is no longer the one the plan took before the caller's scan. */
function changedSince(plan: Pick<DuckDBReadPlan, 'file' | 'identity'>): boolean {
  return fileIdentity(plan.file) !== plan.identity;
}

/** The error of a file that changed between the caller's scan and a read of DuckDB's (or the review's). */
function fileChanged(file: string, cause?: unknown): Error {
  return new Error(`${file} changed while it was being imported: nothing of it is stored; import it again once it is complete`, cause === undefined ? undefined : { cause });
}

/**
 * The plan's review of the lines SQL refused, for both the relation and the stream. The review reads
 * those lines again: a decline while the file has changed (a line it no longer has) is the file's
 * change, not a file for the reader.
 */
async function reviewRefused(plan: Pick<DuckDBReadPlan, 'file' | 'identity' | 'review'>, lines: readonly number[]): Promise<void> {
  try {
    await plan.review(lines);
  } catch (e) {
    throw e instanceof DuckDBDeclined && changedSince(plan) ? fileChanged(plan.file, e) : e;
  }
}

/**
 * Reads and checks one plain GDELT file on the workspace's connection, outside any transaction (its
 * temporary tables are the connection's own). Nothing is stored: the store loads the returned
 * relation, whose query reads the file again.
 *
 * The first read keeps a narrow table of each row's checks, in file order (a row's rowid gives its
 * line): the verdict, the code fields, the id, the raw countries and place. From it come the lines
 * the parser reviews, the countries and places to map, the counts, and the ids seen twice. The
 * relation's query then reads the file's rows with the same SQL, joined to the small mapping
 * tables, without staging them: a staged copy of every field held the whole file in memory beside
 * the store's write (1 M rows: over 1 GB at peak). An id seen twice keeps its first row: the lines
 * of those first rows are copied into a file of their own, which the query reads in place of the
 * id's rows in the file. A file whose size, time or inode changed between the two reads fails the
 * write (the store rolls it back): rows added meanwhile were never checked.
 */
export async function readWithDuckDB(plan: DuckDBReadPlan): Promise<ParsedFile> {
  const conn = plan.workspace.connection;
  const q = gdeltSql(plan.dataset, plan.header?.header);
  let sideDir: string | null = null;
  const dispose = async (): Promise<void> => {
    for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    if (sideDir !== null) rmSync(sideDir, { recursive: true, force: true });
    sideDir = null;
  };
  const half = (from: number) => (plan.onProgress === undefined ? undefined : (f: number) => plan.onProgress!(from + f / 2));
  const csv = (file: string) => readCsv(file, plan.maxLineBytes, plan.header?.header);
  // The file is read by the caller's scan and twice here: a file changed in between would put
  // unchecked rows into the store.
  const unchanged = (): void => {
    if (changedSince(plan)) throw fileChanged(plan.file);
  };
  try {
    // 1. Each row's checks, in file order. What DuckDB's CSV reader refuses itself (a row of more
    // than 64 fields) is for the reader to report.
    try {
      // The file's order is what gives each row its line: kept here whatever the connection's setting.
      await withDuckDBSettings(conn, { session: { preserve_insertion_order: 'true' } }, () =>
        withProgress(conn, half(0), conn.run(text(sql`CREATE OR REPLACE TEMP TABLE gdelt_rows AS SELECT ${q.checkedList} FROM ${csv(plan.file)}`))));
    } catch (e) {
      throw new DuckDBDeclined(`DuckDB's CSV reader refused the file: ${(e as Error).message.split('\n')[0]}`, { cause: e });
    }
    // A header-row file: one record per line after the header, or line numbers would not follow rowids (a quoted field holding a newline).
    const firstLine = plan.header === undefined ? 1 : 2;
    if (plan.header !== undefined) {
      const n = Number((await conn.runAndReadAll('SELECT count(*) FROM gdelt_rows')).getRows()[0]?.[0] ?? 0);
      if (n !== plan.header.lines - 1) throw new DuckDBDeclined(`${n} records in ${plan.header.lines - 1} lines after the header: a quoted field spans lines`);
    }
    // 2. The codebook, for the code checks (an UPDATE of the verdict, so that the table keeps the file's order).
    await conn.run('CREATE OR REPLACE TEMP TABLE gdelt_codes (code VARCHAR, base VARCHAR, root VARCHAR)');
    await appendText(conn, 'gdelt_codes', plan.codes.map((c) => [c.code, c.baseCode, c.rootCode]), 'temp');
    // The code checks, by the codebook row of the event code: a row without one fails them.
    await conn.run(text(sql`UPDATE gdelt_rows r SET ok = false WHERE ok AND NOT EXISTS
      (SELECT 1 FROM gdelt_codes k WHERE k.code = r.${sql.ref(codeColumn('EventCode'))} AND ${q.codeRule})`));
    const accepted = sql`gdelt_rows r WHERE r.ok`;
    // The country filter applies once the countries are mapped (step 4), to the accepted rows only:
    // refused rows are reported whatever their countries, as on the reader's path.
    const countryList = plan.countries === undefined || plan.countries.length === 0 ? null : sql.join(plan.countries.map((c) => sql.lit(c)));
    const inCountries = countryList === null ? null
      : (src: RawBuilder<unknown>, tgt: RawBuilder<unknown>) => sql`(${src} IN (${countryList}) OR ${tgt} IN (${countryList}))`;
    const kept = inCountries === null ? accepted : sql`${accepted} AND ${inCountries(sql`r.src_country`, sql`r.tgt_country`)}`;
    // 3. What SQL refused goes back to the parser. A row's line is its distance from the first rowid.
    const lineOf = (rowid: RawBuilder<unknown>) => sql`CAST(${rowid} - (SELECT min(rowid) FROM gdelt_rows) + ${sql.lit(firstLine)} AS BIGINT)`;
    const flagged = (await conn.runAndReadAll(text(sql`SELECT ${lineOf(sql`r.rowid`)} FROM gdelt_rows r WHERE NOT r.ok ORDER BY 1`)))
      .getRows().map((r) => Number(r[0]));
    await reviewRefused(plan, flagged);
    // 4. Countries and places of the accepted rows, mapped by the reader's code.
    const rawCountries = sql.join(q.rawCountryColumns.map((c, i) => (i === 0
      ? sql`SELECT r.${sql.ref(c)} AS code FROM ${accepted}`
      : sql`UNION ALL SELECT r.${sql.ref(c)} FROM ${accepted}`)), sql` `);
    const codes = (await conn.runAndReadAll(text(sql`SELECT code, count(*) FROM (${rawCountries}) WHERE code IS NOT NULL GROUP BY code ORDER BY code`))).getRows()
      .map((r) => ({ code: String(r[0]), rows: Number(r[1]) }));
    const isoOfCode = plan.mapActorCountries(codes);
    await conn.run('CREATE OR REPLACE TEMP TABLE gdelt_countries (code VARCHAR, iso VARCHAR)');
    await appendText(conn, 'gdelt_countries', codes.map((c, i) => [c.code, isoOfCode[i] ?? null]), 'temp');
    const places = (await conn.runAndReadAll(text(sql`SELECT r.${sql.ref(q.placeColumn)}, r.place_fips, count(*) FROM ${accepted} AND r.${sql.ref(q.placeColumn)} IS NOT NULL
      GROUP BY ALL ORDER BY 1, 2`))).getRows().map((r) => ({ name: String(r[0]), fips: String(r[1]), rows: Number(r[2]) }));
    const isoOfPlace = plan.mapPlaces(places);
    const byName = new Map<string, string | null>();
    places.forEach((p, i) => byName.set(p.name, isoOfPlace[i] ?? null));
    await conn.run('CREATE OR REPLACE TEMP TABLE gdelt_places (name VARCHAR, iso VARCHAR)');
    await appendText(conn, 'gdelt_places', byName, 'temp');
    if (inCountries !== null) for (const statement of q.countryMapping) await conn.run(text(statement));
    // 5. An id seen twice among the kept rows: its first row is the event (as on the reader's path).
    await conn.run(text(sql`CREATE OR REPLACE TEMP TABLE gdelt_repeats AS
      SELECT r.source_event_id AS id, min(r.rowid) AS first FROM ${kept} GROUP BY id HAVING count(*) > 1`));
    const firstLines = (await conn.runAndReadAll(text(sql`SELECT ${lineOf(sql`first`)} FROM gdelt_repeats ORDER BY 1`))).getRows().map((r) => Number(r[0]));
    const counted = (await conn.runAndReadAll(text(sql`SELECT (SELECT count(*) FROM gdelt_rows), (SELECT count(*) FROM ${accepted}), (SELECT count(*) FROM ${kept})`))).getRows()[0]!;
    const rows = Number(counted[0]);
    const events = Number(counted[2]);
    const outsideCountries = Number(counted[1]) - events;
    await conn.run('DROP TABLE gdelt_rows');
    // The first rows of the repeated ids, in a file of their own (after the header line, if any).
    let side: string | null = null;
    if (firstLines.length > 0) {
      const lines = await readLinesAt(plan.file, plan.header === undefined ? firstLines : [1, ...firstLines]);
      sideDir = mkdtempSync(join(tmpdir(), 'intermestic-repeats-'));
      side = join(sideDir, 'first-rows.csv');
      writeFileSync(side, [...lines.values()].map((l) => `${l}\n`).join(''));
      // Those lines must be the first rows of the repeated ids, each once.
      const ids = (await conn.runAndReadAll(text(sql`SELECT count(*), count(DISTINCT r.source_event_id) FILTER (WHERE r.source_event_id IN (SELECT id FROM gdelt_repeats))
        FROM (SELECT ${q.checkedList} FROM ${csv(side)}) r`))).getRows()[0]!;
      if (Number(ids[0]) !== firstLines.length || Number(ids[1]) !== firstLines.length) {
        unchanged();
        throw new Error(`internal: the first rows of ${firstLines.length} repeated ids of ${plan.file} are not at the lines found`);
      }
    }
    // 6. The events: the rows that passed, once each, with their mapped countries and place. The
    // verdict is taken again only when some row failed it.
    const parsedRows = (file: string, where: RawBuilder<unknown> | null) =>
      sql`SELECT ${q.parsedList} FROM ${csv(file)}${where === null ? sql`` : sql` WHERE ${where}`}`;
    const notRepeated = sql`NOT EXISTS (SELECT 1 FROM gdelt_repeats d WHERE d.id = ${q.idColumn})`;
    const from = side === null ? parsedRows(plan.file, null)
      : sql`${parsedRows(plan.file, notRepeated)} UNION ALL ${parsedRows(side, null)}`;
    const conditions = [
      ...(flagged.length > 0 ? [sql`r.ok AND coalesce(${q.codeRule}, false)`] : []),
      ...(inCountries === null ? [] : [inCountries(q.joined.src_country!, q.joined.tgt_country!)]),
    ];
    const select = text(sql`SELECT ${sql.join(EVENT_COLUMNS.map((c) => sql`${q.joined[c]!} AS ${sql.ref(c)}`))}
      FROM (${from}) r ${flagged.length > 0 ? q.codeJoin : sql``} ${q.joins}
      ${conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`}`);
    const run = async (statement: string): Promise<number> => {
      try {
        const changed = (await withProgress(conn, half(0.5), conn.run(statement))).rowsChanged;
        unchanged();
        return changed;
      } finally {
        plan.onProgress?.(1);
      }
    };
    return {
      workspace: plan.workspace, dataset: plan.dataset, rows, events, outsideCountries, select, run, settings: SMALL_BUILD_SIDES,
      text: (dyadKeySql) => {
        const t = canonicalText(conn, select, dyadKeySql, SMALL_BUILD_SIDES);
        return { ...t, done: t.done.then(unchanged) };
      },
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/**
 * The relation's query takes its joins' build sides as written. DuckDB estimates a CSV file at a few
 * dozen rows, so it would build the hash table of a join on the file's million rows rather than on
 * the small mapping table (on 1 M rows: over 1 GB and twice the time).
 */
const SMALL_BUILD_SIDES = { disabled_optimizers: 'build_side_probe_side' } as const;

/** A temporary folder holding `path`: a named pipe, or (where the system makes none) the name of a file to come. */
interface Pipe {
  readonly dir: string;
  readonly path: string;
  readonly fifo: boolean;
}

/**
 * Makes a pipe's folder and its named pipe (mkfifo). A stream makes its pipe before DuckDB's read
 * grows the process: a child process costs the more, the larger its parent.
 */
function preparePipe(): Pipe {
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-events-'));
  const path = join(dir, 'events.csv');
  const fifo = process.platform !== 'win32' && spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' }).status === 0;
  return { dir, path, fifo };
}

/** The relation's events as canonical text (see pipedCopy), with the dyad key appended. */
function canonicalText(conn: DuckDBConnection, select: string, dyadKeySql: string, settings: Readonly<Record<string, string>>): { stream: Readable; done: Promise<void>; cancel(): void } {
  return pipedCopy(conn, (path) => text(sql`COPY (SELECT ${sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)))}, ${sql.raw(dyadKeySql)} AS dyad_key FROM (${sql.raw(select)}) s)
    TO ${sql.lit(path)} (${COPY_TEXT})`), preparePipe(), settings);
}

/** DuckDB's COPY options for canonical text: PostgreSQL's COPY in CSV mode, tab-separated, `\N` for NULL. */
const COPY_TEXT = sql`FORMAT csv, DELIMITER '\t', QUOTE '"', ESCAPE '"', HEADER false, NULLSTR '\\N', USE_TMP_FILE false`;

/**
 * Text that DuckDB's COPY (`copy(path)`, in PostgreSQL's COPY CSV mode: tab-separated, `\N` for
 * NULL; DuckDB quotes a value holding the delimiter, a quote or `\N` itself) writes into a named
 * pipe, read here while it writes.
 *
 * The pipe is read on this thread: its reading end opens without waiting (non-blocking) and a
 * writing end held here keeps the reader from seeing the end of the data before DuckDB opens its
 * own; it is closed once DuckDB is done. So neither side waits on the other's open, and nothing here
 * needs a free thread of Node's pool (DuckDB's statement holds one). `cancel` (after the consumer
 * failed) interrupts DuckDB and reads the rest of the pipe to nowhere, so its writes never wait on a
 * reader that is gone; `done` then rejects with an AbortError, so that the consumer's own error is
 * the one reported. Where no named pipe can be made, DuckDB writes a temporary file first.
 */
function pipedCopy(conn: DuckDBConnection, copyTo: (path: string) => string, pipe = preparePipe(),
  settings: Readonly<Record<string, string>> = {}): { stream: Readable; done: Promise<void>; cancel(): void } {
  const { dir, path } = pipe;
  const copy = copyTo(path);
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  let cancelled = false;
  // DuckDB's statement, whose failure after a cancel is the cancel's (an AbortError), not DuckDB's own.
  // A cancel while the settings are made comes before the COPY: it must not start.
  const run = (): Promise<unknown> => withDuckDBSettings(conn, { instance: settings }, () =>
    (cancelled ? Promise.reject(new Error('cancelled before it began')) : conn.run(copy))).catch((e: unknown) => {
    throw cancelled ? Object.assign(new Error('the text was cancelled', { cause: e }), { name: 'AbortError' }) : e;
  });
  if (!pipe.fifo) {
    // No named pipes here: DuckDB writes the whole text to a file first, which then streams.
    const pass = new PassThrough();
    let file: Readable | null = null;
    const written = run().then(() => {
      file = createReadStream(path);
      file.pipe(pass);
    });
    written.catch((e: unknown) => pass.destroy(e as Error));
    const streamed = new Promise<void>((resolve, reject) => {
      pass.on('end', resolve);
      pass.on('error', reject);
    });
    const done = Promise.all([written, streamed]).then(() => undefined).finally(cleanup);
    return { stream: pass, done, cancel: () => { cancelled = true; conn.interrupt(); (file as Readable | null)?.destroy(); pass.resume(); } };
  }
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let holdFd: number | null = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const input = new Socket({ fd: readFd, readable: true, writable: false });
  const drained = new Promise<void>((resolve, reject) => {
    input.on('close', () => resolve());
    input.on('error', reject);
  });
  const writing = run().finally(() => {
    if (holdFd !== null) closeSync(holdFd);
    holdFd = null;
  });
  const done = Promise.allSettled([writing, drained]).then(([w]) => {
    if (holdFd !== null) closeSync(holdFd);
    holdFd = null;
    input.destroy();
    cleanup();
    if (w.status === 'rejected') throw w.reason;
  });
  return {
    stream: input,
    done,
    cancel: () => {
      cancelled = true;
      input.unpipe();
      input.resume();
      conn.interrupt();
    },
  };
}

/** `onProgress` here: the share of the file streamed (reading and writing run together). */
export interface DuckDBStreamPlan extends Omit<DuckDBReadPlan, 'header'> {
  /** ISO code (or null) of an actor country code, without counting (mapActorCountries counts, once per file). */
  isoOfActor(code: string): string | null;
  /** ISO code (or null) of a place name, without counting (mapPlaces counts). */
  isoOfPlace(name: string): string | null;
}

/** What a whole pass of a stream found: the file's rows, and its events as ParsedFile counts them. */
export interface StreamedCounts {
  readonly rows: number;
  readonly events: number;
  readonly outsideCountries: number;
}

export interface StreamedFile extends EventStream {
  readonly checked: Promise<StreamedCounts>;
  /** Removes what the stream made and no pass used. */
  dispose(): void;
}

/**
 * A plain GDELT file as an EventStream (src/app/ports.ts), for a store that reads text: one pass of
 * DuckDB's CSV reader, whose rows stream out in file order while it parses, each with its verdict
 * under the row table's SQL checks; the rest of the checks and the mapping are made here, line by
 * line, as the text goes on (see CheckedLines). Once a whole pass is through, the rows it refused go
 * to `review` and the countries and places it mapped are counted (mapActorCountries, mapPlaces), as
 * readWithDuckDB does them; `checked` then settles. A pass that was cancelled counts nothing. A pass
 * that finds the file changed since the plan's identity was taken fails (the store rolls it back).
 */
export function streamWithDuckDB(plan: DuckDBStreamPlan): StreamedFile {
  const q = gdeltSql(plan.dataset);
  const { codeChecks } = q;
  // Each line: the verdict, the code checks' fields and the place's FIPS code (not stored), then the
  // stored columns, led by the event id and the raw values the mapped columns come from.
  const raws = [...new Set(q.mapped.map((m) => m.raw))];
  const rest = EVENT_COLUMNS.filter((c) => c !== 'source_event_id' && !raws.includes(c) && !q.mapped.some((m) => m.column === c));
  const stored = ['source_event_id', ...raws, ...rest];
  const layout: LineLayout = {
    codes: codeChecks.map((c) => ({ type: c.test.type as CodeTest })),
    dropped: 1 + codeChecks.length + 1,
    raws: raws.length,
    mapped: q.mapped.map((m) => ({ at: raws.indexOf(m.raw), kind: m.kind })),
    src: q.mapped.findIndex((m) => m.column === 'src_country'),
    tgt: q.mapped.findIndex((m) => m.column === 'tgt_country'),
  };
  const select = sql`SELECT ${sql.join([
    sql`r.ok`, ...codeChecks.map((c) => sql`r.${sql.ref(codeColumn(c.field))}`), sql`r.place_fips`,
    ...stored.map((c) => sql`${q.event[c]!} AS ${sql.ref(c)}`)])}
    FROM (SELECT ${q.parsedList} FROM ${readCsv(plan.file, plan.maxLineBytes)}) r`;
  const codebook = new Map<number, { readonly baseCode: string; readonly rootCode: string }>();
  for (const c of plan.codes) {
    const code = Buffer.from(c.code, 'latin1');
    const key = digitsKey(code, 0, code.length);
    if (key === null) throw new Error(`internal: CAMEO code ${c.code} is not digits`);
    codebook.set(key, c);
  }
  const keep = plan.countries === undefined || plan.countries.length === 0 ? null : new Set(plan.countries);
  let settle: { resolve(c: StreamedCounts): void; reject(e: unknown): void } | null = null;
  const checked = new Promise<StreamedCounts>((resolve, reject) => { settle = { resolve, reject }; });
  checked.catch(() => undefined);
  let spare: Pipe | null = preparePipe();
  const conn = plan.workspace.connection;
  let running = false;
  let passes = 0;
  return {
    dataset: plan.dataset,
    checked,
    columns: [...q.mapped.map((m) => m.column), 'dyad_key', ...stored],
    dispose: () => {
      if (spare !== null) rmSync(spare.dir, { recursive: true, force: true });
      spare = null;
    },
    text(dyadKey) {
      if (running) throw new Error('internal: one pass of a stream at a time');
      running = true;
      const pass = new CheckedLines(layout, codebook, plan, dyadKey, keep);
      const piped = pipedCopy(conn, (path) => text(sql`COPY (${select}) TO ${sql.lit(path)} (${COPY_TEXT})`), spare ?? preparePipe());
      spare = null;
      piped.stream.pipe(pass);
      piped.stream.on('error', (e) => pass.destroy(e));
      let cancelled = false;
      // Only the first pass reports progress (a second one would go backwards).
      const progress = passes++ === 0 ? plan.onProgress : undefined;
      const done = (async () => {
        try {
          try {
            await withProgress(conn, progress, piped.done);
          } catch (e) {
            if ((e as Error).name === 'AbortError') throw e;
            // DuckDB failed on its own: what its CSV reader refuses (a row of more than 64 fields) is for the reader to report.
            throw new DuckDBDeclined(`DuckDB's CSV reader refused the file: ${(e as Error).message.split('\n')[0]}`, { cause: e });
          }
          await finished(pass, { readable: false });
          // The caller's scan judged the file as it was before: a pass that read other bytes fails,
          // and the store rolls its writes back.
          if (changedSince(plan)) throw fileChanged(plan.file);
        } catch (e) {
          // A refusal of the file settles the checks; a pass the store cancelled settles nothing.
          if ((e instanceof DuckDBDeclined || !cancelled) && settle !== null) {
            const s = settle;
            settle = null;
            s.reject(e);
          }
          throw e;
        } finally {
          running = false;
        }
        if (cancelled || settle === null) return pass.given;
        const s = settle;
        settle = null;
        try {
          const counts = await pass.conclude();
          // The review read the file again after the pass.
          if (changedSince(plan)) throw fileChanged(plan.file);
          s.resolve(counts);
        } catch (e) {
          s.reject(e);
        }
        return pass.given;
      })();
      done.catch((e: unknown) => pass.destroy(e as Error));
      return {
        stream: pass,
        done,
        cancel: () => {
          cancelled = true;
          pass.resume();
          piped.cancel();
        },
      };
    },
  };
}

type CodeTest = 'event-code' | 'base-code' | 'root-code';

interface LineLayout {
  /** The code checks, in the line's order after the verdict. */
  readonly codes: readonly { readonly type: CodeTest }[];
  /** Leading fields not stored: the verdict, the codes, the FIPS code (the last of them). */
  readonly dropped: number;
  /** Raw values after the event id. */
  readonly raws: number;
  /** Each mapped column: the place of its raw value among `raws`, and how it maps. */
  readonly mapped: readonly { readonly at: number; readonly kind: 'country' | 'place-country' }[];
  /** Places among `mapped` of the source and target countries. */
  readonly src: number;
  readonly tgt: number;
}

/** Most distinct raw values (and prefixes) a pass remembers (the mapper keeps its own cache). */
const MEMO_LIMIT = 100_000;
const TAB = 0x09;
const NL = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const N = 0x4e;
const ZERO = 0x30;
/** Longest id kept as a number (within 2^53). */
const NUMERIC_ID = 15;

/** The value of the ASCII digits in buf[from, to), null if another byte is among them (at most 15 digits: exact within 2^53). */
function digitsValue(buf: Uint8Array, from: number, to: number): number | null {
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = buf[k]! - ZERO;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

/**
 * A key for a short run of ASCII digits, its leading zeros kept (`010` ≠ `10`): its value and its
 * length (for CAMEO codes, of 2 to 4 digits); null for anything else.
 */
function digitsKey(buf: Uint8Array, from: number, to: number): number | null {
  if (to - from === 0 || to - from > 8) return null;
  const n = digitsValue(buf, from, to);
  return n === null ? null : n * 10 + (to - from);
}

/** A raw value's mapping, kept by the value's bytes. */
interface Mapped {
  /** The value (UTF-8). */
  readonly text: string;
  readonly iso: string | null;
}

/**
 * One pass of a stream's text, judged and mapped line by line. A line whose verdict is false or
 * whose event code fails the code checks (the same tests as the SQL's, against the same codebook)
 * is refused: its line number is kept for the review. An accepted line's countries and place are
 * mapped by the mapper; with `keep`, one whose source and target are both outside it is left out;
 * an id seen before on a kept line is a repeat (the first row is the event). The others go on with
 * their mapped values and dyad key first, the unstored fields cut.
 *
 * It works on bytes, decoding only what it must: the fields are found by position, digits and the
 * verdict read as bytes, and the raw values looked up by their bytes (a Latin-1 reading of them,
 * one character a byte) before the mapper sees their text.
 */
class CheckedLines extends Transform {
  /** Lines given on. */
  given = 0;
  /** Where the stored fields of the line at hand begin. */
  private storedFrom = 0;
  #line = 0;
  #accepted = 0;
  #kept = 0;
  readonly #refused: number[] = [];
  /** Numeric ids while they rise (the largest last), until the first that does not: then #idSet holds them. */
  #ids = new Float64Array(1024);
  #idCount = 0;
  #topId = -1;
  #idSet: Set<number> | null = null;
  readonly #textIds = new Set<string>();
  readonly #codeRows = new Map<string, number>();
  readonly #places = new Map<string, { name: string; fips: string; rows: number }>();
  readonly #memo: Map<string, Mapped>[];
  readonly #prefixes = new Map<string | null, unknown>();
  #prefixCount = 0;
  #rest: Buffer | null = null;
  /** The leading fields of the line at hand: start, end (exclusive) and whether quoted. */
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  readonly #quoted: Uint8Array;
  readonly #values: (string | null)[];

  constructor(
    private readonly layout: LineLayout,
    private readonly codebook: ReadonlyMap<number, { readonly baseCode: string; readonly rootCode: string }>,
    private readonly plan: DuckDBStreamPlan,
    private readonly dyadKey: (a: string | null, b: string | null) => string,
    private readonly keep: ReadonlySet<string> | null,
  ) {
    super();
    this.#memo = layout.mapped.map(() => new Map());
    const leading = layout.dropped + 1 + layout.raws;
    this.#starts = new Int32Array(leading);
    this.#ends = new Int32Array(leading);
    this.#quoted = new Uint8Array(leading);
    this.#values = layout.mapped.map(() => null);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (e?: Error | null) => void): void {
    try {
      const buf = this.#rest === null ? chunk : Buffer.concat([this.#rest, chunk]);
      const parts: Buffer[] = [];
      let start = 0;
      for (let end = buf.indexOf(NL, start); end >= 0; start = end + 1, end = buf.indexOf(NL, start)) {
        this.#line++;
        const prefix = this.#judge(buf, start, end);
        if (prefix === null) continue;
        parts.push(prefix, buf.subarray(this.storedFrom, end + 1));
        this.given++;
      }
      this.#rest = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
      if (parts.length > 0) this.push(Buffer.concat(parts));
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: (e?: Error | null) => void): void {
    done(this.#rest === null ? null : new Error('internal: DuckDB\'s text ended without a line end'));
  }

  /** After the whole pass: the refused rows reviewed, the unmapped values counted, the counts. */
  async conclude(): Promise<StreamedCounts> {
    await reviewRefused(this.plan, this.#refused);
    const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    this.plan.mapActorCountries([...this.#codeRows].sort(([a], [b]) => byText(a, b)).map(([code, rows]) => ({ code, rows })));
    this.plan.mapPlaces([...this.#places.values()].sort((a, b) => byText(a.name, b.name) || byText(a.fips, b.fips)));
    return { rows: this.#line, events: this.#kept, outsideCountries: this.#accepted - this.#kept };
  }

  /** The line [start, end): null when it is not given on, else the text to put before its stored fields. */
  #judge(buf: Buffer, start: number, end: number): Buffer | null {
    const { layout } = this;
    // The verdict first (`true` or `false`): a refused row is not read further.
    let at = this.#field(buf, start, end, 0);
    if (this.#quoted[0] === 1 || this.#ends[0]! - this.#starts[0]! !== 4 || buf[this.#starts[0]!] !== 0x74) {
      this.#refused.push(this.#line);
      return null;
    }
    const leading = this.#starts.length;
    for (let i = 1; i < leading; i++) {
      if (at > end) throw new Error(`internal: line ${this.#line} of DuckDB's text has too few fields`);
      if (i === layout.dropped) this.storedFrom = at;
      at = this.#field(buf, at, end, i);
    }
    const code = this.#digits(buf, 1);
    const entry = code === null ? undefined : this.codebook.get(code);
    if (entry === undefined) {
      this.#refused.push(this.#line);
      return null;
    }
    for (let i = 0; i < layout.codes.length; i++) {
      const type = layout.codes[i]!.type;
      if (type !== 'event-code' && !this.#is(buf, 1 + i, type === 'base-code' ? entry.baseCode : entry.rootCode)) {
        this.#refused.push(this.#line);
        return null;
      }
    }
    this.#accepted++;
    const raw = layout.dropped + 1;
    const values = this.#values;
    for (let i = 0; i < layout.mapped.length; i++) {
      const m = layout.mapped[i]!;
      const key = this.#text(buf, raw + m.at, 'latin1');
      if (key === null) {
        values[i] = null;
        continue;
      }
      const memo = this.#memo[i]!;
      let mapped = memo.get(key);
      if (mapped === undefined) {
        const text = this.#text(buf, raw + m.at, 'utf8')!;
        mapped = { text, iso: m.kind === 'country' ? this.plan.isoOfActor(text) : this.plan.isoOfPlace(text) };
        if (memo.size < MEMO_LIMIT) memo.set(key, mapped);
      }
      values[i] = mapped.iso;
      if (mapped.iso === null) {
        if (m.kind === 'country') bump(this.#codeRows, mapped.text);
        else {
          const fips = this.#text(buf, layout.dropped - 1, 'utf8') ?? 'null';
          const placeKey = `${fips}\t${mapped.text}`;
          const p = this.#places.get(placeKey);
          if (p === undefined) this.#places.set(placeKey, { name: mapped.text, fips, rows: 1 });
          else p.rows++;
        }
      }
    }
    const a = values[layout.src] ?? null;
    const b = values[layout.tgt] ?? null;
    if (this.keep !== null && !(a !== null && this.keep.has(a)) && !(b !== null && this.keep.has(b))) return null;
    this.#kept++;
    if (this.#repeated(buf, layout.dropped)) return null;
    // The prefix, by its mapped values (a tree of maps: the values are the mapper's own strings).
    let node = this.#prefixes;
    for (let i = 0; i < values.length - 1; i++) {
      let next = node.get(values[i]!) as Map<string | null, unknown> | undefined;
      if (next === undefined) node.set(values[i]!, next = new Map());
      node = next;
    }
    let prefix = node.get(values[values.length - 1]!) as Buffer | undefined;
    if (prefix === undefined) {
      prefix = Buffer.from(`${values.map((v) => v ?? '\\N').join('\t')}\t${this.dyadKey(a, b)}\t`, 'utf8');
      if (++this.#prefixCount < MEMO_LIMIT) node.set(values[values.length - 1]!, prefix);
    }
    return prefix;
  }

  /** Field `i` as a digitsKey, without decoding it; null if it is quoted or not 1–8 ASCII digits. */
  #digits(buf: Buffer, i: number): number | null {
    return this.#quoted[i] === 1 ? null : digitsKey(buf, this.#starts[i]!, this.#ends[i]!);
  }

  /** Whether field `i` is the ASCII string `s` (a quoted field never is: `s` needs no quotes). */
  #is(buf: Buffer, i: number, s: string): boolean {
    const from = this.#starts[i]!;
    if (this.#quoted[i] === 1 || this.#ends[i]! - from !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (buf[from + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  /**
   * Whether the id in field `i` (digits, by the verdict) was seen before; notes it. Ids of few digits
   * and no leading zero are numbers: while they rise (GDELT's files are in id order) none can repeat
   * and they are only listed; the first that does not rise turns the list into a set.
   */
  #repeated(buf: Buffer, i: number): boolean {
    const from = this.#starts[i]!;
    const to = this.#ends[i]!;
    const n = this.#quoted[i] === 0 && to - from <= NUMERIC_ID && (buf[from] !== ZERO || to - from === 1) ? digitsValue(buf, from, to) : null;
    if (n !== null) {
      if (this.#idSet === null) {
        if (n > this.#topId) {
          this.#topId = n;
          if (this.#idCount === this.#ids.length) {
            const grown = new Float64Array(this.#ids.length * 2);
            grown.set(this.#ids);
            this.#ids = grown;
          }
          this.#ids[this.#idCount++] = n;
          return false;
        }
        this.#idSet = new Set(this.#ids.subarray(0, this.#idCount));
        this.#ids = new Float64Array(0);
      }
      if (this.#idSet.has(n)) return true;
      this.#idSet.add(n);
      return false;
    }
    const id = this.#text(buf, i, 'latin1')!;
    if (this.#textIds.has(id)) return true;
    this.#textIds.add(id);
    return false;
  }

  /** Field `i` of the line at hand as text (`\N` unquoted: null), decoded as `encoding`. */
  #text(buf: Buffer, i: number, encoding: 'utf8' | 'latin1'): string | null {
    const from = this.#starts[i]!;
    const to = this.#ends[i]!;
    if (this.#quoted[i] === 0) return to - from === 2 && buf[from] === BACKSLASH && buf[from + 1] === N ? null : buf.toString(encoding, from, to);
    // Quoted (from and to inside the quotes): a doubled quote stands for one.
    return buf.toString(encoding, from, to).replaceAll('""', '"');
  }

  /** Finds the field at `at` of the line ending at `end` (fields[i]); returns the place after its tab. */
  #field(buf: Buffer, at: number, end: number, i: number): number {
    if (buf[at] === QUOTE) {
      let from = at + 1;
      for (;;) {
        const q = buf.indexOf(QUOTE, from);
        if (q < 0 || q >= end) throw new Error(`internal: an unterminated quote on line ${this.#line} of DuckDB's text`);
        if (buf[q + 1] === QUOTE) from = q + 2;
        else {
          this.#starts[i] = at + 1;
          this.#ends[i] = q;
          this.#quoted[i] = 1;
          return q + 2;
        }
      }
    }
    let tab = buf.indexOf(TAB, at);
    if (tab < 0 || tab > end) tab = end;
    this.#starts[i] = at;
    this.#ends[i] = tab;
    this.#quoted[i] = 0;
    return tab + 1;
  }
}
