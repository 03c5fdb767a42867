/**
 * Opens an event file as a stream of decompressed bytes: plain, gzip (.gz) or zip (one data entry,
 * as GDELT ships them). Compression is recognised by the file's first bytes, so a misnamed file
 * still opens; a truncated or corrupt archive fails with an error that names the file.
 *
 * Decompression is bounded (DecompressionLimits): an archive that would expand past a size, or by
 * more than a ratio of its compressed size, is refused as soon as it does (a zip entry whose
 * declared sizes break the limits, before a byte is inflated).
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';
import type { DecompressionLimits } from '../../app/ports.ts';
import { DEFAULT_DECOMPRESSION_LIMITS } from '../../app/params.ts';

export type Compression = 'none' | 'gzip' | 'zip';

/** An error about a whole file (unreadable, corrupt archive, unknown format): the message starts with the file name. */
export class EventFileError extends Error {
  override readonly name = 'EventFileError';
  constructor(readonly file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
  }
}

/** A file opened for reading: its decompressed bytes plus what progress reporting needs. */
export interface ByteSource {
  readonly file: string;
  readonly compression: Compression;
  /** Name of the zip entry read, or null. */
  readonly entryName: string | null;
  /** Denominator for progress: the file's size (plain, gzip) or the zip entry's uncompressed size. */
  readonly totalBytes: number;
  /** Numerator for progress, in the same unit as totalBytes. */
  bytesRead(): number;
  readonly chunks: AsyncIterable<Buffer>;
  /** Releases the file early (normal completion releases it by itself). */
  close(): void;
}

const CHUNK = 1 << 20;

/** Output below which the ratio is not judged (a small archive of a repetitive file may expand a lot). */
export const RATIO_FLOOR = 16 * 1024 ** 2;

const OVERRIDE = 'pass --max-bytes or --max-ratio to allow it';

/** Why `out` decompressed bytes from `compressed` break the limits, or null. */
function breach(out: number, compressed: number, limits: DecompressionLimits): string | null {
  if (out > limits.maxBytes) return `it expands past ${limits.maxBytes} bytes (the limit)`;
  if (out > RATIO_FLOOR && out > limits.maxRatio * Math.max(1, compressed)) {
    return `it expands more than ${limits.maxRatio} times its compressed ${compressed} bytes (the limit): a decompression bomb?`;
  }
  return null;
}

/** Counts decompressed bytes and stops the stream at the first breach of the limits. */
function bounded(file: string, what: string, compressed: () => number, limits: DecompressionLimits): (n: number) => void {
  let out = 0;
  return (n) => {
    out += n;
    const why = breach(out, compressed(), limits);
    if (why !== null) throw new EventFileError(file, `refused ${what}: ${why}; ${OVERRIDE}`);
  };
}

async function sniff(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function compressionOf(magic: Buffer): Compression {
  if (magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) return 'gzip';
  if (magic.length >= 4 && magic[0] === 0x50 && magic[1] === 0x4b && (magic[2] === 0x03 || magic[2] === 0x05) && (magic[3] === 0x04 || magic[3] === 0x06)) return 'zip';
  return 'none';
}

async function* guarded(file: string, what: string, stream: Readable, count?: (n: number) => void): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      count?.(chunk.length);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof EventFileError) throw err;
    throw new EventFileError(file, `${what}: ${(err as Error).message}`, { cause: err });
  } finally {
    stream.destroy();
  }
}

/** Opens a plain, .gz or .zip event file for streaming. */
export async function openByteSource(file: string, limits: DecompressionLimits = DEFAULT_DECOMPRESSION_LIMITS): Promise<ByteSource> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new EventFileError(file, 'is a folder, not an event file (name the files in it, e.g. folder/*.CSV)');
    if (!st.isFile()) throw new EventFileError(file, 'is not a regular file (a pipe or a device): the import reads a file more than once, so save it to a file first');
    size = st.size;
  } catch (err) {
    if (err instanceof EventFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new EventFileError(file, `cannot read the file: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`, { cause: err });
  }
  const compression = compressionOf(await sniff(file));
  if (compression === 'none' && /\.(zip|gz)$/i.test(file) && size > 0) {
    throw new EventFileError(file, `the name says ${/\.zip$/i.test(file) ? 'zip' : 'gzip'} but the content is not (truncated or corrupt archive?)`);
  }
  if (compression === 'zip') return openZip(file, limits);
  const raw: ReadStream = createReadStream(file, { highWaterMark: CHUNK });
  if (compression === 'none') {
    let n = 0;
    return {
      file, compression, entryName: null, totalBytes: size,
      bytesRead: () => n,
      chunks: guarded(file, 'read error', raw, (k) => { n += k; }),
      close: () => raw.destroy(),
    };
  }
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on('error', (err) => gunzip.destroy(err));
  raw.pipe(gunzip);
  return {
    file, compression, entryName: null, totalBytes: size,
    bytesRead: () => raw.bytesRead,
    chunks: guarded(file, 'gzip data is truncated or corrupt', gunzip, bounded(file, 'the gzip data', () => size, limits)),
    close: () => { raw.destroy(); gunzip.destroy(); },
  };
}

async function openZip(file: string, limits: DecompressionLimits): Promise<ByteSource> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (err) {
    throw new EventFileError(file, `not a readable zip archive (truncated or corrupt): ${(err as Error).message}`, { cause: err });
  }
  const entries: yauzl.Entry[] = [];
  try {
    for await (const e of zip.eachEntry()) {
      if (e.fileName.endsWith('/') || e.fileName.startsWith('__MACOSX/')) continue;
      entries.push(e);
    }
  } catch (err) {
    zip.close();
    throw new EventFileError(file, `corrupt zip directory: ${(err as Error).message}`, { cause: err });
  }
  if (entries.length !== 1) {
    zip.close();
    throw new EventFileError(file, entries.length === 0 ? 'the zip archive holds no file' : `the zip archive holds ${entries.length} files (${entries.map((e) => e.fileName).join(', ')}); expected one`);
  }
  const entry = entries[0] as yauzl.Entry;
  const declared = breach(entry.uncompressedSize, entry.compressedSize, limits);
  if (declared !== null) {
    zip.close();
    throw new EventFileError(file, `refused zip entry ${entry.fileName}: ${declared.replace('it expands', 'it declares it expands')}; ${OVERRIDE}`);
  }
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (err) {
    zip.close();
    throw new EventFileError(file, `cannot read zip entry ${entry.fileName}: ${(err as Error).message}`, { cause: err });
  }
  let n = 0;
  const limit = bounded(file, `zip entry ${entry.fileName}`, () => entry.compressedSize, limits);
  const chunks = (async function* () {
    try {
      yield* guarded(file, `zip entry ${entry.fileName} is truncated or corrupt`, stream, (k) => { n += k; limit(k); });
    } finally {
      zip.close();
    }
  })();
  return {
    file, compression: 'zip', entryName: entry.fileName, totalBytes: entry.uncompressedSize,
    bytesRead: () => n,
    chunks,
    close: () => { stream.destroy(); zip.close(); },
  };
}
