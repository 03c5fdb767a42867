/**
 * Checks a registry as a whole, beyond what each record's schema says: ids are unique, every
 * reference points to a record that exists, dates are in order, and every record cites sources
 *  that are in the registry.
 */
import { comparePartialDates, earliestDay, latestDay } from '../dates.ts';
import type { CollectionName, Registry } from './schema.ts';

export interface Problem {
  readonly collection: CollectionName;
  readonly id: string;
  readonly field: string;
  readonly message: string;
}

/** Every integrity problem of a schema-valid registry; an empty list means it is sound. */
export function checkIntegrity(ds: Registry): Problem[] {
  const problems: Problem[] = [];
  const add = (collection: CollectionName, id: string, field: string, message: string): void => {
    problems.push({ collection, id, field, message });
  };

  const ids = (collection: CollectionName, records: readonly { id: string }[]): Set<string> => {
    const seen = new Set<string>();
    for (const r of records) {
      if (seen.has(r.id)) add(collection, r.id, 'id', `duplicate id "${r.id}"`);
      seen.add(r.id);
    }
    return seen;
  };

  const sources = ids('sources', ds.sources);
  const parties = ids('parties', ds.parties);
  ids('agencies', ds.agencies);
  ids('terms', ds.terms);
  ids('elections', ds.elections);
  const issues = ids('issueAreas', ds.issueAreas);
  const mechanisms = ids('mechanisms', ds.mechanisms);
  const meetings = ids('meetings', ds.meetings);
  const commitments = ids('commitments', ds.commitments);
  ids('assessments', ds.assessments);
  ids('recommendations', ds.recommendations);
  ids('developments', ds.developments);

  const ref = (collection: CollectionName, id: string, field: string, target: Set<string>, value: string, what: string): void => {
    if (!target.has(value)) add(collection, id, field, `unknown ${what} "${value}"`);
  };
  const cite = (collection: CollectionName, r: { id: string; sources: readonly string[] }): void => {
    r.sources.forEach((s, i) => ref(collection, r.id, `sources[${i}]`, sources, s, 'source'));
  };
  const party = (collection: CollectionName, id: string, field: string, code: string): void =>
    ref(collection, id, field, parties, code, 'party');

  for (const p of ds.parties) cite('parties', p);
  for (const a of ds.agencies) {
    cite('agencies', a);
    party('agencies', a.id, 'party', a.party);
  }
  for (const t of ds.terms) {
    cite('terms', t);
    party('terms', t.id, 'party', t.party);
    if (t.end !== null && t.end < t.start) add('terms', t.id, 'end', `ends (${t.end}) before it starts (${t.start})`);
  }
  for (const e of ds.elections) {
    cite('elections', e);
    party('elections', e.id, 'party', e.party);
    if (e.inauguration !== undefined && e.inauguration < earliestDay(e.date)) {
      add('elections', e.id, 'inauguration', `inauguration (${e.inauguration}) before the election (${e.date})`);
    }
  }
  ds.electoralCycles.forEach((c, i) => {
    const id = `${c.party}-${c.kind}-${i}`;
    c.sources.forEach((s, j) => ref('electoralCycles', id, `sources[${j}]`, sources, s, 'source'));
    party('electoralCycles', id, 'party', c.party);
    if (c.validTo !== undefined && c.validTo < c.validFrom) add('electoralCycles', id, 'validTo', 'validTo before validFrom');
  });
  for (const ia of ds.issueAreas) {
    cite('issueAreas', ia);
    ia.drivers.forEach((d, i) => {
      party('issueAreas', ia.id, `drivers[${i}].party`, d.party);
      d.sources.forEach((s, j) => ref('issueAreas', ia.id, `drivers[${i}].sources[${j}]`, sources, s, 'source'));
    });
  }
  const mechanismById = new Map(ds.mechanisms.map((m) => [m.id, m]));
  const agencyById = new Map(ds.agencies.map((a) => [a.id, a]));
  for (const m of ds.mechanisms) {
    cite('mechanisms', m);
    m.parties.forEach((p, i) => party('mechanisms', m.id, `parties[${i}]`, p));
    if (new Set(m.parties).size !== m.parties.length) add('mechanisms', m.id, 'parties', 'a party is listed twice');
    for (const [p, list] of Object.entries(m.leadAgencies)) {
      if (!m.parties.includes(p)) add('mechanisms', m.id, `leadAgencies.${p}`, `lead agencies given for ${p}, which is not a party of the mechanism`);
      list.forEach((a, i) => {
        const agency = agencyById.get(a);
        if (!agency) add('mechanisms', m.id, `leadAgencies.${p}[${i}]`, `unknown agency "${a}"`);
        else if (agency.party !== p) add('mechanisms', m.id, `leadAgencies.${p}[${i}]`, `agency "${a}" belongs to ${agency.party}, not ${p}`);
      });
    }
    m.issueAreas.forEach((ia, i) => ref('mechanisms', m.id, `issueAreas[${i}]`, issues, ia, 'issue area'));
    if (m.ended !== null && comparePartialDates(m.ended, m.founded) < 0) add('mechanisms', m.id, 'ended', `ends (${m.ended}) before it was founded (${m.founded})`);
    if (m.replacedBy !== null) {
      ref('mechanisms', m.id, 'replacedBy', mechanisms, m.replacedBy, 'mechanism');
      if (m.replacedBy === m.id) add('mechanisms', m.id, 'replacedBy', 'a mechanism cannot replace itself');
      if (m.ended === null) add('mechanisms', m.id, 'ended', 'a replaced mechanism needs an end date');
    }
  }
  for (const mt of ds.meetings) {
    cite('meetings', mt);
    const m = mechanismById.get(mt.mechanism);
    if (!m) {
      add('meetings', mt.id, 'mechanism', `unknown mechanism "${mt.mechanism}"`);
      continue;
    }
    if (mt.endDate !== undefined && mt.endDate < earliestDay(mt.date)) add('meetings', mt.id, 'endDate', `ends (${mt.endDate}) before it starts (${mt.date})`);
    // A meeting may precede the formal founding by days (a launch meeting) but not by years.
    if (mt.status === 'held' && latestDay(mt.date) < earliestDay(m.founded).replace(/^(\d{4})/, (y) => String(Number(y) - 1))) {
      add('meetings', mt.id, 'date', `held (${mt.date}) more than a year before ${m.id} was founded (${m.founded})`);
    }
  }
  for (const c of ds.commitments) {
    cite('commitments', c);
    party('commitments', c.id, 'owner', c.owner);
    if (c.meeting !== undefined) ref('commitments', c.id, 'meeting', meetings, c.meeting, 'meeting');
    if (c.mechanism !== undefined) ref('commitments', c.id, 'mechanism', mechanisms, c.mechanism, 'mechanism');
    c.issueAreas.forEach((ia, i) => ref('commitments', c.id, `issueAreas[${i}]`, issues, ia, 'issue area'));
    if (c.dueDate !== undefined && comparePartialDates(c.dueDate, c.date) < 0) add('commitments', c.id, 'dueDate', `due (${c.dueDate}) before it was made (${c.date})`);
  }
  checkAssessments(ds, add, { ref, cite, party });
  for (const r of ds.recommendations) {
    cite('recommendations', r);
    ref('recommendations', r.id, 'document', sources, r.document, 'source');
    r.addressedTo.forEach((p, i) => party('recommendations', r.id, `addressedTo[${i}]`, p));
    r.mechanisms.forEach((m, i) => ref('recommendations', r.id, `mechanisms[${i}]`, mechanisms, m, 'mechanism'));
    r.commitments.forEach((c, i) => ref('recommendations', r.id, `commitments[${i}]`, commitments, c, 'commitment'));
    r.issueAreas.forEach((ia, i) => ref('recommendations', r.id, `issueAreas[${i}]`, issues, ia, 'issue area'));
    r.cadenceOf.forEach((m, i) => {
      const field = `cadenceOf[${i}]`;
      const mechanism = mechanismById.get(m);
      if (!mechanism) add('recommendations', r.id, field, `unknown mechanism "${m}"`);
      else if (!r.mechanisms.includes(m)) add('recommendations', r.id, field, `"${m}" is not among the recommendation's mechanisms (list it in mechanisms too)`);
      else if (mechanism.cadence.kind === 'ad-hoc') add('recommendations', r.id, field, `"${m}" meets ad hoc: it has no cadence to give evidence of`);
    });
    r.history.forEach((h, i) => {
      h.sources.forEach((s, j) => ref('recommendations', r.id, `history[${i}].sources[${j}]`, sources, s, 'source'));
      // A date with less precision than a day may overlap its neighbours ("2021" and "2021-05-18"):
      // an entry is out of order only when it certainly comes before what precedes it.
      if (latestDay(h.date) < earliestDay(r.date)) {
        add('recommendations', r.id, `history[${i}].date`, `dated (${h.date}) before the recommendation was made (${r.date})`);
      }
      const prev = r.history[i - 1];
      if (prev !== undefined && latestDay(h.date) < earliestDay(prev.date)) {
        add('recommendations', r.id, `history[${i}].date`, `dated (${h.date}) before the entry above it (${prev.date}): list the history oldest first`);
      }
    });
  }
  for (const d of ds.developments) {
    cite('developments', d);
    d.parties.forEach((p, i) => party('developments', d.id, `parties[${i}]`, p));
    d.issueAreas.forEach((ia, i) => ref('developments', d.id, `issueAreas[${i}]`, issues, ia, 'issue area'));
    d.mechanisms.forEach((m, i) => ref('developments', d.id, `mechanisms[${i}]`, mechanisms, m, 'mechanism'));
    d.commitments.forEach((c, i) => ref('developments', d.id, `commitments[${i}]`, commitments, c, 'commitment'));
    if (d.endDate !== undefined && d.endDate < earliestDay(d.date)) add('developments', d.id, 'endDate', `ends (${d.endDate}) before it begins (${d.date})`);
  }
  return problems;
}

