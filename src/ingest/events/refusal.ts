/**
 * The one error convention of the event parsers: a row becomes a PoliticalEvent or a Refusal (the
 * field at fault and why); the reader adds the file and line, and the RejectSink (rejects.ts)
 * records it. A refusal is allocated only when a row fails.
 */
import type { PoliticalEvent } from '../../domain/events/event.ts';

export interface Refusal {
  /** The column at fault, named as in the format's documentation (`SQLDATE`, `Event Date`, `cameo_code`…), or `columns` for a wrong column count. */
  readonly field: string;
  readonly reason: string;
}

export type Parsed = PoliticalEvent | Refusal;

export function refused(x: Parsed): x is Refusal {
  return (x as Partial<PoliticalEvent>).dataset === undefined;
}

/** A refused row, located: `line` is the 1-based physical line of the decompressed file. */
export interface RejectedRow extends Refusal {
  readonly file: string;
  readonly line: number;
}

/** A refused row that aborts a strict import; the message is `file:line:field: reason`. */
export class EventRejectError extends Error {
  override readonly name = 'EventRejectError';
  constructor(readonly row: RejectedRow) {
    super(`${row.file}:${row.line}:${row.field}: ${row.reason}`);
  }
}
