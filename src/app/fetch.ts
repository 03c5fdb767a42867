/**
 * `events fetch`: GDELT's event exports of a date range, listed by a mirror (GDELT's own servers by
 * default), downloaded a few at a time, verified against the list's size and MD5, and imported one
 * by one (each file in its own transaction, through importEventFile).
 *
 * Where the truth lives:
 * - What was imported is the store's import log. Each file is logged under its URL, with
 *   `#countries=…` appended when only some countries' events were kept. A file is fetched again only
 *   when no logged import of that name covers the request: one without a country filter covers
 *   every request, one with a filter covers requests for some of its countries. (A file imported by
 *   hand with `events import` under the same name counts too.) So a second run over a range fetches
 *   nothing, and a run killed mid-import (its transaction never committed) imports that file again.
 * - What was downloaded is the cache folder: a file under its own name there was verified (it is
 *   renamed into place only after its size and MD5 matched), and is checked again before use. A
 *   killed download leaves only a `.part` file, which is never read. Imported files are removed from
 *   the cache unless asked to keep them.
 *
 * Downloads run `jobs` at a time, at most `2 × jobs` files ahead of the import, which takes the files
 * in slot order. Transient failures (network errors, timeouts, HTTP 5xx/408/429) are tried again
 * after `backoffMs`, doubling each time, up to `retries` times; a missing file (404) or a size or
 * MD5 that differs is refused at once. A refused file is reported and the run goes on.
 */
import type {
  EventFileResult, EventFiles, EventMirror, EventRepository, GdeltRelease, ImportProgress, MirrorDownload, MirrorFile,
  MirrorListing, MirrorOutcome, MirrorRequest,
} from './ports.ts';
import type { FetchReport, RefusedFile } from './contracts.ts';
import { importEventFile } from './events.ts';

/** GDELT's own folders (FORMATS.md §1–2): 2.0's masterfilelist.txt and 15-minute files, 1.0's daily files. */
export const GDELT_BASE_URLS = { v2: 'http://data.gdeltproject.org/gdeltv2/', v1: 'http://data.gdeltproject.org/events/' } as const;

export interface FetchRequest {
  readonly release: GdeltRelease;
  readonly baseUrl: string;
  /** First and last day (YYYY-MM-DD, UTC) of the slots wanted. */
  readonly from: string;
  readonly to: string;
  /** Keep only events with an actor from these countries (ISO alpha-3); absent: every event. */
  readonly countries?: readonly string[];
  /** Downloads at a time. */
  readonly jobs: number;
  /** Further attempts after a transient failure. */
  readonly retries: number;
  /** Wait before the first retry, in milliseconds; doubled for each next one. */
  readonly backoffMs: number;
  /** A request with no byte received for this long is a transient failure. */
  readonly timeoutMs: number;
  /** Where downloads are kept until imported. */
  readonly cacheDir: string;
  /** Keep imported files in the cache (default: removed once imported). */
  readonly keepFiles?: boolean;
  /** The rejects file of a file (refused rows), by its name. */
  rejectsPath(name: string): string;
}

export interface FetchProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Bytes received so far (cached files not counted). */
  readonly bytesDownloaded: number;
  /** Rows read by the imports so far. */
  readonly rows: number;
  /** The file being imported, or null between files. */
  readonly current: string | null;
}

export interface FetchDeps {
  /** Waits (backoff); tests pass one that does not. */
  sleep(ms: number): Promise<void>;
  /**
   * Stops the run between two files (Ctrl-C): the file being imported is finished, no other is
   * begun, and the report says `interrupted`. Downloads under way are left to end or be dropped.
   */
  signal?: AbortSignal;
  onProgress?(p: FetchProgress): void;
  /** A retry, as it is decided (for a log). */
  onRetry?(r: { file: string; attempt: number; waitMs: number; message: string }): void;
  /** A file refused, as it happens. */
  onRefused?(r: RefusedFile): void;
  /** A file imported, as it happens. */
  onImported?(r: EventFileResult, file: MirrorFile): void;
}

