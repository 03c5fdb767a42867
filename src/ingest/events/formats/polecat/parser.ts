/**
 * POLECAT (PLOVER-coded event data, Harvard Dataverse doi:10.7910/DVN/AJGVIT) → PoliticalEvent.
 *
 * Tab-separated text with one header line, 40 columns in the published layout (FORMATS.md §6):
 * Event ID, Event Date, Event Type, Event Mode, Intensity (`Event Intensity` in some releases), Quad
 * Code, Contexts, the actor's and the recipient's Name, Country, COW, Primary … Sector, … Sectors,
 * Title, Name Raw, Wikipedia … ID, then Placename, City, District, Province, Country, Latitude,
 * Longitude, GeoNames ID, Raw Placename, Feature Type, Source, Publication Date, Story People, Story
 * Organizations, Story Locations, Language, Version. Columns are found by header name.
 *
 * What public readers of the real files show (found through the code index; the index does not name
 * their repositories, so each is described by what it does), and what this reader therefore accepts:
 * - `None` (and blank) means missing: a Python loader whose docstring lists the 40-column header skips
 *   rows holding "None", an R pipeline drops `involved_cow == "None"`, an ingest script drops contexts "none".
 * - Event Date is `YYYY-MM-DD` (the Python loader parses it with `%Y-%m-%d`, the R one with `as.Date`).
 * - Quad Code is written in words: `VERBAL COOPERATION`, `MATERIAL COOPERATION`, `VERBAL CONFLICT`,
 *   `MATERIAL CONFLICT` (an R pipeline counts `quad_code == "MATERIAL CONFLICT"`, a Python one filters
 *   on the two conflict names). The digits 1–4 are accepted too (unconfirmed in real files).
 * - Several countries (and COW codes) are joined by `; ` (the R pipeline splits actor_cow and
 *   recipient_cow on "; "). The separator of Contexts and Actor Sectors is not confirmed: one public
 *   reader splits Contexts on `|`, so `;`, `|` and `,` are all read as separators.
 * - Some files carry an extra `Headline` column name in the header that their rows do not have, and
 *   some rows carry surplus empty tab-separated fields (andybeger.com/blog/2024-05-21-polecat-event-data).
 * - Some files are ISO-8859-1, not UTF-8 (public readers open them with encoding="ISO-8859-1"): a line
 *   that is not valid UTF-8 is decoded as ISO-8859-1 (stats.latin1Lines) rather than refused.
 *
 * An event keeps PLOVER's type, mode and contexts (`plover`); it has no CAMEO code. Older PLOVER type
 * names (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT, CRIME) are mapped to the current ones (plover.ts).
 * Actors: the first country of the list is the actor's country (the whole list stays in `countryRaw`);
 * sectors are the primary sector then the others, PLOVER's three-letter codes.
 */
import type { EventActor, PloverCoding, PoliticalEvent, QuadClass } from '../../../../domain/events/event.ts';
import { resolvePloverType } from '../../../../domain/events/plover.ts';
import type { CountryMapper } from '../../countries.ts';
import type { IngestStats } from '../../types.ts';
import { BAD, bump, isoDate, optRange, show } from '../../fields.ts';
import type { Refusal } from '../../refusal.ts';

/** Columns a POLECAT header must name (the reader refuses the file without them). */
export const POLECAT_REQUIRED = ['Event ID', 'Event Date', 'Event Type', 'Actor Country', 'Recipient Country'] as const;

/** The 40 columns of the published header (FORMATS.md §6, [P3]), `Intensity` as in the first releases. */
export const POLECAT_COLUMNS = [
  'Event ID', 'Event Date', 'Event Type', 'Event Mode', 'Intensity', 'Quad Code', 'Contexts',
  'Actor Name', 'Actor Country', 'Actor COW', 'Primary Actor Sector', 'Actor Sectors', 'Actor Title', 'Actor Name Raw', 'Wikipedia Actor ID',
  'Recipient Name', 'Recipient Country', 'Recipient COW', 'Primary Recipient Sector', 'Recipient Sectors', 'Recipient Title', 'Recipient Name Raw', 'Wikipedia Recipient ID',
  'Placename', 'City', 'District', 'Province', 'Country', 'Latitude', 'Longitude', 'GeoNames ID', 'Raw Placename', 'Feature Type',
  'Source', 'Publication Date', 'Story People', 'Story Organizations', 'Story Locations', 'Language', 'Version',
] as const;

/** Quad Code as POLECAT writes it → quad class. */
const QUAD_NAMES: Readonly<Record<string, QuadClass>> = {
  'VERBAL COOPERATION': 1, 'MATERIAL COOPERATION': 2, 'VERBAL CONFLICT': 3, 'MATERIAL CONFLICT': 4,
  '1': 1, '2': 2, '3': 3, '4': 4,
};

