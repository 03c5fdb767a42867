/**
 * Byte-level passes over a plain (uncompressed) event file: the check that it suits DuckDB's reading,
 * its SHA-256, and a way to fetch given physical lines back. All work on raw buffers with native
 * searches, never splitting the file into strings.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Worker } from 'node:worker_threads';

export interface PlainFileScan {
  readonly bytes: number;
  /** Physical lines (a last line without a newline counts). */
  readonly lines: number;
  /** Bytes of the longest line, newline excluded. */
  readonly maxLineBytes: number;
  /** Why the file does not suit DuckDB's reading of it, or null when it does. */
  readonly unfit: string | null;
}

const BLANK_LINE = Buffer.from('\n\n');

/**
 * Checks, before DuckDB reads a file, what DuckDB's CSV reader would read differently from this
 * project's reader, or must not be given at all: invalid UTF-8 (which can bring DuckDB down), CR
 * line ends, blank lines (which shift line numbers), NUL and 0x1D bytes (DuckDB's NULL marker here),
 * a byte order mark (which the re-reading of refused lines would take for part of the first row);
 * and counts the lines and the longest one. Native searches over raw buffers, never strings.
 */
export async function scanPlainFile(file: string, signal?: AbortSignal): Promise<PlainFileScan> {
  let unfit: string | null = null;
  let bytes = 0;
  let lines = 0;
  let maxLineBytes = 0;
  /** Offset in the file where the current line began. */
  let lineStart = 0;
  /** Bytes after the last newline seen, not yet checked as UTF-8 (a line cut by the chunk boundary). */
  let tail: Buffer = Buffer.alloc(0);
  let lastByte = 10; // as if a newline came before the file: a leading newline is a blank line
  const utf8 = (b: Buffer): void => {
    if (unfit === null && !isUtf8(b)) unfit = 'it is not valid UTF-8 throughout';
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      const length = bytes + i - lineStart;
      if (length > maxLineBytes) maxLineBytes = length;
      lineStart = bytes + i + 1;
      lines++;
    }
    if (bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) unfit = 'it starts with a byte order mark';
    bytes += chunk.length;
    if (unfit !== null) continue;
    if (chunk.includes(13)) unfit = 'it has CR (\\r) characters';
    else if (chunk.includes(0)) unfit = 'it holds NUL bytes';
    else if (chunk.includes(0x1d)) unfit = 'it holds 0x1D bytes';
    else if ((lastByte === 10 && chunk[0] === 10) || chunk.includes(BLANK_LINE)) unfit = 'it has blank lines';
    lastByte = chunk[chunk.length - 1] as number;
    if (unfit !== null) continue;
    const first = chunk.indexOf(10);
    if (first === -1) {
      tail = Buffer.concat([tail, chunk]);
      continue;
    }
    utf8(tail.length === 0 ? chunk.subarray(0, first) : Buffer.concat([tail, chunk.subarray(0, first)]));
    const last = chunk.lastIndexOf(10);
    if (last > first) utf8(chunk.subarray(first + 1, last));
    tail = Buffer.from(chunk.subarray(last + 1));
  }
  if (bytes > lineStart) {
    lines++;
    maxLineBytes = Math.max(maxLineBytes, bytes - lineStart);
  }
  if (unfit === null) utf8(tail);
  if (unfit === null && bytes === 0) unfit = 'it is empty';
  return { bytes, lines, maxLineBytes, unfit };
}

/** Files from this size on are hashed on a thread of their own (sha256File; `threadFrom` sets another size). */
const HASH_THREAD_BYTES = 64 * 1024 * 1024;

/** Size, modification time, inode and device of a file, as one string to compare: equal means the same bytes, as far as the system tells. */
export function fileIdentity(file: string): string {
  const s = statSync(file, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ino}:${s.dev}`;
}

/** A file's hash being computed: its promise (a failure is held for whoever awaits it) and how to stop it. */
export interface FileHash {
  readonly hashing: Promise<string>;
  stop(): void;
}

/** Starts hashing `file` (sha256File) beside the work that follows; stop() ends it when that work fails. */
export function startHash(file: string): FileHash {
  const controller = new AbortController();
  const hashing = sha256File(file, controller.signal);
  hashing.catch(() => undefined);
  return { hashing, stop: () => controller.abort() };
}

/**
 * SHA-256 of a file's bytes, streamed. A large file is hashed on a worker thread, so that the
 * hashing (about half a second for 350 MB here) runs beside the import's work on this thread instead
 * of taking turns with it; starting the thread costs some 30 ms, worth it for a large file only.
 */
export async function sha256File(file: string, signal?: AbortSignal, threadFrom = HASH_THREAD_BYTES): Promise<string> {
  const size = await stat(file).then((s) => s.size, () => 0);
  if (size >= threadFrom) return sha256OnThread(file, signal);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// The worker's code is given as text, so that it runs the same from the sources and from the bundle.
const HASH_WORKER = `const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (e) => { throw e; })
  .on('end', () => parentPort.postMessage(hash.digest('hex')));`;

function sha256OnThread(file: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: file });
    const stop = (): void => {
      void worker.terminate();
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (hex: string) => resolve(hex));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (code !== 0) reject(new Error(`the hashing of ${file} stopped (exit code ${code})`));
    });
  });
}

/** The given physical lines (1-based, ascending) of a file, as text, by line number. */
export async function readLinesAt(file: string, wanted: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (wanted.length === 0) return out;
  let k = 0;
  let line = 1;
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const target = wanted[k];
      if (target === undefined) return out;
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        if (line === target) carry.push(chunk.subarray(start));
        break;
      }
      if (line === target) {
        carry.push(chunk.subarray(start, nl));
        out.set(line, Buffer.concat(carry).toString('utf8'));
        carry = [];
        k++;
      }
      line++;
      start = nl + 1;
    }
  }
  const target = wanted[k];
  if (target === line && carry.length > 0) out.set(line, Buffer.concat(carry).toString('utf8'));
  return out;
}
