/**
 * The seeded fuzzer of the event ingest (issue 12): hostile variants of the real files, and the
 * checks every outcome must pass. Used by test/ingest/fuzz.test.ts (a few hundred cases in
 * `npm test`) and by scripts/fuzz.ts (`npm run fuzz -- --cases N --seed S`).
 *
 * A case is a pure function of (seed, index): `fuzzCase(bases, seed, i)` gives the same bytes on
 * every machine, so a failure reproduces from the two numbers it prints. Each case takes one of the
 * real samples (GDELT 1.0, GDELT 2.0 export, ICEWS, and the user CSV format made from the GDELT 2.0
 * events), applies one mutation of a named kind (sometimes a second, line-level one), and sometimes
 * wraps the result in gzip or zip, reads it strictly, or forces a format.
 *
 * What must hold, whatever the bytes:
 * - the read ends in success or in a clear refusal (EventFileError, EventRejectError) whose message
 *   starts with the file's path — never another error, never an unhandled rejection;
 * - every reject names the file, a physical line, a field and a reason; lines rise; no row is lost
 *   (rows = events + rejected, and for line formats rows and blank lines are those of the bytes);
 * - a line holding invalid UTF-8 is rejected for it, and only such lines are;
 * - every event passes the PoliticalEvent schema;
 * - strict mode stops at exactly the first reject of the lenient read;
 * - an import into a store reports what the reader found (same format, rejects, events), the store
 *   and its import log change by exactly what the import reported, and a refused import leaves the
 *   store as it was.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { PoliticalEvent } from '../../src/domain/events/event.ts';
import type { Store } from '../../src/store/store.ts';
import type { DecompressionLimits, EventFileResult } from '../../src/app/ports.ts';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import {
  CSV_COLUMNS, EventFileError, EventRejectError, gdeltColumnNames, openEventFile,
  type EventFormat, type IngestStats, type RejectedRow,
} from '../../src/ingest/events/index.ts';
import { SAMPLES } from './paths.ts';
import { writeZip } from '../ingest/support.ts';
import { mulberry32 } from '../../bench/synthetic.ts';
import { NUL_REASON } from '../../src/ingest/events/lines.ts';

// ---- the generator's randomness ---------------------------------------------------------------

/** The seed of case `index` of a run seeded `seed` (each case draws from its own stream). */
export function caseSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export class Rng {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }
  float(): number {
    return this.#next();
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }
  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)] as T;
  }
}

// ---- the real samples, as lines of bytes ------------------------------------------------------

export type BaseName = 'gdelt1' | 'gdelt2' | 'icews' | 'csv';

export interface Base {
  readonly name: BaseName;
  /** Names a file of this kind goes by (the reader uses the name only when the content says nothing). */
  readonly fileNames: readonly string[];
  /** Physical lines, without their newline. */
  readonly lines: readonly Buffer[];
  /** The field separator: tab, or comma for the CSV format. */
  readonly separator: number;
  /** Whether the first line is a header. */
  readonly header: boolean;
  /** The columns holding free text (names, places, URLs): where huge values are put most often. */
  readonly textColumns: readonly number[];
}

export type Bases = Readonly<Record<BaseName, Base>>;

function splitLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    out.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

const CSV_HEADER = ['event_id', 'event_date', 'source_code', 'source_name', 'source_country', 'source_sectors', 'target_code', 'target_name',
  'target_country', 'target_sectors', 'cameo_code', 'root_code', 'quad_class', 'goldstein', 'num_mentions', 'num_sources', 'num_articles',
  'avg_tone', 'is_root_event', 'location_name', 'location_country', 'latitude', 'longitude', 'source_url'];

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(e: PoliticalEvent): string {
  return [e.sourceEventId, e.eventDate, e.source.code, e.source.name, e.source.countryRaw, e.source.sectors.join(';'), e.target.code, e.target.name,
    e.target.countryRaw, e.target.sectors.join(';'), e.cameoCode, e.rootCode, e.quadClass, e.goldstein, e.numMentions, e.numSources,
    e.numArticles, e.avgTone, e.isRootEvent, e.locationName, e.locationCountry, e.latitude, e.longitude, e.sourceUrl].map(csvCell).join(',');
}

let loaded: Promise<Bases> | undefined;

/** The real samples (test/fixtures/events), and the CSV format written from the GDELT 2.0 sample's events. */
export function loadBases(): Promise<Bases> {
  loaded ??= (async () => {
    const events: PoliticalEvent[] = [];
    const reader = await openEventFile(SAMPLES.gdelt2);
    for await (const batch of reader.batches()) events.push(...batch);
    const csv = Buffer.from(`${CSV_HEADER.join(',')}\n${events.map(csvRow).join('\n')}\n`);
    const icews = readFileSync(SAMPLES.icews);
    const icewsHeader = (splitLines(icews)[0] as Buffer).toString('utf8').split('\t');
    const at = (names: readonly string[], wanted: readonly string[]): number[] => wanted.map((w) => names.indexOf(w)).filter((i) => i >= 0);
    const gdeltText = ['Actor1Name', 'Actor2Name', 'Actor1Geo_FullName', 'Actor2Geo_FullName', 'ActionGeo_FullName', 'SOURCEURL'];
    const base = (name: BaseName, bytes: Buffer, fileNames: string[], separator: number, header: boolean, textColumns: number[]): Base =>
      ({ name, fileNames, lines: splitLines(bytes), separator, header, textColumns });
    return {
      gdelt1: base('gdelt1', readFileSync(SAMPLES.gdelt1), ['20160728.export.CSV', 'gdelt1-sample.tsv'], 9, false, at(gdeltColumnNames('gdelt1'), gdeltText)),
      gdelt2: base('gdelt2', readFileSync(SAMPLES.gdelt2), ['20170101073000.export.CSV'], 9, false, at(gdeltColumnNames('gdelt2'), gdeltText)),
      icews: base('icews', icews, ['events.2018.sample.tab', 'icews-sample.tsv'], 9, true, at(icewsHeader, [
        'Source Name', 'Source Sectors', 'Source Country', 'Event Text', 'Target Name', 'Target Sectors', 'Target Country', 'Publisher',
        'City', 'District', 'Province', 'Country'])),
      csv: base('csv', csv, ['my-events.csv'], 44, true, at(CSV_HEADER, [
        'source_name', 'source_country', 'source_sectors', 'target_name', 'target_country', 'target_sectors', 'location_name',
        'location_country', 'source_url'])),
    };
  })();
  return loaded;
}

