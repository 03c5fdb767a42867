// The fetch use case's retries on a fake sleep (the delays it asks for, and when it gives up), and
// GDELT 1.0's lists (md5sums, filesizes) read by the HTTP adapter — against a local server, on a
// real embedded store, with the real GDELT 1.0 sample zipped as a daily file.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchEvents, type FetchRequest } from '../../src/app/fetch.ts';
import { eventFiles } from '../../src/ingest/events/pipeline.ts';
import { gdeltMirror } from '../../src/ingest/events/fetch/gdelt-mirror.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/cli.ts';
import { SAMPLES } from '../support/paths.ts';
import { md5, serveMirror, type Mirror } from '../support/mirror.ts';
import { writeZip } from '../ingest/support.ts';

const dir = tempDir('intermestic-fetch-app-');
const DAY = '20160728.export.CSV.zip';
const OTHER_DAY = '20160729.export.CSV.zip';
let mirror: Mirror;
let store: Store;
let day: Buffer;

before(async () => {
  writeZip(join(dir, DAY), [{ name: DAY.replace('.zip', ''), data: readFileSync(SAMPLES.gdelt1) }]);
  day = readFileSync(join(dir, DAY));
  // md5sums as md5sum writes it (two spaces), filesizes as `size name`; a historical file that is not a daily export.
  const md5sums = [`${md5(day)}  ${DAY}`, `${md5(day)}  ${OTHER_DAY}`, `0123456789abcdef0123456789abcdef  1979.zip`, ''].join('\n');
  const filesizes = [`${day.length} ${DAY}`, `${day.length} ${OTHER_DAY}`, `12345 1979.zip`, ''].join('\n');
  mirror = await serveMirror(new Map([
    ['/events/md5sums', Buffer.from(md5sums)], ['/events/filesizes', Buffer.from(filesizes)], [`/events/${DAY}`, day],
  ]));
  store = await openStore({ path: join(dir, 'store.db'), env: {} });
});
after(async () => {
  await store.close();
  await mirror.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(over: Partial<FetchRequest>): FetchRequest {
  return {
    release: 'v1', baseUrl: `${mirror.url}events/`, from: '2016-07-28', to: '2016-07-29', jobs: 2, retries: 3, backoffMs: 100, timeoutMs: 5000,
    cacheDir: join(dir, 'cache'), rejectsPath: (name) => join(dir, `${name}.rejects.tsv`), ...over,
  };
}

describe('fetch retries', () => {
  it('backs off 100, 200, 400 ms on 503s, gives up after the retries, and never retries a 404', async () => {
    mirror.fault(`/events/${DAY}`, 'unavailable', 'unavailable', 'unavailable', 'unavailable');
    const waits: number[] = [];
    const services = { events: store, eventFiles, eventMirror: gdeltMirror };
    const r = await fetchEvents(services, request({}), { sleep: async (ms) => { waits.push(ms); } });
    assert.deepEqual(waits, [100, 200, 400]);
    assert.equal(mirror.requests.get(`/events/${DAY}`), 4);
    assert.equal(mirror.requests.get(`/events/${OTHER_DAY}`), 1, 'the missing day is asked for once');
    assert.deepEqual(r.refused.map((x) => [x.file, x.stage]), [[DAY, 'download'], [OTHER_DAY, 'download']]);
    assert.match(r.refused[0]!.reason, /HTTP 503 .*gave up after 4 attempts/);
    assert.match(r.refused[1]!.reason, /HTTP 404/);
    assert.equal(r.imported, 0);
    assert.equal((await store.eventStats()).total, 0);
  });

  it('a 503 then a reset are absorbed: GDELT 1.0 daily file listed by md5sums and filesizes, verified, imported', async () => {
    mirror.fault(`/events/${DAY}`, 'unavailable', 'reset');
    const waits: number[] = [];
    const r = await fetchEvents({ events: store, eventFiles, eventMirror: gdeltMirror }, request({ to: '2016-07-28' }), { sleep: async (ms) => { waits.push(ms); } });
    assert.deepEqual(waits, [100, 200]);
    assert.deepEqual(r.lists, [`${mirror.url}events/md5sums`, `${mirror.url}events/filesizes`]);
    assert.equal(r.inRange, 1);
    assert.equal(r.skipped.other, 1, '1979.zip is not a daily export');
    assert.deepEqual(r.refused, []);
    const ids = new Set(readFileSync(SAMPLES.gdelt1, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[0]));
    assert.equal(r.inserted, ids.size);
    const stats = await store.eventStats();
    assert.equal(stats.total, ids.size);
    assert.equal(stats.imports[0]?.file, `${mirror.url}events/${DAY}`, 'the import log names the file by its URL');
  });

  it('a list the server does not have is refused at once, naming its URL, and nothing is fetched', async () => {
    const waits: number[] = [];
    const r = await fetchEvents({ events: store, eventFiles, eventMirror: gdeltMirror }, request({ baseUrl: `${mirror.url}elsewhere/` }), { sleep: async (ms) => { waits.push(ms); } });
    assert.deepEqual(waits, []);
    assert.deepEqual(r.refused.map((x) => [x.file, x.stage]), [[`${mirror.url}elsewhere/md5sums`, 'list']]);
    assert.match(r.refused[0]!.reason, /HTTP 404/);
    assert.equal(r.inRange, 0);
  });

  it('stopped between two files (Ctrl-C), it reports interrupted; the next run goes on from there', async () => {
    const fresh = await openStore({ path: join(dir, 'interrupted.db'), env: {} });
    try {
      const stop = new AbortController();
      const services = { events: fresh, eventFiles, eventMirror: gdeltMirror };
      const first = await fetchEvents(services, request({ jobs: 1 }), { sleep: async () => undefined, signal: stop.signal, onImported: () => stop.abort() });
      assert.equal(first.interrupted, true);
      assert.equal(first.imported, 1);
      assert.deepEqual(first.refused, [], 'the second day was not attempted');
      const second = await fetchEvents(services, request({ jobs: 1 }), { sleep: async () => undefined });
      assert.equal(second.interrupted, false);
      assert.equal(second.alreadyImported, 1);
      assert.deepEqual(second.refused.map((x) => x.file), [OTHER_DAY]);
    } finally {
      await fresh.close();
    }
  });

  it('a spoiled .part left by a dead process is resumed, fails its MD5, and is downloaded whole at the retry', async () => {
    const fresh = await openStore({ path: join(dir, 'spoiled.db'), env: {} });
    const cache = join(dir, 'spoiled-cache');
    try {
      mkdirSync(cache);
      // Half the file's length of wrong bytes, named as a download of a process that no longer runs.
      writeFileSync(join(cache, `.${DAY}.999999999.0badcafe.part`), Buffer.alloc(Math.floor(day.length / 2), 0x41));
      const waits: number[] = [];
      const rangesBefore = mirror.ranges.length;
      const r = await fetchEvents({ events: fresh, eventFiles, eventMirror: gdeltMirror }, request({ to: '2016-07-28', cacheDir: cache }), { sleep: async (ms) => { waits.push(ms); } });
      assert.deepEqual(mirror.ranges.slice(rangesBefore), [`/events/${DAY} bytes=${Math.floor(day.length / 2)}-`]);
      assert.deepEqual(waits, [100], 'one retry, whole');
      assert.deepEqual(r.refused, []);
      assert.equal(r.imported, 1);
      assert.deepEqual(readdirSync(cache).filter((f) => f.endsWith('.part')), []);
    } finally {
      await fresh.close();
    }
  });
});
