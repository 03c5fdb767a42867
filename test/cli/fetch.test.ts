/**
 * `intermestic events fetch` against a GDELT-shaped mirror on a local port, built here from the real
 * GDELT 2.0 sample (test/fixtures/events): its masterfilelist.txt lists, for 2017-01-01, the real
 * export and variants of it with distinct ids, one with a wrong MD5, one truncated zip (listed with
 * its own size and MD5, as a broken file GDELT published would be), one missing (404), the mentions
 * and GKG files of the slot, exports of the days before and after, and a line that is not a list
 * line. The server resets the first request of one file and answers 503 to the first request of
 * the list: the retries absorb both. Expected counts come from the raw sample (tab splitting,
 * GDELT column positions from FORMATS.md), never from the program.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir, type CliResult } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { REPO, SAMPLES } from '../support/paths.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { listLine, serveMirror, type Mirror } from '../support/mirror.ts';
import { writeZip } from '../ingest/support.ts';
import { FetchReport } from '../../src/app/contracts.ts';

const NA = new Set(['USA', 'MEX', 'CAN']);
const real = readFileSync(SAMPLES.gdelt2, 'utf8');
const rows = real.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
/** GLOBALEVENTID (column 1), Actor1CountryCode (8), Actor2CountryCode (18). */
const distinct = new Set(rows.map((f) => f[0])).size;
const northAmerican = new Set(rows.filter((f) => NA.has(f[7]!) || NA.has(f[17]!)).map((f) => f[0])).size;
const mexican = new Set(rows.filter((f) => f[7] === 'MEX' || f[17] === 'MEX').map((f) => f[0])).size;

/** The sample with every id prefixed (distinct events of another slot). */
function variant(prefix: string): string {
  return real.split('\n').map((l) => (l === '' ? l : `${prefix}${l}`)).join('\n');
}

const dir = tempDir('intermestic-fetch-');
const zipOf = (entry: string, text: string): Buffer => {
  const p = join(dir, `${entry}.zip`);
  writeZip(p, [{ name: entry, data: Buffer.from(text, 'utf8') }]);
  return readFileSync(p);
};

const V2 = '/gdeltv2/';
const A = '20170101073000.export.CSV.zip';
const B = '20170101074500.export.CSV.zip';
const WRONG_MD5 = '20170101080000.export.CSV.zip';
const TRUNCATED = '20170101081500.export.CSV.zip';
const MISSING = '20170101083000.export.CSV.zip';
const BEFORE = '20161231234500.export.CSV.zip';
const NEXT_DAY = '20170102000000.export.CSV.zip';
const MENTIONS = '20170101073000.mentions.CSV.zip';
const GKG = '20170101073000.gkg.csv.zip';

