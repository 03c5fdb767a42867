/**
 * Users' own events as CSV with a header (columns documented in README.md). This is the trust
 * boundary for hand-made data: every event goes through the zod PoliticalEvent schema, and a
 * schema failure is reported against the CSV column it came from.
 */
import { Readable } from 'node:stream';
import { parse, type InfoRecord } from 'csv-parse';
import { PoliticalEvent, type QuadClass } from '../../../../domain/events/event.ts';
import type { CameoCodebook } from '../../../../domain/events/cameo.ts';
import type { CountryMapper } from '../../countries.ts';
import type { DerivedQuadConvention, IngestStats } from '../../types.ts';
import { BAD, bump, optCount, optNumber, show } from '../../fields.ts';
import type { Refusal } from '../../refusal.ts';
import { MAX_LINE_BYTES, NUL_REASON } from '../../lines.ts';
import { gdeltColumnNames } from '../gdelt/columns.ts';
import { ICEWS_ALL_COLUMNS } from '../icews/parser.ts';

/** Every column the CSV format knows; `required` ones must be in the header and filled on every row. */
export const CSV_COLUMNS = {
  event_id: { required: true, doc: 'your own event id, unique within the dataset' },
  event_date: { required: true, doc: 'YYYY-MM-DD' },
  cameo_code: { required: true, doc: 'CAMEO event code, 2–4 digits as text (keep leading zeros: 010)' },
  root_code: { required: false, doc: 'two-digit root; checked against cameo_code when given' },
  source_code: { required: false, doc: 'full CAMEO actor code, e.g. USAGOV' },
  source_name: { required: false, doc: 'actor name' },
  source_country: { required: false, doc: 'ISO 3166-1 alpha-3 or CAMEO country code, or an English country name' },
  source_sectors: { required: false, doc: 'CAMEO role codes separated by ; or | (GOV;MIL)' },
  target_code: { required: false, doc: 'as source_code' },
  target_name: { required: false, doc: 'as source_name' },
  target_country: { required: false, doc: 'as source_country' },
  target_sectors: { required: false, doc: 'as source_sectors' },
  quad_class: { required: false, doc: '1–4; blank → derived from the root code with the chosen convention' },
  goldstein: { required: false, doc: '−10…10; blank → GDELT’s value for the code (the codebook’s where GDELT has none)' },
  intensity: { required: false, doc: '−10…10' },
  num_mentions: { required: false, doc: 'non-negative integer' },
  num_sources: { required: false, doc: 'non-negative integer' },
  num_articles: { required: false, doc: 'non-negative integer' },
  avg_tone: { required: false, doc: 'number' },
  is_root_event: { required: false, doc: '1/0 or true/false' },
  location_name: { required: false, doc: 'place name' },
  location_country: { required: false, doc: 'as source_country' },
  latitude: { required: false, doc: '−90…90' },
  longitude: { required: false, doc: '−180…180' },
  source_url: { required: false, doc: 'URL of a report' },
  story_id: { required: false, doc: 'story or document id' },
} as const;
export type CsvColumn = keyof typeof CSV_COLUMNS;

/**
 * The codebook names of GDELT (columns.ts; `Day` is the 2.0 PDF codebook's name of SQLDATE) and
 * ICEWS (Dataverse header, FORMATS.md §4; underscores read as spaces) accepted for this format's
 * columns, for files that are not themselves full GDELT or ICEWS files (a few columns picked from a
 * BigQuery table, a spreadsheet). Matched case-insensitively, spaces and underscores ignored.
 */
export const CSV_ALIASES: Readonly<Record<CsvColumn, readonly string[]>> = {
  event_id: ['GLOBALEVENTID', 'Event ID'],
  event_date: ['SQLDATE', 'Day', 'Event Date'],
  cameo_code: ['EventCode', 'CAMEO Code'],
  root_code: ['EventRootCode'],
  source_code: ['Actor1Code'],
  source_name: ['Actor1Name', 'Source Name'],
  source_country: ['Actor1CountryCode', 'Source Country'],
  source_sectors: [],
  target_code: ['Actor2Code'],
  target_name: ['Actor2Name', 'Target Name'],
  target_country: ['Actor2CountryCode', 'Target Country'],
  target_sectors: [],
  quad_class: ['QuadClass'],
  goldstein: ['GoldsteinScale'],
  intensity: ['Intensity'],
  num_mentions: ['NumMentions'],
  num_sources: ['NumSources'],
  num_articles: ['NumArticles'],
  avg_tone: ['AvgTone'],
  is_root_event: ['IsRootEvent'],
  location_name: ['ActionGeo_FullName'],
  location_country: ['Country'],
  latitude: ['ActionGeo_Lat', 'Latitude'],
  longitude: ['ActionGeo_Long', 'Longitude'],
  source_url: ['SOURCEURL'],
  story_id: ['Story ID'],
};

