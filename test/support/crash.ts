/**
 * The kill -9 test of the event import (issue 12), used by test/cli/crash.test.ts and by
 * `npm run fuzz -- --kills N`. The real command, `intermestic events import A B C`, runs in a child
 * process on a store of either engine and is killed with SIGKILL at chosen moments: while the
 * reader streams A into the store, as A is written, between A and B, while DuckDB parses B, as B is
 * written, during C, or at a time drawn at random. Then:
 *
 * - the store opens (DuckDB replays its log; PostgreSQL has dropped the dead session's transaction);
 * - each file is either wholly there (all its events, and its line in the import log) or not at all
 *   (none of its events, no log line), and the files that are there are the first ones of the
 *   command, in order;
 * - the same command run again (in this process) imports exactly the missing events (inserted = the file's events for
 *   a missing file, duplicates = the file's events for a complete one), and the store then holds
 *   every file once, with one log line per import that finished.
 *
 * The files: A, synthetic GDELT 2.0 rows gzipped (the reader's path, streamed into the store as it
 * reads), B, other synthetic GDELT 2.0 rows in a plain file (DuckDB's path on both engines), C, the
 * real ICEWS sample.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import type { PoliticalEvent } from '../../src/domain/events/event.ts';
import type { Store } from '../../src/store/store.ts';
import { writeSyntheticGdelt2File } from '../../bench/synthetic.ts';
import { REPO, SAMPLES } from './paths.ts';
import { registry } from '../store/fixtures.ts';
import { cli } from './cli.ts';

export type Engine = 'duckdb' | 'postgres';

/** One file of the command, and how to tell its events apart in the store. */
export interface CrashFile {
  readonly path: string;
  /** How the CLI names it (in its output and the import log): relative to the working folder. */
  readonly label: string;
  /** Events it holds (none is rejected). */
  readonly events: number;
  readonly owns: (e: PoliticalEvent) => boolean;
}

const A_FIRST_ID = 600_000_000;
const B_FIRST_ID = 700_000_000;

/**
 * Writes A, B and C into `dir` (the child's working folder): A and B of `rows` synthetic rows each,
 * C the first `icewsRows` rows of the ICEWS sample (all of them by default).
 */
