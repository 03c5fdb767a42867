/**
 * PLOVER as data: its event types and their quad classes, the names older PLOVER drafts used, the
 * CAMEO↔PLOVER crosswalk, and which convention a series' quad classes and scores come from. Pure:
 * reading the crosswalk file is the ingest layer's job (src/ingest/events/lookups.ts).
 *
 * Sources: openeventdata/PLOVER, commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f (CC BY-SA 4.0):
 * PLOVER_MANUAL.tex ("Quad categories in PLOVER" table and each event's own section),
 * CAMEO2PLOVER-2021.txt (the crosswalk, draft 0.8 of 17 September 2021), and the repository history
 * cited at LEGACY_PLOVER_TYPES.
 */
import type { EventDataset, PloverCoding, PloverEventType, QuadClass } from './event.ts';
import { PLOVER_EVENT_TYPES } from './plover-types.ts';

export { PLOVER_EVENT_TYPES };

/**
 * PLOVER's own quad class of each event type. The manual's summary table puts SANCTION in verbal
 * conflict (3) while SANCTION's own section, like every other material act of reducing relations,
 * says material conflict (4); the table `plover-event-types.csv` records both. Applied here: **4**,
 * the event's own section — SANCTION's modes (convict, expel, withdraw, discontinue) are acts, not
 * words, and its CAMEO source (root 16, REDUCE RELATIONS) is quad 4 under both CAMEO conventions
 * (GDELT's and the alternative), so a series mixing CAMEO and PLOVER sources classes these events alike.
 */
export const PLOVER_QUAD: Readonly<Record<PloverEventType, QuadClass>> = {
  AGREE: 1, CONSULT: 1, SUPPORT: 1, CONCEDE: 1,
  COOPERATE: 2, AID: 2, RETREAT: 2,
  REQUEST: 3, ACCUSE: 3, REJECT: 3, THREATEN: 3,
  PROTEST: 4, SANCTION: 4, MOBILIZE: 4, COERCE: 4, ASSAULT: 4,
};

/**
 * Event-type names of older PLOVER drafts, mapped to the current ones (from the PLOVER repository's history):
 * - DISAPPROVE → ACCUSE (mode `disapprove`), INVESTIGATE → ACCUSE (mode `investigate`): commit 0711e39
 *   (2021-07-29, "First round of PITF edits") renames the DISAPPROVE section ACCUSE, "This section
 *   merges in the older DISAPPROVE and INVESTIGATE categories"; ACCUSE's modes are disapprove, investigate, allege.
 * - DEMAND → REQUEST: the manual's CAMEO translation table (10 DEMAND → REQUEST) and commit 5e0c24f
 *   (2024-02-04, "replace incorrect DEMAND refs with REQUEST"); README.md still lists DEMAND.
 * - FIGHT → ASSAULT: README.md of commit c624943 (2016-10-21) maps CAMEO 19 and 20 to FIGHT; the
 *   current crosswalk maps roots 18, 19 and 20 to ASSAULT.
 * - CRIME → no event type, context `crime`, quad 4: commit 0711e39 removes the CRIME category ("A note
 *   on CRIME": crime-type events are found by the CRM actor sector or "the crime contexts"); the
 *   README of c624943 placed CRIME in material conflict.
 */
export const LEGACY_PLOVER_TYPES: Readonly<Record<string, { readonly type: PloverEventType | null; readonly mode: string | null; readonly context: string | null; readonly quad: QuadClass }>> = {
  DISAPPROVE: { type: 'ACCUSE', mode: 'disapprove', context: null, quad: 3 },
  INVESTIGATE: { type: 'ACCUSE', mode: 'investigate', context: null, quad: 3 },
  DEMAND: { type: 'REQUEST', mode: null, context: null, quad: 3 },
  FIGHT: { type: 'ASSAULT', mode: null, context: null, quad: 4 },
  CRIME: { type: null, mode: null, context: 'crime', quad: 4 },
};