const norm = (s: string): string => s.replace(/^\uFEFF/, '').trim().replace(/^"(.*)"$/, '$1').toLowerCase().replace(/[_\s]/g, '');

/** Normalised alias → CSV column (the columns' own names are matched as written, case aside). */
const BY_ALIAS = new Map<string, CsvColumn>();
for (const [col, aliases] of Object.entries(CSV_ALIASES) as [CsvColumn, readonly string[]][]) {
  for (const a of aliases) BY_ALIAS.set(norm(a), col);
}

/**
 * Codebook names with no column here (FractionDate, Actor1Geo_Type, Source Sectors — ICEWS sector
 * names are not CAMEO role codes —, Event Text…): read past and reported (stats.ignoredColumns), not
 * refused as typos. So is a leading index column without a name (pandas writes `` or `Unnamed: 0`).
 */
const CODEBOOK_ONLY = new Set([...gdeltColumnNames('gdelt2'), ...gdeltColumnNames('gdelt1'), ...ICEWS_ALL_COLUMNS].map(norm).filter((n) => !BY_ALIAS.has(n)));

/** What a header name is: a CSV column, a codebook name to ignore, an index column to ignore, or unknown. */
function classify(name: string, i: number): CsvColumn | 'ignore' | null {
  const own = name.replace(/^\uFEFF/, '').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  if (Object.hasOwn(CSV_COLUMNS, own)) return own as CsvColumn;
  const n = norm(name);
  const col = BY_ALIAS.get(n);
  if (col !== undefined) return col;
  if (CODEBOOK_ONLY.has(n)) return 'ignore';
  if (i === 0 && (n === '' || /^unnamed:?0$/.test(n))) return 'ignore';
  return null;
}

/** Whether a first line is this format's header (comma-separated, naming event_id and event_date, or aliases of them). */
export function isCsvHeader(line: string): boolean {
  const cols = line.replace(/^\uFEFF/, '').split(',').map((c, i) => classify(c, i));
  return cols.includes('event_id') && cols.includes('event_date');
}

/** Where each PoliticalEvent path comes from in the CSV, to name the column of a schema failure. */
const PATH_TO_COLUMN: Record<string, CsvColumn> = {
  sourceEventId: 'event_id', eventDate: 'event_date', cameoCode: 'cameo_code', rootCode: 'root_code',
  'source.code': 'source_code', 'source.name': 'source_name', 'source.country': 'source_country', 'source.countryRaw': 'source_country', 'source.sectors': 'source_sectors',
  'target.code': 'target_code', 'target.name': 'target_name', 'target.country': 'target_country', 'target.countryRaw': 'target_country', 'target.sectors': 'target_sectors',
  quadClass: 'quad_class', goldstein: 'goldstein', intensity: 'intensity', numMentions: 'num_mentions', numSources: 'num_sources',
  numArticles: 'num_articles', avgTone: 'avg_tone', isRootEvent: 'is_root_event', locationName: 'location_name',
  locationCountry: 'location_country', latitude: 'latitude', longitude: 'longitude', sourceUrl: 'source_url', storyId: 'story_id',
};

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A record as the parser hands it over: its fields (latin1 text), and the line it ends on. */
interface CsvRecord {
  fields: string[];
  lines: number;
}

/** Reads the CSV format's records from decompressed bytes and turns each into an event or a failure. */
export class CsvEventReader {
  /** The column of each field (null: ignored, see classify). */
  #columns: (CsvColumn | null)[] = [];

  constructor(
    private readonly file: string,
    private readonly codebook: CameoCodebook,
    private readonly countries: CountryMapper,
    private readonly quadConvention: DerivedQuadConvention,
    private readonly stats: IngestStats,
    /** Longest record accepted (a quote left open would otherwise take in the rest of the file). */
    private readonly maxRecordBytes = MAX_LINE_BYTES,
  ) {}

