/**
 * Imports one event file into an event repository (the EventFiles port of src/app/ports.ts):
 * detect the format, parse (DuckDB for plain GDELT files, else this project's reader), refused rows
 * to the rejects sink, events in bulk to the repository — in one transaction. Re-importing a file
 * adds nothing (events are keyed by dataset and the source's own id).
 *
 * The DuckDB path: the file is first scanned (it must suit DuckDB's reader — valid UTF-8, LF line
 * ends, no blank lines…), then parsed by DuckDB on the store's own connection where the store has
 * one (the embedded store) or in a DuckDB of ingest's own, whose text a store without DuckDB
 * (PostgreSQL) writes while DuckDB parses (streamWithDuckDB); its SHA-256 is computed while DuckDB
 * works. The reader judges every row DuckDB's SQL refuses, so both paths refuse the same rows with
 * the same field and reason, and store the same events. A file that does not suit DuckDB, or in
 * which the reader would keep a row SQL refused, is read by the reader instead, and the result says
 * why (`declined`).
 */
import type { EventFileOptions, EventFileResult, EventFiles, EventImportResult, EventRepository, ImportProgress } from '../../app/ports.ts';
import type { PoliticalEvent } from '../../domain/events/event.ts';
import { availableParallelism } from 'node:os';
import { CountryMapper } from './countries.ts';
import { bump } from './fields.ts';
import { lookups } from './lookups.ts';
import { fileIdentity, readLinesAt, scanPlainFile, startHash, type FileHash } from './plain-file.ts';
import { openEventFile, sniffFile } from './reader.ts';
import { EventFileError } from './source.ts';
import { openMentionFile } from './formats/gdelt/mentions.ts';
import { EventRejectError, refused, type RejectedRow } from './refusal.ts';
import { RejectSink } from './rejects.ts';
import { DuckDBDeclined, readWithDuckDB, streamWithDuckDB, type DuckDBReadPlan, type StreamedCounts } from './formats/gdelt/duckdb.ts';
import { GdeltRowParser, placeKey } from './formats/gdelt/parser.ts';
import { recordFields } from './csv-records.ts';
import type { IngestProgress, IngestStats } from './types.ts';

/**
 * Events per batch handed to the store. Small batches keep few events alive at a time: with large
 * ones the garbage collector spends a large share of the import promoting and scanning them; the
 * stores write in their own, larger chunks whatever the batch size.
 */
export const IMPORT_BATCH_SIZE = 4096;

export const eventFiles: EventFiles = {
  importFile: importEventFile,
  exportParquet: async (events, dir, options) => (await import('../export/parquet.ts')).exportParquet(events, dir, options),
};

/** Imports one file; throws (and the store keeps nothing of it) on a bad file or, with `strict`, a bad row. */
export async function importEventFile(events: EventRepository, file: string, options: EventFileOptions): Promise<EventFileResult> {
  const started = performance.now();
  const format = options.format ?? 'auto';
  const sniffed = format === 'auto' ? await sniffFile(file, options.limits) : null;
  if (format === 'gdelt2-mentions' || sniffed?.mentions === true) {
    if (countrySet(options) !== null) throw new EventFileError(file, 'a GDELT 2.0 mentions file names no actors, so a countries filter cannot apply to it: import it without one (its mentions join to the events kept)');
    return importMentionsFile(events, file, options, sniffed?.reason ?? 'given (--format gdelt2-mentions)', started);
  }
  const eventOptions = { ...options, format };
  const sink = new RejectSink(options.rejectsPath);
  try {
    let declined: string | null = null;
    let knownHash: FileHash | undefined;
    if (options.duckdb !== false) {
      const viaDuckDB = await importWithDuckDB(events, file, eventOptions, sink, started);
      if (!('toReader' in viaDuckDB)) return viaDuckDB;
      sink.discard();
      declined = viaDuckDB.toReader;
      knownHash = viaDuckDB.hash;
    }
    return await importWithReader(events, file, eventOptions, sink, declined, started, knownHash);
  } finally {
    sink.close();
  }
}

