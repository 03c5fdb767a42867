/** The synthetic GDELT 2.0 generator the benchmark uses: deterministic, valid, realistically skewed. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { gdeltQuad } from '../support/oracle.ts';
import { lookups } from '../../src/ingest/events/index.ts';
import { syntheticGdelt2Rows, writeSyntheticGdelt2File } from '../../bench/synthetic.ts';
import { readAll, tempDir } from '../ingest/support.ts';

describe('syntheticGdelt2Rows', async () => {
  const tmp = tempDir();
  after(tmp.cleanup);
  const N = 20_000;
  const file = tmp.path('20240101000000.export.CSV');
  const written = await writeSyntheticGdelt2File(file, N, { seed: 42 });
  const r = await readAll(file);

  test('the same seed gives the same rows; another seed other rows', () => {
    const a = [...syntheticGdelt2Rows(50, { seed: 1 })];
    const b = [...syntheticGdelt2Rows(50, { seed: 1 })];
    const c = [...syntheticGdelt2Rows(50, { seed: 2 })];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(a.every((row) => row.split('\t').length === 61));
  });

  test('the written file is read as GDELT 2.0 with no reject', () => {
    assert.equal(written.rows, N);
    assert.equal(written.bytes, statSync(file).size);
    assert.equal(r.format, 'gdelt2');
    assert.deepEqual(r.rejects, []);
    assert.equal(r.events.length, N);
    assert.equal(new Set(r.events.map((e) => e.sourceEventId)).size, N);
  });

  test('real CAMEO codes with GDELT’s Goldstein value and quad class; dates over 2015–2024', () => {
    const book = lookups().codebook;
    for (const e of r.events) {
      assert.equal(e.goldstein, book.get(e.cameoCode)?.goldsteinGdelt);
      assert.equal(e.quadClass, gdeltQuad(Number(e.rootCode)));
      assert.ok(e.eventDate >= '2015-01-01' && e.eventDate <= '2024-12-31');
    }
    const years = new Set(r.events.map((e) => e.eventDate.slice(0, 4)));
    assert.equal(years.size, 10);
    const codes = new Set(r.events.map((e) => e.cameoCode));
    assert.ok(codes.size > 150, `only ${codes.size} distinct codes`);
  });

  test('actors skew toward a few countries, USA first, with MEX and CAN in the top five', () => {
    const count = new Map<string, number>();
    for (const e of r.events) for (const a of [e.source, e.target]) if (a.country) count.set(a.country, (count.get(a.country) ?? 0) + 1);
    const ranked = [...count].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    assert.equal(ranked[0], 'USA');
    assert.ok(ranked.slice(0, 5).includes('MEX') && ranked.slice(0, 5).includes('CAN'), ranked.slice(0, 5).join(' '));
    const usa = count.get('USA') ?? 0;
    const total = [...count.values()].reduce((a, b) => a + b, 0);
    assert.ok(usa / total > 0.2 && usa / total < 0.45);
    assert.ok(r.events.every((e) => e.locationName === null || e.locationCountry !== null), 'every synthetic place resolves to a country');
  });
});