let mirror: Mirror;
before(async () => {
  const a = zipOf(A.replace('.zip', ''), real);
  const b = zipOf(B.replace('.zip', ''), variant('9'));
  const wrong = zipOf(WRONG_MD5.replace('.zip', ''), variant('8'));
  const whole = zipOf(TRUNCATED.replace('.zip', ''), variant('7'));
  const truncated = whole.subarray(0, Math.floor(whole.length / 2));
  const missing = zipOf(MISSING.replace('.zip', ''), variant('6'));
  const before = zipOf(BEFORE.replace('.zip', ''), variant('5'));
  const nextDay = zipOf(NEXT_DAY.replace('.zip', ''), variant('4'));
  const mentions = zipOf(MENTIONS.replace('.zip', ''), readFileSync(SAMPLES.gdelt2Mentions, 'utf8'));
  const gkg = Buffer.from('not read');
  // GDELT's own URLs, as its list has them: the fetch reads the files from the base URL it is given.
  const gdelt = (name: string): string => `http://data.gdeltproject.org/gdeltv2/${name}`;
  const list = [
    listLine(gdelt(BEFORE), before),
    listLine(gdelt(A), a), listLine(gdelt(MENTIONS), mentions), listLine(gdelt(GKG), gkg),
    listLine(gdelt(B), b),
    listLine(gdelt(WRONG_MD5), wrong, { md5: '0123456789abcdef0123456789abcdef' }),
    listLine(gdelt(TRUNCATED), truncated),
    'this line is not "size md5 url"',
    listLine(gdelt(MISSING), missing),
    listLine(gdelt(NEXT_DAY), nextDay),
    '',
  ].join('\n');
  mirror = await serveMirror(new Map([
    [`${V2}masterfilelist.txt`, Buffer.from(list)],
    ...[[A, a], [B, b], [WRONG_MD5, wrong], [TRUNCATED, truncated], [BEFORE, before], [NEXT_DAY, nextDay], [MENTIONS, mentions], [GKG, gkg]]
      .map(([name, body]) => [`${V2}${name as string}`, body as Buffer] as const),
  ]));
});
after(async () => {
  await mirror.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Report {
  inRange: number; alreadyImported: number; downloaded: number; fromCache: number; imported: number; inserted: number; duplicates: number;
  rejectedRows: number; outsideCountries: number; retries: number; countries: string[] | null;
  refused: { file: string; stage: string; reason: string }[];
  skipped: { mentions: number; gkg: number; outsideRange: number; other: number };
  malformedListLines: { count: number };
}

/** The --json output, checked against its public contract. */
const report = (r: CliResult): Report => FetchReport.parse(JSON.parse(r.stdout)) as Report;
const requests = (name: string): number => mirror.requests.get(`${V2}${name}`) ?? 0;

function fetchArgs(cache: string, ...more: string[]): string[] {
  return ['events', 'fetch', '--from', '2017-01-01', '--to', '2017-01-01', '--base-url', `${mirror.url}gdeltv2`, '--cache', cache, '--backoff-ms', '5', '--jobs', '2', ...more];
}

async function storedTotal(target: string[]): Promise<number> {
  const r = await cli([...target, 'events', 'stats', '--json']);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { total: number }).total;
}

/** The refusals every run over 2017-01-01 reports: a wrong MD5, a truncated zip, a missing file. */
function assertRefusals(r: Report, stderr: string): void {
  assert.deepEqual(r.refused.map((x) => [x.file, x.stage]), [[WRONG_MD5, 'verify'], [TRUNCATED, 'import'], [MISSING, 'download']]);
  assert.match(r.refused[0]!.reason, /MD5 [0-9a-f]{32} where the list gives 0123456789abcdef0123456789abcdef/);
  assert.match(r.refused[1]!.reason, new RegExp(`${TRUNCATED.replaceAll('.', '\\.')}.*nothing of this file was imported`));
  assert.match(r.refused[2]!.reason, /HTTP 404/);
  assert.match(stderr, new RegExp(`3 files were refused: ${WRONG_MD5}, ${TRUNCATED}, ${MISSING}`));
}

describe('events fetch on the embedded store', () => {
  const db = join(dir, 'fetch.db');
  before(() => bundledRegistryFile(db));
  const cache = join(dir, 'cache-duckdb');

  test('lists, retries, verifies and imports the day; refuses the broken files by name; exits 1', async () => {
    mirror.fault(`${V2}masterfilelist.txt`, 'unavailable');
    mirror.fault(`${V2}${B}`, 'reset');
    const r = await cli(fetchArgs(cache, '--json'), { db });
    assert.equal(r.status, 1, r.stderr);
    const rep = report(r);
    assert.equal(rep.inRange, 5);
    assert.equal(rep.imported, 2);
    assert.equal(rep.inserted, 2 * distinct);
    assert.equal(rep.rejectedRows, 0);
    assert.equal(rep.retries, 2, 'the 503 of the list and the reset of B, each absorbed by one retry');
    assert.deepEqual(rep.skipped, { mentions: 1, gkg: 1, outsideRange: 2, other: 0 });
    assert.equal(rep.malformedListLines.count, 1);
    assertRefusals(rep, r.stderr);
    for (const name of [MENTIONS, GKG, BEFORE, NEXT_DAY]) assert.equal(requests(name), 0, `${name} is never downloaded`);
    assert.equal(requests(B), 2);
    assert.equal(await storedTotal(['--db', db]), 2 * distinct);
    // Nothing of a refused file is left in the cache, nor of the imported ones (not kept by default).
    assert.deepEqual(readdirSync(cache).filter((f) => f !== 'rejects'), []);
  });

  test('a second run downloads nothing it imported and says what is still refused', async () => {
    const before = [requests(A), requests(B)];
    const r = await cli(fetchArgs(cache), { db });
    assert.equal(r.status, 1);
    // Only the truncated zip is downloaded again (it was refused, so nothing of it is imported or kept).
    assert.match(r.stdout, /already imported: 2; downloaded: 1 \(0\.\d MB\)/);
    assert.match(r.stdout, /imported 0 files: 0 events new/);
    assert.deepEqual([requests(A), requests(B)], before);
    assert.equal(await storedTotal(['--db', db]), 2 * distinct);
  });

  test('a clean day: imported once, then "nothing new to fetch" and exit 0', async () => {
    const args = ['events', 'fetch', '--from', '2017-01-02', '--to', '2017-01-02', '--base-url', `${mirror.url}gdeltv2/`, '--cache', cache];
    const first = await cli(args, { db });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`imported 1 file: ${distinct} events new`));
    const second = await cli(args, { db });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /nothing new to fetch: all 1 are imported already/);
    assert.equal(requests(NEXT_DAY), 1);
  });

  test('bad parameters exit 2 naming the flag', async () => {
    for (const [args, message] of [
      [['--from', '2017-01-02', '--to', '2017-01-01'], /--from: from is after to/],
      [['--from', '2017-01-01', '--to', '2017-01-01', '--countries', 'US'], /--countries: expected ISO 3166-1 alpha-3/],
      [['--from', '2017-02-30', '--to', '2017-03-01'], /--from:/],
      [['--from', '2017-01-01', '--to', '2017-01-01', '--base-url', 'ftp://example.org/'], /--base-url: expected an http/],
      [['--from', '2017-01-01', '--to', '2017-01-01', '--jobs', '0'], /--jobs:/],
    ] as const) {
      const r = await cli(['events', 'fetch', ...args], { db });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  });
});

