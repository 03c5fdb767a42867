/**
 * Real North American records for the domain tests, copied from
 * ../shared/data/facts/north-america-research.md (sections 1, 2.1, 2.4–2.6, 3 and 3.1):
 * NALS (held and not held), HLED, HLSD, the Mérida Initiative (replaced by HLSD), heads of
 * government 1988–2030 of the three parties, and their head-of-government elections.
 *
 * Independent of the bundled dataset under data/north-america/ on purpose: these tests pin the
 * cadence rules to known history. Source ids: `research-file` for facts read in the research file,
 * `general-knowledge` for election days the research file marks as not looked up (its section 5,
 * item 13) or does not list (Canadian general elections).
 */
import { Registry } from '../../src/domain/registry/schema.ts';
import type { RegistryInput } from '../../src/domain/registry/schema.ts';

const R = ['research-file'];
const G = ['general-knowledge'];

const sources: RegistryInput['sources'] = [
  { id: 'research-file', title: 'North America institutional architecture — sourced facts', publisher: 'Intermestic', kind: 'secondary', note: 'shared/data/facts/north-america-research.md' },
  { id: 'general-knowledge', title: 'Election days of the public record not looked up in the research file', publisher: 'Intermestic', kind: 'seed' },
];

const parties: RegistryInput['parties'] = [
  { id: 'USA', names: { en: 'United States', es: 'Estados Unidos', fr: 'États-Unis' }, sources: R },
  { id: 'MEX', names: { en: 'Mexico', es: 'México', fr: 'Mexique' }, sources: R },
  { id: 'CAN', names: { en: 'Canada', es: 'Canadá', fr: 'Canada' }, sources: R },
];

const issueAreas: RegistryInput['issueAreas'] = [
  { id: 'competitiveness', names: { en: 'Competitiveness', es: 'Competitividad', fr: 'Compétitivité' }, sources: R },
  { id: 'security', names: { en: 'Security', es: 'Seguridad', fr: 'Sécurité' }, sources: R },
  { id: 'energy-climate', names: { en: 'Energy and climate' }, sources: R },
  { id: 'health', names: { en: 'Health' }, sources: R },
  { id: 'migration', names: { en: 'Migration' }, sources: R },
  { id: 'trade-economy', names: { en: 'Trade and economy' }, sources: R },
  {
    // No mechanism in these fixtures: a coverage hole with drivers on both sides (1944 Water Treaty, La Boquilla 2020).
    id: 'water', names: { en: 'Transboundary water' },
    drivers: [
      { party: 'MEX', text: 'Chihuahua farmers resist deliveries from La Boquilla dam (clash of 2020-09-08)', sources: R },
      { party: 'USA', text: 'Texas irrigators depend on Rio Grande deliveries under the 1944 Treaty cycle (closed 2020-10-24)', sources: R },
    ],
    sources: R,
  },
];

const mechanisms: RegistryInput['mechanisms'] = [
  {
    id: 'nals', acronym: 'NALS', kind: 'leaders-summit', parties: ['USA', 'MEX', 'CAN'],
    names: { en: "North American Leaders' Summit", es: 'Cumbre de Líderes de América del Norte', fr: 'Sommet des leaders nord-américains' },
    issueAreas: ['competitiveness', 'security', 'energy-climate', 'health', 'migration'],
    cadence: { kind: 'annual' }, cadenceNote: 'annual in principle; host rotates; no fixed dates',
    founded: '2005-03-23', sources: R,
  },
  {
    id: 'hled', acronym: 'HLED', kind: 'cabinet-dialogue', parties: ['USA', 'MEX'],
    names: { en: 'U.S.–Mexico High-Level Economic Dialogue', es: 'Diálogo Económico de Alto Nivel' },
    issueAreas: ['trade-economy', 'competitiveness'],
    cadence: { kind: 'annual' }, cadenceNote: 'annual at cabinet level; suspended after 2016, relaunched 2021',
    // Decided by Obama and Peña Nieto on 2013-05-02; first met 2013-09-20.
    founded: '2013-05-02', sources: R,
  },
  {
    id: 'hlsd', acronym: 'HLSD', kind: 'cabinet-dialogue', parties: ['USA', 'MEX'],
    names: { en: 'U.S.–Mexico High-Level Security Dialogue', es: 'Diálogo de Alto Nivel sobre Seguridad' },
    issueAreas: ['security', 'health'],
    cadence: { kind: 'annual' }, cadenceNote: 'annual ministerial; subgroups in between',
    founded: '2021-10-08', sources: R,
  },
  {
    id: 'merida', kind: 'security-framework', parties: ['USA', 'MEX'],
    names: { en: 'Mérida Initiative', es: 'Iniciativa Mérida' },
    issueAreas: ['security'],
    cadence: { kind: 'annual' }, cadenceNote: 'High-Level Consultative Group, roughly yearly',
    founded: '2007-10-22', ended: '2021-10-08', replacedBy: 'hlsd', sources: R,
  },
];

