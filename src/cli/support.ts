/** What the CLI commands share: opening the store from global flags, flag parsers, printing tables. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { IsoDate, dayOf } from '../domain/dates.ts';
import type { Store } from '../store/store.ts';

/** An error meant for the person at the terminal: printed as one line, exit code as given. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

interface GlobalOptions {
  db?: string;
  databaseUrl?: string;
}

/** Opens the store the global flags name (PostgreSQL URL, else the embedded file), loading the bundled dataset on first use. */
export async function storeFor(cmd: Command, options: { ensureDataset?: boolean } = {}): Promise<Store> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  // Loaded on demand: database drivers are the heaviest part of start-up, and --help needs none.
  const [{ openStore }, { ensureDataset }] = await Promise.all([import('../store/open.ts'), import('../ingest/dataset/bundled.ts')]);
  const store = await openStore({ ...(g.databaseUrl ? { url: g.databaseUrl } : {}), ...(g.db ? { path: g.db } : {}) });
  if (options.ensureDataset !== false) {
    try {
      if (await ensureDataset(store)) console.error(`Loaded the bundled North American dataset into ${store.location}.`);
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

/** Runs `fn` with a store and always closes it. */
export async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T>, options: { ensureDataset?: boolean } = {}): Promise<T> {
  const store = await storeFor(cmd, options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function parseDay(value: string): string {
  const r = IsoDate.safeParse(value);
  if (!r.success) throw new InvalidArgumentError(`expected a day as YYYY-MM-DD, got "${value}"`);
  return r.data;
}

export function parseYear(value: string): number {
  const r = z.coerce.number().int().min(1800).max(2200).safeParse(value);
  if (!r.success || !/^\d{4}$/.test(value)) throw new InvalidArgumentError(`expected a four-digit year, got "${value}"`);
  return r.data;
}

/** A TCP port; 0 asks the system for a free one. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`expected a port number 0–65535, got "${value}"`);
  return Number(value);
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return Number(value);
}

/** `USA,MEX` → ['USA','MEX'], each checked to be an ISO alpha-3 code. */
export function parseParties(value: string): string[] {
  const list = value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (list.length === 0 || list.some((p) => !/^[A-Z]{3}$/.test(p))) {
    throw new InvalidArgumentError(`expected comma-separated ISO 3166-1 alpha-3 codes such as USA,MEX, got "${value}"`);
  }
  return list;
}

/** Today as YYYY-MM-DD (UTC). */
export function today(): string {
  return dayOf(new Date());
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as an aligned text table. */
export function printTable(headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]): void {
  const cells = rows.map((r) => r.map((c) => (c === null ? '—' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write(`${line(headers)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of cells) process.stdout.write(`${line(r)}\n`);
}
