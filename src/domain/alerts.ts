/**
 * ALERTS: the state changes of the registry worth telling someone about, each dated on the day it
 * happens, named by its rule and subject, with its evidence (records and their sources) and a link to
 * the page that shows it. An alert's id is `<rule>:<subject>:<day>` — the same every time the same
 * state change is evaluated — so an alert is raised once per state change however often the rules
 * run: a window (since, at] lists the changes whose day falls in it, and the outbox keeps each id
 * once (src/app/alerts.ts). Tests in test/domain/alerts.test.ts.
 *
 * THE RULES
 *   mechanism-due, mechanism-overdue, mechanism-lapsed
 *       an active mechanism with a cadence enters that status (cadence/rules.ts) on the day given by
 *       its schedule; each stretch between meetings is judged with the schedule of its own anchor,
 *       so a window that spans meetings sees every change.
 *   commitment-unassessed
 *       the day after a commitment's due date (the last day a partial date can stand for), when no
 *       final assessment of it for its owner is recorded on the day of evaluation.
 *   transition-window
 *       a transition window (calendar.ts: election to inauguration) comes within N days: the day
 *       N days before it opens (N default 30).
 *   recommendation-lapse
 *       a mechanism a recommendation asks to meet on its cadence (`cadenceOf`) lapses on or after the
 *       recommendation's date.
 * The series-shift rule needs the event store and the analysis layer: src/app/alerts.ts adds it,
 * with its text from shiftMessages here.
 *
 * Each alert says what happened in English, Spanish and French (`messages`): the edge picks the
 * language (the web app its page's, the API and webhooks all three, with English as `message`).
 */
import { addDays, earliestDay, latestDay, parsePartialDate, representativeDay, type IsoDate } from './dates.ts';
import { mechanismHealth } from './cadence/rules.ts';
import { electoralCalendar } from './calendar.ts';
import type { Mechanism, Registry } from './registry/schema.ts';

