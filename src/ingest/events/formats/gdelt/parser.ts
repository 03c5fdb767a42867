/**
 * GDELT rows → canonical events in JavaScript, one line at a time, by the row table (rules.ts): the
 * reader of compressed files, and the judge that names the field and reason of every row DuckDB's
 * reading of the same table refuses. Tab offsets instead of an array of fields, and memos for what
 * repeats (dates, actor blocks, place countries).
 */
import type { EventActor, PoliticalEvent, QuadClass } from '../../../../domain/events/event.ts';
import type { CameoCodebook, CameoEventCode } from '../../../../domain/events/cameo.ts';
import type { CountryMapper } from '../../countries.ts';
import type { IngestStats } from '../../types.ts';
import { bump, flat } from '../../fields.ts';
import type { Refusal } from '../../refusal.ts';
import { gdeltColumnNames, MAX_FIELDS, type GdeltDataset } from './columns.ts';
import { CHECKS, FIELDS, columnsReason, fieldCounts, passes, type Field, type ReasonContext, type Test } from './rules.ts';
import type { GdeltHeader } from './header.ts';

/** Entries per memo before it is emptied (bounds memory on files with millions of distinct values). */
const MEMO_SIZE = 50_000;

/** Shared by every actor without type codes; frozen, like the actors, so no consumer can change it for all events. */
const NO_SECTORS = Object.freeze([]) as unknown as string[];

/** The key under which an unmapped place is counted (stats.unmappedLocations): FIPS code and the name's country part. */
export function placeKey(fips: string, name: string): string {
  return `${fips} ${name.slice(name.lastIndexOf(',') + 1).trim()}`;
}

interface CompiledCheck {
  readonly field: string;
  readonly column: number;
  readonly test: Test;
  readonly reason: (value: string, ctx: ReasonContext) => string;
}

interface ActorColumns {
  readonly code: number;
  readonly name: number;
  readonly country: number;
  readonly types: readonly [number, number, number];
  /** First and last column of the actor's block in the row (the memo key). */
  readonly from: number;
  readonly to: number;
}

export class GdeltRowParser {
  readonly #dataset: GdeltDataset;
  readonly #names: readonly string[];
  readonly #index = new Map<string, number>();
  readonly #counts: readonly number[];
  readonly #checks: CompiledCheck[];
  readonly #codebook: CameoCodebook;
  readonly #countries: CountryMapper;
  readonly #stats: IngestStats;
  /** Start offset of each field of the current line; off[k + 1] - 1 is where field k ends. */
  readonly #off = new Int32Array(MAX_FIELDS + 1);
  #n = 0;
  #line = '';
  /** The current record's fields, for a header-row file (null: a plain file's line, read by tab offsets). */
  #fields: readonly string[] | null = null;
  readonly #header: GdeltHeader | null;
  readonly #dates = new Map<string, string>();
  readonly #actors = new Map<string, { actor: EventActor; unmapped: string | null }>();
  readonly #places = new Map<string, string | null>();
  readonly #actor1: ActorColumns;
  readonly #actor2: ActorColumns;
  readonly #codeColumn: number;
  readonly #fips: number;
  readonly #field = (name: string): string => this.#get(this.#col(name));
  /** The row table's fields, each compiled to a reader of the current line (columns looked up once). */
  readonly #readers: Readonly<Record<string, () => string | number | boolean | null>>;

  /**
   * `header`: a header-row file (header.ts): columns are found by the header's names, not by position,
   * and each record comes as fields (parseFields). Without it, plain files by position (parse).
   */
  constructor(dataset: GdeltDataset, codebook: CameoCodebook, countries: CountryMapper, stats: IngestStats, header?: GdeltHeader) {
    this.#dataset = dataset;
    this.#header = header ?? null;
    if (header === undefined) {
      this.#names = gdeltColumnNames(dataset);
      this.#names.forEach((n, i) => this.#index.set(n, i));
      this.#counts = fieldCounts(dataset);
    } else {
      this.#names = header.names;
      for (const [n, i] of header.positions) this.#index.set(n, i);
      this.#counts = [header.names.length];
    }
    this.#codebook = codebook;
    this.#countries = countries;
    this.#stats = stats;
    this.#checks = CHECKS.map((c) => ({ field: c.field, column: this.#col(c.field), test: c.test, reason: c.reason }));
    this.#codeColumn = this.#col('EventCode');
    this.#fips = this.#col('ActionGeo_CountryCode');
    this.#actor1 = this.#actorColumns('src');
    this.#actor2 = this.#actorColumns('tgt');
    const readers: Record<string, () => string | number | boolean | null> = {};
    for (const [key, f] of Object.entries(FIELDS)) {
      if (f.as !== 'country' && f.as !== 'sectors') readers[key] = this.#reader(f);
    }
    this.#readers = readers;
  }

