/**
 * Reads one event file of any supported format into batches of PoliticalEvent, streaming:
 * memory holds one input block and one batch, whatever the file size. Bad rows are reported
 * (onReject, stats) or, in strict mode, abort the read with file:line:field in the message.
 */
import { PoliticalEvent } from '../../domain/events/event.ts';
import { CountryMapper } from './countries.ts';
import { CsvEventReader } from './formats/csv/parser.ts';
import { DETECT_LINES, detectFormat, type Detection } from './detect.ts';
import { GdeltRowParser } from './formats/gdelt/parser.ts';
import { IcewsRowParser, isIcewsHeader } from './formats/icews/parser.ts';
import { PolecatRowParser } from './formats/polecat/parser.ts';
import { missingColumnsMessage, readGdeltHeader, type GdeltHeader } from './formats/gdelt/header.ts';
import { CsvSyntaxError, csvRecords, decodeFields } from './csv-records.ts';
import { badUtf8Field, lineBlocks, MAX_LINE_BYTES, NUL_REASON, nulField } from './lines.ts';
import { lookups as defaultLookups, type Lookups } from './lookups.ts';
import { EventRejectError, refused, type Parsed, type RejectedRow } from './refusal.ts';
import { EventFileError, openByteSource, type ByteSource } from './source.ts';
import type { DerivedQuadConvention, EventFormat, IngestProgress, IngestStats, ReadEventsOptions } from './types.ts';

export const DEFAULT_BATCH_SIZE = 50_000;

/** An opened event file: its detected format, its batches (read once) and live statistics. */
export interface EventFileReader {
  readonly file: string;
  readonly format: EventFormat;
  readonly stats: IngestStats;
  /** The header row of a header-row GDELT file (header.ts), or null for a plain (positional) file or another format. */
  readonly header: GdeltHeader | null;
  /** The events in batches of `batchSize`; can be iterated once. */
  batches(): AsyncGenerator<PoliticalEvent[]>;
  /** Releases the file when the batches are abandoned before the end. */
  close(): void;
}

