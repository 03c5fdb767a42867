/**
 * The installed command as a user runs it — bin/intermestic.js, the bundle in dist/, a process of
 * its own — for what only a real process shows: start-up, exit codes, output to a closed pipe.
 * The commands themselves are tested in this process (registry.test.ts, events.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { spawnCli, tempDir } from '../support/cli.ts';
import { REPO, SAMPLES } from '../support/paths.ts';

test('--help, a usage error (exit 2) and a command on a fresh store, through the bundle', () => {
  const help = spawnCli(['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: intermestic/);
  const bad = spawnCli(['health', '--at', 'yesterday']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^intermestic: --at: /m);
  const db = join(tempDir(), 'smoke.db');
  const health = spawnCli(['health', '--at', '2019-06-01', '--json'], { db });
  assert.equal(health.status, 0, health.stderr);
  assert.match(health.stderr, /Loaded the bundled North American registry into /);
  assert.equal((JSON.parse(health.stdout) as { at: string }).at, '2019-06-01');
  const imported = spawnCli(['events', 'import', '--json', SAMPLES.gdelt2], { db, cwd: tempDir() });
  assert.equal(imported.status, 0, imported.stderr);
  assert.deepEqual((JSON.parse(imported.stdout) as { inserted: number; parsedBy: string }[]).map((r) => [r.inserted, r.parsedBy]), [[720, 'duckdb']]);
});

test('a reader that closes the pipe early ends the command quietly', () => {
  const db = join(tempDir(), 'pipe.db');
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${join(REPO, 'bin', 'intermestic.js')}" export --format json | head -c 1`], {
    env: { ...process.env, INTERMESTIC_DB: db }, encoding: 'utf8',
  });
  assert.equal(r.stdout, '{');
  assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
});
