/**
 * Use cases of cadence health: the health of every mechanism and the relationship summary at a
 * date, and one mechanism in full. The domain (src/domain/cadence/) judges; this shapes the public
 * JSON (src/app/contracts.ts), choosing English for `name`.
 */
import type { IsoDate } from '../domain/dates.ts';
import type { Registry } from '../domain/registry/schema.ts';
import { mechanismHealth, registryHealth } from '../domain/cadence/rules.ts';
import { relationshipSummary } from '../domain/cadence/summary.ts';
import type { HealthReport, MechanismDetail } from './contracts.ts';
import { NotFound } from './errors.ts';
import type { Clock, RegistryRepository } from './ports.ts';

type Gap = HealthReport['mechanisms'][number]['gaps'][number];

function gap(g: { from: string; to: string; days: number; open?: true }): Gap {
  return g.open ? { from: g.from, to: g.to, days: g.days, open: true } : { from: g.from, to: g.to, days: g.days };
}

/** Cadence health of every mechanism (sorted by id) and the relationship summary on day `at`. */
export function healthReport(registry: Registry, at: IsoDate): HealthReport {
  const health = registryHealth(registry, at);
  const record = new Map(registry.mechanisms.map((m) => [m.id, m.meetingRecord]));
  const mechanisms = health
    .map((h) => ({
      id: h.id,
      name: h.names.en,
      status: h.status,
      lastMeeting: h.lastMeeting,
      nextExpected: h.nextExpected,
      gaps: h.gaps.map(gap),
      meetingRecord: record.get(h.id) ?? 'complete',
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { byIssueArea, ...summary } = relationshipSummary(registry, at, health);
  return {
    at,
    mechanisms,
    summary: {
      active: summary.active, onSchedule: summary.onSchedule, due: summary.due, overdue: summary.overdue, lapsed: summary.lapsed,
      adHoc: summary.adHoc, shareOnSchedule: summary.shareOnSchedule, ended: summary.ended, notYetFounded: summary.notYetFounded,
      total: summary.total, byParties: summary.byParties,
      byIssueArea: byIssueArea.map(({ id, names, ...t }) => ({ id, name: names.en, ...t })),
      coverageHoles: summary.coverageHoles, nominalCoverage: summary.nominalCoverage, partialRecords: summary.partialRecords,
    },
  };
}

/** `health [--at DATE]`, `GET /api/health`. */
export async function judgeHealth(s: { registry: RegistryRepository; clock: Clock }, params: { at?: IsoDate }): Promise<HealthReport> {
  return healthReport(await s.registry.readRegistry(), params.at ?? s.clock.today());
}

/** One mechanism with its meetings, lead agencies and full cadence health at `at`. */
export function mechanismDetail(registry: Registry, id: string, at: IsoDate): MechanismDetail {
  const mechanism = registry.mechanisms.find((m) => m.id === id);
  if (!mechanism) throw new NotFound('mechanism', id);
  const meetings = registry.meetings.filter((m) => m.mechanism === id);
  const agencyIds = new Set(Object.values(mechanism.leadAgencies).flat());
  const { names, gaps, ...h } = mechanismHealth(mechanism, meetings, at);
  return {
    mechanism,
    meetings,
    agencies: registry.agencies.filter((a) => agencyIds.has(a.id)),
    health: {
      id: h.id, name: names.en, status: h.status, lastMeeting: h.lastMeeting, lastMeetingId: h.lastMeetingId,
      lastMeetingPrecision: h.lastMeetingPrecision, daysSinceLast: h.daysSinceLast, nextExpected: h.nextExpected,
      schedule: h.schedule, gaps: gaps.map(gap),
    },
  };
}

/** `GET /api/mechanisms/:id`. */
export async function describeMechanism(s: { registry: RegistryRepository; clock: Clock }, params: { id: string; at?: IsoDate }): Promise<MechanismDetail> {
  return mechanismDetail(await s.registry.readRegistry(), params.id, params.at ?? s.clock.today());
}
