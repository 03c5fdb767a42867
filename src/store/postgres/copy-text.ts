/**
 * PostgreSQL's COPY text format: tab-separated, one row per line, \N for NULL, and backslash escapes
 * for the characters that would break a field or a line.
 */
import type { PoliticalEvent } from '../../domain/events/event.ts';
import { eventLine } from '../sql/event-rows.ts';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value as a COPY text field. */
export function copyText(v: string): string {
  // Most values need nothing: test first, replace only when needed.
  return NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, (ch) => ESCAPES[ch] as string) : v;
}

/** One event as a COPY text line in EVENT_COLUMNS order, newline included. */
export function copyLine(e: PoliticalEvent): string {
  return `${eventLine(e, '\t', '\\N', copyText) as string}\n`;
}
