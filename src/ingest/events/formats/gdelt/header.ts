/**
 * GDELT events written WITH a header row: pandas `to_csv` exports (often with a leading unnamed
 * index column), gdeltPyR exports, BigQuery CSV exports of `gdelt-bq.gdeltv2.events` (2.0) and
 * `gdelt-bq.full.events` (1.0). Comma- or tab-separated, fields quoted CSV-style, columns in any
 * order. The header names the columns; this module maps them onto the codebook names that the row
 * table (rules.ts) uses, so both readers (parser.ts, duckdb.ts) judge such files by the same table.
 *
 * Names, as public code spells them:
 * - the codebook names of columns.ts (`GLOBALEVENTID`, `SQLDATE`, `MonthYear`, `Actor1Geo_ADM2Code`,
 *   `ActionGeo_FullName`, `DATEADDED`, `SOURCEURL`…): the BigQuery table's column names, as selected
 *   in `google/grizzly` `grizzly_example/base/bas_gdelt/queries/bas_gdelt.events.sql` (from
 *   `gdelt-bq.gdeltv2.events`; commit 4fc46e655fce5131ba0b552de6e0d49366bb1957), and gdeltPyR's header file
 *   `utils/schema_csvs/GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv` (commit d7ef0843eefb2479ee0439bd2e389ee38eeb180c);
 * - gdeltPyR's event frames carry a `CAMEOCodeDescription` column (its tests drop it from the sample
 *   frame: `linwoodc3/gdeltPyR` `tests/test_helpers.py`, commit 1a268d00be09da32f591c3456baf3c5e5cf2bb05);
 *   public code reading such frames also writes the names lower-cased without underscores
 *   (`actiongeolat`, `cameocodedescription`; which gdeltPyR option does it is not confirmed): names are
 *   therefore matched case-insensitively with underscores ignored;
 * - the GDELT 2.0 PDF codebook calls SQLDATE `Day` (FORMATS.md §2), and some public column lists copy
 *   it (`GlobalEventID`, `Day`: `prakharDvedi/RiskPredictor` `src/ingestion/gdelt_columns.py`, commit e4b10e2a1fb77ae65f7d3087f51be005e84fcb3c): `Day` is SQLDATE.
 * Columns the codebook does not name (the pandas index column, CAMEOCodeDescription, anything else)
 * are ignored and reported (stats.ignoredColumns). A header lacking a column the row table needs is
 * refused with the missing names. GDELT 1.0 and 2.0 are told apart by the ADM2Code columns (2.0
 * only), else by the length of DATEADDED on the first data row (8 digits 1.0, 14 digits 2.0).
 */
import { parse } from 'csv-parse/sync';
import { gdeltColumnNames, type GdeltDataset } from './columns.ts';
import { CHECKS, FIELDS } from './rules.ts';

/** A name as compared: lower case, no underscores, spaces or surrounding quotes. */
export function normalName(s: string): string {
  return s.replace(/^\uFEFF/, '').trim().replace(/^"(.*)"$/, '$1').toLowerCase().replace(/[_\s]/g, '');
}

/** Other names of codebook columns (both normalised). */
const ALIASES: Readonly<Record<string, string>> = { day: 'sqldate' };

/** Columns the row table reads that a header may leave out: the event field is then null / the value blank. */
const OPTIONAL = new Set(['SOURCEURL', 'ActionGeo_CountryCode']);

/** Every column the row table (checks and fields) reads, plus ActionGeo_CountryCode (the place key of unmapped places). */
export function tableColumns(): string[] {
  const out = new Set<string>();
  for (const c of CHECKS) out.add(c.field);
  for (const f of Object.values(FIELDS)) {
    if ('column' in f) out.add(f.column);
    if ('columns' in f) for (const c of f.columns) out.add(c);
  }
  out.add('ActionGeo_CountryCode');
  return [...out];
}

/** The columns a header must name. */
export function requiredColumns(): string[] {
  return tableColumns().filter((c) => !OPTIONAL.has(c));
}