/** Peeks the first lines of a chunk stream (for format detection) without losing any byte of it. */
async function peekHead(chunks: AsyncIterable<Buffer>, wanted: number): Promise<{ head: string[]; replay: AsyncGenerator<Buffer> }> {
  const it = chunks[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let size = 0;
  let newlines = 0;
  let done = false;
  while (newlines < wanted && size <= MAX_LINE_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    held.push(r.value);
    size += r.value.length;
    for (let i = r.value.indexOf(10); i !== -1 && newlines < wanted; i = r.value.indexOf(10, i + 1)) newlines++;
  }
  const text = Buffer.concat(held).toString('utf8');
  const head = text.split('\n').slice(0, wanted).map((l) => l.replace(/\r$/, ''));
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* held.splice(0);
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return { head: text === '' ? [] : head, replay: replay() };
}

function newStats(file: string, source: ByteSource): IngestStats {
  return {
    file, format: 'csv', formatReason: '', compression: source.compression, entryName: source.entryName,
    lines: 0, rows: 0, events: 0, rejected: 0, blankLines: 0, quadDerived: 0,
    unmappedCountries: new Map(), unmappedLocations: new Map(), unmappedSectors: new Map(), nonRoleSectors: new Map(),
    legacyPloverTypes: new Map(), latin1Lines: 0, ignoredColumns: [],
    bytesRead: 0, totalBytes: source.totalBytes,
  };
}

/** Opens an event file, detects (or takes) its format and prepares its batches. */
export async function openEventFile(file: string, options: ReadEventsOptions = {}): Promise<EventFileReader> {
  const lk = options.lookups ?? defaultLookups();
  const source = await openByteSource(file, options.limits);
  const stats = newStats(file, source);
  let peeked: Awaited<ReturnType<typeof peekHead>>;
  try {
    peeked = await peekHead(source.chunks, DETECT_LINES);
  } catch (err) {
    source.close();
    throw err;
  }
  let format: EventFormat;
  if (options.format === undefined || options.format === 'auto') {
    const d = detectFormat(source.entryName ?? file, peeked.head);
    if (d.format === null) {
      source.close();
      throw new EventFileError(file, `cannot tell the event format (${d.reason}); pass --format gdelt1|gdelt2|icews|csv|polecat`);
    }
    format = d.format;
    stats.formatReason = d.reason;
  } else {
    format = options.format;
    stats.formatReason = 'given (--format)';
  }
  // Header-row shapes: GDELT exports with a header row (read as CSV by the header's names) and
  // comma-separated ICEWS files; the other files of these formats are read line by line.
  const first = peeked.head[0]?.replace(/^\uFEFF/, '') ?? '';
  let header: GdeltHeader | null = null;
  let layout: Layout = format === 'csv' ? 'csv' : 'lines';
  if (format === 'gdelt1' || format === 'gdelt2') {
    try {
      header = readGdeltHeader(first, peeked.head[1], options.format === format ? format : undefined);
    } catch (err) {
      source.close();
      throw new EventFileError(file, `line 1: ${(err as Error).message}`, { cause: err });
    }
    if (header !== null) {
      if (header.missing.length > 0) {
        source.close();
        throw new EventFileError(file, `line 1: ${missingColumnsMessage(header)}`);
      }
      format = header.dataset;
      layout = 'gdelt-header';
      stats.ignoredColumns.push(...header.ignored);
      if (options.format !== undefined && options.format !== 'auto') stats.formatReason = `${stats.formatReason}; header row, ${header.delimiter === ',' ? 'comma' : 'tab'}-separated, version from ${header.versionReason}`;
    }
  } else if (format === 'icews' && first !== '' && !isIcewsHeader(first) && first.includes(',')) {
    layout = 'icews-csv';
  }
  stats.format = format;
  let used = false;
  const fmt = format;
  return {
    file, format, stats, header,
    batches() {
      if (used) throw new Error(`${file}: the batches of an event file can be read only once`);
      used = true;
      return readBatches(file, fmt, layout, header, peeked.replay, source, stats, lk, options);
    },
    close: () => source.close(),
  };
}

/** What a file holds, from its first lines, as `events import` decides it (opens and closes the file). */
export async function sniffFile(file: string, limits?: ReadEventsOptions['limits']): Promise<Detection> {
  const source = await openByteSource(file, limits);
  try {
    const { head, replay } = await peekHead(source.chunks, DETECT_LINES);
    await replay.return(undefined);
    return detectFormat(source.entryName ?? file, head);
  } finally {
    source.close();
  }
}

/** Reads an event file into batches of events (format detected unless given). */
export async function* readEvents(file: string, options: ReadEventsOptions = {}): AsyncGenerator<PoliticalEvent[]> {
  const reader = await openEventFile(file, options);
  try {
    yield* reader.batches();
  } finally {
    reader.close();
  }
}

/** How a file's rows are read: CSV records (the user CSV, header-row GDELT, comma ICEWS) or lines. */
type Layout = 'csv' | 'gdelt-header' | 'icews-csv' | 'lines';

async function* readBatches(
  file: string, format: EventFormat, layout: Layout, header: GdeltHeader | null, chunks: AsyncGenerator<Buffer>, source: ByteSource,
  stats: IngestStats, lk: Lookups, options: ReadEventsOptions,
): AsyncGenerator<PoliticalEvent[]> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const convention = options.quadConvention ?? 'gdelt';
  // CSV is user-made data: always checked against the schema. Elsewhere the parsers' own checks
  // enforce the same rules (test/ingest proves it on real and synthetic rows) unless asked otherwise.
  const schema = options.validation === 'schema';
  const countries = new CountryMapper(lk);
  const strict = options.strict === true;

  const reject = (line: number, field: string, reason: string): void => {
    const row: RejectedRow = { file, line, field, reason };
    stats.rejected++;
    options.onReject?.(row);
    if (strict) throw new EventRejectError(row);
  };
  const progress = (done: boolean): void => {
    stats.bytesRead = source.bytesRead();
    if (done) stats.bytesRead = Math.max(stats.bytesRead, stats.totalBytes);
    if (options.onProgress === undefined) return;
    const p: IngestProgress = { file, bytesRead: stats.bytesRead, totalBytes: stats.totalBytes, rows: stats.rows, events: stats.events, rejected: stats.rejected, done };
    options.onProgress(p);
  };
  const check = (e: PoliticalEvent, line: number): boolean => {
    if (!schema) return true;
    const r = PoliticalEvent.safeParse(e);
    if (r.success) return true;
    const issue = r.error.issues[0];
    reject(line, issue?.path.join('.') || 'row', `schema: ${issue?.message ?? 'invalid'}`);
    return false;
  };

  let batch: PoliticalEvent[] = [];
  let sinceProgress = 0;
  try {
    const rows = format === 'csv' ? csvRows(file, chunks, lk, countries, convention, stats)
      : layout === 'gdelt-header' && header !== null && (format === 'gdelt1' || format === 'gdelt2')
        ? headerRows(file, header.delimiter, chunks, stats, () => new GdeltRowParser(format, lk.codebook, countries, stats, header))
        : layout === 'icews-csv'
          ? headerRows(file, ',', chunks, stats, (names) => {
            const p = new IcewsRowParser(names, lk.codebook, countries, lk, convention, stats);
            stats.ignoredColumns.push(...p.ignored);
            return p;
          })
          : lineRows(file, format as Exclude<EventFormat, 'csv'>, chunks, lk, countries, convention, stats, progress);
    const byRecord = layout !== 'lines';
    for await (const [line, parsed] of rows) {
      if (refused(parsed)) {
        reject(line, parsed.field, parsed.reason);
      } else if (check(parsed, line)) {
        batch.push(parsed);
        stats.events++;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (byRecord && ++sinceProgress >= 10_000) {
        sinceProgress = 0;
        progress(false);
      }
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
    progress(true);
  } finally {
    source.close();
  }
}

/** The records of a CSV file, each an event or a refusal, with its line. */
async function* csvRows(file: string, chunks: AsyncGenerator<Buffer>, lk: Lookups, countries: CountryMapper,
  convention: DerivedQuadConvention, stats: IngestStats): AsyncGenerator<[number, Parsed]> {
  const reader = new CsvEventReader(file, lk.codebook, countries, convention, stats);
  try {
    yield* reader.records(chunks);
  } catch (err) {
    if (err instanceof EventRejectError || err instanceof EventFileError) throw err;
    const lines = (err as { lines?: number }).lines;
    throw new EventFileError(file, `${lines === undefined ? '' : `line ${lines}: `}${(err as Error).message}`, { cause: err });
  }
}

/** A reader of the records of a header-row file, made from its header's names. */
interface RecordParser {
  parseFields(fields: readonly string[]): Parsed;
  columnName(i: number): string;
}

/** The records of a header-row GDELT or comma-separated ICEWS file, each an event or a refusal, with the line it starts on. */
async function* headerRows(file: string, delimiter: ',' | '\t', chunks: AsyncGenerator<Buffer>, stats: IngestStats,
  makeParser: (names: string[]) => RecordParser): AsyncGenerator<[number, Parsed]> {
  let parser: RecordParser | null = null;
  try {
    for await (const r of csvRecords(chunks, delimiter, stats)) {
      if (parser === null) {
        const names = decodeFields(r.fields, (i) => `column ${i + 1}`);
        if (!Array.isArray(names)) throw new EventFileError(file, `line ${r.line}: the header row is not valid UTF-8`);
        try {
          parser = makeParser(names);
        } catch (err) {
          throw new EventFileError(file, `line ${r.line}: ${(err as Error).message}`, { cause: err });
        }
        continue;
      }
      stats.rows++;
      const p = parser;
      const fields = decodeFields(r.fields, (i) => p.columnName(i));
      yield [r.line, Array.isArray(fields) ? p.parseFields(fields) : fields];
    }
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new EventFileError(file, `line ${err.line}: ${err.message}`, { cause: err });
    throw err;
  }
  if (parser === null) throw new EventFileError(file, 'empty file: no header line');
}

/** The data lines of a GDELT, ICEWS or POLECAT file, each an event or a refusal, with its line. */
async function* lineRows(file: string, format: Exclude<EventFormat, 'csv'>, chunks: AsyncGenerator<Buffer>, lk: Lookups, countries: CountryMapper,
  convention: DerivedQuadConvention, stats: IngestStats, progress: (done: boolean) => void): AsyncGenerator<[number, Parsed]> {
  const headed = format === 'icews' || format === 'polecat';
  let parser: GdeltRowParser | IcewsRowParser | PolecatRowParser | null = headed ? null : new GdeltRowParser(format, lk.codebook, countries, stats);
  const tooLong = (line: number) => new EventFileError(file, `line ${line} is longer than ${MAX_LINE_BYTES} bytes: not a line-oriented event file`);
  for await (const block of lineBlocks(chunks, tooLong)) {
    const { lines, firstLine, bad, nul } = block;
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i] as string;
      const lineNo = firstLine + i;
      // A byte order mark before the first line is no part of it (as in DuckDB's reading of the file).
      if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (parser === null) {
        // ICEWS and POLECAT: the first line is the header that names the columns.
        if (bad?.has(i)) throw new EventFileError(file, `the ${format === 'polecat' ? 'POLECAT' : 'ICEWS'} header line is not valid UTF-8`);
        try {
          if (format === 'polecat') {
            const p = new PolecatRowParser(line, countries, stats);
            stats.ignoredColumns.push(...p.unusedColumns());
            parser = p;
          } else {
            const icews = new IcewsRowParser(line, lk.codebook, countries, lk, convention, stats);
            stats.ignoredColumns.push(...icews.ignored);
            parser = icews;
          }
        } catch (err) {
          throw new EventFileError(file, `line ${lineNo}: ${(err as Error).message}`, { cause: err });
        }
        continue;
      }
      if (line.length === 0) {
        stats.blankLines++;
        continue;
      }
      stats.rows++;
      let raw = bad?.get(i);
      if (raw !== undefined && format === 'polecat') {
        // Some POLECAT files are ISO-8859-1: every byte is a character there, so the line reads.
        line = raw.toString('latin1');
        if (line.endsWith('\r')) line = line.slice(0, -1);
        stats.latin1Lines++;
        raw = undefined;
      }
      yield [lineNo, raw !== undefined ? { field: parser.columnName(badUtf8Field(raw)), reason: 'invalid UTF-8 byte sequence' }
        : nul && line.includes('\0') ? { field: parser.columnName(nulField(line)), reason: NUL_REASON }
          : parser.parse(line)];
    }
    stats.lines = firstLine + lines.length - 1;
    progress(false);
  }
  if (headed && parser === null) throw new EventFileError(file, `empty file: no ${format === 'polecat' ? 'POLECAT' : 'ICEWS'} header line`);
}
