/**
 * Splits a byte stream into lines, a block (about one input chunk) at a time. Faster than
 * readline: one native UTF-8 validity check and one decode per block, then a string split; only a
 * block that holds invalid UTF-8 is re-examined line by line, so the bad lines can be rejected
 * with their raw bytes while the rest of the block is kept.
 */
import { isUtf8 } from 'node:buffer';

/** Lines of one block; `bad` holds the raw bytes of lines that are not valid UTF-8, by index. */
export interface LineBlock {
  readonly lines: string[];
  /** 1-based physical line number of lines[0]. */
  readonly firstLine: number;
  readonly bad: ReadonlyMap<number, Buffer> | null;
  /** Whether a line of the block holds a NUL byte (see NUL_REASON). */
  readonly nul: boolean;
}

/**
 * Why a row holding a NUL byte is refused: no text column can keep it (PostgreSQL's text refuses
 * U+0000 and would fail the whole import), and no real event file holds one.
 */
export const NUL_REASON = 'NUL byte (0x00) in the text';

/** Longest line accepted; anything longer is not a line-oriented text file. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

function stripCr(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
}

function decodeBlock(body: Buffer, firstLine: number): LineBlock {
  const nul = body.includes(0);
  if (isUtf8(body)) {
    const text = body.toString('utf8');
    const lines = text.split('\n');
    if (text.includes('\r')) stripCr(lines);
    return { lines, firstLine, bad: null, nul };
  }
  const lines: string[] = [];
  const bad = new Map<number, Buffer>();
  let start = 0;
  for (;;) {
    const nl = body.indexOf(10, start);
    const end = nl === -1 ? body.length : nl;
    const bytes = body.subarray(start, end);
    if (!isUtf8(bytes)) bad.set(lines.length, Buffer.from(bytes));
    lines.push(bytes.toString('utf8'));
    if (nl === -1) break;
    start = nl + 1;
  }
  stripCr(lines);
  return { lines, firstLine, bad, nul };
}

/** The lines of a byte stream in blocks; a last line without a newline is kept. */
export async function* lineBlocks(chunks: AsyncIterable<Buffer>, onTooLong?: (line: number) => Error): AsyncGenerator<LineBlock> {
  // The start of a line cut by chunk boundaries, in pieces (joined once, when its end comes: a long
  // line over many small chunks is copied once, not once per chunk).
  let carry: Buffer[] = [];
  let carried = 0;
  let lineNo = 1;
  const joined = (tail: Buffer): Buffer => {
    const line = carry.length === 0 ? tail : Buffer.concat([...carry, tail], carried + tail.length);
    carry = [];
    carried = 0;
    return line;
  };
  for await (const chunk of chunks) {
    const last = chunk.lastIndexOf(10);
    if (last === -1) {
      carry.push(chunk);
      carried += chunk.length;
      if (carried > MAX_LINE_BYTES) throw onTooLong?.(lineNo) ?? new Error(`line ${lineNo} is longer than ${MAX_LINE_BYTES} bytes`);
      continue;
    }
    let body = chunk.subarray(0, last);
    if (carried > 0) {
      // Only the line cut by the previous chunk is copied, not the whole chunk.
      const first = chunk.indexOf(10);
      const head = decodeBlock(joined(chunk.subarray(0, first)), lineNo);
      lineNo += 1;
      yield head;
      body = chunk.subarray(first + 1, Math.max(first + 1, last));
      if (first === last) {
        if (last + 1 < chunk.length) {
          carry.push(chunk.subarray(last + 1));
          carried = chunk.length - last - 1;
        }
        continue;
      }
    }
    carry = [];
    carried = 0;
    if (last + 1 < chunk.length) {
      carry.push(chunk.subarray(last + 1));
      carried = chunk.length - last - 1;
    }
    const block = decodeBlock(body, lineNo);
    lineNo += block.lines.length;
    yield block;
  }
  if (carried > 0) yield decodeBlock(joined(Buffer.alloc(0)), lineNo);
}

/** Which tab-separated field of a line holds its first NUL (0-based), or -1. */
export function nulField(line: string): number {
  const at = line.indexOf('\0');
  if (at === -1) return -1;
  let field = 0;
  for (let i = line.indexOf('\t'); i !== -1 && i < at; i = line.indexOf('\t', i + 1)) field++;
  return field;
}

/** Which tab-separated field of a raw line holds the invalid UTF-8 (0-based), or -1. */
export function badUtf8Field(bytes: Buffer, separator = 9): number {
  let start = 0;
  for (let i = 0; ; i++) {
    const sep = bytes.indexOf(separator, start);
    const end = sep === -1 ? bytes.length : sep;
    if (!isUtf8(bytes.subarray(start, end))) return i;
    if (sep === -1) return -1;
    start = sep + 1;
  }
}
