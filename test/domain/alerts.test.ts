// The alert rules (src/domain/alerts.ts) on constructed records whose dates were worked out by hand
// from the cadence rules, and on the bundled registry.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mechanismTransitions, registryAlerts, shiftMessages } from '../../src/domain/alerts.ts';
import { Commitment, Recommendation, type Registry } from '../../src/domain/registry/schema.ts';
import { BUNDLED_REGISTRY_DIR, registryFiles } from '../../src/ingest/registry/bundled.ts';
import { dataset, mechanism, meeting, SRC } from './build.ts';

describe('mechanism transitions', () => {
  // Annual, anchored on 2020-03-01: due from 2020-12-30 (61 days before 2021-03-01), overdue from
  // 2021-06-01 (91 days' grace + 1), lapsed from 2022-03-02 (two years + 1 day).
  const m = mechanism('m', { kind: 'annual' }, '2010', {});
  const meetings = [meeting('m', '2020-03-01')];

  it('each change once, on its day, within (since, at]', () => {
    assert.deepEqual(mechanismTransitions(m, meetings, { since: '2020-06-01', at: '2022-12-31' }).map((t) => [t.status, t.day]), [
      ['due', '2020-12-30'], ['overdue', '2021-06-01'], ['lapsed', '2022-03-02'],
    ]);
    // The window's first day is exclusive, its last inclusive.
    assert.deepEqual(mechanismTransitions(m, meetings, { since: '2020-12-30', at: '2021-06-01' }).map((t) => t.status), ['overdue']);
  });

  it('a window spanning a meeting judges each stretch with its own schedule', () => {
    // A meeting on 2021-04-10 (while due/overdue is coming) restarts the clock: due again from 2022-02-08.
    const two = [...meetings, meeting('m', '2021-04-10')];
    assert.deepEqual(mechanismTransitions(m, two, { since: '2020-06-01', at: '2022-12-31' }).map((t) => [t.status, t.day]), [
      ['due', '2020-12-30'], ['due', '2022-02-08'], ['overdue', '2022-07-11'],
    ]);
  });

  it('nothing after the end, nothing for an ad-hoc mechanism', () => {
    const ended = mechanism('m', { kind: 'annual' }, '2010', { ended: '2021-03-01' });
    assert.deepEqual(mechanismTransitions(ended, meetings, { since: '2020-06-01', at: '2022-12-31' }).map((t) => t.status), ['due']);
    assert.deepEqual(mechanismTransitions(mechanism('m', { kind: 'ad-hoc' }, '2010'), meetings, { since: '2000-01-01', at: '2030-01-01' }), []);
  });
});

describe('registry alerts', () => {
  it('a commitment past due without a final assessment; a transition window 30 days ahead; a recommendation whose mechanism lapses', () => {
    const registry = dataset({
      mechanisms: [mechanism('m', { kind: 'annual' }, '2010')],
      meetings: [meeting('m', '2020-03-01')],
      commitments: [Commitment.parse({ id: 'c', text: 'c', date: '2020-01-01', owner: 'MEX', dueDate: '2020-06', sources: SRC })],
      recommendations: [Recommendation.parse({ id: 'r', text: 'meet', author: 'a', document: 'test', date: '2021', addressedTo: ['USA'], mechanisms: ['m'], cadenceOf: ['m'], sources: SRC })],
      elections: [{ id: 'usa-2020', party: 'USA', date: '2020-11-03', inauguration: '2021-01-20', kind: 'presidential', sources: SRC }],
    });
    const alerts = registryAlerts(registry, { since: '2020-06-01', at: '2022-12-31' });
    assert.deepEqual(alerts.map((a) => a.id), [
      'commitment-unassessed:c:2020-07-01',
      'transition-window:USA:usa-2020:2020-10-04',
      'mechanism-due:m:2020-12-30',
      'mechanism-overdue:m:2021-06-01',
      'mechanism-lapsed:m:2022-03-02',
      'recommendation-lapse:r:m:2022-03-02',
    ]);
    const lapse = alerts.find((a) => a.rule === 'recommendation-lapse')!;
    assert.deepEqual([lapse.link, lapse.evidence.map((e) => `${e.collection}/${e.id}`)], ['/recommendations#r', ['recommendations/r', 'mechanisms/m', `meetings/${registry.meetings[0]!.id}`]]);
    // Each says what happened in the three languages of the app.
    const messages = (id: string) => alerts.find((a) => a.id === id)!.messages;
    assert.deepEqual(messages('commitment-unassessed:c:2020-07-01'), {
      en: "MEX's commitment c was due on 2020-06 and has no final assessment",
      es: 'El compromiso c de MEX vencía el 2020-06 y no tiene evaluación final',
      fr: "L'engagement c de MEX arrivait à échéance le 2020-06 et n'a pas d'évaluation finale",
    });
    assert.deepEqual(messages('transition-window:USA:usa-2020:2020-10-04'), {
      en: "USA's transition window opens in 30 days: 2020-11-03 to 2021-01-20",
      es: 'La ventana de transición de USA se abre en 30 días: del 2020-11-03 al 2021-01-20',
      fr: "La fenêtre de transition de USA s'ouvre dans 30 jours : du 2020-11-03 au 2021-01-20",
    });
    // Evaluated again over a window that overlaps: the same ids, so the outbox keeps each once.
    const again = registryAlerts(registry, { since: '2021-01-01', at: '2022-06-01' }).map((a) => a.id);
    assert.ok(again.every((id) => alerts.some((a) => a.id === id)));
    assert.deepEqual(again, ['mechanism-overdue:m:2021-06-01', 'mechanism-lapsed:m:2022-03-02', 'recommendation-lapse:r:m:2022-03-02']);
  });
});

