/**
 * What the delimited-row parsers (GDELT, ICEWS) share: column names for messages, and the
 * field/reason of the last row they refused (read by the reader when `parse` returns null).
 */
import type { PoliticalEvent } from '../../domain/events.ts';

export abstract class RowParser {
  /** Column of the last refused row, named as in the format's documentation. */
  field = '';
  /** Why the last row was refused. */
  reason = '';

  constructor(protected readonly names: readonly string[]) {}

  /** Name of the column at a 0-based position. */
  columnName(i: number): string {
    return this.names[i] ?? `column ${i + 1}`;
  }

  /** One data line → an event, or null (see `field`/`reason`). */
  abstract parse(line: string): PoliticalEvent | null;

  /** Records why a row is refused; returns null so parsers can `return this.fail(…)`. */
  protected fail(field: string, reason: string): null {
    this.field = field;
    this.reason = reason;
    return null;
  }
}
