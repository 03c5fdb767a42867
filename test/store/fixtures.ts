/**
 * Inputs for the store contract: a small registry of the North American relationship (facts from
 * ../shared/data/facts/north-america.md) and hand-built canonical events with realistic values,
 * chosen so the series numbers can be worked out by hand (see contract.ts).
 */
import { Registry } from '../../src/domain/registry/schema.ts';
import type { RegistryInput } from '../../src/domain/registry/schema.ts';
import type { EventActor, PoliticalEvent } from '../../src/domain/events/event.ts';

const registryInput: RegistryInput = {
  sources: [
    { id: 'wiki-nals', title: "North American Leaders' Summit", publisher: 'Wikipedia', url: 'https://en.wikipedia.org/wiki/North_American_Leaders%27_Summit', kind: 'secondary' },
    { id: 'usembassy-hled-2022', title: 'U.S.-Mexico High-Level Economic Dialogue', publisher: 'U.S. Embassy & Consulates in Mexico', url: 'https://mx.usembassy.gov/', date: '2022-09-15', kind: 'official', note: 'announcement of 2013 and the 2022 meeting' },
    { id: 'ucsb-hlsd-2021', title: 'FACT SHEET: U.S.-Mexico High-Level Security Dialogue', publisher: 'The American Presidency Project', date: '2021-10-08', kind: 'official' },
    { id: 'sarukhan-wilson', title: 'Re-Building a Complex Partnership', publisher: 'Wilson Center Mexico Institute', date: '2021', kind: 'seed' },
  ],
  parties: [
    { id: 'USA', names: { en: 'United States', es: 'Estados Unidos', fr: 'États-Unis' }, sources: ['wiki-nals'] },
    { id: 'MEX', names: { en: 'Mexico', es: 'México', fr: 'Mexique' }, sources: ['wiki-nals'] },
    { id: 'CAN', names: { en: 'Canada', es: 'Canadá', fr: 'Canada' }, sources: ['wiki-nals'] },
  ],
  agencies: [
    { id: 'us-state', party: 'USA', names: { en: 'Department of State', es: 'Departamento de Estado' }, kind: 'foreign-ministry', sources: ['usembassy-hled-2022'] },
    { id: 'mx-sre', party: 'MEX', names: { en: 'Ministry of Foreign Affairs', es: 'Secretaría de Relaciones Exteriores' }, kind: 'foreign-ministry', sources: ['ucsb-hlsd-2021'] },
  ],
  terms: [
    { id: 'amlo', party: 'MEX', person: 'Andrés Manuel López Obrador', office: { en: 'President', es: 'Presidente' }, politicalParty: 'Morena', start: '2018-12-01', end: '2024-09-30', sources: ['sarukhan-wilson'] },
    { id: 'biden', party: 'USA', person: 'Joe Biden', office: { en: 'President' }, start: '2021-01-20', end: '2025-01-20', endScheduled: false, sources: ['sarukhan-wilson'] },
  ],
  elections: [
    { id: 'mex-2024', party: 'MEX', date: '2024-06-02', inauguration: '2024-10-01', kind: 'presidential', sources: ['sarukhan-wilson'] },
    { id: 'usa-2024', party: 'USA', date: '2024-11', kind: 'presidential', sources: ['sarukhan-wilson'] },
  ],
  electoralCycles: [
    {
      party: 'USA', kind: 'presidential', everyYears: 4, anchorYear: 2024, typicalElectionDay: '11-05', inaugurationDay: '01-20',
      inaugurationYearOffset: 1, fixed: true, validFrom: 1792, sources: ['sarukhan-wilson'],
    },
    {
      party: 'MEX', kind: 'presidential', everyYears: 6, anchorYear: 2024, typicalElectionDay: '06-02', inaugurationDay: '10-01',
      inaugurationYearOffset: 0, fixed: true, validFrom: 2024, validTo: 2100, sources: ['sarukhan-wilson'],
    },
  ],
  issueAreas: [
    {
      id: 'migration', names: { en: 'Migration', es: 'Migración', fr: 'Migration' },
      description: 'Flows across the southern and northern borders.',
      drivers: [{ party: 'USA', text: 'Border arrivals are a domestic electoral issue.', sources: ['sarukhan-wilson'] }],
      sources: ['sarukhan-wilson'],
    },
    { id: 'security', names: { en: 'Security' }, sources: ['ucsb-hlsd-2021'] },
  ],
  mechanisms: [
    {
      id: 'nals', names: { en: "North American Leaders' Summit", es: 'Cumbre de Líderes de América del Norte', fr: 'Sommet des leaders nord-américains' },
      acronym: 'NALS', kind: 'leaders-summit', parties: ['USA', 'MEX', 'CAN'], cadence: { kind: 'annual' },
      cadenceNote: 'annual in principle, host rotates', founded: '2005-03-23', issueAreas: ['migration', 'security'], sources: ['wiki-nals'],
    },
    {
      id: 'hled', names: { en: 'High-Level Economic Dialogue', es: 'Diálogo Económico de Alto Nivel' }, acronym: 'HLED',
      kind: 'cabinet-dialogue', parties: ['USA', 'MEX'], leadAgencies: { USA: ['us-state'], MEX: ['mx-sre'] },
      cadence: { kind: 'annual' }, founded: '2013-05', confidence: 'uncertain', sources: ['usembassy-hled-2022'],
    },
    {
      id: 'hlsd', names: { en: 'High-Level Security Dialogue' }, kind: 'security-framework', parties: ['USA', 'MEX'],
      cadence: { kind: 'every-n-months', months: 12 }, founded: '2021-10-08', sources: ['ucsb-hlsd-2021'],
    },
  ],
  meetings: [
    { id: 'nals-2016-06-29', mechanism: 'nals', date: '2016-06-29', place: 'Ottawa', level: 'leaders', number: 8, sources: ['wiki-nals'] },
    { id: 'nals-2021-11-18', mechanism: 'nals', date: '2021-11-18', place: 'Washington, D.C.', level: 'leaders', number: 9, participants: ['Joe Biden', 'Andrés Manuel López Obrador', 'Justin Trudeau'], outcome: 'First summit in more than five years.', sources: ['wiki-nals', 'sarukhan-wilson'] },
    { id: 'nals-2011', mechanism: 'nals', date: '2011', status: 'postponed', level: 'leaders', confidence: 'uncertain', sources: ['wiki-nals'] },
    { id: 'hled-2022-09-12', mechanism: 'hled', date: '2022-09-12', endDate: '2022-09-13', place: 'Mexico City', level: 'ministerial', sources: ['usembassy-hled-2022'] },
    { id: 'hlsd-2022-01-31', mechanism: 'hlsd', date: '2022-01-31', virtual: true, level: 'senior-officials', sources: ['ucsb-hlsd-2021'] },
  ],
  commitments: [
    { id: 'hlsd-bicentennial', text: 'Adopt the Bicentennial Framework for Security, Public Health, and Safe Communities.', meeting: 'hlsd-2022-01-31', mechanism: 'hlsd', document: 'Bicentennial Framework', date: '2021-10-08', owner: 'USA', dueDate: '2022-01', issueAreas: ['security'], sources: ['ucsb-hlsd-2021'] },
  ],
  // Illustrative assessments (what the store must keep, not a judgement of the commitment): an
  // interim with no evidence found, a final, and a later final that recalibrates it.
  assessments: [
    {
      id: 'hlsd-bicentennial-interim-2021-12-31', commitment: 'hlsd-bicentennial', party: 'USA', kind: 'interim', date: '2021-12-31',
      status: 'no-evidence', score: null, assessor: 'store contract', rationale: 'Looked for and not found by the cut-off.', sources: ['ucsb-hlsd-2021'],
    },
    {
      id: 'hlsd-bicentennial-final-2022-01-31', commitment: 'hlsd-bicentennial', party: 'USA', kind: 'final', date: '2022-01-31',
      status: 'assessed', score: 0, assessor: 'store contract', rationale: 'Partly done.', sources: ['ucsb-hlsd-2021', 'sarukhan-wilson'],
    },
    {
      id: 'hlsd-bicentennial-final-2022-09-30', commitment: 'hlsd-bicentennial', party: 'USA', kind: 'final', date: '2022-09-30',
      status: 'assessed', score: 1, assessor: 'store contract', rationale: 'Done.', recalibrates: 'hlsd-bicentennial-final-2022-01-31',
      recalibrationReason: 'Evidence found later.', sources: ['usembassy-hled-2022'],
    },
  ],
  recommendations: [
    {
      id: 'resume-nals', text: "Resuscitate the annual North American Leaders' Summit.", author: 'Arturo Sarukhan', document: 'sarukhan-wilson', date: '2021',
      addressedTo: ['USA', 'MEX', 'CAN'], mechanisms: ['nals'], cadenceOf: ['nals'], sources: ['sarukhan-wilson'],
      history: [
        { date: '2021', status: 'not-addressed', note: 'No summit since 2016.', sources: ['sarukhan-wilson'] },
        { date: '2021-11-18', status: 'partly-adopted', note: 'First summit in more than five years.', sources: ['wiki-nals'] },
      ],
    },
  ],
};