  /** Yields [line, event | failure] for every data record; throws on a bad header or broken CSV syntax. */
  async *records(chunks: AsyncIterable<Buffer>): AsyncGenerator<[number, PoliticalEvent | Refusal]> {
    // Fields come as latin1 text, one character per byte, so that invalid UTF-8 is caught per field
    // (the separators, quotes and line ends are ASCII, which no UTF-8 sequence holds, so the split is
    // that of the UTF-8 text). Not Buffers: csv-parse copies a record whose length differs from the
    // header's through JSON before it looks at relax_column_count, and a Buffer becomes an array of
    // numbers there (a row of a million commas took ten seconds). The header's BOM is stripped below.
    // Each record comes with the line it ends on; `ended` keeps the last such line as csv-parse goes
    // (records parsed but not yet handed over are dropped when it fails): a broken record starts on
    // the line after it.
    let ended = 0;
    const onRecord = (record: string[], info: InfoRecord): CsvRecord => {
      ended = info.lines;
      return { fields: record, lines: info.lines };
    };
    const parser = parse({
      encoding: 'latin1', bom: false, relax_column_count: true, record_delimiter: ['\r\n', '\n'], max_record_size: this.maxRecordBytes,
      // csv-parse types an on_record that changes the record's type only along with `columns`.
      on_record: onRecord as unknown as (record: string[]) => string[],
    });
    const input = Readable.from(chunks);
    input.on('error', (err) => parser.destroy(err));
    input.pipe(parser);
    let header = true;
    try {
      for await (const item of parser as AsyncIterable<CsvRecord>) {
        const { fields } = item;
        let newlines = 0;
        for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) newlines++;
        const line = item.lines - newlines;
        this.stats.lines = item.lines;
        if (fields.length === 1 && fields[0] === '') {
          this.stats.blankLines++;
          continue;
        }
        if (header) {
          this.#header(fields.map((f) => Buffer.from(f, 'latin1').toString('utf8')));
          header = false;
          continue;
        }
        this.stats.rows++;
        yield [line, this.#record(fields)];
      }
    } catch (err) {
      // csv-parse names the line it had reached (the end of the file, for a quote left open), not
      // the one the record at fault starts on.
      const code = (err as { code?: unknown }).code;
      const lines = ended + 1;
      if (code === 'CSV_MAX_RECORD_SIZE') throw Object.assign(new Error(`the record starting on this line runs past ${this.maxRecordBytes} bytes: a quote left open?`, { cause: err }), { lines });
      if (code === 'CSV_QUOTE_NOT_CLOSED') throw Object.assign(new Error('a quote opened in the record starting on this line is never closed', { cause: err }), { lines });
      throw err;
    } finally {
      input.destroy();
    }
  }

