/**
 * The Store contract: one suite, registered once per engine (duckdb.test.ts, postgres.test.ts).
 * Numbers in the series tests are worked out by hand from the events in fixtures.ts (E1–E13).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.ts';
import type { EventImportMeta, SeriesQuery } from '../../src/app/ports.ts';
import type { PeriodAggregate as SeriesRow } from '../../src/analysis/series.ts';
import type { PoliticalEvent } from '../../src/domain/events/event.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';
import { events, inBatches, registry } from './fixtures.ts';

export interface StoreHandle {
  readonly store: Store;
  /** Opens the same database again (after `store` was closed). */
  reopen(): Promise<Store>;
  /** Runs a query on the same database beside the store (to see its tables as SQL sees them); values as JSON gives them. */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

export interface StoreHarness {
  /** A new, empty store in its own file or database. */
  create(options?: { chunkRows?: number }): Promise<StoreHandle>;
}

const meta = (file: string, extra: Partial<EventImportMeta> = {}): EventImportMeta => ({
  file, format: 'gdelt2', sha256: 'a'.repeat(64), rejected: 0, ...extra,
});

const E = events();
const ev = (n: number): PoliticalEvent => E[n - 1] as PoliticalEvent;

/** A series row from the counts that matter to a test; everything else zero. */
function row(period: string, r: Partial<SeriesRow>): SeriesRow {
  return {
    period, events: 0, quad1: 0, quad2: 0, quad3: 0, quad4: 0, goldsteinSum: 0, goldsteinCount: 0, mentions: 0,
    goldsteinMentionsSum: 0, goldsteinMentions: 0, cooperativeMentions: 0, conflictualMentions: 0, toneSum: 0, toneCount: 0, ...r,
  };
}

/** Sums of doubles may be added in any order by the database: compare them to 1e-9. */
function assertSeries(actual: SeriesRow[], expected: SeriesRow[]): void {
  assert.deepEqual(actual.map((r) => r.period), expected.map((r) => r.period), 'periods');
  actual.forEach((a, i) => {
    const e = expected[i] as SeriesRow;
    for (const k of Object.keys(e) as (keyof SeriesRow)[]) {
      if (k === 'period') continue;
      const av = a[k] as number;
      const evv = e[k] as number;
      assert.ok(Math.abs(av - evv) < 1e-9, `${a.period} ${k}: expected ${evv}, got ${av}`);
    }
  });
}

const periods = (rows: SeriesRow[]): [string, number][] => rows.map((r) => [r.period, r.events]);

async function* failingAfter(list: readonly PoliticalEvent[]): AsyncGenerator<PoliticalEvent[]> {
  yield list.slice();
  throw new Error('reader failed half-way');
}

