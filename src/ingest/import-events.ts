/**
 * Imports one event file into a store: read (streaming, any format), report bad rows to a rejects
 * file, write in large batches through the store's bulk path — all in one transaction.
 */
import { createHash } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { NativePathDeclined } from '../store/store.ts';
import type { GdeltFilePlan, Store } from '../store/store.ts';
import {
  CountryMapper, EventRejectError, createRejectsWriter, lookups, openEventFile,
  type DerivedQuadConvention, type IngestProgress, type IngestStats, type RejectedRow, type RejectsWriter,
} from './events/index.ts';
import { GdeltRowParser, gdeltColumnNames, placeKey } from './events/gdelt.ts';
import { readLinesAt, scanPlainFile } from './events/plain-file.ts';
import { bump } from './events/fields.ts';

export interface ImportFileOptions {
  readonly format?: 'auto' | 'gdelt1' | 'gdelt2' | 'icews' | 'csv';
  readonly strict?: boolean;
  readonly quadConvention?: DerivedQuadConvention;
  /** Where rejected rows go; the file is created only if a row is rejected. */
  readonly rejectsPath: string;
  readonly onProgress?: (p: IngestProgress) => void;
  /**
   * Whether a store that parses plain GDELT files itself may do so (default true). Both paths give
   * the same events, rejects and statistics; `false` forces the reader (tests compare the two).
   */
  readonly native?: boolean;
}

export interface ImportFileResult {
  readonly file: string;
  readonly format: string;
  readonly formatReason: string;
  readonly inserted: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Path of the rejects file, or null when no row was rejected. */
  readonly rejectsPath: string | null;
  readonly stats: IngestStats;
  readonly seconds: number;
  /** Who parsed the file: DuckDB, for the stores' path for plain GDELT files (`engine`), or this project's reader. */
  readonly parsedBy: 'engine' | 'reader';
  /** Why the engine's path was not taken for a file it could have read, or null. */
  readonly declined: string | null;
}

/**
 * Events per batch handed to the store. Small batches keep few events alive at a time: with the
 * reader's default (50,000) the garbage collector spends a large share of the import promoting and
 * scanning them; the stores write in their own, larger chunks whatever the batch size.
 */
export const IMPORT_BATCH_SIZE = 4096;

/** SHA-256 of a file's bytes, streamed. */
export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Imports one file; throws (and the store keeps nothing of it) on a bad file or, with `strict`, a bad row. */
export async function importEventFile(store: Store, file: string, options: ImportFileOptions): Promise<ImportFileResult> {
  if (store.importGdeltFile !== undefined && options.native !== false) {
    const native = await importByEngine(store, file, options);
    if ('parsedBy' in native) return native;
    return importByReader(store, file, options, native.declined, native.sha256);
  }
  return importByReader(store, file, options, null);
}

/** The ordinary path: this project's reader parses the file and hands the store batches of events. */
async function importByReader(
  store: Store, file: string, options: ImportFileOptions, declined: string | null, knownSha256?: Promise<string>,
): Promise<ImportFileResult> {
  const started = performance.now();
  // Hash while the import runs: the two reads overlap on separate cores.
  // A failed import stops the hashing too, rather than reading the rest of a large file for nothing.
  const stopHashing = new AbortController();
  // A file the engine's path declined was hashed on the way: that hash is reused, not recomputed.
  const hashing = knownSha256 ?? sha256File(file, stopHashing.signal);
  hashing.catch(() => undefined);
  // A rejects file from an earlier import of the same name would mislead: it is replaced or removed.
  rmSync(options.rejectsPath, { force: true });
  let rejects: RejectsWriter | null = null;
  const onReject = (row: RejectedRow): void => {
    rejects ??= createRejectsWriter(options.rejectsPath);
    rejects.write(row);
  };
  const reader = await openEventFile(file, {
    format: options.format ?? 'auto',
    strict: options.strict ?? false,
    batchSize: IMPORT_BATCH_SIZE,
    ...(options.quadConvention ? { quadConvention: options.quadConvention } : {}),
    onReject,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  }).catch((e: unknown) => {
    stopHashing.abort();
    throw e;
  });
  try {
    const result = await store.importEvents(reader.batches(), {
      file,
      format: reader.format,
      sha256: () => hashing,
      rejected: () => reader.stats.rejected,
    });
    return {
      file,
      format: reader.format,
      formatReason: reader.stats.formatReason,
      inserted: result.inserted,
      duplicates: result.duplicates,
      rejected: reader.stats.rejected,
      rejectsPath: (rejects as RejectsWriter | null)?.path ?? null,
      stats: reader.stats,
      seconds: (performance.now() - started) / 1000,
      parsedBy: 'reader',
      declined,
    };
  } catch (e) {
    stopHashing.abort();
    throw e;
  } finally {
    reader.close();
    (rejects as RejectsWriter | null)?.close();
  }
}

