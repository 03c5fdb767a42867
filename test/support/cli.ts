/**
 * Running `intermestic` in tests. `cli` runs the command in this process (the program the bundle
 * runs, built from the sources), capturing what it prints: fast, and what most tests need.
 * `spawnCli` runs the real command in a child process, as a user would — for the few smoke tests
 * of the installed entry point (bin/intermestic.js, the bundle, exit codes, signals).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../../src/cli/main.ts';
import { REPO } from './paths.ts';

export { tempDir } from './temp.ts';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** The embedded database file (as --db). */
  readonly db?: string;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** Runs `intermestic ...args` in this process. */
export async function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  const cwd = process.cwd();
  delete process.env.INTERMESTIC_DATABASE_URL;
  delete process.env.INTERMESTIC_DB;
  Object.assign(process.env, options.env ?? {});
  if (options.cwd) process.chdir(options.cwd);
  try {
    const status = await run(['node', 'intermestic', ...(options.db ? ['--db', options.db] : []), ...args], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(cwd);
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Runs the real `intermestic ...args` in a child process; `db` is the embedded database file (INTERMESTIC_DB). */
export function spawnCli(args: readonly string[], options: CliOptions = {}): CliResult {
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

