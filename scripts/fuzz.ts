/**
 * `npm run fuzz -- [--cases N] [--seed S] [--case I] [--store-every K] [--engines duckdb,postgres]
 * [--kills N] [--kill-rows R]`:
 * the seeded fuzzer of test/support/fuzz.ts at length. Every case is read in this process; every
 * K-th (default 20) is also imported into an embedded DuckDB store and a PostgreSQL one (a throwaway
 * server, as the tests start; or $TEST_DATABASE_URL). `--case I` runs that one case alone and keeps
 * its file. At the end: cases per mutation kind, outcomes, and every failure with its seed, case and
 * the reproducer file kept under the run's temp folder.
 *
 * Then the kill -9 test of test/support/crash.ts at length: per engine, one import of the three
 * files run whole (its output's moments make the plan), then N kills (default 10): the six planned
 * moments, the rest at times drawn from the seed; files A and B of R synthetic rows (default
 * 20,000). `--kills 0` skips it. Exit status 1 when anything failed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KINDS, Rng, SLOW_MS, describeFailure, emptyFigures, fuzzCase, intoStores, loadBases, runCase, storeTarget, watchdog } from '../test/support/fuzz.ts';
import { crashFiles, describeOutcomes, freshStore, killAndRecover, killPlan, randomKills, runImport, type Engine, type KillOutcome } from '../test/support/crash.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    case: { type: 'string' },
    'store-every': { type: 'string', default: '20' },
    'rotate-every': { type: 'string', default: '10' },
    engines: { type: 'string', default: 'duckdb,postgres' },
    kills: { type: 'string', default: '10' },
    'kill-rows': { type: 'string', default: '20000' },
  },
});

const int = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
  return n;
};
const seed = int('seed', values.seed, Math.floor(Math.random() * 2 ** 32)) >>> 0;
const only = values.case === undefined ? null : int('case', values.case, 0);
const cases = only === null ? int('cases', values.cases, 10_000) : 1;
const storeEvery = int('store-every', values['store-every'], 20);
const rotateEvery = Math.max(1, int('rotate-every', values['rotate-every'], 10));
const engines = (values.engines ?? '').split(',').filter((e) => e !== '');
for (const e of engines) if (e !== 'duckdb' && e !== 'postgres') throw new Error(`--engines: unknown engine ${e}`);
const kills = only === null ? int('kills', values.kills, 10) : 0;
const killRows = Math.max(100, int('kill-rows', values['kill-rows'], 20_000));

/** A case running this long is taken for a hang: the watchdog prints it and stops the run. */
const HANG_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'intermestic-fuzz-'));
const bases = await loadBases();
const figures = emptyFigures();
const unhandled: unknown[] = [];
process.on('unhandledRejection', (e) => unhandled.push(e));

const targets = storeEvery > 0 ? engines.map((e) => storeTarget(e as 'duckdb' | 'postgres', dir, rotateEvery)) : [];
const dog = watchdog(HANG_MS);
const started = performance.now();
console.log(`fuzz: seed ${seed}, ${cases} case(s)${only === null ? '' : ` (case ${only})`}, about 1 in ${storeEvery || '—'} also into ${targets.map((t) => t.engine).join(' and ') || 'no store'}; files under ${dir}`);
let stored = 0;
let lastReport = started;
for (let k = 0; k < cases; k++) {
  const index = only ?? k;
  const stores = only !== null || intoStores(index, storeEvery);
  if (stores) stored++;
  const failures = figures.failures.length;
  await runCase(bases, seed, index, dir, figures, stores ? targets : [], unhandled, dog);
  // Printed at once, so that a run the watchdog stops still shows what failed before.
  for (const f of figures.failures.slice(failures)) console.log(`FAILED ${describeFailure(f)}`);
  if (performance.now() - lastReport > 10_000) {
    lastReport = performance.now();
    console.log(`  ${k + 1}/${cases} cases, ${figures.failures.length} failure(s), ${((lastReport - started) / 1000).toFixed(0)} s`);
  }
}
for (const t of targets) await t.close();
await dog.stop();
const seconds = (performance.now() - started) / 1000;

