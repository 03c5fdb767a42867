/**
 * Where the installed package lives, found by walking up from this module to Intermestic's own
 * package.json — so the path holds whether the code runs from src/ (tsx) or from the bundle in dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'intermestic') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Intermestic's package.json above ${start}`);
    dir = parent;
  }
}

/** The package root: bundled data (data/), scripts and the bundle (dist/) are found from here. */
export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