// ---- the mutations ----------------------------------------------------------------------------

export const KINDS = [
  'byte-flip', 'truncate', 'truncate-utf8', 'invalid-utf8', 'columns', 'field-value', 'huge-field', 'huge-line', 'nul',
  'bom-crlf', 'empty', 'header-only', 'blank-lines', 'duplicates', 'quotes', 'gzip-damaged', 'zip-damaged', 'bomb',
] as const;
export type Kind = (typeof KINDS)[number];

/** One generated file and how to read it. */
export interface FuzzCase {
  readonly seed: number;
  readonly index: number;
  readonly kind: Kind;
  readonly base: BaseName;
  /** The file's name (the reader looks at it when the content says nothing). */
  readonly name: string;
  readonly bytes: Buffer;
  /** The decompressed content when it is known whole (plain files, intact archives), for the line checks. */
  readonly content: Buffer | null;
  readonly strict: boolean;
  readonly format?: EventFormat;
  readonly limits?: DecompressionLimits;
  /** What was done, in words. */
  readonly note: string;
}

const INVALID_UTF8: readonly number[][] = [
  [0xff], [0xfe], [0xc3, 0x28], [0x80], [0xbf], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc3],
];

/** Values a field might hold in a hostile or careless file: boundaries, other notations, odd characters. */
const HOSTILE: readonly string[] = [
  '', ' ', 'NA', 'null', '\\N', '-', '.', '0', '-0', '+1', '-1', '1.', '.5', '-.5', '--1', '1..2', '1e5', '1E-3', ' 12', '12 ', '0x1F',
  'NaN', 'Infinity', '-Infinity', '1.0', '01', '10', '-10', '10.0', '10.0001', '-10.5', '90', '90.0000001', '-90', '180', '-180.5',
  '999999999', '1000000000', '99999999999999999999', '-999999999', '00000000', '20170229', '20160229', '00000229', '00010101',
  '00000101', '99991231', '19000229', '20171301', '2017-01-01', '2019-02-29', '2020-02-29', '2019-13-01', '0000-01-01', '9999-12-31',
  '2019-1-1', ' 2019-01-01', '１２', '٣', '\u00a0', '\u200b', '\u2028', '\u202e', '"', '""', "'", '\\', '%s', 'true', 'false', 'yes',
  '😀', 'é', 'Ä', 'SELECT 1;', "'; DROP TABLE events; --", '010', '10', '0101', '1213', '106', '999', '20', '200', '2000',
  'GOV', 'gov', 'GOVT', 'USA', 'USAGOV', 'ROM', 'XK', 'Kosovo', 'Mexico', 'GOV;MIL', 'GOV|MIL|', ';;', 'x'.repeat(300),
];

function fields(line: Buffer, sep: number): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = line.indexOf(sep); i !== -1; i = line.indexOf(sep, start)) {
    out.push(line.subarray(start, i));
    start = i + 1;
  }
  out.push(line.subarray(start));
  return out;
}

function joinFields(parts: readonly Buffer[], sep: number): Buffer {
  const s = Buffer.from([sep]);
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [s, p])));
}

function joinLines(lines: readonly Buffer[], eol = '\n', finalEol = true): Buffer {
  const nl = Buffer.from(eol);
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    parts.push(l);
    if (i < lines.length - 1 || finalEol) parts.push(nl);
  });
  return Buffer.concat(parts);
}

/** A data line (past the header, if any). */
function dataLine(rng: Rng, base: Base, lines: readonly Buffer[]): number {
  const first = base.header ? 1 : 0;
  return lines.length > first ? rng.between(first, lines.length - 1) : 0;
}

interface Body {
  lines: Buffer[];
  notes: string[];
  eol: string;
  finalEol: boolean;
  /** Set when a mutation produced the whole file's bytes itself. */
  bytes?: Buffer;
}

/** Line-level mutations that can be stacked on another one. */
const STACKABLE: readonly Kind[] = ['byte-flip', 'invalid-utf8', 'columns', 'field-value', 'nul', 'bom-crlf', 'blank-lines', 'duplicates', 'quotes'];