const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log(`\n${figures.cases} cases in ${seconds.toFixed(1)} s (seed ${seed}); ${stored} also imported into ${targets.map((t) => t.engine).join(' and ') || 'no store'}`);
console.log(`\n${'kind'.padEnd(14)}${pad('cases', 7)}${pad('imported', 10)}${pad('partial', 9)}${pad('refused', 9)}${pad('seconds', 9)}`);
for (const kind of KINDS) {
  const o = figures.perKindOutcomes[kind] ?? { imported: 0, partial: 0, refused: 0 };
  console.log(`${kind.padEnd(14)}${pad(figures.perKind[kind] ?? 0, 7)}${pad(o.imported, 10)}${pad(o.partial, 9)}${pad(o.refused, 9)}${pad(((figures.msPerKind[kind] ?? 0) / 1000).toFixed(1), 9)}`);
}
const o = figures.outcomes;
console.log(`${'all'.padEnd(14)}${pad(figures.cases, 7)}${pad(o.imported, 10)}${pad(o.partial, 9)}${pad(o.refused, 9)}`);
console.log(`slowest: ${figures.slowest.map(([ms, , i, kind, base]) => `case ${i} (${kind}, ${base}) ${ms} ms`).join('; ')} (a case fails past ${SLOW_MS / 1000} s)`);
console.log('\n(imported: read whole, no row rejected; partial: some rows rejected; refused: the file refused, EventFileError or, strict, EventRejectError)');
for (const [engine, s] of Object.entries(figures.store)) {
  console.log(`${engine} imports: ${s.imported} imported, ${s.partial} partially rejected, ${s.refused} refused`);
}

// ---- kill -9 ----
const killFailures: string[] = [];
if (kills > 0) {
  const killDir = join(dir, 'kills');
  mkdirSync(killDir);
  const killStarted = performance.now();
  const files = await crashFiles(killDir, killRows);
  console.log(`\nkill -9: ${kills} kill(s) per engine of \`events import ${files.map((f) => f.label).join(' ')}\` (${files.map((f) => f.events).join(', ')} events)`);
  const rng = new Rng(seed ^ 0x6b111);
  let n = 0;
  for (const engine of engines as Engine[]) {
    const store = await freshStore(engine, killDir, n++);
    const whole = await runImport(files, store, killDir, null);
    await store.drop();
    if (whole.status !== 0) {
      killFailures.push(`${engine}: the import run whole failed:\n${whole.stderr}`);
      continue;
    }
    const plan = [...killPlan(files, whole.marks), ...randomKills(Math.max(0, kills - 6), whole.ms, () => rng.float())].slice(0, kills);
    const outcomes: KillOutcome[] = [];
    for (const kill of plan) {
      try {
        const o = await killAndRecover(engine, files, killDir, n++, kill);
        outcomes.push(o);
        console.log(`  ${engine}, kill ${kill.name}: ${o.killed ? `killed at ${Math.round(o.ms)} ms, ${o.complete} of ${files.length} file(s) whole${o.complete < files.length ? ', the others absent' : ''}; re-import exact` : `the import had ended (${Math.round(o.ms)} ms)`}`);
      } catch (e) {
        killFailures.push(`${engine}, kill ${kill.name}: ${e instanceof Error ? e.message : String(e)}`);
        console.log(`FAILED ${engine}, kill ${kill.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    console.log(`${engine}: ${describeOutcomes(outcomes, files)} (whole import ${(whole.ms / 1000).toFixed(1)} s)`);
  }
  console.log(`kill -9 in ${((performance.now() - killStarted) / 1000).toFixed(1)} s, ${killFailures.length} failure(s)`);
}

const failed = figures.failures.length + killFailures.length;
if (failed === 0) {
  console.log('\nno failure');
  if (only === null) rmSync(dir, { recursive: true, force: true });
  else console.log(`case file kept: ${join(dir, `${only}-${fuzzCase(bases, seed, only, dir).name}`)}`);
} else {
  console.log(`\n${failed} FAILURE(S) (files kept under ${dir}):`);
  for (const f of figures.failures) console.log(describeFailure(f));
  for (const f of killFailures) console.log(f);
}
process.exit(failed === 0 ? 0 : 1);
