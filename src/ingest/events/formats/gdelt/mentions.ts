/**
 * GDELT 2.0 mentions files (FORMATS.md §3; field names and meanings from gdeltPyR's
 * `data/mentions.csv` [G5]): tab-separated, no header, 16 columns, one row each time an event is
 * found in a document seen in the file's 15-minute update. A row becomes an EventMention or a
 * Refusal (refusal.ts), like an event row: the reader adds the file and line.
 *
 * CHECKS, in the order a row is judged (the first that fails names the field):
 *   field count        exactly 16
 *   GLOBALEVENTID      one or more ASCII digits
 *   EventTimeDate, MentionTimeDate   YYYYMMDDHHMMSS, an existing instant (UTC, as GDELT writes them)
 *   MentionType        1–6 (web, citation, CORE, DTIC, JSTOR, non-text source)
 *   MentionIdentifier  not blank (the document)
 *   SentenceID         1 to 9 digits
 *   Actor1CharOffset, Actor2CharOffset, ActionCharOffset   -1, or 1 to 9 digits
 *   InRawText          0 or 1
 *   Confidence         an integer 0–100 (percent)
 *   MentionDocLen      blank, or 1 to 9 digits
 *   MentionDocTone     blank, or -?digits(.digits)? (the events' number rule)
 * MentionSourceName and MentionDocTranslationInfo are text (blank = null); Extras, reserved and
 * empty in the published files, is not kept. Invalid UTF-8 or a NUL byte refuses the row with the
 * column that holds it, as for events.
 */
import type { EventMention, MentionType } from '../../../../domain/events/mention.ts';
import { badUtf8Field, lineBlocks, MAX_LINE_BYTES, NUL_REASON, nulField } from '../../lines.ts';
import { EventRejectError, type Refusal, type RejectedRow } from '../../refusal.ts';
import { EventFileError, openByteSource, type Compression } from '../../source.ts';
import type { DecompressionLimits } from '../../../../app/ports.ts';
import { show } from './rules.ts';

/** The 16 columns, in file order, named as in GDELT's documentation. */
export const MENTION_COLUMNS = [
  'GLOBALEVENTID', 'EventTimeDate', 'MentionTimeDate', 'MentionType', 'MentionSourceName', 'MentionIdentifier',
  'SentenceID', 'Actor1CharOffset', 'Actor2CharOffset', 'ActionCharOffset', 'InRawText', 'Confidence',
  'MentionDocLen', 'MentionDocTone', 'MentionDocTranslationInfo', 'Extras',
] as const;

const DIGITS = /^\d{1,9}$/;
const OFFSET = /^(-1|\d{1,9})$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** `20170101073000` as `2017-01-01T07:30:00Z`, or null when it is no real instant. */
export function gdeltInstant(v: string): string | null {
  const m = STAMP.exec(v);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s] = m as unknown as [string, string, string, string, string, string, string];
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
  // Date.UTC rolls 2019-02-30 over to March: an impossible date comes back different.
  return new Date(t).toISOString().replace('.000Z', 'Z') === iso ? iso : null;
}

export type ParsedMention = EventMention | Refusal;

export function mentionRefused(x: ParsedMention): x is Refusal {
  return (x as Partial<EventMention>).eventId === undefined;
}

/** Judges one line of a mentions file. */
export function parseMentionRow(line: string): ParsedMention {
  const f = line.split('\t');
  if (f.length !== MENTION_COLUMNS.length) return { field: 'columns', reason: `expected ${MENTION_COLUMNS.length} tab-separated fields (GDELT 2.0 mentions), found ${f.length}` };
  const v = (i: number): string => f[i] as string;
  if (!/^\d+$/.test(v(0))) return { field: 'GLOBALEVENTID', reason: `not an event id (digits): ${show(v(0))}` };
  const eventTime = gdeltInstant(v(1));
  if (eventTime === null) return { field: 'EventTimeDate', reason: `not a YYYYMMDDHHMMSS instant: ${show(v(1))}` };
  const mentionTime = gdeltInstant(v(2));
  if (mentionTime === null) return { field: 'MentionTimeDate', reason: `not a YYYYMMDDHHMMSS instant: ${show(v(2))}` };
  if (!/^[1-6]$/.test(v(3))) return { field: 'MentionType', reason: `expected 1–6, got ${show(v(3))}` };
  if (v(5).trim() === '') return { field: 'MentionIdentifier', reason: 'blank: a mention names its document' };
  if (!DIGITS.test(v(6))) return { field: 'SentenceID', reason: `not a sentence number: ${show(v(6))}` };
  for (const i of [7, 8, 9]) if (!OFFSET.test(v(i))) return { field: MENTION_COLUMNS[i]!, reason: `expected -1 or a character offset, got ${show(v(i))}` };
  if (v(10) !== '0' && v(10) !== '1') return { field: 'InRawText', reason: `expected 0 or 1, got ${show(v(10))}` };
  if (!/^\d{1,3}$/.test(v(11)) || Number(v(11)) > 100) return { field: 'Confidence', reason: `expected a percentage 0–100, got ${show(v(11))}` };
  if (v(12) !== '' && !DIGITS.test(v(12))) return { field: 'MentionDocLen', reason: `not a length in characters: ${show(v(12))}` };
  if (v(13) !== '' && !DECIMAL.test(v(13))) return { field: 'MentionDocTone', reason: `not a number: ${show(v(13))}` };
  return {
    eventId: v(0), eventTime, mentionTime, mentionType: Number(v(3)) as MentionType,
    sourceName: v(4) === '' ? null : v(4), identifier: v(5), sentence: Number(v(6)),
    actor1Offset: Number(v(7)), actor2Offset: Number(v(8)), actionOffset: Number(v(9)),
    inRawText: v(10) === '1', confidence: Number(v(11)),
    docLength: v(12) === '' ? null : Number(v(12)), docTone: v(13) === '' ? null : Number(v(13)),
    translationInfo: v(14) === '' ? null : v(14),
  };
}

