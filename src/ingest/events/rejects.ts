/**
 * Writes rejected rows to a TSV file (header `file	line	field	reason`), so that no bad row
 * disappears silently. Writes are synchronous and buffered: onReject is a plain callback in the
 * read loop, and a file with millions of bad rows must not pile them up in memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { RejectedRow } from './types.ts';

const FLUSH_AT = 64 * 1024;

function cell(s: string): string {
  return s.replace(/[\t\r\n]+/g, ' ');
}

/** A rejects file being written. */
export interface RejectsWriter {
  readonly path: string;
  /** Rows written so far. */
  readonly count: number;
  write(row: RejectedRow): void;
  close(): void;
}

/** Creates (truncates) a rejects TSV; pass `writer.write` as onReject. */
export function createRejectsWriter(path: string): RejectsWriter {
  const fd = openSync(path, 'w');
  let buf = 'file\tline\tfield\treason\n';
  let count = 0;
  let closed = false;
  const flush = (): void => {
    if (buf.length > 0) writeSync(fd, buf);
    buf = '';
  };
  return {
    path,
    get count() {
      return count;
    },
    write(row) {
      if (closed) throw new Error(`rejects file ${path} is closed`);
      buf += `${cell(row.file)}\t${row.line}\t${cell(row.field)}\t${cell(row.reason)}\n`;
      count++;
      if (buf.length >= FLUSH_AT) flush();
    },
    close() {
      if (closed) return;
      closed = true;
      flush();
      closeSync(fd);
    },
  };
}
