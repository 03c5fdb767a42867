/** The run-time lookup tables: byte-identical copies, the CAMEO codebook as data, and the country mapping report. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMEO_DATA_DIR, CAMEO_ISO_ALIASES, CountryMapper, lookups, unmappedCountryReport } from '../../src/ingest/events/index.ts';
import countries from 'i18n-iso-countries';
import { LONGEST_NAME } from '../../src/ingest/events/countries.ts';
import { cameoParents, splitActorCode } from '../../src/domain/events/cameo.ts';
import { altQuad, gdeltQuad } from '../support/oracle.ts';
import { cpuSeconds } from '../support/cpu.ts';
import { CAMEO_TABLE } from './support.ts';

describe('data/cameo copies', () => {
  test('data/cameo holds the seven run-time tables, and SOURCES.md names each', () => {
    const files = readdirSync(CAMEO_DATA_DIR).filter((f) => f !== 'SOURCES.md').sort();
    assert.deepEqual(files, ['cameo-actor-types.csv', 'cameo-codes.csv', 'cameo-country-codes.csv', 'cameo-event-codes.csv', 'cameo-to-plover-2021.txt', 'icews-country-names.tsv', 'icews-sector-agents.tsv']);
    const sources = readFileSync(join(CAMEO_DATA_DIR, 'SOURCES.md'), 'utf8');
    for (const f of files) assert.ok(sources.includes(`\`${f}\``), `SOURCES.md lacks ${f}`);
  });
});

describe('CAMEO codebook loaded as data', () => {
  const book = lookups().codebook;

  test('315 codes: the 312 of cameo-codes.csv plus the ICEWS-only 1214, 1951, 1952', () => {
    assert.equal(book.size, 315);
    for (const c of ['106', '1213', '1214', '1951', '1952']) assert.ok(book.has(c), c);
    assert.equal(book.has('10'), true);
    assert.equal(book.has('010'), true);
    assert.notEqual(book.get('10')?.name, book.get('010')?.name);
  });

  test('names, Goldstein scores and roots from the codebook', () => {
    assert.equal(book.get('010')?.name, 'Make statement');
    assert.equal(book.get('0256')?.name, 'Appeal for de-escalation of military engagement');
    assert.equal(book.get('1951')?.name, 'Employ precision-guided aerial munitions');
    assert.deepEqual([book.get('016')?.goldsteinGdelt, book.get('016')?.goldsteinCodebook], [-2, -5]);
    assert.deepEqual([book.get('022')?.goldsteinGdelt, book.get('022')?.goldsteinCodebook], [3.2, 3.4]);
    assert.deepEqual([book.get('164')?.goldsteinGdelt, book.get('164')?.goldsteinCodebook], [-7, -6.5]);
    assert.deepEqual([book.get('165')?.goldsteinGdelt, book.get('165')?.goldsteinCodebook], [-6.5, -7]);
    assert.deepEqual([book.get('1213')?.goldsteinGdelt, book.get('1213')?.goldsteinCodebook], [null, -4]);
    assert.deepEqual([book.get('1214')?.goldsteinGdelt, book.get('1214')?.goldsteinCodebook], [null, null]);
    assert.match(book.get('010')?.description ?? '', /^All public statements/);
    for (const c of book.codes()) {
      assert.deepEqual({ rootCode: c.rootCode, baseCode: c.baseCode }, cameoParents(c.code), c.code);
      assert.equal(c.quadGdelt, gdeltQuad(Number(c.rootCode)), c.code);
      assert.equal(c.quadAlt, altQuad(Number(c.rootCode)), c.code);
      assert.equal(c.level, c.code.length === 2 ? 1 : c.code.length === 3 ? 2 : 3);
    }
  });

  test('the GDELT Goldstein column equals GDELT’s own lookup file', () => {
    const lines = readFileSync(CAMEO_TABLE('gdelt-CAMEO.goldsteinscale.txt'), 'utf8').trim().split('\n').slice(1);
    assert.equal(lines.length, 311);
    for (const line of lines) {
      const [code, score] = line.replace(/\r$/, '').split('\t');
      assert.equal(book.get(code ?? '')?.goldsteinGdelt, Number(score), code);
    }
  });

  test('splitActorCode cuts agent chains into three-letter blocks', () => {
    assert.deepEqual(splitActorCode('GOVMIL'), ['GOV', 'MIL']);
    assert.equal(splitActorCode('---'), null);
    assert.equal(splitActorCode('iSec'), null);
  });
});

describe('country mapping to ISO 3166-1 alpha-3', () => {
  const lk = lookups();
  const m = new CountryMapper(lk);

  test('old and private CAMEO codes with a true ISO equivalent are mapped; GDELT sub-national codes go to their state', () => {
    const expect: Record<string, string> = { ROM: 'ROU', TMP: 'TLS', MTN: 'MNE', IMY: 'IMN', BAG: 'IRQ', GZS: 'PSE', WSB: 'PSE', USA: 'USA', MEX: 'MEX', CAN: 'CAN', USAASM: 'ASM', GBRIMY: 'IMN', PSEGZA: 'PSE', FRNWLF: 'WLF' };
    for (const [code, iso] of Object.entries(expect)) assert.equal(m.fromCameo(code), iso, code);
    assert.deepEqual(Object.keys(CAMEO_ISO_ALIASES).sort(), ['BAG', 'GZA', 'GZS', 'IMY', 'MTN', 'ROM', 'TMP', 'WSB']);
  });

  test('a code in another case is no ISO code: it stays unmapped, not stored as written (found by the fuzz suite)', () => {
    // i18n-iso-countries' isValid ignores case: a flipped bit made GDELT's SYR into SYc, which was
    // taken for an ISO code and stored as the country, against the schema's /^[A-Z]{3}$/.
    for (const code of ['SYc', 'usa', 'Mex', 'usaASM', 'USAasm', 'rom']) {
      assert.equal(m.fromCameo(code), null, code);
      assert.equal(m.explainCameo(code).via, 'unmapped', code);
    }
  });

  test('the report of CAMEO codes without an ISO equivalent: 25 regions, 9 historical states and ANT', () => {
    const r = unmappedCountryReport(lk);
    const codes = r.cameo.map((x) => x.raw).sort();
    assert.deepEqual(codes, ['AFR', 'ANT', 'ASA', 'BLK', 'CAS', 'CAU', 'CEU', 'CFR', 'CRB', 'CZA', 'EAF', 'EEU', 'EIN', 'EUR', 'FRY', 'GME', 'GMW', 'LAM', 'MDT', 'MEA', 'NAF', 'NMR', 'PGS', 'SAF', 'SAM', 'SAS', 'SCG', 'SCN', 'SEA', 'USR', 'WAF', 'WST', 'YMN', 'YMS', 'YUG']);
    const kinds = new Map<string, number>();
    for (const code of codes) {
      const k = lk.cameoCountries.get(code)?.kind ?? '?';
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(kinds), { region: 25, state_or_territory: 1, historical_state: 9 });
    assert.match(r.cameo.find((x) => x.raw === 'NMR')?.note ?? '', /region: North America/);
    // Every code the table marks as ISO maps to itself.
    for (const row of lk.cameoCountries.values()) if (row.isIsoAlpha3) assert.equal(m.fromCameo(row.code), row.code, row.code);
    assert.equal([...lk.cameoCountries.keys()].filter((c) => m.fromCameo(c) !== null).length, 235);
  });

  test('ICEWS names: all but Kosovo and the Netherlands Antilles map; where the package knows a closer ISO code, it wins', () => {
    const r = unmappedCountryReport(lk);
    assert.deepEqual(r.icews.map((x) => x.raw).sort(), ['Kosovo', 'Netherlands Antilles']);
    const expect: Record<string, string> = {
      'United States': 'USA', Mexico: 'MEX', Canada: 'CAN', Syria: 'SYR', Laos: 'LAO', 'Timor Leste': 'TLS',
      Antarctica: 'ATA', Jersey: 'JEY', Mayotte: 'MYT', 'Isle Of Man': 'IMN', Gaza: 'PSE', 'Serbia and Montenegro': 'SRB',
    };
    for (const [name, iso] of Object.entries(expect)) assert.equal(m.fromIcewsName(name), iso, name);
    assert.equal(m.fromIcewsName('Kosovo'), null, 'XKK is user-assigned, not ISO');
  });

  test('GDELT place names: the country is their last part, spelt GDELT’s way', () => {
    const expect: Record<string, string | null> = {
      'Edinburg, Texas, United States': 'USA', 'Nuevo Eden, Chiapas, Mexico': 'MEX', 'Ottawa, Ontario, Canada': 'CAN',
      'Da Nang, Ð N?ng, Vietnam, Republic Of': 'VNM', 'Bahamas, The': 'BHS', 'Belgrade, Serbia (general), ': 'SRB',
      'Bosnia-Herzegovina': 'BIH', 'Vatican City': 'VAT', 'West Bank': 'PSE', 'Atlanta, Georgia, United States': 'USA', Georgia: 'GEO',
      'Somewhere, Atlantis': null,
    };
    for (const [name, iso] of Object.entries(expect)) assert.equal(m.fromPlaceName(name), iso, name);
  });

  test('a hostile name of a million spaces or commas before a letter is judged in linear time (found by the fuzz suite)', async () => {
    // /[\s,]+$/ and /\s*\(general\)\s*$/ backtracked over such runs: 80,000 spaces took 9 s, a million hours.
    const run = 1_000_000;
    const { seconds } = await cpuSeconds(() => {
      const names = [' '.repeat(run), ', '.repeat(run / 2), '\t'.repeat(run)].flatMap((r) => [`${r}x`, `${r}-`, `Mexico${r}x`, `x${r}(general)`, `${r}Mexico`]);
      for (const name of names) assert.equal(m.fromPlaceName(name), name.endsWith('Mexico') ? 'MEX' : null);
      assert.equal(m.fromCountryName(`${' '.repeat(run)}x`), null);
      assert.equal(m.fromPlaceName(`Monterrey, Nuevo Leon, Mexico${' ,'.repeat(1000)}`), 'MEX', 'trailing spaces and commas still trimmed');
      assert.equal(m.fromPlaceName('Belgrade, Serbia  (GENERAL)  '), 'SRB', '(general) in any case still removed');
    });
    assert.ok(seconds < 5, `took ${seconds.toFixed(1)} s of CPU`);
  });

  test('an ICEWS country of megabytes is judged at once, not lower-cased once per country (found by the fuzz suite)', async () => {
    // The package's name lookup lower-cases its argument for each of its 250 countries: an ICEWS row
    // whose Source Country was 3 MB took 2.5 s, a 64 MiB line would take about a minute.
    const { seconds } = await cpuSeconds(() => {
      for (const fill of ['x', '-', ', ', 'é']) assert.equal(m.fromIcewsName(`${fill.repeat(3_000_000 / fill.length)}, Mexico`), null);
      assert.equal(m.explainIcewsName('x'.repeat(LONGEST_NAME + 1)).via, 'unmapped');
      assert.equal(m.fromIcewsName('Mexico'), 'MEX');
    });
    assert.ok(seconds < 1, `took ${seconds.toFixed(1)} s of CPU`);
  });

  test('no name the tables know is longer than LONGEST_NAME, past which a name is taken for no country', () => {
    const names = [
      ...Object.values(countries.getNames('en', { select: 'all' })).flat(), ...lk.icewsCountryNames.keys(),
      ...[...lk.cameoCountries.values()].map((c) => c.name),
    ];
    const longest = names.reduce((a, b) => (b.length > a.length ? b : a), '');
    assert.ok(longest.length + ' (general)'.length < LONGEST_NAME, longest);
  });
});
