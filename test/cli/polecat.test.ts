/**
 * `intermestic events import` of POLECAT files and a mixed series as a user runs them, on the POLECAT
 * fixtures built from the documented layout (test/fixtures/README.md) and the real GDELT 2.0 sample.
 * Expected counts come from the raw rows here, not from the program.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { SAMPLES, fixture } from '../support/paths.ts';

const YEARLY = fixture('polecat', 'ngecEvents.DV.2018.txt');

/** USA–RUS rows of the yearly file with a known type, an existing day and a known Quad Code (or none). */
function usaRus2018(): number {
  const [head, ...rows] = readFileSync(YEARLY, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
  const col = (n: string) => head!.indexOf(n);
  return rows.filter((f) => {
    const pair = [f[col('Actor Country')], f[col('Recipient Country')]].sort().join('|');
    return pair === 'Russia|United States' && !['CONDEMN'].includes(f[col('Event Type')]!) && f[col('Event Date')] !== '2018-02-30' && f[col('Quad Code')] !== 'VERBAL HOSTILITY';
  }).length;
}

test('events import of a POLECAT file, then a series mixing it with GDELT that names both conventions', async () => {
  const dir = tempDir();
  const db = await bundledRegistryFile(join(dir, 'e.db'));
  const imp = await cli(['events', 'import', YEARLY, SAMPLES.gdelt2], { db, cwd: dir });
  assert.equal(imp.status, 0, imp.stderr);
  assert.match(imp.stdout, /ngecEvents\.DV\.2018\.txt \(polecat: content: POLECAT header.*\): 8 events imported, 0 already stored, 3 rejected/);
  assert.match(imp.stdout, /older PLOVER type names mapped to current ones: DEMAND ×1, CRIME ×1/);
  const rejects = readFileSync(join(dir, 'ngecEvents.DV.2018.txt.rejects.tsv'), 'utf8');
  assert.match(rejects, /ngecEvents\.DV\.2018\.txt\t9\tEvent Type\tunknown PLOVER event type "CONDEMN"/);

  const table = await cli(['events', 'series', '--dyad', 'USA-RUS', '--by', 'year'], { db });
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /Mixed conventions: gdelt2 \(9 events, CAMEO; quad file; score goldstein-gdelt\); polecat \(\d+ events, PLOVER; quad file; score plover-intensity\); polecat \(1 event, PLOVER; quad plover; score plover-intensity\)/);

  const json = await cli(['events', 'series', '--dyad', 'USA-RUS', '--by', 'year', '--datasets', 'polecat', '--json'], { db });
  const s = JSON.parse(json.stdout) as { points: { period: string; events: number }[]; conventions: { dataset: string; events: number }[] };
  assert.deepEqual(s.points.map((p) => [p.period, p.events]), [['2018-01-01', usaRus2018()]]);
  assert.equal(s.conventions.reduce((a, c) => a + c.events, 0), usaRus2018());

  const bad = await cli(['events', 'series', '--dyad', 'USA-RUS', '--plover', 'CONDEMN'], { db });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /plover/);
});
