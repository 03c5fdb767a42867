/**
 * `npm run bench`: how fast Intermestic is, as ratios to anchors measured in the same run on the
 * same machine (absolute times vary between machines and runs; ratios much less).
 *
 *   start-up     `intermestic --help`, `mechanisms --json`, `health --json` as whole processes,
 *                against `node -e 0`                                              target ≤ 3×
 *   embedded     `intermestic events import` of N generated GDELT 2.0 rows, a whole process, against
 *   import       DuckDB's own read_csv of the file into a persistent table of the same columns with
 *                the same dedupe anti-join (bench/anchors/duckdb-read-csv.mjs)   target ≤ 1.25×,
 *                and its peak memory                                              target ≤ 600 MB
 *   PostgreSQL   the same import into PostgreSQL, a whole process, against a bare COPY of the same
 *   import       rows into the same table with its keys and indexes              target ≤ 1.5×
 *   header-row   `intermestic events import` of the same rows written as a BigQuery-style CSV (header row,
 *   import       reordered columns, every field quoted, a CAMEOCodeDescription column), a whole process,
 *                against the import of the plain file (--only headers runs this alone)  target ≤ 1.5×
 *   pandas       pandas read_csv of the file, when python3 with pandas is here (what GDELT users
 *                often use instead), with its peak memory
 *   queries      the monthly USA–MEX series and the top dyads of 2019 on both engines, against a
 *                full scan of the events (every row fetched to the client)          target ≥ 20×
 *   HTTP         requests per second of `intermestic serve` (bundled registry, real event samples)
 *                on /api/mechanisms, /api/health, / and /api/events/series, against a bare
 *                node:http server answering the same bytes as a fixed body, both loaded by autocannon
 *                on loopback for the same time (bench/http.ts)  target ≥ 25 % (registry, /), ≥ 5 % (series),
 *                no errors; p99 latency reported, and the ratio to an 11-byte fixed body beside it
 *   briefs       the state-of-the-relationship PDF of USA–MEX–CAN, gathered, written and printed by
 *                Chromium started once, against printing an empty page in the same browser (median of 5;
 *                bench/briefs.ts)                                                 target ≤ 5 s
 *   pages        each page of the web app loaded in Debian's Chromium from `intermestic serve` (same
 *                data), a fresh context per load: the load event, median of 5, against an empty page
 *                from a bare server in the same browser (bench/pages.ts)          target ≤ 1 s;
 *                and the JavaScript each page loads, gzipped                       target ≤ 150 KB
 *   fetch        `events fetch` of a day of GDELT 2.0-shaped 15-minute exports (96 zipped files) from a
 *                local mirror on loopback into a fresh embedded store: files/s, rows/s, MB/s, against
 *                the bare download (same files, same parallelism) and the bare import of the same
 *                files, one after the other (bench/fetch.ts)     target ≤ download + import, +10 %
 *
 * Options: --rows N (default 1,000,000), --runs R (median of R runs of each timed process; default 3),
 * --seed S, --keep (keep the generated file), --skip-postgres, --http-seconds S (default 5), --only startup|embedded|postgres|http|pages|briefs|headers|fetch (startup: the start-up alone; embedded: the start-up and the embedded import, with its pandas anchor; postgres: the PostgreSQL import and queries alone), --fetch-files N (default 96), --fetch-rows N (rows per file, default 1,500), --fetch-jobs N (default 4). PostgreSQL: $BENCH_DATABASE_URL (a
 * server whose user may create databases), else a throwaway local server as in the tests. Exits
 * non-zero when a target is missed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { writeSyntheticGdelt2File, writeSyntheticHeaderCsv } from './synthetic.ts';
import { httpThroughput } from './http.ts';
import { pageLoads } from './pages.ts';
import { briefTimes } from './briefs.ts';
import { fetchThroughput } from './fetch.ts';
import { EVENT_COLUMNS } from '../src/app/ports.ts';
import { duckdbText, memoryWorkspace } from '../src/ingest/events/duckdb-workspace.ts';
import { lookups } from '../src/ingest/events/lookups.ts';
import { readWithDuckDB } from '../src/ingest/events/formats/gdelt/duckdb.ts';
import { fileIdentity } from '../src/ingest/events/plain-file.ts';
import { openEmbeddedStore } from '../src/store/duckdb/open.ts';
import { openPostgresStore } from '../src/store/postgres/open.ts';
import { dyadKeySql } from '../src/store/sql/event-rows.ts';
import type { Store } from '../src/store/store.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20170101' },
    keep: { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
    'http-seconds': { type: 'string', default: '5' },
    only: { type: 'string' },
    'fetch-files': { type: 'string', default: '96' },
    'fetch-rows': { type: 'string', default: '1500' },
    'fetch-jobs': { type: 'string', default: '4' },
  },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
if (!Number.isInteger(ROWS) || ROWS < 1000) throw new Error('--rows must be a whole number ≥ 1000');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a whole number ≥ 1');

const REPO = new URL('..', import.meta.url).pathname;
const CLI = join(REPO, 'bin', 'intermestic.js');
const RSS_REPORT = join(REPO, 'bench', 'peak-rss.cjs');
const DIR = join(tmpdir(), 'intermestic-bench');
mkdirSync(DIR, { recursive: true });

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number): string => `${Math.round(kb / 1024)} MB`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let failed = false;
function verdict(ok: boolean): string {
  failed ||= !ok;
  return ok ? 'ok' : 'MISSED';
}

interface Timed { readonly ms: number; readonly peakKb: number; readonly stdout: string }

/** Runs a whole process, timing it from spawn to exit and reading its peak memory. */
function timedProcess(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Timed> {
  const rssFile = join(DIR, `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const node = command === process.execPath;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, node ? ['--require', RSS_REPORT, ...args] : args, {
      env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr}`));
      const peakKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
      rmSync(rssFile, { force: true });
      resolve({ ms, peakKb, stdout });
    });
  });
}

