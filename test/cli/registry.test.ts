import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../support/cli.ts';
import { bundledRegistryFile } from '../support/stores.ts';
import { REPO } from '../support/paths.ts';

const BUNDLED = join(REPO, 'data', 'north-america');

/** A copy of the bundled dataset in a temp folder, to break on purpose. */
function datasetCopy(): string {
  const dir = join(tempDir(), 'dataset');
  cpSync(BUNDLED, dir, { recursive: true });
  return dir;
}

/** 1-based line of the first occurrence of `needle` in a file. */
function lineOf(file: string, needle: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return i + 1;
}

describe('intermestic validate', () => {
  test('the bundled dataset is valid', async () => {
    const r = await cli(['validate']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /bundled registry: valid \(\d+ parties/);
  });

  test('an impossible date names file, line, record and field', async () => {
    const dir = datasetCopy();
    const file = join(dir, 'meetings', 'nals.yaml');
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes("date: '2021-11-18'"), 'fixture expects the 2021 NALS');
    writeFileSync(file, text.replace("date: '2021-11-18'", "date: '2021-11-31'"));
    const r = await cli(['validate', dir]);
    assert.equal(r.status, 1);
    const line = lineOf(file, "date: '2021-11-31'");
    assert.match(r.stderr, new RegExp(`meetings/nals\\.yaml:${line}: meetings "nals-2021-11-18" field date: expected YYYY-MM-DD`));
  });

  test('a reference to a missing source and a duplicate id are both reported', async () => {
    const dir = datasetCopy();
    const file = join(dir, 'mechanisms.yaml');
    let text = readFileSync(file, 'utf8');
    const firstSource = /sources: \[([a-z0-9-]+)/.exec(text);
    assert.ok(firstSource?.[1], 'mechanisms.yaml lists sources in flow style');
    text = text.replace(`sources: [${firstSource[1]}`, 'sources: [no-such-source');
    writeFileSync(file, text);
    const parties = join(dir, 'parties.yaml');
    writeFileSync(parties, readFileSync(parties, 'utf8').replace(/id: MEX/, 'id: USA'));
    const r = await cli(['validate', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /problems in the registry/);
    assert.match(r.stderr, new RegExp(`mechanisms\\.yaml:${lineOf(file, 'no-such-source')}: mechanisms "[a-z0-9-]+" field sources\\[0\\]: unknown source "no-such-source"`));
    assert.match(r.stderr, /parties\.yaml:\d+: parties "USA" field id: duplicate id "USA"/);
  });

  test('malformed YAML names the file and line', async () => {
    const dir = datasetCopy();
    writeFileSync(join(dir, 'parties.yaml'), '- id: USA\n  names: [unclosed\n');
    const r = await cli(['validate', dir]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /parties\.yaml:\d+: not valid YAML\/JSON/);
  });
});

describe('intermestic health, mechanisms and calendar', () => {
  const db = join(tempDir(), 'cli.db');
  before(() => bundledRegistryFile(db));

  test('health --json keeps its public shape and shows the NALS lapse', async () => {
    const r = await cli(['health', '--at', '2019-06-01', '--json'], { db });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { at: string; mechanisms: { id: string; name: string; status: string; lastMeeting: string | null; nextExpected: string | null; gaps: { from: string; to: string; days: number }[] }[]; summary: object };
    assert.equal(report.at, '2019-06-01');
    const nals = report.mechanisms.find((m) => m.id === 'nals');
    assert.ok(nals);
    assert.deepEqual(Object.keys(nals).slice(0, 6), ['id', 'name', 'status', 'lastMeeting', 'nextExpected', 'gaps']);
    assert.equal(nals.status, 'lapsed');
    assert.equal(nals.lastMeeting, '2016-06-29');
    assert.ok(nals.gaps.some((g) => g.from.startsWith('2009-08') && g.to === '2012-04-02'), JSON.stringify(nals.gaps));
    assert.equal(typeof report.summary, 'object');
  });

  test('health without --json prints a table', async () => {
    const r = await cli(['health', '--at', '2022-06-01'], { db });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /North American Leaders' Summit\s+on-schedule\s+2021-11-18/);
  });

  test('mechanisms --json lists every mechanism with its sources', async () => {
    const r = await cli(['mechanisms', '--json'], { db });
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { id: string; sources: string[] }[];
    for (const id of ['nals', 'hled', 'hlsd', 'merida', 'spp']) assert.ok(list.some((m) => m.id === id), id);
    assert.ok(list.every((m) => m.sources.length > 0));
  });

  test('calendar --json finds the coinciding US and Mexican election years', async () => {
    const r = await cli(['calendar', '--parties', 'USA,MEX', '--from', '2000', '--to', '2040', '--json'], { db });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { coincidences: number[] }).coincidences, [2000, 2012, 2024, 2036]);
  });

  test('bad flags exit 2 with a message naming the flag value', async () => {
    const r = await cli(['health', '--at', '2019-02-30'], { db });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--at: expected a calendar day as YYYY-MM-DD/);
    const c = await cli(['calendar', '--parties', 'USA,XX'], { db });
    assert.equal(c.status, 2);
    assert.match(c.stderr, /ISO 3166-1 alpha-3/);
  });

  test('every command has --help', async () => {
    for (const args of [[], ['serve'], ['load'], ['validate'], ['health'], ['mechanisms'], ['calendar'], ['export'], ['import'], ['events'], ['events', 'import'], ['events', 'series'], ['events', 'top-dyads'], ['events', 'stats']]) {
      const r = await cli([...args, '--help']);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /Usage: intermestic/);
    }
  });
});

