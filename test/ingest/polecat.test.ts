/**
 * POLECAT reader. No real POLECAT rows are public in the sources this project may copy, so the two
 * files in test/fixtures/polecat/ were built for the tests from the documented layout (FORMATS.md §6
 * and the public readers cited in src/ingest/events/formats/polecat/parser.ts): the 40-column header,
 * `None` for missing values, Quad Code in words, `; ` between countries, and the release quirks —
 * `Event Intensity` for `Intensity`, a `Headline` name the rows lack, surplus empty tabs, ISO-8859-1.
 * Further variants are derived from them here.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { PoliticalEvent } from '../../src/domain/events/event.ts';
import { detectFormat, formatFromName } from '../../src/ingest/events/index.ts';
import { fixture } from '../support/paths.ts';
import { byId, readAll, tempDir } from './support.ts';

const YEARLY = fixture('polecat', 'ngecEvents.DV.2018.txt');
const WEEKLY = fixture('polecat', 'ngecEvents.20230103111842.Release603.DV.txt');
const tmp = tempDir('intermestic-polecat-');
after(() => tmp.cleanup());

describe('POLECAT yearly file (UTF-8, `Intensity`)', async () => {
  const r = await readAll(YEARLY);
  const ev = byId(r.events);

  test('detected by its header, before ICEWS whose header also starts Event ID, Event Date', () => {
    assert.equal(r.format, 'polecat');
    assert.match(r.stats.formatReason, /POLECAT header/);
    assert.equal(formatFromName('ngecEvents.DV.2018.txt'), 'polecat');
    assert.equal(formatFromName('ngecEvents.20230103111842.Release603.DV.txt.zip'), 'polecat');
    assert.equal(formatFromName('ngecEventsDV-2022-05.txt'), 'polecat');
    assert.equal(formatFromName('notes.txt'), null);
    const head = readFileSync(YEARLY, 'utf8').split('\n')[0] as string;
    assert.equal(detectFormat('renamed.tsv', [head]).format, 'polecat');
  });

  test('8 events and 3 rejects, each naming line, field and reason', () => {
    assert.equal(r.stats.rows, 11);
    assert.equal(r.events.length, 8);
    assert.deepEqual(r.rejects.map((x) => [x.line, x.field]), [[9, 'Event Type'], [10, 'Event Date'], [11, 'Quad Code']]);
    assert.match(r.rejects[0]!.reason, /unknown PLOVER event type "CONDEMN"/);
    assert.match(r.rejects[1]!.reason, /impossible date "2018-02-30"/);
    assert.match(r.rejects[2]!.reason, /"VERBAL HOSTILITY"/);
    for (const e of r.events) assert.deepEqual(PoliticalEvent.parse(e), e, `${e.sourceEventId} passes the schema unchanged`);
  });

  test('PLOVER type, mode and contexts kept; no CAMEO code invented', () => {
    const e = ev.get('20180302-0002')!;
    assert.deepEqual(e.plover, { type: 'ACCUSE', mode: 'allege', contexts: ['cyber', 'misinformation'] });
    assert.equal(e.cameoCode, null);
    assert.equal(e.rootCode, null);
    assert.deepEqual([e.quadClass, e.quadConvention, e.goldstein, e.intensity], [3, 'file', -3, -3]);
    assert.deepEqual([e.source.country, e.source.countryRaw, e.target.country], ['USA', 'United States', 'RUS']);
    assert.deepEqual(e.source.sectors, ['GOV', 'SPY']);
    assert.deepEqual([e.locationName, e.locationCountry, e.latitude], ['Washington', 'USA', 38.9]);
  });

  test('a missing Quad Code is derived with PLOVER\'s own table and said so', () => {
    const e = ev.get('20180716-0005')!;
    assert.deepEqual([e.plover?.type, e.quadClass, e.quadConvention], ['AGREE', 1, 'plover']);
    assert.equal(r.stats.quadDerived, 1);
    assert.equal(ev.get('20180326-0003')!.quadClass, 4, 'SANCTION as the file says');
  });

  test('older PLOVER names map to the current ones: DEMAND → REQUEST, CRIME → context crime', () => {
    assert.deepEqual(ev.get('20180412-0004')!.plover, { type: 'REQUEST', mode: null, contexts: ['military'] });
    assert.deepEqual(ev.get('20180801-0006')!.plover, { type: null, mode: null, contexts: ['illegal_drugs', 'crime'] });
    assert.deepEqual(Object.fromEntries(r.stats.legacyPloverTypes), { DEMAND: 1, CRIME: 1 });
  });

  test('a country list keeps its first country, the whole list raw; names and ISO codes both map', () => {
    const e = ev.get('20180905-0007')!;
    assert.deepEqual([e.source.country, e.source.countryRaw, e.target.country, e.locationCountry], ['USA', 'United States; Canada', 'MEX', 'MEX']);
    assert.deepEqual(ev.get('20181120-0011')!.target.sectors, ['GOV', 'PTY']);
    assert.equal(ev.get('20181120-0011')!.target.name, 'Andrés Manuel López Obrador');
  });

  test('strict mode stops at the first bad row with file:line:field', async () => {
    await assert.rejects(readAll(YEARLY, { strict: true }), /ngecEvents\.DV\.2018\.txt:9:Event Type: unknown PLOVER event type/);
  });

  test('gzip and a header-less file', async () => {
    const gz = tmp.path('ngecEvents.DV.2018.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(YEARLY)));
    const z = await readAll(gz);
    assert.equal(z.events.length, 8);
    const noHeader = tmp.path('ngecEvents.DV.2019.txt');
    writeFileSync(noHeader, readFileSync(YEARLY, 'utf8').split('\n').slice(1).join('\n'));
    await assert.rejects(readAll(noHeader, { format: 'polecat' }), /not a POLECAT header: missing column\(s\) Event ID/);
  });

  test('reordered columns read by name', async () => {
    const rows = readFileSync(YEARLY, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    const order = rows[0]!.map((_, i) => i).reverse();
    const p = tmp.path('reordered.txt');
    writeFileSync(p, rows.map((f) => order.map((i) => f[i]).join('\t')).join('\n') + '\n');
    const x = await readAll(p, { format: 'polecat' });
    assert.deepEqual(x.events, r.events);
  });
});

describe('POLECAT weekly release (ISO-8859-1, `Event Intensity`, `Headline`, surplus tabs)', async () => {
  const r = await readAll(WEEKLY);
  const ev = byId(r.events);

  test('every row reads: the Headline name is skipped, surplus empty tabs dropped, Latin-1 decoded', () => {
    assert.equal(r.format, 'polecat');
    assert.deepEqual(r.rejects, []);
    assert.equal(r.events.length, 3);
    assert.equal(r.stats.latin1Lines, 2, "the two rows with accented names");
    assert.deepEqual(r.stats.ignoredColumns, ['Headline']);
    const e = ev.get('20230102-1001')!;
    assert.equal(e.source.name, 'Andrés Manuel López Obrador');
    assert.equal(e.locationName, 'Ciudad de México');
    assert.deepEqual([e.intensity, e.plover?.mode, e.source.country, e.target.country], [2.5, 'phone', 'MEX', 'USA']);
    assert.deepEqual(ev.get('20230103-1002')!.source.sectors, ['CVL', 'REF']);
  });

  test('text in a surplus column is a reject naming the columns', async () => {
    const lines = readFileSync(WEEKLY).toString('latin1').split('\n');
    lines[1] = `${lines[1]}oops`;
    const p = tmp.path('surplus.txt');
    writeFileSync(p, Buffer.from(lines.join('\n'), 'latin1'));
    const x = await readAll(p, { format: 'polecat' });
    assert.deepEqual(x.rejects.map((j) => [j.line, j.field]), [[2, 'columns']]);
    assert.match(x.rejects[0]!.reason, /text past the last column/);
  });

  test('an intensity outside −10…10 is refused under the column name the file uses', async () => {
    const lines = readFileSync(WEEKLY).toString('latin1').split('\n');
    lines[3] = lines[3]!.replace('\t7\tMATERIAL COOPERATION', '\t70\tMATERIAL COOPERATION');
    const p = tmp.path('intensity.txt');
    writeFileSync(p, Buffer.from(lines.join('\n'), 'latin1'));
    const x = await readAll(p, { format: 'polecat' });
    assert.deepEqual(x.rejects.map((j) => [j.line, j.field]), [[4, 'Event Intensity']]);
  });
});
