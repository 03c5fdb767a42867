/**
 * GDELT files read by DuckDB, by the row table (rules.ts) turned into SQL: DuckDB's CSV reader parses
 * the file on its own threads into a temporary table of typed values with each row's verdict, and the
 * result is an EventRelation (src/app/ports.ts) that either store loads: the embedded store by one
 * INSERT on its own connection, PostgreSQL through COPY from the relation's text.
 *
 * What SQL does not settle goes back to JavaScript: every row SQL refuses is re-read and judged by
 * the parser (which names its field and reason; if it would keep the row, the file is declined and
 * read by the reader instead), and the distinct country codes and place names are mapped by the
 * reader's own CountryMapper.
 *
 * Line numbers: rows keep the file's order in the staged table (DuckDB preserves insertion order),
 * so a row's rowid less the first row's is its place in the file; the caller's scan of the file (no
 * blank lines, LF line ends) makes that place the physical line.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, createReadStream, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sql, type RawBuilder } from 'kysely';
import { EVENT_COLUMNS, EVENT_COLUMN_TYPES, type DuckDBWorkspace, type EventRelation } from '../../../../app/ports.ts';
import { appendText, duckdbText as text } from '../../duckdb-workspace.ts';
import { gdeltColumnNames, MAX_FIELDS, type GdeltDataset } from './columns.ts';
import { CHECKS, FIELDS, fieldCounts, type Field, type Test } from './rules.ts';
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
  const counts = header !== undefined ? [header.names.length] : fieldCounts(dataset);
  // Short rows are padded with NULL: a row has n fields when c(n-1) is set and c(n) is not.
  const fieldsRule = sql`(${sql.join(counts.map((n) => sql`(${sql.ref(`c${n - 1}`)} IS NOT NULL AND ${sql.ref(`c${n}`)} IS NULL)`), sql` OR `)})`;
  const rowRule = sql.join([fieldsRule, ...CHECKS.filter((c) => !isCodeCheck(c.test)).map((c) => check(c.test, col(c.field)))], sql` AND `);
  const codeRule = sql.join(CHECKS.filter((c) => isCodeCheck(c.test)).map((c) => check(c.test, sql.ref(`r.${stagedCode(c.field)}`))), sql` AND `);

  // Staged columns: the verdict of the row checks, the codes for the code checks, and each event
  // field as the table says (countries and places stay raw until the mapping joins them).
  const staged: [string, RawBuilder<unknown>][] = [['ok', sql`coalesce(${rowRule}, false)`]];
  for (const c of CHECKS.filter((x) => isCodeCheck(x.test))) staged.push([stagedCode(c.field), col(c.field)]);
  const event: Record<string, RawBuilder<unknown>> = { dataset: lit(dataset) };
  for (const column of EVENT_COLUMNS) {
    if (column === 'dataset') continue;
    const f = FIELDS[column] as Field;
    const type = sql.raw(DUCKDB_TYPES[EVENT_COLUMN_TYPES[column]]);
    switch (f.as) {
      case 'text': staged.push([column, col(f.column)]); break;
      case 'text-or-null': staged.push([column, sql`nullif(${col(f.column)}, '')`]); break;
      case 'day': staged.push([column, sql`CAST(try_strptime(${col(f.column)}, '%Y%m%d') AS DATE)`]); break;
      case 'quad': staged.push([column, sql`TRY_CAST(${col(f.column)} AS SMALLINT)`]); break;
      case 'number-or-null': staged.push([column, sql`TRY_CAST(nullif(${col(f.column)}, '') AS ${type})`]); break;
      case 'flag-or-null': staged.push([column, sql`CASE ${col(f.column)} WHEN '1' THEN true WHEN '0' THEN false END`]); break;
      case 'sectors': {
        const [t1, t2, t3] = f.columns.map(col) as [RawBuilder<unknown>, RawBuilder<unknown>, RawBuilder<unknown>];
        staged.push([column, sql`CASE WHEN ${t1} = '' AND ${t2} = '' AND ${t3} = '' THEN '' ELSE '|' || concat_ws('|', nullif(${t1}, ''),
          CASE WHEN ${t2} <> ${t1} THEN nullif(${t2}, '') END, CASE WHEN ${t3} <> ${t1} AND ${t3} <> ${t2} THEN nullif(${t3}, '') END) || '|' END`]);
        break;
      }
      // Mapped after the read, from the raw values (see the mapping UPDATE below).
      case 'country':
      case 'place-country': staged.push([column, sql`CAST(NULL AS VARCHAR)`]); break;
      case 'constant': event[column] = f.value === null ? sql`CAST(NULL AS ${type})` : lit(f.value); continue;
    }
    event[column] ??= sql.ref(`r.${column}`);
  }
  // The mapping: each country column from its raw code, the place country from the place name, by
  // the tables the reader's CountryMapper filled. One UPDATE … FROM (a hash join) per column, of the
  // rows with a code that maps: a join in the write would take DuckDB off its fast path for inserts,
  // and a correlated subquery per row took 0.5 s and 370 MB against 0.2 s and 100 MB on 1 M rows.
  const rawOf = (c: string): string => {
    const raw = EVENT_COLUMNS.find((x) => x !== c && sameColumn(FIELDS[x], FIELDS[c]) && (FIELDS[x] as Field).as === 'text-or-null');
    if (raw === undefined) throw new Error(`internal: ${c} has no raw column among the event fields`);
    return raw;
  };
  const mapping = EVENT_COLUMNS.filter((c) => ['country', 'place-country'].includes((FIELDS[c] as Field | undefined)?.as ?? '')).map((c) => (FIELDS[c] as Field).as === 'country'
    ? sql`UPDATE gdelt_raw r SET ${sql.ref(c)} = m.iso FROM gdelt_countries m WHERE r.ok AND m.code = r.${sql.ref(rawOf(c))} AND m.iso IS NOT NULL`
    : sql`UPDATE gdelt_raw r SET ${sql.ref(c)} = p.iso FROM gdelt_places p WHERE r.ok AND p.name = r.${sql.ref(rawOf(c))} AND p.iso IS NOT NULL`);
  const placeColumn = rawOf('location_country');
  const fips = col(`ActionGeo_CountryCode`);
  staged.push(['place_fips', fips]);
  return {
    stagedList: sql.join(staged.map(([as, e]) => sql`${e} AS ${sql.ref(as)}`)),
    codeRule,
    event,
    mapping,
    placeColumn,
    rawCountryColumns: EVENT_COLUMNS.filter((c) => c.endsWith('_country_raw')),
  };
}

function stagedCode(field: string): string {
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

const TEMP_TABLES = ['gdelt_raw', 'gdelt_codes', 'gdelt_countries', 'gdelt_places', 'gdelt_repeats'];

/**
 * Reads and checks one plain GDELT file on the workspace's connection, outside any transaction (its
 * temporary tables are the connection's own, and a table filled inside the import's transaction is
 * scanned markedly slower by the write). Nothing is stored: the store loads the returned relation.
 */
