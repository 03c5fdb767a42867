/**
 * CSV records (RFC 4180 quoting, comma or tab) of a header-row event file, for the readers of
 * header-row GDELT exports and comma-separated ICEWS files: each record's fields as latin1 text (one
 * character per byte, so that invalid UTF-8 is found per field, as in formats/csv/parser.ts) with the
 * physical line it starts on. Blank lines are counted, not yielded.
 */
import { Readable } from 'node:stream';
import { parse, type InfoRecord } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { MAX_LINE_BYTES, NUL_REASON } from './lines.ts';
import type { Refusal } from './refusal.ts';

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  readonly line: number;
  /** The fields as latin1 text. */
  readonly fields: string[];
}

/** A broken file (a quote never closed, a record past the size bound): the line where the record at fault starts. */
export class CsvSyntaxError extends Error {
  constructor(message: string, readonly line: number, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface CsvRecordCounts {
  lines: number;
  blankLines: number;
}

/** The records of decompressed bytes; `counts` is kept up to date as they go. */
export async function* csvRecords(chunks: AsyncIterable<Buffer>, delimiter: ',' | '\t', counts: CsvRecordCounts,
  maxRecordBytes = MAX_LINE_BYTES): AsyncGenerator<CsvRecord> {
  let ended = 0;
  const onRecord = (record: string[], info: InfoRecord): { fields: string[]; lines: number } => {
    ended = info.lines;
    return { fields: record, lines: info.lines };
  };
  const parser = parse({
    encoding: 'latin1', bom: false, delimiter, relax_column_count: true, record_delimiter: ['\r\n', '\n'], max_record_size: maxRecordBytes,
    on_record: onRecord as unknown as (record: string[]) => string[],
  });
  const input = Readable.from(chunks);
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let first = true;
  try {
    for await (const item of parser as AsyncIterable<{ fields: string[]; lines: number }>) {
      const { fields } = item;
      let newlines = 0;
      for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) newlines++;
      counts.lines = item.lines;
      if (fields.length === 1 && fields[0] === '') {
        counts.blankLines++;
        continue;
      }
      // A byte order mark before the first line is no part of it (as bytes: EF BB BF in latin1).
      if (first && fields[0]?.startsWith('\u00ef\u00bb\u00bf')) fields[0] = fields[0].slice(3);
      first = false;
      yield { line: item.lines - newlines, fields };
    }
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const line = ended + 1;
    if (code === 'CSV_MAX_RECORD_SIZE') throw new CsvSyntaxError(`the record starting on this line runs past ${maxRecordBytes} bytes: a quote left open?`, line, { cause: err });
    if (code === 'CSV_QUOTE_NOT_CLOSED') throw new CsvSyntaxError('a quote opened in the record starting on this line is never closed', line, { cause: err });
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new CsvSyntaxError((err as Error).message, line, { cause: err });
    throw err;
  } finally {
    input.destroy();
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const NON_ASCII = /[\u0080-\u00ff]/;

/** The fields as UTF-8 text, or the refusal naming the first column with invalid UTF-8 or a NUL byte. */
export function decodeFields(fields: readonly string[], columnName: (i: number) => string): string[] | Refusal {
  const out = new Array<string>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string;
    if (f.includes('\0')) return { field: columnName(i), reason: NUL_REASON };
    if (!NON_ASCII.test(f)) {
      out[i] = f;
      continue;
    }
    try {
      out[i] = decoder.decode(Buffer.from(f, 'latin1'));
    } catch {
      return { field: columnName(i), reason: 'invalid UTF-8 byte sequence' };
    }
  }
  return out;
}

/** The fields of one line read as one CSV record with the options of csvRecords, or null when it is not exactly one. */
export function recordFields(line: string, delimiter: ',' | '\t'): string[] | null {
  try {
    const rows = parseSync(line, { delimiter, relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
    return rows.length === 1 ? (rows[0] as string[]) : null;
  } catch {
    return null;
  }
}