  /** Name of the column at a 0-based position. */
  columnName(i: number): string {
    return this.#names[i] ?? `column ${i + 1}`;
  }

  #col(name: string): number {
    const i = this.#index.get(name);
    // A header-row file may leave out the optional columns (header.ts): read as blank.
    if (i === undefined && this.#header !== null) return -1;
    if (i === undefined) throw new Error(`no GDELT column ${name}`);
    return i;
  }

  #actorColumns(p: 'src' | 'tgt'): ActorColumns {
    const col = (k: string): number => {
      const f = FIELDS[`${p}_${k}`] as Field;
      if (f.as === 'sectors' || f.as === 'constant') throw new Error(`${p}_${k}: not a one-column field`);
      return this.#col(f.column);
    };
    const s = FIELDS[`${p}_sectors`] as Extract<Field, { as: 'sectors' }>;
    const types = s.columns.map((c) => this.#col(c)) as [number, number, number];
    const code = col('code');
    const name = col('name');
    const country = col('country');
    // A header-row file's columns come in any order: the block is every column between the first and last of the actor's.
    if (this.#header !== null) return { code, name, country, types, from: Math.min(code, name, country, ...types), to: Math.max(code, name, country, ...types) };
    return { code, name, country, types, from: code, to: Math.max(...types) };
  }

  /** Field k of the current line ('' past the end: a 57-column 1.0 row has no SOURCEURL). */
  #get(k: number): string {
    if (this.#fields !== null) return k < 0 ? '' : this.#fields[k] ?? '';
    if (k >= this.#n) return '';
    return this.#line.slice(this.#off[k] as number, (this.#off[k + 1] as number) - 1);
  }

  /** One data line → an event, or the refusal of its first failing check. */
  parse(line: string): PoliticalEvent | Refusal {
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
    this.#n = n;
    this.#fields = null;
    if (!this.#counts.includes(n)) return { field: 'columns', reason: columnsReason(this.#dataset, n) };
    return this.#judge();
  }

  /** One record of a header-row file, as its fields (UTF-8 text) → an event, or the refusal of its first failing check. */
  parseFields(fields: readonly string[]): PoliticalEvent | Refusal {
    this.#fields = fields;
    this.#n = fields.length;
    const width = this.#counts[0] as number;
    if (fields.length !== width) {
      return { field: 'columns', reason: `expected ${width} ${this.#header?.delimiter === ',' ? 'comma' : 'tab'}-separated columns (the GDELT header row), got ${fields.length}` };
    }
    return this.#judge();
  }

  #judge(): PoliticalEvent | Refusal {
    const entry = this.#eventCode();
    for (const c of this.#checks) {
      const v = this.#get(c.column);
      if (!passes(c.test, v, this.#field, entry)) return { field: c.field, reason: c.reason(v, { field: this.#field, entry }) };
    }
    return this.#event(entry as CameoEventCode);
  }

  #eventCode(): CameoEventCode | undefined {
    const v = this.#get(this.#codeColumn);
    return v.length >= 2 && v.length <= 4 ? this.#codebook.get(v) : undefined;
  }

  /** A reader of one field of the current line, as the row table says (countries and sectors come with their actor). */
  #reader(f: Exclude<Field, { as: 'country' } | { as: 'sectors' }>): () => string | number | boolean | null {
    if (f.as === 'constant') {
      const v = f.value;
      return () => v;
    }
    const k = this.#col(f.column);
    switch (f.as) {
      case 'text': return () => this.#get(k);
      case 'text-or-null': return () => {
        const v = this.#get(k);
        return v === '' ? null : v;
      };
      case 'day': return () => {
        const v = this.#get(k);
        let d = this.#dates.get(v);
        if (d === undefined) {
          d = `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
          if (this.#dates.size > 100_000) this.#dates.clear();
          this.#dates.set(flat(v), d);
        }
        return d;
      };
      case 'quad': return () => Number(this.#get(k));
      case 'number-or-null': return () => {
        const v = this.#get(k);
        return v === '' ? null : Number(v);
      };
      case 'flag-or-null': return () => {
        const v = this.#get(k);
        return v === '' ? null : v === '1';
      };
      case 'place-country': return () => this.#placeCountry(this.#get(k));
    }
  }

  #event(entry: CameoEventCode): PoliticalEvent {
    const r = this.#readers;
    const v = (k: string) => (r[k] as () => string | number | boolean | null)();
    const source = this.#actor(this.#actor1);
    const sourceUnmapped = this.#unmapped;
    const target = this.#actor(this.#actor2);
    // Unmapped values are counted for accepted rows only (a refused row is not an event).
    if (sourceUnmapped !== null) bump(this.#stats.unmappedCountries, sourceUnmapped);
    if (this.#unmapped !== null) bump(this.#stats.unmappedCountries, this.#unmapped);
    const locationName = v('location_name') as string | null;
    const locationCountry = v('location_country') as string | null;
    if (locationName !== null && locationCountry === null) bump(this.#stats.unmappedLocations, placeKey(this.#get(this.#fips), locationName));
    return {
      dataset: this.#dataset,
      sourceEventId: v('source_event_id') as string,
      eventDate: v('event_date') as string,
      source,
      target,
      cameoCode: entry.code,
      rootCode: entry.rootCode,
      quadClass: v('quad_class') as QuadClass,
      quadConvention: v('quad_convention') as 'file',
      goldstein: v('goldstein') as number | null,
      intensity: v('intensity') as number | null,
      numMentions: v('num_mentions') as number | null,
      numSources: v('num_sources') as number | null,
      numArticles: v('num_articles') as number | null,
      avgTone: v('avg_tone') as number | null,
      isRootEvent: v('is_root_event') as boolean | null,
      locationName,
      locationCountry,
      latitude: v('latitude') as number | null,
      longitude: v('longitude') as number | null,
      sourceUrl: v('source_url') as string | null,
      storyId: v('story_id') as string | null,
    };
  }

  /** The unmapped country code of the actor read last (null: mapped or blank). */
  #unmapped: string | null = null;

  #actor(c: ActorColumns): EventActor {
    // Actors repeat massively (USA / UNITED STATES / GOV…): one frozen object per distinct actor
    // block saves allocations and, above all, the GC work of keeping them in a batch.
    const key = this.#fields !== null ? this.#fields.slice(c.from, c.to + 1).join('\0')
      : this.#line.slice(this.#off[c.from] as number, (this.#off[c.to + 1] as number) - 1);
    const hit = this.#actors.get(key);
    if (hit !== undefined) {
      this.#unmapped = hit.unmapped;
      return hit.actor;
    }
    let sectors: string[] = [];
    for (const k of c.types) {
      const t = this.#get(k);
      if (t !== '' && !sectors.includes(t)) sectors.push(t);
    }
    if (sectors.length === 0) sectors = NO_SECTORS;
    const code = this.#get(c.code);
    const name = this.#get(c.name);
    const cc = this.#get(c.country);
    const country = cc === '' ? null : this.#countries.fromCameo(cc);
    const actor: EventActor = Object.freeze({
      code: code === '' ? null : flat(code),
      name: name === '' ? null : flat(name),
      country,
      countryRaw: cc === '' ? null : cc === country ? country : flat(cc),
      sectors: Object.freeze(sectors) as string[],
    });
    const unmapped = cc !== '' && country === null ? flat(cc) : null;
    this.#unmapped = unmapped;
    if (this.#actors.size >= MEMO_SIZE) this.#actors.clear();
    this.#actors.set(flat(key), { actor, unmapped });
    return actor;
  }

  #placeCountry(name: string): string | null {
    if (name === '') return null;
    let iso = this.#places.get(name);
    if (iso === undefined) {
      iso = this.#countries.fromPlaceName(name);
      if (this.#places.size >= MEMO_SIZE) this.#places.clear();
      this.#places.set(flat(name), iso);
    }
    return iso;
  }
}
