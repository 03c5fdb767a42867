/**
 * POLECAT on a store: import (transactional, idempotent), PLOVER coding read back, and one series
 * mixing a CAMEO source (the real GDELT 2.0 sample) with a PLOVER one (the POLECAT fixture built from
 * the documented layout, test/fixtures/README.md), on the embedded store and on PostgreSQL.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { importEventFile } from '../../src/ingest/events/pipeline.ts';
import { ploverTables } from '../../src/ingest/events/lookups.ts';
import { eventSeries } from '../../src/app/events.ts';
import { SeriesParams } from '../../src/app/params.ts';
import { freshStores, type Engine } from '../support/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { fixture } from '../support/paths.ts';
import { GDELT2, fileLines, tempDir } from '../ingest/support.ts';

const YEARLY = fixture('polecat', 'ngecEvents.DV.2018.txt');
const WEEKLY = fixture('polecat', 'ngecEvents.20230103111842.Release603.DV.txt');

export function polecatStoreSuite(engine: Engine): void {
  const tmp = tempDir(`intermestic-polecat-${engine}-`);
  const stores = freshStores(engine, tmp.dir);
  let n = 0;
  after(async () => {
    await stores.dispose();
    tmp.cleanup();
  });
  const fresh = (): Promise<Store> => stores.open(`store-${++n}.db`);
  const services = (store: Store) => ({ events: store, eventFiles: { ploverTables: async () => ploverTables() } });

  describe(`POLECAT on ${engine}`, () => {
    test('import keeps the PLOVER coding and no CAMEO code; a second import adds nothing', async () => {
      const store = await fresh();
      try {
        const first = await importEventFile(store, YEARLY, { rejectsPath: tmp.path('r1.tsv') });
        assert.deepEqual([first.format, first.inserted, first.duplicates, first.rejected, first.parsedBy], ['polecat', 8, 0, 3, 'reader']);
        assert.equal(readFileSync(tmp.path('r1.tsv'), 'utf8').trim().split('\n').length, 4, 'header and three rejects');
        const again = await importEventFile(store, YEARLY, { rejectsPath: tmp.path('r2.tsv') });
        assert.deepEqual([again.inserted, again.duplicates], [0, 8]);
        const weekly = await importEventFile(store, WEEKLY, { rejectsPath: tmp.path('r3.tsv') });
        assert.deepEqual([weekly.inserted, weekly.rejected], [3, 0]);
        const stored = await store.listEvents({ countries: ['USA', 'RUS'] }, 100);
        const accuse = stored.find((e) => e.sourceEventId === '20180302-0002')!;
        assert.deepEqual(accuse.plover, { type: 'ACCUSE', mode: 'allege', contexts: ['cyber', 'misinformation'] });
        assert.deepEqual([accuse.cameoCode, accuse.rootCode, accuse.quadConvention], [null, null, 'file']);
        const crime = (await store.listEvents({ countries: ['MEX', 'USA'], datasets: ['polecat'] }, 100)).find((e) => e.sourceEventId === '20180801-0006')!;
        assert.deepEqual(crime.plover, { type: null, mode: null, contexts: ['illegal_drugs', 'crime'] });
        const mx = (await store.listEvents({ countries: ['MEX', 'USA'] }, 100)).find((e) => e.sourceEventId === '20230102-1001')!;
        assert.equal(mx.source.name, 'Andrés Manuel López Obrador', 'ISO-8859-1 text stored as Unicode');
        assert.deepEqual((await store.eventStats()).byDataset, [{ dataset: 'polecat', events: 11, from: '2018-01-15', to: '2023-01-04' }]);
      } finally {
        await store.close();
      }
    });

    test('a file that fails half-way leaves nothing behind', async () => {
      const store = await fresh();
      try {
        const lines = fileLines(YEARLY);
        const p = tmp.path('ngecEvents.DV.2017.txt');
        writeFileSync(p, lines.join('\n'));
        await assert.rejects(importEventFile(store, p, { rejectsPath: tmp.path('r4.tsv'), strict: true }), /:9:Event Type/);
        assert.equal((await store.eventStats()).total, 0);
      } finally {
        await store.close();
      }
    });

    test('one series mixes GDELT (CAMEO) and POLECAT (PLOVER), says its conventions, and filters by PLOVER type', async () => {
      const store = await fresh();
      try {
        await importEventFile(store, GDELT2, { rejectsPath: tmp.path('r5.tsv') });
        await importEventFile(store, YEARLY, { rejectsPath: tmp.path('r6.tsv') });
        const s = services(store);
        const all = await eventSeries(s, SeriesParams.parse({ dyad: 'USA-RUS', by: 'year' }));
        assert.deepEqual(all.points.map((p) => [p.period, p.events]), [['2017-01-01', 9], ['2018-01-01', 5]]);
        assert.deepEqual(all.conventions, [
          { dataset: 'gdelt2', events: 9, coding: 'cameo', quadConvention: 'file', scoreConvention: 'goldstein-gdelt' },
          { dataset: 'polecat', events: 4, coding: 'plover', quadConvention: 'file', scoreConvention: 'plover-intensity' },
          { dataset: 'polecat', events: 1, coding: 'plover', quadConvention: 'plover', scoreConvention: 'plover-intensity' },
        ]);
        const p2018 = all.points[1]!;
        assert.deepEqual(p2018.quad, { 1: 2, 2: 0, 3: 2, 4: 1 });
        assert.equal(p2018.goldsteinMean, (4 - 3 - 6.5 - 4 + 2.5) / 5);
        // GDELT's rows of the dyad by their CAMEO code through the crosswalk, POLECAT's by their own type.
        const gdelt = await store.listEvents({ countries: ['USA', 'RUS'], datasets: ['gdelt2'] }, 100);
        const { crosswalk } = ploverTables();
        const consultCodes = gdelt.filter((e) => crosswalk.of(e.cameoCode)?.type === 'CONSULT').length;
        const consult = await eventSeries(s, SeriesParams.parse({ dyad: 'USA-RUS', by: 'year', plover: 'consult' }));
        assert.deepEqual(consult.filters.ploverTypes, ['CONSULT']);
        assert.deepEqual(consult.points.map((p) => [p.period, p.events]), [...(consultCodes > 0 ? [['2017-01-01', consultCodes]] : []), ['2018-01-01', 1]]);
        const none = await eventSeries(s, SeriesParams.parse({ dyad: 'USA-RUS', by: 'year', plover: 'AID' }));
        assert.equal(none.points.reduce((a, p) => a + p.events, 0), gdelt.filter((e) => crosswalk.of(e.cameoCode)?.type === 'AID').length);
        // Without the PLOVER filter, a GDELT-only series is what it was, plus its one convention.
        const g = await eventSeries(s, SeriesParams.parse({ dyad: 'USA-RUS', by: 'year', datasets: 'gdelt2' }));
        assert.deepEqual(g.points, all.points.slice(0, 1));
        assert.deepEqual(g.conventions.map((c) => c.dataset), ['gdelt2']);
      } finally {
        await store.close();
      }
    });
  });
}