/** Whether a header line is a POLECAT header: Event ID, Event Date, then Event Type (ICEWS has Source Name there). */
export function isPolecatHeader(line: string): boolean {
  const cols = line.replace(/^\uFEFF/, '').split('\t').map((c) => c.trim());
  return cols[0] === 'Event ID' && cols[1] === 'Event Date' && cols.includes('Event Type') && (cols.includes('Quad Code') || cols.includes('Event Mode'));
}

function missing(s: string | undefined): boolean {
  return s === undefined || s === '' || s === 'None' || s === 'none';
}

const LIST_SEP = /[;|,]/;
const NAME_RE = /^[a-z][a-z_-]*$/;
const SECTOR_RE = /^[A-Z]{3}$/;

/** Parses the rows of one POLECAT file; construct it with the header line. */
export class PolecatRowParser {
  readonly #names: string[];
  readonly #col = new Map<string, number>();
  /** Header width without a `Headline` name that rows do not carry (the misformatted releases). */
  readonly #withoutHeadline: number | null;
  readonly #width: number;
  /** How the header names the intensity column (`Intensity`, or `Event Intensity` in later releases). */
  readonly #intensityColumn: string;

  constructor(header: string, private readonly countries: CountryMapper, private readonly stats: IngestStats) {
    let names = header.replace(/^\uFEFF/, '').split('\t').map((c) => c.trim());
    this.#intensityColumn = names.includes('Event Intensity') ? 'Event Intensity' : 'Intensity';
    // Surplus tabs after the last name.
    while (names.length > 0 && names[names.length - 1] === '') names.pop();
    names = names.map((n) => (n === 'Event Intensity' ? 'Intensity' : n));
    const lacking = POLECAT_REQUIRED.filter((n) => !names.includes(n));
    if (lacking.length > 0) throw new Error(`not a POLECAT header: missing column(s) ${lacking.join(', ')}`);
    const dup = names.find((n, i) => n !== '' && names.indexOf(n) !== i);
    if (dup !== undefined) throw new Error(`POLECAT header names ${JSON.stringify(dup)} twice`);
    this.#names = names;
    names.forEach((n, i) => this.#col.set(n, i));
    this.#width = names.length;
    const h = names.indexOf('Headline');
    this.#withoutHeadline = h === -1 ? null : h;
  }

  /** The columns of the header this reader does not use (reported, never a reason to refuse). */
  unusedColumns(): string[] {
    return this.#names.filter((n) => n !== '' && !(POLECAT_COLUMNS as readonly string[]).includes(n));
  }

  columnName(i: number): string {
    return this.#names[i] ?? `column ${i + 1}`;
  }

  /** One data line → an event, or the refusal of its first bad field. */
  parse(line: string): PoliticalEvent | Refusal {
    let f = line.split('\t');
    let col = this.#col;
    if (f.length > this.#width) {
      // Surplus tabs: the fields past the header must all be empty.
      const surplus = f.slice(this.#width);
      if (surplus.some((x) => x.trim() !== '')) return { field: 'columns', reason: `expected ${this.#width} tab-separated columns (POLECAT header), got ${f.length} with text past the last column` };
      f = f.slice(0, this.#width);
    } else if (f.length === this.#width - 1 && this.#withoutHeadline !== null) {
      // A header naming `Headline` over rows that have no such field: read the row without it.
      const skip = this.#withoutHeadline;
      col = new Map([...this.#col].filter(([n]) => n !== 'Headline').map(([n, i]) => [n, i > skip ? i - 1 : i]));
    } else if (f.length !== this.#width) {
      return { field: 'columns', reason: `expected ${this.#width} tab-separated columns (POLECAT header), got ${f.length}` };
    }
    const get = (name: string): string | undefined => {
      const i = col.get(name);
      return i === undefined ? undefined : (f[i] as string).trim();
    };

    const id = get('Event ID');
    if (missing(id)) return { field: 'Event ID', reason: 'empty event id' };
    const rawDate = get('Event Date') as string;
    // A time after the day (`2021-11-18 00:00:00`) is tolerated; the day must exist.
    const date = isoDate(/^\d{4}-\d{2}-\d{2}[ T]/.test(rawDate) ? rawDate.slice(0, 10) : rawDate);
    if (date === null) return { field: 'Event Date', reason: `bad or impossible date ${show(rawDate)} (expected an existing day as YYYY-MM-DD)` };
    const rawType = get('Event Type') as string;
    if (missing(rawType)) return { field: 'Event Type', reason: 'missing PLOVER event type' };
    const resolved = resolvePloverType(rawType);
    if (resolved === null) return { field: 'Event Type', reason: `unknown PLOVER event type ${show(rawType)}` };
    if (resolved.legacy) bump(this.stats.legacyPloverTypes, rawType.trim().toUpperCase());

    const rawMode = get('Event Mode');
    let mode = missing(rawMode) ? resolved.mode : (rawMode as string).toLowerCase();
    if (mode !== null && !NAME_RE.test(mode)) return { field: 'Event Mode', reason: `event mode ${show(rawMode as string)} is not a PLOVER mode name` };
    if (mode === '') mode = null;

    const contexts: string[] = [];
    const rawContexts = get('Contexts');
    if (!missing(rawContexts)) {
      for (const piece of (rawContexts as string).split(LIST_SEP)) {
        const c = piece.trim().toLowerCase();
        if (c === '' || c === 'none') continue;
        if (!NAME_RE.test(c)) return { field: 'Contexts', reason: `context ${show(piece.trim())} is not a PLOVER context name` };
        if (!contexts.includes(c)) contexts.push(c);
      }
    }
    if (resolved.context !== null && !contexts.includes(resolved.context)) contexts.push(resolved.context);

    let quadClass: QuadClass = resolved.quad;
    let quadConvention: 'file' | 'plover' = 'plover';
    const rawQuad = get('Quad Code');
    if (!missing(rawQuad)) {
      const q = QUAD_NAMES[(rawQuad as string).toUpperCase().replace(/\s+/g, ' ')];
      if (q === undefined) return { field: 'Quad Code', reason: `quad code ${show(rawQuad as string)} is not VERBAL/MATERIAL COOPERATION/CONFLICT` };
      quadClass = q;
      quadConvention = 'file';
    } else {
      this.stats.quadDerived++;
    }

    const rawIntensity = get('Intensity');
    const intensity = missing(rawIntensity) ? null : optRange(rawIntensity as string, -10, 10);
    if (intensity === BAD) return { field: this.#intensityColumn, reason: `intensity ${show(rawIntensity as string)} is not a number in −10…10` };
    const rawLat = get('Latitude');
    const latitude = missing(rawLat) ? null : optRange(rawLat as string, -90, 90);
    if (latitude === BAD) return { field: 'Latitude', reason: `latitude ${show(rawLat as string)} is not a number in −90…90` };
    const rawLong = get('Longitude');
    const longitude = missing(rawLong) ? null : optRange(rawLong as string, -180, 180);
    if (longitude === BAD) return { field: 'Longitude', reason: `longitude ${show(rawLong as string)} is not a number in −180…180` };

    const source = this.#actor(get('Actor Name'), get('Actor Country'), get('Primary Actor Sector'), get('Actor Sectors'));
    const target = this.#actor(get('Recipient Name'), get('Recipient Country'), get('Primary Recipient Sector'), get('Recipient Sectors'));

    const place = get('Placename');
    let locationName: string | null = missing(place) ? null : (place as string);
    if (locationName === null) {
      const parts = (['City', 'District', 'Province'] as const).map(get).filter((v): v is string => !missing(v));
      locationName = parts.length === 0 ? null : parts.join(', ');
    }
    const country = get('Country');
    const locationCountry = missing(country) ? null : this.#country(country as string, this.stats.unmappedLocations);
    const plover: PloverCoding = { type: resolved.type, mode, contexts };
    return {
      dataset: 'polecat',
      sourceEventId: id as string,
      eventDate: date,
      source,
      target,
      cameoCode: null,
      rootCode: null,
      quadClass,
      quadConvention,
      // PLOVER replaces Goldstein values with its own scores on the same −10…+10 scale; the series
      // names this convention (`plover-intensity`) beside GDELT's and the codebook's.
      goldstein: intensity,
      intensity,
      numMentions: null,
      numSources: null,
      numArticles: null,
      avgTone: null,
      isRootEvent: null,
      locationName,
      locationCountry,
      latitude,
      longitude,
      sourceUrl: null,
      storyId: null,
      plover,
    };
  }

  #country(list: string, unmapped: Map<string, number>): string | null {
    const first = (list.split(';')[0] as string).trim();
    if (missing(first)) return null;
    const iso = /^[A-Z]{3}$/.test(first) ? this.countries.fromCameo(first) : this.countries.fromCountryName(first);
    if (iso === null) bump(unmapped, first);
    return iso;
  }

  #actor(name: string | undefined, country: string | undefined, primary: string | undefined, sectors: string | undefined): EventActor {
    const codes: string[] = [];
    for (const list of [primary, sectors]) {
      if (missing(list)) continue;
      for (const piece of (list as string).split(LIST_SEP)) {
        const s = piece.trim().toUpperCase();
        if (s === '' || s === 'NONE') continue;
        if (!SECTOR_RE.test(s)) {
          bump(this.stats.unmappedSectors, piece.trim());
          continue;
        }
        if (!codes.includes(s)) codes.push(s);
      }
    }
    return {
      code: null,
      name: missing(name) ? null : (name as string),
      country: missing(country) ? null : this.#country(country as string, this.stats.unmappedCountries),
      countryRaw: missing(country) ? null : (country as string),
      sectors: codes,
    };
  }
}