describe('events fetch on PostgreSQL, with and without --countries', () => {
  let pg: TestDatabase;
  before(async () => { pg = await createTestDatabase(); });
  after(async () => { await pg.drop(); });
  const cache = join(dir, 'cache-postgres');

  test('--countries USA,MEX,CAN keeps the North American events; a run without it adds the rest; a narrower filter is covered', async () => {
    const target = ['--database-url', pg.url];
    const na = await cli([...target, ...fetchArgs(cache, '--countries', 'usa,mex,CAN', '--json')]);
    assert.equal(na.status, 1, na.stderr);
    const first = report(na);
    assert.deepEqual(first.countries, ['CAN', 'MEX', 'USA']);
    assert.equal(first.inserted, 2 * northAmerican);
    assert.equal(first.outsideCountries, 2 * (distinct - northAmerican));
    assertRefusals(first, na.stderr);
    assert.equal(await storedTotal(target), 2 * northAmerican);

    const narrower = report(await cli([...target, ...fetchArgs(cache, '--countries', 'MEX', '--json')]));
    assert.equal(narrower.alreadyImported, 2, 'events with a MEX actor were kept by the USA,MEX,CAN import');
    assert.equal(narrower.inserted, 0);
    assert.ok(mexican > 0 && mexican <= northAmerican);

    const all = report(await cli([...target, ...fetchArgs(cache, '--json')]));
    assert.equal(all.alreadyImported, 0, 'a filtered import does not cover a request for every event');
    assert.equal(all.inserted, 2 * (distinct - northAmerican));
    assert.equal(all.duplicates, 2 * northAmerican);
    assert.equal(await storedTotal(target), 2 * distinct);
  });

  test('events import --countries on the DuckDB path of a plain file, on both stores', async () => {
    for (const target of [['--database-url', pg.url], ['--db', join(dir, 'import-countries.db')]]) {
      const before = await storedTotal(target);
      const plain = join(dir, 'plain', '20170101073000.export.CSV');
      rmSync(join(dir, 'plain'), { recursive: true, force: true });
      mkdirSync(join(dir, 'plain'));
      // The PostgreSQL store holds this sample's events already: there, the ids are prefixed (new events).
      if (before > 0) writeFileSync(plain, variant('3'));
      else copyFileSync(SAMPLES.gdelt2, plain);
      const r = await cli([...target, 'events', 'import', '--countries', 'USA,MEX,CAN', '--json', '--rejects', join(dir, 'plain.rejects.tsv'), plain]);
      assert.equal(r.status, 0, r.stderr);
      const [one] = JSON.parse(r.stdout) as { inserted: number; parsedBy: string; outsideCountries: number }[];
      assert.equal(one!.parsedBy, 'duckdb');
      assert.equal(one!.inserted, northAmerican);
      assert.equal(one!.outsideCountries, 720 - northAmerican);
      assert.equal(await storedTotal(target), before + northAmerican);
      const stats = JSON.parse((await cli([...target, 'events', 'stats', '--json'])).stdout) as { imports: { file: string }[] };
      assert.ok(stats.imports.some((i) => i.file.endsWith('20170101073000.export.CSV#countries=CAN,MEX,USA')), 'the log says the import was filtered');
    }
  });
});

