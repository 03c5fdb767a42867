/**
 * ICEWS coded-event rows (Dataverse `.tab`/`.tsv`, one header line) → PoliticalEvent. Columns are
 * found by header name. Both Dataverse variants are read: the original file and the converted
 * "Tab-Delimited" one whose text fields are double-quoted. `NA` (or blank) means missing.
 */
import type { EventActor, PoliticalEvent } from '../../../../domain/events/event.ts';
import type { CameoCodebook } from '../../../../domain/events/cameo.ts';
import { splitActorCode } from '../../../../domain/events/cameo.ts';
import type { CountryMapper } from '../../countries.ts';
import type { Lookups } from '../../lookups.ts';
import type { DerivedQuadConvention, IngestStats } from '../../types.ts';
import { BAD, Memo, bump, isoDate, optRange, show } from '../../fields.ts';
import type { Refusal } from '../../refusal.ts';

/** The ICEWS columns this reader uses; all must be in the header. */
export const ICEWS_COLUMNS = [
  'Event ID', 'Event Date', 'Source Name', 'Source Sectors', 'Source Country', 'CAMEO Code', 'Intensity',
  'Target Name', 'Target Sectors', 'Target Country', 'Story ID', 'City', 'District', 'Province', 'Country',
  'Latitude', 'Longitude',
] as const;
type IcewsColumn = (typeof ICEWS_COLUMNS)[number];

/** All 20 columns of the Dataverse files (FORMATS.md §4): the ones above and three this reader does not use. */
export const ICEWS_ALL_COLUMNS: readonly string[] = [...ICEWS_COLUMNS, 'Event Text', 'Sentence Number', 'Publisher'];

/**
 * An ICEWS column name as the Dataverse header writes it. Other published shapes write the same
 * names with underscores (`Event_ID`, `Source_Country`, `Target_Country`, as in the public
 * `vaynman/ICEWS` README.md, commit 1f876c07f7f80db00b7a3d9ff85e11a21d07a822; the other underscored
 * names are assumed to follow the same rule), and the lower-case `event_id` of the `icews` R package's
 * normalised names (`andybega/icews` `R/download.R`, commit 0056e46b4f7a1c378d1f2a242be823983296ac72):
 * underscores read as spaces, case ignored for known names.
 */
export function icewsName(raw: string): string {
  const n = unquote(raw.replace(/^\uFEFF/, '').trim()).replace(/_/g, ' ');
  return ICEWS_BY_LOWER.get(n.toLowerCase()) ?? n;
}
const ICEWS_BY_LOWER = new Map(ICEWS_ALL_COLUMNS.map((c) => [c.toLowerCase(), c]));

/** Removes Dataverse's quoting from one field (`"a ""b"""` → `a "b"`). */
export function unquote(s: string): string {
  if (s.length >= 2 && s.charCodeAt(0) === 34 && s.charCodeAt(s.length - 1) === 34) return s.slice(1, -1).replace(/""/g, '"');
  return s;
}

/** Splits a line on tabs that are outside double quotes (the quoted variant may hold tabs in text). */
export function splitQuotedTabs(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 9 && !quoted) {
      out.push(line.slice(start, i));
      start = i + 1;
    }
  }
  out.push(line.slice(start));
  return out;
}

/** Whether a header line is an ICEWS coded-event header (quoted or not), tab-separated as Dataverse writes it. */
export function isIcewsHeader(line: string): boolean {
  const cols = line.replace(/^\uFEFF/, '').split('\t').map(icewsName);
  return cols[0] === 'Event ID' && cols[1] === 'Event Date';
}

/**
 * Whether a comma-separated first line is an ICEWS header (the CSV shape, `Event_ID,Event_Date,…`):
 * `full` asks for every column this reader uses; otherwise starting with Event ID and Event Date is enough.
 */
export function isIcewsCsvHeader(line: string, full: boolean): boolean {
  const cols = line.replace(/^\uFEFF/, '').split(',').map(icewsName);
  if (full) return ICEWS_COLUMNS.every((c) => cols.includes(c));
  return cols[0] === 'Event ID' && cols[1] === 'Event Date';
}

function missing(s: string): boolean {
  return s === '' || s === 'NA';
}

/** Parses the rows of one ICEWS file; construct it with the header line. */
export class IcewsRowParser {
  readonly #names: readonly string[];
  readonly #col: Record<IcewsColumn, number>;
  readonly #width: number;
  readonly #sectors = new Memo<{ codes: string[]; unmapped: string[]; nonRole: string[] }>(10_000);
  readonly #sectorAgents: ReadonlyMap<string, string>;
  readonly #actorTypes: ReadonlySet<string>;