export async function crashFiles(dir: string, rows: number, icewsRows = Infinity): Promise<CrashFile[]> {
  const aPlain = join(dir, 'a.export.CSV');
  await writeSyntheticGdelt2File(aPlain, rows, { seed: 11, startId: A_FIRST_ID });
  const a = `${aPlain}.gz`;
  await pipeline(createReadStream(aPlain), createGzip({ level: 1 }), createWriteStream(a));
  rmSync(aPlain);
  const b = join(dir, 'b.export.CSV');
  await writeSyntheticGdelt2File(b, rows, { seed: 12, startId: B_FIRST_ID });
  const c = join(dir, 'c.tab');
  const [header, ...icews] = readFileSync(SAMPLES.icews, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const kept = icews.slice(0, icewsRows);
  writeFileSync(c, `${[header, ...kept].join('\n')}\n`);
  const inRange = (first: number) => (e: PoliticalEvent): boolean => {
    const id = Number(e.sourceEventId);
    return e.dataset === 'gdelt2' && id >= first && id < first + rows;
  };
  return [
    { path: a, label: 'a.export.CSV.gz', events: rows, owns: inRange(A_FIRST_ID) },
    { path: b, label: 'b.export.CSV', events: rows, owns: inRange(B_FIRST_ID) },
    { path: c, label: 'c.tab', events: kept.length, owns: (e) => e.dataset === 'icews' },
  ];
}

/** A fresh, migrated store of one engine, for one child to import into. */
export interface CrashStore {
  /** The environment that points the CLI at it. */
  readonly env: Record<string, string>;
  open(): Promise<Store>;
  /** Waits until no session of a killed child is left (PostgreSQL), so that what is seen is final. */
  settle(): Promise<void>;
  drop(): Promise<void>;
}

/** Migrated, with a registry (so that the CLI loads none): what the child does is the import alone. */
async function prepare(store: Store): Promise<void> {
  try {
    await store.loadRegistry(registry(), 'crash test');
  } finally {
    await store.close();
  }
}

export async function freshStore(engine: Engine, dir: string, n: number): Promise<CrashStore> {
  if (engine === 'duckdb') {
    const path = join(dir, `crash-${n}.db`);
    const { openEmbeddedStore } = await import('../../src/store/duckdb/open.ts');
    const open = (): Promise<Store> => openEmbeddedStore({ path });
    await prepare(await open());
    return {
      env: { INTERMESTIC_DB: path }, open, settle: async () => undefined,
      drop: async () => {
        for (const suffix of ['', '.wal', '.registry.json']) rmSync(`${path}${suffix}`, { force: true });
      },
    };
  }
  const { createTestDatabase, getTestDatabaseUrl } = await import('./postgres.ts');
  const { openPostgresStore } = await import('../../src/store/postgres/open.ts');
  const db = await createTestDatabase();
  const open = (): Promise<Store> => openPostgresStore({ url: db.url });
  await prepare(await open());
  const name = new URL(db.url).pathname.slice(1);
  return {
    env: { INTERMESTIC_DATABASE_URL: db.url },
    open,
    async settle() {
      const client = new pg.Client({ connectionString: await getTestDatabaseUrl() });
      await client.connect();
      try {
        for (let waited = 0; ; waited += 50) {
          const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (Number(r.rows[0]?.n) === 0) return;
          if (waited > 20_000) throw new Error(`the killed import's sessions on ${name} are still there after 20 s`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await client.end();
      }
    },
    drop: () => db.drop(),
  };
}

/**
 * A moment of the run, seen in the child's output: a file's first progress line ("reading", once the
 * first rows are read), its "writing" line, or its result line.
 */
export type Marker = `${string} reading` | `${string} writing` | `${string} done`;

/** When to kill: `ms` after a marker (or after the start), or never. */
export interface KillAt {
  readonly name: string;
  readonly after: Marker | 'start';
  readonly ms: number;
}

export interface RunResult {
  /** Whether SIGKILL ended the child (false: it ended by itself before the moment came). */
  readonly killed: boolean;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from the start to each marker seen, and to the end. */
  readonly marks: ReadonlyMap<Marker, number>;
  readonly ms: number;
}

/** Runs `intermestic events import ...files` in `cwd`, killing it as `kill` says. */
export function runImport(files: readonly CrashFile[], store: CrashStore, cwd: string, kill: KillAt | null): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env, ...store.env };
  if (store.env.INTERMESTIC_DB !== undefined) delete env.INTERMESTIC_DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO, 'bin', 'intermestic.js'), 'events', 'import', ...files.map((f) => f.label)], {
    cwd, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const marks = new Map<Marker, number>();
  let stdout = '';
  let stderr = '';
  let killed = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (kill === null || timer !== undefined) return;
    timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = child.kill('SIGKILL');
      }
    }, kill.ms);
  };
  const mark = (m: Marker): void => {
    if (marks.has(m)) return;
    marks.set(m, performance.now() - started);
    if (kill?.after === m) arm();
  };
  const seen = (text: string, stream: 'out' | 'err'): void => {
    for (const f of files) {
      if (stream === 'err' && text.includes(`${f.label}: reading`)) mark(`${f.label} reading`);
      if (stream === 'err' && text.includes(`${f.label}: writing`)) mark(`${f.label} writing`);
      if (stream === 'out' && text.includes(`${f.label} (`)) mark(`${f.label} done`);
    }
  };
  child.stdout.setEncoding('utf8').on('data', (t: string) => {
    stdout += t;
    seen(stdout, 'out');
  });
  child.stderr.setEncoding('utf8').on('data', (t: string) => {
    stderr += t;
    seen(stderr, 'err');
  });
  if (kill?.after === 'start') arm();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ killed, status, stdout, stderr, marks, ms: performance.now() - started });
    });
  });
}

/** What the store holds of each file; fails unless each is whole or absent and the whole ones come first. */
export async function checkConsistent(store: Store, files: readonly CrashFile[], where: string): Promise<{ complete: number; counts: number[] }> {
  const events = await store.listEvents({ countries: [] }, 100_000_000);
  const stats = await store.eventStats();
  const counts = files.map((f) => events.filter(f.owns).length);
  const owned = counts.reduce((s, n) => s + n, 0);
  assert.equal(events.length, owned, `${where}: the store holds ${events.length - owned} event(s) of no file`);
  assert.equal(stats.total, events.length, `${where}: eventStats and the events agree`);
  let complete = 0;
  files.forEach((f, i) => {
    const logged = stats.imports.filter((x) => x.file === f.label);
    const n = counts[i] as number;
    assert.ok(logged.length <= 1, `${where}: ${f.label} logged ${logged.length} times`);
    if (logged.length === 1) {
      assert.equal(n, f.events, `${where}: ${f.label} is in the import log, but ${n} of its ${f.events} events are stored`);
      assert.equal(logged[0]?.inserted, f.events, `${where}: ${f.label}'s log line`);
      assert.equal(complete, i, `${where}: ${f.label} is stored, but an earlier file is not`);
      complete++;
    } else {
      assert.equal(n, 0, `${where}: ${f.label} is not in the import log, but ${n} of its ${f.events} events are stored (a half-written import)`);
    }
  });
  assert.equal(stats.imports.length, complete, `${where}: import log lines of other files`);
  return { complete, counts };
}

interface ImportJson {
  file: string;
  inserted: number;
  duplicates: number;
  rejected: number;
}

/** The kill test on one store: run, kill, check, re-import, check. Returns how many files the kill left whole. */
export interface KillOutcome {
  readonly kill: KillAt;
  /** Whether SIGKILL ended the child (false: the import ended by itself first). */
  readonly killed: boolean;
  /** How many files (the first ones) the kill left whole; the others left no trace. */
  readonly complete: number;
  /** When the child was killed (or ended), from its start, and the markers it showed before. */
  readonly ms: number;
  readonly marks: ReadonlyMap<Marker, number>;
}

