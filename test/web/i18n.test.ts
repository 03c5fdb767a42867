/**
 * The message catalogues: every language has every key of the English catalogue and no other, each
 * message parses as ICU MessageFormat with the same placeholders as the English one, and every value
 * of the registry's enumerations that a page names through a key has its message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, LOCALES, translator } from '../../src/web/i18n.ts';
import { COLLECTIONS, DevelopmentKind, MechanismKind, MeetingLevel, SourceKind } from '../../src/domain/registry/schema.ts';
import { COUNT_KEYS, FORMULAS, SUB_SCORES, THRESHOLDS, noDataText, type NoData } from '../../src/domain/scorecard.ts';
import { ESSAY_ERAS } from '../../src/app/scorecard.ts';

/** The argument names a message uses (placeholders, plurals, selects), nested ones included. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: readonly unknown[]): void => {
    for (const n of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

/** Keys whose text is the same word in English and in the language. */
const SAME_WORDS: Record<string, string[]> = {
  es: ['nav.agenda', 'status.ad-hoc', 'basis.nominal', 'kind.multilateral', 'development.crisis', 'mechanism.virtual', 'compliance.kind.final', 'common.colon'],
  fr: ['nav.label', 'nav.agenda', 'nav.sources', 'status.ad-hoc', 'kind.commission', 'kind.consultation', 'collection.sources', 'col.date',
    'col.source', 'col.link', 'mechanism.parties', 'mechanism.participants', 'mechanism.sources', 'sources.title', 'brief.sources', 'brief.figure', 'scorecard.composite', 'scorecard.score', 'compliance.col.score',
    'col.mentions', 'events.mentions'],
};

