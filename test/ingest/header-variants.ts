/**
 * The shapes users hold, derived at test time from the real samples (test/fixtures/events): GDELT
 * written with a header row as BigQuery exports it (reordered columns, every field quoted, an extra
 * description column), as pandas `to_csv` writes it (a leading unnamed index column, minimal
 * quoting), tab-separated with a header row; ICEWS as a comma-separated CSV with underscored names and
 * empty cells; and their .gz / .zip. Rows are the real rows, unchanged but for their layout.
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { gdeltColumnNames } from '../../src/ingest/events/formats/gdelt/columns.ts';
import { fileLines, writeZip } from './support.ts';

type Dataset = 'gdelt1' | 'gdelt2';

/** Always quoted, `"` doubled (BigQuery's export may quote any field; quoting every one is the harder case). */
export const quoteAll = (v: string): string => `"${v.replace(/"/g, '""')}"`;

/** Quoted only when needed, as pandas (QUOTE_MINIMAL) and Python's csv module write. */
export const quoteMinimal = (delimiter: string) => (v: string): string => (v.includes(delimiter) || v.includes('"') || v.includes('\n') ? quoteAll(v) : v);

/** A fixed shuffle of n positions (a deterministic permutation: odd positions reversed, then even ones). */
export function shuffled(n: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  return [...idx.filter((i) => i % 2 === 1).reverse(), ...idx.filter((i) => i % 2 === 0)];
}

/** The rows of a plain GDELT file as fields, padded to the full width of the dataset (a 57-column 1.0 row has no SOURCEURL). */
function gdeltRows(lines: readonly string[], dataset: Dataset): string[][] {
  return lines.map((l) => {
    const f = l.split('\t');
    if (dataset === 'gdelt1' && f.length === 57) f.push('');
    return f;
  });
}

export interface HeaderVariant {
  readonly delimiter: ',' | '\t';
  /** Order of the codebook columns in the file (positions into gdeltColumnNames). */
  readonly order: readonly number[];
  readonly quote: (v: string) => string;
  /** A leading unnamed index column (pandas). */
  readonly index?: boolean;
  /** Extra columns after the given position in `order` (name, value of row i). */
  readonly extra?: { readonly after: number; readonly name: string; readonly value: (fields: readonly string[]) => string };
}

/** A BigQuery-style CSV: reordered columns, every field quoted, a CAMEOCodeDescription column after EventCode (as gdeltPyR adds). */
export function bigQuery(dataset: Dataset): HeaderVariant {
  const names = gdeltColumnNames(dataset);
  const order = shuffled(names.length);
  const code = names.indexOf('EventCode');
  return { delimiter: ',', order, quote: quoteAll, extra: { after: order.indexOf(code), name: 'CAMEOCodeDescription', value: (f) => `Description of ${f[code] ?? ''}, "quoted"` } };
}

/** A pandas `to_csv` export: the codebook order, a leading unnamed index column, minimal quoting. */
export function pandas(dataset: Dataset): HeaderVariant {
  return { delimiter: ',', order: gdeltColumnNames(dataset).map((_, i) => i), quote: quoteMinimal(','), index: true };
}

/** Tab-separated with a header row (pandas `to_csv(sep='\t')`). */
export function tabHeader(dataset: Dataset): HeaderVariant {
  return { delimiter: '\t', order: gdeltColumnNames(dataset).map((_, i) => i), quote: quoteMinimal('\t') };
}

/** The text of a header-row file holding the given plain GDELT lines in a variant's layout. */
export function headerText(lines: readonly string[], dataset: Dataset, v: HeaderVariant): string {
  const names = gdeltColumnNames(dataset);
  const width = names.length;
  const layout = (values: readonly string[], extra: string | null, index: string | null): string => {
    const out: string[] = index === null ? [] : [index];
    v.order.forEach((p, k) => {
      out.push(v.quote(values[p] ?? ''));
      if (v.extra !== undefined && extra !== null && k === v.extra.after) out.push(v.quote(extra));
    });
    return out.join(v.delimiter);
  };
  const head = layout(names, v.extra?.name ?? null, v.index ? '' : null);
  const rows = gdeltRows(lines, dataset).map((f, i) => {
    if (f.length !== width) {
      // A row of the wrong width: its fields in file order, and the extra column, so that it stays
      // as many fields off the header's width as it was off the plain file's (it is refused for its count).
      return [...(v.index ? [String(i)] : []), ...f.map(v.quote), ...(v.extra ? [v.quote('x')] : [])].join(v.delimiter);
    }
    return layout(f, v.extra?.value(f) ?? null, v.index ? String(i) : null);
  });
  return `${[head, ...rows].join('\n')}\n`;
}

/** Writes a header-row variant of a plain GDELT file (plain, .gz or .zip); returns its path. */
export function writeHeaderVariant(path: string, source: string | readonly string[], dataset: Dataset, v: HeaderVariant, packing: 'plain' | 'gz' | 'zip' = 'plain'): string {
  const text = Buffer.from(headerText(typeof source === 'string' ? fileLines(source) : source, dataset, v));
  if (packing === 'plain') writeFileSync(path, text);
  else if (packing === 'gz') writeFileSync(`${path}.gz`, gzipSync(text));
  else writeZip(`${path}.zip`, [{ name: path.split('/').pop() as string, data: text }]);
  return packing === 'plain' ? path : `${path}.${packing}`;
}

/**
 * The ICEWS sample as a comma-separated CSV with underscored names (`Event_ID`, `Event_Date`, …) and
 * empty cells where the Dataverse file writes NA; `extra` adds an unknown column at the end.
 */
export function icewsCsvText(tabFile: string, extra?: string): string {
  const lines = fileLines(tabFile);
  const q = quoteMinimal(',');
  const head = (lines[0] as string).split('\t').map((n) => n.replace(/ /g, '_'));
  const out = [[...head, ...(extra ? [extra] : [])].map(q).join(',')];
  for (const l of lines.slice(1)) out.push([...l.split('\t').map((v) => (v === 'NA' ? '' : v)), ...(extra ? ['x'] : [])].map(q).join(','));
  return `${out.join('\n')}\n`;
}