function result(file: string, stats: IngestStats, r: { inserted: number; duplicates: number }, sink: RejectSink,
  parsedBy: 'duckdb' | 'reader', declined: string | null, started: number, outsideCountries: number): EventFileResult {
  return {
    file, format: stats.format, formatReason: stats.formatReason,
    inserted: r.inserted, duplicates: r.duplicates, rejected: stats.rejected, rejectsPath: sink.written,
    parsedBy, declined, seconds: (performance.now() - started) / 1000, stats, outsideCountries,
  };
}

/** The `countries` option as a set, or null for every event. */
function countrySet(options: EventFileOptions): ReadonlySet<string> | null {
  return options.countries === undefined || options.countries.length === 0 ? null : new Set(options.countries);
}

/** The reader's batches with only the events that have an actor from `keep`; `left.out` counts the others. */
async function* keepCountries(batches: AsyncIterable<PoliticalEvent[]>, keep: ReadonlySet<string>, left: { out: number }): AsyncGenerator<PoliticalEvent[]> {
  for await (const batch of batches) {
    const kept = batch.filter((e) => (e.source.country !== null && keep.has(e.source.country)) || (e.target.country !== null && keep.has(e.target.country)));
    left.out += batch.length - kept.length;
    if (kept.length > 0) yield kept;
  }
}

function progressOf(p: IngestProgress, phase: ImportProgress['phase']): ImportProgress {
  return { file: p.file, phase, bytesRead: p.bytesRead, totalBytes: p.totalBytes, rows: p.rows, rejected: p.rejected };
}

/** Event file options once a mentions file is ruled out. */
type EventsOnly = EventFileOptions & { readonly format: Exclude<EventFileOptions['format'], 'gdelt2-mentions'> };

/**
 * A GDELT 2.0 mentions file: its rows parsed by formats/gdelt/mentions.ts, refused rows to the rejects
 * sink, the mentions to the store in one transaction (re-importing the file adds nothing).
 */
async function importMentionsFile(events: EventRepository, file: string, options: EventFileOptions, formatReason: string, started: number): Promise<EventFileResult> {
  const sink = new RejectSink(options.rejectsPath);
  const { hashing, stop } = startHash(file);
  try {
    const reader = await openMentionFile(file, {
      batchSize: IMPORT_BATCH_SIZE,
      strict: options.strict ?? false,
      ...(options.limits ? { limits: options.limits } : {}),
      onReject: (row) => sink.reject(row),
      ...(options.onProgress ? { onProgress: (p) => options.onProgress!({ file, phase: p.done ? 'writing' : 'reading', bytesRead: p.bytesRead, totalBytes: p.totalBytes, rows: p.rows, rejected: p.rejected }) } : {}),
    });
    try {
      const r = await events.loadMentions(reader.batches(), { file: options.label ?? file, sha256: () => hashing, rejected: () => reader.stats.rejected });
      const st = reader.stats;
      const stats: IngestStats = {
        file, format: 'gdelt2', formatReason: '', compression: st.compression, entryName: st.entryName,
        lines: st.lines, rows: st.rows, events: 0, rejected: st.rejected, blankLines: st.blankLines, quadDerived: 0,
        unmappedCountries: new Map(), unmappedLocations: new Map(), unmappedSectors: new Map(), nonRoleSectors: new Map(),
        legacyPloverTypes: new Map(), latin1Lines: 0, ignoredColumns: [],
        bytesRead: st.totalBytes, totalBytes: st.totalBytes,
      };
      options.onProgress?.({ file, phase: 'done', bytesRead: st.totalBytes, totalBytes: st.totalBytes, rows: st.rows, rejected: st.rejected });
      return {
        file, format: 'gdelt2',
        formatReason,
        inserted: r.inserted, duplicates: r.duplicates, rejected: st.rejected, rejectsPath: sink.written,
        parsedBy: 'reader', declined: null, seconds: (performance.now() - started) / 1000, stats, mentions: r, outsideCountries: 0,
      };
    } finally {
      reader.close();
    }
  } catch (e) {
    stop();
    throw e;
  } finally {
    sink.close();
  }
}