/** A PLOVER event type as a file writes it (any case), current or older, resolved; null when unknown. */
export function resolvePloverType(raw: string): { type: PloverEventType | null; mode: string | null; context: string | null; quad: QuadClass; legacy: boolean } | null {
  const name = raw.trim().toUpperCase();
  if ((PLOVER_EVENT_TYPES as readonly string[]).includes(name)) {
    const type = name as PloverEventType;
    return { type, mode: null, context: null, quad: PLOVER_QUAD[type], legacy: false };
  }
  const old = LEGACY_PLOVER_TYPES[name];
  return old === undefined ? null : { ...old, legacy: true };
}

/** One mapping line of CAMEO2PLOVER: `code: EVENT, mode, context[; context] # CAMEO label`. */
export interface CrosswalkEntry {
  readonly code: string;
  readonly type: PloverEventType;
  readonly mode: string | null;
  readonly contexts: readonly string[];
  /** The CAMEO label after `#` (empty on the root lines). */
  readonly label: string;
  /** 1-based line in the file. */
  readonly line: number;
  /** A root line (`03: AGREE`) heads its root's section. */
  readonly root: boolean;
}

/** A line of the crosswalk file that does not read; the message names the line. */
export class CrosswalkError extends Error {
  override readonly name = 'CrosswalkError';
}

/**
 * Parses the text of CAMEO2PLOVER-2021.txt. Comment lines start with `#`, blank lines and the closing
 * `~~~~~` are skipped; every other line must map a CAMEO code (2–4 digits) to a PLOVER type, with an
 * optional mode and contexts separated by `;` (fields are padded with spaces in the file). Text after
 * the label's `#` is the CAMEO label. A mode written with a trailing space (`access `) is trimmed.
 */
export function parseCameoPloverCrosswalk(text: string, file = 'CAMEO2PLOVER'): CrosswalkEntry[] {
  const out: CrosswalkEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] as string).replace(/\r$/, '');
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^~+$/.test(line)) continue;
    const at = `${file}:${i + 1}`;
    const m = /^(\d{2,4}):\s*(.*)$/.exec(line);
    if (m === null) throw new CrosswalkError(`${at}: expected "CAMEO code: PLOVER type, mode, context # label", got ${JSON.stringify(line)}`);
    const code = m[1] as string;
    const hash = (m[2] as string).indexOf('#');
    const body = hash === -1 ? (m[2] as string) : (m[2] as string).slice(0, hash);
    const label = hash === -1 ? '' : (m[2] as string).slice(hash + 1).trim();
    const [typeField = '', modeField = '', contextField = '', ...extra] = body.split(',').map((s) => s.trim());
    if (extra.some((x) => x !== '')) throw new CrosswalkError(`${at}: more than three comma-separated fields`);
    const type = typeField.toUpperCase();
    if (!(PLOVER_EVENT_TYPES as readonly string[]).includes(type)) throw new CrosswalkError(`${at}: ${JSON.stringify(typeField)} is not a PLOVER event type`);
    const contexts = contextField === '' ? [] : contextField.split(';').map((s) => s.trim()).filter((s) => s !== '');
    for (const c of contexts) if (!/^[a-z][a-z_-]*$/.test(c)) throw new CrosswalkError(`${at}: context ${JSON.stringify(c)} is not a lower-case name`);
    if (modeField !== '' && !/^[a-z][a-z_-]*$/.test(modeField)) throw new CrosswalkError(`${at}: mode ${JSON.stringify(modeField)} is not a lower-case name`);
    out.push({ code, type: type as PloverEventType, mode: modeField === '' ? null : modeField, contexts, label, line: i + 1, root: code.length === 2 && label === '' && modeField === '' && contexts.length === 0 });
  }
  return out;
}

/** CAMEO roots PLOVER drops (statements, appeals): their events have no PLOVER type. */
export const PLOVER_DROPPED_ROOTS: readonly string[] = ['01', '02'];

