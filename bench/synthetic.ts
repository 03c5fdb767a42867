/**
 * A generator of GDELT 2.0-shaped event rows (61 tab-separated columns) for benchmarks and memory
 * tests. Seeded, so a given seed always gives the same file. Rows are plausible rather than real:
 * actors skew toward a few countries (USA first, then MEX, CAN, CHN, GBR…), event codes are real
 * CAMEO codes with GDELT's Goldstein value and quad class, dates fall in 2015–2024.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CameoCodebook, CameoEventCode } from '../src/domain/events/cameo.ts';
import { lookups } from '../src/ingest/events/lookups.ts';
import { gdeltColumnNames } from '../src/ingest/events/formats/gdelt/columns.ts';

/** Mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Place { readonly name: string; readonly adm1: string; readonly adm2: string; readonly type: number; readonly lat: number; readonly long: number; readonly feature: string }
interface Country { readonly cameo: string; readonly upper: string; readonly fips: string; readonly weight: number; readonly places: readonly Place[] }

function country(cameo: string, upper: string, fips: string, name: string, weight: number, lat: number, long: number, cities: readonly Omit<Place, 'type'>[] = []): Country {
  const whole: Place = { name, adm1: fips, adm2: '', type: 1, lat, long, feature: fips };
  return { cameo, upper, fips, weight, places: [whole, ...cities.map((c) => ({ ...c, type: fips === 'US' ? 3 : 4 }))] };
}

/** Countries with their GDELT (FIPS) geo codes and relative weights; USA, MEX, CAN lead, as in the bundled case. */
const COUNTRIES: readonly Country[] = [
  country('USA', 'UNITED STATES', 'US', 'United States', 30, 39.828175, -98.5795, [
    { name: 'Washington, District of Columbia, United States', adm1: 'USDC', adm2: 'DC001', lat: 38.8951, long: -77.0364, feature: '531871' },
    { name: 'New York, New York, United States', adm1: 'USNY', adm2: 'NY061', lat: 40.7143, long: -74.006, feature: '975772' },
    { name: 'El Paso, Texas, United States', adm1: 'USTX', adm2: 'TX141', lat: 31.7587, long: -106.487, feature: '1380946' },
  ]),
  country('MEX', 'MEXICO', 'MX', 'Mexico', 9, 23, -102, [
    { name: 'Mexico City, Distrito Federal, Mexico', adm1: 'MX09', adm2: '21853', lat: 19.4342, long: -99.1386, feature: '-1658079' },
    { name: 'Tijuana, Baja California, Mexico', adm1: 'MX02', adm2: '21787', lat: 32.5333, long: -117.017, feature: '-1706588' },
  ]),
  country('CAN', 'CANADA', 'CA', 'Canada', 7, 60, -95, [
    { name: 'Ottawa, Ontario, Canada', adm1: 'CA08', adm2: '10453', lat: 45.4167, long: -75.7, feature: '-570760' },
  ]),
  country('CHN', 'CHINA', 'CH', 'China', 8, 35, 105, [{ name: 'Beijing, Beijing, China', adm1: 'CH22', adm2: '13001', lat: 39.9289, long: 116.388, feature: '-1898541' }]),
  country('GBR', 'UNITED KINGDOM', 'UK', 'United Kingdom', 6, 54, -2, [{ name: 'London, London, City of, United Kingdom', adm1: 'UKH9', adm2: '40111', lat: 51.5, long: -0.116667, feature: '-2601889' }]),
  country('RUS', 'RUSSIA', 'RS', 'Russia', 6, 60, 100),
  country('FRA', 'FRANCE', 'FR', 'France', 4, 46, 2),
  country('DEU', 'GERMANY', 'GM', 'Germany', 4, 51, 9),
  country('IND', 'INDIA', 'IN', 'India', 4, 20, 77),
  country('ISR', 'ISRAEL', 'IS', 'Israel', 3, 31.5, 34.75),
  country('JPN', 'JAPAN', 'JA', 'Japan', 3, 36, 138),
  country('BRA', 'BRAZIL', 'BR', 'Brazil', 2, -10, -55),
  country('IRN', 'IRAN', 'IR', 'Iran', 2, 32, 53),
  country('SYR', 'SYRIA', 'SY', 'Syria', 2, 35, 38),
  country('TUR', 'TURKEY', 'TU', 'Turkey', 2, 39, 35),
  country('NGA', 'NIGERIA', 'NI', 'Nigeria', 2, 10, 8),
  country('PAK', 'PAKISTAN', 'PK', 'Pakistan', 2, 30, 70),
  country('AUS', 'AUSTRALIA', 'AS', 'Australia', 2, -27, 133),
  country('UKR', 'UKRAINE', 'UP', 'Ukraine', 2, 49, 32),
  country('KOR', 'SOUTH KOREA', 'KS', 'South Korea', 1, 37, 127.5),
  country('COL', 'COLOMBIA', 'CO', 'Colombia', 1, 4, -72),
  country('CUB', 'CUBA', 'CU', 'Cuba', 1, 21.5, -80),
];

