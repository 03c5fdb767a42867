/**
 * `npm run bench`: how fast the event engine is, as ratios against baselines measured in the same
 * run on the same machine (absolute times vary between machines; ratios much less).
 *
 *   floor        plain read-and-split of the file (readline + split('\t')): the fastest any import can go
 *   import       `importEventFile` into the embedded store and into PostgreSQL (parse, check, bulk write,
 *                dedupe, one transaction) — rows/s and ratio to the floor
 *   series       monthly USA–MEX series (aggregated in the database) against a full scan of the
 *                events table in the same store (every row fetched to the client)
 *   top dyads    the busiest pairs of one year
 *
 * Options: --rows N (default 2,000,000), --seed S, --keep (keep the generated file), --skip-postgres.
 * PostgreSQL: $BENCH_DATABASE_URL or $TEST_DATABASE_URL, else a throwaway local server (as in the tests).
 * The npm script gives Node an 8 GB heap: the full-scan baseline holds every event as an object at once.
 */
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { writeSyntheticGdelt2File } from './synthetic.ts';
import { importEventFile } from '../src/ingest/events/pipeline.ts';
import { openEmbeddedStore } from '../src/store/duckdb/open.ts';
import { openPostgresStore } from '../src/store/postgres/open.ts';
import type { Store } from '../src/store/store.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000000' },
    seed: { type: 'string', default: '20170101' },
    keep: { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const SEED = Number(values.seed);
if (!Number.isInteger(ROWS) || ROWS < 1000) throw new Error('--rows must be a whole number ≥ 1000');

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
sampler.unref();

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (b: number): string => `${(b / 1048576).toFixed(0)} MB`;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t };
}

/** Median of `n` runs (after one warm-up), in ms. */
async function median(fn: () => Promise<unknown>, n = 5, warmUp = true): Promise<number> {
  if (warmUp) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timed(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)]!;
}

async function floor(file: string): Promise<number> {
  let rows = 0;
  let fields = 0;
  const rl = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line === '') continue;
    fields += line.split('\t').length;
    rows++;
  }
  if (fields === 0) throw new Error('empty file');
  return rows;
}

/** Fetches every event of the table to the client: what an aggregation in JavaScript would need. */
async function fullScan(store: Store, rows: number): Promise<number> {
  const all = await store.listEvents({ countries: [] }, rows);
  if (all.length !== rows) throw new Error(`full scan returned ${all.length} of ${rows} events`);
  return all.length;
}

interface EngineResult {
  engine: string;
  importMs: number;
  inserted: number;
  seriesMs: number;
  scanMs: number;
  topMs: number;
  seriesPoints: number;
}

async function importInto(store: Store, file: string): Promise<Pick<EngineResult, 'engine' | 'importMs' | 'inserted'>> {
  const imp = await timed(() => importEventFile(store, file, { format: 'gdelt2', rejectsPath: join(tmpdir(), 'bench.rejects.tsv') }));
  if (imp.value.rejected > 0) throw new Error(`${imp.value.rejected} rows rejected: the generator and the reader disagree`);
  console.log(`${store.engine}: imported ${fmt(imp.value.inserted)} rows in ${(imp.ms / 1000).toFixed(2)} s (parsed by ${imp.value.parsedBy === 'duckdb' ? 'DuckDB' : 'the reader'})`);
  return { engine: store.engine, importMs: imp.ms, inserted: imp.value.inserted };
}

async function queries(store: Store, inserted: number): Promise<Pick<EngineResult, 'seriesMs' | 'scanMs' | 'topMs' | 'seriesPoints'>> {
  const query = { countries: ['USA', 'MEX'], by: 'month' as const };
  const points = (await store.eventSeries(query)).length;
  const seriesMs = await median(() => store.eventSeries(query));
  const scanMs = await median(() => fullScan(store, inserted), 1, false);
  const topMs = await median(() => store.topDyads({ year: 2019, limit: 20 }));
  return { seriesMs, scanMs, topMs, seriesPoints: points };
}

async function postgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, drop: async () => undefined };
  const { createTestDatabase } = await import('../test/support/postgres.ts');
  return createTestDatabase();
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), 'intermestic-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `gdelt2-synthetic-${ROWS}-${SEED}.export.CSV`);
  console.log(`Intermestic benchmark — ${fmt(ROWS)} GDELT 2.0-shaped rows (seed ${SEED}), Node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  if (!existsSync(file)) {
    const gen = await timed(() => writeSyntheticGdelt2File(file, ROWS, { seed: SEED }));
    console.log(`generated ${file} (${mb(gen.value.bytes)}) in ${(gen.ms / 1000).toFixed(1)} s`);
  } else {
    console.log(`using ${file} (${mb(statSync(file).size)})`);
  }

  const floorRun = await timed(() => floor(file));
  const floorRate = floorRun.value / (floorRun.ms / 1000);
  console.log(`\nfloor: plain read-and-split  ${fmt(floorRate)} rows/s  (${(floorRun.ms / 1000).toFixed(2)} s)`);

  // Imports first, each in a process holding nothing else; then the queries (the full-scan
  // baseline holds every event as an object, whose garbage would weigh on a later import).
  const dbFile = join(dir, 'bench.db');
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const stores: Store[] = [await openEmbeddedStore({ path: dbFile })];
  let pgdb: { url: string; drop: () => Promise<void> } | null = null;
  const results: EngineResult[] = [];
  try {
    if (!values['skip-postgres']) {
      pgdb = await postgresUrl();
      stores.push(await openPostgresStore({ url: pgdb.url }));
    }
    const imports = [];
    for (const store of stores) imports.push(await importInto(store, file));
    for (const [i, store] of stores.entries()) results.push({ ...imports[i]!, ...(await queries(store, imports[i]!.inserted)) });
  } finally {
    for (const store of stores) await store.close();
    await pgdb?.drop();
  }
  const embeddedSize = statSync(dbFile).size;

  const targets: Record<string, number> = { duckdb: 0.5, postgres: 0.25 };
  let failed = false;
  console.log('');
  for (const r of results) {
    const rate = r.inserted / (r.importMs / 1000);
    const ratio = rate / floorRate;
    const speedup = r.scanMs / r.seriesMs;
    const importOk = ratio >= (targets[r.engine] ?? 0);
    const seriesOk = speedup >= 20;
    failed ||= !importOk || !seriesOk;
    console.log(`${r.engine}:`);
    console.log(`  import            ${fmt(rate)} rows/s = ${ratio.toFixed(2)}× floor  (target ≥ ${targets[r.engine]}×) ${importOk ? 'ok' : 'BELOW TARGET'}   ${fmt(r.inserted)} rows in ${(r.importMs / 1000).toFixed(2)} s`);
    console.log(`  USA–MEX monthly   ${r.seriesMs.toFixed(1)} ms (${r.seriesPoints} months) vs full scan ${r.scanMs.toFixed(0)} ms = ${speedup.toFixed(1)}× faster  (target ≥ 20×) ${seriesOk ? 'ok' : 'BELOW TARGET'}`);
    console.log(`  top dyads 2019    ${r.topMs.toFixed(1)} ms = ${(r.scanMs / r.topMs).toFixed(1)}× faster than the full scan`);
  }
  console.log(`\nembedded file: ${mb(embeddedSize)}; peak memory (RSS) of this process: ${mb(peakRss)}`);
  if (!values.keep) rmSync(file, { force: true });
  if (failed) process.exitCode = 1;
}

await main();