export interface MentionReadOptions {
  readonly batchSize?: number;
  readonly strict?: boolean;
  readonly limits?: DecompressionLimits;
  readonly onReject?: (row: RejectedRow) => void;
  readonly onProgress?: (p: { bytesRead: number; totalBytes: number; rows: number; rejected: number; done: boolean }) => void;
}

export interface MentionStats {
  lines: number;
  rows: number;
  mentions: number;
  rejected: number;
  blankLines: number;
  compression: Compression;
  entryName: string | null;
  bytesRead: number;
  totalBytes: number;
}

/** An opened mentions file: batches (read once) and live statistics. */
export interface MentionFileReader {
  readonly stats: MentionStats;
  batches(): AsyncGenerator<EventMention[]>;
  close(): void;
}

/** Opens a mentions file (plain, .gz or .zip, recognised by its bytes as event files are). */
export async function openMentionFile(file: string, options: MentionReadOptions = {}): Promise<MentionFileReader> {
  const batchSize = options.batchSize ?? 4096;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const source = await openByteSource(file, options.limits);
  const stats: MentionStats = {
    lines: 0, rows: 0, mentions: 0, rejected: 0, blankLines: 0, compression: source.compression, entryName: source.entryName,
    bytesRead: 0, totalBytes: source.totalBytes,
  };
  let used = false;
  async function* batches(): AsyncGenerator<EventMention[]> {
    if (used) throw new Error(`${file}: the batches of a mentions file can be read only once`);
    used = true;
    const progress = (done: boolean): void => {
      stats.bytesRead = done ? Math.max(source.bytesRead(), stats.totalBytes) : source.bytesRead();
      options.onProgress?.({ bytesRead: stats.bytesRead, totalBytes: stats.totalBytes, rows: stats.rows, rejected: stats.rejected, done });
    };
    const tooLong = (line: number) => new EventFileError(file, `line ${line} is longer than ${MAX_LINE_BYTES} bytes: not a GDELT mentions file`);
    let batch: EventMention[] = [];
    try {
      for await (const { lines, firstLine, bad, nul } of lineBlocks(source.chunks, tooLong)) {
        for (let i = 0; i < lines.length; i++) {
          let line = lines[i] as string;
          const lineNo = firstLine + i;
          if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
          if (line.length === 0) {
            stats.blankLines++;
            continue;
          }
          stats.rows++;
          const raw = bad?.get(i);
          const parsed: ParsedMention = raw !== undefined ? { field: columnName(badUtf8Field(raw)), reason: 'invalid UTF-8 byte sequence' }
            : nul && line.includes('\0') ? { field: columnName(nulField(line)), reason: NUL_REASON }
              : parseMentionRow(line);
          if (mentionRefused(parsed)) {
            const row: RejectedRow = { file, line: lineNo, field: parsed.field, reason: parsed.reason };
            stats.rejected++;
            options.onReject?.(row);
            if (options.strict) throw new EventRejectError(row);
            continue;
          }
          stats.mentions++;
          batch.push(parsed);
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
        stats.lines = firstLine + lines.length - 1;
        progress(false);
      }
      if (batch.length > 0) yield batch;
      progress(true);
    } finally {
      source.close();
    }
  }
  return { stats, batches, close: () => source.close() };
}

function columnName(index: number): string {
  return MENTION_COLUMNS[index] ?? 'columns';
}
