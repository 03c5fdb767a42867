/**
 * The parameters of event queries as they arrive from the outside (CLI flags, HTTP query strings —
 * all text), one schema for both, turned into the store's typed queries; and the public JSON of a
 * series.
 */
import { z } from 'zod';
import { IsoDate } from '../domain/dates.ts';
import { EventDataset, type QuadClass } from '../domain/events.ts';
import type { EventFilter, Period, SeriesQuery, Store } from '../store/store.ts';
import { detectShifts, toSeriesPoints, type SeriesPoint, type Shift } from './series.ts';

/** A comma-separated list parameter (`GOV,MIL`), each item checked by `item`. */
const csvList = <T>(item: z.ZodType<T, string>) =>
  z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(item).min(1));

const Country = z.string().regex(/^[A-Z]{3}$/, 'expected ISO 3166-1 alpha-3 codes such as USA');

/** Event filters as text parameters. `dyad=USA-MEX` or `group=USA,MEX,CAN`. */
export const EventFilterParams = z.object({
  dyad: z.string().regex(/^[A-Z]{3}-[A-Z]{3}$/, 'expected two ISO alpha-3 codes joined by a hyphen, e.g. USA-MEX')
    .refine((d) => d.slice(0, 3) !== d.slice(4), 'a dyad joins two different countries').optional(),
  group: csvList(Country).refine((l) => new Set(l).size === l.length && l.length >= 2, 'a group needs two or more different countries').optional(),
  directed: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  sectors: csvList(z.string().regex(/^[A-Z]{3}$/, 'expected CAMEO role codes such as GOV,MIL')).optional(),
  sectorsOn: z.enum(['either', 'both']).optional(),
  roots: csvList(z.string().regex(/^(0[1-9]|1\d|20)$/, 'expected CAMEO root codes 01–20')).optional(),
  quad: csvList(z.enum(['1', '2', '3', '4']).transform((q) => Number(q) as QuadClass)).optional(),
  datasets: csvList(EventDataset).optional(),
}).refine((p) => (p.dyad === undefined) !== (p.group === undefined), { message: 'give either dyad (e.g. USA-MEX) or group (e.g. USA,MEX,CAN)', path: ['dyad'] })
  .refine((p) => !(p.directed && p.group !== undefined && p.group.length !== 2), { message: 'directed applies to a dyad, not to a group of three or more', path: ['directed'] })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from is after to', path: ['from'] });

export const SeriesParams = z.intersection(EventFilterParams, z.object({
  by: z.enum(['day', 'week', 'month', 'quarter', 'year']).default('month'),
}));
export type SeriesParams = z.infer<typeof SeriesParams>;

export const TopDyadsParams = z.object({
  year: z.coerce.number().int().min(1900).max(2200).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  countries: csvList(Country).optional(),
}).refine((p) => !(p.year !== undefined && (p.from !== undefined || p.to !== undefined)), { message: 'give year or from/to, not both', path: ['year'] })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from is after to', path: ['from'] });

/** The filters of validated parameters other than the countries: the part a response echoes. */
function filterPart(p: z.infer<typeof EventFilterParams>): SeriesResponse['filters'] {
  return {
    ...(p.from ? { from: p.from } : {}),
    ...(p.to ? { to: p.to } : {}),
    ...(p.sectors ? { sectors: p.sectors } : {}),
    ...(p.sectorsOn ? { sectorsOn: p.sectorsOn } : {}),
    ...(p.roots ? { rootCodes: p.roots } : {}),
    ...(p.quad ? { quadClasses: p.quad } : {}),
    ...(p.datasets ? { datasets: p.datasets } : {}),
  };
}

/** Turns validated filter parameters into the store's filter. */
export function toEventFilter(p: z.infer<typeof EventFilterParams>): EventFilter {
  const countries = p.dyad !== undefined ? [p.dyad.slice(0, 3), p.dyad.slice(4)] : (p.group ?? []);
  return { countries, ...(p.directed ? { directed: true } : {}), ...(filterPart(p) as Omit<EventFilter, 'countries'>) };
}

/** The public JSON of a series: `{"dyad":"USA-MEX","by":"day","points":[…]}` (or `group` for three or more). */
export interface SeriesResponse {
  dyad?: string;
  group?: string[];
  by: Period;
  directed: boolean;
  filters: { sectors?: string[]; sectorsOn?: 'either' | 'both'; rootCodes?: string[]; quadClasses?: QuadClass[]; datasets?: string[]; from?: string; to?: string };
  points: SeriesPoint[];
  shifts: Shift[];
}

/** Runs a series query on a store and shapes the public response (with shifts flagged). */
export async function seriesResponse(store: Store, p: SeriesParams): Promise<SeriesResponse> {
  const filter = toEventFilter(p);
  const query: SeriesQuery = { ...filter, by: p.by };
  const points = toSeriesPoints(await store.eventSeries(query));
  return {
    ...(p.dyad !== undefined ? { dyad: p.dyad } : { group: p.group ?? [] }),
    by: p.by,
    directed: filter.directed === true,
    filters: filterPart(p),
    points,
    shifts: detectShifts(points),
  };
}
