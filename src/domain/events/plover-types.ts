/**
 * The 16 PLOVER event types, in the order of the PLOVER manual's event chapters (openeventdata/PLOVER,
 * PLOVER_MANUAL.tex, commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f; CC BY-SA 4.0). A file of its
 * own so that event.ts and plover.ts can both use it without importing each other.
 */
export const PLOVER_EVENT_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT',
  'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
] as const;
