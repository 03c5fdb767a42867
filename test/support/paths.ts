/** Where tests find the repository and the real files kept in it (test/fixtures, data/cameo). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/repo.ts';

/** The repository (found from its package.json, so it holds from the sources and from a test bundle). */
export const REPO = REPO_ROOT;
export const FIXTURES = join(REPO, 'test', 'fixtures');

/** A real file kept in test/fixtures (provenance in test/fixtures/README.md). */
export function fixture(...parts: string[]): string {
  const p = join(FIXTURES, ...parts);
  if (!existsSync(p)) throw new Error(`test fixture missing: ${p} (see test/fixtures/README.md)`);
  return p;
}

/** A CAMEO/GDELT lookup table: the run-time copy in data/cameo, or a test-only copy in test/fixtures/cameo. */
export function cameoTable(name: string): string {
  const testOnly = join(FIXTURES, 'cameo', name);
  return existsSync(testOnly) ? testOnly : join(REPO, 'data', 'cameo', name);
}

/** The real event files. */
export const SAMPLES = {
  gdelt1: fixture('events', 'gdelt1-events-added-2016-07-28-sample.tsv'),
  gdelt2: fixture('events', 'gdelt2-20170101073000.export.CSV'),
  gdelt2Mentions: fixture('events', 'gdelt2-20170101073000.mentions.CSV'),
  icews: fixture('events', 'icews-events-2018-06-01-sample.tab'),
} as const;