describe('events fetch killed mid-run', () => {
  test('kill -9 while B downloads: the next run resumes B where it stopped, imports what is missing and downloads nothing twice', async () => {
    const db = join(dir, 'killed.db');
    const cache = join(dir, 'cache-killed');
    const base = { a: requests(A), b: requests(B) };
    mirror.fault(`${V2}${B}`, 'hang');
    const child = spawn(process.execPath, [join(REPO, 'bin', 'intermestic.js'), '--db', db, ...fetchArgs(cache, '--jobs', '1')], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INTERMESTIC_DATABASE_URL: '' },
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    // Killed once B's first half is on disk in its .part file (polled, not a fixed delay: a loaded
    // machine may take longer than any delay to write it).
    mirror.onRequest((path) => {
      if (path !== `${V2}${B}`) return;
      const poll = setInterval(() => {
        const part = existsSync(cache) ? readdirSync(cache).find((f) => f.endsWith('.part')) : undefined;
        if (part !== undefined && statSync(join(cache, part)).size > 0) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 20);
      child.on('exit', () => clearInterval(poll));
    });
    const how = await exited;
    mirror.onRequest(null);
    assert.equal(how, 'SIGKILL', `the run was killed (it ended by itself: ${stderr})`);
    assert.ok(readdirSync(cache).some((f) => f.endsWith('.part')), 'the killed download left its .part file');

    const r = await cli(fetchArgs(cache, '--json'), { db });
    assert.equal(r.status, 1, r.stderr);
    const rep = report(r);
    assertRefusals(rep, r.stderr);
    assert.equal(rep.alreadyImported + rep.fromCache + rep.downloaded, 3, 'A, B and the truncated zip each counted once');
    assert.equal(requests(A) - base.a, 1, 'A was downloaded once over both runs');
    assert.equal(requests(B) - base.b, 2, 'B: the killed download and the resumed one');
    const resumed = mirror.ranges.filter((r) => r.startsWith(`${V2}${B} `));
    assert.equal(resumed.length, 1, 'B was resumed with a range request');
    assert.match(resumed[0]!, /bytes=[1-9]\d*-$/);
    assert.equal(await storedTotal(['--db', db]), 2 * distinct);
    assert.ok(!readdirSync(cache).some((f) => f.endsWith('.part')), 'the killed download\'s .part file was resumed, then renamed');
    assert.ok(existsSync(db));
  });
});