/** The median of `RUNS` runs (time and peak memory), each after `prepare`. */
async function medianOf(prepare: () => Promise<void> | void, run: () => Promise<Timed>, runs = RUNS): Promise<{ ms: number; peakKb: number; last: Timed }> {
  const all: Timed[] = [];
  for (let i = 0; i < runs; i++) {
    await prepare();
    all.push(await run());
  }
  return { ms: median(all.map((t) => t.ms)), peakKb: median(all.map((t) => t.peakKb)), last: all[all.length - 1]! };
}

async function postgresServer(): Promise<{ create(): Promise<{ url: string; drop(): Promise<void> }> }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    return {
      create: async () => {
        const name = `intermestic_bench_${Date.now()}`;
        const admin = new pg.Client({ connectionString: given });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const u = new URL(given);
        u.pathname = `/${name}`;
        return {
          url: u.toString(),
          drop: async () => {
            const a = new pg.Client({ connectionString: given });
            await a.connect();
            await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            await a.end();
          },
        };
      },
    };
  }
  const { createTestDatabase } = await import('../test/support/postgres.ts');
  return { create: createTestDatabase };
}

/** The file's events as canonical COPY text (what the PostgreSQL store streams), written once by DuckDB. */
async function canonicalText(file: string, out: string): Promise<number> {
  const lk = lookups();
  const workspace = await memoryWorkspace();
  try {
    const parsed = await readWithDuckDB({
      file, dataset: 'gdelt2', workspace, maxLineBytes: 1 << 20, identity: fileIdentity(file),
      codes: [...lk.codebook.codes()].map((c) => ({ code: c.code, baseCode: c.baseCode, rootCode: c.rootCode })),
      review: async () => undefined,
      mapActorCountries: (codes) => codes.map((c) => (/^[A-Z]{3}$/.test(c.code) ? c.code : null)),
      mapPlaces: (places) => places.map(() => null),
    });
    const text = parsed.text(duckdbText(dyadKeySql));
    await Promise.all([pipeline(text.stream, createWriteStream(out)), text.done]);
    await parsed.dispose();
    return parsed.events;
  } finally {
    workspace.release();
  }
}

async function fullScan(store: Store, rows: number): Promise<void> {
  const all = await store.listEvents({ countries: [] }, rows);
  if (all.length !== rows) throw new Error(`full scan returned ${all.length} of ${rows} events`);
}

