/**
 * THE SUMMARY. The relationship at a glance on one day: how much of its machinery keeps its
 * cadence, overall, per pair of parties and per issue area, and which issues have no live mechanism.
 *
 * - active: founded, not ended, not ad hoc (status on-schedule, due, overdue or lapsed).
 * - shareOnSchedule = (on-schedule + due) / active. `due` is not late yet (it includes the grace
 *   period), so it counts as on schedule. Rounded to 4 decimals; null when nothing is active.
 * - parties: a mechanism counts for every pair of its parties, and for its whole group when it has
 *   three or more (a trilateral counts for CAN–MEX, CAN–USA, MEX–USA and CAN–MEX–USA). Every pair of
 *   the registry's parties is listed, even with no active mechanism (a hole at the level of a dyad).
 * - coverage of an issue area: `live` when some active mechanism on it is not lapsed; `nominal` when
 *   it has active mechanisms and all of them are lapsed; `none` (a coverage hole) when it has no
 *   active mechanism. Ad-hoc mechanisms do not close a hole (nothing makes them meet); they are
 *   counted in `adHoc` so the reader sees them.
 */
import type { IsoDate } from '../dates.ts';
import type { Localized, Mechanism, Registry } from '../registry/schema.ts';
import { ACTIVE_STATUSES, countStatuses, registryHealth } from './rules.ts';
import type { CadenceHealth, CadenceStatus, StatusCounts } from './rules.ts';

/** Status counts of a set of mechanisms with the share on schedule. */
export interface StatusTally extends Omit<StatusCounts, 'ended' | 'notYetFounded'> {
  /** (onSchedule + due) / active, 4 decimals; null when active is 0. */
  shareOnSchedule: number | null;
}

export interface PartiesTally extends StatusTally {
  /** Sorted party codes: a pair, or the whole group of a mechanism with three or more parties. */
  parties: string[];
}

export type Coverage = 'live' | 'nominal' | 'none';

export interface IssueAreaTally extends StatusTally {
  id: string;
  names: Localized;
  coverage: Coverage;
  /** Parties with a recorded domestic driver on this issue. */
  driverParties: string[];
  /** Active mechanisms on this issue, in registry order. */
  mechanisms: string[];
}

export interface RelationshipSummary extends StatusTally {
  ended: number;
  notYetFounded: number;
  /** All mechanisms of the registry. */
  total: number;
  byParties: PartiesTally[];
  byIssueArea: IssueAreaTally[];
  /** Issue areas with no active mechanism, in registry order. */
  coverageHoles: string[];
  /** Issue areas whose active mechanisms are all lapsed, in registry order. */
  nominalCoverage: string[];
  /** Active mechanisms whose meeting record is known to be incomplete: their overdue or lapsed status may reflect the record. */
  partialRecords: string[];
}

function tally(statuses: readonly CadenceStatus[]): StatusTally {
  const { active, onSchedule, due, overdue, lapsed, adHoc } = countStatuses(statuses);
  const shareOnSchedule = active === 0 ? null : Math.round(((onSchedule + due) / active) * 10_000) / 10_000;
  return { active, onSchedule, due, overdue, lapsed, adHoc, shareOnSchedule };
}

function isActive(s: CadenceStatus | undefined): boolean {
  return s !== undefined && (ACTIVE_STATUSES as readonly string[]).includes(s);
}

function pairsOf(codes: readonly string[]): string[][] {
  const sorted = [...new Set(codes)].sort();
  const pairs: string[][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) pairs.push([sorted[i] as string, sorted[j] as string]);
  }
  return pairs;
}

const compareKeys = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Summary of cadence health on day `at`: overall, per pair/group of parties, per issue area, with coverage holes. */
export function relationshipSummary(registry: Registry, at: IsoDate, health: readonly CadenceHealth[] = registryHealth(registry, at)): RelationshipSummary {
  const statusOf = new Map(health.map((h) => [h.id, h.status]));
  const statusesOf = (mechs: readonly Mechanism[]): CadenceStatus[] =>
    mechs.map((m) => statusOf.get(m.id)).filter((s): s is CadenceStatus => s !== undefined);
  const all = statusesOf(registry.mechanisms);
  const counts = countStatuses(all);

  // Every pair of known parties, then each group of three or more, keyed by sorted codes.
  const partySets = new Map<string, string[]>();
  const codes = [...registry.parties.map((p) => p.id), ...registry.mechanisms.flatMap((m) => m.parties)];
  for (const pair of pairsOf(codes)) partySets.set(pair.join('-'), pair);
  const groups = registry.mechanisms
    .map((m) => [...new Set(m.parties)].sort())
    .filter((g) => g.length >= 3)
    // By size, then by key: codes of three capitals joined by '-', which code units order as
    // localeCompare would, without starting the collator (about 13 ms of `health`'s start).
    .sort((a, b) => a.length - b.length || compareKeys(a.join('-'), b.join('-')));
  for (const g of groups) partySets.set(g.join('-'), g);
  const byParties = [...partySets.entries()].map(([key, parties]): PartiesTally => {
    const members = registry.mechanisms.filter((m) => {
      const own = [...new Set(m.parties)].sort();
      return parties.length === 2 ? parties.every((p) => own.includes(p)) : own.join('-') === key;
    });
    return { parties, ...tally(statusesOf(members)) };
  });

  const byIssueArea = registry.issueAreas.map((ia): IssueAreaTally => {
    const mechs = registry.mechanisms.filter((m) => m.issueAreas.includes(ia.id));
    const t = tally(statusesOf(mechs));
    const coverage: Coverage = t.active === 0 ? 'none' : t.lapsed === t.active ? 'nominal' : 'live';
    return {
      id: ia.id, names: ia.names, ...t, coverage,
      driverParties: [...new Set(ia.drivers.map((d) => d.party))].sort(),
      mechanisms: mechs.filter((m) => isActive(statusOf.get(m.id))).map((m) => m.id),
    };
  });

  return {
    ...tally(all),
    ended: counts.ended,
    notYetFounded: counts.notYetFounded,
    total: all.length,
    byParties,
    byIssueArea,
    coverageHoles: byIssueArea.filter((t) => t.coverage === 'none').map((t) => t.id),
    nominalCoverage: byIssueArea.filter((t) => t.coverage === 'nominal').map((t) => t.id),
    partialRecords: registry.mechanisms.filter((m) => m.meetingRecord === 'partial' && isActive(statusOf.get(m.id))).map((m) => m.id),
  };
}
