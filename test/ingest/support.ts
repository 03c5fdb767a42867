/** Helpers for the event-ingest tests: the real files, temp files derived from them, a small zip writer. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { SAMPLES, cameoTable } from '../support/paths.ts';
import { tempDir as makeTempDir } from '../support/temp.ts';
import { openEventFile, type ReadEventsOptions, type RejectedRow, type IngestStats } from '../../src/ingest/events/index.ts';
import type { PoliticalEvent } from '../../src/domain/events/event.ts';
import type { DuckDBWorkspace } from '../../src/app/ports.ts';
import type { DuckDBStreamPlan } from '../../src/ingest/events/formats/gdelt/duckdb.ts';
import { fileIdentity } from '../../src/ingest/events/plain-file.ts';
import { lookups } from '../../src/ingest/events/lookups.ts';
import { CountryMapper } from '../../src/ingest/events/countries.ts';

export const GDELT1 = SAMPLES.gdelt1;
export const GDELT2 = SAMPLES.gdelt2;
export const GDELT2_MENTIONS = SAMPLES.gdelt2Mentions;
export const ICEWS = SAMPLES.icews;
export const CAMEO_TABLE = cameoTable;

/**
 * A plan for DuckDB's read or stream of a plain GDELT 2.0 file, as the pipeline makes it (the real
 * codebook and country mapper; the file's identity as it is now; a review that refuses nothing):
 * for the tests that call readWithDuckDB or streamWithDuckDB themselves; `overrides` replace any part.
 */
export function gdeltPlan(file: string, workspace: DuckDBWorkspace, overrides: Partial<DuckDBStreamPlan> = {}): DuckDBStreamPlan {
  const lk = lookups();
  const countries = new CountryMapper(lk);
  return {
    file, dataset: 'gdelt2', workspace, identity: overrides.identity ?? fileIdentity(file), maxLineBytes: 1 << 16,
    codes: [...lk.codebook.codes()].map((c) => ({ code: c.code, baseCode: c.baseCode, rootCode: c.rootCode })),
    review: async () => undefined,
    mapActorCountries: (codes) => codes.map((c) => countries.fromCameo(c.code)),
    mapPlaces: (places) => places.map((p) => countries.fromPlaceName(p.name)),
    isoOfActor: (code) => countries.fromCameo(code),
    isoOfPlace: (name) => countries.fromPlaceName(name),
    ...overrides,
  };
}

/** The physical lines of a real file (its last line may lack a newline). */
export function fileLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A temp folder (test/support/temp.ts), removed by the returned cleanup, else as the process exits. */
export function tempDir(prefix = 'intermestic-ingest-'): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const dir = makeTempDir(prefix);
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ReadResult {
  readonly events: PoliticalEvent[];
  readonly rejects: RejectedRow[];
  readonly stats: IngestStats;
  readonly batchSizes: number[];
  readonly format: string;
}

/** Reads a whole file into memory (fine for the small real files). */
export async function readAll(file: string, options: ReadEventsOptions = {}): Promise<ReadResult> {
  const rejects: RejectedRow[] = [];
  const reader = await openEventFile(file, { ...options, onReject: (r) => { rejects.push(r); options.onReject?.(r); } });
  const events: PoliticalEvent[] = [];
  const batchSizes: number[] = [];
  for await (const batch of reader.batches()) {
    batchSizes.push(batch.length);
    for (const e of batch) events.push(e);
  }
  return { events, rejects, stats: reader.stats, batchSizes, format: reader.format };
}

/** Index events by their source id (asserting that ids are unique). */
export function byId(events: readonly PoliticalEvent[]): Map<string, PoliticalEvent> {
  const m = new Map<string, PoliticalEvent>();
  for (const e of events) {
    if (m.has(e.sourceEventId)) throw new Error(`duplicate event id ${e.sourceEventId}`);
    m.set(e.sourceEventId, e);
  }
  return m;
}

/**
 * Writes a minimal zip archive (deflate, or stored with `store`) holding the given entries.
 * `streamed`: sizes and CRC left out of the local header and given in a data descriptor after the
 * data, as a zip tool writing from a pipe does; `declare` overrides the uncompressed size the
 * central directory states (an archive that lies about its content).
 */
