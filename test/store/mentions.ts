/**
 * GDELT 2.0 mentions and the Parquet export, on one store engine, on the real pair of files
 * (test/fixtures/events/gdelt2-20170101073000.{export,mentions}.CSV). Every expected figure is
 * computed here by DuckDB straight from the raw files (or from the Parquet written), never by the
 * code under test: the counts of mentions joining to the export's events and to older ones, a
 * mention-weighted series with a minimum confidence, the per-event summaries, and the export's
 * partitions and series.
 */
import { test, describe, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { exportParquet } from '../../src/ingest/export/parquet.ts';
import { EventRejectError } from '../../src/ingest/events/index.ts';
import { eventSeries, listEvents } from '../../src/app/events.ts';
import { EventListParams, SeriesParams } from '../../src/app/params.ts';
import { toSeriesPoints } from '../../src/analysis/series.ts';
import type { EventRepository } from '../../src/app/ports.ts';
import type { Store } from '../../src/store/store.ts';
import { freshStores, type Engine } from '../support/stores.ts';
import { GDELT2, GDELT2_MENTIONS, fileLines, tempDir, writeZip } from '../ingest/support.ts';

const MENTION_NAMES = ['GLOBALEVENTID', 'EventTimeDate', 'MentionTimeDate', 'MentionType', 'MentionSourceName', 'MentionIdentifier',
  'SentenceID', 'Actor1CharOffset', 'Actor2CharOffset', 'ActionCharOffset', 'InRawText', 'Confidence', 'MentionDocLen', 'MentionDocTone',
  'MentionDocTranslationInfo', 'Extras'];
const sqlText = (s: string): string => `'${s.replaceAll("'", "''")}'`;
/** The raw file as DuckDB reads it, every field text: the test's own reading, independent of the importer. */
const rawMentions = (file: string): string => `read_csv(${sqlText(file)}, delim = '\t', quote = '', escape = '', header = false, auto_detect = false,
  columns = {${MENTION_NAMES.map((n) => `'${n}': 'VARCHAR'`).join(', ')}})`;
const rawExport = (file: string): string => `read_csv(${sqlText(file)}, delim = '\t', quote = '', escape = '', header = false, auto_detect = false,
  columns = {${Array.from({ length: 61 }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}})`;

async function rows(conn: DuckDBConnection, query: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(query)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

export function mentionsSuite(engine: Engine): void {
  const tmp = tempDir(`intermestic-mentions-${engine}-`);
  const set = freshStores(engine, tmp.dir);
  const stores: Store[] = [];
  let n = 0;
  let duck: DuckDBInstance;
  let conn: DuckDBConnection;
  before(async () => {
    duck = await DuckDBInstance.create(':memory:');
    conn = await duck.connect();
  });
  after(async () => {
    for (const s of stores) await s.close();
    await set.dispose();
    conn.closeSync();
    duck.closeSync();
    tmp.cleanup();
  });

  async function freshStore(): Promise<Store> {
    const s = await set.open(`store-${++n}.db`);
    stores.push(s);
    return s;
  }
  const rejects = (): string => tmp.path(`rejects-${++n}.tsv`);
  async function storedMentions(store: Store): Promise<number> {
    let count = 0;
    for await (const b of store.streamMentions(500)) count += b.length;
    return count;
  }

  describe(`GDELT 2.0 mentions on ${engine}`, () => {
    let store: Store;
    before(async () => {
      store = await freshStore();
    });

    test('mentions imported before their events are kept and counted as of events not stored', async () => {
      const [expected] = await rows(conn, `SELECT count(*) AS total, count(*) FILTER (WHERE EventTimeDate < MentionTimeDate) AS earlier FROM ${rawMentions(GDELT2_MENTIONS)}`);
      const r = await importEventFile(store, GDELT2_MENTIONS, { rejectsPath: rejects() });
      assert.equal(r.format, 'gdelt2');
      assert.match(r.formatReason, /mentions/);
      assert.equal(r.inserted, expected!.total);
      assert.equal(r.inserted, 1983, 'the fixture README says 1,983 rows');
      assert.equal(r.rejected, 0);
      assert.deepEqual(r.mentions, { inserted: 1983, duplicates: 0, ofStoredEvents: 0, ofEventsNotStored: 1983, ofEarlierEvents: expected!.earlier });
      assert.equal(await storedMentions(store), 1983);
    });

    test('once the export is stored, a re-import adds nothing and counts the mentions joining to its events', async () => {
      await importEventFile(store, GDELT2, { rejectsPath: rejects() });
      const [expected] = await rows(conn, `SELECT count(*) FILTER (WHERE m.GLOBALEVENTID IN (SELECT c0 FROM ${rawExport(GDELT2)})) AS joined,
          count(*) FILTER (WHERE m.EventTimeDate < m.MentionTimeDate) AS earlier FROM ${rawMentions(GDELT2_MENTIONS)} m`);
      const again = await importEventFile(store, GDELT2_MENTIONS, { rejectsPath: rejects() });
      assert.equal(again.inserted, 0);
      assert.equal(again.duplicates, 1983);
      assert.equal(again.mentions?.ofStoredEvents, expected!.joined);
      assert.equal(again.mentions?.ofEventsNotStored, 1983 - Number(expected!.joined));
      assert.equal(again.mentions?.ofEarlierEvents, expected!.earlier);
      // On this real pair every mention of an export event is of this update, every other of an older one.
      assert.equal(Number(expected!.joined) + Number(expected!.earlier), 1983);
      assert.equal(await storedMentions(store), 1983);
      const log = (await store.eventStats()).imports.filter((i) => i.format === 'gdelt2-mentions');
      assert.deepEqual(log.map((i) => [i.inserted, i.duplicates]), [[1983, 0], [0, 1983]]);
    });

    test('a mention-weighted series with a minimum confidence agrees with DuckDB over the raw files', async () => {
      const expected = await rows(conn, `
        WITH ev AS (SELECT c0 AS id, strptime(c1, '%Y%m%d')::DATE AS day, CAST(c29 AS INTEGER) AS quad, CAST(c30 AS DOUBLE) AS goldstein FROM ${rawExport(GDELT2)}),
        w AS (SELECT GLOBALEVENTID AS id, count(*) AS n FROM ${rawMentions(GDELT2_MENTIONS)} WHERE CAST(Confidence AS INTEGER) >= 50 GROUP BY 1)
        SELECT CAST(CAST(date_trunc('month', day) AS DATE) AS VARCHAR) AS period, count(*) AS events, sum(coalesce(w.n, 0)) AS mentions,
          sum(goldstein * coalesce(w.n, 0)) AS gm, sum(coalesce(w.n, 0)) FILTER (WHERE quad IN (1, 2)) AS coop,
          sum(coalesce(w.n, 0)) FILTER (WHERE quad IN (3, 4)) AS conf
        FROM ev LEFT JOIN w USING (id) GROUP BY 1 ORDER BY 1`);
      const params = SeriesParams.parse({ group: 'USA,MEX', weighting: 'mentions', minConfidence: '50', by: 'month' });
      const all = toSeriesPoints(await store.eventSeries({ countries: [], by: 'month', weighting: 'mentions', minConfidence: 50 }));
      assert.equal(all.length, expected.length);
      for (const [i, e] of expected.entries()) {
        const p = all[i]!;
        assert.equal(p.period, e.period);
        assert.equal(p.events, e.events);
        assert.equal(p.mentions, e.mentions);
        const weight = Number(e.mentions);
        assert.equal(p.goldsteinMentionsMean, weight > 0 ? Math.round((Number(e.gm) / weight) * 10_000) / 10_000 : null);
        const signed = Number(e.coop ?? 0) + Number(e.conf ?? 0);
        assert.equal(p.netCooperationMentions, signed > 0 ? Math.round(((Number(e.coop ?? 0) - Number(e.conf ?? 0)) / signed) * 10_000) / 10_000 : null);
      }
      // January 2017 carries most of the weight; the export's NumMentions give a different figure.
      const jan = all.find((p) => p.period === '2017-01-01')!;
      const byExport = toSeriesPoints(await store.eventSeries({ countries: [], by: 'month' })).find((p) => p.period === '2017-01-01')!;
      assert.notEqual(jan.mentions, byExport.mentions);
      // The use case says which weighting it used.
      const series = await eventSeries({ events: store }, params);
      assert.deepEqual(series.weighting, { mentions: 'mentions', minConfidence: 50 });
      assert.deepEqual((await eventSeries({ events: store }, SeriesParams.parse({ dyad: 'USA-MEX' }))).weighting, { mentions: 'export', minConfidence: null });
    });

    test('per-event summaries: mentions and mean confidence of each listed event', async () => {
      const listed = await store.listEvents({ countries: ['USA'] }, 1000);
      const summaries = await store.mentionSummaries(listed);
      const expected = await rows(conn, `SELECT GLOBALEVENTID AS id, count(*) AS n, round(avg(CAST(Confidence AS INTEGER)), 2) AS c FROM ${rawMentions(GDELT2_MENTIONS)}
        WHERE GLOBALEVENTID IN (${listed.map((e) => sqlText(e.sourceEventId)).join(', ')}) GROUP BY 1 ORDER BY 1`);
      assert.ok(expected.length > 200);
      assert.deepEqual([...summaries.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([id, s]) => [id, s.mentions, s.meanConfidence]),
        expected.map((e) => [e.id, e.n, e.c]));
      const strict = await store.mentionSummaries(listed, 100);
      assert.ok([...strict.values()].every((s) => s.meanConfidence === 100));
      assert.ok(strict.size < summaries.size);
      // GET /api/events: the same figures on each listed event, null where none is stored.
      const api = await listEvents({ events: store }, EventListParams.parse({ group: 'USA,RUS', minConfidence: '30', limit: '50' }));
      assert.ok(api.events.length > 0);
      const expectedApi = new Map((await rows(conn, `SELECT GLOBALEVENTID AS id, count(*) AS n, round(avg(CAST(Confidence AS INTEGER)), 2) AS c FROM ${rawMentions(GDELT2_MENTIONS)}
        WHERE CAST(Confidence AS INTEGER) >= 30 GROUP BY 1`)).map((r) => [r.id, { mentions: r.n, meanConfidence: r.c }]));
      for (const e of api.events) assert.deepEqual(e.mentions, expectedApi.get(e.sourceEventId) ?? null, e.sourceEventId);
      assert.ok(api.events.some((e) => e.mentions !== null));
    });
  });

  describe(`mentions files on ${engine}: compressed, and bad rows`, () => {
    test('gzip and zip files store the same mentions', async () => {
      const data = readFileSync(GDELT2_MENTIONS);
      const gz = tmp.path('20170101073000.mentions.CSV.gz');
      writeFileSync(gz, gzipSync(data));
      const zip = tmp.path('20170101073000.mentions.CSV.zip');
      writeZip(zip, [{ name: '20170101073000.mentions.CSV', data }]);
      const store = await freshStore();
      const a = await importEventFile(store, gz, { rejectsPath: rejects() });
      assert.equal(a.inserted, 1983);
      assert.equal(a.stats.compression, 'gzip');
      const b = await importEventFile(store, zip, { rejectsPath: rejects() });
      assert.equal(b.inserted, 0);
      assert.equal(b.duplicates, 1983);
      assert.equal(b.stats.compression, 'zip');
    });

    test('a bad row is rejected with file:line:field, the rest stored; strict keeps nothing', async () => {
      const lines = fileLines(GDELT2_MENTIONS);
      const bad = [...lines];
      const f = bad[6]!.split('\t');
      f[11] = 'high';
      bad[6] = f.join('\t');
      const g = bad[9]!.split('\t');
      g[2] = '20170230073000';
      bad[9] = g.join('\t');
      const file = tmp.path('bad.mentions.CSV');
      writeFileSync(file, `${bad.join('\n')}\n`);
      const store = await freshStore();
      const rejectsPath = rejects();
      await assert.rejects(importEventFile(store, file, { rejectsPath, strict: true }),
        (e: unknown) => e instanceof EventRejectError && e.message.startsWith(`${file}:7:Confidence: expected a percentage 0–100, got "high"`));
      assert.equal(await storedMentions(store), 0);
      const r = await importEventFile(store, file, { rejectsPath });
      assert.equal(r.rejected, 2);
      assert.equal(r.inserted, 1981);
      const tsv = readFileSync(rejectsPath, 'utf8').trim().split('\n').map((l) => l.split('\t').slice(0, 3).join(':'));
      assert.deepEqual(tsv, ['file:line:field', `${file}:7:Confidence`, `${file}:10:MentionTimeDate`]);
    });
  });

  describe(`events export --format parquet on ${engine}`, () => {
    let store: Store;
    before(async () => {
      store = await freshStore();
      await importEventFile(store, GDELT2, { rejectsPath: rejects() });
      await importEventFile(store, GDELT2_MENTIONS, { rejectsPath: rejects() });
    });

    test('Hive partitions by year and dataset, read back by DuckDB: counts and a series equal the store\'s', async () => {
      const dir = tmp.path(`export-${engine}`);
      const r = await exportParquet(store, dir, { batchSize: 97 });
      assert.equal(r.events, 720);
      assert.equal(r.mentions, 1983);
      assert.deepEqual(r.files, ['events/year=2016/dataset=gdelt2/data_0.parquet', 'events/year=2017/dataset=gdelt2/data_0.parquet', 'mentions/year=2017/data_0.parquet']);
      const glob = sqlText(`${dir}/events/*/*/*.parquet`);
      const parts = await rows(conn, `SELECT year, dataset, count(*) AS n FROM read_parquet(${glob}, hive_partitioning = true) GROUP BY ALL ORDER BY ALL`);
      const fromRaw = await rows(conn, `SELECT CAST(substr(c1, 1, 4) AS BIGINT) AS year, 'gdelt2' AS dataset, count(*) AS n FROM ${rawExport(GDELT2)} GROUP BY ALL ORDER BY ALL`);
      assert.deepEqual(parts, fromRaw);
      assert.deepEqual(r.partitions.map((p) => ({ year: p.year, dataset: p.dataset, n: p.events })), fromRaw);
      // Types every engine reads: DATE, signed INTEGER, DOUBLE, BOOLEAN, LIST of text; no unsigned.
      const types = Object.fromEntries((await rows(conn, `SELECT name, type FROM parquet_schema(${sqlText(`${dir}/${r.files[1]}`)})`)).map((x) => [x.name, x.type]));
      assert.equal(types.quad_class, 'INT32');
      assert.equal(types.event_date, 'INT32');
      const described = Object.fromEntries((await rows(conn, `DESCRIBE SELECT * FROM read_parquet(${glob}, hive_partitioning = true)`)).map((x) => [x.column_name, x.column_type]));
      assert.equal(described.event_date, 'DATE');
      assert.equal(described.src_sectors, 'VARCHAR[]');
      assert.equal(described.is_root_event, 'BOOLEAN');
      assert.ok(Object.values(described).every((t) => !/^U/.test(String(t))), 'no unsigned type');
      // A monthly series from the Parquet alone against the store's own.
      const series = await rows(conn, `SELECT CAST(CAST(date_trunc('month', event_date) AS DATE) AS VARCHAR) AS period, count(*) AS events,
          count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 4) AS q4, round(avg(goldstein), 4) AS g,
          sum(num_mentions) AS m
        FROM read_parquet(${glob}, hive_partitioning = true) WHERE list_contains(src_sectors, 'GOV') OR list_contains(tgt_sectors, 'GOV') GROUP BY 1 ORDER BY 1`);
      const own = toSeriesPoints(await store.eventSeries({ countries: [], by: 'month', sectors: ['GOV'] }));
      assert.deepEqual(series, own.map((p) => ({ period: p.period, events: p.events, q1: p.quad['1'], q4: p.quad['4'], g: p.goldsteinMean, m: p.mentions })));
      // The mentions table beside it, joinable on the event id.
      const [joined] = await rows(conn, `SELECT count(*) AS n FROM read_parquet(${sqlText(`${dir}/mentions/*/*.parquet`)}, hive_partitioning = true) m
        JOIN read_parquet(${glob}, hive_partitioning = true) e ON e.source_event_id = m.event_id`);
      assert.equal(joined!.n, 750);
    });

    test('a folder that is not empty is refused unless overwrite, which replaces only an earlier export; a failure leaves the folder as it was', async () => {
      const mine = tmp.path(`export-mine-${engine}`);
      mkdirSync(mine);
      writeFileSync(`${mine}/notes.txt`, 'mine');
      await assert.rejects(exportParquet(store, mine), /the folder is not empty \(give --overwrite to replace it\)/);
      await assert.rejects(exportParquet(store, mine, { overwrite: true }), /--overwrite replaces only an earlier export .* also holds notes\.txt: nothing was changed/);
      assert.deepEqual(readdirSync(mine), ['notes.txt']);
      const dir = tmp.path(`export-again-${engine}`);
      assert.equal((await exportParquet(store, dir)).events, 720);
      const before = readdirSync(`${dir}/events`, { recursive: true }).map(String).sort();
      // The store losing its connection on the third batch.
      const failing = new Proxy(store, {
        get(target, name) {
          if (name === 'streamEvents') {
            return async function* (size: number) {
              let i = 0;
              for await (const b of target.streamEvents(size)) {
                if (++i === 3) throw new Error('connection lost');
                yield b;
              }
            };
          }
          const v: unknown = Reflect.get(target, name);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      }) as EventRepository;
      await assert.rejects(exportParquet(failing, dir, { overwrite: true, batchSize: 100 }), /connection lost/);
      assert.deepEqual(readdirSync(`${dir}/events`, { recursive: true }).map(String).sort(), before, 'the earlier export is whole');
      assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.includes('.partial-')), []);
      const r = await exportParquet(store, dir, { overwrite: true });
      assert.equal(r.events, 720);
      assert.deepEqual(readdirSync(dir).sort(), ['events', 'mentions']);
    });
  });
}