describe('shift texts', () => {
  it('Spanish and French numbers with a decimal comma and their own grouping; one event in the singular', () => {
    const shift = { direction: 'up' as const, value: 0.125, period: '2025-03-01', baselineMean: -0.25, baselineSd: 0.5, z: 3.2 };
    assert.deepEqual(shiftMessages('USA-CAN', shift, 12_345), {
      en: 'USA-CAN: net cooperation rose to 0.125 in 2025-03 (baseline -0.25 ± 0.5, z = 3.2; 12345 events)',
      es: 'USA-CAN: la cooperación neta subió a 0,125 en 2025-03 (línea de base -0,25 ± 0,5, z = 3,2; 12.345 eventos)',
      fr: 'USA-CAN : la coopération nette a augmenté à 0,125 en 2025-03 (référence -0,25 ± 0,5, z = 3,2 ; 12\u202f345 événements)',
    });
    assert.deepEqual(Object.values(shiftMessages('USA-CAN', shift, 1)).map((t) => t.slice(t.lastIndexOf('; ') + 2)), ['1 event)', '1 evento)', '1 événement)']);
    // A baseline rounded to −0 reads 0 in every language, as English prints it.
    const zero = shiftMessages('USA-CAN', { ...shift, baselineMean: -0 }, 5);
    assert.deepEqual([zero.en, zero.es, zero.fr].map((t) => /(?:baseline|base|référence) (\S+) ±/.exec(t)?.[1]), ['0', '0', '0']);
  });
});

describe('on the bundled registry', () => {
  let registry: Registry;
  before(async () => {
    registry = await registryFiles.read(BUNDLED_REGISTRY_DIR);
  });

  it('2025: the North American Leaders\' Summit lapses on 2025-01-11, and with it the recommendation to resuscitate it', () => {
    const alerts = registryAlerts(registry, { since: '2024-12-31', at: '2025-12-31' });
    const ids = alerts.map((a) => a.id);
    assert.ok(ids.includes('mechanism-lapsed:nals:2025-01-11'));
    assert.ok(ids.includes('recommendation-lapse:sarukhan-2021-resuscitate-nals:nals:2025-01-11'));
    const nals = alerts.find((a) => a.id === 'mechanism-lapsed:nals:2025-01-11')!;
    assert.deepEqual(nals.messages, {
      en: "North American Leaders' Summit has lapsed (annual; last met 2023-01-10)",
      es: 'Cumbre de Líderes de América del Norte: mecanismo caducado (anual; última reunión: 2023-01-10)',
      fr: 'Sommet des leaders nord-américains : mécanisme caduc (annuel ; dernière réunion : 2023-01-10)',
    });
    const lapse = alerts.find((a) => a.id === 'recommendation-lapse:sarukhan-2021-resuscitate-nals:nals:2025-01-11')!;
    assert.equal(lapse.messages.es, 'Mecanismo caducado: Cumbre de Líderes de América del Norte, que según la recomendación sarukhan-2021-resuscitate-nals debe reunirse según su periodicidad');
    assert.equal(lapse.messages.fr, 'Mécanisme caduc : Sommet des leaders nord-américains, qui, selon la recommandation sarukhan-2021-resuscitate-nals, doit se réunir selon sa périodicité');
    // A mechanism the registry names in English only keeps its English name in the other languages.
    const englishOnly = registry.mechanisms.find((m) => m.names.es === undefined || m.names.fr === undefined);
    assert.ok(englishOnly, 'the bundled registry has a mechanism named in English only');
    const all = registryAlerts(registry, { since: '2000-01-01', at: '2026-12-01' });
    assert.ok(all.some((a) => a.subject === englishOnly.id), `an alert about ${englishOnly.id}`);
    for (const a of all) for (const text of Object.values(a.messages)) assert.doesNotMatch(text, /undefined/, a.id);
    assert.deepEqual(nals.evidence.map((e) => e.id), ['nals', 'nals-2023-01-10']);
    assert.ok(nals.evidence[1]!.sources.length > 0);
  });

  it('the 2019 declaration: every obligation with a due date has a final assessment, so no commitment alert', () => {
    assert.deepEqual(registryAlerts(registry, { since: '2019-06-01', at: '2019-12-31' }).filter((a) => a.rule === 'commitment-unassessed'), []);
    // Without the finals, the three obligations due in 2019 would be flagged the day after their due dates.
    const noFinals = { ...registry, assessments: registry.assessments.filter((a) => a.kind !== 'final') };
    assert.deepEqual(registryAlerts(noFinals, { since: '2019-06-01', at: '2019-12-31' }).filter((a) => a.rule === 'commitment-unassessed').map((a) => a.id), [
      ...registry.commitments.filter((c) => c.dueDate !== undefined).map((c) => `commitment-unassessed:${c.id}:${c.dueDate === '2019-07-22' ? '2019-07-23' : '2019-09-06'}`),
    ].sort((a, b) => a.slice(-10).localeCompare(b.slice(-10)) || a.localeCompare(b)));
  });
});
