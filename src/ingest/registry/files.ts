/**
 * Reads a registry from reviewable text files — a folder of YAML files, one per collection
 * (or a folder of files per collection), or one JSON/YAML document holding every collection (the
 * `export --format json` shape) — and checks it. Every problem names the file, the line, the record
 * id and the field, so a reviewer can go straight to it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { COLLECTIONS, Registry, collectionFileName, type CollectionName } from '../../domain/registry/schema.ts';
import { checkIntegrity } from '../../domain/registry/integrity.ts';
import { readCollectionCsv } from './csv.ts';

/** One problem in a registry folder or file, located as precisely as the input allows. */
export interface RegistryProblem {
  readonly file: string;
  readonly line: number | null;
  readonly collection: CollectionName | null;
  readonly id: string | null;
  readonly field: string | null;
  readonly message: string;
}

export class RegistryFileError extends Error {
  override readonly name = 'RegistryFileError';
  constructor(readonly problems: readonly RegistryProblem[]) {
    super(problems.length === 1 ? formatProblem(problems[0]!) : `${problems.length} problems in the registry:\n${problems.slice(0, 50).map((p) => `  ${formatProblem(p)}`).join('\n')}${problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''}`);
  }
}

/** `file:line: collection "id" field f: message`. */
export function formatProblem(p: RegistryProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}`;
  const what = [p.collection, p.id === null ? null : `"${p.id}"`, p.field === null ? null : `field ${p.field}`].filter((x) => x !== null).join(' ');
  return what ? `${where}: ${what}: ${p.message}` : `${where}: ${p.message}`;
}

interface Located {
  readonly file: string;
  readonly lines: LineCounter | null;
  readonly node: Node | null;
  /** Line of the record in files without a node tree (CSV). */
  readonly line?: number;
  readonly id?: string;
}

/** Where each record came from, so schema and integrity problems can point at a line. */
class Origins {
  private readonly byCollection = new Map<CollectionName, Located[]>();

  add(c: CollectionName, loc: Located): void {
    const list = this.byCollection.get(c) ?? [];
    list.push(loc);
    this.byCollection.set(c, list);
  }

  at(c: CollectionName, index: number): Located | undefined {
    return this.byCollection.get(c)?.[index];
  }

  findById(c: CollectionName, id: string): Located | undefined {
    return this.byCollection.get(c)?.find((l) => (isMap(l.node) ? String(l.node.get('id')) : l.id) === id);
  }
}

function lineOf(loc: Located, path: readonly (string | number)[]): number | null {
  if (loc.lines === null) return loc.line ?? null;
  let node: unknown = loc.node;
  let best: Node | null = loc.node;
  for (const key of path) {
    if (isMap(node) || isSeq(node)) {
      const next: unknown = node.get(key, true);
      if (next && typeof next === 'object' && 'range' in next) {
        node = next;
        best = next as Node;
        continue;
      }
      // Point at the key itself when the value is missing or scalar-less.
      if (isMap(node)) {
        const pair = node.items.find((it) => String((it.key as { value?: unknown } | null)?.value) === String(key));
        const k = pair?.key as Node | undefined;
        if (k?.range) best = k;
      }
    }
    break;
  }
  const offset = best?.range?.[0];
  return offset === undefined ? null : loc.lines.linePos(offset).line;
}

function parseYamlFile(file: string, display: string): { value: unknown; doc: ReturnType<typeof parseDocument>; lines: LineCounter } | RegistryProblem {
  const problem = (line: number | null, message: string): RegistryProblem => ({ file: display, line, collection: null, id: null, field: null, message });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return problem(null, `cannot read the file: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`);
  }
  if (text.trim() === '') return problem(null, 'the file is empty (write [] for a collection with no records)');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.pos?.[0] !== undefined ? lines.linePos(e.pos[0]).line : null;
    return problem(line, `not valid YAML/JSON: ${e.message.split('\n')[0]}`);
  }
  try {
    // The yaml library refuses documents whose aliases expand excessively (a "billion laughs").
    return { value: doc.toJS(), doc, lines };
  } catch (e) {
    return problem(null, `refused: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Reads one collection's CSV file; a syntax error is a problem with the file and line. */