/** Registers the whole Store contract for one engine. */
export function storeContract(engine: string, harness: StoreHarness): void {
  describe(`Store contract: ${engine}`, () => {
    describe('schema', () => {
      test('migrations apply once: a second open applies nothing and keeps the data', async () => {
        const h = await harness.create();
        const first = await h.store.migrations();
        assert.deepEqual(first.map((m) => m.name), ['001-registry', '002-events', '003-dyad-key', '004-registry-loads', '005-developments', '006-assessments', '007-alerts', '008-plover', '009-mentions']);
        assert.match(first[0]!.appliedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        await h.store.loadRegistry(registry(), 'first');
        await h.store.close();
        const again = await h.reopen();
        try {
          assert.deepEqual(await again.migrations(), first);
          assert.deepEqual(await again.readRegistry(), registry());
        } finally {
          await again.close();
        }
      });

      test('an empty store reads as an empty dataset with no load recorded', async () => {
        const h = await harness.create();
        try {
          const ds = await h.store.readRegistry();
          for (const records of Object.values(ds)) assert.deepEqual(records, []);
          const info = await h.store.registryInfo();
          assert.equal(info.label, null);
          assert.equal(info.loadedAt, null);
          assert.equal(info.counts.meetings, 0);
          assert.equal(await h.store.lastLoad(), null);
          assert.deepEqual(await h.store.eventStats(), { total: 0, byDataset: [], imports: [] });
        } finally {
          await h.store.close();
        }
      });
    });

    describe('registry', () => {
      let store: Store;
      before(async () => {
        store = (await harness.create()).store;
      });
      after(() => store.close());

      test('load then read returns exactly what was loaded, order and optional fields included', async () => {
        const ds = registry();
        await store.loadRegistry(ds, 'bundled:north-america');
        const back = await store.readRegistry();
        assert.deepEqual(back, ds);
        // Order is the loaded order, not id order: nals-2021-11-18 comes before nals-2011.
        assert.deepEqual(back.meetings.map((m) => m.id), ['nals-2016-06-29', 'nals-2021-11-18', 'nals-2011', 'hled-2022-09-12', 'hlsd-2022-01-31']);
        // Optional fields stay absent rather than turning into null.
        assert.equal('endDate' in back.meetings[0]!, false);
        assert.equal(back.meetings[3]!.endDate, '2022-09-13');
      });

      test('datasetInfo gives the label, the load time and the counts', async () => {
        const before = Date.now();
        await store.loadRegistry(registry(), 'bundled:north-america');
        const info = await store.registryInfo();
        assert.equal(info.label, 'bundled:north-america');
        assert.ok(info.loadedAt !== null && Math.abs(Date.parse(info.loadedAt) - before) < 60_000, `loadedAt ${info.loadedAt}`);
        assert.deepEqual(info.counts, {
          sources: 4, parties: 3, agencies: 2, terms: 2, elections: 2, electoralCycles: 2, issueAreas: 2,
          mechanisms: 3, meetings: 5, commitments: 1, assessments: 3, recommendations: 1, developments: 0,
        });
        const first = await store.lastLoad();
        assert.deepEqual(first && { label: first.label, loadedAt: first.loadedAt }, { label: info.label, loadedAt: info.loadedAt });
        await store.loadRegistry(registry(), 'again', 'merge');
        const second = await store.lastLoad();
        assert.equal(second?.label, 'again');
        assert.ok(second !== null && first !== null && second.seq > first.seq, 'each load gets a higher seq');
      });

      test('replace drops what the new dataset does not have', async () => {
        await store.loadRegistry(registry(), 'full');
        const smaller = registry();
        smaller.meetings = smaller.meetings.filter((m) => m.mechanism === 'nals');
        smaller.commitments = [];
        await store.loadRegistry(smaller, 'smaller', 'replace');
        assert.deepEqual(await store.readRegistry(), smaller);
        assert.equal((await store.registryInfo()).counts.meetings, 3);
      });

      test('merge updates records in place by id and appends new ones', async () => {
        await store.loadRegistry(registry(), 'full');
        const update: Registry = { ...emptyLike(), meetings: [] };
        const changed = { ...registry().meetings[2]!, status: 'cancelled' as const, outcome: 'Cancelled after all.' };
        const added = { id: 'nals-2023-01-10', mechanism: 'nals', date: '2023-01-10', status: 'held' as const, place: 'Mexico City', virtual: false, level: 'leaders' as const, number: 10, participants: [], confidence: 'confirmed' as const, sources: ['wiki-nals'] };
        update.meetings = [added, changed];
        await store.loadRegistry(update, 'merge-1', 'merge');
        const expected = registry();
        expected.meetings[2] = changed;
        expected.meetings.push(added);
        assert.deepEqual(await store.readRegistry(), expected);
        const info = await store.registryInfo();
        assert.equal(info.label, 'merge-1');
        assert.equal(info.counts.meetings, 6);
      });

      test('record_sources answers "what cites this source", nested and document citations included', async () => {
        await store.loadRegistry(registry(), 'full');
        assert.deepEqual(await store.recordsCiting('sarukhan-wilson'), [
          { collection: 'assessments', id: 'hlsd-bicentennial-final-2022-01-31' },
          { collection: 'elections', id: 'mex-2024' },
          { collection: 'elections', id: 'usa-2024' },
          { collection: 'electoralCycles', id: 'mex-presidential-2024' },
          { collection: 'electoralCycles', id: 'usa-presidential-1792' },
          { collection: 'issueAreas', id: 'migration' },
          { collection: 'meetings', id: 'nals-2021-11-18' },
          { collection: 'recommendations', id: 'resume-nals' },
          { collection: 'terms', id: 'amlo' },
          { collection: 'terms', id: 'biden' },
        ]);
        // The evidence of a recommendation's statuses is cited too.
        assert.deepEqual((await store.recordsCiting('wiki-nals')).filter((r) => r.collection === 'recommendations'), [{ collection: 'recommendations', id: 'resume-nals' }]);
        // A merge that drops a citation drops the link.
        const m = { ...registry().meetings[1]!, sources: ['wiki-nals'] };
        await store.loadRegistry({ ...emptyLike(), meetings: [m] }, 'merge-2', 'merge');
        assert.ok(!(await store.recordsCiting('sarukhan-wilson')).some((r) => r.id === 'nals-2021-11-18'));
        assert.ok((await store.recordsCiting('wiki-nals')).some((r) => r.id === 'nals-2021-11-18'));
      });

      test('assessments and the current status of each recommendation are in columns SQL can query', async () => {
        const h = await harness.create();
        try {
          await h.store.loadRegistry(registry(), 'columns');
          assert.deepEqual(await h.query('SELECT id, commitment_id, party, kind, status, CAST(date AS TEXT) AS date, score FROM assessments ORDER BY position'), [
            { id: 'hlsd-bicentennial-interim-2021-12-31', commitment_id: 'hlsd-bicentennial', party: 'USA', kind: 'interim', status: 'no-evidence', date: '2021-12-31', score: null },
            { id: 'hlsd-bicentennial-final-2022-01-31', commitment_id: 'hlsd-bicentennial', party: 'USA', kind: 'final', status: 'assessed', date: '2022-01-31', score: 0 },
            { id: 'hlsd-bicentennial-final-2022-09-30', commitment_id: 'hlsd-bicentennial', party: 'USA', kind: 'final', status: 'assessed', date: '2022-09-30', score: 1 },
          ]);
          // The last entry of the history; its whole history stays in the record.
          assert.deepEqual(await h.query('SELECT id, status, status_date FROM recommendations'), [{ id: 'resume-nals', status: 'partly-adopted', status_date: '2021-11-18' }]);
          const r = registry();
          r.recommendations[0]!.history = [];
          await h.store.loadRegistry(r, 'no history');
          assert.deepEqual(await h.query('SELECT id, status, status_date FROM recommendations'), [{ id: 'resume-nals', status: null, status_date: null }]);
          assert.deepEqual((await h.store.readRegistry()).recommendations[0]!.history, []);
        } finally {
          await h.store.close();
        }
      });

      test('a load that fails half-way (replace) leaves the store exactly as before', async () => {
        await store.loadRegistry(registry(), 'good');
        const beforeDs = await store.readRegistry();
        const beforeInfo = await store.registryInfo();
        const bad = registry();
        // Sources, parties… insert first; the repeated meeting id then violates the key.
        bad.meetings.push({ ...bad.meetings[0]!, place: 'elsewhere' });
        await assert.rejects(store.loadRegistry(bad, 'bad', 'replace'));
        assert.deepEqual(await store.readRegistry(), beforeDs);
        assert.deepEqual(await store.registryInfo(), beforeInfo);
        // The store still works after the failure.
        await store.loadRegistry(registry(), 'after');
        assert.equal((await store.registryInfo()).label, 'after');
      });

      test('a load that fails half-way (merge) leaves the store exactly as before', async () => {
        await store.loadRegistry(registry(), 'good');
        const beforeDs = await store.readRegistry();
        const beforeInfo = await store.registryInfo();
        const bad = { ...emptyLike(), sources: [{ id: 'new-source', title: 'New', publisher: 'P', kind: 'press' as const }], meetings: [] as Registry['meetings'] };
        const twice = { ...registry().meetings[0]!, place: 'first' };
        bad.meetings = [twice, { ...twice, place: 'second' }];
        await assert.rejects(store.loadRegistry(bad, 'bad-merge', 'merge'));
        assert.deepEqual(await store.readRegistry(), beforeDs);
        assert.deepEqual(await store.registryInfo(), beforeInfo);
      });
    });

    describe('events', () => {
      let store: Store;
      before(async () => {
        store = (await harness.create()).store;
        const r = await store.bulkLoad({ kind: 'batches', batches: inBatches(E, 5) }, meta('fixture-events.tsv', { sha256: () => Promise.resolve('b'.repeat(64)), rejected: () => 2 }));
        assert.deepEqual(r, { inserted: 13, duplicates: 0 });
      });
      after(() => store.close());

      test('events read back exactly as imported (escapes, nulls, sectors, floats)', async () => {
        const all = await store.listEvents({ countries: [] }, 100);
        assert.equal(all.length, 13);
        const key = (e: PoliticalEvent): string => `${e.dataset}/${e.sourceEventId}`;
        const byKey = new Map(all.map((e) => [key(e), e]));
        for (const e of E) assert.deepEqual(byKey.get(key(e)), e, key(e));
      });

      test('listEvents: newest first, filtered, limited', async () => {
        const list = await store.listEvents({ countries: ['USA', 'MEX'] }, 3);
        assert.deepEqual(list, [ev(10), ev(8), ev(4)]);
        assert.deepEqual(await store.listEvents({ countries: ['USA', 'MEX'], directed: true, quadClasses: [2] }, 10), [ev(3)]);
        assert.deepEqual(await store.listEvents({ countries: ['CHN'] }, 10), [ev(11)]);
        assert.deepEqual(await store.listEvents({ countries: ['USA', 'MEX'] }, 0), []);
      });

      test('re-importing the same events adds nothing', async () => {
        const r = await store.bulkLoad({ kind: 'batches', batches: inBatches(E, 4) }, meta('fixture-events.tsv'));
        assert.deepEqual(r, { inserted: 0, duplicates: 13 });
        assert.equal((await store.eventStats()).total, 13);
      });

      test('eventStats: totals per dataset with date ranges, and the import log', async () => {
        const stats = await store.eventStats();
        assert.equal(stats.total, 13);
        assert.deepEqual(stats.byDataset, [
          { dataset: 'gdelt1', events: 1, from: '2021-10-08', to: '2021-10-08' },
          { dataset: 'gdelt2', events: 11, from: '2021-10-08', to: '2022-01-03' },
          { dataset: 'icews', events: 1, from: '2021-11-20', to: '2021-11-20' },
        ]);
        assert.equal(stats.imports[0]!.file, 'fixture-events.tsv');
        assert.equal(stats.imports[0]!.sha256, 'b'.repeat(64));
        assert.deepEqual(
          stats.imports.slice(0, 2).map((i) => [i.inserted, i.duplicates, i.rejected]),
          [[13, 0, 2], [0, 13, 0]],
        );
        assert.match(stats.imports[0]!.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      });

      describe('eventSeries', () => {
        // USA–MEX both ways: E1 E2 E3 (Oct), E4 E8 (Nov), E10 (Jan 2022).
        const dyadMonthly = [
          row('2021-10-01', {
            events: 3, quad1: 2, quad2: 1, goldsteinSum: 4 + 8 + 6.4, goldsteinCount: 3, mentions: 16,
            goldsteinMentionsSum: 4 * 10 + 8 * 4 + 6.4 * 2, goldsteinMentions: 16, cooperativeMentions: 16, toneSum: 2.5 + 3 - 1, toneCount: 3,
          }),
          // E8 has no mentions and no tone: it counts as an event and in the Goldstein mean only.
          row('2021-11-01', {
            events: 2, quad3: 1, quad4: 1, goldsteinSum: -12, goldsteinCount: 2, mentions: 6, goldsteinMentionsSum: -12,
            goldsteinMentions: 6, conflictualMentions: 6, toneSum: -4.5, toneCount: 1,
          }),
          // E10 has no Goldstein score: its mentions count, but not in the Goldstein terms.
          row('2022-01-01', { events: 1, quad1: 1, mentions: 7, cooperativeMentions: 7, toneSum: 1, toneCount: 1 }),
        ];

        test('dyad, undirected, by month: every aggregate', async () => {
          assertSeries(await store.eventSeries({ countries: ['USA', 'MEX'], by: 'month' }), dyadMonthly);
          // The order of the pair does not matter when undirected.
          assertSeries(await store.eventSeries({ countries: ['MEX', 'USA'], by: 'month' }), dyadMonthly);
        });

        test('dyad, directed: only source → target', async () => {
          assertSeries(await store.eventSeries({ countries: ['USA', 'MEX'], directed: true, by: 'month' }), [
            row('2021-10-01', {
              events: 2, quad1: 1, quad2: 1, goldsteinSum: 10.4, goldsteinCount: 2, mentions: 12, goldsteinMentionsSum: 52.8,
              goldsteinMentions: 12, cooperativeMentions: 12, toneSum: 1.5, toneCount: 2,
            }),
            row('2021-11-01', { events: 1, quad4: 1, goldsteinSum: -10, goldsteinCount: 1 }),
            row('2022-01-01', { events: 1, quad1: 1, mentions: 7, cooperativeMentions: 7, toneSum: 1, toneCount: 1 }),
          ]);
          assert.deepEqual(periods(await store.eventSeries({ countries: ['MEX', 'USA'], directed: true, by: 'month' })), [
            ['2021-10-01', 1], ['2021-11-01', 1],
          ]);
        });

        test('group of three: events between two different members only', async () => {
          // Not E9 (USA→USA), E11 (→CHN), E13 (unknown source).
          const s = await store.eventSeries({ countries: ['USA', 'MEX', 'CAN'], by: 'month' });
          assert.deepEqual(periods(s), [['2021-10-01', 4], ['2021-11-01', 5], ['2022-01-01', 1]]);
          assert.deepEqual(s.map((r) => [r.quad1, r.quad2, r.quad3, r.quad4]), [[3, 1, 0, 0], [2, 0, 1, 2], [1, 0, 0, 0]]);
          assert.equal(s[1]!.mentions, 6 + 20 + 8 + 3);
        });

        test('periods: day, ISO week from Monday, quarter, year; empty periods absent', async () => {
          const q = { countries: ['USA', 'MEX'] as const };
          assert.deepEqual(periods(await store.eventSeries({ ...q, by: 'day' })), [
            ['2021-10-08', 2], ['2021-10-13', 1], ['2021-11-02', 1], ['2021-11-20', 1], ['2022-01-03', 1],
          ]);
          // 2021-10-08 is a Friday (week of Monday 4 Oct); 2021-11-20 a Saturday; 2022-01-03 a Monday.
          assert.deepEqual(periods(await store.eventSeries({ ...q, by: 'week' })), [
            ['2021-10-04', 2], ['2021-10-11', 1], ['2021-11-01', 1], ['2021-11-15', 1], ['2022-01-03', 1],
          ]);
          assert.deepEqual(periods(await store.eventSeries({ ...q, by: 'quarter' })), [['2021-10-01', 5], ['2022-01-01', 1]]);
          assert.deepEqual(periods(await store.eventSeries({ ...q, by: 'year' })), [['2021-01-01', 5], ['2022-01-01', 1]]);
        });

        test('filters: from/to, sectors (either/both), root codes, quad classes, datasets', async () => {
          const dyad = { countries: ['USA', 'MEX'], by: 'month' } satisfies SeriesQuery;
          assert.deepEqual(periods(await store.eventSeries({ ...dyad, from: '2021-10-10', to: '2021-11-30' })), [['2021-10-01', 1], ['2021-11-01', 2]]);
          assert.deepEqual(periods(await store.eventSeries({ ...dyad, from: '2021-10-08', to: '2021-10-08' })), [['2021-10-01', 2]]);
          // MIL on either actor: E3 (both), E8 (source GOV+MIL); on both: E3 only.
          assert.deepEqual(periods(await store.eventSeries({ ...dyad, sectors: ['MIL'] })), [['2021-10-01', 1], ['2021-11-01', 1]]);
          assert.deepEqual(periods(await store.eventSeries({ ...dyad, sectors: ['MIL'], sectorsOn: 'both' })), [['2021-10-01', 1]]);
          assert.deepEqual(periods(await store.eventSeries({ ...dyad, sectors: ['COP', 'MIL'], sectorsOn: 'either' })), [['2021-10-01', 1], ['2021-11-01', 2]]);
          // GOV on both sides: E1, E2, E8 (GOV among the source's sectors), E10; not E3 (MIL) or E4 (target COP).
          assert.deepEqual(periods(await store.eventSeries({ ...dyad, sectors: ['GOV'], sectorsOn: 'both' })), [['2021-10-01', 2], ['2021-11-01', 1], ['2022-01-01', 1]]);
          const group = { countries: ['USA', 'MEX', 'CAN'], by: 'month' } satisfies SeriesQuery;
          assert.deepEqual(periods(await store.eventSeries({ ...group, rootCodes: ['05'] })), [['2021-10-01', 2]]);
          assert.deepEqual(periods(await store.eventSeries({ ...group, quadClasses: [3, 4] })), [['2021-11-01', 3]]);
          assert.deepEqual(periods(await store.eventSeries({ ...group, datasets: ['icews'] })), [['2021-11-01', 1]]);
          assert.deepEqual(periods(await store.eventSeries({ ...group, datasets: ['gdelt1', 'icews'] })), [['2021-10-01', 1], ['2021-11-01', 1]]);
          assert.deepEqual(await store.eventSeries({ ...dyad, from: '2030-01-01' }), []);
        });

        test('rejects malformed filters instead of widening them', async () => {
          await assert.rejects(store.eventSeries({ countries: ['USA', 'MEX'], by: 'month', sectors: ['%'] }), RangeError);
          await assert.rejects(store.eventSeries({ countries: ['USA', 'MEX'], by: 'month', from: '2021-13' }), RangeError);
          await assert.rejects(store.eventSeries({ countries: ['USA', 'MEX'], by: 'decade' as 'year' }), RangeError);
        });
      });

      test('topDyads: country pairs by events, with cooperation, conflict and mean Goldstein', async () => {
        const all = await store.topDyads({});
        assert.deepEqual(all.map((d) => [d.source, d.target, d.events, d.cooperative, d.conflictual]), [
          ['USA', 'MEX', 4, 3, 1],
          ['MEX', 'USA', 2, 1, 1],
          ['CAN', 'MEX', 1, 1, 0],
          ['CAN', 'USA', 1, 1, 0],
          ['MEX', 'CAN', 1, 0, 1],
          ['USA', 'CAN', 1, 1, 0],
          ['USA', 'CHN', 1, 0, 1],
        ]);
        assert.ok(Math.abs(all[0]!.goldsteinMean! - (4 + 6.4 - 10) / 3) < 1e-9);
        assert.equal(all[1]!.goldsteinMean, 3);
        assert.deepEqual((await store.topDyads({ year: 2022 })).map((d) => [d.source, d.target, d.events]), [['USA', 'MEX', 1]]);
        assert.deepEqual((await store.topDyads({ limit: 2 })).length, 2);
        assert.deepEqual((await store.topDyads({ countries: ['USA', 'MEX', 'CAN'] })).map((d) => `${d.source}>${d.target}`),
          ['USA>MEX', 'MEX>USA', 'CAN>MEX', 'CAN>USA', 'MEX>CAN', 'USA>CAN']);
        assert.deepEqual((await store.topDyads({ countries: ['USA', 'MEX'] })).map((d) => `${d.source}>${d.target}`), ['USA>MEX', 'MEX>USA']);
        assert.deepEqual((await store.topDyads({ countries: ['CHN'] })).map((d) => `${d.source}>${d.target}`), ['USA>CHN']);
        assert.deepEqual((await store.topDyads({ from: '2021-11-18', to: '2021-11-19' })).map((d) => `${d.source}>${d.target}`), ['CAN>MEX', 'MEX>CAN', 'USA>CAN']);
      });
    });

    describe('alerts: webhooks, the outbox, the delivery log', () => {
      test('an alert is queued once per webhook, attempts are recorded before sending, a stopped delivery is due again', async () => {
        const h = await harness.create();
        const a = h.store.alerts;
        try {
          const hook = await a.addWebhook('http://127.0.0.1:1/in', 'v1:sealed', '2026-01-01T00:00:00.000Z');
          assert.match(hook.id, /^wh-[0-9a-f]{8}$/);
          assert.deepEqual(await a.listWebhooks(), [hook]);
          assert.equal(await a.webhookSecret(hook.id), 'v1:sealed');
          const entry = { alertId: 'mechanism-lapsed:nals:2025-01-11', webhookId: hook.id, payload: '{"id":"x"}', createdAt: '2026-01-01T00:00:01.000Z' };
          assert.equal(await a.enqueue([entry, { ...entry, webhookId: 'wh-none' }]), 1);
          assert.equal(await a.enqueue([{ ...entry, payload: '{"id":"changed"}' }]), 0);
          assert.deepEqual((await a.outbox()).map((e) => [e.alertId, e.url, e.payload, e.status, e.attempts]), [[entry.alertId, 'http://127.0.0.1:1/in', '{"id":"x"}', 'pending', 0]]);
          assert.equal((await a.dueEntries('2026-01-01T00:00:00.500Z')).length, 0);
          assert.equal(await a.beginAttempt(entry.alertId, hook.id, '2026-01-01T00:00:02.000Z'), 1);
          // A process that stopped here left the entry `delivering`: it is due again at once.
          assert.deepEqual((await a.dueEntries('2026-01-01T00:00:00.000Z')).map((e) => [e.status, e.attempts]), [['delivering', 1]]);
          await a.finishAttempt({ alertId: entry.alertId, webhookId: hook.id, attempt: 1, at: '2026-01-01T00:00:02.000Z', outcome: 'retry', httpStatus: 500, error: 'HTTP 500', ms: 12 },
            { status: 'pending', nextAttemptAt: '2026-01-01T00:00:03.000Z' });
          assert.equal((await a.dueEntries('2026-01-01T00:00:02.500Z')).length, 0);
          assert.equal((await a.dueEntries('2026-01-01T00:00:03.000Z')).length, 1);
          await a.beginAttempt(entry.alertId, hook.id, '2026-01-01T00:00:03.000Z');
          await a.finishAttempt({ alertId: entry.alertId, webhookId: hook.id, attempt: 2, at: '2026-01-01T00:00:03.000Z', outcome: 'delivered', httpStatus: 204, error: null, ms: 5 },
            { status: 'delivered', nextAttemptAt: null });
          assert.deepEqual([(await a.dueEntries('2030-01-01T00:00:00.000Z')).length, (await a.pendingEntries()).length], [0, 0]);
          assert.deepEqual((await a.outbox()).map((e) => [e.status, e.attempts, e.deliveredAt]), [['delivered', 2, '2026-01-01T00:00:03.000Z']]);
          assert.deepEqual((await a.deliveryLog(10)).map((l) => [l.attempt, l.outcome, l.httpStatus]), [[2, 'delivered', 204], [1, 'retry', 500]]);
          await a.setState('evaluated-through', '2026-01-01');
          await a.setState('evaluated-through', '2026-01-02');
          assert.equal(await a.getState('evaluated-through'), '2026-01-02');
          // Removing a webhook cancels what it had not received yet.
          await a.enqueue([{ ...entry, alertId: 'other' }]);
          // The counts by webhook and status agree with the entries.
          const counts = async () => (await a.outboxCounts()).map((c) => [c.webhookId, c.status, c.count]).sort((x, y) => String(x[1]).localeCompare(String(y[1])));
          assert.deepEqual(await counts(), [[hook.id, 'delivered', 1], [hook.id, 'pending', 1]]);
          assert.equal(await a.removeWebhook(hook.id), true);
          assert.equal(await a.removeWebhook(hook.id), false);
          assert.deepEqual((await a.outbox()).map((e) => [e.alertId, e.status]), [[entry.alertId, 'delivered'], ['other', 'cancelled']]);
          assert.deepEqual(await counts(), [[hook.id, 'cancelled', 1], [hook.id, 'delivered', 1]]);
        } finally {
          await h.store.close();
        }
      });
    });

    describe('event imports are atomic', () => {
      test('an import whose reader throws half-way leaves nothing behind', async () => {
        const h = await harness.create();
        try {
          await h.store.bulkLoad({ kind: 'batches', batches: inBatches(E.slice(0, 3), 10) }, meta('first.tsv'));
          const before = await h.store.eventStats();
          await assert.rejects(
            h.store.bulkLoad({ kind: 'batches', batches: failingAfter(E.slice(3)) }, meta('broken.tsv')),
            /reader failed half-way/,
          );
          assert.deepEqual(await h.store.eventStats(), before);
          // The same rows import cleanly afterwards.
          assert.deepEqual(await h.store.bulkLoad({ kind: 'batches', batches: inBatches(E.slice(3), 10) }, meta('again.tsv')), { inserted: 10, duplicates: 0 });
        } finally {
          await h.store.close();
        }
      });

      test('a throw after several flushes still leaves nothing behind', async () => {
        const h = await harness.create({ chunkRows: 2 });
        try {
          await assert.rejects(h.store.bulkLoad({ kind: 'batches', batches: (async function* () {
            yield* inBatches(E, 3);
            throw new Error('late failure');
          })() }, meta('late.tsv')), /late failure/);
          assert.deepEqual(await h.store.eventStats(), { total: 0, byDataset: [], imports: [] });
        } finally {
          await h.store.close();
        }
      });

      test('duplicates within one import count once, across flushes too', async () => {
        const h = await harness.create({ chunkRows: 4 });
        try {
          // E1 appears three times: twice in one batch, once in a later flush.
          const list = [ev(1), ev(2), ev(1), ev(3), ev(4), ev(5), ev(6), ev(1), ev(12)];
          assert.deepEqual(await h.store.bulkLoad({ kind: 'batches', batches: inBatches(list, 3) }, meta('dups.tsv')), { inserted: 7, duplicates: 2 });
          const stored = await h.store.listEvents({ countries: [] }, 100);
          assert.equal(stored.length, 7);
          assert.deepEqual(stored.find((e) => e.dataset === 'gdelt1'), ev(12));
          assert.deepEqual(await h.store.bulkLoad({ kind: 'batches', batches: inBatches([], 3) }, meta('empty.tsv')), { inserted: 0, duplicates: 0 });
        } finally {
          await h.store.close();
        }
      });
    });
  });
}

function emptyLike(): Registry {
  return {
    parties: [], agencies: [], terms: [], elections: [], electoralCycles: [], issueAreas: [], mechanisms: [], meetings: [],
    commitments: [], assessments: [], recommendations: [], developments: [], sources: [],
  };
}
