/**
 * `intermestic events import` of a GDELT 2.0 mentions file, `events series --weighting mentions` and
 * `events export --format parquet` as a user runs them, on the real pair in test/fixtures/events.
 * Expected figures come from the raw files read here (tab splitting, FORMATS.md §3 column positions).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, type CliResult } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { SAMPLES } from '../support/paths.ts';

const rows = (file: string): string[][] => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split('\t'));

function ok(r: CliResult, what: string): CliResult {
  assert.equal(r.status, 0, `${what} failed: ${r.stderr}`);
  return r;
}

describe('events import / series / export with GDELT 2.0 mentions', () => {
  const dir = tempDir('intermestic-cli-mentions-');
  const db = join(dir, 'm.db');
  const mentions = rows(SAMPLES.gdelt2Mentions);
  const exported = rows(SAMPLES.gdelt2);
  before(async () => {
    await bundledRegistryFile(db);
    ok(await cli(['events', 'import', SAMPLES.gdelt2], { db, cwd: dir }), 'import export');
  });

  test('imports the mentions file, saying how many name stored events; a second run adds nothing', async () => {
    const ids = new Set(exported.map((r) => r[0]));
    const joined = mentions.filter((m) => ids.has(m[0])).length;
    const first = JSON.parse(ok(await cli(['events', 'import', '--json', SAMPLES.gdelt2Mentions], { db, cwd: dir }), 'import').stdout) as Record<string, unknown>[];
    assert.equal(first[0]!.format, 'gdelt2-mentions');
    assert.equal(first[0]!.inserted, mentions.length);
    assert.deepEqual(first[0]!.mentions, { ofStoredEvents: joined, ofEventsNotStored: mentions.length - joined, ofEarlierEvents: mentions.filter((m) => m[1]! < m[2]!).length });
    const again = ok(await cli(['events', 'import', SAMPLES.gdelt2Mentions], { db, cwd: dir }), 're-import').stdout;
    assert.match(again, new RegExp(`0 mentions imported, ${mentions.length} already stored, 0 rejected`));
    assert.match(again, new RegExp(`${joined} of the file's mentions name a stored event`));
  });

  test('a countries filter on a mentions file is refused, naming the file, and stores nothing', async () => {
    const other = join(dir, 'other.db');
    const r = await cli(['events', 'import', '--countries', 'USA,MEX', SAMPLES.gdelt2Mentions], { db: other, cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /mentions\.CSV.*names no actors, so a countries filter cannot apply/);
    const stats = JSON.parse(ok(await cli(['events', 'stats', '--json'], { db: other }), 'stats').stdout) as { imports: unknown[] };
    assert.deepEqual(stats.imports, []);
  });

  test('series --weighting mentions --min-confidence counts the stored mentions, and says so', async () => {
    const weight = new Map<string, number>();
    for (const m of mentions) if (Number(m[11]) >= 70) weight.set(m[0]!, (weight.get(m[0]!) ?? 0) + 1);
    // The file has no event between two of USA, MEX and CAN (test/fixtures/README.md): its busiest pair is USA–RUS.
    const usa = exported.filter((r) => r[1] === '20170101' && (r[7] === 'USA' || r[17] === 'USA') && (r[7] === 'RUS' || r[17] === 'RUS') && r[7] !== r[17]);
    assert.ok(usa.length > 0);
    const expected = usa.reduce((n, r) => n + (weight.get(r[0]!) ?? 0), 0);
    assert.ok(expected > 0 && expected < mentions.length);
    const res = JSON.parse(ok(await cli(['events', 'series', '--group', 'USA,RUS', '--by', 'day', '--from', '2017-01-01', '--weighting', 'mentions', '--min-confidence', '70', '--json'], { db }), 'series').stdout) as {
      weighting: unknown; points: { period: string; events: number; mentions: number }[];
    };
    assert.deepEqual(res.weighting, { mentions: 'mentions', minConfidence: 70 });
    assert.deepEqual(res.points.map((p) => [p.period, p.events, p.mentions]), [['2017-01-01', usa.length, expected]]);
    const text = ok(await cli(['events', 'series', '--group', 'USA,RUS', '--by', 'day', '--weighting', 'mentions'], { db }), 'series table').stdout;
    assert.match(text, /Mentions: stored GDELT 2\.0 mentions of each event, confidence ≥ 0%/);
    const refused = await cli(['events', 'series', '--group', 'USA,RUS', '--min-confidence', '70'], { db });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--min-confidence: minConfidence applies to weighting=mentions/);
  });

  test('export --format parquet writes the Hive layout; a non-empty folder needs --overwrite', async () => {
    const out = join(dir, 'parquet');
    const r = JSON.parse(ok(await cli(['events', 'export', '--format', 'parquet', '--out', out, '--json'], { db, cwd: dir }), 'export').stdout) as Record<string, unknown>;
    const years = new Map<string, number>();
    for (const e of exported) years.set(e[1]!.slice(0, 4), (years.get(e[1]!.slice(0, 4)) ?? 0) + 1);
    assert.deepEqual(r.partitions, [...years].sort().map(([y, n]) => ({ year: Number(y), dataset: 'gdelt2', events: n })));
    assert.equal(r.mentions, mentions.length);
    assert.equal(r.dir, 'parquet');
    const notEmpty = join(dir, 'mine');
    mkdirSync(notEmpty);
    writeFileSync(join(notEmpty, 'keep.txt'), 'x');
    const refused = await cli(['events', 'export', '--out', notEmpty], { db, cwd: dir });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not empty \(give --overwrite to replace it\)[\s\S]*nothing was written/);
    assert.equal(readFileSync(join(notEmpty, 'keep.txt'), 'utf8'), 'x');
    const kept = await cli(['events', 'export', '--out', notEmpty, '--overwrite'], { db, cwd: dir });
    assert.equal(kept.status, 1);
    assert.match(kept.stderr, /--overwrite replaces only an earlier export .* also holds keep\.txt/);
    assert.equal(readFileSync(join(notEmpty, 'keep.txt'), 'utf8'), 'x');
    ok(await cli(['events', 'export', '--out', out, '--overwrite'], { db, cwd: dir }), 'export --overwrite of the earlier export');
  });
});