function readCsvFile(c: CollectionName, file: string, display: string): { records: { line: number; record: Record<string, unknown> }[]; problems: RegistryProblem[] } {
  const problem = (line: number | null, field: string | null, message: string): RegistryProblem => ({ file: display, line, collection: c, id: null, field, message });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { records: [], problems: [problem(null, null, `cannot read the file: ${(e as Error).message}`)] };
  }
  if (text.trim() === '') return { records: [], problems: [problem(null, null, 'the file is empty: expected a header row (a header alone is a collection with no records)')] };
  try {
    const { records, problems } = readCollectionCsv(c, text);
    return { records, problems: problems.map((p) => problem(p.line, p.field, p.message)) };
  } catch (e) {
    const err = e as Error & { lines?: number; column?: string | number };
    return { records: [], problems: [problem(typeof err.lines === 'number' ? err.lines : null, null, `not valid CSV: ${err.message.replace(/^Invalid (Record|Opening|Closing)/, (m) => m.toLowerCase())}`)] };
  }
}

function isProblem(x: unknown): x is RegistryProblem {
  return typeof x === 'object' && x !== null && 'message' in x && 'file' in x && !('doc' in x);
}

/** Reads a registry folder or file; returns the parsed records and their origins, or problems. */
function readRaw(path: string, displayBase: string): { raw: Record<string, unknown[]>; origins: Origins; problems: RegistryProblem[] } {
  const origins = new Origins();
  const problems: RegistryProblem[] = [];
  const raw: Record<string, unknown[]> = {};
  const display = (f: string): string => relative(displayBase, f) || basename(f);

  const addList = (c: CollectionName, file: string, value: unknown, seqNode: unknown, lines: LineCounter): void => {
    if (value === null || value === undefined) {
      problems.push({ file: display(file), line: 1, collection: c, id: null, field: null, message: 'no records: write [] for a collection with no records' });
      return;
    }
    if (!Array.isArray(value)) {
      problems.push({ file: display(file), line: 1, collection: c, id: null, field: null, message: 'expected a list of records' });
      return;
    }
    const list = (raw[c] ??= []);
    value.forEach((v, i) => {
      list.push(v);
      const node = isSeq(seqNode) ? (seqNode.items[i] as Node | null) ?? null : null;
      origins.add(c, { file: display(file), lines, node });
    });
  };

  if (!existsSync(path)) {
    problems.push({ file: path, line: null, collection: null, id: null, field: null, message: 'no such file or folder' });
    return { raw, origins, problems };
  }

  if (statSync(path).isDirectory()) {
    const known = new Set<string>();
    for (const c of COLLECTIONS) {
      const name = collectionFileName(c);
      const files: string[] = [];
      for (const ext of ['.yaml', '.yml', '.json']) {
        const f = join(path, name + ext);
        if (existsSync(f)) files.push(f);
        known.add(name + ext);
      }
      const csvFile = join(path, `${name}.csv`);
      known.add(`${name}.csv`);
      if (existsSync(csvFile)) {
        const { records, problems: csvProblems } = readCsvFile(c, csvFile, display(csvFile));
        problems.push(...csvProblems);
        const list = (raw[c] ??= []);
        for (const { line, record } of records) {
          list.push(record);
          origins.add(c, { file: display(csvFile), lines: null, node: null, line, ...(typeof record.id === 'string' ? { id: record.id } : {}) });
        }
      }
      const dir = join(path, name);
      if (existsSync(dir) && statSync(dir).isDirectory()) {
        known.add(name);
        for (const f of readdirSync(dir).sort()) {
          if (/\.(ya?ml|json)$/.test(f)) files.push(join(dir, f));
        }
      }
      for (const f of files) {
        const parsed = parseYamlFile(f, display(f));
        if (isProblem(parsed)) problems.push(parsed);
        else addList(c, f, parsed.value, parsed.doc.contents, parsed.lines);
      }
      const found = files.length > 0 || existsSync(csvFile) || (existsSync(dir) && statSync(dir).isDirectory());
      if (!found) {
        problems.push({ file: display(path), line: null, collection: c, id: null, field: null,
          message: `missing collection: no ${name}.yaml, ${name}.csv or ${name}/ folder (an empty list [] states that there are none)` });
      }
    }
    for (const f of readdirSync(path)) {
      if (/\.(ya?ml|json|csv)$/.test(f) && !known.has(f)) {
        problems.push({ file: display(join(path, f)), line: null, collection: null, id: null, field: null, message: `not a collection file (expected one of: ${COLLECTIONS.map(collectionFileName).join(', ')})` });
      }
    }
    return { raw, origins, problems };
  }

  const parsed = parseYamlFile(path, display(path));
  if (isProblem(parsed)) return { raw, origins, problems: [parsed] };
  const root = parsed.doc.contents;
  if (!isMap(root) || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    return { raw, origins, problems: [{ file: display(path), line: 1, collection: null, id: null, field: null, message: `expected an object with the collections ${COLLECTIONS.join(', ')}` }] };
  }
  const value = parsed.value as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!(COLLECTIONS as readonly string[]).includes(key)) {
      const keyNode = root.items.find((it) => String((it.key as { value?: unknown } | null)?.value) === key)?.key as Node | undefined;
      problems.push({ file: display(path), line: keyNode?.range ? parsed.lines.linePos(keyNode.range[0]).line : null, collection: null, id: null, field: key, message: `unknown collection "${key}" (expected ${COLLECTIONS.join(', ')})` });
    }
  }
  for (const c of COLLECTIONS) {
    if (!(c in value)) {
      problems.push({ file: display(path), line: null, collection: c, id: null, field: null, message: `missing collection "${c}" (an empty list [] states that there are none)` });
    } else if (value[c] === null || value[c] === undefined) {
      const keyNode = root.items.find((it) => String((it.key as { value?: unknown } | null)?.value) === c)?.key as Node | undefined;
      problems.push({ file: display(path), line: keyNode?.range ? parsed.lines.linePos(keyNode.range[0]).line : null, collection: c, id: null, field: null, message: `collection "${c}" is empty (null): write [] for a collection with no records` });
    } else {
      addList(c, path, value[c], root.get(c, true), parsed.lines);
    }
  }
  return { raw, origins, problems };
}