  #header(names: string[]): void {
    const known = new Set(Object.keys(CSV_COLUMNS));
    const raw = names.map((n) => n.replace(/^\uFEFF/, '').trim());
    const classes = raw.map((n, i) => classify(n, i));
    const unknown = raw.filter((_, i) => classes[i] === null);
    if (unknown.length > 0) {
      throw new Error(`unknown column(s) in the CSV header: ${unknown.join(', ')} (known: ${[...known].join(', ')}, or their GDELT/ICEWS codebook names, see src/ingest/events/README.md)`);
    }
    const cols = classes.map((c) => (c === 'ignore' ? null : c)) as (CsvColumn | null)[];
    const dup = raw.filter((_, i) => cols[i] !== null && cols.indexOf(cols[i] as CsvColumn) !== i);
    if (dup.length > 0) throw new Error(`duplicate column(s) in the CSV header: ${dup.join(', ')}${dup.some((d) => !known.has(d.toLowerCase())) ? ' (a codebook name and the column it stands for count as one)' : ''}`);
    const lacking = Object.entries(CSV_COLUMNS).filter(([k, v]) => v.required && !cols.includes(k as CsvColumn)).map(([k]) => k);
    if (lacking.length > 0) throw new Error(`the CSV header lacks required column(s): ${lacking.join(', ')}`);
    this.stats.ignoredColumns.push(...raw.filter((_, i) => classes[i] === 'ignore').map((n) => (n === '' ? '(unnamed index column)' : n)));
    this.#columns = cols;
  }

  /** One record, its fields as latin1 text (one character per byte). */
  #record(fields: string[]): PoliticalEvent | Refusal {
    if (fields.length !== this.#columns.length) return { field: 'columns', reason: `expected ${this.#columns.length} columns (CSV header), got ${fields.length}` };
    const v: Partial<Record<CsvColumn, string>> = {};
    for (let i = 0; i < fields.length; i++) {
      const col = this.#columns[i];
      if (col === null || col === undefined) continue;
      const bytes = fields[i] as string;
      try {
        v[col] = decoder.decode(Buffer.from(bytes, 'latin1')).trim();
      } catch {
        return { field: col, reason: 'invalid UTF-8 byte sequence' };
      }
      if (bytes.includes('\0')) return { field: col, reason: NUL_REASON };
    }
    const s = (c: CsvColumn): string => v[c] ?? '';
    const opt = (c: CsvColumn): string | null => (s(c) === '' ? null : s(c));

    for (const c of ['event_id', 'event_date', 'cameo_code'] as const) if (s(c) === '') return { field: c, reason: c === 'event_id' ? 'empty event id' : `missing ${c}` };
    const code = s('cameo_code');
    const entry = this.codebook.get(code);
    if (entry === undefined) return { field: 'cameo_code', reason: `unknown CAMEO event code ${show(code)}` };
    if (opt('root_code') !== null && s('root_code') !== entry.rootCode) return { field: 'root_code', reason: `${show(s('root_code'))} is not the root code of event code ${code} (expected ${entry.rootCode})` };

    const nums: Partial<Record<CsvColumn, number | null>> = {};
    for (const c of ['goldstein', 'intensity', 'avg_tone', 'latitude', 'longitude'] as const) {
      const n = optNumber(s(c));
      if (n === BAD) return { field: c, reason: `not a number: ${show(s(c))}` };
      nums[c] = n;
    }
    for (const c of ['num_mentions', 'num_sources', 'num_articles'] as const) {
      const n = optCount(s(c));
      if (n === BAD) return { field: c, reason: `not a non-negative integer: ${show(s(c))}` };
      nums[c] = n;
    }
    let quadClass: QuadClass;
    let quadConvention: PoliticalEvent['quadConvention'] = 'file';
    const q = s('quad_class');
    if (q === '') {
      quadClass = this.quadConvention === 'gdelt' ? entry.quadGdelt : entry.quadAlt;
      quadConvention = this.quadConvention;
      this.stats.quadDerived++;
    } else if (q === '1' || q === '2' || q === '3' || q === '4') {
      quadClass = Number(q) as QuadClass;
    } else {
      return { field: 'quad_class', reason: `QuadClass ${show(q)} outside 1–4` };
    }
    const root = s('is_root_event').toLowerCase();
    const isRootEvent = root === '' ? null : root === '1' || root === 'true' ? true : root === '0' || root === 'false' ? false : undefined;
    if (isRootEvent === undefined) return { field: 'is_root_event', reason: `expected 1/0 or true/false, got ${show(s('is_root_event'))}` };

    const candidate = {
      dataset: 'csv',
      sourceEventId: s('event_id'),
      // GDELT's SQLDATE form (YYYYMMDD) is accepted too.
      eventDate: /^[0-9]{8}$/.test(s('event_date')) ? `${s('event_date').slice(0, 4)}-${s('event_date').slice(4, 6)}-${s('event_date').slice(6, 8)}` : s('event_date'),
      source: this.#actor(opt('source_code'), opt('source_name'), opt('source_country'), s('source_sectors')),
      target: this.#actor(opt('target_code'), opt('target_name'), opt('target_country'), s('target_sectors')),
      cameoCode: code,
      rootCode: entry.rootCode,
      quadClass,
      quadConvention,
      goldstein: nums.goldstein ?? entry.goldsteinGdelt ?? entry.goldsteinCodebook,
      intensity: nums.intensity ?? null,
      numMentions: nums.num_mentions ?? null,
      numSources: nums.num_sources ?? null,
      numArticles: nums.num_articles ?? null,
      avgTone: nums.avg_tone ?? null,
      isRootEvent,
      locationName: opt('location_name'),
      locationCountry: this.#country(opt('location_country'), true),
      latitude: nums.latitude ?? null,
      longitude: nums.longitude ?? null,
      sourceUrl: opt('source_url'),
      storyId: opt('story_id'),
    };
    const parsed = PoliticalEvent.safeParse(candidate);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).filter((p) => typeof p === 'string').join('.');
    const column = PATH_TO_COLUMN[path] ?? (path || 'row');
    const value = column in CSV_COLUMNS ? ` (value ${show(s(column as CsvColumn))})` : '';
    return { field: column, reason: `${issue?.message ?? 'invalid'}${value}` };
  }

  #country(raw: string | null, location = false): string | null {
    if (raw === null) return null;
    const iso = /^[A-Z]{3,6}$/.test(raw) ? this.countries.fromCameo(raw) : this.countries.fromCountryName(raw);
    if (iso === null) bump(location ? this.stats.unmappedLocations : this.stats.unmappedCountries, raw);
    return iso;
  }

  #actor(code: string | null, name: string | null, country: string | null, sectors: string) {
    const list = sectors.split(/[;|,\s]+/).filter((x) => x !== '');
    return { code, name, country: this.#country(country), countryRaw: country, sectors: [...new Set(list)] };
  }
}