  /** Columns of the header that are none of the 20 ICEWS columns (reported, then ignored). */
  readonly ignored: readonly string[];

  /** `header`: the tab-separated header line, or the header's names (a comma-separated file, read as CSV). */
  constructor(
    header: string | readonly string[],
    private readonly codebook: CameoCodebook,
    private readonly countries: CountryMapper,
    lookups: Lookups,
    private readonly quadConvention: DerivedQuadConvention,
    private readonly stats: IngestStats,
  ) {
    this.#names = (typeof header === 'string' ? header.replace(/^\uFEFF/, '').split('\t') : header).map(icewsName);
    const cols = this.#names;
    const col = {} as Record<IcewsColumn, number>;
    const lacking: string[] = [];
    for (const name of ICEWS_COLUMNS) {
      const i = cols.indexOf(name);
      if (i === -1) lacking.push(name);
      col[name] = i;
    }
    if (lacking.length > 0) throw new Error(`not an ICEWS event header: missing column(s) ${lacking.join(', ')}`);
    this.ignored = cols.filter((c) => !ICEWS_ALL_COLUMNS.includes(c)).map((c) => (c === '' ? '(unnamed column)' : c));
    this.#col = col;
    this.#width = cols.length;
    this.#sectorAgents = lookups.icewsSectorAgents;
    this.#actorTypes = lookups.actorTypes;
  }

  /** Name of the column at a 0-based position. */
  columnName(i: number): string {
    return this.#names[i] ?? `column ${i + 1}`;
  }

  /** One data line → an event, or the refusal of its first bad field. */
  parse(line: string): PoliticalEvent | Refusal {
    let f = line.split('\t');
    if (line.includes('"')) {
      if (f.length !== this.#width) f = splitQuotedTabs(line);
      f = f.map(unquote);
    }
    if (f.length !== this.#width) return { field: 'columns', reason: `expected ${this.#width} tab-separated columns (ICEWS header), got ${f.length}` };
    return this.#event(f);
  }

  /** One record of a comma-separated ICEWS file, as its fields (UTF-8 text, unquoted) → an event, or the refusal of its first bad field. */
  parseFields(f: readonly string[]): PoliticalEvent | Refusal {
    if (f.length !== this.#width) return { field: 'columns', reason: `expected ${this.#width} comma-separated columns (ICEWS header), got ${f.length}` };
    return this.#event(f);
  }

  #event(f: readonly string[]): PoliticalEvent | Refusal {
    const c = this.#col;
    const get = (name: IcewsColumn): string => f[c[name]] as string;

    const rawId = get('Event ID');
    if (missing(rawId)) return { field: 'Event ID', reason: 'empty event id' };
    const rawDate = get('Event Date');
    const date = isoDate(rawDate);
    if (date === null) return { field: 'Event Date', reason: `bad or impossible date ${show(rawDate)} (expected an existing day as YYYY-MM-DD)` };
    const code = get('CAMEO Code');
    if (missing(code)) return { field: 'CAMEO Code', reason: 'missing CAMEO event code' };
    const entry = this.codebook.get(code);
    if (entry === undefined) return { field: 'CAMEO Code', reason: `unknown CAMEO event code ${show(code)}` };
    const rawIntensity = get('Intensity');
    const intensity = missing(rawIntensity) ? null : optRange(rawIntensity, -10, 10);
    if (intensity === BAD) return { field: 'Intensity', reason: `intensity ${show(rawIntensity)} is not a number in −10…10` };
    const rawLat = get('Latitude');
    const latitude = missing(rawLat) ? null : optRange(rawLat, -90, 90);
    if (latitude === BAD) return { field: 'Latitude', reason: `latitude ${show(rawLat)} is not a number in −90…90` };
    const rawLong = get('Longitude');
    const longitude = missing(rawLong) ? null : optRange(rawLong, -180, 180);
    if (longitude === BAD) return { field: 'Longitude', reason: `longitude ${show(rawLong)} is not a number in −180…180` };

    const source = this.#actor(get('Source Name'), get('Source Sectors'), get('Source Country'));
    const target = this.#actor(get('Target Name'), get('Target Sectors'), get('Target Country'));

    const place: string[] = [];
    for (const k of ['City', 'District', 'Province', 'Country'] as const) {
      const v = get(k);
      if (!missing(v)) place.push(v);
    }
    const country = get('Country');
    let locationCountry: string | null = null;
    if (!missing(country)) {
      locationCountry = this.countries.fromIcewsName(country);
      if (locationCountry === null) bump(this.stats.unmappedLocations, country);
    }
    const story = get('Story ID');
    this.stats.quadDerived++;
    return {
      dataset: 'icews',
      // ICEWS reuses event ids across dates: only id and date together identify an event.
      sourceEventId: `${rawId}@${date}`,
      eventDate: date,
      source,
      target,
      cameoCode: code,
      rootCode: entry.rootCode,
      quadClass: this.quadConvention === 'gdelt' ? entry.quadGdelt : entry.quadAlt,
      quadConvention: this.quadConvention,
      // Intensity is the codebook's Goldstein value of the code; the codebook fills it in where the row lacks it.
      goldstein: entry.goldsteinCodebook ?? intensity,
      intensity,
      numMentions: null,
      numSources: null,
      numArticles: null,
      avgTone: null,
      isRootEvent: null,
      locationName: place.length === 0 ? null : place.join(', '),
      locationCountry,
      latitude,
      longitude,
      sourceUrl: null,
      storyId: missing(story) ? null : story,
    };
  }

  #actor(name: string, sectors: string, country: string): EventActor {
    let iso: string | null = null;
    if (!missing(country)) {
      iso = this.countries.fromIcewsName(country);
      if (iso === null) bump(this.stats.unmappedCountries, country);
    }
    return {
      code: null,
      name: missing(name) ? null : name,
      country: iso,
      countryRaw: missing(country) ? null : country,
      sectors: missing(sectors) ? [] : this.#sectorCodes(sectors),
    };
  }

  /** Sector names → CAMEO role codes; names that give none are counted (stats.unmappedSectors, stats.nonRoleSectors). */
  #sectorCodes(list: string): string[] {
    const m = this.#sectors.get(list, (l) => {
      const codes: string[] = [];
      const unmapped: string[] = [];
      const nonRole: string[] = [];
      for (const name of splitSectors(l, this.#sectorAgents)) {
        const agent = this.#sectorAgents.get(name);
        const blocks = agent === undefined ? null : splitActorCode(agent);
        if (blocks === null) {
          unmapped.push(name);
          continue;
        }
        // Only role/type blocks become sectors: ethnic and religious agent codes (ETN, CHR…) are another dimension, as in GDELT.
        const roles = blocks.filter((b) => this.#actorTypes.has(b));
        if (roles.length === 0) nonRole.push(name);
        for (const r of roles) if (!codes.includes(r)) codes.push(r);
      }
      return { codes, unmapped, nonRole };
    });
    for (const u of m.unmapped) bump(this.stats.unmappedSectors, u);
    for (const u of m.nonRole) bump(this.stats.nonRoleSectors, u);
    return m.codes.slice();
  }
}

