/**
 * Country codes and names → ISO 3166-1 alpha-3. Sources of truth, in order: the CAMEO country table
 * (to know regions and historical states), a short list of documented aliases, and the
 * i18n-iso-countries package (ISO validity and English names). What does not map stays null; the
 * raw value is kept on the event (`countryRaw`, `locationName`) and counted by the readers.
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import type { Lookups } from './lookups.ts';
import { Memo } from './fields.ts';

countries.registerLocale(en);

/**
 * CAMEO/GDELT/ICEWS codes with a true ISO 3166-1 alpha-3 equivalent under another code.
 * The first four are old or private CAMEO codes for the same state; the others are sub-national
 * CAMEO/GDELT/ICEWS codes, mapped to the state that contains them.
 */
export const CAMEO_ISO_ALIASES: Readonly<Record<string, { iso: string; why: string }>> = {
  ROM: { iso: 'ROU', why: 'Romania: old UN code kept by CAMEO' },
  TMP: { iso: 'TLS', why: 'East Timor: old code, now Timor-Leste' },
  MTN: { iso: 'MNE', why: 'Montenegro: private CAMEO code' },
  IMY: { iso: 'IMN', why: 'Isle of Man: private CAMEO code' },
  BAG: { iso: 'IRQ', why: 'Baghdad (GDELT sub-national code) lies in Iraq' },
  GZS: { iso: 'PSE', why: 'Gaza Strip (GDELT sub-national code) is part of Palestine in ISO 3166-1' },
  WSB: { iso: 'PSE', why: 'West Bank (GDELT sub-national code) is part of Palestine in ISO 3166-1' },
  GZA: { iso: 'PSE', why: 'Gaza (ICEWS composite PSEGZA) is part of Palestine in ISO 3166-1' },
};

/**
 * ISO reserves X-codes for user assignment (e.g. XKK, which i18n-iso-countries gives Kosovo): not a
 * true ISO country. Upper case only: the package's isValid ignores case, and an event's country is
 * the code itself.
 */
function isTrueIso(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && code[0] !== 'X' && countries.isValid(code);
}

/** How a value was (or was not) mapped, for the mapping report. */
export interface CountryMapping {
  readonly raw: string;
  readonly iso: string | null;
  readonly via: 'iso' | 'alias' | 'territory' | 'icews-table' | 'package-name' | 'unmapped';
  readonly note?: string;
}

/** Maps the country values of every supported source to ISO alpha-3, with caches (values repeat millions of times). */
export class CountryMapper {
  readonly #lookups: Lookups;
  readonly #cameo = new Memo<string | null>(10_000);
  readonly #icews = new Memo<string | null>(10_000);
  readonly #names = new Memo<string | null>(100_000);
  readonly #countryNames = new Memo<string | null>(10_000);
  readonly #icewsLower: Map<string, string>;

  constructor(lookups: Lookups) {
    this.#lookups = lookups;
    this.#icewsLower = new Map([...lookups.icewsCountryNames].map(([k, v]) => [k.toLowerCase(), v]));
  }

  /** ISO alpha-3 of a CAMEO country code (GDELT Actor*CountryCode, user CSV), or null. */
  fromCameo(code: string): string | null {
    return this.#cameo.get(code, (c) => this.explainCameo(c).iso);
  }

  /** The mapping of a CAMEO code with the rule that produced it. */
  explainCameo(code: string): CountryMapping {
    const row = this.#lookups.cameoCountries.get(code);
    if (row !== undefined && row.kind !== 'state_or_territory' && CAMEO_ISO_ALIASES[code] === undefined) {
      return { raw: code, iso: null, via: 'unmapped', note: `${row.kind}: ${row.name}` };
    }
    const alias = CAMEO_ISO_ALIASES[code];
    if (alias !== undefined) return { raw: code, iso: alias.iso, via: 'alias', note: alias.why };
    if (isTrueIso(code)) return { raw: code, iso: code, via: 'iso' };
    // ICEWS composites: parent state + territory (USAASM = American Samoa); the territory has its own ISO code.
    if (code.length === 6 && /^[A-Z]{6}$/.test(code)) {
      const part = this.explainCameo(code.slice(3));
      if (part.iso !== null) return { raw: code, iso: part.iso, via: 'territory', note: `territory ${code.slice(3)} of ${code.slice(0, 3)}` };
    }
    return { raw: code, iso: null, via: 'unmapped', note: row ? `${row.kind}: ${row.name}${row.note ? ` (${row.note})` : ''}` : 'not in the CAMEO country table' };
  }

  /** ISO alpha-3 of an ICEWS country name (`United States`), or null. */
  fromIcewsName(name: string): string | null {
    return this.#icews.get(name, (n) => this.explainIcewsName(n).iso);
  }