/** A registry that passes the Registry schema, defaults filled in as a loader would see it. */
export function registry(): Registry {
  return Registry.parse(structuredClone(registryInput));
}

function actor(country: string | null, sectors: string[], code?: string | null, name?: string | null): EventActor {
  const names: Record<string, string> = { USA: 'UNITED STATES', MEX: 'MEXICO', CAN: 'CANADA', CHN: 'CHINA' };
  return {
    code: code !== undefined ? code : country === null ? null : `${country}${sectors[0] ?? ''}`,
    name: name !== undefined ? name : country === null ? null : (names[country] ?? country),
    country,
    countryRaw: country,
    sectors,
  };
}

interface EventSpec {
  dataset?: PoliticalEvent['dataset'];
  id: string;
  date: string;
  src: EventActor;
  tgt: EventActor;
  code: string;
  quad: PoliticalEvent['quadClass'];
  goldstein: number | null;
  mentions: number | null;
  tone: number | null;
  more?: Partial<PoliticalEvent>;
}

function event(s: EventSpec): PoliticalEvent {
  return {
    dataset: s.dataset ?? 'gdelt2',
    sourceEventId: s.id,
    eventDate: s.date,
    source: s.src,
    target: s.tgt,
    cameoCode: s.code,
    rootCode: s.code.slice(0, 2),
    quadClass: s.quad,
    quadConvention: 'file',
    goldstein: s.goldstein,
    intensity: null,
    numMentions: s.mentions,
    numSources: s.mentions === null ? null : 1,
    numArticles: s.mentions,
    avgTone: s.tone,
    isRootEvent: s.mentions === null ? null : true,
    locationName: 'Mexico City, Distrito Federal, Mexico',
    locationCountry: 'MX',
    latitude: 19.4342,
    longitude: -99.1386,
    sourceUrl: `https://www.example-news.com/2021/story-${s.id}.html`,
    storyId: null,
    ...s.more,
  };
}

