/**
 * THE GDELT ROW TABLE: what makes a GDELT row an event, written once. Two readers interpret it —
 * parser.ts in JavaScript, one line at a time, and duckdb.ts as SQL over a whole file that DuckDB
 * parses — so a row either reader accepts is one the other accepts, and both build the same event.
 *
 * CHECKS, in the order a row is judged; the first that fails names the field and the reason:
 *   field count   61 for 2.0; 57 or 58 for 1.0
 *   id            GLOBALEVENTID: one or more ASCII digits
 *   day           SQLDATE: YYYYMMDD, an existing day
 *   prefix        MonthYear, Year: the first 6 / 4 characters of SQLDATE
 *   event code    EventCode: a code of the CAMEO codebook (2–4 digits as text, `010` ≠ `10`)
 *   base / root   EventBaseCode, EventRootCode: exactly the codebook's parents of EventCode
 *   quad          QuadClass: 1, 2, 3 or 4
 *   decimal       blank, or -?digits(.digits)? within ±bound (GoldsteinScale 10, AvgTone none, latitude 90, longitude 180)
 *   count         blank, or 1 to 9 digits (NumMentions, NumSources, NumArticles: they fit a 32-bit column)
 *   flag          IsRootEvent: blank, 0 or 1
 *   type code     Actor*Type*Code: blank or three capital letters
 * Invalid UTF-8 in a field refuses the row with that field (the readers check it before these).
 *
 * EVENT FIELDS: which columns become which canonical field, and how (see FIELDS below). Countries
 * and places are mapped by the ingest layer's CountryMapper (countries.ts) from the raw values, for
 * both readers: actor country codes are CAMEO codes, ActionGeo names end in a country name (GDELT's
 * geo country codes are FIPS 10-4, which no table here maps).
 */
import type { CameoEventCode } from '../../../../domain/events/cameo.ts';
import { fieldCounts, type GdeltDataset } from './columns.ts';