describe('export and import', () => {
  test('JSON round trip is lossless, and every record cites sources', async () => {
    const dir = tempDir();
    const first = await cli(['export', '--format', 'json'], { db: await bundledRegistryFile(join(dir, 'a.db')) });
    assert.equal(first.status, 0, first.stderr);
    const exported = JSON.parse(first.stdout) as Record<string, { sources?: string[] }[]>;
    assert.deepEqual(Object.keys(exported), ['parties', 'agencies', 'terms', 'elections', 'electoralCycles', 'issueAreas', 'mechanisms', 'meetings', 'commitments', 'assessments', 'recommendations', 'developments', 'sources']);
    for (const [collection, records] of Object.entries(exported)) {
      if (collection === 'sources') continue;
      for (const r of records) assert.ok(Array.isArray(r.sources) && r.sources.length > 0, `${collection} record without sources`);
    }
    writeFileSync(join(dir, 'export.json'), first.stdout);
    const imp = await cli(['import', join(dir, 'export.json')], { db: join(dir, 'b.db') });
    assert.equal(imp.status, 0, imp.stderr);
    const second = await cli(['export', '--format', 'json'], { db: join(dir, 'b.db') });
    assert.equal(second.stdout, first.stdout);
  });

  test('CSV round trip is lossless', async () => {
    const dir = tempDir();
    const json = (await cli(['export', '--format', 'json'], { db: await bundledRegistryFile(join(dir, 'a.db')) })).stdout;
    const csv = await cli(['export', '--format', 'csv', '--out', join(dir, 'csv')], { db: join(dir, 'a.db') });
    assert.equal(csv.status, 0, csv.stderr);
    assert.ok(readdirSync(join(dir, 'csv')).includes('mechanisms.csv'));
    const imp = await cli(['import', join(dir, 'csv')], { db: join(dir, 'b.db') });
    assert.equal(imp.status, 0, imp.stderr);
    assert.equal((await cli(['export', '--format', 'json'], { db: join(dir, 'b.db') })).stdout, json);
  });

  test('a broken import fails with file, record and field, and leaves the store as it was', async () => {
    const dir = tempDir();
    const db = await bundledRegistryFile(join(dir, 'a.db'));
    const before = (await cli(['export', '--format', 'json'], { db })).stdout;
    const doc = JSON.parse(before) as { meetings: { id: string; date: string }[] };
    const victim = doc.meetings[doc.meetings.length - 1]!;
    victim.date = 'last spring';
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(doc, null, 2));
    const r = await cli(['import', join(dir, 'broken.json')], { db });
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`broken\\.json:\\d+: meetings "${victim.id}" field date: expected YYYY-MM-DD, YYYY-MM or YYYY`));
    assert.equal((await cli(['export', '--format', 'json'], { db })).stdout, before);
  });
});

describe('a broken CSV import', () => {
  test('names the file, line and column, exits non-zero and changes nothing', async () => {
    const dir = tempDir();
    const db = await bundledRegistryFile(join(dir, 'a.db'));
    const csvDir = join(dir, 'csv');
    assert.equal((await cli(['export', '--format', 'csv', '--out', csvDir], { db })).status, 0);
    const before = (await cli(['export', '--format', 'json'], { db })).stdout;
    const file = join(csvDir, 'mechanisms.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const col = header.indexOf('parties');
    assert.ok(col > 0);
    // Row 2 of the file: its parties cell (a JSON list) made unreadable.
    const m = /\[""[A-Z]{3}"",""[A-Z]{3}""(,""[A-Z]{3}"")*\]/.exec(lines[1]!);
    assert.ok(m, lines[1]);
    lines[1] = lines[1]!.replace(m[0], '[USA MEX');
    writeFileSync(file, lines.join('\n'));
    const r = await cli(['import', csvDir], { db });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /mechanisms\.csv:2: mechanisms field parties: expected a JSON value/);
    assert.equal((await cli(['export', '--format', 'json'], { db })).stdout, before);
  });
});

describe('the embedded file lock', () => {
  test('a second process is told which process holds the database', async () => {
    const db = join(tempDir(), 'locked.db');
    assert.equal((await cli(['load'], { db })).status, 0);
    const server = spawn(process.execPath, [join(REPO, 'bin', 'intermestic.js'), 'serve', '--port', '0'], { env: { ...process.env, INTERMESTIC_DB: db }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (b: Buffer) => { out += b.toString(); if (out.includes('http://')) resolve(); });
        server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      // (health answers from the registry snapshot: an event command needs the file itself)
      const r = await cli(['events', 'stats'], { db });
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`in use by another process \\(PID ${server.pid}`));
    } finally {
      server.kill('SIGTERM');
    }
  });
});
