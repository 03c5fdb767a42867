/** Use cases of the event store: import event files, cooperation–conflict series, top dyads, what is stored. */
import { detectShifts, toSeriesPoints } from '../analysis/series.ts';
import type { EventList, EventStats, Series, TopDyads } from './contracts.ts';
import { echoedFilters, toEventFilter, toSeriesQuery, toTopDyadsQuery, type EventListParams, type SeriesParams, type TopDyadsParams } from './params.ts';
import type { EventFileOptions, EventFileResult, EventFiles, EventFilter, EventRepository, ParquetExportOptions, ParquetExportResult, SeriesQuery } from './ports.ts';
import { codingScheme, scoreConvention } from '../domain/events/plover.ts';

/** `events import FILE`: one file, in one transaction; re-importing it adds nothing. */
export function importEventFile(s: { events: EventRepository; eventFiles: EventFiles }, file: string, options: EventFileOptions): Promise<EventFileResult> {
  return s.eventFiles.importFile(s.events, file, options);
}

/** `events series`, `GET /api/events/series`: per-period measures of a dyad or group, with shifts flagged. */
/**
 * A filter with PLOVER types, completed with the CAMEO codes the crosswalk maps to them, so that
 * CAMEO-coded events match too (the filter unchanged when it names no PLOVER type).
 */
export async function withPloverCodes<F extends EventFilter>(s: { eventFiles?: Pick<EventFiles, 'ploverTables'> }, filter: F): Promise<F> {
  if (filter.ploverTypes === undefined) return filter;
  const load = s.eventFiles?.ploverTables;
  if (load === undefined) throw new Error('a filter by PLOVER type needs the CAMEO↔PLOVER crosswalk (eventFiles.ploverTables)');
  const tables = await load();
  return { ...filter, ploverCameoCodes: tables.crosswalk.cameoCodesOf(filter.ploverTypes, tables.cameoCodes) };
}

export async function eventSeries(s: { events: EventRepository; eventFiles?: Pick<EventFiles, 'ploverTables'> }, p: SeriesParams): Promise<Series> {
  const query: SeriesQuery = await withPloverCodes(s, toSeriesQuery(p));
  const [aggregates, counts] = await Promise.all([s.events.eventSeries(query), s.events.eventConventions(query)]);
  const points = toSeriesPoints(aggregates);
  return {
    ...(p.dyad !== undefined ? { dyad: p.dyad } : { group: p.group ?? [] }),
    by: query.by,
    directed: query.directed === true,
    filters: echoedFilters(p),
    weighting: query.weighting === 'mentions' ? { mentions: 'mentions', minConfidence: query.minConfidence ?? 0 } : { mentions: 'export', minConfidence: null },
    points,
    shifts: detectShifts(points),
    conventions: counts.map((c) => ({
      dataset: c.dataset, events: c.events, coding: codingScheme(c.dataset), quadConvention: c.quadConvention, scoreConvention: scoreConvention(c.dataset),
    })),
  };
}

/** `events export --format parquet --out DIR`: every stored event (and mention) as Hive-partitioned Parquet. */
export function exportEventsParquet(s: { events: EventRepository; eventFiles: EventFiles }, dir: string, options: ParquetExportOptions): Promise<ParquetExportResult> {
  return s.eventFiles.exportParquet(s.events, dir, options);
}

/** `GET /api/events`: the events of a filter, newest first, each with its stored mentions and their mean confidence. */
export async function listEvents(s: { events: EventRepository; eventFiles?: Pick<EventFiles, 'ploverTables'> }, p: EventListParams): Promise<EventList> {
  const limit = p.limit ?? 100;
  const minConfidence = p.minConfidence ?? 0;
  const events = await s.events.listEvents(await withPloverCodes(s, toEventFilter(p)), limit);
  const mentions = await s.events.mentionSummaries(events, minConfidence);
  return {
    events: events.map((e) => ({ ...e, mentions: (e.dataset === 'gdelt2' ? mentions.get(e.sourceEventId) : undefined) ?? null })),
    limit, minConfidence,
  };
}

/** `events top-dyads`, `GET /api/events/top-dyads`. */
export async function topDyads(s: { events: EventRepository }, p: TopDyadsParams): Promise<TopDyads> {
  return [...await s.events.topDyads(toTopDyadsQuery(p))];
}

/** `events stats`, `GET /api/events/stats`. */
export async function eventStats(s: { events: EventRepository }): Promise<EventStats> {
  const stats = await s.events.eventStats();
  return { total: stats.total, byDataset: [...stats.byDataset], imports: [...stats.imports] };
}