type MeetingInput = NonNullable<RegistryInput['meetings']>[number];

function nals(date: string, extra: Partial<MeetingInput> = {}): MeetingInput {
  return { id: `nals-${date}`, mechanism: 'nals', date, level: 'leaders', sources: R, ...extra };
}

const meetings: RegistryInput['meetings'] = [
  // NALS: held (multi-day meetings: date = first day, endDate = last day) …
  nals('2005-03-23', { number: 1, place: 'Waco, Texas' }),
  nals('2006-03-30', { endDate: '2006-03-31', number: 2, place: 'Cancún' }),
  nals('2007-08-20', { endDate: '2007-08-21', number: 3, place: 'Montebello, Quebec' }),
  nals('2008-04-21', { endDate: '2008-04-22', number: 4, place: 'New Orleans' }),
  nals('2009-08-09', { endDate: '2009-08-10', number: 5, place: 'Guadalajara' }),
  nals('2012-04-02', { number: 6, place: 'Washington, D.C.' }),
  nals('2014-02-19', { number: 7, place: 'Toluca' }),
  nals('2016-06-29', { number: 8, place: 'Ottawa' }),
  nals('2021-11-18', { number: 9, place: 'Washington, D.C.' }),
  nals('2023-01-10', { number: 10, place: 'Mexico City' }),
  // … and planned but not held.
  nals('2010', { status: 'postponed', place: 'Wakefield, Quebec', outcome: 'Canada postponed, then did not host' }),
  nals('2011-11-13', { status: 'postponed', place: 'Honolulu', outcome: 'postponed 2011-11-12 after the death of Interior Secretary Blake Mora' }),
  nals('2015-02', { status: 'postponed', outcome: 'Canada postponed it in January 2015 and never held it' }),
  nals('2022-12', { status: 'postponed', outcome: 'moved to January 2023' }),
  nals('2024', { status: 'postponed', place: 'Quebec', confidence: 'uncertain', outcome: 'Canada agreed to host; no summit found' }),

  // HLED (the 2016-07-22 session and the 2023/2024 mid-year reviews are not formal HLED meetings).
  { id: 'hled-2013-09-20', mechanism: 'hled', date: '2013-09-20', level: 'ministerial', number: 1, place: 'Mexico City', sources: R },
  { id: 'hled-2015-01-06', mechanism: 'hled', date: '2015-01-06', level: 'ministerial', number: 2, place: 'Washington', sources: R },
  { id: 'hled-2016-02-25', mechanism: 'hled', date: '2016-02-25', level: 'ministerial', number: 3, place: 'Mexico City', sources: R },
  { id: 'hled-2021-09-09', mechanism: 'hled', date: '2021-09-09', level: 'ministerial', number: 4, place: 'Washington', outcome: 'relaunch', sources: R },
  { id: 'hled-2022-09-12', mechanism: 'hled', date: '2022-09-12', level: 'ministerial', number: 5, place: 'Mexico City', sources: R },
  { id: 'hled-2023-09-29', mechanism: 'hled', date: '2023-09-29', level: 'ministerial', number: 6, place: 'Washington', sources: R },

  // HLSD.
  { id: 'hlsd-2021-10-08', mechanism: 'hlsd', date: '2021-10-08', level: 'ministerial', number: 1, place: 'Mexico City', outcome: 'Bicentennial Framework adopted', sources: R },
  { id: 'hlsd-2022-10-13', mechanism: 'hlsd', date: '2022-10-13', level: 'ministerial', number: 2, place: 'Washington', confidence: 'uncertain', sources: R },
  { id: 'hlsd-2023-10-05', mechanism: 'hlsd', date: '2023-10-05', level: 'ministerial', number: 3, place: 'Mexico City', sources: R },

  // Mérida Initiative: High-Level Consultative Group.
  { id: 'merida-hlcg-2008-12-19', mechanism: 'merida', date: '2008-12-19', level: 'ministerial', number: 1, place: 'Washington', sources: R },
  { id: 'merida-hlcg-2010-03-23', mechanism: 'merida', date: '2010-03-23', level: 'ministerial', number: 2, place: 'Mexico City', sources: R },
  { id: 'merida-hlcg-2011-04-29', mechanism: 'merida', date: '2011-04-29', level: 'ministerial', number: 3, sources: R },
  { id: 'merida-hlcg-2012-09-18', mechanism: 'merida', date: '2012-09-18', level: 'ministerial', number: 4, sources: R },
];