function mutateLines(rng: Rng, base: Base, kind: Kind, body: Body): void {
  const { lines, notes } = body;
  const sep = base.separator;
  switch (kind) {
    case 'byte-flip': {
      const n = rng.between(1, 8);
      const at: string[] = [];
      for (let k = 0; k < n; k++) {
        const i = rng.int(lines.length);
        const line = Buffer.from(lines[i] as Buffer);
        if (line.length === 0) continue;
        const p = rng.int(line.length);
        line[p] = (line[p] as number) ^ rng.between(1, 255);
        lines[i] = line;
        at.push(`${i + 1}:${p}`);
      }
      notes.push(`bytes flipped at line:offset ${at.join(' ')}`);
      return;
    }
    case 'invalid-utf8': {
      const n = rng.between(1, 4);
      for (let k = 0; k < n; k++) {
        const i = dataLine(rng, base, lines);
        const f = fields(lines[i] as Buffer, sep);
        const col = rng.int(f.length);
        const bad = rng.pick(INVALID_UTF8);
        const v = f[col] as Buffer;
        const p = rng.int(v.length + 1);
        f[col] = Buffer.concat([v.subarray(0, p), Buffer.from(bad), v.subarray(p)]);
        lines[i] = joinFields(f, sep);
        notes.push(`invalid UTF-8 ${Buffer.from(bad).toString('hex')} in line ${i + 1} field ${col}`);
      }
      return;
    }
    case 'columns': {
      const n = rng.between(1, 5);
      for (let k = 0; k < n; k++) {
        const i = dataLine(rng, base, lines);
        const f = fields(lines[i] as Buffer, sep);
        const how = rng.int(4);
        if (how === 0 && f.length > 1) f.splice(rng.int(f.length), 1);
        else if (how === 1) f.splice(rng.int(f.length + 1), 0, Buffer.from(rng.pick(HOSTILE)));
        else if (how === 2) f.splice(rng.between(1, f.length), f.length);
        else for (let j = rng.between(1, 10); j > 0; j--) f.push(Buffer.from('x'));
        lines[i] = joinFields(f, sep);
        notes.push(`line ${i + 1} now has ${f.length} fields`);
      }
      return;
    }
    case 'field-value': {
      const n = rng.between(1, 6);
      for (let k = 0; k < n; k++) {
        const i = dataLine(rng, base, lines);
        const f = fields(lines[i] as Buffer, sep);
        const col = rng.int(f.length);
        // A hostile value, or the same column of another line (plausible, but maybe an id twice).
        const other = fields(lines[dataLine(rng, base, lines)] as Buffer, sep)[col];
        const value = rng.chance(0.8) || other === undefined ? Buffer.from(rng.pick(HOSTILE)) : other;
        f[col] = value;
        lines[i] = joinFields(f, sep);
        notes.push(`line ${i + 1} field ${col} = ${JSON.stringify(value.toString('utf8').slice(0, 40))}`);
      }
      return;
    }
    case 'nul': {
      const n = rng.between(1, 4);
      for (let k = 0; k < n; k++) {
        const i = rng.int(lines.length);
        const line = lines[i] as Buffer;
        const p = rng.int(line.length + 1);
        lines[i] = Buffer.concat([line.subarray(0, p), Buffer.alloc(rng.pick([1, 1, 2, 16, 4096])), line.subarray(p)]);
        notes.push(`NUL bytes in line ${i + 1} at ${p}`);
      }
      return;
    }
    case 'bom-crlf': {
      const how = rng.int(5);
      if (how !== 1) {
        lines[0] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), lines[0] ?? Buffer.alloc(0)]);
        notes.push('BOM');
      }
      if (how === 1 || how === 2) {
        body.eol = '\r\n';
        notes.push('CRLF line ends');
      }
      if (how === 3) {
        // Some lines CRLF, some LF, some with a lone CR inside.
        for (let k = rng.between(1, 20); k > 0; k--) {
          const i = rng.int(lines.length);
          const line = lines[i] as Buffer;
          const p = rng.chance(0.5) ? line.length : rng.int(line.length + 1);
          lines[i] = Buffer.concat([line.subarray(0, p), Buffer.from('\r'), line.subarray(p)]);
        }
        notes.push('mixed CR');
      }
      if (how === 4) {
        body.finalEol = false;
        notes.push('no final newline');
      }
      return;
    }
    case 'blank-lines': {
      const n = rng.between(1, 8);
      for (let k = 0; k < n; k++) {
        const i = rng.int(lines.length + 1);
        const blank = rng.pick(['', '', '', '\r', ' ', '\t']);
        lines.splice(i, 0, Buffer.from(blank));
        notes.push(`blank line ${JSON.stringify(blank)} before line ${i + 1}`);
      }
      if (rng.chance(0.3)) {
        lines.push(Buffer.alloc(0), Buffer.alloc(0));
        notes.push('blank lines at the end');
      }
      return;
    }
    case 'duplicates': {
      const n = rng.between(1, 10);
      for (let k = 0; k < n; k++) {
        const i = dataLine(rng, base, lines);
        const j = rng.int(lines.length + 1);
        lines.splice(Math.max(base.header ? 1 : 0, j), 0, lines[i] as Buffer);
      }
      notes.push(`${n} lines repeated`);
      return;
    }
    case 'quotes': {
      const n = rng.between(1, 5);
      for (let k = 0; k < n; k++) {
        const i = rng.int(lines.length);
        const line = lines[i] as Buffer;
        const p = rng.int(line.length + 1);
        const q = rng.pick(['"', '""', '"x', 'x"', '"\t"', '",,"']);
        lines[i] = Buffer.concat([line.subarray(0, p), Buffer.from(q), line.subarray(p)]);
        notes.push(`${JSON.stringify(q)} in line ${i + 1} at ${p}`);
      }
      if (rng.chance(0.3) && base.separator === 9) {
        // The Dataverse "Tab-Delimited" variant: every field quoted.
        for (let i = 0; i < lines.length; i++) {
          lines[i] = joinFields(fields(lines[i] as Buffer, 9).map((f) => Buffer.from(`"${f.toString('latin1').replace(/"/g, '""')}"`, 'latin1')), 9);
        }
        notes.push('every field quoted');
      }
      return;
    }
    default:
      throw new Error(`internal: ${kind} is not a line mutation`);
  }
}

/** A multi-byte UTF-8 text to cut through. */
const MULTIBYTE = ['é', 'Ä', '€', '日本', '😀', 'Türkiye', 'Côte d’Ivoire'];

