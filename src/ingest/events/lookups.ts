/**
 * Loads the lookup tables the event importers need from data/cameo/ (byte-for-byte copies of the
 * shared tables; provenance in data/cameo/SOURCES.md). Loaded once per process, synchronously:
 * they are small and every reader needs them before its first row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CameoCodebook, type CameoEventCode, splitActorCode } from '../../domain/events/cameo.ts';
import type { QuadClass } from '../../domain/events/event.ts';
import { REPO_ROOT } from '../../repo.ts';
import { CameoPloverCrosswalk, parseCameoPloverCrosswalk } from '../../domain/events/plover.ts';
import type { PloverTables } from '../../app/ports.ts';

/** Folder holding the run-time copies of the CAMEO / ICEWS tables. */
export const CAMEO_DATA_DIR = join(REPO_ROOT, 'data', 'cameo');

/** One row of cameo-country-codes.csv. */
export interface CameoCountryRow {
  readonly code: string;
  readonly name: string;
  readonly kind: 'state_or_territory' | 'region' | 'historical_state' | 'subnational';
  readonly isIsoAlpha3: boolean;
  readonly note: string;
}

/** Everything the readers look up, loaded from one folder. */
export interface Lookups {
  readonly codebook: CameoCodebook;
  readonly cameoCountries: ReadonlyMap<string, CameoCountryRow>;
  /** ICEWS country name → CAMEO/ISO-style code (icews-country-names.tsv; composites such as USAASM kept). */
  readonly icewsCountryNames: ReadonlyMap<string, string>;
  /** ICEWS sector name → CAMEO agent code as written in icews-sector-agents.tsv (may be junk such as `--`). */
  readonly icewsSectorAgents: ReadonlyMap<string, string>;
  /** CAMEO role/type codes (cameo-actor-types.csv): the codes an actor's `sectors` may carry. */
  readonly actorTypes: ReadonlySet<string>;
}

type CsvRow = Record<string, string>;

function readCsv(dir: string, name: string): CsvRow[] {
  // cameo-codes.csv has mis-decoded quotes (invalid UTF-8) in its free text; Buffer→string
  // decoding is lenient, which is what we want for the codebook's prose.
  const text = readFileSync(join(dir, name)).toString('utf8');
  return parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[];
}

function readTsvPairs(dir: string, name: string): [string, string][] {
  const text = readFileSync(join(dir, name), 'utf8');
  const out: [string, string][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const cols = line.split('\t');
    const key = cols[0];
    const value = cols[1];
    if (key === undefined || value === undefined || key === 'NULL') continue;
    out.push([key, value]);
  }
  return out;
}

function num(s: string | undefined): number | null {
  if (s === undefined || s === '' || s === 'NA') return null;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${JSON.stringify(s)}`);
  return n;
}

function quad(s: string | undefined, code: string): QuadClass {
  if (s === '1' || s === '2' || s === '3' || s === '4') return Number(s) as QuadClass;
  throw new Error(`cameo-event-codes.csv: bad quad class ${JSON.stringify(s)} for ${code}`);
}

/** Builds the CAMEO codebook: cameo-codes.csv (names, codebook Goldstein, roots) joined with cameo-event-codes.csv (GDELT Goldstein, quad classes, ICEWS-only codes). */
export function loadCodebook(dir: string = CAMEO_DATA_DIR): CameoCodebook {
  const book = new Map<string, CsvRow>();
  for (const r of readCsv(dir, 'cameo-codes.csv')) if (r.code) book.set(r.code, r);
  const entries: CameoEventCode[] = [];
  for (const r of readCsv(dir, 'cameo-event-codes.csv')) {
    const code = r.code ?? '';
    if (!/^\d{2,4}$/.test(code)) throw new Error(`cameo-event-codes.csv: bad code ${JSON.stringify(code)}`);
    const b = book.get(code);
    const level = Number(r.level);
    if (level !== 1 && level !== 2 && level !== 3) throw new Error(`cameo-event-codes.csv: bad level for ${code}`);
    const description = b?.description;
    entries.push({
      code,
      // The codebook's own name wins; the derived table names the ICEWS-only codes it lacks.
      name: b?.name ?? r.name ?? code,
      level,
      rootCode: r.root_code ?? code.slice(0, 2),
      baseCode: r.base_code ?? code.slice(0, 3),
      goldsteinGdelt: num(r.goldstein),
      goldsteinCodebook: num(b?.goldstein) ?? num(r.goldstein_codebook),
      quadGdelt: quad(r.quad_class, code),
      quadAlt: quad(r.quad_class_alt, code),
      description: description === undefined || description === 'NA' ? null : description.trim(),
    });
  }
  return new CameoCodebook(entries);
}

function loadCameoCountries(dir: string): Map<string, CameoCountryRow> {
  const m = new Map<string, CameoCountryRow>();
  for (const r of readCsv(dir, 'cameo-country-codes.csv')) {
    const kind = r.kind as CameoCountryRow['kind'];
    m.set(r.code ?? '', { code: r.code ?? '', name: r.name ?? '', kind, isIsoAlpha3: r.is_iso3166_alpha3 === 'yes', note: r.note ?? '' });
  }
  return m;
}

function loadActorTypes(dir: string): Set<string> {
  return new Set(readCsv(dir, 'cameo-actor-types.csv').map((r) => r.code ?? '').filter((c) => splitActorCode(c)?.length === 1));
}

let cached: Lookups | undefined;

/** The lookups from data/cameo/, loaded on first use and shared afterwards. */
export function lookups(): Lookups {
  cached ??= loadLookups(CAMEO_DATA_DIR);
  return cached;
}

/** Loads every lookup table from a folder (tests point it at the shared originals). */
export function loadLookups(dir: string): Lookups {
  return {
    codebook: loadCodebook(dir),
    cameoCountries: loadCameoCountries(dir),
    icewsCountryNames: new Map(readTsvPairs(dir, 'icews-country-names.tsv')),
    icewsSectorAgents: new Map(readTsvPairs(dir, 'icews-sector-agents.tsv')),
    actorTypes: loadActorTypes(dir),
  };
}

/** The CAMEO↔PLOVER crosswalk file of data/cameo/ (a copy of openeventdata/PLOVER's CAMEO2PLOVER-2021.txt). */
export const CROSSWALK_FILE = 'cameo-to-plover-2021.txt';

/** Reads the crosswalk of a folder (every mapping line parsed; a line that does not read is an error naming it). */
export function loadCrosswalk(dir: string = CAMEO_DATA_DIR): CameoPloverCrosswalk {
  return new CameoPloverCrosswalk(parseCameoPloverCrosswalk(readFileSync(join(dir, CROSSWALK_FILE), 'utf8'), CROSSWALK_FILE));
}

let cachedPlover: PloverTables | undefined;

/** The crosswalk and the codebook's CAMEO codes, loaded once. */
export function ploverTables(): PloverTables {
  cachedPlover ??= { crosswalk: loadCrosswalk(), cameoCodes: [...lookups().codebook.codes()].map((c) => c.code) };
  return cachedPlover;
}
