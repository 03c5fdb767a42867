/**
 * Format detection: the content decides (ICEWS header, CSV header, GDELT column count), the file
 * name breaks ties. GDELT 1.0 daily files are named `YYYYMMDD.export.CSV` like 2.0's
 * `YYYYMMDDHHMMSS.export.CSV`, so only the timestamp length tells them apart by name.
 */
import { isIcewsCsvHeader, isIcewsHeader } from './formats/icews/parser.ts';
import { isPolecatHeader } from './formats/polecat/parser.ts';
import { readGdeltHeader, requiredColumns, type GdeltHeader } from './formats/gdelt/header.ts';
import { isCsvHeader } from './formats/csv/parser.ts';
import type { EventFormat } from './types.ts';

export interface Detection {
  readonly format: EventFormat | null;
  readonly reason: string;
  /** True for a GDELT 2.0 mentions file: no events, but the mentions of events (formats/gdelt/mentions.ts). */
  readonly mentions?: true;
}

/** A file's name without its folder and without .zip/.gz. */
const baseName = (file: string): string => (file.split(/[\\/]/).pop() ?? file).replace(/\.(zip|gz)$/i, '');

/** Whether the name is a GDELT 2.0 mentions file's (`YYYYMMDDHHMMSS.mentions.CSV`). */
const isMentionsName = (base: string): boolean => /\.mentions\.csv$/i.test(base);

/** What the file name alone suggests, after stripping .zip/.gz. */
export function formatFromName(file: string): EventFormat | null {
  const base = baseName(file);
  if (/\d{14}\.export\.csv$/i.test(base)) return 'gdelt2';
  if (/\d{8}\.export\.csv$/i.test(base) || /^\d{4}(\d{2})?\.csv$/i.test(base)) return 'gdelt1';
  if (isMentionsName(base) || /\.gkg\.csv$/i.test(base)) return null;
  if (/\.(tab|tsv)$/i.test(base) && /icews|events\.\d{4}/i.test(base)) return 'icews';
  if (isPolecatName(base)) return 'polecat';
  if (/\.csv$/i.test(base)) return 'csv';
  return null;
}

/** POLECAT's Dataverse names: `ngecEvents.DV.YYYY.txt`, `ngecEvents.YYYYMMDDhhmmss.ReleaseNNN.DV.txt`, `ngecEventsDV-YYYY-MM.txt` (FORMATS.md §6). */
export function isPolecatName(base: string): boolean {
  return /^ngecEvents(\.DV\.\d{4}|\.\d{14}\.Release\d+\.DV|DV-\d{4}(-\d{2})?)\.txt$/i.test(base);
}

/** How many leading lines the detection looks at (a damaged first row should not decide). */
export const DETECT_LINES = 50;

