/** What the CLI commands share: the services from global flags, parameters through the shared schemas, printing. */
import { basename, isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { InvalidInput } from '../app/errors.ts';
import { parameterProblems } from '../app/params.ts';
import type { Services } from '../app/services.ts';

/** An error meant for the person at the terminal: printed as one line, exit code as given. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Where a command writes: the process's streams, or a test's buffers. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

interface GlobalOptions {
  db?: string;
  databaseUrl?: string;
}

/** The io a command was built with (set on the program by buildProgram). */
export function ioOf(cmd: Command): Io {
  let c: Command | null = cmd;
  while (c !== null) {
    const io = (c as Command & { io?: Io }).io;
    if (io) return io;
    c = c.parent;
  }
  return processIo;
}

/** Opens the services the global flags name (PostgreSQL URL, else the embedded file), loading the bundled registry on first use. */
export async function servicesFor(cmd: Command, options: { ensureRegistry?: boolean; registryOnly?: boolean } = {}): Promise<Services> {
  const g = cmd.optsWithGlobals<GlobalOptions>();
  // Loaded on demand: database drivers are the heaviest part of start-up, and --help needs none.
  const { openServices } = await import('../compose.ts');
  const services = await openServices({
    ...(g.databaseUrl ? { url: g.databaseUrl } : {}), ...(g.db ? { path: g.db } : {}), ...(options.registryOnly ? { registryOnly: true } : {}),
  });
  if (options.ensureRegistry !== false) {
    try {
      const { ensureRegistry } = await import('../app/registry.ts');
      if (await ensureRegistry(services)) ioOf(cmd).err(`Loaded the bundled North American registry into ${services.location}.\n`);
    } catch (e) {
      await services.close();
      throw e;
    }
  }
  return services;
}

/** Runs `fn` with the services and always closes them. */
export async function withServices<T>(cmd: Command, fn: (s: Services) => Promise<T>, options: { ensureRegistry?: boolean; registryOnly?: boolean } = {}): Promise<T> {
  const services = await servicesFor(cmd, options);
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

/** `sectorsOn` → `--sectors-on`. */
export function flagOf(parameter: string): string {
  return `--${parameter.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Flags → a shared parameter schema (the HTTP API validates with the same one); a failure exits 2 naming the flags. */
export function parseParams<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const r = schema.safeParse(defined);
  if (!r.success) throw new CliError(parameterProblems(r.error).map((p) => `${flagOf(p.parameter)}: ${p.message}`).join('; '), 2);
  return r.data;
}

/** A use case's refusal of its input, in flag terms (exit 2). */
export function asCliError(e: unknown): unknown {
  if (e instanceof InvalidInput) return new CliError(e.problems.map((p) => `${flagOf(p.parameter)}: ${p.message}`).join('; '), 2);
  return e;
}

/** A TCP port; 0 asks the system for a free one. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`expected a port number 0–65535, got "${value}"`);
  return Number(value);
}

export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as an aligned text table. */
export function printTable(io: Io, headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]): void {
  const cells = rows.map((r) => r.map((c) => (c === null ? '—' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  io.out(`${line(headers)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const r of cells) io.out(`${line(r)}\n`);
}

/** A file as stored records show it: relative to the working folder when inside it, else its name alone (never a local absolute path). */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : basename(file);
}
