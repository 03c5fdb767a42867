/**
 * A real PostgreSQL server for tests. `$TEST_DATABASE_URL` wins when set; otherwise the test process
 * starts a throwaway server from the machine's Debian PostgreSQL binaries, in a fresh temporary
 * directory, listening on 127.0.0.1 only, and stops it when the process exits.
 *
 * `npm test` (scripts/run-tests.mjs) starts one such server before the test files run and hands
 * its URL to all of them through `$TEST_DATABASE_URL`, so that its start is paid once, not in each
 * file; a test file run alone starts its own. Either way every suite works in a database of its
 * own (createTestDatabase), so files running in parallel never see each other's data. initdb with
 * --no-sync and a server without fsync make the start about a second.
 *
 * Never skips: when no server can be found or started, it throws and says what was tried.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const INSTALL_HINT = 'install the server with `apt-get install postgresql` (Debian/Ubuntu), or set TEST_DATABASE_URL to a PostgreSQL URL whose user may CREATE DATABASE';
const DIR_PREFIX = 'intermestic-pg-';

let server: Promise<string> | undefined;

/** URL of a PostgreSQL server for tests (maintenance database `postgres`); starts one if needed. */
export function getTestDatabaseUrl(): Promise<string> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv);
  server ??= startThrowawayServer();
  return server;
}

export interface TestDatabase {
  readonly url: string;
  /** The database's name on the server. */
  readonly name: string;
  /** Drops the database (connections to it must be closed first). */
  drop(): Promise<void>;
}

/**
 * A fresh database with a random name on the test server, so suites can run in parallel; a copy of
 * `template` (a database nobody is connected to) when given, else an empty one.
 */
export async function createTestDatabase(options: { template?: string } = {}): Promise<TestDatabase> {
  const adminUrl = await getTestDatabaseUrl();
  const name = `intermestic_test_${randomBytes(6).toString('hex')}`;
  const template = options.template === undefined ? '' : ` TEMPLATE ${pg.escapeIdentifier(options.template)}`;
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}${template}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot connect to the test PostgreSQL server at ${redact(url)}: ${(e as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Directory of initdb/pg_ctl: the newest /usr/lib/postgresql/<version>/bin, else `pg_config --bindir`. */
function findBinaries(): { bindir: string; tried: string[] } {
  const tried: string[] = [];
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const bindir = join(root, v, 'bin');
      tried.push(bindir);
      if (existsSync(join(bindir, 'initdb')) && existsSync(join(bindir, 'pg_ctl'))) return { bindir, tried };
    }
  } else {
    tried.push(`${root}/*/bin (no ${root})`);
  }
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  tried.push('pg_config --bindir on PATH');
  if (cfg.status === 0) {
    const bindir = cfg.stdout.trim();
    if (existsSync(join(bindir, 'initdb')) && existsSync(join(bindir, 'pg_ctl'))) return { bindir, tried };
  }
  throw new Error(`no PostgreSQL server binaries found for the store tests (tried: ${tried.join('; ')}); ${INSTALL_HINT}`);
}

/** uid/gid of a system user, read from /etc/passwd (no dependency on `id` output format). */
function systemUser(name: string): { uid: number; gid: number } | null {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined && f[3] !== undefined) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as `postgres` when we are root (the server refuses to run as root). */
function run(bindir: string, asUser: string | null, program: string, args: string[]): { status: number | null; output: string } {
  const cmd = asUser === null ? join(bindir, program) : 'runuser';
  const argv = asUser === null ? args : ['-u', asUser, '--', join(bindir, program), ...args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim();
  return { status: r.status, output };
}

/** Stops servers left behind by test processes that were killed before their exit hook ran. */
function reapStaleServers(bindir: string, asUser: string | null): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (isAlive(owner)) continue;
    run(bindir, asUser, 'pg_ctl', ['stop', '-D', join(dir, 'data'), '-m', 'immediate']);
    rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function startThrowawayServer(): Promise<string> {
  const { bindir } = findBinaries();
  const isRoot = process.getuid?.() === 0;
  let asUser: string | null = null;
  let owner: { uid: number; gid: number } | null = null;
  if (isRoot) {
    owner = systemUser('postgres');
    if (owner === null) {
      throw new Error(`tests run as root and PostgreSQL refuses to run as root, but there is no "postgres" user to run it as; ${INSTALL_HINT}`);
    }
    asUser = 'postgres';
  }
  reapStaleServers(bindir, asUser);

  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  if (owner !== null) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');

  const init = run(bindir, asUser, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${join(bindir, 'initdb')}${asUser ? ` as ${asUser}` : ''}): ${init.output}; ${INSTALL_HINT}`);
  }

  const stop = (): void => {
    run(bindir, asUser, 'pg_ctl', ['stop', '-D', data, '-m', 'immediate']);
    rmSync(dir, { recursive: true, force: true });
  };

  // Two processes may draw the same free port between probe and bind: retry with another one.
  let lastOutput = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const opts = [
      `-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", '-c fsync=off', '-c synchronous_commit=off',
      '-c full_page_writes=off', '-c max_connections=100', '-c shared_buffers=64MB', '-c max_wal_size=1GB',
    ].join(' ');
    const start = run(bindir, asUser, 'pg_ctl', ['start', '-w', '-t', '30', '-D', data, '-l', join(dir, 'server.log'), '-o', opts]);
    if (start.status === 0) {
      process.once('exit', stop);
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        process.once(sig, () => {
          stop();
          process.exit(128 + constants.signals[sig]);
        });
      }
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    }
    let log = '';
    try {
      log = readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000);
    } catch {
      // no log written: pg_ctl's own output says why
    }
    lastOutput = `${start.output}\n${log}`.trim();
  }
  stop();
  throw new Error(`could not start a throwaway PostgreSQL server (${join(bindir, 'pg_ctl')}${asUser ? ` as ${asUser}` : ''}, data dir ${data}): ${lastOutput}; ${INSTALL_HINT}`);
}