const TYPES: readonly (readonly [string, number])[] = [
  ['', 30], ['GOV', 25], ['MIL', 7], ['BUS', 6], ['CVL', 5], ['COP', 5], ['JUD', 4], ['MED', 4], ['LEG', 3], ['EDU', 3], ['OPP', 2], ['REB', 1], ['REF', 1], ['HLH', 1],
];

/** Common CAMEO codes get most of the weight, as in real GDELT (statements, consultations, cooperation). */
const CODE_WEIGHTS: Readonly<Record<string, number>> = {
  '010': 12, '020': 4, '036': 5, '040': 8, '042': 6, '043': 6, '046': 3, '051': 5, '057': 2, '061': 2, '071': 1.5,
  '111': 3, '112': 3, '120': 1, '130': 1, '141': 1, '173': 2, '190': 3, '193': 1.5,
};

/** Cumulative-weight sampler. */
function sampler<T>(items: readonly T[], weight: (t: T) => number, rand: () => number): () => T {
  const cum: number[] = [];
  let total = 0;
  for (const it of items) {
    total += weight(it);
    cum.push(total);
  }
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}

export interface SyntheticGdeltOptions {
  /** PRNG seed (default 20170101). */
  readonly seed?: number;
  /** GLOBALEVENTID of the first row (default 600,000,000). */
  readonly startId?: number;
  readonly codebook?: CameoCodebook;
}

const FIRST_DAY = Date.UTC(2015, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2024, 11, 31) / 86_400_000;

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

const PERSON_ROLES = ['PRESIDENT', 'MINISTER', 'SENATOR', 'GOVERNOR', 'MAYOR', 'POLICE CHIEF', 'AMBASSADOR', 'JUDGE', 'GENERAL', 'SPOKESMAN'];
const PROVINCES = ['North', 'South', 'East', 'West', 'Central', 'Capital', 'Coastal', 'Highland'];