const president = { en: 'President of the United States', es: 'Presidente de los Estados Unidos', fr: 'Président des États-Unis' };
const presidenteMx = { en: 'President of Mexico', es: 'Presidente de México', fr: 'Président du Mexique' };
const pm = { en: 'Prime Minister of Canada', es: 'Primer ministro de Canadá', fr: 'Premier ministre du Canada' };

// Ends as the research file gives them: the successor's first day for the U.S. and Canada,
// the last day (30 November / 30 September) for Mexico.
const terms: RegistryInput['terms'] = [
  { id: 'usa-1989-ghw-bush', party: 'USA', person: 'George H. W. Bush', office: president, politicalParty: 'Republican', start: '1989-01-20', end: '1993-01-20', sources: R },
  { id: 'usa-1993-clinton', party: 'USA', person: 'Bill Clinton', office: president, politicalParty: 'Democratic', start: '1993-01-20', end: '2001-01-20', sources: R },
  { id: 'usa-2001-gw-bush', party: 'USA', person: 'George W. Bush', office: president, politicalParty: 'Republican', start: '2001-01-20', end: '2009-01-20', sources: R },
  { id: 'usa-2009-obama', party: 'USA', person: 'Barack Obama', office: president, politicalParty: 'Democratic', start: '2009-01-20', end: '2017-01-20', sources: R },
  { id: 'usa-2017-trump', party: 'USA', person: 'Donald Trump', office: president, politicalParty: 'Republican', start: '2017-01-20', end: '2021-01-20', sources: R },
  { id: 'usa-2021-biden', party: 'USA', person: 'Joe Biden', office: president, politicalParty: 'Democratic', start: '2021-01-20', end: '2025-01-20', sources: R },
  { id: 'usa-2025-trump', party: 'USA', person: 'Donald Trump', office: president, politicalParty: 'Republican', start: '2025-01-20', end: '2029-01-20', endScheduled: true, sources: R },
  { id: 'mex-1988-salinas', party: 'MEX', person: 'Carlos Salinas de Gortari', office: presidenteMx, politicalParty: 'PRI', start: '1988-12-01', end: '1994-11-30', sources: R },
  { id: 'mex-1994-zedillo', party: 'MEX', person: 'Ernesto Zedillo', office: presidenteMx, politicalParty: 'PRI', start: '1994-12-01', end: '2000-11-30', sources: R },
  { id: 'mex-2000-fox', party: 'MEX', person: 'Vicente Fox', office: presidenteMx, politicalParty: 'PAN', start: '2000-12-01', end: '2006-11-30', sources: R },
  { id: 'mex-2006-calderon', party: 'MEX', person: 'Felipe Calderón', office: presidenteMx, politicalParty: 'PAN', start: '2006-12-01', end: '2012-11-30', sources: R },
  { id: 'mex-2012-pena-nieto', party: 'MEX', person: 'Enrique Peña Nieto', office: presidenteMx, politicalParty: 'PRI', start: '2012-12-01', end: '2018-11-30', sources: R },
  { id: 'mex-2018-lopez-obrador', party: 'MEX', person: 'Andrés Manuel López Obrador', office: presidenteMx, politicalParty: 'Morena', start: '2018-12-01', end: '2024-09-30', sources: R },
  { id: 'mex-2024-sheinbaum', party: 'MEX', person: 'Claudia Sheinbaum', office: { en: 'President of Mexico', es: 'Presidenta de México', fr: 'Présidente du Mexique' }, politicalParty: 'Morena', start: '2024-10-01', end: '2030-09-30', endScheduled: true, sources: R },
  { id: 'can-1984-mulroney', party: 'CAN', person: 'Brian Mulroney', office: pm, politicalParty: 'Progressive Conservative', start: '1984-09-17', end: '1993-06-25', sources: R },
  { id: 'can-1993-campbell', party: 'CAN', person: 'Kim Campbell', office: pm, politicalParty: 'Progressive Conservative', start: '1993-06-25', end: '1993-11-04', sources: R },
  { id: 'can-1993-chretien', party: 'CAN', person: 'Jean Chrétien', office: pm, politicalParty: 'Liberal', start: '1993-11-04', end: '2003-12-12', sources: R },
  { id: 'can-2003-martin', party: 'CAN', person: 'Paul Martin', office: pm, politicalParty: 'Liberal', start: '2003-12-12', end: '2006-02-06', sources: R },
  { id: 'can-2006-harper', party: 'CAN', person: 'Stephen Harper', office: pm, politicalParty: 'Conservative', start: '2006-02-06', end: '2015-11-04', sources: R },
  { id: 'can-2015-trudeau', party: 'CAN', person: 'Justin Trudeau', office: pm, politicalParty: 'Liberal', start: '2015-11-04', end: '2025-03-14', sources: R },
  { id: 'can-2025-carney', party: 'CAN', person: 'Mark Carney', office: pm, politicalParty: 'Liberal', start: '2025-03-14', end: null, sources: R },
];

