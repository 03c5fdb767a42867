/** Shared types of the event readers: formats, options, progress and statistics. */
import type { EventDataset, QuadConvention } from '../../domain/events/event.ts';
import type { DecompressionLimits } from '../../app/ports.ts';
import type { Compression } from './source.ts';
import type { Lookups } from './lookups.ts';
import type { RejectedRow } from './refusal.ts';

/** A readable event file format; the names match the dataset tag written on each event. */
export type EventFormat = EventDataset;

/** The conventions a reader may use to derive a missing quad class. */
export type DerivedQuadConvention = Exclude<QuadConvention, 'file'>;

/** Progress of one file; bytes are in the unit of `totalBytes` (see ByteSource). */
export interface IngestProgress {
  readonly file: string;
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Data rows seen so far (header and blank lines excluded). */
  readonly rows: number;
  readonly events: number;
  readonly rejected: number;
  readonly done: boolean;
}

/** What a read did, filled in while it runs and final once the batches are exhausted. */
export interface IngestStats {
  readonly file: string;
  format: EventFormat;
  /** Why this format was chosen (`--format` given, or what the detection saw). */
  formatReason: string;
  compression: Compression;
  entryName: string | null;
  /** Physical lines read (header and blank lines included). */
  lines: number;
  rows: number;
  events: number;
  rejected: number;
  blankLines: number;
  /** Events whose quad class was derived (the file had none), by the convention applied. */
  quadDerived: number;
  /** Actor country values (CAMEO codes, ICEWS names) without an ISO alpha-3 equivalent → occurrences. */
  readonly unmappedCountries: Map<string, number>;
  /** Place names whose country part was not recognised (`FIPS country-part` for GDELT) → occurrences. */
  readonly unmappedLocations: Map<string, number>;
  /** ICEWS sector names with no CAMEO agent code in icews-sector-agents.tsv (`Ideological` → `---`, `Unspecified`) → occurrences. */
  readonly unmappedSectors: Map<string, number>;
  /** ICEWS sector names whose agent code is ethnic or religious (`Christian` → CHR), not a role/type code, so kept out of `sectors` → occurrences. */
  readonly nonRoleSectors: Map<string, number>;
  /** POLECAT: older PLOVER type names read and mapped to the current ones (DEMAND → REQUEST…) → occurrences. */
  readonly legacyPloverTypes: Map<string, number>;
  /** POLECAT: lines that were not valid UTF-8 and were read as ISO-8859-1. */
  latin1Lines: number;
  /**
   * Columns of a header-row file that its format does not name (a pandas index column, gdeltPyR's
   * CAMEOCodeDescription, an ICEWS column unknown to the Dataverse layout): read past, and reported.
   */
  ignoredColumns: string[];
  bytesRead: number;
  totalBytes: number;
}

/** Options of every reader. */
export interface ReadEventsOptions {
  /** `auto` (default) detects the format from the content, then the file name. */
  readonly format?: 'auto' | EventFormat;
  /** Events per emitted batch (default 50,000). */
  readonly batchSize?: number;
  /** Convention for quad classes the file lacks (ICEWS; CSV without quad_class). Default `gdelt`. */
  readonly quadConvention?: DerivedQuadConvention;
  /** Throw on the first bad row instead of reporting it. */
  readonly strict?: boolean;
  /** Called for every rejected row (also in strict mode, before the throw). */
  readonly onReject?: (row: RejectedRow) => void;
  /** Called after each block of input (about 1 MiB) and once at the end. */
  readonly onProgress?: (progress: IngestProgress) => void;
  /**
   * `fast` (default for GDELT and ICEWS): hand-written checks equivalent to the PoliticalEvent
   * schema. `schema`: zod-parse every event as well. User CSV is always schema-checked.
   */
  readonly validation?: 'fast' | 'schema';
  /** Lookup tables (default: data/cameo/). */
  readonly lookups?: Lookups;
  /** Bounds on decompressing .gz and .zip files. */
  readonly limits?: DecompressionLimits;
}
