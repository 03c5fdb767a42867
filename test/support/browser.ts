/** Debian's Chromium driven by playwright-core, and the real server started as a child process. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { tempDir } from './temp.ts';
import { REPO } from './paths.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TEST_OUTPUT = join(REPO, 'test-output');

/** Launches headless Chromium; fails loudly when it is not installed (never skips). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface ServerProcess {
  readonly url: string;
  readonly dbFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `intermestic serve --port 0` on a fresh embedded database and waits for its URL; with
 * `samples`, imports those event files into the database first (with the real command).
 */
export async function startServerProcess(env: Record<string, string> = {}, options: { samples?: readonly string[] } = {}): Promise<ServerProcess> {
  const dir = tempDir('intermestic-e2e-');
  const dbFile = join(dir, 'e2e.db');
  if (options.samples !== undefined && options.samples.length > 0) {
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'intermestic.js'), 'events', 'import', ...options.samples], {
      cwd: dir, env: { ...process.env, INTERMESTIC_DB: dbFile, ...env }, encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`importing the samples failed:\n${r.stderr}`);
  }
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin', 'intermestic.js'), 'serve', '--port', '0'], {
    cwd: REPO,
    env: { ...process.env, INTERMESTIC_DB: dbFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
    const onData = (b: Buffer): void => {
      output += b.toString();
      const m = /at (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dbFile,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