export type { FetchReport, RefusedFile };

/** The label a file is logged under: its URL, with the countries kept when filtered. */
export function importLabel(file: MirrorFile, countries: readonly string[] | null): string {
  return countries === null ? file.url : `${file.url}#countries=${countries.join(',')}`;
}

/** The country filter of a logged label (null: every event), and the file name it names. */
function parseLabel(label: string): { name: string; countries: ReadonlySet<string> | null } {
  const hash = label.indexOf('#countries=');
  const path = hash < 0 ? label : label.slice(0, hash);
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return { name, countries: hash < 0 ? null : new Set(label.slice(hash + '#countries='.length).split(',').filter(Boolean)) };
}

/** Whether a logged import of a file covers a request for `countries` (null: every event). */
function covers(logged: ReadonlySet<string> | null, wanted: readonly string[] | null): boolean {
  if (logged === null) return true;
  return wanted !== null && wanted.every((c) => logged.has(c));
}

async function withRetries<T>(what: string, request: FetchRequest, deps: FetchDeps, counter: { retries: number },
  attempt: () => Promise<MirrorOutcome<T>>): Promise<MirrorOutcome<T>> {
  for (let n = 0; ; n++) {
    const r = await attempt();
    if (r.ok || r.kind !== 'transient' || n >= request.retries) {
      if (!r.ok && r.kind === 'transient' && n > 0) return { ...r, message: `${r.message} (gave up after ${n + 1} attempts)` };
      return r;
    }
    const waitMs = request.backoffMs * 2 ** n;
    counter.retries++;
    deps.onRetry?.({ file: what, attempt: n + 2, waitMs, message: r.message });
    await deps.sleep(waitMs);
  }
}

interface Deferred<T> { promise: Promise<T>; resolve(v: T): void }
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