export async function killAndRecover(engine: Engine, files: readonly CrashFile[], dir: string, n: number, kill: KillAt): Promise<KillOutcome> {
  const store = await freshStore(engine, dir, n);
  try {
    const run = await runImport(files, store, dir, kill);
    const where = `${engine}, kill ${kill.name}`;
    if (!run.killed) assert.equal(run.status, 0, `${where}: the import ended by itself, but failed:\n${run.stderr}`);
    await store.settle();
    const opened = await store.open();
    let complete: number;
    try {
      ({ complete } = await checkConsistent(opened, files, `${where}, after the kill`));
    } finally {
      await opened.close();
    }
    // The re-import in this process (the same program as the child's, built from the same sources): no start-up to wait for.
    const again = await cli(['events', 'import', '--json', ...files.map((f) => f.label)], { cwd: dir, env: store.env });
    assert.equal(again.status, 0, `${where}: the re-import failed:\n${again.stderr}`);
    const results = JSON.parse(again.stdout) as ImportJson[];
    assert.deepEqual(
      results.map((r) => ({ file: basename(r.file), inserted: r.inserted, duplicates: r.duplicates, rejected: r.rejected })),
      files.map((f, i) => ({ file: f.label, inserted: i < complete ? 0 : f.events, duplicates: i < complete ? f.events : 0, rejected: 0 })),
      `${where}: the re-import adds exactly what the kill left out`,
    );
    const reopened = await store.open();
    try {
      const events = await reopened.listEvents({ countries: [] }, 100_000_000);
      const stats = await reopened.eventStats();
      assert.deepEqual(files.map((f) => events.filter(f.owns).length), files.map((f) => f.events), `${where}: every file once after the re-import`);
      assert.equal(events.length, files.reduce((s, f) => s + f.events, 0), `${where}: nothing else`);
      assert.equal(stats.imports.length, complete + files.length, `${where}: one log line per import that finished`);
    } finally {
      await reopened.close();
    }
    return { kill, killed: run.killed, complete, ms: run.ms, marks: run.marks };
  } finally {
    await store.drop();
  }
}

/**
 * The moments to kill at, from the markers of an earlier run (killed late, or not killed): during A's
 * read, as A is written, between A and B, during B's parse, as B is written, during C. A marker the
 * earlier run did not show is replaced by a time near the next one (DuckDB's path prints progress
 * only when its parse reports some, which a small file may not).
 */
export function killPlan(files: readonly CrashFile[], reference: ReadonlyMap<Marker, number>): KillAt[] {
  const [a, b, c] = files as [CrashFile, CrashFile, CrashFile];
  const aDone = reference.get(`${a.label} done`);
  const bDone = reference.get(`${b.label} done`);
  if (aDone === undefined || bDone === undefined || !reference.has(`${c.label} done`)) {
    throw new Error(`the reference run did not show every file's result: ${[...reference.keys()].join(', ')}`);
  }
  const late = (name: string, m: Marker, before: Marker | 'start', done: number, start: number): KillAt => (reference.has(m)
    ? { name, after: m, ms: 0 }
    : { name, after: before, ms: Math.round((done - start) * 0.95) });
  return [
    { name: 'during A\'s read', after: `${a.label} reading`, ms: 0 },
    late('as A is written', `${a.label} writing`, 'start', aDone, 0),
    { name: 'between A and B', after: `${a.label} done`, ms: 0 },
    { name: 'during B\'s parse', after: `${a.label} done`, ms: Math.round((bDone - aDone) / 2) },
    late('as B is written', `${b.label} writing`, `${a.label} done`, bDone, aDone),
    { name: 'during C', after: `${c.label} reading`, ms: 0 },
  ];
}

/** Kills at `count` times drawn evenly at random over a run of `ms` milliseconds (`next` gives numbers in [0, 1)). */
export function randomKills(count: number, ms: number, next: () => number): KillAt[] {
  return Array.from({ length: count }, () => {
    const t = Math.round(next() * ms);
    return { name: `at ${t} ms`, after: 'start', ms: t };
  });
}

/** How a series of kills ended, in words: "6 kills: 2 left no file, 3 left A, 1 ended by itself". */
export function describeOutcomes(outcomes: readonly KillOutcome[], files: readonly CrashFile[]): string {
  const killed = outcomes.filter((o) => o.killed);
  const by = new Map<number, number>();
  for (const o of killed) by.set(o.complete, (by.get(o.complete) ?? 0) + 1);
  const names = ['no file', 'A whole, B and C absent', 'A and B whole, C absent', 'all three whole'];
  const parts = [...by].sort((x, y) => x[0] - y[0]).map(([k, n]) => `${n} left ${names[k] ?? `${k} of ${files.length}`}`);
  const self = outcomes.length - killed.length;
  return `${outcomes.length} kill(s): ${parts.join(', ') || 'none landed'}${self > 0 ? `, ${self} came after the import had ended` : ''}`;
}