type Add = (collection: CollectionName, id: string, field: string, message: string) => void;
interface Checks {
  ref(collection: CollectionName, id: string, field: string, target: Set<string>, value: string, what: string): void;
  cite(collection: CollectionName, r: { id: string; sources: readonly string[] }): void;
  party(collection: CollectionName, id: string, field: string, code: string): void;
}

/**
 * Assessments: each judges a commitment of the registry for the party that owns it, no earlier than
 * the commitment was made; a score goes with status `assessed` and only with it ("no evidence" and
 * "not assessed" are never a 0); a recalibration names an earlier (or same-day) assessment of the
 * same commitment and party, says why, and is not an interim revising a final; a recalibration chain
 * has no loops and no branches; and two assessments of one kind on one day need one to recalibrate
 * the other, so that which one counts is never left to chance.
 */
function checkAssessments(ds: Registry, add: Add, { cite, party }: Checks): void {
  const commitmentById = new Map(ds.commitments.map((c) => [c.id, c]));
  const byId = new Map(ds.assessments.map((a) => [a.id, a]));
  const recalibratedBy = new Map<string, string>();
  for (const a of ds.assessments) {
    const A = (field: string, message: string): void => add('assessments', a.id, field, message);
    cite('assessments', a);
    party('assessments', a.id, 'party', a.party);
    const c = commitmentById.get(a.commitment);
    if (!c) A('commitment', `unknown commitment "${a.commitment}"`);
    else {
      if (c.owner !== a.party) A('party', `${a.party} is not the party of commitment "${c.id}" (its party is ${c.owner})`);
      if (a.date < earliestDay(c.date)) A('date', `assessed (${a.date}) before the commitment was made (${c.date})`);
    }
    if (a.status === 'assessed' && a.score === null) A('score', 'an assessed commitment needs a score: -1, 0 or 1');
    if (a.status !== 'assessed' && a.score !== null) {
      A('score', `no score with status "${a.status}": ${a.status === 'no-evidence' ? '"no evidence found"' : '"not assessed"'} is a state of its own, never a ${a.score} (write score: null)`);
    }
    if (a.recalibrates === undefined) {
      if (a.recalibrationReason !== undefined) A('recalibrationReason', 'a reason without "recalibrates": name the assessment this one revises');
      continue;
    }
    if (a.recalibrationReason === undefined) A('recalibrationReason', `missing: say why "${a.recalibrates}" is recalibrated`);
    const earlier = byId.get(a.recalibrates);
    if (!earlier) {
      A('recalibrates', `unknown assessment "${a.recalibrates}"`);
      continue;
    }
    if (earlier.id === a.id) {
      A('recalibrates', 'an assessment cannot recalibrate itself');
      continue;
    }
    if (earlier.commitment !== a.commitment || earlier.party !== a.party) {
      A('recalibrates', `"${earlier.id}" assesses ${earlier.commitment} for ${earlier.party}, not ${a.commitment} for ${a.party}`);
    }
    if (earlier.date > a.date) A('recalibrates', `"${earlier.id}" is dated ${earlier.date}, after this assessment (${a.date}): a recalibration comes later`);
    if (earlier.kind === 'final' && a.kind === 'interim') A('recalibrates', `an interim assessment cannot recalibrate the final "${earlier.id}"`);
    const other = recalibratedBy.get(earlier.id);
    if (other !== undefined) A('recalibrates', `"${earlier.id}" is already recalibrated by "${other}": recalibrate the latest instead`);
    else recalibratedBy.set(earlier.id, a.id);
  }
  // Loops can only form among assessments of one day (the date check refuses the rest).
  for (const a of ds.assessments) {
    if (a.recalibrates === a.id) continue;
    const seen = new Set<string>([a.id]);
    for (let cur = a.recalibrates === undefined ? undefined : byId.get(a.recalibrates); cur !== undefined; cur = cur.recalibrates === undefined ? undefined : byId.get(cur.recalibrates)) {
      if (cur.id === a.id) {
        add('assessments', a.id, 'recalibrates', 'recalibrations form a loop');
        break;
      }
      if (seen.has(cur.id)) break;
      seen.add(cur.id);
    }
  }
  const chain = (a: { id: string; recalibrates?: string | undefined }, b: { id: string }): boolean => {
    const seen = new Set<string>();
    for (let cur: typeof a | undefined = a; cur?.recalibrates !== undefined && !seen.has(cur.id); cur = byId.get(cur.recalibrates)) {
      seen.add(cur.id);
      if (cur.recalibrates === b.id) return true;
    }
    return false;
  };
  const sameDay = new Map<string, typeof ds.assessments>();
  for (const a of ds.assessments) {
    const k = `${a.commitment} ${a.party} ${a.kind} ${a.date}`;
    const list = sameDay.get(k);
    if (list === undefined) {
      sameDay.set(k, [a]);
      continue;
    }
    const rival = list.find((b) => !chain(a, b) && !chain(b, a));
    if (rival !== undefined) {
      add('assessments', a.id, 'date', `a second ${a.kind} assessment of "${a.commitment}" for ${a.party} on ${a.date} (with "${rival.id}"): one must recalibrate the other`);
    }
    list.push(a);
  }
}
