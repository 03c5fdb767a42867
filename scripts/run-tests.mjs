#!/usr/bin/env node
// Runs every test file under test/ with Node's own test runner, each file bundled from its TypeScript
// by esbuild (buildTests in build.mjs).
// Node 20's --test does not expand globs, so the file list is gathered here.
// Test files that need PostgreSQL get a throwaway server from test/support/postgres.ts (see there).
import { readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The CLI tests run the real command, i.e. the bundle: build it from the current sources first.
const { buildCli, buildTests, buildWeb } = await import('./build.mjs');
await buildCli();
await buildWeb({ quiet: true });
const only = process.argv.slice(2);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...collect(full));
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

// The files run in groups, each group in one process: a test process costs about a second of CPU to
// start (Node, the bundle, DuckDB's library), and the files of a folder share what they load. On 2
// cores, one after another, a process per file took 77 s of CPU for test/ingest and test/server, one
// a group 58 s (2026-12-03). Each file keeps to itself: temporary folders, stores and servers of its
// own, and what it changes of the process (cli() in test/support/cli.ts) put back. The groups are in
// order of their length, so that with several at a time the last to finish are short ones; each file
// joins the first group that takes it.
const GROUPS = [
  // Chromium: mostly waiting on the browser.
  ['e2e', (f) => f.startsWith('test/e2e/')],
  // The store files split in two, so that they run side by side: those of PostgreSQL alone, and the
  // others (DuckDB's, and those run on both engines), the longest group (71 s of CPU against 27 s
  // and 18 s in the PostgreSQL server, 2026-12-03).
  ['store', (f) => f.startsWith('test/store/') && !/postgres|citus|copy-text/.test(f)],
  ['cli', (f) => f.startsWith('test/cli/')],
  ['store-postgres', (f) => f.startsWith('test/store/')],
  ['server', (f) => f.startsWith('test/server/')],
  // Alone: it counts every unhandled rejection of its process as a failure of its own.
  ['fuzz', (f) => f === 'test/ingest/fuzz.test.ts'],
  ['ingest', (f) => f.startsWith('test/ingest/')],
  // The pure tests (test/domain, test/analysis, test/web) and the rest.
  ['rest', () => true],
];
let files = collect(join(root, 'test'));
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const runs = [];
const taken = new Set();
for (const [name, takes] of GROUPS) {
  const members = files.filter((f) => !taken.has(f) && takes(f));
  for (const f of members) taken.add(f);
  // A group of one file runs as that file.
  if (members.length > 0) runs.push(members.length === 1 ? members[0] : { name, files: members });
}
// A signal to this runner (Ctrl-C, a CI timeout's SIGTERM, a closed terminal) goes on to the test
// runner, before test/support/postgres.ts's own handler stops the server and exits 128 + the signal.
let child = null;
// Before the test runner starts (while the files are bundled), a signal ends this runner at once.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child === null) process.exit(128 + constants.signals[sig]);
    child.kill(sig);
  });
}

// The test files run bundled (scripts/build.mjs, buildTests): the same code as through tsx, loaded
// in a fraction of the time; --enable-source-maps points failures at the TypeScript lines. Each run
// bundles into its own folder, test-output/bundle-<pid> (at the depth of src/, which the code's
// paths from import.meta.url rely on), so that two runs side by side do not empty each other's; a
// folder left by a run that was killed is removed by the next.
const testOutput = join(root, 'test-output');
let entries = [];
try {
  entries = readdirSync(testOutput);
} catch {
  // no earlier run
}
for (const name of entries) {
  const m = /^bundle(?:-(\d+))?$/.exec(name);
  if (m !== null && (m[1] === undefined || !alive(Number(m[1])))) rmSync(join(testOutput, name), { recursive: true, force: true });
}
const outdir = join(testOutput, `bundle-${process.pid}`);
const POSTGRES_SUPPORT = 'test/support/postgres.ts';
process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
const bundles = await buildTests(runs, outdir, [POSTGRES_SUPPORT]);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// One throwaway PostgreSQL server for the whole run (test/support/postgres.ts; about a second of
// initdb and start, once rather than in each of a dozen test processes), stopped when the run ends;
// started only when a selected file includes that module. Each test file still makes its own
// database. When it cannot start, every file that needs it tries again itself and fails saying why.
if (!process.env.TEST_DATABASE_URL && bundles.some((b) => b.includesWatched)) {
  const { tsImport } = await import('tsx/esm/api');
  const postgres = await tsImport(`../${POSTGRES_SUPPORT}`, import.meta.url);
  try {
    process.env.TEST_DATABASE_URL = await postgres.getTestDatabaseUrl();
  } catch {
    // the files that need the server report it
  }
}
// One file more than the cores: the files wait on PostgreSQL, Chromium and child processes for a good
// share of their time (on 2 cores, 3 at a time ran the suite in 277 s against 318 s for 2, and 4 in
// 371 s); TEST_CONCURRENCY overrides it.
const concurrency = process.env.TEST_CONCURRENCY ?? String(Math.min(availableParallelism() + 1, 6));
const args = ['--enable-source-maps', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...bundles.map((b) => b.bundle)];
// Spawned, not run synchronously: the event loop stays free for the signal handlers above.
child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
child.on('close', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128 + constants.signals[signal])));