describe('message catalogues', () => {
  const en = CATALOGUES.en;
  for (const locale of LOCALES) {
    test(`${locale}: the same keys as English, each parsing, with the same placeholders`, () => {
      const cat = CATALOGUES[locale];
      assert.deepEqual(Object.keys(cat).filter((k) => !(k in en)), [], 'keys English lacks');
      assert.deepEqual(Object.keys(en).filter((k) => !(k in cat)), [], `keys missing in ${locale}`);
      for (const [key, message] of Object.entries(cat)) {
        assert.deepEqual(argumentsOf(message, locale), argumentsOf(en[key]!, 'en'), `${locale} ${key}: placeholders`);
        if (locale !== 'en' && !(SAME_WORDS[locale] ?? []).includes(key)) {
          // Not left in English by mistake: only these few words are written the same in both languages.
          assert.notEqual(message, en[key], `${locale} ${key} is the English text`);
        }
      }
    });
  }

  test('every value a page names through a key has its message', () => {
    const keys = [
      ...['on-schedule', 'due', 'overdue', 'lapsed', 'ad-hoc', 'ended', 'not-yet-founded'].map((s) => `status.${s}`),
      ...['held', 'postponed', 'cancelled'].map((s) => `meeting.status.${s}`),
      ...['live', 'nominal', 'none'].map((s) => `coverage.${s}`),
      ...[1, 2, 3, 4].map((q) => `quad.${q}`),
      ...['day', 'week', 'month', 'quarter', 'year'].map((p) => `period.${p}`),
      ...['recorded', 'projected', 'nominal'].map((b) => `basis.${b}`),
      ...['annual', 'twice-a-year', 'ad-hoc'].map((c) => `cadence.${c}`),
      ...['complete', 'partial'].map((r) => `mechanism.record.${r}`),
      ...MechanismKind.options.map((k) => `kind.${k}`),
      ...MeetingLevel.options.map((k) => `level.${k}`),
      ...DevelopmentKind.options.map((k) => `development.${k}`),
      ...SourceKind.options.map((k) => `source.kind.${k}`),
      ...COLLECTIONS.map((c) => `collection.${c}`),
      // Every input of the scorecard (the formulas' keys other than the sub-scores and the composite).
      ...Object.keys(FORMULAS).filter((k) => !(SUB_SCORES as readonly string[]).includes(k) && k !== 'composite').map((k) => `scorecard.input.${k}`),
      // Every count an input may give, and every sub-score the composite may leave out.
      ...COUNT_KEYS.map((k) => `scorecard.count.${k}`), 'scorecard.count.engagedAgencies',
      ...SUB_SCORES.map((k) => `scorecard.${k}`),
    ];
    for (const locale of LOCALES) for (const k of keys) assert.ok(k in CATALOGUES[locale], `${locale}: ${k}`);
  });

  test("the scorecard's formulas: every one in each language, the English one the domain's own", () => {
    for (const [k, formula] of Object.entries(FORMULAS)) {
      for (const locale of LOCALES) assert.ok(`scorecard.formula.${k}` in CATALOGUES[locale], `${locale}: scorecard.formula.${k}`);
      assert.equal(translator('en').t(`scorecard.formula.${k}` as never, { ...THRESHOLDS }), formula, k);
    }
    assert.match(translator('es').t('scorecard.formula.level', { ...THRESHOLDS }), /sin datos con menos de 5 eventos$/);
  });

  test("the scorecard's reasons for no data: each in each language, the English one the domain's own", () => {
    const cases: NoData[] = [0, 1, 2, 4].flatMap((n): NoData[] => [
      { reason: 'few-events', events: n, needed: THRESHOLDS.levelEvents },
      { reason: 'few-months', months: n, monthEvents: THRESHOLDS.monthEvents, needed: THRESHOLDS.steadinessMonths },
      { reason: 'none-scored', commitments: n + 1 },
      { reason: 'few-conflict-events', events: n, needed: THRESHOLDS.conflictEvents },
    ]).concat([{ reason: 'none-assessed' }, { reason: 'no-active-mechanism' }, { reason: 'no-issue-areas' }, { reason: 'no-lead-agencies' }, { reason: 'no-disputes' }]);
    for (const w of cases) {
      const { reason, ...values } = w;
      for (const locale of LOCALES) assert.ok(`scorecard.why.${reason}` in CATALOGUES[locale], `${locale}: scorecard.why.${reason}`);
      assert.equal(translator('en').t(`scorecard.why.${reason}` as never, values), noDataText(w), JSON.stringify(w));
    }
    assert.equal(translator('es').t('scorecard.why.few-events', { events: 1, needed: 5 }), '1 evento entre los miembros (se necesitan al menos 5)');
    // The essays' eras: each in each language, the English one the use case's label.
    for (const e of ESSAY_ERAS) {
      for (const locale of LOCALES) assert.ok(`scorecard.era.${e.id}` in CATALOGUES[locale], `${locale}: scorecard.era.${e.id}`);
      assert.equal(translator('en').t(`scorecard.era.${e.id}` as never), e.label);
    }
    // The coverage note: the English one the use case's own, for counts written the same (below 1,000).
    for (const [events, days] of [[0, 0], [1, 1], [725, 14]] as const) {
      const s = (n: number): string => (n === 1 ? '' : 's');
      assert.equal(translator('en').t('scorecard.coverageNote', { events, days, from: '2018', to: '2019' }),
        `${events} event${s(events)} between the members on ${days} day${s(days)} of 2018–2019: level, steadiness and bounded rest on these and have no data where they are too few; the other inputs rest on the registry.`);
    }
    assert.equal(translator('fr').t('scorecard.why.few-months', { months: 2, monthEvents: 5, needed: 3 }), "2 mois d'au moins 5 événements (il en faut au moins 3)");
  });

  test('plurals, dates and registry text follow the language, English marked where a record has no translation', () => {
    const es = translator('es');
    assert.equal(es.t('mechanism.meetings', { count: 1 }), '1 reunión');
    assert.equal(es.t('mechanism.meetings', { count: 15 }), '15 reuniones');
    assert.equal(translator('fr').t('mechanism.meetings', { count: 0 }), 'Aucune réunion relevée');
    // A cadence of one month reads as such, not "every 1 months".
    assert.deepEqual((['en', 'es', 'fr'] as const).map((l) => translator(l).t('cadence.everyNMonths', { months: 1 })), ['every month', 'cada mes', 'tous les mois']);
    assert.equal(es.t('cadence.everyNMonths', { months: 6 }), 'cada 6 meses');
    assert.equal(es.date('2016-06-29'), '29 jun 2016');
    assert.equal(translator('fr').date('2016-06'), 'juin 2016');
    assert.equal(translator('en').date('2016'), '2016');
    assert.deepEqual(es.localized({ en: 'Summit', es: 'Cumbre' }), { text: 'Cumbre', lang: 'es', fallback: false });
    assert.deepEqual(translator('fr').localized({ en: 'Summit', es: 'Cumbre' }), { text: 'Summit', lang: 'en', fallback: true });
    assert.equal(translator('fr').percent(0.2), '20\u00a0%', 'a no-break space before % in French');
  });
});