const elections: RegistryInput['elections'] = [
  { id: 'usa-2000', party: 'USA', kind: 'presidential', date: '2000-11-07', inauguration: '2001-01-20', sources: G },
  { id: 'usa-2004', party: 'USA', kind: 'presidential', date: '2004-11-02', inauguration: '2005-01-20', sources: G },
  { id: 'usa-2008', party: 'USA', kind: 'presidential', date: '2008-11-04', inauguration: '2009-01-20', sources: G },
  { id: 'usa-2012', party: 'USA', kind: 'presidential', date: '2012-11-06', inauguration: '2013-01-20', sources: G },
  { id: 'usa-2016', party: 'USA', kind: 'presidential', date: '2016-11-08', inauguration: '2017-01-20', sources: G },
  { id: 'usa-2020', party: 'USA', kind: 'presidential', date: '2020-11-03', inauguration: '2021-01-20', sources: G },
  { id: 'usa-2024', party: 'USA', kind: 'presidential', date: '2024-11-05', inauguration: '2025-01-20', sources: R },
  { id: 'mex-2000', party: 'MEX', kind: 'presidential', date: '2000-07-02', inauguration: '2000-12-01', sources: G },
  { id: 'mex-2006', party: 'MEX', kind: 'presidential', date: '2006-07-02', inauguration: '2006-12-01', sources: G },
  { id: 'mex-2012', party: 'MEX', kind: 'presidential', date: '2012-07-01', inauguration: '2012-12-01', sources: R },
  // Still the first Sunday of July: the June date of the 2014 reform applied from 2024.
  { id: 'mex-2018', party: 'MEX', kind: 'presidential', date: '2018-07-01', inauguration: '2018-12-01', sources: R },
  { id: 'mex-2024', party: 'MEX', kind: 'presidential', date: '2024-06-02', inauguration: '2024-10-01', sources: R },
  // Canada: general elections as they were, early ones included; a transition only when the government changed.
  { id: 'can-2000', party: 'CAN', kind: 'general', date: '2000-11-27', sources: G },
  { id: 'can-2004', party: 'CAN', kind: 'general', date: '2004-06-28', sources: G },
  { id: 'can-2006', party: 'CAN', kind: 'general', date: '2006-01-23', inauguration: '2006-02-06', sources: G },
  { id: 'can-2008', party: 'CAN', kind: 'general', date: '2008-10-14', sources: G },
  { id: 'can-2011', party: 'CAN', kind: 'general', date: '2011-05-02', sources: G },
  { id: 'can-2015', party: 'CAN', kind: 'general', date: '2015-10-19', inauguration: '2015-11-04', sources: G },
  { id: 'can-2019', party: 'CAN', kind: 'general', date: '2019-10-21', sources: G },
  { id: 'can-2021', party: 'CAN', kind: 'general', date: '2021-09-20', sources: G },
  { id: 'can-2025', party: 'CAN', kind: 'general', date: '2025-04-28', sources: G },
];

const electoralCycles: RegistryInput['electoralCycles'] = [
  // 20th Amendment: inauguration on 20 January since 1937.
  { party: 'USA', kind: 'presidential', everyYears: 4, anchorYear: 2000, typicalElectionDay: '11-05', inaugurationDay: '01-20', inaugurationYearOffset: 1, fixed: true, validFrom: 1936, sources: R },
  // First Sunday of July, inauguration 1 December (through 2018) …
  { party: 'MEX', kind: 'presidential', everyYears: 6, anchorYear: 2000, typicalElectionDay: '07-02', inaugurationDay: '12-01', inaugurationYearOffset: 0, fixed: true, validFrom: 2000, validTo: 2018, sources: R },
  // … first Sunday of June, inauguration 1 October (2014 reform, from 2024).
  { party: 'MEX', kind: 'presidential', everyYears: 6, anchorYear: 2024, typicalElectionDay: '06-02', inaugurationDay: '10-01', inaugurationYearOffset: 0, fixed: true, validFrom: 2024, sources: R },
  // Fixed-date law of 2007: third Monday of October in the fourth year after the last election — unless one comes early.
  { party: 'CAN', kind: 'general', everyYears: 4, anchorYear: 2009, typicalElectionDay: '10-19', inaugurationDay: '11-04', inaugurationYearOffset: 0, fixed: false, validFrom: 2007, sources: G },
];

/** The input records, for tests that want to build variants. */
export const NORTH_AMERICA_INPUT: RegistryInput = {
  sources, parties, issueAreas, mechanisms, meetings, terms, elections, electoralCycles,
};

/** The fixture dataset, parsed by the schema (defaults filled in). */
export const NORTH_AMERICA: Registry = Registry.parse(NORTH_AMERICA_INPUT);