  /** The mapping of an ICEWS country name with the rule that produced it. */
  explainIcewsName(name: string): CountryMapping {
    // The package first: where it knows the exact name, its answer is the ISO one (the ICEWS table
    // folds Jersey and Mayotte into GBR and FRA, and gives Antarctica the Netherlands Antilles' ANT).
    const byName = this.#packageName(name);
    const code = this.#lookups.icewsCountryNames.get(name);
    if (byName !== null) return { raw: name, iso: byName, via: 'package-name', note: code === undefined ? 'not in icews-country-names.tsv' : `icews-country-names.tsv says ${code}` };
    if (code !== undefined) {
      const m = this.explainCameo(code);
      if (m.iso !== null) return { raw: name, iso: m.iso, via: 'icews-table', note: `${code}${m.via === 'iso' ? '' : ` via ${m.via}`}` };
    }
    return { raw: name, iso: null, via: 'unmapped', note: code === undefined ? 'not in icews-country-names.tsv' : `table code ${code} has no ISO equivalent` };
  }

  /**
   * ISO alpha-3 of the country part of a GDELT place name (`Edinburg, Texas, United States`).
   * GDELT's Geo_CountryCode is FIPS 10-4 and no FIPS table ships with the project, so the country
   * is read from the name's trailing part instead; null when that name is not recognised.
   */
  fromPlaceName(fullName: string): string | null {
    return this.#names.get(fullName, (name) => {
      // Shortest trailing part first: the country comes last, but some country names hold a comma
      // ("Vietnam, Republic Of", "Bahamas, The"). Each longer part holds the shorter one, so the
      // search stops at the first part longer than any country name (a hostile name may hold a
      // million commas).
      const text = trimEndSpaceAndCommas(name);
      for (let comma = text.lastIndexOf(','); ; comma = comma === 0 ? -1 : text.lastIndexOf(',', comma - 1)) {
        const part = text.slice(comma + 1).trimStart();
        if (part.length > LONGEST_NAME) return null;
        const iso = part === '' ? null : this.fromCountryName(part);
        if (iso !== null || comma === -1) return iso;
      }
    });
  }

  /** ISO alpha-3 of a country name in English, tolerant of GDELT's and ICEWS's spellings; null when unknown. */
  fromCountryName(name: string): string | null {
    // Checked before the cache, which would keep a name of megabytes.
    if (name.length > LONGEST_NAME) return null;
    return this.#countryNames.get(name, (n) => this.#resolveCountryName(n));
  }

  #resolveCountryName(name: string): string | null {
    for (const variant of nameVariants(name)) {
      const alias = PLACE_NAME_ALIASES[variant.toLowerCase()];
      if (alias !== undefined) return alias;
      const iso = this.#packageName(variant);
      if (iso !== null) return iso;
      const code = this.#icewsLower.get(variant.toLowerCase());
      if (code !== undefined) {
        const viaTable = this.fromCameo(code);
        if (viaTable !== null) return viaTable;
      }
    }
    return null;
  }

  /** The package's lookup lower-cases the name once per country: a longer name than any country's is no country. */
  #packageName(name: string): string | null {
    if (name.length > LONGEST_NAME) return null;
    const code = countries.getAlpha3Code(name, 'en');
    return code !== undefined && isTrueIso(code) ? code : null;
  }
}

/**
 * Country names in GDELT place names that neither the ICEWS table nor the package resolve
 * (checked on the real files in shared/data/events and on GDELT's FIPS country names).
 */
export const PLACE_NAME_ALIASES: Readonly<Record<string, string>> = {
  'vatican city': 'VAT',
  'west bank': 'PSE',
  'gaza strip': 'PSE',
  burma: 'MMR',
  macau: 'MAC',
  'east timor': 'TLS',
};

/** Longer than every country name (and spelling of one) the tables know: a longer text names no country. */
export const LONGEST_NAME = 100;

/**
 * The end of a name trimmed of white space and commas. Written as a loop over trimEnd: the regular
 * expressions /[\s,]+$/ and /\s*\(general\)\s*$/ backtrack over every run of white space that does
 * not reach the end, so a hostile field of a million spaces then a letter would take hours.
 */
function trimEndSpaceAndCommas(s: string): string {
  let t = s.trimEnd();
  while (t.endsWith(',')) t = t.slice(0, -1).trimEnd();
  return t;
}

/** The name without a final `(general)` (any case) and the white space around it, or the name as it is. */
function withoutGeneral(name: string): string {
  const t = name.trimEnd();
  return t.length >= 9 && t.slice(-9).toLowerCase() === '(general)' ? t.slice(0, -9).trimEnd() : name;
}

function nameVariants(name: string): string[] {
  const out = [name];
  const general = withoutGeneral(name);
  if (general !== name) out.push(general);
  const m = /^(.*),\s*(the|republic of)$/i.exec(general);
  if (m?.[1] !== undefined) out.push(m[1]);
  if (general.includes('-')) out.push(general.replace(/-/g, ' and '));
  return out;
}

/** Every CAMEO country code and ICEWS country name that has no ISO alpha-3 equivalent, with the reason. */
export function unmappedCountryReport(lookups: Lookups, mapper: CountryMapper = new CountryMapper(lookups)): { cameo: CountryMapping[]; icews: CountryMapping[] } {
  const cameo = [...lookups.cameoCountries.keys()].map((c) => mapper.explainCameo(c)).filter((m) => m.iso === null);
  const icews = [...lookups.icewsCountryNames.keys()].map((n) => mapper.explainIcewsName(n)).filter((m) => m.iso === null);
  return { cameo, icews };
}