export interface GdeltHeader {
  readonly dataset: GdeltDataset;
  readonly delimiter: ',' | '\t';
  /** The names as written, by position. */
  readonly names: readonly string[];
  /** Codebook name → position in the file. */
  readonly positions: ReadonlyMap<string, number>;
  /** Columns the codebook does not name, as written (`(unnamed index column)` for an empty name). */
  readonly ignored: readonly string[];
  /** Required columns the header lacks. */
  readonly missing: readonly string[];
  /** How the version was decided. */
  readonly versionReason: string;
}

/** Splits a header (or any single record) line as CSV with the delimiter. */
export function splitRecord(line: string, delimiter: ',' | '\t'): string[] {
  try {
    const rows = parse(line, { delimiter, relax_column_count: true, relax_quotes: true, bom: true }) as string[][];
    return rows[0] ?? [];
  } catch {
    return line.split(delimiter);
  }
}

const ID = normalName('GLOBALEVENTID');

/** The delimiter of a GDELT header line, or null when the line is no GDELT header (it must name GLOBALEVENTID and EventCode). */
export function gdeltHeaderDelimiter(line: string): ',' | '\t' | null {
  for (const d of ['\t', ','] as const) {
    const names = line.replace(/^\uFEFF/, '').split(d).map(normalName);
    if (names.length > 1 && names.includes(ID) && names.includes('eventcode')) return d;
  }
  return null;
}

/**
 * Reads a GDELT header line; `firstRow` (the next line, if any) settles the version when no ADM2Code
 * column does; `dataset` (given by the user) overrides both. Null when the line is no GDELT header.
 */
export function readGdeltHeader(line: string, firstRow?: string, dataset?: GdeltDataset): GdeltHeader | null {
  const delimiter = gdeltHeaderDelimiter(line);
  if (delimiter === null) return null;
  const names = splitRecord(line.replace(/^\uFEFF/, ''), delimiter);
  const norm = names.map((n) => ALIASES[normalName(n)] ?? normalName(n));
  const hasAdm2 = norm.some((n) => n.endsWith('adm2code'));
  let versionReason: string;
  let version: GdeltDataset;
  if (dataset !== undefined) {
    version = dataset;
    versionReason = 'given';
  } else if (hasAdm2) {
    version = 'gdelt2';
    versionReason = 'ADM2Code columns (GDELT 2.0 only)';
  } else {
    const at = norm.indexOf(normalName('DATEADDED'));
    const added = at >= 0 && firstRow !== undefined ? (splitRecord(firstRow, delimiter)[at] ?? '').trim() : '';
    if (/^[0-9]{14}$/.test(added)) {
      version = 'gdelt2';
      versionReason = 'no ADM2Code column; DATEADDED has 14 digits (YYYYMMDDHHMMSS, GDELT 2.0)';
    } else {
      version = 'gdelt1';
      versionReason = added === '' ? 'no ADM2Code column and no DATEADDED value (GDELT 1.0 layout)' : `no ADM2Code column; DATEADDED ${JSON.stringify(added)} is not 14 digits (GDELT 1.0)`;
    }
  }
  const known = new Map(gdeltColumnNames(version).map((n) => [normalName(n), n]));
  const positions = new Map<string, number>();
  const ignored: string[] = [];
  const dup: string[] = [];
  norm.forEach((n, i) => {
    const name = known.get(n);
    if (name === undefined) {
      ignored.push(names[i]?.trim() === '' ? '(unnamed index column)' : (names[i] as string).trim());
    } else if (positions.has(name)) {
      dup.push(name);
    } else {
      positions.set(name, i);
    }
  });
  if (dup.length > 0) throw new Error(`GDELT header names a column twice: ${dup.join(', ')}`);
  const missing = requiredColumns().filter((c) => !positions.has(c));
  return { dataset: version, delimiter, names, positions, ignored, missing, versionReason };
}

/** The refusal of a header that lacks required columns. */
export function missingColumnsMessage(h: GdeltHeader): string {
  return `the GDELT header row lacks required column(s): ${h.missing.join(', ')} (a header-row ${h.dataset === 'gdelt2' ? 'GDELT 2.0' : 'GDELT 1.0'} file must name ${requiredColumns().join(', ')}); if it is your own CSV naming its columns by their codebook names, import it with --format csv`;
}
