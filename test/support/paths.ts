/** Where tests find the repository and the shared real-data folder (a sibling of the repository). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** ../shared beside the repository, or $INTERMESTIC_SHARED. */
export const SHARED = process.env.INTERMESTIC_SHARED ?? resolve(REPO, '..', 'shared');

export function sharedFile(...parts: string[]): string {
  const p = join(SHARED, ...parts);
  if (!existsSync(p)) {
    throw new Error(`real test data missing: ${p} (tests read ../shared/data beside the repository; set INTERMESTIC_SHARED to its path)`);
  }
  return p;
}
