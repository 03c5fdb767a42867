/** Temporary folders for the tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/**
 * A fresh temporary folder, removed when the process exits; kept when it exits failing, for a look
 * at what the failing test left (the failure names its files).
 */
export function tempDir(prefix = 'intermestic-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.push(dir) === 1) {
    process.on('exit', (code) => {
      if (code === 0) for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}