const commaStarts = new WeakMap<ReadonlyMap<string, string>, Set<string>>();

/**
 * Every start (prefix) of the known sector names that hold ", ", once per table: the only names a
 * piece after a comma can continue. (Looking through every name for every piece made a hostile list
 * of a million commas take minutes.)
 */
function commaNameStarts(known: ReadonlyMap<string, string>): Set<string> {
  let starts = commaStarts.get(known);
  if (starts === undefined) {
    starts = new Set();
    for (const k of known.keys()) if (k.includes(', ')) for (let n = 1; n <= k.length; n++) starts.add(k.slice(0, n));
    commaStarts.set(known, starts);
  }
  return starts;
}

/**
 * Splits an ICEWS sector list. Items are joined by a bare comma, but a few sector names hold
 * ", " themselves ("Arab, Levant", "Army Mechanized (Ships, Tanks, Planes)"): pieces are re-joined
 * when the joined name is a known sector.
 */
export function splitSectors(list: string, known: ReadonlyMap<string, string>): string[] {
  const pieces = list.split(',');
  const out: string[] = [];
  const starts = commaNameStarts(known);
  for (let i = 0; i < pieces.length; i++) {
    let name = pieces[i] as string;
    let j = i;
    while (!known.has(name) && j + 1 < pieces.length) {
      // Only follow a comma that belongs inside a name (", " then a known continuation).
      if (!(pieces[j + 1] as string).startsWith(' ')) break;
      const longer = `${name},${pieces[j + 1] as string}`;
      if (!starts.has(longer)) break;
      name = longer;
      j++;
    }
    if (known.has(name)) i = j;
    else name = pieces[i] as string;
    out.push(name.trim());
  }
  return out.filter((s) => s !== '');
}