function mutate(rng: Rng, base: Base, kind: Kind, body: Body): void {
  const { lines, notes } = body;
  const sep = base.separator;
  switch (kind) {
    case 'truncate': {
      const bytes = joinLines(lines);
      const at = rng.chance(0.2) ? rng.int(Math.min(bytes.length, 2000)) : rng.int(bytes.length);
      body.bytes = bytes.subarray(0, at);
      notes.push(`cut at byte ${at} of ${bytes.length}`);
      return;
    }
    case 'truncate-utf8': {
      const i = dataLine(rng, base, lines);
      const f = fields(lines[i] as Buffer, sep);
      const col = rng.int(f.length);
      f[col] = Buffer.concat([f[col] as Buffer, Buffer.from(rng.pick(MULTIBYTE))]);
      lines[i] = joinFields(f, sep);
      const head = joinLines(lines.slice(0, i), '\n', i > 0);
      // Cut inside the multi-byte sequence just added: after its lead byte or a continuation byte.
      const line = lines[i] as Buffer;
      const cuts: number[] = [];
      for (let p = 1; p < line.length; p++) if ((line[p] as number) >= 0x80 && (line[p] as number) < 0xc0) cuts.push(p);
      const at = cuts.length > 0 ? rng.pick(cuts) : line.length;
      body.bytes = Buffer.concat([head, line.subarray(0, at)]);
      notes.push(`cut inside a UTF-8 sequence in line ${i + 1} field ${col} (byte ${at} of the line)`);
      return;
    }
    case 'huge-field': {
      const i = dataLine(rng, base, lines);
      const f = fields(lines[i] as Buffer, sep);
      const col = rng.chance(0.6) ? rng.pick(base.textColumns) : rng.int(f.length);
      const size = rng.between(1, 3) * 1024 * 1024 + rng.int(1000);
      const fill = rng.pick(['x', '9', 'é', ' ', '\t ', ', ', '"', 'A', '-']);
      // A run of one character, then maybe something else: what makes a careless pattern backtrack.
      const tail = rng.pick(['', '', 'x', ',', ', Mexico', ' (general)', '-']);
      const run = Buffer.from(fill.repeat(Math.ceil(size / Buffer.byteLength(fill))) + tail);
      const old = f[col] ?? Buffer.alloc(0);
      const how = rng.int(3);
      f[col] = how === 0 ? run : how === 1 ? Buffer.concat([old, run]) : Buffer.concat([run, old]);
      lines[i] = joinFields(f, sep);
      notes.push(`field ${col} of line ${i + 1} is ${f[col]?.length} bytes: ${JSON.stringify(fill)} repeated${tail ? ` then ${JSON.stringify(tail)}` : ''}, ${['alone', 'after the value', 'before the value'][how]}`);
      return;
    }
    case 'huge-line': {
      const i = rng.int(lines.length + 1);
      const size = rng.between(1, 4) * 1024 * 1024 + rng.int(1000);
      const shape = rng.int(3);
      const line = shape === 0
        ? Buffer.alloc(size, 0x61)
        : shape === 1
          ? Buffer.from(`\t${'y'.repeat(99)}`.repeat(Math.ceil(size / 100)))
          : Buffer.concat([lines[dataLine(rng, base, lines)] as Buffer, Buffer.alloc(size, 0x7a)]);
      lines.splice(i, 0, line);
      notes.push(`a line of ${line.length} bytes (${['no separator', 'many fields', 'a real row extended'][shape]}) before line ${i + 1}`);
      return;
    }
    case 'empty': {
      body.bytes = Buffer.from(rng.pick(['', '', '\n', '\n\n\n', '\r\n', ' ', '\uFEFF']));
      notes.push(`content ${JSON.stringify(body.bytes.toString('utf8'))}`);
      return;
    }
    case 'header-only': {
      const n = rng.chance(0.7) ? 1 : rng.between(2, 3);
      lines.splice(n);
      body.finalEol = rng.chance(0.5);
      notes.push(`only the first ${n} line(s)${body.finalEol ? '' : ', no final newline'}`);
      return;
    }
    default:
      mutateLines(rng, base, kind, body);
  }
}

/**
 * The lines a case starts from: mostly a run of 20–400 consecutive real rows (the header kept), so
 * that a case reads in milliseconds; one case in ten the whole sample.
 */
function sample(rng: Rng, base: Base): Buffer[] {
  const first = base.header ? 1 : 0;
  const rows = base.lines.length - first;
  if (rng.chance(0.1)) return [...base.lines];
  const n = Math.min(rows, rng.between(20, 400));
  const from = first + rng.int(rows - n + 1);
  return [...base.lines.slice(0, first), ...base.lines.slice(from, from + n)];
}

/** Decompression bombs, built once per process and entry name (40 MiB of NUL bytes each: about a thousandfold). */
const bombs = new Map<string, Buffer>();
function bomb(dir: string, how: number, name: string): Buffer {
  const key = `${how}`;
  let b = bombs.get(key);
  if (b === undefined) {
    const data = Buffer.alloc(40 * 1024 * 1024);
    b = how === 0 ? zipBytes(dir, [{ name, data }], false, true)
      : how === 1 ? zipBytes(dir, [{ name, data, declare: 1024 }], false, true)
        : how === 2 ? zipBytes(dir, [{ name, data, declare: 1024 }], false, false)
          : gzipSync(data, { level: 1 });
    bombs.set(key, b);
  }
  return b;
}

/** A zip of one entry, in memory (through a temp file: writeZip writes files). */
function zipBytes(dir: string, entries: { name: string; data: Buffer; declare?: number }[], store: boolean, streamed: boolean): Buffer {
  const tmp = `${dir}/zip-${process.pid}-${Math.random().toString(36).slice(2)}.zip`;
  writeZip(tmp, entries, store, streamed);
  const out = readFileSync(tmp);
  rmSync(tmp);
  return out;
}

/** The case `index` of a run seeded `seed`; `dir` is a scratch folder (zip building). */
export function fuzzCase(bases: Bases, seed: number, index: number, dir: string): FuzzCase {
  const rng = new Rng(caseSeed(seed, index));
  const kind = KINDS[index % KINDS.length] as Kind;
  const baseName = rng.pick(['gdelt1', 'gdelt2', 'icews', 'csv'] as const);
  const base = bases[baseName];
  let name = rng.pick(base.fileNames);
  const body: Body = { lines: sample(rng, base), notes: [], eol: '\n', finalEol: true };
  let bytes: Buffer;
  let content: Buffer | null;
  let limits: DecompressionLimits | undefined;
  const notes = body.notes;
  if (kind === 'gzip-damaged' || kind === 'zip-damaged' || kind === 'bomb') {
    if (rng.chance(0.3)) mutateLines(rng, base, rng.pick(STACKABLE), body);
    content = null;
    const plain = joinLines(body.lines, body.eol, body.finalEol);
    if (kind === 'gzip-damaged') {
      const gz = gzipSync(plain);
      name += '.gz';
      bytes = damage(rng, gz, notes);
    } else if (kind === 'zip-damaged') {
      const zip = zipBytes(dir, [{ name, data: plain }], rng.chance(0.3), rng.chance(0.3));
      name += '.zip';
      bytes = damage(rng, zip, notes);
    } else {
      const how = rng.int(5);
      if (how < 4) {
        bytes = bomb(dir, how, 'events.tsv');
        name += how === 3 ? '.gz' : '.zip';
        notes.push(['streamed zip of 40 MiB of NUL bytes', 'streamed zip of 40 MiB of NUL bytes declaring 1 KiB',
          'zip of 40 MiB of NUL bytes declaring 1 KiB', 'gzip of 40 MiB of NUL bytes'][how] as string);
      } else {
        // A real file through limits set below its size.
        const gz = rng.chance(0.5);
        bytes = gz ? gzipSync(plain) : zipBytes(dir, [{ name, data: plain }], false, rng.chance(0.5));
        name += gz ? '.gz' : '.zip';
        limits = { maxBytes: rng.between(1, Math.max(2, plain.length - 1)), maxRatio: 100 };
        notes.push(`intact ${gz ? 'gzip' : 'zip'} read with --max-bytes ${limits.maxBytes} (content ${plain.length} bytes)`);
      }
    }
  } else {
    mutate(rng, base, kind, body);
    if (body.bytes === undefined && rng.chance(0.25)) {
      const extra = rng.pick(STACKABLE);
      mutateLines(rng, base, extra, body);
      notes.push(`(+${extra})`);
    }
    content = body.bytes ?? joinLines(body.lines, body.eol, body.finalEol);
    bytes = content;
    if (rng.chance(0.12)) {
      if (rng.chance(0.5)) {
        bytes = gzipSync(content);
        name += '.gz';
        notes.push('+gzip');
      } else {
        bytes = zipBytes(dir, [{ name, data: content }], rng.chance(0.3), rng.chance(0.3));
        name += '.zip';
        notes.push('+zip');
      }
    }
  }
  const strict = rng.chance(0.12);
  const format = rng.chance(0.05) ? rng.pick(['gdelt1', 'gdelt2', 'icews', 'csv'] as const) : undefined;
  if (strict) notes.push('strict');
  if (format) notes.push(`--format ${format}`);
  return {
    seed, index, kind, base: baseName, name, bytes, content, strict, note: notes.join('; '),
    ...(format ? { format } : {}), ...(limits ? { limits } : {}),
  };
}

