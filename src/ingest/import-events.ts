/**
 * Imports one event file into a store: read (streaming, any format), report bad rows to a rejects
 * file, write in large batches through the store's bulk path — all in one transaction.
 */
import { createHash } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import type { Store } from '../store/store.ts';
import { createRejectsWriter, openEventFile, type DerivedQuadConvention, type IngestProgress, type IngestStats, type RejectedRow, type RejectsWriter } from './events/index.ts';

export interface ImportFileOptions {
  readonly format?: 'auto' | 'gdelt1' | 'gdelt2' | 'icews' | 'csv';
  readonly strict?: boolean;
  readonly quadConvention?: DerivedQuadConvention;
  /** Where rejected rows go; the file is created only if a row is rejected. */
  readonly rejectsPath: string;
  readonly onProgress?: (p: IngestProgress) => void;
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
  const started = performance.now();
  // Hash while the import runs: the two reads overlap on separate cores.
  // A failed import stops the hashing too, rather than reading the rest of a large file for nothing.
  const stopHashing = new AbortController();
  const hashing = sha256File(file, stopHashing.signal);
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
    };
  } catch (e) {
    stopHashing.abort();
    throw e;
  } finally {
    reader.close();
    (rejects as RejectsWriter | null)?.close();
  }
}