export function writeZip(path: string, entries: { name: string; data: Buffer; declare?: number }[], store = false, streamed = false): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declare } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = store ? data : deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(streamed ? 0x08 : 0, 6);
    local.writeUInt16LE(store ? 0 : 8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(streamed ? 0 : crc, 14);
    local.writeUInt32LE(streamed ? 0 : deflated.length, 18);
    local.writeUInt32LE(streamed ? 0 : data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const descriptor = Buffer.alloc(streamed ? 16 : 0);
    if (streamed) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(deflated.length, 8);
      descriptor.writeUInt32LE(declare ?? data.length, 12);
    }
    const body = Buffer.concat([deflated, descriptor]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(streamed ? 0x08 : 0, 8);
    central.writeUInt16LE(store ? 0 : 8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(declare ?? data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
}

/** Replaces 0-based column `col` of a tab-separated line. */
export function setColumn(line: string, col: number, value: string): string {
  const f = line.split('\t');
  if (col >= f.length) throw new Error(`line has no column ${col}`);
  f[col] = value;
  return f.join('\t');
}

/**
 * The real GDELT 2.0 sample's rows over and over, `n` of them, each with an id of its own (`firstId`
 * and up, in file order); the 1-based lines of `badDates` get an impossible SQLDATE (20171332).
 */
export function manySampleRows(n: number, firstId: number, badDates: readonly number[] = []): string[] {
  // Each row is its new id and the rest of a sample line from its first tab (what setColumn(line, 0, id)
  // gives, without splitting and joining 61 fields a row: 250,000 rows took 0.8 s so).
  const tails = fileLines(GDELT2).map((l) => l.slice(l.indexOf('\t')));
  const rows = Array.from({ length: n }, (_, i) => `${firstId + i}${tails[i % tails.length] as string}`);
  for (const line of badDates) rows[line - 1] = setColumn(rows[line - 1] as string, 1, '20171332');
  return rows;
}

/** Lines of a 250,000-row file at the edges of DuckDB's row groups (122,880 rows) and of the file. */
export const ROW_GROUP_EDGES = [1, 2, 122_880, 122_881, 245_761, 249_999, 250_000];

/** Edits to the GDELT 2.0 sample: 1-based line → [change, expected field, expected reason pattern]. */
export const G2_EDITS: [number, (l: string) => string, string, RegExp][] = [
  [3, (l) => l.split('\t').slice(0, 60).join('\t'), 'columns', /expected 61 .* got 60/],
  [5, (l) => `${l}\textra`, 'columns', /got 62/],
  [7, (l) => setColumn(l, 1, '20191340'), 'SQLDATE', /impossible date "20191340"/],
  [9, (l) => setColumn(setColumn(setColumn(l, 1, '20190230'), 2, '201902'), 3, '2019'), 'SQLDATE', /"20190230"/],
  [11, (l) => setColumn(l, 26, '999'), 'EventCode', /unknown CAMEO event code "999"/],
  [13, (l) => setColumn(l, 28, l.split('\t')[28] === '05' ? '04' : '05'), 'EventRootCode', /is not the root code/],
  [15, (l) => setColumn(l, 29, '5'), 'QuadClass', /outside 1–4/],
  [17, (l) => setColumn(l, 30, '11.5'), 'GoldsteinScale', /not a number in −10…10/],
  [19, (l) => setColumn(l, 31, 'ten'), 'NumMentions', /non-negative integer: "ten"/],
  [21, (l) => setColumn(l, 32, '-1'), 'NumSources', /non-negative integer/],
  [23, (l) => setColumn(l, 0, ''), 'GLOBALEVENTID', /empty event id/],
  [25, (l) => setColumn(l, 34, 'n/a'), 'AvgTone', /not a number/],
  [27, (l) => setColumn(l, 2, '201701x'), 'MonthYear', /disagrees with SQLDATE/],
  [29, (l) => setColumn(l, 27, '999'), 'EventBaseCode', /is not the base code/],
  [31, (l) => setColumn(l, 12, 'gov'), 'Actor1Type1Code', /not a CAMEO type code/],
  [33, (l) => setColumn(l, 25, '2'), 'IsRootEvent', /expected 0 or 1/],
];