/**
 * The engine's path, for plain GDELT files on a store that parses them itself. The reader still
 * judges every row the engine's rules do not pass, and maps countries and places; the file is
 * hashed and checked alongside. Returns `{ declined }`, having stored nothing, when the file does
 * not suit the path (compressed, not GDELT, CR line ends…) or the reader would keep a row the
 * engine refused: the caller then takes the ordinary path.
 */
async function importByEngine(store: Store, file: string, options: ImportFileOptions): Promise<ImportFileResult | { declined: string | null; sha256?: Promise<string> }> {
  const started = performance.now();
  const importGdeltFile = store.importGdeltFile!;
  const probe = await openEventFile(file, { format: options.format ?? 'auto' });
  probe.close();
  const stats = probe.stats;
  const dataset = probe.format;
  if (dataset !== 'gdelt1' && dataset !== 'gdelt2') return { declined: null };
  if (stats.compression !== 'none') return { declined: `${stats.compression} files are read by the reader` };

  const stopScan = new AbortController();
  const scanning = scanPlainFile(file, stopScan.signal);
  scanning.catch(() => undefined);
  rmSync(options.rejectsPath, { force: true });
  let rejects: RejectsWriter | null = null;
  const lk = lookups();
  const countries = new CountryMapper(lk);
  const columns = gdeltColumnNames(dataset === 'gdelt2');
  const totalBytes = stats.totalBytes;
  const progress = (fraction: number, done: boolean): void => {
    stats.bytesRead = Math.round(fraction * totalBytes);
    options.onProgress?.({ file, bytesRead: stats.bytesRead, totalBytes, rows: stats.rows, events: stats.events, rejected: stats.rejected, done });
  };
  const plan: GdeltFilePlan = {
    file,
    dataset,
    columns,
    codes: [...lk.codebook.codes()].map((c) => ({ code: c.code, baseCode: c.baseCode, rootCode: c.rootCode })),
    mapActorCountries: (codes) => codes.map(({ code, rows }) => {
      const iso = countries.fromCameo(code);
      if (iso === null) bump(stats.unmappedCountries, code, rows);
      return iso;
    }),
    mapPlaces: (places) => places.map(({ name, fips, rows }) => {
      const iso = countries.fromPlaceName(name);
      if (iso === null) bump(stats.unmappedLocations, placeKey(fips, name), rows);
      return iso;
    }),
    checked: async () => {
      const scan = await scanning;
      if (scan.unfit !== null) throw new NativePathDeclined(`${file}: ${scan.unfit}`);
    },
    review: async (lines) => {
      if (lines.length === 0) return;
      const text = await readLinesAt(file, lines);
      const parser = new GdeltRowParser(dataset, lk.codebook, countries, stats);
      for (const line of lines) {
        const row = text.get(line);
        if (row === undefined) throw new NativePathDeclined(`${file}: line ${line} is not in the file`);
        if (parser.parse(row) !== null) throw new NativePathDeclined(`${file}: line ${line}: the reader keeps a row the engine's rules refused`);
        const rejected: RejectedRow = { file, line, field: parser.field, reason: parser.reason };
        stats.rejected++;
        rejects ??= createRejectsWriter(options.rejectsPath);
        rejects.write(rejected);
        if (options.strict) throw new EventRejectError(rejected);
      }
    },
    onProgress: options.onProgress ? (f) => progress(f, false) : undefined,
    onCounted: (rows, events) => {
      stats.lines = stats.rows = rows;
      stats.events = events;
    },
  };
  try {
    const counts = await importGdeltFile(plan, {
      file,
      format: dataset,
      sha256: async () => (await scanning).sha256,
      rejected: () => stats.rejected,
    });
    progress(1, true);
    return {
      file, format: dataset, formatReason: stats.formatReason,
      inserted: counts.inserted, duplicates: counts.duplicates, rejected: stats.rejected,
      rejectsPath: (rejects as RejectsWriter | null)?.path ?? null,
      stats, seconds: (performance.now() - started) / 1000, parsedBy: 'engine', declined: null,
    };
  } catch (e) {
    (rejects as RejectsWriter | null)?.close();
    rejects = null;
    if (e instanceof NativePathDeclined) {
      rmSync(options.rejectsPath, { force: true });
      // Declines come after the file check, so the scan (and its hash) is complete.
      return { declined: e.message, sha256: scanning.then((scan) => scan.sha256) };
    }
    stopScan.abort();
    throw e;
  } finally {
    (rejects as RejectsWriter | null)?.close();
  }
}
