/**
 * The events explorer: the series a filter selects, its shifts each annotated with what the registry
 * holds around it (src/domain/context.ts), and the events behind one selected period.
 */
import { contextAround, type RegistryContext } from '../../domain/context.ts';
import { addDays, addMonths, type IsoDate } from '../../domain/dates.ts';
import type { PoliticalEvent } from '../../domain/events/event.ts';
import type { MentionSummary } from '../../domain/events/mention.ts';
import type { Registry } from '../../domain/registry/schema.ts';
import type { Series } from '../contracts.ts';
import { eventSeries, withPloverCodes } from '../events.ts';
import { toEventFilter, type SeriesParams } from '../params.ts';
import type { EventFiles, EventRepository, Period } from '../ports.ts';

/** Events listed for a selected period, at most. */
export const PERIOD_EVENTS_LIMIT = 200;

export interface ExplorerView {
  readonly params: SeriesParams;
  readonly series: Series;
  readonly parties: readonly string[];
  readonly annotations: readonly { readonly shift: Series['shifts'][number]; readonly context: RegistryContext }[];
  /** Events stored in all (0: the explorer explains how to import some). */
  readonly eventsStored: number;
  readonly period: {
    readonly start: IsoDate;
    readonly end: IsoDate;
    readonly events: readonly PoliticalEvent[];
    readonly limit: number;
    /** Stored GDELT 2.0 mentions of the listed events (by event id; events without any are absent), at the series' minimum confidence. */
    readonly mentions: ReadonlyMap<string, MentionSummary>;
  } | null;
}

/** The last day of the period starting on `start`. */
export function periodEnd(start: IsoDate, by: Period): IsoDate {
  switch (by) {
    case 'day': return start;
    case 'week': return addDays(start, 6);
    case 'month': return addDays(addMonths(start, 1), -1);
    case 'quarter': return addDays(addMonths(start, 3), -1);
    case 'year': return addDays(addMonths(start, 12), -1);
  }
}

/** What the registry holds around each shift of a series (the period and CONTEXT_DAYS on each side). */
export function shiftContexts(registry: Registry, parties: readonly string[], series: Series): ExplorerView['annotations'] {
  return series.shifts.map((shift) => ({ shift, context: contextAround(registry, parties, shift.period, periodEnd(shift.period, series.by)) }));
}

export async function explorerOf(registry: Registry, events: EventRepository, params: SeriesParams, selectedPeriod: IsoDate | undefined,
  eventFiles?: Pick<EventFiles, 'ploverTables'>): Promise<ExplorerView> {
  const series = await eventSeries({ events, ...(eventFiles ? { eventFiles } : {}) }, params);
  const parties = params.dyad !== undefined ? params.dyad.split('-') : [...(params.group ?? [])];
  const by = series.by;
  const annotations = shiftContexts(registry, parties, series);
  const stats = await events.eventStats();
  let period: ExplorerView['period'] = null;
  if (selectedPeriod !== undefined) {
    const end = periodEnd(selectedPeriod, by);
    const filter = toEventFilter({ ...params, from: params.from !== undefined && params.from > selectedPeriod ? params.from : selectedPeriod, to: params.to !== undefined && params.to < end ? params.to : end });
    const listed = await events.listEvents(await withPloverCodes(eventFiles ? { eventFiles } : {}, filter), PERIOD_EVENTS_LIMIT);
    const mentions = await events.mentionSummaries(listed, series.weighting.minConfidence ?? 0);
    period = { start: selectedPeriod, end, events: listed, limit: PERIOD_EVENTS_LIMIT, mentions };
  }
  return { params, series, parties, annotations, eventsStored: stats.total, period };
}
