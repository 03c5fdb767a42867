/**
 * The CAMEO event codebook as data: codes, names, Goldstein scores (GDELT's and the codebook's),
 * root and base codes, quad classes under both conventions. Pure: loading the tables from disk is
 * the ingest layer's job (src/ingest/events/lookups.ts).
 */
import type { QuadClass } from './event.ts';

/** One CAMEO event code with everything the importers and the analysis need to know about it. */
export interface CameoEventCode {
  /** Two to four digits, as text (`010` is not `10`). */
  readonly code: string;
  readonly name: string;
  /** 1 = two-digit root, 2 = three-digit, 3 = four-digit. */
  readonly level: 1 | 2 | 3;
  readonly rootCode: string;
  /** The three-digit parent (the code itself when it has two or three digits). */
  readonly baseCode: string;
  /** GDELT's Goldstein value (CAMEO.goldsteinscale.txt); null where GDELT has none (ICEWS-only codes). */
  readonly goldsteinGdelt: number | null;
  /** The CAMEO codebook's Goldstein value (what ICEWS writes as Intensity); null where unknown. */
  readonly goldsteinCodebook: number | null;
  readonly quadGdelt: QuadClass;
  readonly quadAlt: QuadClass;
  /** Codebook description, when cameo-codes.csv has one (its text keeps the origin's mis-decoded quotes). */
  readonly description: string | null;
}

/** Read-only lookups over a set of CAMEO event codes. */
export class CameoCodebook {
  readonly #codes: ReadonlyMap<string, CameoEventCode>;

  constructor(codes: Iterable<CameoEventCode>) {
    const m = new Map<string, CameoEventCode>();
    for (const c of codes) {
      if (m.has(c.code)) throw new Error(`CAMEO codebook: duplicate code ${c.code}`);
      m.set(c.code, c);
    }
    this.#codes = m;
  }

  /** Number of codes known. */
  get size(): number {
    return this.#codes.size;
  }

  /** Whether a string is a known CAMEO event code. */
  has(code: string): boolean {
    return this.#codes.has(code);
  }

  /** The entry of a code, or undefined when unknown (or null: a PLOVER-coded event has no CAMEO code). */
  get(code: string | null): CameoEventCode | undefined {
    return code === null ? undefined : this.#codes.get(code);
  }

  /** Every code, in the order given to the constructor. */
  codes(): IterableIterator<CameoEventCode> {
    return this.#codes.values();
  }
}

/** The parents a GDELT row carries for an event code: EventRootCode and EventBaseCode. */
export function cameoParents(code: string): { rootCode: string; baseCode: string } {
  return { rootCode: code.slice(0, 2), baseCode: code.length <= 3 ? code : code.slice(0, 3) };
}

/** Splits a CAMEO agent/actor chain into its three-letter blocks (`GOVMIL` → GOV, MIL); null when it is not such a chain. */
export function splitActorCode(code: string): string[] | null {
  if (code.length === 0 || code.length % 3 !== 0 || !/^[A-Z]+$/.test(code)) return null;
  const out: string[] = [];
  for (let i = 0; i < code.length; i += 3) out.push(code.slice(i, i + 3));
  return out;
}