/** Quotes a raw value for a reason, cut to a readable length. */
export function show(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** What a check tests. */
export type Test =
  | { readonly type: 'id' }
  | { readonly type: 'day' }
  | { readonly type: 'prefix'; readonly of: string; readonly length: number }
  | { readonly type: 'event-code' }
  | { readonly type: 'base-code'; readonly code: string }
  | { readonly type: 'root-code'; readonly code: string }
  | { readonly type: 'quad' }
  | { readonly type: 'decimal'; readonly bound: number | null }
  | { readonly type: 'count' }
  | { readonly type: 'flag' }
  | { readonly type: 'type-code' };

/** What a reason may quote besides the value: another field, the codebook entry of EventCode. */
export interface ReasonContext {
  field(name: string): string;
  readonly entry: CameoEventCode | undefined;
}

export interface Check {
  readonly field: string;
  readonly test: Test;
  reason(value: string, ctx: ReasonContext): string;
}

const typeCodes = (actor: 'Actor1' | 'Actor2'): Check[] => ['Type1Code', 'Type2Code', 'Type3Code'].map((t) => ({
  field: `${actor}${t}`, test: { type: 'type-code' }, reason: (v) => `not a CAMEO type code: ${show(v)}`,
}));

/** The checks after the field count, in order. */
export const CHECKS: readonly Check[] = [
  { field: 'GLOBALEVENTID', test: { type: 'id' }, reason: (v) => (v === '' ? 'empty event id' : `event id is not an integer: ${show(v)}`) },
  { field: 'SQLDATE', test: { type: 'day' }, reason: (v) => `bad or impossible date ${show(v)} (expected an existing day as YYYYMMDD)` },
  { field: 'MonthYear', test: { type: 'prefix', of: 'SQLDATE', length: 6 }, reason: (v, c) => `${show(v)} disagrees with SQLDATE ${c.field('SQLDATE')}` },
  { field: 'Year', test: { type: 'prefix', of: 'SQLDATE', length: 4 }, reason: (v, c) => `${show(v)} disagrees with SQLDATE ${c.field('SQLDATE')}` },
  { field: 'EventCode', test: { type: 'event-code' }, reason: (v) => `unknown CAMEO event code ${show(v)}` },
  {
    field: 'EventBaseCode', test: { type: 'base-code', code: 'EventCode' },
    reason: (v, c) => `${show(v)} is not the base code of event code ${c.field('EventCode')} (expected ${c.entry?.baseCode ?? '?'})`,
  },
  {
    field: 'EventRootCode', test: { type: 'root-code', code: 'EventCode' },
    reason: (v, c) => `${show(v)} is not the root code of event code ${c.field('EventCode')} (expected ${c.entry?.rootCode ?? '?'})`,
  },
  { field: 'QuadClass', test: { type: 'quad' }, reason: (v) => `QuadClass ${show(v)} outside 1–4` },
  { field: 'GoldsteinScale', test: { type: 'decimal', bound: 10 }, reason: (v) => `Goldstein ${show(v)} is not a number in −10…10` },
  { field: 'NumMentions', test: { type: 'count' }, reason: (v) => `not a non-negative integer: ${show(v)}` },
  { field: 'NumSources', test: { type: 'count' }, reason: (v) => `not a non-negative integer: ${show(v)}` },
  { field: 'NumArticles', test: { type: 'count' }, reason: (v) => `not a non-negative integer: ${show(v)}` },
  { field: 'AvgTone', test: { type: 'decimal', bound: null }, reason: (v) => `not a number: ${show(v)}` },
  { field: 'IsRootEvent', test: { type: 'flag' }, reason: (v) => `expected 0 or 1, got ${show(v)}` },
  ...typeCodes('Actor1'),
  ...typeCodes('Actor2'),
  { field: 'ActionGeo_Lat', test: { type: 'decimal', bound: 90 }, reason: (v) => `latitude ${show(v)} is not a number in −90…90` },
  { field: 'ActionGeo_Long', test: { type: 'decimal', bound: 180 }, reason: (v) => `longitude ${show(v)} is not a number in −180…180` },
];

/** The field-count check's reason. */
export function columnsReason(dataset: GdeltDataset, n: number): string {
  return dataset === 'gdelt2'
    ? `expected 61 tab-separated columns (GDELT 2.0), got ${n}`
    : `expected 57 or 58 tab-separated columns (GDELT 1.0), got ${n}`;
}

export { fieldCounts };

/** How a canonical field is made from the row's columns. */
export type Field =
  | { readonly as: 'text'; readonly column: string }
  /** Blank → null. */
  | { readonly as: 'text-or-null'; readonly column: string }
  | { readonly as: 'day'; readonly column: string }
  | { readonly as: 'quad'; readonly column: string }
  /** Blank → null, else the number. */
  | { readonly as: 'number-or-null'; readonly column: string }
  | { readonly as: 'flag-or-null'; readonly column: string }
  /** The type codes in order, each once: `|GOV|MIL|`, or '' when none. */
  | { readonly as: 'sectors'; readonly columns: readonly [string, string, string] }
  /** The ISO code of a CAMEO country code (CountryMapper.fromCameo); blank → null. */
  | { readonly as: 'country'; readonly column: string }
  /** The ISO code of the country a place name ends in (CountryMapper.fromPlaceName); blank → null. */
  | { readonly as: 'place-country'; readonly column: string }
  | { readonly as: 'constant'; readonly value: string | null };

const actor = (a: 'Actor1' | 'Actor2', p: 'src' | 'tgt') => ({
  [`${p}_code`]: { as: 'text-or-null', column: `${a}Code` },
  [`${p}_name`]: { as: 'text-or-null', column: `${a}Name` },
  [`${p}_country`]: { as: 'country', column: `${a}CountryCode` },
  [`${p}_country_raw`]: { as: 'text-or-null', column: `${a}CountryCode` },
  [`${p}_sectors`]: { as: 'sectors', columns: [`${a}Type1Code`, `${a}Type2Code`, `${a}Type3Code`] },
}) as Record<string, Field>;

/** The canonical event of an accepted row, by stored column (src/app/ports.ts EVENT_COLUMNS); `dataset` is the file's. */
export const FIELDS: Readonly<Record<string, Field>> = {
  source_event_id: { as: 'text', column: 'GLOBALEVENTID' },
  event_date: { as: 'day', column: 'SQLDATE' },
  ...actor('Actor1', 'src'),
  ...actor('Actor2', 'tgt'),
  cameo_code: { as: 'text', column: 'EventCode' },
  root_code: { as: 'text', column: 'EventRootCode' },
  quad_class: { as: 'quad', column: 'QuadClass' },
  quad_convention: { as: 'constant', value: 'file' },
  goldstein: { as: 'number-or-null', column: 'GoldsteinScale' },
  intensity: { as: 'constant', value: null },
  num_mentions: { as: 'number-or-null', column: 'NumMentions' },
  num_sources: { as: 'number-or-null', column: 'NumSources' },
  num_articles: { as: 'number-or-null', column: 'NumArticles' },
  avg_tone: { as: 'number-or-null', column: 'AvgTone' },
  is_root_event: { as: 'flag-or-null', column: 'IsRootEvent' },
  location_name: { as: 'text-or-null', column: 'ActionGeo_FullName' },
  location_country: { as: 'place-country', column: 'ActionGeo_FullName' },
  latitude: { as: 'number-or-null', column: 'ActionGeo_Lat' },
  longitude: { as: 'number-or-null', column: 'ActionGeo_Long' },
  // A 57-column 1.0 row has no SOURCEURL: null.
  source_url: { as: 'text-or-null', column: 'SOURCEURL' },
  story_id: { as: 'constant', value: null },
  // GDELT is coded in CAMEO: no PLOVER coding of its own (the crosswalk gives one when asked).
  plover_type: { as: 'constant', value: null },
  plover_mode: { as: 'constant', value: null },
  plover_contexts: { as: 'constant', value: null },
};

// ---- the tests in JavaScript (parser.ts reads the same table) --------------------------------

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
const COUNT = /^[0-9]{1,9}$/;
const TYPE_CODE = /^[A-Z]{3}$/;

function isDay(s: string): boolean {
  if (s.length !== 8 || !/^[0-9]{8}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whether a value passes a test in JavaScript; `entry` is EventCode's codebook entry (found by the event-code test). */
export function passes(test: Test, v: string, field: (name: string) => string, entry: CameoEventCode | undefined): boolean {
  switch (test.type) {
    case 'id': return v.length > 0 && /^[0-9]+$/.test(v);
    case 'day': return isDay(v);
    case 'prefix': return v.length === test.length && field(test.of).startsWith(v);
    case 'event-code': return entry !== undefined;
    case 'base-code': return entry !== undefined && v === entry.baseCode;
    case 'root-code': return entry !== undefined && v === entry.rootCode;
    case 'quad': return v === '1' || v === '2' || v === '3' || v === '4';
    case 'decimal': return v === '' || (DECIMAL.test(v) && (test.bound === null || Math.abs(Number(v)) <= test.bound));
    case 'count': return v === '' || COUNT.test(v);
    case 'flag': return v === '' || v === '0' || v === '1';
    case 'type-code': return v === '' || TYPE_CODE.test(v);
  }
}
