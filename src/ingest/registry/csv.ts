/**
 * The CSV exchange form of a dataset: one file per collection (`mechanisms.csv`, `issue-areas.csv` …),
 * one column per top-level field, so a spreadsheet user can read and edit it.
 *
 * Cells: an empty cell is an absent field; a text field is written as it is; every other value
 * (numbers, booleans, lists, objects) is written as JSON. In a text field that may be null, the
 * cell `null` stands for null. With these rules export → import gives back the same records.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { COLLECTIONS, Registry, collectionFileName, type CollectionName } from '../../domain/registry/schema.ts';

type Kind = 'text' | 'nullable-text' | 'json';

/** Record schema of each collection, taken from the Registry schema itself. */
function recordSchema(c: CollectionName): z.ZodObject {
  const list = unwrap(Registry.shape[c]) as z.ZodArray<z.ZodObject>;
  return list.element;
}

function unwrap(t: z.ZodType): z.ZodType {
  let cur: z.ZodType = t;
  for (;;) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodNullable) {
      cur = (cur as z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
    } else {
      return cur;
    }
  }
}

function isNullable(t: z.ZodType): boolean {
  let cur: z.ZodType = t;
  for (;;) {
    if (cur instanceof z.ZodNullable) return true;
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault) cur = (cur as z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
    else return false;
  }
}

function columns(c: CollectionName): { name: string; kind: Kind }[] {
  const shape = recordSchema(c).shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([name, t]) => {
    const inner = unwrap(t);
    const text = inner instanceof z.ZodString || inner instanceof z.ZodEnum;
    return { name, kind: text ? (isNullable(t) ? 'nullable-text' : 'text') : 'json' };
  });
}

function encodeCell(value: unknown, kind: Kind): string {
  if (value === undefined) return '';
  if (kind !== 'json' && typeof value === 'string') return value;
  if (kind === 'nullable-text' && value === null) return 'null';
  return JSON.stringify(value);
}

/** Writes one CSV file per collection into `dir`; returns the files written. */
export function writeRegistryCsv(ds: Registry, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const c of COLLECTIONS) {
    const cols = columns(c);
    const rows = (ds[c] as readonly Record<string, unknown>[]).map((r) => cols.map((col) => encodeCell(r[col.name], col.kind)));
    const file = join(dir, `${collectionFileName(c)}.csv`);
    writeFileSync(file, stringify([cols.map((col) => col.name), ...rows]));
    written.push(file);
  }
  return written;
}

export interface CsvCellProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/**
 * Reads one collection's CSV text into raw records (not yet validated); cells that are not valid
 * JSON where JSON is expected are reported with their line and column.
 */
export function readCollectionCsv(c: CollectionName, text: string): { records: { line: number; record: Record<string, unknown> }[]; problems: CsvCellProblem[] } {
  const kinds = new Map(columns(c).map((col) => [col.name, col.kind]));
  const rows = parse(text, { bom: true, columns: true, skip_empty_lines: true, info: true, relax_column_count: false }) as { record: Record<string, string>; info: { lines: number } }[];
  const problems: CsvCellProblem[] = [];
  const records = rows.map(({ record, info }) => {
    const out: Record<string, unknown> = {};
    for (const [name, cell] of Object.entries(record)) {
      if (cell === '') continue;
      const kind = kinds.get(name);
      if (kind === undefined) {
        out[name] = cell; // the schema reports the unknown field with its name
      } else if (kind === 'text') {
        out[name] = cell;
      } else if (kind === 'nullable-text') {
        out[name] = cell === 'null' ? null : cell;
      } else {
        try {
          out[name] = JSON.parse(cell);
        } catch {
          problems.push({ line: info.lines, field: name, message: `expected a JSON value (number, true/false, list or object), got ${JSON.stringify(cell.slice(0, 40))}` });
        }
      }
    }
    return { line: info.lines, record: out };
  });
  return { records, problems };
}