/** Detects the format of a file from its name and its first lines (an empty array for an empty file). */
export function detectFormat(file: string, head: readonly string[]): Detection {
  const byName = formatFromName(file);
  const nameNote = byName === null ? '' : `; the name suggests ${byName}`;
  const lines = head.slice(0, DETECT_LINES).map((l, i) => (i === 0 ? l.replace(/^\uFEFF/, '') : l)).filter((l) => l.trim() !== '');
  const first = lines[0];
  if (first === undefined) {
    if (byName !== null) return { format: byName, reason: 'file name (the file has no content)' };
    return { format: null, reason: 'the file is empty and its name says nothing' };
  }
  // POLECAT's header also starts with Event ID, Event Date: it is told apart first, by Event Type.
  if (isPolecatHeader(first)) return { format: 'polecat', reason: `content: POLECAT header ("Event ID", "Event Date", "Event Type", …)${nameNote}` };
  // Header rows: a full GDELT header (pandas, gdeltPyR, BigQuery exports), ICEWS (tab or comma), the
  // CSV format (its names or their codebook aliases); then headers that are GDELT's or ICEWS's but
  // lack columns, so that the reader names the missing ones.
  let gdeltHeader: GdeltHeader | null = null;
  try {
    gdeltHeader = readGdeltHeader(first, lines[1]);
  } catch (err) {
    return { format: byName === 'gdelt1' ? 'gdelt1' : 'gdelt2', reason: `content: a GDELT header row that cannot be read (${(err as Error).message})` };
  }
  const headerKind = (h: GdeltHeader) => `${h.delimiter === ',' ? 'comma' : 'tab'}-separated, version from ${h.versionReason}`;
  if (gdeltHeader !== null && gdeltHeader.missing.length === 0) {
    return { format: gdeltHeader.dataset, reason: `content: GDELT header row (${headerKind(gdeltHeader)})${nameNote}` };
  }
  // Naming at least half the columns the row table reads makes it a GDELT export with columns
  // missing (refused, naming them), not a few codebook names in your own CSV.
  if (gdeltHeader !== null && gdeltHeader.missing.length <= requiredColumns().length / 2) {
    return { format: gdeltHeader.dataset, reason: `content: GDELT header row (${headerKind(gdeltHeader)}) lacking columns${nameNote}` };
  }
  if (isIcewsHeader(first)) return { format: 'icews', reason: `content: ICEWS header ("Event ID", "Event Date", …)${nameNote}` };
  if (isIcewsCsvHeader(first, true)) return { format: 'icews', reason: `content: comma-separated ICEWS header (Event_ID, Event_Date, …)${nameNote}` };
  if (isCsvHeader(first)) {
    const partial = gdeltHeader !== null ? `; GDELT names but not every column of the GDELT row table (lacks ${gdeltHeader.missing.join(', ')}), so read as your own CSV by its aliases` : '';
    return { format: 'csv', reason: `content: CSV header with event_id and event_date (or their codebook names)${partial}${nameNote}` };
  }
  if (gdeltHeader !== null) return { format: gdeltHeader.dataset, reason: `content: GDELT header row (${headerKind(gdeltHeader)}) lacking columns${nameNote}` };
  if (isIcewsCsvHeader(first, false)) return { format: 'icews', reason: `content: comma-separated ICEWS header lacking columns${nameNote}` };
  // GDELT has no header: count tab-separated columns on the first lines and let the majority decide.
  let v1 = 0;
  let v2 = 0;
  let mentions = 0;
  for (const l of lines) {
    const n = l.split('\t').length;
    if (n === 57 || n === 58) v1++;
    else if (n === 61) v2++;
    else if (n === 16) mentions++;
  }
  const seen = `${lines.length} line(s) examined: ${v1} with 57/58 columns, ${v2} with 61`;
  if (mentions > v1 + v2) return { format: null, mentions: true, reason: `content: 16 tab-separated columns on ${mentions} of ${lines.length} line(s) examined — a GDELT 2.0 mentions file, which holds no events but mentions of events (events import stores them)` };
  if (v1 > v2) return { format: 'gdelt1', reason: `content: GDELT 1.0 column count (${seen})${nameNote}` };
  if (v2 > 0) return { format: 'gdelt2', reason: `content: GDELT 2.0 export column count (${seen})${nameNote}` };
  const n = first.split('\t').length;
  if (byName === null && isMentionsName(baseName(file))) {
    return { format: null, mentions: true, reason: `file name: a GDELT 2.0 mentions file, which holds no events but mentions of events (no line has a GDELT column count: the first has ${n} field(s))` };
  }
  if (byName !== null && byName !== 'csv' && byName !== 'icews' && byName !== 'polecat') {
    return { format: byName, reason: `file name (no line has a GDELT column count: the first has ${n} field(s))` };
  }
  return { format: null, reason: `content not recognised: the first line has ${n} tab-separated field(s) and no ICEWS or CSV header, and no line has a GDELT column count${byName === null ? '' : `; the name suggests ${byName} but the content disagrees`}` };
}