export const ALERT_RULES = [
  'mechanism-due', 'mechanism-overdue', 'mechanism-lapsed', 'commitment-unassessed', 'series-shift', 'transition-window', 'recommendation-lapse',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface AlertEvidence {
  readonly collection: string;
  readonly id: string;
  readonly sources: readonly string[];
}

/** An alert's text in each language of the app. */
export interface AlertMessages {
  readonly en: string;
  readonly es: string;
  readonly fr: string;
}

export interface Alert {
  /** `<rule>:<subject>:<day>`: stable across evaluations. */
  readonly id: string;
  readonly rule: AlertRule;
  /** The day the state changed. */
  readonly at: IsoDate;
  /** The record (or pair) the alert is about. */
  readonly subject: string;
  readonly messages: AlertMessages;
  readonly evidence: readonly AlertEvidence[];
  /** Path of the page that shows it. */
  readonly link: string;
}

export interface AlertWindow {
  /** Changes on days after this one… */
  readonly since: IsoDate;
  /** …up to and including this one. */
  readonly at: IsoDate;
  /** Days ahead a transition window is announced. */
  readonly windowDays?: number;
}

const inWindow = (day: IsoDate, w: AlertWindow): boolean => day > w.since && day <= w.at;

type Lang = keyof AlertMessages;

/** Numbers and plural rules of each language, made on first use (ICU's start is not free). */
const formats = new Map<Lang, { number: Intl.NumberFormat; plural: Intl.PluralRules }>();
function formatsOf(lang: Lang): { number: Intl.NumberFormat; plural: Intl.PluralRules } {
  let f = formats.get(lang);
  // No sign on a zero rounded from a small negative, as English prints -0.
  if (f === undefined) formats.set(lang, f = { number: new Intl.NumberFormat(lang, { maximumFractionDigits: 6, signDisplay: 'negative' }), plural: new Intl.PluralRules(lang) });
  return f;
}

/** Spanish and French numbers: decimal comma and the language's grouping. English keeps plain numbers (the API's `message`). */
function num(lang: 'es' | 'fr', n: number): string {
  return formatsOf(lang).number.format(n);
}

/** A count and its noun, singular or plural by each language's rule (French takes the singular for 0 and 1). */
function counted(n: number, nouns: Readonly<Record<Lang, readonly [string, string]>>): AlertMessages {
  const noun = (lang: Lang): string => nouns[lang][formatsOf(lang).plural.select(n) === 'one' ? 0 : 1];
  return { en: `${n} ${noun('en')}`, es: `${num('es', n)} ${noun('es')}`, fr: `${num('fr', n)} ${noun('fr')}` };
}

export function alert(rule: AlertRule, subject: string, at: IsoDate, messages: AlertMessages, evidence: AlertEvidence[], link: string): Alert {
  return { id: `${rule}:${subject}:${at}`, rule, at, subject, messages, evidence, link };
}

interface Transition {
  readonly status: 'due' | 'overdue' | 'lapsed';
  readonly day: IsoDate;
  /** The last held meeting the schedule counts from, if any. */
  readonly lastMeetingId: string | null;
}

/** The status changes of a mechanism on days in (since, at], each judged with the schedule in force then. */
export function mechanismTransitions(mechanism: Mechanism, meetings: Registry['meetings'], w: AlertWindow): Transition[] {
  const mine = meetings.filter((m) => m.mechanism === mechanism.id && m.status === 'held');
  // Cut the window at each meeting's start: each stretch has one schedule, that of the health on its last day.
  const cuts = [...new Set(mine.map((m) => representativeDay(m.date)).filter((d) => d > w.since && d <= w.at))].sort();
  const ends = [...cuts.map((d) => addDays(d, -1)), w.at];
  const out: Transition[] = [];
  const endedOn = mechanism.ended === null ? null : representativeDay(mechanism.ended);
  let from = w.since;
  for (const cut of ends) {
    // Nothing changes once the mechanism has ended: judge up to the day before its end.
    const end = endedOn !== null && cut >= endedOn ? addDays(endedOn, -1) : cut;
    if (end > from) {
      const h = mechanismHealth(mechanism, meetings, end);
      if (h.schedule !== null) {
        const s = h.schedule;
        for (const [status, day] of [['due', s.dueFrom], ['overdue', s.overdueFrom], ['lapsed', s.lapsedFrom]] as const) {
          if (day > from && day <= end) out.push({ status, day, lastMeetingId: h.lastMeetingId });
        }
      }
    }
    if (end > from) from = end;
  }
  return out;
}

function meetingEvidence(registry: Registry, id: string | null): AlertEvidence[] {
  const m = id === null ? undefined : registry.meetings.find((x) => x.id === id);
  return m === undefined ? [] : [{ collection: 'meetings', id: m.id, sources: m.sources }];
}

// Spanish and French put the status after the name, as an attribute of "mechanism", so that it
// agrees whatever the gender of the mechanism's name. They follow the web app's catalogues
// (src/web/i18n: alerts.rule.*, cadence.*), which the domain cannot read.
const STATUS: Record<Transition['status'], AlertMessages> = {
  due: { en: 'is due to meet', es: 'reunión pendiente', fr: 'réunion attendue' },
  overdue: { en: 'is overdue', es: 'mecanismo atrasado', fr: 'mécanisme en retard' },
  lapsed: { en: 'has lapsed', es: 'mecanismo caducado', fr: 'mécanisme caduc' },
};

/** A cadence in words (English: its kind, as the registry names it). */
function cadenceWords(c: Mechanism['cadence']): AlertMessages {
  switch (c.kind) {
    case 'annual': return { en: c.kind, es: 'anual', fr: 'annuel' };
    case 'twice-a-year': return { en: c.kind, es: 'dos veces al año', fr: 'deux fois par an' };
    case 'every-n-months': return c.months === 1 ? { en: c.kind, es: 'cada mes', fr: 'tous les mois' } : { en: c.kind, es: `cada ${c.months} meses`, fr: `tous les ${c.months} mois` };
    case 'ad-hoc': return { en: c.kind, es: 'ad hoc', fr: 'ad hoc' };
  }
}

/** A mechanism's name in each language, English where the registry has no translation. */
function namesOf(mech: Mechanism): AlertMessages {
  return { en: mech.names.en, es: mech.names.es ?? mech.names.en, fr: mech.names.fr ?? mech.names.en };
}

function mechanismMessages(mech: Mechanism, status: Transition['status'], lastMet: string | null): AlertMessages {
  const name = namesOf(mech);
  const cadence = cadenceWords(mech.cadence);
  const last: AlertMessages = lastMet === null
    ? { en: `no meeting since its founding (${mech.founded})`, es: `sin reuniones desde su creación (${mech.founded})`, fr: `aucune réunion depuis sa création (${mech.founded})` }
    : { en: `last met ${lastMet}`, es: `última reunión: ${lastMet}`, fr: `dernière réunion : ${lastMet}` };
  return {
    en: `${name.en} ${STATUS[status].en} (${cadence.en}; ${last.en})`,
    es: `${name.es}: ${STATUS[status].es} (${cadence.es}; ${last.es})`,
    fr: `${name.fr} : ${STATUS[status].fr} (${cadence.fr} ; ${last.fr})`,
  };
}

/** The text of a series-shift alert: the pair or group's net cooperation moved away from its baseline. */
export function shiftMessages(name: string, s: { direction: 'up' | 'down'; value: number; period: string; baselineMean: number; baselineSd: number; z: number }, events: number): AlertMessages {
  const month = s.period.slice(0, 7);
  const up = s.direction === 'up';
  const n = counted(events, { en: ['event', 'events'], es: ['evento', 'eventos'], fr: ['événement', 'événements'] });
  const es = (v: number): string => num('es', v);
  const fr = (v: number): string => num('fr', v);
  return {
    en: `${name}: net cooperation ${up ? 'rose' : 'fell'} to ${s.value} in ${month} (baseline ${s.baselineMean} ± ${s.baselineSd}, z = ${s.z}; ${n.en})`,
    es: `${name}: la cooperación neta ${up ? 'subió' : 'bajó'} a ${es(s.value)} en ${month} (línea de base ${es(s.baselineMean)} ± ${es(s.baselineSd)}, z = ${es(s.z)}; ${n.es})`,
    fr: `${name} : la coopération nette ${up ? 'a augmenté' : 'a baissé'} à ${fr(s.value)} en ${month} (référence ${fr(s.baselineMean)} ± ${fr(s.baselineSd)}, z = ${fr(s.z)} ; ${n.fr})`,
  };
}

/** Every registry-based alert of the window, by day then rule then subject. */
export function registryAlerts(registry: Registry, w: AlertWindow): Alert[] {
  const out: Alert[] = [];
  const lapses = new Map<string, Transition[]>();
  for (const mech of registry.mechanisms) {
    const transitions = mechanismTransitions(mech, registry.meetings, w);
    lapses.set(mech.id, transitions.filter((t) => t.status === 'lapsed'));
    for (const t of transitions) {
      const lastMet = t.lastMeetingId === null ? null : String(registry.meetings.find((m) => m.id === t.lastMeetingId)?.date);
      out.push(alert(`mechanism-${t.status}`, mech.id, t.day, mechanismMessages(mech, t.status, lastMet),
        [{ collection: 'mechanisms', id: mech.id, sources: mech.sources }, ...meetingEvidence(registry, t.lastMeetingId)], `/mechanisms/${mech.id}`));
    }
  }

  for (const c of registry.commitments) {
    if (c.dueDate === undefined) continue;
    const day = addDays(latestDay(c.dueDate), 1);
    if (!inWindow(day, w)) continue;
    const finals = registry.assessments.filter((a) => a.commitment === c.id && a.party === c.owner && a.kind === 'final' && a.date <= w.at);
    if (finals.length > 0) continue;
    const recorded = registry.assessments.filter((a) => a.commitment === c.id && a.party === c.owner && a.date <= w.at);
    out.push(alert('commitment-unassessed', c.id, day, {
      en: `${c.owner}'s commitment ${c.id} was due on ${c.dueDate} and has no final assessment`,
      es: `El compromiso ${c.id} de ${c.owner} vencía el ${c.dueDate} y no tiene evaluación final`,
      fr: `L'engagement ${c.id} de ${c.owner} arrivait à échéance le ${c.dueDate} et n'a pas d'évaluation finale`,
    },
      [{ collection: 'commitments', id: c.id, sources: c.sources }, ...recorded.map((a) => ({ collection: 'assessments', id: a.id, sources: a.sources }))], `/compliance#${c.id}`));
  }

  const days = w.windowDays ?? 30;
  const parties = registry.parties.map((p) => p.id);
  if (parties.length >= 2) {
    const cal = electoralCalendar(registry, parties, parsePartialDate(w.since).year - 1, parsePartialDate(addDays(w.at, days)).year + 1);
    for (const win of cal.transitionWindows) {
      const day = addDays(win.from, -days);
      if (!inWindow(day, w)) continue;
      const election = registry.elections.find((e) => e.id === win.election);
      const ahead = counted(days, { en: ['day', 'days'], es: ['día', 'días'], fr: ['jour', 'jours'] });
      out.push(alert('transition-window', `${win.party}:${win.election}`, day,
        {
          en: `${win.party}'s transition window opens in ${ahead.en}: ${win.from} to ${win.to}${win.estimated ? ' (estimated)' : ''}`,
          es: `La ventana de transición de ${win.party} se abre en ${ahead.es}: del ${win.from} al ${win.to}${win.estimated ? ' (estimada)' : ''}`,
          fr: `La fenêtre de transition de ${win.party} s'ouvre dans ${ahead.fr} : du ${win.from} au ${win.to}${win.estimated ? ' (estimée)' : ''}`,
        },
        election === undefined ? [] : [{ collection: 'elections', id: election.id, sources: election.sources }], `/calendar?parties=${parties.join(',')}`));
    }
  }

  for (const r of registry.recommendations) {
    const first = earliestDay(r.date);
    for (const id of r.cadenceOf) {
      const mech = registry.mechanisms.find((m) => m.id === id);
      for (const t of lapses.get(id) ?? []) {
        if (t.day < first || mech === undefined) continue;
        out.push(alert('recommendation-lapse', `${r.id}:${id}`, t.day, {
          en: `${mech.names.en}, which recommendation ${r.id} asks to meet on its cadence, has lapsed`,
          es: `Mecanismo caducado: ${namesOf(mech).es}, que según la recomendación ${r.id} debe reunirse según su periodicidad`,
          fr: `Mécanisme caduc : ${namesOf(mech).fr}, qui, selon la recommandation ${r.id}, doit se réunir selon sa périodicité`,
        },
          [{ collection: 'recommendations', id: r.id, sources: r.sources }, { collection: 'mechanisms', id, sources: mech.sources }, ...meetingEvidence(registry, t.lastMeetingId)],
          `/recommendations#${r.id}`));
      }
    }
  }
  return sortAlerts(out);
}

export function sortAlerts(list: readonly Alert[]): Alert[] {
  return [...list].sort((a, b) => a.at.localeCompare(b.at) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject));
}