const GOV = ['GOV'];

/**
 * Thirteen events around the 2021 security dialogue and leaders' summit. E1–E13 in the comments of
 * contract.ts refer to these, in this order.
 */
export function events(): PoliticalEvent[] {
  return [
    /* E1 */ event({ id: '1001', date: '2021-10-08', src: actor('USA', GOV), tgt: actor('MEX', GOV), code: '036', quad: 1, goldstein: 4, mentions: 10, tone: 2.5 }),
    /* E2 */ event({ id: '1002', date: '2021-10-08', src: actor('MEX', GOV), tgt: actor('USA', GOV), code: '057', quad: 1, goldstein: 8, mentions: 4, tone: 3 }),
    /* E3 */ event({ id: '1003', date: '2021-10-13', src: actor('USA', ['MIL']), tgt: actor('MEX', ['MIL']), code: '061', quad: 2, goldstein: 6.4, mentions: 2, tone: -1 }),
    /* E4 */ event({ id: '1004', date: '2021-11-02', src: actor('MEX', GOV), tgt: actor('USA', ['COP']), code: '112', quad: 3, goldstein: -2, mentions: 6, tone: -4.5 }),
    /* E5 */ event({ id: '1005', date: '2021-11-18', src: actor('USA', GOV), tgt: actor('CAN', GOV), code: '043', quad: 1, goldstein: 2.8, mentions: 20, tone: 1.2 }),
    /* E6 */ event({ id: '1006', date: '2021-11-18', src: actor('CAN', GOV), tgt: actor('MEX', GOV), code: '043', quad: 1, goldstein: 2.8, mentions: 8, tone: 0.8 }),
    /* E7 */ event({ id: '1007', date: '2021-11-19', src: actor('MEX', GOV), tgt: actor('CAN', ['BUS']), code: '172', quad: 4, goldstein: -5, mentions: 3, tone: -6 }),
    /* E8: ICEWS shape — no mentions or tone, intensity, a story id, an id unique only with its date. */
    /* E8 */ event({
      dataset: 'icews', id: '27813961@2021-11-20', date: '2021-11-20', src: actor('USA', ['GOV', 'MIL'], 'USAGOV', 'Military (United States)'),
      tgt: { ...actor('MEX', GOV), countryRaw: 'Mexico' }, code: '190', quad: 4, goldstein: -10, mentions: null, tone: null,
      more: { quadConvention: 'gdelt', intensity: -10, storyId: '48613722', sourceUrl: null, locationName: 'Tijuana', locationCountry: 'Mexico', latitude: 32.5027, longitude: -117.00371 },
    }),
    /* E9: domestic, no role codes. */
    /* E9 */ event({ id: '1009', date: '2021-12-01', src: actor('USA', [], 'USA'), tgt: actor('USA', [], 'USA'), code: '010', quad: 1, goldstein: 0, mentions: 5, tone: 0 }),
    /* E10: no Goldstein score. */
    /* E10 */ event({ id: '1010', date: '2022-01-03', src: actor('USA', GOV), tgt: actor('MEX', GOV), code: '020', quad: 1, goldstein: null, mentions: 7, tone: 1 }),
    /* E11 */ event({ id: '1011', date: '2021-11-03', src: actor('USA', GOV), tgt: actor('CHN', GOV), code: '111', quad: 3, goldstein: -2, mentions: 9, tone: -3 }),
    /* E12: another dataset reusing E1's id; text that needs escaping in every bulk format. */
    /* E12 */ event({
      dataset: 'gdelt1', id: '1001', date: '2021-10-08',
      src: actor('CAN', GOV, 'CANGOV', 'PRIME MINISTER\tTRUDEAU\\ "JT"\nline two\r\u001funit\u001egroup\u001d'),
      tgt: actor('USA', GOV), code: '051', quad: 1, goldstein: 3.4, mentions: 1, tone: 0.5,
      more: { isRootEvent: false, sourceUrl: 'https://example.org/a\\b?c=d\te', latitude: -0.000001, longitude: 179.999999 },
    }),
    /* E13: unknown source actor. */
    /* E13 */ event({ id: '1013', date: '2021-11-18', src: actor(null, [], null, null), tgt: actor('MEX', GOV), code: '042', quad: 1, goldstein: 1.9, mentions: 2, tone: 0.2 }),
  ];
}

/** Events yielded in batches, as an ingest reader would. */
export async function* inBatches(list: readonly PoliticalEvent[], size: number): AsyncGenerator<PoliticalEvent[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