/** `events fetch`: list, download, verify and import the export files of a range. */
export async function fetchEvents(
  s: { events: EventRepository; eventFiles: EventFiles; eventMirror: EventMirror },
  request: FetchRequest,
  deps: FetchDeps,
): Promise<FetchReport> {
  const started = performance.now();
  const countries = request.countries !== undefined && request.countries.length > 0 ? [...new Set(request.countries)].sort() : null;
  const mirror: MirrorRequest = { release: request.release, baseUrl: request.baseUrl, timeoutMs: request.timeoutMs };
  const counter = { retries: 0 };
  const refused: RefusedFile[] = [];
  const refuse = (r: RefusedFile): void => {
    refused.push(r);
    deps.onRefused?.(r);
  };
  const empty = { mentions: 0, gkg: 0, outsideRange: 0, other: 0 };
  let filesDone = 0;
  let todoCount = 0;
  const stopped = (): boolean => deps.signal?.aborted === true;
  const totals = {
    downloaded: 0, fromCache: 0, bytes: 0, imported: 0, inserted: 0, duplicates: 0, rejectedRows: 0, outside: 0, rows: 0,
    downloadMs: 0, importMs: 0,
  };
  const report = (listing: MirrorListing | null, lists: readonly string[], inRange: number, already: number): FetchReport => ({
    release: request.release, lists: [...lists], from: request.from, to: request.to, countries,
    inRange, alreadyImported: already, downloaded: totals.downloaded, fromCache: totals.fromCache, bytesDownloaded: totals.bytes,
    imported: totals.imported, inserted: totals.inserted, duplicates: totals.duplicates, rejectedRows: totals.rejectedRows,
    outsideCountries: totals.outside, rows: totals.rows, refused,
    skipped: { ...(listing?.skipped ?? empty) },
    malformedListLines: { count: listing?.malformed.count ?? 0, examples: [...(listing?.malformed.examples ?? [])] },
    retries: counter.retries, seconds: (performance.now() - started) / 1000,
    downloadSeconds: totals.downloadMs / 1000, importSeconds: totals.importMs / 1000,
    interrupted: stopped() && filesDone < todoCount,
  });

  const listed = await withRetries('the file list', request, deps, counter, () => s.eventMirror.list(mirror, request.from, request.to));
  if (!listed.ok) {
    refuse({ file: new URL(request.release === 'v2' ? 'masterfilelist.txt' : 'md5sums', request.baseUrl).toString(), stage: 'list', reason: listed.message });
    return report(null, [], 0, 0);
  }
  const listing = listed.value;

  // What the import log already holds, by file name.
  const logged = new Map<string, (ReadonlySet<string> | null)[]>();
  for (const i of (await s.events.eventStats()).imports) {
    const { name, countries: c } = parseLabel(i.file);
    logged.set(name, [...(logged.get(name) ?? []), c]);
  }
  const todo = listing.files.filter((f) => !(logged.get(f.name) ?? []).some((c) => covers(c, countries)));
  const already = listing.files.length - todo.length;
  todoCount = todo.length;

  let rowsBefore = 0;
  let current: string | null = null;
  let currentRows = 0;
  const progress = (): void => deps.onProgress?.({
    filesDone, filesTotal: todo.length, bytesDownloaded: totals.bytes, rows: rowsBefore + currentRows, current,
  });
  progress();

  // Downloads: `jobs` at a time, at most 2 × jobs files ahead of the import.
  const results = todo.map(() => deferred<MirrorOutcome<MirrorDownload>>());
  const lookahead = Math.max(2, request.jobs * 2);
  let next = 0;
  let running = 0;
  let importing = 0;
  const schedule = (): void => {
    while (next < todo.length && running < request.jobs && next < importing + lookahead && !stopped()) {
      const i = next++;
      const file = todo[i]!;
      running++;
      const t = performance.now();
      void withRetries(file.name, request, deps, counter, () => s.eventMirror.download(mirror, file, request.cacheDir, (n) => {
        totals.bytes += n;
        progress();
      }))
        .catch((e: unknown): MirrorOutcome<MirrorDownload> => ({ ok: false, kind: 'failed', message: `${file.name}: ${(e as Error).message}` }))
        .then((r) => {
          totals.downloadMs += performance.now() - t;
          running--;
          results[i]!.resolve(r);
          schedule();
        });
    }
  };

  for (let i = 0; i < todo.length && !stopped(); i++) {
    importing = i;
    schedule();
    const file = todo[i]!;
    const got = await results[i]!.promise;
    if (stopped()) break;
    if (!got.ok) {
      refuse({ file: file.name, stage: got.kind === 'mismatch' ? 'verify' : 'download', reason: got.message });
    } else {
      if (got.value.cached) totals.fromCache++;
      else totals.downloaded++;
      current = file.name;
      currentRows = 0;
      const t = performance.now();
      try {
        const r = await importEventFile(s, got.value.path, {
          rejectsPath: request.rejectsPath(file.name),
          label: importLabel(file, countries),
          ...(countries !== null ? { countries } : {}),
          onProgress: (p: ImportProgress) => {
            currentRows = p.rows;
            progress();
          },
        });
        totals.imported++;
        totals.inserted += r.inserted;
        totals.duplicates += r.duplicates;
        totals.rejectedRows += r.rejected;
        totals.outside += r.outsideCountries;
        totals.rows += r.stats.rows;
        deps.onImported?.(r, file);
        rowsBefore += r.stats.rows;
        if (!request.keepFiles) await s.eventMirror.discard(got.value.path);
      } catch (e) {
        rowsBefore += currentRows;
        refuse({ file: file.name, stage: 'import', reason: `${(e as Error).message} (nothing of this file was imported)` });
        // A verified copy that cannot be imported is what the server publishes: keep it only if asked.
        if (!request.keepFiles) await s.eventMirror.discard(got.value.path);
      }
      totals.importMs += performance.now() - t;
      current = null;
      currentRows = 0;
    }
    filesDone++;
    progress();
  }
  importing = todo.length;
  return report(listing, listing.lists, listing.files.length, already);
}
