/** The CAMEO↔PLOVER crosswalk on the real CAMEO2PLOVER-2021.txt, PLOVER's quad table and older names. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CameoPloverCrosswalk, CrosswalkError, LEGACY_PLOVER_TYPES, PLOVER_EVENT_TYPES, PLOVER_QUAD, parseCameoPloverCrosswalk, ploverCodingOf, resolvePloverType } from '../../src/domain/events/plover.ts';
import { lookups, loadCrosswalk } from '../../src/ingest/events/lookups.ts';
import { cameoTable, fixture } from '../support/paths.ts';

const text = readFileSync(fixture('cameo', 'cameo-to-plover-2021.txt'), 'utf8');
const entries = parseCameoPloverCrosswalk(text);
const xw = new CameoPloverCrosswalk(entries);

describe('CAMEO2PLOVER-2021.txt', () => {
  test('every mapping line is parsed: 276 lines, 19 of them root lines', () => {
    const mappingLines = text.split('\n').filter((l) => /^\d{2,4}:/.test(l));
    assert.equal(mappingLines.length, 276);
    assert.equal(entries.length, 276);
    assert.equal(entries.filter((e) => e.root).length, 19);
    assert.deepEqual(entries.map((e) => e.line), text.split('\n').flatMap((l, i) => (/^\d{2,4}:/.test(l) ? [i + 1] : [])));
  });

  test('roots 01 and 02 are dropped: no line, and no PLOVER type for their codes', () => {
    assert.equal(entries.some((e) => e.code.startsWith('01') || e.code.startsWith('02')), false);
    for (const c of ['01', '010', '0214', '02', '020']) assert.equal(xw.of(c), null, c);
  });

  test('types, modes and contexts as written, several contexts split on ;', () => {
    assert.deepEqual(xw.of('042'), { type: 'CONSULT', mode: 'visit', contexts: [] });
    assert.deepEqual(xw.of('091'), { type: 'ACCUSE', mode: 'investigate', contexts: ['crime', 'corruption'] });
    assert.deepEqual(xw.of('0861'), { type: 'RETREAT', mode: 'access', contexts: ['peacekeeping'] });
    assert.deepEqual(xw.of('163'), { type: 'COERCE', mode: 'restrict', contexts: ['diplomatic'] });
    assert.deepEqual(xw.of('1712'), { type: 'ASSAULT', mode: 'seize', contexts: ['human_security'] });
    assert.equal(xw.of('175')?.type, 'ASSAULT', '175 has two agreeing lines');
  });

  test('codes without a line of their own fall back to the parent, then the root line (not the split root 08)', () => {
    assert.deepEqual(xw.of('1951'), xw.of('195'));
    assert.equal(xw.of('03')?.type, 'AGREE');
    assert.equal(xw.of('08'), null);
    assert.equal(xw.of('080')?.type, 'CONCEDE');
    assert.equal(xw.of('084')?.type, 'RETREAT');
  });

  test('every CAMEO code of the codebook outside roots 01–02 gets a PLOVER type', () => {
    const codes = [...lookups().codebook.codes()].map((c) => c.code);
    const unplaced = codes.filter((c) => !['01', '02'].includes(c.slice(0, 2)) && xw.of(c) === null);
    assert.deepEqual(unplaced, ['08']);
    assert.deepEqual(xw.cameoCodesOf(['SANCTION'], codes), ['16', '160', '161', '162', '1621', '1622', '1623', '164', '165', '166', '1661', '1662', '1663']);
  });

  test('the run-time copy in data/cameo reads the same', () => {
    assert.equal(readFileSync(cameoTable('cameo-to-plover-2021.txt').replace('test/fixtures/cameo', 'data/cameo'), 'utf8'), text);
    assert.deepEqual(loadCrosswalk().entries, entries);
  });

  test('an event\'s PLOVER coding: its own, else its CAMEO code\'s', () => {
    const own = { type: 'PROTEST' as const, mode: 'demo', contexts: ['migration'] };
    assert.deepEqual(ploverCodingOf({ cameoCode: null, plover: own }, xw), own);
    assert.deepEqual(ploverCodingOf({ cameoCode: '1123' }, xw), { type: 'ACCUSE', mode: 'allege', contexts: ['military'] });
    assert.equal(ploverCodingOf({ cameoCode: '010' }, xw), null);
  });

  test('a line that does not read is an error naming its line', () => {
    assert.throws(() => parseCameoPloverCrosswalk('# head\n040: CONSULT\n041 CONSULT, phone\n'), (e: Error) => e instanceof CrosswalkError && /:3: expected/.test(e.message));
    assert.throws(() => parseCameoPloverCrosswalk('040: CONFER, ,\n'), /:1: "CONFER" is not a PLOVER event type/);
    assert.throws(() => new CameoPloverCrosswalk(parseCameoPloverCrosswalk('040: CONSULT\n040: AGREE\n')), /mapped twice, differently/);
  });
});

describe('PLOVER types', () => {
  test('16 types, quad classes from the manual, SANCTION = 4', () => {
    assert.equal(PLOVER_EVENT_TYPES.length, 16);
    const csv = readFileSync(fixture('cameo', 'plover-event-types.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const [type, quad, inSection] of csv) {
      assert.equal(PLOVER_QUAD[type as keyof typeof PLOVER_QUAD], Number(inSection), type);
      if (type !== 'SANCTION') assert.equal(quad, inSection);
    }
    assert.equal(PLOVER_QUAD.SANCTION, 4);
  });

  test('older names resolve to current ones', () => {
    assert.deepEqual(resolvePloverType('demand'), { type: 'REQUEST', mode: null, context: null, quad: 3, legacy: true });
    assert.deepEqual(resolvePloverType('DISAPPROVE'), { type: 'ACCUSE', mode: 'disapprove', context: null, quad: 3, legacy: true });
    assert.deepEqual(resolvePloverType('INVESTIGATE')?.mode, 'investigate');
    assert.deepEqual(resolvePloverType('CRIME'), { type: null, mode: null, context: 'crime', quad: 4, legacy: true });
    assert.equal(resolvePloverType('Assault')?.type, 'ASSAULT');
    assert.equal(resolvePloverType('CONDEMN'), null);
    for (const v of Object.values(LEGACY_PLOVER_TYPES)) if (v.type !== null) assert.equal(v.quad, PLOVER_QUAD[v.type]);
  });
});