/** The reader's path: this project's parsers read the file and hand the store batches of events. */
async function importWithReader(events: EventRepository, file: string, options: EventsOnly, sink: RejectSink,
  declined: string | null, started: number, knownHash?: FileHash): Promise<EventFileResult> {
  // Hash while the import runs (the two reads overlap), or take over DuckDB's path's hash; a failed
  // import stops the hashing too.
  const { hashing, stop } = knownHash ?? startHash(file);
  const reader = await openEventFile(file, {
    format: options.format ?? 'auto',
    strict: options.strict ?? false,
    batchSize: IMPORT_BATCH_SIZE,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.quadConvention ? { quadConvention: options.quadConvention } : {}),
    onReject: (row) => sink.reject(row),
    ...(options.onProgress ? { onProgress: (p: IngestProgress) => options.onProgress!(progressOf(p, p.done ? 'writing' : 'reading')) } : {}),
  }).catch((e: unknown) => {
    stop();
    throw e;
  });
  try {
    const keep = countrySet(options);
    const left = { out: 0 };
    const batches = keep === null ? reader.batches() : keepCountries(reader.batches(), keep, left);
    const r = await events.bulkLoad({ kind: 'batches', batches }, {
      file: options.label ?? file, format: reader.format, sha256: () => hashing, rejected: () => reader.stats.rejected,
    });
    const out = result(file, reader.stats, r, sink, 'reader', declined, started, left.out);
    options.onProgress?.({ ...progressOf({ ...reader.stats, done: true }, 'done') });
    return out;
  } catch (e) {
    stop();
    throw e;
  } finally {
    reader.close();
  }
}

/**
 * DuckDB's path, for plain GDELT files. Returns `{ toReader: why }`, having stored nothing, when the file
 * is not one (the reader's path is then the only one), does not suit DuckDB, or holds a row the
 * reader keeps and SQL refused.
 */
async function importWithDuckDB(events: EventRepository, file: string, options: EventsOnly, sink: RejectSink, started: number):
  Promise<EventFileResult | { toReader: string | null; hash?: FileHash }> {
  const probe = await openEventFile(file, { format: options.format ?? 'auto', ...(options.limits ? { limits: options.limits } : {}) });
  probe.close();
  const stats = probe.stats;
  const dataset = probe.format;
  if (dataset !== 'gdelt1' && dataset !== 'gdelt2') return { toReader: null };
  if (stats.compression !== 'none') return { toReader: `${stats.compression} files are read by the reader` };
  // The hash runs beside the scan and DuckDB's read (on a thread of its own for a large file); if the
  // reader takes the file, it takes the hash too.
  const hash = startHash(file);
  // A failure stops the hash; a file left to the reader keeps it.
  return parseWithDuckDB(events, file, options, sink, started, probe, dataset, hash).catch((e: unknown) => {
    hash.stop();
    throw e;
  });
}