/**
 * CAMEO code → PLOVER coding, from the crosswalk's lines: the code's own line; else its three-digit
 * parent's (1951 and 1952, ICEWS-only codes, read as 195); else its root's section line (except root
 * 08, split between CONCEDE 081–083 and RETREAT 084–087, whose root line is ambiguous). Roots 01 and
 * 02 have no PLOVER type. Where a code has two lines (175 in the 2021 file, twice the same mapping),
 * they must agree.
 */
export class CameoPloverCrosswalk {
  readonly #byCode = new Map<string, PloverCoding>();
  readonly #roots = new Map<string, PloverCoding | 'ambiguous'>();
  readonly entries: readonly CrosswalkEntry[];

  constructor(entries: readonly CrosswalkEntry[]) {
    this.entries = entries;
    for (const e of entries) {
      const coding: PloverCoding = { type: e.type, mode: e.mode, contexts: [...e.contexts] };
      if (e.root) {
        const had = this.#roots.get(e.code);
        this.#roots.set(e.code, had === undefined ? coding : had !== 'ambiguous' && had.type === coding.type ? had : 'ambiguous');
        continue;
      }
      const had = this.#byCode.get(e.code);
      if (had !== undefined && JSON.stringify(had) !== JSON.stringify(coding)) throw new CrosswalkError(`CAMEO code ${e.code} is mapped twice, differently (line ${e.line})`);
      this.#byCode.set(e.code, coding);
    }
  }

  /** Codes with a line of their own (root lines excluded). */
  get size(): number {
    return this.#byCode.size;
  }

  /** The PLOVER coding of a CAMEO event code, or null (roots 01–02, or a code the crosswalk cannot place). */
  of(code: string | null): PloverCoding | null {
    if (code === null || PLOVER_DROPPED_ROOTS.includes(code.slice(0, 2))) return null;
    const own = this.#byCode.get(code) ?? (code.length === 4 ? this.#byCode.get(code.slice(0, 3)) : undefined);
    if (own !== undefined) return own;
    const root = this.#roots.get(code.slice(0, 2));
    return root === undefined || root === 'ambiguous' ? null : root;
  }

  /** The codes among `known` whose PLOVER type is one of `types` (what a filter by PLOVER type selects of CAMEO events). */
  cameoCodesOf(types: readonly PloverEventType[], known: Iterable<string>): string[] {
    const out: string[] = [];
    for (const c of known) {
      const t = this.of(c)?.type;
      if (t !== undefined && t !== null && types.includes(t)) out.push(c);
    }
    return out.sort();
  }
}

/**
 * Where an event's score (the `goldstein` field a series averages) comes from, by dataset: GDELT files
 * carry GDELT's Goldstein value; ICEWS events the CAMEO codebook's (= their Intensity); a user's CSV
 * its own value, GDELT's where blank; POLECAT its Intensity, PLOVER's expert score on the same −10…+10 scale.
 */
export type ScoreConvention = 'goldstein-gdelt' | 'goldstein-codebook' | 'goldstein-csv' | 'plover-intensity';

export function scoreConvention(dataset: EventDataset): ScoreConvention {
  switch (dataset) {
    case 'gdelt1':
    case 'gdelt2': return 'goldstein-gdelt';
    case 'icews': return 'goldstein-codebook';
    case 'csv': return 'goldstein-csv';
    case 'polecat': return 'plover-intensity';
  }
}

/** Which coding scheme a dataset's event types are in. */
export function codingScheme(dataset: EventDataset): 'cameo' | 'plover' {
  return dataset === 'polecat' ? 'plover' : 'cameo';
}

/** An event's PLOVER coding: its own (POLECAT), else its CAMEO code's through the crosswalk. */
export function ploverCodingOf(e: { plover?: PloverCoding; cameoCode: string | null }, crosswalk: CameoPloverCrosswalk): PloverCoding | null {
  return e.plover ?? crosswalk.of(e.cameoCode);
}
