/**
 * GDELT event rows → PoliticalEvent. 1.0 rows have 57 (historical, no SOURCEURL) or 58 columns
 * (daily), decided per row; 2.0 rows have 61 (an ADM2Code after each ADM1Code). This is the hot
 * path of the benchmark: tab offsets instead of an array of fields, hand-written checks that
 * enforce exactly what the PoliticalEvent schema requires, and memos for what repeats (dates,
 * actors, place countries).
 */
import type { EventActor, PoliticalEvent, QuadClass } from '../../domain/events.ts';
import type { CameoCodebook, CameoEventCode } from '../../domain/cameo.ts';
import type { CountryMapper } from './countries.ts';
import type { IngestStats } from './types.ts';
import { BAD, bump, compactDate, flat, isDigits, isTypeCode, optCount, optNumber, optRange, show } from './fields.ts';
import { RowParser } from './row-parser.ts';

/** GDELT column names by 0-based position (shared by 1.0 and 2.0 up to AvgTone). */
const ACTOR_FIELDS = ['Code', 'Name', 'CountryCode', 'KnownGroupCode', 'EthnicCode', 'Religion1Code', 'Religion2Code', 'Type1Code', 'Type2Code', 'Type3Code'];

/** Column names of a GDELT events file, 1.0 (58, the 57-column files lack the last) or 2.0 (61). */
export function gdeltColumnNames(v2: boolean): string[] {
  const actor = (a: string) => ACTOR_FIELDS.map((x) => `${a}${x}`);
  const geo = (g: string) => ['Type', 'FullName', 'CountryCode', 'ADM1Code', ...(v2 ? ['ADM2Code'] : []), 'Lat', 'Long', 'FeatureID'].map((x) => `${g}_${x}`);
  return ['GLOBALEVENTID', 'SQLDATE', 'MonthYear', 'Year', 'FractionDate', ...actor('Actor1'), ...actor('Actor2'), 'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'NumMentions', 'NumSources', 'NumArticles', 'AvgTone', ...geo('Actor1Geo'), ...geo('Actor2Geo'), ...geo('ActionGeo'), 'DATEADDED', 'SOURCEURL'];
}

/** Rows with more fields than this are rejected anyway; only their count matters. */
const MAX_FIELDS = 64;
/** Entries per memo before it is emptied (bounds memory on files with millions of distinct values). */
const MEMO_SIZE = 50_000;

function sameChars(s: string, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (s.charCodeAt(a + i) !== s.charCodeAt(b + i)) return false;
  return true;
}

/** Shared by every actor without type codes; frozen, like the actors, so no consumer can change it for all events. */
const NO_SECTORS = Object.freeze([]) as unknown as string[];

/** The key under which an unmapped place is counted (stats.unmappedLocations): FIPS code and the name's country part. */
export function placeKey(fips: string, name: string): string {
  return `${fips} ${name.slice(name.lastIndexOf(',') + 1).trim()}`;
}

/** Parses the rows of one GDELT file; after a null return, `field` and `reason` say what was wrong. */
export class GdeltRowParser extends RowParser {
  readonly #v1: boolean;
  readonly #dates = new Map<number, string | null>();
  /** Start offset of each field of the current line; off[k + 1] - 1 is where field k ends. */
  readonly #off = new Int32Array(MAX_FIELDS + 1);
  #line = '';
  /** Unmapped country codes of the current row's two actors (null: mapped or blank). */
  #unmapped1: string | null = null;
  #unmapped2: string | null = null;
  readonly #actors = new Map<string, { actor: EventActor; unmapped: string | null }>();
  /** FIPS code → the country parts seen with it and their ISO code (usually one per FIPS code). */
  readonly #places = new Map<string, { tail: string; iso: string | null }[]>();
  /** Codebook entries indexed by digit count × 10,000 + value, so a code is found without slicing it (`010` ≠ `10`). */
  readonly #codeIndex: (CameoEventCode | undefined)[] = [];

  constructor(
    readonly dataset: 'gdelt1' | 'gdelt2',
    private readonly codebook: CameoCodebook,
    private readonly countries: CountryMapper,
    private readonly stats: IngestStats,
  ) {
    super(gdeltColumnNames(dataset === 'gdelt2'));
    this.#v1 = dataset === 'gdelt1';
    for (const c of codebook.codes()) this.#codeIndex[c.code.length * 10_000 + Number(c.code)] = c;
  }

  /** The codebook entry of the event code in field k, or undefined when unknown. */
  #eventCode(k: number): CameoEventCode | undefined {
    const len = this.#len(k);
    if (len < 2 || len > 4) return undefined;
    const at = this.#off[k] as number;
    let v = 0;
    for (let i = at; i < at + len; i++) {
      const c = this.#line.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      v = v * 10 + c;
    }
    return this.#codeIndex[len * 10_000 + v];
  }

  /** One data line → an event, or null (see `field`/`reason`). */
  override parse(line: string): PoliticalEvent | null {
    // Field offsets instead of line.split('\t'): no 61-string array per row, and only the fields
    // the event needs are ever sliced (about 3× less work than split on this hot path).
    const off = this.#off;
    let n = 1;
    let from = 0;
    for (;;) {
      const tab = line.indexOf('\t', from);
      if (tab === -1) break;
      if (n < MAX_FIELDS) off[n] = tab + 1;
      n++;
      from = tab + 1;
    }
    if (n < MAX_FIELDS) off[n] = line.length + 1;
    this.#line = line;
    let geo: number; // first column of the ActionGeo block
    let urlCol: number;
    if (this.#v1) {
      if (n !== 57 && n !== 58) return this.fail('columns', `expected 57 or 58 tab-separated columns (GDELT 1.0), got ${n}`);
      urlCol = n === 58 ? 57 : -1;
      geo = 49;
    } else {
      if (n !== 61) return this.fail('columns', `expected 61 tab-separated columns (GDELT 2.0), got ${n}`);
      urlCol = 60;
      geo = 51;
    }
    const id = this.#f(0);
    if (id === '') return this.fail('GLOBALEVENTID', 'empty event id');
    if (!isDigits(id)) return this.fail('GLOBALEVENTID', `event id is not an integer: ${show(id)}`);

    const date = this.#date();
    if (date === null) return this.fail('SQLDATE', `bad or impossible date ${show(this.#f(1))} (expected an existing day as YYYYMMDD)`);
    const d1 = off[1] as number;
    if (this.#len(2) !== 6 || !sameChars(line, d1, off[2] as number, 6)) return this.fail('MonthYear', `${show(this.#f(2))} disagrees with SQLDATE ${this.#f(1)}`);
    if (this.#len(3) !== 4 || !sameChars(line, d1, off[3] as number, 4)) return this.fail('Year', `${show(this.#f(3))} disagrees with SQLDATE ${this.#f(1)}`);

    const entry = this.#eventCode(26);
    if (entry === undefined) return this.fail('EventCode', `unknown CAMEO event code ${show(this.#f(26))}`);
    const code = entry.code;
    if (this.#len(27) !== entry.baseCode.length || !line.startsWith(entry.baseCode, off[27])) return this.fail('EventBaseCode', `${show(this.#f(27))} is not the base code of event code ${code} (expected ${entry.baseCode})`);
    if (this.#len(28) !== 2 || !line.startsWith(entry.rootCode, off[28])) return this.fail('EventRootCode', `${show(this.#f(28))} is not the root code of event code ${code} (expected ${entry.rootCode})`);
    const q = this.#len(29) === 1 ? line.charCodeAt(off[29] as number) - 48 : 0;
    if (q < 1 || q > 4) return this.fail('QuadClass', `QuadClass ${show(this.#f(29))} outside 1–4`);
    const goldstein = optRange(this.#f(30), -10, 10);
    if (goldstein === BAD) return this.fail('GoldsteinScale', `Goldstein ${show(this.#f(30))} is not a number in −10…10`);
    const numMentions = optCount(this.#f(31));
    if (numMentions === BAD) return this.fail('NumMentions', `not a non-negative integer: ${show(this.#f(31))}`);
    const numSources = optCount(this.#f(32));
    if (numSources === BAD) return this.fail('NumSources', `not a non-negative integer: ${show(this.#f(32))}`);
    const numArticles = optCount(this.#f(33));
    if (numArticles === BAD) return this.fail('NumArticles', `not a non-negative integer: ${show(this.#f(33))}`);
    const avgTone = optNumber(this.#f(34));
    if (avgTone === BAD) return this.fail('AvgTone', `not a number: ${show(this.#f(34))}`);
    const rootFlag = this.#len(25) === 1 ? line.charCodeAt(off[25] as number) : this.#len(25) === 0 ? 0 : -1;
    const isRootEvent = rootFlag === 49 ? true : rootFlag === 48 ? false : rootFlag === 0 ? null : BAD;
    if (isRootEvent === BAD) return this.fail('IsRootEvent', `expected 0 or 1, got ${show(this.#f(25))}`);

    const source = this.#actor(5, 'Actor1');
    if (source === null) return null;
    const target = this.#actor(15, 'Actor2');
    if (target === null) return null;

    const place = this.#place(geo + 1, geo + 2);
    const latCol = this.#v1 ? geo + 4 : geo + 5;
    const latitude = optRange(this.#f(latCol), -90, 90);
    if (latitude === BAD) return this.fail('ActionGeo_Lat', `latitude ${show(this.#f(latCol))} is not a number in −90…90`);
    const longitude = optRange(this.#f(latCol + 1), -180, 180);
    if (longitude === BAD) return this.fail('ActionGeo_Long', `longitude ${show(this.#f(latCol + 1))} is not a number in −180…180`);
    const url = urlCol === -1 ? '' : this.#f(urlCol);

    // Unmapped values are counted for accepted rows only (a refused row is not an event).
    if (this.#unmapped1 !== null) bump(this.stats.unmappedCountries, this.#unmapped1);
    if (this.#unmapped2 !== null) bump(this.stats.unmappedCountries, this.#unmapped2);
    if (place !== null && place.iso === null) bump(this.stats.unmappedLocations, placeKey(this.#f(geo + 2), place.name));

    return {
      dataset: this.dataset,
      sourceEventId: id,
      eventDate: date,
      source,
      target,
      cameoCode: entry.code,
      rootCode: entry.rootCode,
      quadClass: q as QuadClass,
      quadConvention: 'file',
      goldstein,
      intensity: null,
      numMentions,
      numSources,
      numArticles,
      avgTone,
      isRootEvent,
      locationName: place === null ? null : place.name,
      locationCountry: place === null ? null : place.iso,
      latitude,
      longitude,
      sourceUrl: url === '' ? null : url,
      storyId: null,
    };
  }

  /** SQLDATE of the current line as YYYY-MM-DD, or null; read as a number so the memo needs no string hashing. */
  #date(): string | null {
    if (this.#len(1) !== 8) return null;
    const line = this.#line;
    const at = this.#off[1] as number;
    let ymd = 0;
    for (let i = at; i < at + 8; i++) {
      const c = line.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return null;
      ymd = ymd * 10 + c;
    }
    let date = this.#dates.get(ymd);
    if (date === undefined) {
      date = compactDate(String(ymd).padStart(8, '0'));
      if (this.#dates.size > 100_000) this.#dates.clear();
      this.#dates.set(ymd, date);
    }
    return date;
  }

  /** Field k of the current line. */
  #f(k: number): string {
    return this.#line.slice(this.#off[k] as number, (this.#off[k + 1] as number) - 1);
  }

  /** Length of field k of the current line. */
  #len(k: number): number {
    return (this.#off[k + 1] as number) - 1 - (this.#off[k] as number);
  }

  #actor(i: number, which: 'Actor1' | 'Actor2'): EventActor | null {
    // Actors repeat massively (USA / UNITED STATES / GOV…): one frozen object per distinct actor
    // block saves two allocations per row and, above all, the GC work of keeping them in a batch.
    const key = this.#line.slice(this.#off[i] as number, (this.#off[i + 10] as number) - 1);
    const hit = this.#actors.get(key);
    if (hit !== undefined) {
      if (which === 'Actor1') this.#unmapped1 = hit.unmapped;
      else this.#unmapped2 = hit.unmapped;
      return hit.actor;
    }
    let sectors: string[] = [];
    for (let k = 7; k <= 9; k++) {
      if (this.#len(i + k) === 0) continue;
      const t = this.#f(i + k);
      if (!isTypeCode(t)) return this.fail(`${which}${ACTOR_FIELDS[k] as string}`, `not a CAMEO type code: ${show(t)}`);
      if (!sectors.includes(t)) sectors.push(t);
    }
    if (sectors.length === 0) sectors = NO_SECTORS;
    // Code and name are cut from one flat copy of the block, not each copied.
    const k = flat(key);
    const base = this.#off[i] as number;
    const code = k.slice(0, (this.#off[i + 1] as number) - 1 - base);
    const name = k.slice((this.#off[i + 1] as number) - base, (this.#off[i + 2] as number) - 1 - base);
    const cc = this.#f(i + 2);
    let country: string | null = null;
    if (cc !== '') country = this.countries.fromCameo(cc);
    const actor: EventActor = Object.freeze({
      code: code === '' ? null : code,
      name: name === '' ? null : name,
      country,
      countryRaw: cc === '' ? null : cc === country ? country : cc,
      sectors: Object.freeze(sectors) as string[],
    });
    const unmapped = cc !== '' && country === null ? flat(cc) : null;
    if (which === 'Actor1') this.#unmapped1 = unmapped;
    else this.#unmapped2 = unmapped;
    if (this.#actors.size >= MEMO_SIZE) this.#actors.clear();
    this.#actors.set(k, { actor, unmapped });
    return actor;
  }

  /**
   * The ActionGeo place name and its country: CountryMapper.fromPlaceName(name), memoised. A FIPS code
   * names one country, so when the name's last segment alone names a country, that segment together
   * with the FIPS code is a small, safe memo key; other names go to fromPlaceName's own memo.
   */
  #place(k: number, fipsCol: number): { name: string; iso: string | null } | null {
    if (this.#len(k) === 0) return null;
    const name = this.#f(k);
    const fips = this.#f(fipsCol);
    const cut = name.lastIndexOf(',') + 1;
    const tailLength = name.length - cut;
    let seen = this.#places.get(fips);
    if (seen === undefined) {
      seen = [];
      if (this.#places.size >= MEMO_SIZE) this.#places.clear();
      this.#places.set(fips, seen);
    }
    for (const e of seen) {
      if (e.tail.length === tailLength && name.startsWith(e.tail, cut)) return { name, iso: e.iso };
    }
    const iso = this.countries.fromPlaceName(name);
    if (iso !== null && seen.length < 16 && this.countries.placeTail(name) === iso) seen.push({ tail: flat(name.slice(cut)), iso });
    return { name, iso };
  }
}
