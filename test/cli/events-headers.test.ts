/**
 * `intermestic events import` of a header-row GDELT export (derived from the real 2.0 sample): the
 * summary names the header row and the columns it ignored; --json carries them; a second import adds nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { SAMPLES } from '../support/paths.ts';
import { bigQuery, writeHeaderVariant } from '../ingest/header-variants.ts';
import { ImportReport } from '../../src/app/contracts.ts';

test('events import of a BigQuery-style CSV: header row detected, ignored column reported, re-import adds nothing', async () => {
  const dir = tempDir();
  const db = await bundledRegistryFile(join(dir, 'events.db'));
  const file = writeHeaderVariant(join(dir, 'bq-results.csv'), SAMPLES.gdelt2, 'gdelt2', bigQuery('gdelt2'));
  const r = await cli(['events', 'import', file], { db, cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\(gdelt2: content: GDELT header row \(comma-separated, version from ADM2Code columns/);
  assert.match(r.stdout, /: 720 events imported, 0 already stored, 0 rejected in /);
  assert.match(r.stdout, /^ {2}columns ignored \(the format does not name them\): CAMEOCodeDescription$/m);
  const again = await cli(['events', 'import', '--json', file], { db, cwd: dir });
  assert.equal(again.status, 0, again.stderr);
  const report = ImportReport.array().parse(JSON.parse(again.stdout));
  assert.equal(report[0]?.inserted, 0);
  assert.equal(report[0]?.duplicates, 720);
  assert.deepEqual(report[0]?.ignoredColumns, ['CAMEOCodeDescription']);
});