function recordId(loc: Located | undefined): string | null {
  if (loc?.id !== undefined) return loc.id;
  if (!loc || !isMap(loc.node)) return null;
  const id = loc.node.get('id');
  return id === undefined || id === null ? null : String(id);
}

function fieldPath(field: string): (string | number)[] {
  return field.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Reads and checks a registry (a folder of collection files, or one document). Throws a
 * RegistryFileError listing every problem — schema, references, dates, sources — with file and line.
 */
export function readRegistry(path: string, displayBase = process.cwd()): Registry {
  const { raw, origins, problems } = readRaw(path, displayBase);
  if (problems.length > 0) throw new RegistryFileError(problems);

  const parsed = Registry.safeParse(raw);
  if (!parsed.success) {
    const out: RegistryProblem[] = parsed.error.issues.map((issue) => {
      const [c, index, ...rest] = issue.path as (string | number)[];
      const collection = (COLLECTIONS as readonly string[]).includes(String(c)) ? (c as CollectionName) : null;
      const loc = collection !== null && typeof index === 'number' ? origins.at(collection, index) : undefined;
      const field = rest.length > 0 ? rest.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') : null;
      return {
        file: loc?.file ?? basename(path),
        line: loc ? lineOf(loc, rest) : null,
        collection,
        id: recordId(loc) ?? (typeof index === 'number' ? `#${index + 1}` : null),
        field,
        message: describeIssue(issue),
      };
    });
    throw new RegistryFileError(out);
  }

  const integrity = checkIntegrity(parsed.data);
  if (integrity.length > 0) {
    throw new RegistryFileError(integrity.map((p) => {
      const loc = origins.findById(p.collection, p.id);
      return { file: loc?.file ?? basename(path), line: loc ? lineOf(loc, fieldPath(p.field)) : null, collection: p.collection, id: p.id, field: p.field, message: p.message };
    }));
  }
  return parsed.data;
}

function describeIssue(issue: { code: string; message: string; expected?: unknown; keys?: readonly string[] }): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return `missing (${issue.message.replace(/^Invalid input: /, '')})`;
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}
