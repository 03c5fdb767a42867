/** Runs the real `intermestic` command in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './paths.ts';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `intermestic ...args`; `db` is the embedded database file (INTERMESTIC_DB). */
export function cli(args: readonly string[], options: { db?: string; env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  delete env.INTERMESTIC_DATABASE_URL;
  if (options.db) env.INTERMESTIC_DB = options.db;
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'intermestic.js'), ...args], {
    cwd: options.cwd ?? REPO,
    env,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'intermestic-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