export async function readWithDuckDB(plan: DuckDBReadPlan): Promise<ParsedFile> {
  const conn = plan.workspace.connection;
  const q = gdeltSql(plan.dataset, plan.header?.header);
  const dispose = async (): Promise<void> => {
    for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  };
  const half = (from: number) => (plan.onProgress === undefined ? undefined : (f: number) => plan.onProgress!(from + f / 2));
  try {
    // 1. The file, parsed and checked, in file order. What DuckDB's CSV reader refuses itself (a row
    // of more than 64 fields) is for the reader to report.
    try {
      await withProgress(conn, half(0), conn.run(text(sql`CREATE OR REPLACE TEMP TABLE gdelt_raw AS SELECT ${q.stagedList} FROM ${readCsv(plan.file, plan.maxLineBytes, plan.header?.header)}`)));
    } catch (e) {
      throw new DuckDBDeclined(`DuckDB's CSV reader refused the file: ${(e as Error).message.split('\n')[0]}`, { cause: e });
    }
    // A header-row file: one record per line after the header, or line numbers would not follow rowids (a quoted field holding a newline).
    const firstLine = plan.header === undefined ? 1 : 2;
    if (plan.header !== undefined) {
      const n = Number((await conn.runAndReadAll('SELECT count(*) FROM gdelt_raw')).getRows()[0]?.[0] ?? 0);
      if (n !== plan.header.lines - 1) throw new DuckDBDeclined(`${n} records in ${plan.header.lines - 1} lines after the header: a quoted field spans lines`);
    }
    // 2. The codebook, for the code checks (an UPDATE of the verdict: a join in the read would not keep the file's order).
    await conn.run('CREATE OR REPLACE TEMP TABLE gdelt_codes (code VARCHAR, base VARCHAR, root VARCHAR)');
    await appendText(conn, 'gdelt_codes', plan.codes.map((c) => [c.code, c.baseCode, c.rootCode]), 'temp');
    // The code checks, by the codebook row of the event code: a row without one fails them.
    await conn.run(text(sql`UPDATE gdelt_raw r SET ok = false WHERE ok AND NOT EXISTS
      (SELECT 1 FROM gdelt_codes k WHERE k.code = r.${sql.ref(stagedCode('EventCode'))} AND ${q.codeRule})`));
    const accepted = sql`gdelt_raw r WHERE r.ok`;
    // The country filter applies once the countries are mapped (step 4), to the accepted rows only:
    // refused rows are reported whatever their countries, as on the reader's path.
    const inCountries = plan.countries === undefined || plan.countries.length === 0 ? null
      : sql`(r.src_country IN (${sql.join(plan.countries.map((c) => sql.lit(c)))}) OR r.tgt_country IN (${sql.join(plan.countries.map((c) => sql.lit(c)))}))`;
    const kept = inCountries === null ? accepted : sql`${accepted} AND ${inCountries}`;
    // 3. What SQL refused goes back to the parser. A row's line is its distance from the first rowid.
    const flagged = (await conn.runAndReadAll(text(sql`SELECT CAST(r.rowid - (SELECT min(rowid) FROM gdelt_raw) + ${sql.lit(firstLine)} AS BIGINT)
      FROM gdelt_raw r WHERE NOT r.ok ORDER BY 1`)))
      .getRows().map((r) => Number(r[0]));
    await plan.review(flagged);
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
    for (const statement of q.mapping) await conn.run(text(statement));
    // 5. An id seen twice among the accepted rows: its first row is the event (as on the reader's path).
    await conn.run(text(sql`CREATE OR REPLACE TEMP TABLE gdelt_repeats AS
      SELECT r.source_event_id AS id, min(r.rowid) AS first FROM ${kept} GROUP BY id HAVING count(*) > 1`));
    const repeats = Number((await conn.runAndReadAll('SELECT count(*) FROM gdelt_repeats')).getRows()[0]?.[0] ?? 0) > 0;
    const counted = (await conn.runAndReadAll(text(sql`SELECT (SELECT count(*) FROM gdelt_raw), (SELECT count(*) FROM ${accepted}), (SELECT count(*) FROM ${kept})`))).getRows()[0]!;
    const rows = Number(counted[0]);
    const events = Number(counted[2]);
    const outsideCountries = Number(counted[1]) - events;
    // 6. The events: the accepted rows, once each, with their mapped countries and place.
    const select = text(sql`SELECT ${sql.join(EVENT_COLUMNS.map((c) => sql`${q.event[c]!} AS ${sql.ref(c)}`))}
      FROM gdelt_raw r
      WHERE r.ok${inCountries === null ? sql`` : sql` AND ${inCountries}`}${repeats ? sql` AND NOT EXISTS (SELECT 1 FROM gdelt_repeats d WHERE d.id = r.source_event_id AND d.first <> r.rowid)` : sql``}`);
    const run = (statement: string): Promise<number> =>
      withProgress(conn, half(0.5), conn.run(statement)).then((r) => r.rowsChanged).finally(() => plan.onProgress?.(1));
    return {
      workspace: plan.workspace, dataset: plan.dataset, rows, events, outsideCountries, select, run,
      text: (dyadKeySql) => canonicalText(conn, select, dyadKeySql),
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Makes a named pipe at `path` (mkfifo); false where the system cannot. */
function makePipe(path: string): boolean {
  if (process.platform === 'win32') return false;
  return spawnSync('mkfifo', ['-m', '600', path], { stdio: 'ignore' }).status === 0;
}

/**
 * The relation's events as canonical text (PostgreSQL's COPY CSV mode: tab-separated, `\N` for NULL;
 * DuckDB quotes a value holding the delimiter, a quote or `\N` itself), with the dyad key appended,
 * written by DuckDB's COPY into a named pipe and read here while it writes.
 *
 * The pipe is read on this thread: its reading end opens without waiting (non-blocking) and a
 * writing end held here keeps the reader from seeing the end of the data before DuckDB opens its
 * own; it is closed once DuckDB is done. So neither side waits on the other's open, and nothing here
 * needs a free thread of Node's pool (DuckDB's statement holds one). `cancel` (after the consumer
 * failed) interrupts DuckDB and reads the rest of the pipe to nowhere, so its writes never wait on a
 * reader that is gone. Where no named pipe can be made, DuckDB writes a temporary file first.
 */
function canonicalText(conn: DuckDBConnection, select: string, dyadKeySql: string): { stream: Readable; done: Promise<void>; cancel(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-events-'));
  const path = join(dir, 'events.csv');
  const copy = text(sql`COPY (SELECT ${sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)))}, ${sql.raw(dyadKeySql)} AS dyad_key FROM (${sql.raw(select)}) s)
    TO ${sql.lit(path)} (FORMAT csv, DELIMITER '\t', QUOTE '"', ESCAPE '"', HEADER false, NULLSTR '\\N', USE_TMP_FILE false)`);
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  if (!makePipe(path)) {
    // No named pipes here: DuckDB writes the whole text to a file first, which then streams.
    const pass = new PassThrough();
    let file: Readable | null = null;
    const written = conn.run(copy).then(() => {
      file = createReadStream(path);
      file.pipe(pass);
    });
    written.catch((e: unknown) => pass.destroy(e as Error));
    const streamed = new Promise<void>((resolve, reject) => {
      pass.on('end', resolve);
      pass.on('error', reject);
    });
    const done = Promise.all([written, streamed]).then(() => undefined).finally(cleanup);
    return { stream: pass, done, cancel: () => { conn.interrupt(); (file as Readable | null)?.destroy(); pass.resume(); } };
  }
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let holdFd: number | null = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const input = new Socket({ fd: readFd, readable: true, writable: false });
  const drained = new Promise<void>((resolve, reject) => {
    input.on('close', () => resolve());
    input.on('error', reject);
  });
  const writing = conn.run(copy).finally(() => {
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
      input.unpipe();
      input.resume();
      conn.interrupt();
    },
  };
}