/** importWithDuckDB once the file is known to be a plain GDELT file of `dataset`, hashed by `hash`. */
async function parseWithDuckDB(events: EventRepository, file: string, options: EventsOnly, sink: RejectSink, started: number,
  probe: Awaited<ReturnType<typeof openEventFile>>, dataset: 'gdelt1' | 'gdelt2', hash: FileHash):
  Promise<EventFileResult | { toReader: string | null; hash?: FileHash }> {
  const stats = probe.stats;
  const identity = fileIdentity(file);
  const scan = await scanPlainFile(file);
  if (scan.unfit !== null) return { toReader: `${file}: ${scan.unfit}`, hash };

  const lk = lookups();
  const countries = new CountryMapper(lk);
  const progress = (fraction: number): void => {
    stats.bytesRead = Math.round(Math.min(1, fraction * 2) * stats.totalBytes);
    options.onProgress?.({ file, phase: fraction < 0.5 ? 'reading' : 'writing', bytesRead: stats.bytesRead, totalBytes: stats.totalBytes, rows: stats.rows, rejected: stats.rejected });
  };
  const header = probe.header;
  // A store that reads text (one without a DuckDB of its own) takes a plain file as a stream, written
  // while DuckDB parses it; a DuckDB store loads the checked relation on its own connection. The
  // stream's pace is the store's: DuckDB leaves a core to the store's writer (PostgreSQL's COPY is one
  // process), which on a small machine is the faster whole.
  const streamed = events.duckdbWorkspace === undefined && header === null;
  const workspace = await (events.duckdbWorkspace !== undefined ? events.duckdbWorkspace()
    : import('./duckdb-workspace.ts').then((m) => m.memoryWorkspace(streamed ? { threads: Math.max(1, availableParallelism() - 1) } : {})));
  try {
    const plan: DuckDBReadPlan = {
      file, dataset, workspace, identity, maxLineBytes: scan.maxLineBytes,
      ...(header !== null ? { header: { header, lines: scan.lines } } : {}),
      ...(countrySet(options) !== null ? { countries: [...countrySet(options)!] } : {}),
      codes: [...lk.codebook.codes()].map((c) => ({ code: c.code, baseCode: c.baseCode, rootCode: c.rootCode })),
      review: async (lines) => {
        if (lines.length === 0) return;
        const text = await readLinesAt(file, lines);
        const parser = new GdeltRowParser(dataset, lk.codebook, countries, stats, header ?? undefined);
        for (const line of lines) {
          const row = text.get(line);
          if (row === undefined) throw new DuckDBDeclined(`${file}: line ${line} is not in the file`);
          const fields = header === null ? null : recordFields(row, header.delimiter);
          if (header !== null && fields === null) throw new DuckDBDeclined(`${file}: line ${line} is not one CSV record`);
          const parsedRow = fields === null ? parser.parse(row) : parser.parseFields(fields);
          if (!refused(parsedRow)) throw new DuckDBDeclined(`${file}: line ${line}: the reader keeps a row DuckDB's rules refused`);
          const rejected: RejectedRow = { file, line, field: parsedRow.field, reason: parsedRow.reason };
          stats.rejected++;
          sink.reject(rejected);
          if (options.strict) throw new EventRejectError(rejected);
        }
      },
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
      ...(options.onProgress ? { onProgress: progress } : {}),
    };
    const stream = streamed
      ? streamWithDuckDB({
        ...plan, isoOfActor: (code) => countries.fromCameo(code), isoOfPlace: (name) => countries.fromPlaceName(name),
        // Reading and writing run together: the share streamed is the share read.
        ...(options.onProgress ? { onProgress: (f: number) => progress(Math.min(0.499, f / 2)) } : {}),
      })
      : null;
    const relation = stream === null ? readWithDuckDB(plan) : null;
    try {
      const meta = { file: options.label ?? file, format: dataset, sha256: () => hash.hashing, rejected: () => stats.rejected };
      const count = (c: StreamedCounts): StreamedCounts => {
        stats.rows = c.rows;
        stats.lines = c.rows + (header === null ? 0 : 1);
        stats.events = c.events + c.outsideCountries;
        return c;
      };
      let r: EventImportResult;
      let counts: StreamedCounts;
      if (relation !== null) {
        // A relation's counts are known before its write (whose progress reports them).
        const parsed = await relation;
        counts = count(parsed);
        r = await events.bulkLoad({ kind: 'relation', relation: parsed }, meta);
      } else {
        // A stream's come with its checks, which end before the commit (and the import's log).
        r = await events.bulkLoad({ kind: 'stream', stream: stream! }, meta);
        counts = count(await stream!.checked);
      }
      stats.bytesRead = stats.totalBytes;
      options.onProgress?.({ file, phase: 'done', bytesRead: stats.totalBytes, totalBytes: stats.totalBytes, rows: stats.rows, rejected: stats.rejected });
      return result(file, stats, r, sink, 'duckdb', null, started, counts.outsideCountries);
    } finally {
      stream?.dispose();
      await relation?.then((parsed) => parsed.dispose(), () => undefined);
    }
  } catch (e) {
    if (e instanceof DuckDBDeclined) return { toReader: e.message, hash };
    throw e;
  } finally {
    workspace.release();
  }
}