/** Cuts an archive short or overwrites bytes inside it. */
function damage(rng: Rng, archive: Buffer, notes: string[]): Buffer {
  const how = rng.int(3);
  if (how === 0) {
    const at = rng.int(archive.length);
    notes.push(`archive cut at byte ${at} of ${archive.length}`);
    return archive.subarray(0, at);
  }
  const out = Buffer.from(archive);
  const from = rng.int(out.length);
  const n = how === 1 ? rng.between(1, 4) : rng.between(16, 4096);
  for (let i = from; i < Math.min(out.length, from + n); i++) out[i] = how === 1 ? (out[i] as number) ^ rng.between(1, 255) : rng.int(256);
  notes.push(`archive bytes ${from}…${Math.min(out.length, from + n) - 1} of ${archive.length} overwritten`);
  return out;
}

// ---- the checks -------------------------------------------------------------------------------

export type Outcome = 'imported' | 'partial' | 'refused';

/** What reading a file gave: its events counted and checked, its rejects, or the error that ended it. */
export interface ReadResult {
  readonly format: EventFormat | null;
  readonly events: number;
  readonly rejects: RejectedRow[];
  readonly stats: IngestStats | null;
  readonly error: unknown;
  /** Each event id's first event (the one a store keeps), as JSON, by eventKey. */
  readonly firsts: Map<string, string>;
}

/** An event's key in a store: (dataset, source event id). */
const eventKey = (e: PoliticalEvent): string => `${e.dataset}\u0000${e.sourceEventId}`;

/** A check that did not hold. */
export class FuzzFailure extends Error {
  override readonly name = 'FuzzFailure';
}

function fail(message: string): never {
  throw new FuzzFailure(message);
}

/** Whether an error is one of the clear refusals, its message starting with the file's path. */
function checkRefusal(file: string, error: unknown, where: string): asserts error is EventFileError | EventRejectError {
  if (!(error instanceof EventFileError) && !(error instanceof EventRejectError)) {
    fail(`${where}: not a clear refusal: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`);
  }
  if (!error.message.startsWith(`${file}:`)) fail(`${where}: the message does not start with the file's path: ${error.message}`);
  if (error instanceof EventRejectError) {
    const r = error.row;
    if (error.message !== `${r.file}:${r.line}:${r.field}: ${r.reason}`) fail(`${where}: EventRejectError message is not file:line:field: reason: ${error.message}`);
  }
}