async function timeIt(fn: () => Promise<unknown>, n = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function queries(store: Store, rows: number): Promise<void> {
  const series = await timeIt(() => store.eventSeries({ countries: ['USA', 'MEX'], by: 'month' }));
  const top = await timeIt(() => store.topDyads({ year: 2019, limit: 20 }));
  const scan = await timeIt(() => fullScan(store, rows), 1);
  console.log(`  USA–MEX monthly series   ${series.toFixed(1)} ms = ${(scan / series).toFixed(0)}× faster than the full scan (${s(scan)})   target ≥ 20×  ${verdict(scan / series >= 20)}`);
  console.log(`  top dyads of 2019        ${top.toFixed(1)} ms = ${(scan / top).toFixed(0)}× faster than the full scan`);
}

async function http(): Promise<void> {
  const seconds = Number(values['http-seconds']);
  console.log(`\nHTTP throughput (autocannon, 10 connections, ${seconds} s per route after 1 s of warm-up, loopback)`);
  const paths = ['/api/mechanisms', '/api/health', '/', '/api/events/series?dyad=USA-MEX'];
  const r = await httpThroughput({ cli: CLI, samples: SAMPLE_FILES, paths, seconds, connections: 10 });
  console.log(`  bare node:http, 11-byte body   ${fmt(r.small.requestsPerSecond)} req/s`);
  for (const x of r.routes) {
    const ratio = x.route.requestsPerSecond / x.bare.requestsPerSecond;
    const target = x.route.path.startsWith('/api/events/') ? 0.05 : 0.25;
    const ok = ratio >= target && x.route.errors === 0 && x.route.non2xx === 0;
    console.log(`  ${x.route.path.padEnd(32)} ${fmt(x.route.requestsPerSecond).padStart(6)} req/s, p99 ${x.route.p99Ms} ms, ${x.route.errors} errors, ${x.route.non2xx} non-2xx; ` +
      `bare with the same ${fmt(x.bytes)} bytes ${fmt(x.bare.requestsPerSecond)} req/s = ${(ratio * 100).toFixed(0)} %   target ≥ ${target * 100} %  ${verdict(ok)}` +
      `  (${((x.route.requestsPerSecond / r.small.requestsPerSecond) * 100).toFixed(0)} % of the 11-byte body)`);
  }
}

const SAMPLE_FILES = ['gdelt1-events-added-2016-07-28-sample.tsv', 'gdelt2-20170101073000.export.CSV', 'icews-events-2018-06-01-sample.tab']
  .map((f) => join(REPO, 'test', 'fixtures', 'events', f));

async function pages(): Promise<void> {
  const paths = ['/', '/?pair=USA-MEX-CAN', '/timeline', '/timeline?pair=USA-MEX-CAN&lang=es', '/mechanisms/nals', '/events', '/events?period=2018-06-01&lang=fr', '/agenda', '/calendar', '/commitments', '/compliance', '/recommendations', '/scorecard?pair=USA-MEX', '/alerts', '/sources'];
  console.log('\npage loads in Chromium (a fresh context per load, median of 5 after one warm-up; load event)');
  const r = await pageLoads({ cli: CLI, samples: SAMPLE_FILES, paths, runs: 5 });
  console.log(`  ${'(empty page, bare node:http)'.padEnd(40)} ${r.anchor.loadMs.toFixed(0).padStart(5)} ms`);
  for (const p of r.pages) {
    const ok = p.loadMs <= 1000 && p.jsGzipBytes <= 150 * 1024;
    console.log(`  ${p.path.padEnd(40)} ${p.loadMs.toFixed(0).padStart(5)} ms = ${(p.loadMs / r.anchor.loadMs).toFixed(1)}× the empty page; HTML ${fmt(p.htmlBytes)} B, JS ${(p.jsGzipBytes / 1024).toFixed(1)} KB gzip   target ≤ 1,000 ms, ≤ 150 KB  ${verdict(ok)}`);
  }
}

async function briefs(): Promise<void> {
  console.log('\nbrief PDF (Chromium started once and kept; median of 5 after a warm-up)');
  const r = await briefTimes(SAMPLE_FILES);
  console.log(`  empty page printed          ${r.emptyMs.toFixed(0).padStart(5)} ms`);
  console.log(`  state brief USA–MEX–CAN     ${r.briefMs.toFixed(0).padStart(5)} ms = ${(r.briefMs / r.emptyMs).toFixed(1)}× the empty page; ${r.pages} pages, ${fmt(r.bytes / 1024)} KB (first, with the browser's start: ${(r.firstMs / 1000).toFixed(1)} s)   target ≤ 5 s  ${verdict(r.briefMs <= 5000)}`);
}

/** The header-row import against the plain-file import of the same rows, whole processes, fresh database each run. */
async function headerImport(file: string): Promise<void> {
  const csv = join(DIR, `gdelt2-synthetic-${ROWS}-${SEED}.bigquery.csv`);
  if (!existsSync(csv)) {
    const t = performance.now();
    const gen = await writeSyntheticHeaderCsv(csv, ROWS, { seed: SEED });
    console.log(`generated ${csv} (${mb(gen.bytes / 1024)}) in ${s(performance.now() - t)}`);
  }
  console.log(`\nheader-row import of ${fmt(ROWS)} rows: BigQuery-style CSV against the plain file (whole processes, fresh database each run)`);
  const db = join(DIR, 'headers.db');
  const fresh = async (): Promise<void> => {
    for (const f of [db, `${db}.wal`, `${db}.registry.json`]) rmSync(f, { force: true });
    await timedProcess(process.execPath, [CLI, 'load'], { INTERMESTIC_DB: db });
  };
  const run = async (path: string): Promise<{ ms: number; peakKb: number; parsedBy: string }> => {
    const r = await medianOf(fresh, () => timedProcess(process.execPath, [CLI, 'events', 'import', '--json', '--rejects', join(DIR, 'headers.rejects.tsv'), path], { INTERMESTIC_DB: db }));
    const report = JSON.parse(r.last.stdout) as { inserted: number; parsedBy: string; format: string }[];
    if (report[0]?.inserted !== ROWS || report[0]?.format !== 'gdelt2') throw new Error(`${path}: imported ${report[0]?.inserted} of ${ROWS} rows as ${report[0]?.format}`);
    return { ms: r.ms, peakKb: r.peakKb, parsedBy: report[0].parsedBy };
  };
  const plain = await run(file);
  const header = await run(csv);
  const ratio = header.ms / plain.ms;
  console.log(`  plain file import        ${s(plain.ms)}  peak ${mb(plain.peakKb)}  (parsed by ${plain.parsedBy}; ${fmt(ROWS / (plain.ms / 1000))} rows/s)`);
  console.log(`  header-row CSV import    ${s(header.ms)}  peak ${mb(header.peakKb)}  (parsed by ${header.parsedBy}; ${fmt(ROWS / (header.ms / 1000))} rows/s)`);
  console.log(`  ratio                    ${ratio.toFixed(2)}×   target ≤ 1.5×  ${verdict(ratio <= 1.5)}`);
}

async function fetchBench(): Promise<void> {
  const files = Number(values['fetch-files']);
  const perFile = Number(values['fetch-rows']);
  const jobs = Number(values['fetch-jobs']);
  console.log(`\nevents fetch from a local mirror (${fmt(files)} zipped 15-minute exports of ${fmt(perFile)} rows, ${jobs} downloads at a time, embedded store)`);
  const r = await fetchThroughput(join(DIR, 'fetch'), files, perFile, jobs, RUNS);
  if (r.inserted !== r.rows) throw new Error(`the fetch stored ${r.inserted} of ${r.rows} events`);
  const sum = r.downloadMs + r.importMs;
  const ratio = r.fetchMs / sum;
  const per = (x: number): string => (x / (r.fetchMs / 1000)).toFixed(1);
  console.log(`  bare download            ${s(r.downloadMs)}  (${(r.bytes / 1024 ** 2).toFixed(1)} MB, ${((r.bytes / 1024 ** 2) / (r.downloadMs / 1000)).toFixed(1)} MB/s)`);
  console.log(`  bare import              ${s(r.importMs)}  (${fmt(r.rows / (r.importMs / 1000))} rows/s, one file after the other; median of ${r.importRuns.map(s).join(', ')})`);
  console.log(`  events fetch             ${s(r.fetchMs)}  ${per(r.files)} files/s, ${fmt(r.rows / (r.fetchMs / 1000))} rows/s, ${per(r.bytes / 1024 ** 2)} MB/s (median of ${r.fetchRuns.map(s).join(', ')}, each round after a bare import)`);
  console.log(`  ratio to download + import ${ratio.toFixed(2)}× (to the import alone ${(r.fetchMs / r.importMs).toFixed(2)}×)   target ≤ 1.1×  ${verdict(ratio <= 1.1)}`);
}

/** Builds the CLI bundle the timed processes run. */
function buildCli(): void {
  const build = spawnSync(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the CLI bundle did not build');
}

/** What `--only` may name. */
const ONLY = ['startup', 'embedded', 'postgres', 'http', 'pages', 'briefs', 'headers', 'fetch'];

/** PostgreSQL: the import of the file against a bare COPY of the same rows, then the queries (fresh database each run). */
async function postgres(file: string): Promise<void> {
  const pgServer = await postgresServer();
  console.log(`\nPostgreSQL import of ${fmt(ROWS)} rows (fresh database each run)`);
  const text = join(DIR, 'canonical.csv');
  const events = await canonicalText(file, text);
  const copies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const db = await pgServer.create();
    const store = await openPostgresStore({ url: db.url });
    await store.close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const t = performance.now();
    await pipeline(createReadStream(text), client.query(copyFrom(`COPY events (${[...EVENT_COLUMNS, 'dyad_key'].join(', ')}) FROM STDIN (FORMAT csv, DELIMITER E'\\t', NULL '\\N')`)));
    copies.push(performance.now() - t);
    await client.end();
    await db.drop();
  }
  const copy = median(copies);
  let dbNow: { url: string; drop(): Promise<void> } | null = null;
  const pgImport = await medianOf(async () => {
    await dbNow?.drop();
    dbNow = await pgServer.create();
    await timedProcess(process.execPath, [CLI, '--database-url', dbNow.url, 'load']);
  }, () => timedProcess(process.execPath, [CLI, '--database-url', dbNow!.url, 'events', 'import', '--json', '--format', 'gdelt2', '--rejects', join(DIR, 'pg.rejects.tsv'), file]));
  const pgRatio = pgImport.ms / copy;
  console.log(`  bare COPY anchor         ${s(copy)}  (${fmt(events)} rows of canonical text, keys and index in place)`);
  console.log(`  intermestic import       ${s(pgImport.ms)}  peak ${mb(pgImport.peakKb)}`);
  console.log(`  ratio                    ${pgRatio.toFixed(2)}×   target ≤ 1.5×  ${verdict(pgRatio <= 1.5)}`);
  rmSync(text, { force: true });
  const store = await openPostgresStore({ url: dbNow!.url });
  try {
    console.log('\nqueries, PostgreSQL');
    await queries(store, ROWS);
  } finally {
    await store.close();
    await (dbNow as { drop(): Promise<void> } | null)?.drop();
  }
}

/** `intermestic --help`, `mechanisms --json` and `health --json` against `node -e 0`, whole processes, median of 7. */
async function startup(): Promise<void> {
  console.log('\nstart-up (whole processes)');
  const startDb = join(DIR, 'start.db');
  rmSync(startDb, { force: true });
  rmSync(`${startDb}.registry.json`, { force: true });
  await timedProcess(process.execPath, [CLI, 'load'], { INTERMESTIC_DB: startDb });
  const base = (await medianOf(() => undefined, () => timedProcess(process.execPath, ['-e', '0']), 7)).ms;
  console.log(`  node -e 0                ${base.toFixed(0)} ms`);
  for (const args of [['--help'], ['mechanisms', '--json'], ['health', '--json']]) {
    const t = (await medianOf(() => undefined, () => timedProcess(process.execPath, [CLI, ...args], { INTERMESTIC_DB: startDb }), 7)).ms;
    const ratio = t / base;
    console.log(`  ${`intermestic ${args.join(' ')}`.padEnd(24)} ${t.toFixed(0)} ms = ${ratio.toFixed(2)}×   target ≤ 3×  ${verdict(ratio <= 3)}`);
  }
}

async function main(): Promise<void> {
  if (values.only !== undefined && !ONLY.includes(values.only)) throw new Error(`--only: expected one of ${ONLY.join(', ')}, got "${values.only}"`);
  if (values.only === 'fetch') {
    await fetchBench();
    if (failed) process.exitCode = 1;
    return;
  }
  if (values.only === 'briefs') {
    await briefs();
    if (failed) process.exitCode = 1;
    return;
  }
  if (values.only === 'http' || values.only === 'pages') {
    buildCli();
    await (values.only === 'http' ? http() : pages());
    if (failed) process.exitCode = 1;
    return;
  }
  if (values.only === 'startup') {
    buildCli();
    await startup();
    if (failed) process.exitCode = 1;
    return;
  }
  const file = join(DIR, `gdelt2-synthetic-${ROWS}-${SEED}.export.CSV`);
  console.log(`Intermestic benchmark — ${fmt(ROWS)} GDELT 2.0-shaped rows (seed ${SEED}), Node ${process.version}, ${cpus().length} cores, median of ${RUNS} runs`);
  if (!existsSync(file)) {
    const t = performance.now();
    const gen = await writeSyntheticGdelt2File(file, ROWS, { seed: SEED });
    console.log(`generated ${file} (${mb(gen.bytes / 1024)}) in ${s(performance.now() - t)}`);
  }
  buildCli();
  if (values.only === 'headers') {
    try {
      await headerImport(file);
    } finally {
      if (!values.keep) for (const f of [file, join(DIR, `gdelt2-synthetic-${ROWS}-${SEED}.bigquery.csv`)]) rmSync(f, { force: true });
    }
    if (failed) process.exitCode = 1;
    return;
  }

  if (values.only === 'postgres') {
    try {
      await postgres(file);
    } finally {
      if (!values.keep) rmSync(file, { force: true });
    }
    console.log(failed ? '\nsome targets were missed' : '\nevery target met');
    if (failed) process.exitCode = 1;
    return;
  }

  await startup();

  // ---- embedded import -----------------------------------------------------------------------
  console.log(`\nembedded import of ${fmt(ROWS)} rows (whole processes, fresh database each run)`);
  const anchorDb = join(DIR, 'anchor.db');
  const anchor = await medianOf(() => undefined, () => timedProcess(process.execPath, [join(REPO, 'bench', 'anchors', 'duckdb-read-csv.mjs'), file, anchorDb]));
  const importDb = join(DIR, 'import.db');
  // A fresh store holding the registry (as after the first run), so that the import alone is timed.
  const fresh = async (): Promise<void> => {
    for (const f of [importDb, `${importDb}.wal`, `${importDb}.registry.json`]) rmSync(f, { force: true });
    await timedProcess(process.execPath, [CLI, 'load'], { INTERMESTIC_DB: importDb });
  };
  const ours = await medianOf(fresh, () => timedProcess(process.execPath, [CLI, 'events', 'import', '--json', '--format', 'gdelt2', '--rejects', join(DIR, 'import.rejects.tsv'), file], { INTERMESTIC_DB: importDb }));
  const report = JSON.parse(ours.last.stdout) as { inserted: number; parsedBy: string }[];
  if (report[0]?.inserted !== ROWS) throw new Error(`imported ${report[0]?.inserted} of ${ROWS} rows`);
  const ratio = ours.ms / anchor.ms;
  console.log(`  DuckDB read_csv anchor   ${s(anchor.ms)}  peak ${mb(anchor.peakKb)}`);
  console.log(`  intermestic import       ${s(ours.ms)}  peak ${mb(ours.peakKb)}  (parsed by ${report[0]?.parsedBy}; ${fmt(ROWS / (ours.ms / 1000))} rows/s)`);
  console.log(`  ratio                    ${ratio.toFixed(2)}×   target ≤ 1.25×  ${verdict(ratio <= 1.25)}`);
  console.log(`  peak memory              ${mb(ours.peakKb)}   target ≤ 600 MB  ${verdict(ours.peakKb <= 600 * 1024)}`);
  console.log(`  embedded file            ${mb(statSync(importDb).size / 1024)} for ${fmt(ROWS)} events`);

  // ---- header-row import -------------------------------------------------------------------
  if (values.only !== 'embedded') await headerImport(file);

  // ---- pandas ------------------------------------------------------------------------------
  const hasPandas = spawnSync('python3', ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
  if (hasPandas) {
    const p = await medianOf(() => undefined, () => timedProcess('python3', [join(REPO, 'bench', 'anchors', 'pandas-read-csv.py'), file]), 1);
    const peak = Number(p.last.stdout.trim().split(/\s+/)[1]);
    console.log(`  pandas read_csv          ${s(p.ms)}  peak ${mb(peak)}  (a frame of text, no checks, nothing stored) = ${(ours.ms / p.ms).toFixed(2)}× our import's time`);
  } else {
    console.log('  pandas read_csv          not measured: python3 with pandas is not on this machine');
  }

  if (values.only === 'embedded') {
    if (!values.keep) rmSync(file, { force: true });
    console.log(failed ? '\nsome targets were missed' : '\nevery target met');
    if (failed) process.exitCode = 1;
    return;
  }

  if (!values['skip-postgres']) await postgres(file);

  // ---- queries on the embedded store -----------------------------------------------------------
  console.log('\nqueries, embedded');
  const embedded = await openEmbeddedStore({ path: importDb });
  try {
    await queries(embedded, ROWS);
  } finally {
    await embedded.close();
  }

  await http();
  await pages();
  await briefs();
  await fetchBench();

  if (!values.keep) rmSync(file, { force: true });
  if (!values.keep) rmSync(join(DIR, `gdelt2-synthetic-${ROWS}-${SEED}.bigquery.csv`), { force: true });
  console.log(failed ? '\nsome targets were missed' : '\nevery target met');
  if (failed) process.exitCode = 1;
}

await main();
