/**
 * The rejects sink: every refused row of an import, written to a TSV file (header
 * `file	line	field	reason`) so that no bad row disappears silently. The file is created at the first
 * refusal; a stale one from an earlier import of the same name is removed first. Writes are
 * synchronous and buffered: refusals arrive in the read loop, and a file with millions of bad rows
 * must not pile them up in memory.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import type { RejectedRow } from './refusal.ts';

const FLUSH_AT = 64 * 1024;

function cell(s: string): string {
  return s.replace(/[\t\r\n]+/g, ' ');
}

export class RejectSink {
  readonly path: string;
  #fd: number | null = null;
  #buf = '';
  #count = 0;
  #closed = false;

  /** Removes a rejects file left by an earlier import of the same name. */
  constructor(path: string) {
    this.path = path;
    rmSync(path, { force: true });
  }

  /** Rows refused so far. */
  get count(): number {
    return this.#count;
  }

  /** The rejects file, or null when no row was refused. */
  get written(): string | null {
    return this.#count > 0 ? this.path : null;
  }

  /** Records a refused row. */
  reject(row: RejectedRow): void {
    if (this.#closed) throw new Error(`rejects file ${this.path} is closed`);
    this.#fd ??= openSync(this.path, 'w');
    if (this.#count === 0) this.#buf += 'file\tline\tfield\treason\n';
    this.#buf += `${cell(row.file)}\t${row.line}\t${cell(row.field)}\t${cell(row.reason)}\n`;
    this.#count++;
    if (this.#buf.length >= FLUSH_AT) this.#flush();
  }

  #flush(): void {
    if (this.#fd !== null && this.#buf.length > 0) writeSync(this.#fd, this.#buf);
    this.#buf = '';
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#flush();
    if (this.#fd !== null) closeSync(this.#fd);
  }

  /** Forgets everything recorded and removes the file (the import is being read another way). */
  discard(): void {
    this.close();
    rmSync(this.path, { force: true });
    this.#count = 0;
    this.#closed = false;
    this.#fd = null;
  }
}