/** Reads a file through openEventFile, checking every event against the schema. */
export async function readCase(file: string, c: FuzzCase, strict: boolean): Promise<ReadResult> {
  const rejects: RejectedRow[] = [];
  let format: EventFormat | null = null;
  let stats: IngestStats | null = null;
  let events = 0;
  const firsts = new Map<string, string>();
  try {
    const reader = await openEventFile(file, {
      strict, batchSize: 4096, onReject: (r) => rejects.push(r),
      ...(c.format ? { format: c.format } : {}), ...(c.limits ? { limits: c.limits } : {}),
    });
    format = reader.format;
    stats = reader.stats;
    for await (const batch of reader.batches()) {
      for (const e of batch) {
        events++;
        if (e.dataset !== format) fail(`event ${e.sourceEventId} has dataset ${e.dataset} in a ${format} file`);
        const parsed = PoliticalEvent.safeParse(e);
        if (!parsed.success) fail(`event ${JSON.stringify(e.sourceEventId)} fails the schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        const key = eventKey(e);
        if (!firsts.has(key)) firsts.set(key, eventJson(e));
      }
    }
    return { format, events, rejects, stats, error: null, firsts };
  } catch (error) {
    if (error instanceof FuzzFailure) throw error;
    return { format, events, rejects, stats, error, firsts };
  }
}

/**
 * The physical lines of decompressed content as the reader counts them: a byte order mark before
 * the first dropped (a file of only that is one blank line), a last line without newline kept, one
 * CR stripped at each end.
 */
function physicalLines(content: Buffer): Buffer[] {
  const bom = content.length >= 3 && content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
  const lines = bom && content.length === 3 ? [Buffer.alloc(0)] : splitLines(bom ? content.subarray(3) : content);
  return lines.map((l) => (l.length > 0 && l[l.length - 1] === 13 ? l.subarray(0, l.length - 1) : l));
}

function knownFields(format: EventFormat, content: Buffer | null): Set<string> | null {
  if (format === 'gdelt1' || format === 'gdelt2') return new Set([...gdeltColumnNames(format), 'columns']);
  if (format === 'csv') return new Set([...Object.keys(CSV_COLUMNS), 'columns', 'row']);
  if (content === null) return null;
  const header = physicalLines(content)[0];
  if (header === undefined) return null;
  return new Set([...header.toString('utf8').replace(/^\uFEFF/, '').split('\t').map((h) => h.replace(/^"|"$/g, '')), 'columns']);
}

/** The checks on one read (lenient, or strict against the lenient one). */
export function checkRead(file: string, c: FuzzCase, r: ReadResult, lenient?: ReadResult): Outcome {
  if (r.error !== null) checkRefusal(file, r.error, 'read');
  for (const [k, x] of r.rejects.entries()) {
    if (x.file !== file) fail(`reject ${k} names ${x.file}, not the file`);
    if (!Number.isInteger(x.line) || x.line < 1) fail(`reject ${k} has line ${x.line}`);
    if (typeof x.field !== 'string' || x.field === '') fail(`reject ${k} (line ${x.line}) names no field`);
    if (typeof x.reason !== 'string' || x.reason === '') fail(`reject ${k} (line ${x.line}) gives no reason`);
    const prev = r.rejects[k - 1];
    if (prev !== undefined && prev.line >= x.line) fail(`rejects out of order or twice for one line: line ${prev.line} then ${x.line}`);
  }
  if (r.format !== null) {
    const known = knownFields(r.format, c.content);
    if (known !== null) for (const x of r.rejects) if (!known.has(x.field) && !/^column \d+$/.test(x.field)) fail(`line ${x.line}: reject names an unknown field ${JSON.stringify(x.field)}`);
  }
  if (c.strict && lenient !== undefined) {
    const first = lenient.rejects[0];
    if (first !== undefined) {
      if (!(r.error instanceof EventRejectError)) fail(`strict read did not stop at the first reject (line ${first.line}): ${r.error === null ? 'it succeeded' : String(r.error)}`);
      assert.deepEqual(r.error.row, first, 'strict read stops at the lenient read\'s first reject');
      if (r.rejects.length !== 1) fail(`strict read reported ${r.rejects.length} rejects`);
    } else {
      if (String(r.error) !== String(lenient.error)) fail(`strict and lenient reads end differently: ${String(r.error)} / ${String(lenient.error)}`);
      if (r.events !== lenient.events) fail(`strict read gave ${r.events} events, the lenient one ${lenient.events}`);
    }
    return r.error !== null ? 'refused' : 'imported';
  }
  if (r.error !== null) {
    if (r.error instanceof EventRejectError) fail(`EventRejectError from a lenient read: ${r.error.message}`);
    return 'refused';
  }
  const s = r.stats as IngestStats;
  if (s.rejected !== r.rejects.length) fail(`stats.rejected ${s.rejected}, but ${r.rejects.length} rejects reported`);
  if (s.events !== r.events) fail(`stats.events ${s.events}, but ${r.events} events emitted`);
  if (s.rows !== s.events + s.rejected) fail(`rows ${s.rows} ≠ events ${s.events} + rejected ${s.rejected}: a row went missing`);
  if (c.content !== null && r.format !== 'csv') checkLines(c, r, s);
  return r.rejects.length > 0 ? 'partial' : 'imported';
}

/** Line formats: the rows, blank lines and invalid-UTF-8 rejects are those of the bytes. */
function checkLines(c: FuzzCase, r: ReadResult, s: IngestStats): void {
  const lines = physicalLines(c.content as Buffer);
  const first = r.format === 'icews' ? 1 : 0;
  let rows = 0;
  let blank = 0;
  const invalid = new Set<number>();
  const nul = new Set<number>();
  for (let i = first; i < lines.length; i++) {
    const l = lines[i] as Buffer;
    if (l.length === 0) blank++;
    else {
      rows++;
      if (!isUtf8(l)) invalid.add(i + 1);
      else if (l.includes(0)) nul.add(i + 1);
    }
  }
  if (s.rows !== rows) fail(`stats.rows ${s.rows}, but the content has ${rows} non-blank data lines`);
  if (s.blankLines !== blank) fail(`stats.blankLines ${s.blankLines}, but the content has ${blank}`);
  for (const x of r.rejects) {
    const l = lines[x.line - 1];
    if (l === undefined || l.length === 0) fail(`reject at line ${x.line}, which is ${l === undefined ? 'past the end' : 'blank'}`);
    const utf8 = x.reason === 'invalid UTF-8 byte sequence';
    if (utf8 !== invalid.has(x.line)) fail(`line ${x.line}: ${utf8 ? 'rejected as invalid UTF-8 but it is valid' : `invalid UTF-8, rejected for ${x.field}: ${x.reason}`}`);
    invalid.delete(x.line);
    if ((x.reason === NUL_REASON) !== nul.has(x.line)) fail(`line ${x.line}: ${nul.has(x.line) ? `holds a NUL byte, rejected for ${x.field}: ${x.reason}` : 'rejected for a NUL byte it does not hold'}`);
    nul.delete(x.line);
  }
  if (invalid.size > 0) fail(`lines with invalid UTF-8 not rejected: ${[...invalid].slice(0, 5).join(', ')}`);
  if (nul.size > 0) fail(`lines with a NUL byte not rejected: ${[...nul].slice(0, 5).join(', ')}`);
}

/** The rejects file a RejectSink writes for these rows. */
function rejectsText(rows: readonly RejectedRow[]): string | null {
  if (rows.length === 0) return null;
  const cell = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');
  return `file\tline\tfield\treason\n${rows.map((x) => `${cell(x.file)}\t${x.line}\t${cell(x.field)}\t${cell(x.reason)}\n`).join('')}`;
}

/** An event as JSON with its keys in a fixed order (a store's copy and the reader's compare equal). */
function eventJson(e: PoliticalEvent): string {
  return JSON.stringify(PoliticalEvent.parse(e));
}

/** Every event a store holds, as JSON, by eventKey. */
async function storedEvents(store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await store.listEvents({ countries: [] }, 100_000_000)) out.set(eventKey(e), eventJson(e));
  return out;
}

/**
 * Imports the file into a store and checks the store against the import's report and the reader's
 * result: same format, rejects and events; the store and its log grow by exactly what was reported;
 * a refused import leaves them unchanged. `empty`: the store held nothing before (then the stored
 * events are compared with the reader's too).
 */
export async function checkImport(store: Store, file: string, c: FuzzCase, read: ReadResult, rejectsPath: string): Promise<Outcome> {
  const before = await store.eventStats();
  const beforeEvents = await storedEvents(store);
  let result: EventFileResult | null = null;
  let error: unknown = null;
  try {
    result = await importEventFile(store, file, {
      rejectsPath, strict: c.strict, ...(c.format ? { format: c.format } : {}), ...(c.limits ? { limits: c.limits } : {}),
    });
  } catch (e) {
    error = e;
  }
  const after = await store.eventStats();
  const afterEvents = await storedEvents(store);
  const where = `${store.engine} import`;
  if (error !== null) {
    checkRefusal(file, error, where);
    assert.deepEqual(after, before, `${where}: a refused import changed the store`);
    if (afterEvents.size !== beforeEvents.size) fail(`${where}: a refused import left ${afterEvents.size - beforeEvents.size} event(s) more`);
    for (const [k, v] of beforeEvents) if (afterEvents.get(k) !== v) fail(`${where}: a refused import changed or removed event ${JSON.stringify(k)}`);
    if (read.error === null) fail(`${where} refused a file the reader read: ${String(error)}`);
    if (error.constructor !== (read.error as Error).constructor) fail(`${where}: ${String(error)}, but the reader: ${String(read.error)}`);
    if (error instanceof EventRejectError) assert.deepEqual(error.row, (read.error as EventRejectError).row, `${where}: the same first bad row as the reader`);
    return 'refused';
  }
  const r = result as EventFileResult;
  if (read.error !== null) fail(`${where} (${r.parsedBy}) imported a file the reader refused: ${String(read.error)}`);
  const s = read.stats as IngestStats;
  const path = `${where} (${r.parsedBy}${r.declined ? `, declined: ${r.declined}` : ''})`;
  if (r.format !== read.format) fail(`${path}: format ${r.format}, the reader ${read.format}`);
  if (r.rejected !== s.rejected) fail(`${path}: ${r.rejected} rejected, the reader ${s.rejected}`);
  if (r.inserted + r.duplicates !== read.events) fail(`${path}: inserted ${r.inserted} + duplicates ${r.duplicates} ≠ the reader's ${read.events} events`);
  if (r.stats.rows !== s.rows || r.stats.events !== s.events) fail(`${path}: rows/events ${r.stats.rows}/${r.stats.events}, the reader ${s.rows}/${s.events}`);
  const written = existsSync(rejectsPath) ? readFileSync(rejectsPath, 'utf8') : null;
  assert.equal(written, rejectsText(read.rejects), `${path}: the rejects file holds the reader's rejects`);
  assert.equal(r.rejectsPath, read.rejects.length > 0 ? rejectsPath : null, `${path}: rejectsPath`);
  if (after.total !== before.total + r.inserted) fail(`${path}: the store grew by ${after.total - before.total}, the import reported ${r.inserted} inserted`);
  // The stored events: those of before, unchanged, and each new id's first event as the reader read it.
  for (const [k, v] of beforeEvents) if (afterEvents.get(k) !== v) fail(`${path}: event ${JSON.stringify(k)}, stored before, was changed or removed`);
  let fresh = 0;
  for (const [k, v] of read.firsts) {
    if (beforeEvents.has(k)) continue;
    fresh++;
    const stored = afterEvents.get(k);
    if (stored === undefined) fail(`${path}: event ${JSON.stringify(k)} was read but not stored`);
    if (stored !== v) fail(`${path}: event ${JSON.stringify(k)} stored differently from the reader's:\n  stored ${stored}\n  read   ${v}`);
  }
  if (fresh !== r.inserted || afterEvents.size !== beforeEvents.size + fresh) fail(`${path}: ${r.inserted} inserted, ${fresh} new ids read, the store holds ${afterEvents.size - beforeEvents.size} more`);
  if (after.imports.length !== before.imports.length + 1) fail(`${path}: ${after.imports.length - before.imports.length} import log lines added`);
  assert.deepEqual(after.imports.slice(0, -1), before.imports, `${path}: earlier log lines unchanged`);
  const logged = after.imports[after.imports.length - 1];
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  assert.deepEqual(
    logged && { file: logged.file, format: logged.format, sha256: logged.sha256, inserted: logged.inserted, duplicates: logged.duplicates, rejected: logged.rejected },
    { file, format: r.format, sha256, inserted: r.inserted, duplicates: r.duplicates, rejected: r.rejected },
    `${path}: the import log agrees with the import`,
  );
  return r.rejected > 0 ? 'partial' : 'imported';
}

// ---- a run ------------------------------------------------------------------------------------

export interface CaseFailure {
  readonly seed: number;
  readonly index: number;
  readonly kind: Kind;
  readonly base: BaseName;
  readonly note: string;
  readonly message: string;
  /** The case's file, kept for reproduction. */
  readonly file: string;
}

export interface RunFigures {
  cases: number;
  /** The slowest cases, slowest first: [milliseconds, seed, index, kind, base]. */
  slowest: [number, number, number, string, string][];
  perKind: Record<string, number>;
  /** Milliseconds spent per kind. */
  msPerKind: Record<string, number>;
  outcomes: Record<Outcome, number>;
  perKindOutcomes: Record<string, Record<Outcome, number>>;
  store: Record<string, Record<Outcome, number>>;
  failures: CaseFailure[];
}

export function emptyFigures(): RunFigures {
  return { cases: 0, slowest: [], perKind: {}, msPerKind: {}, outcomes: { imported: 0, partial: 0, refused: 0 }, perKindOutcomes: {}, store: {}, failures: [] };
}

/**
 * Whether case `index` is one of the 1 in `every` also imported into the stores. The kinds go round
 * (case i is of kind i mod KINDS.length); the pick shifts by one each round, so that every kind is
 * imported as often as the others.
 */
export function intoStores(index: number, every: number): boolean {
  return every > 0 && (index + Math.floor(index / KINDS.length)) % every === 0;
}

/** How to reproduce one case. */
export function reproduce(seed: number, index: number): string {
  return `npm run fuzz -- --seed ${seed} --case ${index}`;
}

export function describeFailure(f: CaseFailure): string {
  return `seed ${f.seed} case ${f.index} (${f.kind}, ${f.base}: ${f.note}): ${f.message}\n  file: ${f.file}\n  reproduce: ${reproduce(f.seed, f.index)}`;
}

/** Where each engine's imports go: the store to use for the next case. */
export interface StoreTarget {
  readonly engine: 'duckdb' | 'postgres';
  store(): Promise<Store>;
  close(): Promise<void>;
}

/**
 * A store of one engine for the cases' imports, replaced by a fresh one every `rotate` imports, so
 * that imports meet both empty stores and stores holding earlier cases' events. PostgreSQL: a new
 * database on the test server (test/support/postgres.ts) each time.
 */
export function storeTarget(engine: 'duckdb' | 'postgres', dir: string, rotate = 10): StoreTarget {
  let current: Store | null = null;
  let drop: (() => Promise<void>) | null = null;
  let uses = 0;
  let made = 0;
  const close = async (): Promise<void> => {
    await current?.close();
    await drop?.();
    if (engine === 'duckdb' && made > 0) {
      for (const suffix of ['', '.wal', '.registry.json']) rmSync(`${dir}/store-${made}.db${suffix}`, { force: true });
    }
    current = null;
    drop = null;
  };
  return {
    engine,
    close,
    async store() {
      if (current !== null && uses++ < rotate) return current;
      await close();
      uses = 1;
      made++;
      if (engine === 'duckdb') {
        const { openEmbeddedStore } = await import('../../src/store/duckdb/open.ts');
        current = await openEmbeddedStore({ path: `${dir}/store-${made}.db` });
      } else {
        const { createTestDatabase } = await import('./postgres.ts');
        const { openPostgresStore } = await import('../../src/store/postgres/open.ts');
        const db = await createTestDatabase();
        drop = () => db.drop();
        current = await openPostgresStore({ url: db.url });
      }
      return current;
    },
  };
}

/** Watches the cases from another thread; see watchdog(). */
const WATCHDOG = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
let label = null;
let since = 0;
parentPort.on('message', (m) => { label = m; since = Date.now(); });
setInterval(() => {
  if (label === null || Date.now() - since < workerData.limit) return;
  writeSync(2, '\\nFUZZ HANG: ' + label + ' has run for more than ' + workerData.limit / 1000 + ' s; stopping the process\\n');
  process.kill(process.pid, 'SIGKILL');
}, 200);
`;

/**
 * A case that hangs (a runaway regular expression, a loop) blocks this thread, so no timer here can
 * notice it: a worker thread does. Told each case as it starts, it prints the case (seed, index,
 * the kept file) and kills the process once one has run for `limitMs`.
 */
export function watchdog(limitMs: number): { watch(label: string | null): void; stop(): Promise<void> } {
  const worker = new Worker(WATCHDOG, { eval: true, workerData: { limit: limitMs } });
  worker.unref();
  return {
    watch: (label) => worker.postMessage(label),
    stop: async () => {
      await worker.terminate();
    },
  };
}

/**
 * Runs case `index`: writes its file under `dir`, reads it (lenient, and strict when the case is),
 * checks the read and, given targets, imports it into each store and checks the stores. Adds to
 * `figures`; a failed check becomes a CaseFailure there (its file kept), anything else is removed.
 */
export async function runCase(bases: Bases, seed: number, index: number, dir: string, figures: RunFigures,
  targets: readonly StoreTarget[] = [], unhandled: unknown[] = [], dog?: ReturnType<typeof watchdog>): Promise<void> {
  const c = fuzzCase(bases, seed, index, dir);
  const file = `${dir}/${index}-${c.name}`;
  writeFileSync(file, c.bytes);
  dog?.watch(`seed ${seed} case ${index} (${c.kind}, ${c.base}: ${c.note}), file ${file}; reproduce: ${reproduce(seed, index)}`);
  const started = performance.now();
  figures.cases++;
  figures.perKind[c.kind] = (figures.perKind[c.kind] ?? 0) + 1;
  let stage = 'read';
  try {
    const lenient = await readCase(file, c, false);
    let outcome = checkRead(file, c, lenient);
    let read = lenient;
    if (c.strict) {
      stage = 'strict read';
      read = await readCase(file, c, true);
      outcome = checkRead(file, c, read, lenient);
    }
    figures.outcomes[outcome]++;
    const kinds = (figures.perKindOutcomes[c.kind] ??= { imported: 0, partial: 0, refused: 0 });
    kinds[outcome]++;
    for (const t of targets) {
      stage = `${t.engine} import`;
      const stored = await checkImport(await t.store(), file, c, read, `${dir}/${index}-${t.engine}.rejects.tsv`);
      (figures.store[t.engine] ??= { imported: 0, partial: 0, refused: 0 })[stored]++;
    }
    await new Promise((resolve) => setImmediate(resolve));
    if (unhandled.length > 0) fail(`unhandled rejection: ${unhandled.splice(0).map(String).join('; ')}`);
    const ms = performance.now() - started;
    figures.msPerKind[c.kind] = (figures.msPerKind[c.kind] ?? 0) + ms;
    figures.slowest.push([Math.round(ms), seed, index, c.kind, c.base]);
    figures.slowest.sort((a, b) => b[0] - a[0]);
    figures.slowest.length = Math.min(figures.slowest.length, 5);
    if (ms > SLOW_MS) fail(`the case took ${(ms / 1000).toFixed(1)} s (more than ${SLOW_MS / 1000} s: something grows faster than the input?)`);
    rmSync(file, { force: true });
    for (const t of targets) rmSync(`${dir}/${index}-${t.engine}.rejects.tsv`, { force: true });
  } catch (e) {
    const message = e instanceof FuzzFailure ? e.message : e instanceof Error ? `${e.name}: ${e.message}${e instanceof assert.AssertionError ? '' : `\n${e.stack ?? ''}`}` : String(e);
    figures.failures.push({ seed, index, kind: c.kind, base: c.base, note: c.note, message: `${stage}: ${message}`, file });
  } finally {
    dog?.watch(null);
  }
}

/** A case taking longer than this fails (the biggest take well under a second alone). */
export const SLOW_MS = 10_000;
