/**
 * GDELT's download servers over HTTP (the EventMirror port of src/app/ports.ts): the lists that name
 * the event exports with their size and MD5, and verified downloads of the files. Node's own fetch
 * and crypto; no retry here (the use case retries what is `transient`).
 *
 * The lists, as GDELT publishes them:
 * - GDELT 2.0: `masterfilelist.txt` in the base folder, one line per file, `size md5 url`, the
 *   export, mentions and GKG files of each 15-minute slot (FORMATS.md §2; lines as quoted in
 *   `linwoodc3/gdeltPyR` `notebook/earlyConceptsnFunctionality.md`, e.g.
 *   `150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip`).
 * - GDELT 1.0: `md5sums` and `filesizes` in http://data.gdeltproject.org/events/. `md5sums` is
 *   coreutils `md5sum` output, `md5  name` (two spaces): the GeoMesa GDELT tutorial downloads it and
 *   checks the files with `md5sum -c md5sums`, taking names with `cut -d' ' -f3`; the R function
 *   `get_urls_gdelt_event_log` splits its lines on two spaces into hash and name. `filesizes` is
 *   `size name`: `jtmancilla/final-big-data` `playground/download_one.sh` takes the name with
 *   `cut -d" " -f2`. Neither list's layout is documented by GDELT itself, so each line is read
 *   tolerantly (a hex digest or a number, and a file name, in either order). The same folder's
 *   `index.html` lists each file with its size and MD5 for people (cuckookernel/factored-datathon-2024-sinapsis,
 *   `docs/README.md`); it is not read here.
 *
 * Files are downloaded from the base URL joined with the name the list gives, so a mirror that
 * copies GDELT's lists verbatim (URLs naming data.gdeltproject.org) is still read from the mirror.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { EventMirror, MirrorDownload, MirrorFile, MirrorListing, MirrorOutcome, MirrorRequest } from '../../../app/ports.ts';

const V2_EXPORT = /^(\d{14})\.export\.CSV\.zip$/i;
const V2_MENTIONS = /^\d{14}\.mentions\.CSV\.zip$/i;
const V2_GKG = /^\d{14}\.gkg\.csv\.zip$/i;
const V1_EXPORT = /^(\d{8})\.export\.CSV\.zip$/i;
const MD5 = /^[0-9a-f]{32}$/i;
const MAX_EXAMPLES = 5;

type Failure = { ok: false; kind: 'transient' | 'missing' | 'mismatch' | 'failed'; message: string };
const fail = (kind: Failure['kind'], message: string): Failure => ({ ok: false, kind, message });

/** How an HTTP status ends a request, or null when it is a success. */
function statusFailure(url: string, status: number, statusText: string): Failure | null {
  if (status >= 200 && status < 300) return null;
  const what = `${url}: HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 404 || status === 410) return fail('missing', `${what} (not on the server)`);
  if (status >= 500 || status === 408 || status === 429) return fail('transient', what);
  return fail('failed', what);
}

/** A network error in words: undici hides the system's code in `cause`. */
function networkMessage(url: string, e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return `${url}: ${err.message}${cause && !err.message.includes(cause) ? ` (${cause})` : ''}`;
}

/**
 * GETs `url` (with `headers`), lets `onStart` see the status and headers of a success, and hands each
 * chunk of the body to `onChunk`; a pause of `timeoutMs` without a byte (before the headers or
 * within the body) aborts it as a timeout.
 */
async function get(url: string, timeoutMs: number, onChunk: (chunk: Uint8Array) => void | Promise<void>,
  headers: Record<string, string> = {}, onStart?: (status: number, headers: Headers) => void | Promise<void>): Promise<MirrorOutcome<{ bytes: number }>> {
  const abort = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => { timedOut = true; abort.abort(); }, timeoutMs);
  };
  arm();
  try {
    const res = await fetch(url, { signal: abort.signal, redirect: 'follow', headers });
    const bad = statusFailure(url, res.status, res.statusText);
    if (bad !== null) {
      await res.body?.cancel().catch(() => undefined);
      return bad;
    }
    await onStart?.(res.status, res.headers);
    let bytes = 0;
    if (res.body !== null) {
      for await (const chunk of Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>) {
        arm();
        bytes += chunk.length;
        await onChunk(chunk);
      }
    }
    return { ok: true, value: { bytes } };
  } catch (e) {
    if (timedOut) return fail('transient', `${url}: no data for ${(timeoutMs / 1000).toFixed(0)} s (timed out)`);
    if (e instanceof LocalWriteError) return fail('failed', e.message);
    return fail('transient', networkMessage(url, e));
  } finally {
    clearTimeout(timer);
  }
}

/** A failure of this machine (the cache folder), not of the network: never retried. */
class LocalWriteError extends Error {
  override readonly name = 'LocalWriteError';
}

/** Reads a list line by line as it arrives (lists run to hundreds of megabytes: never held whole). */
async function readLines(url: string, timeoutMs: number, onLine: (line: string, n: number) => void): Promise<MirrorOutcome<{ bytes: number }>> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let n = 0;
  const r = await get(url, timeoutMs, (chunk) => {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) onLine(l.replace(/\r$/, ''), ++n);
  });
  if (r.ok) {
    rest += decoder.decode();
    if (rest !== '') onLine(rest.replace(/\r$/, ''), ++n);
  }
  return r;
}

/** The file name at the end of a URL or path. */
function nameOf(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

const dayOf = (slot: string): string => `${slot.slice(0, 4)}-${slot.slice(4, 6)}-${slot.slice(6, 8)}`;

class ListingBuilder {
  readonly files: MirrorFile[] = [];
  readonly skipped = { mentions: 0, gkg: 0, outsideRange: 0, other: 0 };
  readonly malformed = { count: 0, examples: [] as string[] };
  constructor(private readonly baseUrl: string, private readonly from: string, private readonly to: string) {}
  bad(list: string, n: number, line: string, why: string): void {
    this.malformed.count++;
    if (this.malformed.examples.length < MAX_EXAMPLES) this.malformed.examples.push(`${list}:${n}: ${why}: ${JSON.stringify(line.slice(0, 200))}`);
  }
  /** An export file with its slot: kept when its day is in the range. */
  export(name: string, slot: string, size: number, md5: string): void {
    const day = dayOf(slot);
    if (day < this.from || day > this.to) {
      this.skipped.outsideRange++;
      return;
    }
    this.files.push({ name, url: new URL(name, this.baseUrl).toString(), size, md5: md5.toLowerCase(), slot });
  }
  done(lists: string[]): MirrorListing {
    // A list naming a file twice (GDELT's has done so) downloads it once: the last line wins.
    const byName = new Map(this.files.map((f) => [f.name, f]));
    const files = [...byName.values()].sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : a.name < b.name ? -1 : 1));
    return { lists, files, skipped: this.skipped, malformed: this.malformed };
  }
}

async function listV2(request: MirrorRequest, from: string, to: string): Promise<MirrorOutcome<MirrorListing>> {
  const list = new URL('masterfilelist.txt', request.baseUrl).toString();
  const b = new ListingBuilder(request.baseUrl, from, to);
  const r = await readLines(list, request.timeoutMs, (line, n) => {
    if (line.trim() === '') return;
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 3) return b.bad(list, n, line, 'expected "size md5 url"');
    const [size, md5, url] = parts as [string, string, string];
    if (!/^\d+$/.test(size) || !MD5.test(md5)) return b.bad(list, n, line, 'expected a size in bytes and a hex MD5');
    const name = nameOf(url);
    const m = V2_EXPORT.exec(name);
    if (m) return b.export(name, m[1]!, Number(size), md5);
    if (V2_MENTIONS.test(name)) b.skipped.mentions++;
    else if (V2_GKG.test(name)) b.skipped.gkg++;
    else b.skipped.other++;
  });
  return r.ok ? { ok: true, value: b.done([list]) } : r;
}

/** One line of md5sums or filesizes: a value (hex digest or size) and a file name, in either order. */
function splitPair(line: string, value: RegExp): { value: string; name: string } | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const [a, b] = parts as [string, string];
  if (value.test(a) && !value.test(b)) return { value: a, name: nameOf(b.replace(/^\*/, '')) };
  if (value.test(b) && !value.test(a)) return { value: b, name: nameOf(a) };
  return null;
}

async function listV1(request: MirrorRequest, from: string, to: string): Promise<MirrorOutcome<MirrorListing>> {
  const md5List = new URL('md5sums', request.baseUrl).toString();
  const sizeList = new URL('filesizes', request.baseUrl).toString();
  const b = new ListingBuilder(request.baseUrl, from, to);
  const md5s = new Map<string, string>();
  const sizes = new Map<string, number>();
  const read = async (list: string, value: RegExp, into: (name: string, v: string) => void): Promise<MirrorOutcome<{ bytes: number }>> =>
    readLines(list, request.timeoutMs, (line, n) => {
      if (line.trim() === '') return;
      const pair = splitPair(line, value);
      if (pair === null) return b.bad(list, n, line, value === MD5 ? 'expected "md5  name"' : 'expected "size name"');
      into(pair.name, pair.value);
    });
  const m = await read(md5List, MD5, (name, v) => md5s.set(name, v.toLowerCase()));
  if (!m.ok) return m;
  const s = await read(sizeList, /^\d+$/, (name, v) => sizes.set(name, Number(v)));
  if (!s.ok) return s;
  for (const [name, md5] of md5s) {
    const day = V1_EXPORT.exec(name);
    if (!day) {
      b.skipped.other++;
      continue;
    }
    const size = sizes.get(name);
    if (size === undefined) {
      b.bad(sizeList, 0, name, 'in md5sums but not in filesizes (its size cannot be checked)');
      continue;
    }
    b.export(name, day[1]!, size, md5);
  }
  for (const name of sizes.keys()) if (!md5s.has(name) && V1_EXPORT.test(name)) b.bad(md5List, 0, name, 'in filesizes but not in md5sums (its MD5 cannot be checked)');
  return { ok: true, value: b.done([md5List, sizeList]) };
}

/** MD5 and size of a file on disk. */
async function digestOf(path: string): Promise<{ md5: string; size: number }> {
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { md5: hash.digest('hex'), size };
}

/** Whether a process of that id runs (a signal 0 reaches it, or it is another user's). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `.part` files this process is writing (another download of the same file must not take them). */
const partsInUse = new Set<string>();

/**
 * A `.part` file of this file that nobody writes any more (its process was killed, or an attempt of
 * this one failed on the network), to resume; the others such are removed. Null when there is none.
 */
async function leftoverPart(dir: string, name: string): Promise<string | null> {
  const prefix = `.${name}.`;
  let kept: string | null = null;
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.part')) continue;
    const path = join(dir, entry);
    const pid = Number(entry.slice(prefix.length).split('.')[0]);
    const abandoned = Number.isInteger(pid) && pid > 0 && (pid === process.pid ? !partsInUse.has(path) : !running(pid));
    if (!abandoned) continue;
    if (kept === null) kept = path;
    else await rm(path, { force: true }).catch(() => undefined);
  }
  return kept;
}

/**
 * Downloads a listed file into `dir`, verified. A `.part` file left by an interrupted download is
 * resumed with an HTTP range request (its bytes hashed first); a server that answers the whole file
 * instead (200) is read from the start. The part is kept after a transient failure (the next attempt
 * resumes it) and removed after any other.
 */
async function download(request: MirrorRequest, file: MirrorFile, dir: string, onBytes?: (n: number) => void): Promise<MirrorOutcome<MirrorDownload>> {
  const path = join(dir, file.name);
  const existing = await stat(path).catch(() => null);
  if (existing !== null && existing.isFile() && existing.size === file.size && (await digestOf(path)).md5 === file.md5) {
    return { ok: true, value: { path, bytes: file.size, cached: true } };
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    return fail('failed', `${dir}: cannot create the download folder: ${(e as Error).message}`);
  }
  // Written beside its final name (unique per process and attempt), renamed once verified.
  let part = await leftoverPart(dir, file.name);
  let have = 0;
  let hash = createHash('md5');
  if (part !== null) {
    const size = (await stat(part).catch(() => null))?.size ?? 0;
    if (size > 0 && size < file.size) {
      for await (const chunk of createReadStream(part) as AsyncIterable<Buffer>) hash.update(chunk);
      have = size;
    } else {
      await rm(part, { force: true }).catch(() => undefined);
      part = null;
    }
  }
  part ??= join(dir, `.${file.name}.${process.pid}.${randomBytes(4).toString('hex')}.part`);
  partsInUse.add(part);
  const target = part;
  let out: ReturnType<typeof createWriteStream> | null = null;
  let writeError: Error | null = null;
  let keepPart = false;
  let received = have;
  let resumedFrom = 0;
  try {
    const r = await get(file.url, request.timeoutMs, async (chunk) => {
      if (writeError !== null || out === null) throw new LocalWriteError(`${target}: ${(writeError as Error | null)?.message ?? 'not open'}`);
      hash.update(chunk);
      received += chunk.length;
      onBytes?.(chunk.length);
      if (!out.write(chunk)) await once(out, 'drain');
    }, have > 0 ? { range: `bytes=${have}-` } : {}, async (status, headers) => {
      const resumed = have > 0 && status === 206 && (headers.get('content-range') ?? '').startsWith(`bytes ${have}-`);
      if (!resumed && have > 0) {
        // The server sends the whole file: start again.
        hash = createHash('md5');
        received = 0;
      }
      if (resumed) resumedFrom = have;
      out = createWriteStream(target, { flags: resumed ? 'a' : 'w' });
      out.on('error', (e) => { writeError = e; });
      await once(out, 'open').catch((e: unknown) => { throw new LocalWriteError(`${target}: ${(e as Error).message}`); });
    });
    if (out !== null) {
      const o = out as ReturnType<typeof createWriteStream>;
      o.end();
      await once(o, 'close');
    }
    if (writeError !== null) return fail('failed', `${target}: ${(writeError as Error).message}`);
    if (!r.ok) {
      keepPart = r.kind === 'transient';
      return r;
    }
    // A resumed file that does not verify may have been spoiled before the interruption: the part is
    // dropped (keepPart is false) and the next attempt downloads the file whole.
    const mismatch = (message: string): Failure => (resumedFrom > 0 ? fail('transient', `${message}; it had been resumed at byte ${resumedFrom}, so it is downloaded whole again`) : fail('mismatch', message));
    if (received !== file.size) {
      return mismatch(`${file.name}: ${received.toLocaleString('en-US')} bytes received where the list gives ${file.size.toLocaleString('en-US')} (size differs): nothing of it was stored`);
    }
    const digest = hash.digest('hex');
    if (digest !== file.md5) return mismatch(`${file.name}: MD5 ${digest} where the list gives ${file.md5} (checksum differs): nothing of it was stored`);
    await rename(target, path);
    return { ok: true, value: { path, bytes: received, cached: false } };
  } catch (e) {
    (out as ReturnType<typeof createWriteStream> | null)?.destroy();
    return fail('failed', e instanceof LocalWriteError ? e.message : `${file.name}: ${(e as Error).message}`);
  } finally {
    partsInUse.delete(target);
    if (!keepPart) await rm(target, { force: true }).catch(() => undefined);
  }
}

export const gdeltMirror: EventMirror = {
  list: (request, from, to) => (request.release === 'v2' ? listV2(request, from, to) : listV1(request, from, to)),
  download,
  discard: (path) => rm(path, { force: true }),
};