/** Yields `count` GDELT 2.0 export rows (no trailing newline). */
export function* syntheticGdelt2Rows(count: number, options: SyntheticGdeltOptions = {}): Generator<string> {
  const rand = mulberry32(options.seed ?? 20170101);
  const book = options.codebook ?? lookups().codebook;
  const codes = [...book.codes()].filter((c): c is CameoEventCode & { goldsteinGdelt: number } => c.level > 1 && c.goldsteinGdelt !== null);
  const pickCode = sampler(codes, (c) => CODE_WEIGHTS[c.code] ?? 0.15, rand);
  const pickCountry = sampler(COUNTRIES, (c) => c.weight, rand);
  const pickType = sampler(TYPES, (t) => t[1], rand);
  // Long tails, as in real files: a log-uniform rank over 50,000 named people and 20,000 towns,
  // so most rows repeat a few values and some carry rare ones.
  const rank = (n: number): number => Math.floor(Math.exp(rand() * Math.log(n)));
  let id = options.startId ?? 600_000_000;
  const empty10 = '\t\t\t\t\t\t\t\t\t';

  const actor = (present: boolean): { cols: string; c: Country | null } => {
    if (!present) return { cols: empty10, c: null };
    const c = pickCountry();
    const t = pickType()[0];
    const name = rand() < 0.25 ? `${PERSON_ROLES[rank(PERSON_ROLES.length + 1) - 1] as string} ${c.upper} ${rank(50_000)}` : c.upper;
    return { cols: `${c.cameo}${t}\t${name}\t${c.cameo}\t\t\t\t\t${t}\t\t`, c };
  };
  const geo = (c: Country | null): string => {
    if (c === null) return '0\t\t\t\t\t\t\t';
    if (rand() < 0.3) {
      const town = rank(20_000);
      const prov = PROVINCES[town % PROVINCES.length] as string;
      const lat = (c.places[0] as Place).lat + ((town % 97) - 48) / 20;
      const long = (c.places[0] as Place).long + ((town % 89) - 44) / 20;
      return `4\tTown ${town}, ${prov} Province, ${(c.places[0] as Place).name}\t${c.fips}\t${c.fips}0${town % 9}\t${town}\t${lat.toFixed(4)}\t${long.toFixed(4)}\t-${100000 + town}`;
    }
    const p = c.places[Math.floor(rand() * c.places.length)] as Place;
    return `${p.type}\t${p.name}\t${c.fips}\t${p.adm1}\t${p.adm2}\t${p.lat}\t${p.long}\t${p.feature}`;
  };

  const days: { y: number; mm: string; dd: string; fraction: string }[] = [];
  for (let dayNo = FIRST_DAY; dayNo <= LAST_DAY; dayNo++) {
    const d = new Date(dayNo * 86_400_000);
    const y = d.getUTCFullYear();
    days.push({ y, mm: pad(d.getUTCMonth() + 1), dd: pad(d.getUTCDate()), fraction: (y + (dayNo - Date.UTC(y, 0, 1) / 86_400_000 + 1) / 365).toFixed(4) });
  }

  for (let i = 0; i < count; i++) {
    const { y, mm, dd, fraction } = days[Math.floor(rand() * days.length)] as (typeof days)[number];
    const a1 = actor(rand() < 0.92);
    const a2 = actor(rand() < 0.72);
    const code = pickCode();
    const mentions = 1 + Math.floor(-Math.log(1 - rand()) * 4);
    const sources = 1 + Math.floor(rand() * Math.min(mentions, 3));
    const tone = (rand() + rand() + rand() - 1.5) * 6 - 1.5;
    const action = rand() < 0.85 ? (rand() < 0.7 ? a1.c ?? a2.c : a2.c ?? a1.c) : null;
    const added = `${y}${mm}${dd}${pad(Math.floor(rand() * 24))}${pad(Math.floor(rand() * 4) * 15)}00`;
    const rowId = id++;
    yield `${rowId}\t${y}${mm}${dd}\t${y}${mm}\t${y}\t${fraction}\t${a1.cols}\t${a2.cols}\t` +
      `${rand() < 0.6 ? '1' : '0'}\t${code.code}\t${code.baseCode}\t${code.rootCode}\t${code.quadGdelt}\t${code.goldsteinGdelt.toFixed(1)}\t` +
      `${mentions}\t${sources}\t${mentions}\t${tone.toFixed(12)}\t${geo(a1.c)}\t${geo(a2.c)}\t${geo(action)}\t` +
      `${added}\thttps://news.example.org/${y}/${mm}/${dd}/story-${rowId}.html`;
  }
}

/** Writes lines to a file (a newline after each) in blocks of about 1 MiB, with backpressure; returns the bytes written. */
async function writeLines(path: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let buf: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    const text = buf.join('');
    buf = [];
    size = 0;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const line of lines) {
    buf.push(line, '\n');
    size += line.length + 1;
    if (size >= 1 << 20) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** Writes `count` synthetic GDELT 2.0 rows to a file (newline after each row), with backpressure. */
export async function writeSyntheticGdelt2File(path: string, count: number, options: SyntheticGdeltOptions = {}): Promise<{ rows: number; bytes: number }> {
  return { rows: count, bytes: await writeLines(path, syntheticGdelt2Rows(count, options)) };
}

/**
 * Writes the same synthetic rows as a BigQuery-style CSV export of `gdelt-bq.gdeltv2.events`: a header
 * row of the codebook names, the columns in another order (a fixed permutation), every field quoted
 * (`"` doubled), comma-separated, and a CAMEOCodeDescription column after EventCode (as gdeltPyR adds);
 * the header-row import bench reads it against the plain file of the same rows.
 */
export async function writeSyntheticHeaderCsv(path: string, count: number, options: SyntheticGdeltOptions = {}): Promise<{ rows: number; bytes: number }> {
  const names = gdeltColumnNames('gdelt2');
  const idx = names.map((_, i) => i);
  const order = [...idx.filter((i) => i % 2 === 1).reverse(), ...idx.filter((i) => i % 2 === 0)];
  const code = names.indexOf('EventCode');
  const q = (v: string): string => `"${v.includes('"') ? v.replace(/"/g, '""') : v}"`;
  const line = (f: readonly string[], desc: string): string => {
    const out: string[] = [];
    for (const p of order) {
      out.push(q(f[p] ?? ''));
      if (p === code) out.push(q(desc));
    }
    return out.join(',');
  };
  function* lines(): Generator<string> {
    yield line(names, 'CAMEOCodeDescription');
    for (const row of syntheticGdelt2Rows(count, options)) {
      const f = row.split('\t');
      yield line(f, `CAMEO ${f[code] ?? ''}`);
    }
  }
  return { rows: count, bytes: await writeLines(path, lines()) };
}
