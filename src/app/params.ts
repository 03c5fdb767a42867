/**
 * The parameters of the use cases as they arrive from outside — CLI flags and HTTP query strings,
 * all text — with one schema each, so the command line and the API accept exactly the same values:
 * the same case rules (country codes in either case, read as upper case), the same ranges (years
 * 1800–2200), the same list limits. A failed parse names the parameter; the CLI shows it as
 * `--flag`, the API as the query parameter.
 */
import { z } from 'zod';
import { IsoDate } from '../domain/dates.ts';
import { EventDataset, PloverEventType, type QuadClass } from '../domain/events/event.ts';
import { DevelopmentKind, Slug } from '../domain/registry/schema.ts';
import type { DecompressionLimits, EventFilter, Period, SeriesQuery, TopDyadsQuery } from './ports.ts';

/** Countries in a list parameter: more than any relationship needs, few enough to bound a query. */
export const MAX_COUNTRIES = 30;
/** Items in the other list parameters (sectors, root codes). */
const MAX_ITEMS = 50;

const Country = z.string().transform((s) => s.trim().toUpperCase()).pipe(z.string().regex(/^[A-Z]{3}$/, 'expected ISO 3166-1 alpha-3 codes such as USA'));

/** A comma-separated list parameter (`GOV,MIL`): each item checked by `item`, at most `max` items. */
const csvList = <T>(item: z.ZodType<T, string>, max: number, what: string) =>
  z.string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, `give at least one ${what}`).max(max, `at most ${max} ${what}s`));

const Year = z.string().regex(/^\d{4}$/, 'expected a four-digit year').transform(Number).pipe(z.number().int().min(1800).max(2200));

/** `?at=` / `--at`: the day to judge at; default today. */
export const AtParams = z.object({
  at: IsoDate.optional(),
});

/** `/mechanisms/:id`. */
export const MechanismParams = z.object({ id: Slug });

/** `developments [--from --to --party --kind --mechanism --issue]` and `/api/developments`. */
export const DevelopmentParams = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  party: Country.optional(),
  kind: DevelopmentKind.optional(),
  mechanism: Slug.optional(),
  issue: Slug.optional(),
}).refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from is after to', path: ['from'] });
export type DevelopmentParams = z.infer<typeof DevelopmentParams>;

/** `compliance [--party P] [--at DATE]` and `/api/compliance`: without `at`, every assessment recorded counts. */
export const ComplianceParams = z.object({
  party: Country.optional(),
  at: IsoDate.optional(),
});
export type ComplianceParams = z.infer<typeof ComplianceParams>;

/** `/api/assessments?party=&commitment=`. */
export const AssessmentParams = z.object({
  party: Country.optional(),
  commitment: Slug.optional(),
});
export type AssessmentParams = z.infer<typeof AssessmentParams>;

/** `recommendations [--at DATE]` and `/api/recommendations`: the day statuses and cadence are judged at; default today. */
export const RecommendationParams = z.object({
  at: IsoDate.optional(),
});
export type RecommendationParams = z.infer<typeof RecommendationParams>;

/** `alerts [--at DATE] [--since DATE] [--window-days N]` and `/api/alerts`: state changes on days in (since, at]. */
export const AlertParams = z.object({
  at: IsoDate.optional(),
  since: IsoDate.optional(),
  windowDays: z.string().regex(/^\d+$/, 'expected a whole number of days').transform(Number).pipe(z.number().int().min(1).max(3660)).optional(),
}).refine((p) => p.at === undefined || p.since === undefined || p.since <= p.at, { message: 'since is after at', path: ['since'] });
export type AlertParams = z.infer<typeof AlertParams>;

/** `webhooks add URL`: an http(s) URL. */
export const WebhookUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** `calendar --parties USA,MEX [--from Y --to Y]` and `/api/calendar`. */
export const CalendarParams = z.object({
  parties: csvList(Country, MAX_COUNTRIES, 'party code'),
  from: Year.optional(),
  to: Year.optional(),
}).refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'to is before from', path: ['to'] });
export type CalendarParams = z.infer<typeof CalendarParams>;

/**
 * `brief --pair USA-MEX | --group USA,MEX,CAN [--at --since --kind --election --lang] --format html|pdf`
 * and `/api/briefs`: a pair or a group (one of them; the registry's first two parties by default).
 */
export const BriefParams = z.object({
  pair: z.string().trim().toUpperCase().regex(/^[A-Z]{3}(-[A-Z]{3}){1,29}$/, 'expected codes joined by hyphens, e.g. USA-MEX').optional(),
  group: csvList(Country, MAX_COUNTRIES, 'party code').optional(),
  at: IsoDate.optional(),
  since: IsoDate.optional(),
  kind: z.enum(['state', 'transition']).default('state'),
  election: Slug.optional(),
  lang: z.enum(['en', 'es', 'fr']).default('en'),
  format: z.enum(['html', 'pdf']).default('html'),
  paper: z.enum(['a4', 'letter']).default('a4'),
}).refine((p) => p.pair === undefined || p.group === undefined, { message: 'give either pair or group, not both', path: ['group'] })
  .refine((p) => p.group === undefined || p.group.length >= 2, { message: 'a group needs at least two parties', path: ['group'] })
  .refine((p) => p.kind !== 'transition' || p.election !== undefined, { message: 'a transition brief needs an election id', path: ['election'] })
  .refine((p) => p.kind !== 'state' || p.election === undefined, { message: 'only a transition brief takes an election', path: ['election'] })
  .refine((p) => p.at === undefined || p.since === undefined || p.since <= p.at, { message: 'since is after at', path: ['since'] });
export type BriefParams = z.infer<typeof BriefParams>;

/** The value lists of the event parameters, shared with the routes' documented query schemas (src/server/api.ts). */
export const DirectedText = z.enum(['true', 'false']);
export const SectorsOn = z.enum(['either', 'both']);
export const SeriesPeriod = z.enum(['day', 'week', 'month', 'quarter', 'year']);
export const Weighting = z.enum(['export', 'mentions']);

const Dyad = z.string().transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}-[A-Z]{3}$/, 'expected two ISO alpha-3 codes joined by a hyphen, e.g. USA-MEX'))
  .refine((d) => d.slice(0, 3) !== d.slice(4), 'a dyad joins two different countries');

/** Event filters as text parameters: `dyad=USA-MEX` or `group=USA,MEX,CAN`, dates, codes. */
export const EventFilterParams = z.object({
  dyad: Dyad.optional(),
  group: csvList(Country, MAX_COUNTRIES, 'country').refine((l) => new Set(l).size === l.length && l.length >= 2, 'a group needs two or more different countries').optional(),
  directed: z.union([z.boolean(), DirectedText.transform((s) => s === 'true')]).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  sectors: csvList(z.string().regex(/^[A-Z]{3}$/, 'expected CAMEO role codes such as GOV,MIL'), MAX_ITEMS, 'sector').optional(),
  sectorsOn: SectorsOn.optional(),
  roots: csvList(z.string().regex(/^(0[1-9]|1\d|20)$/, 'expected CAMEO root codes 01–20'), MAX_ITEMS, 'root code').optional(),
  quad: csvList(z.enum(['1', '2', '3', '4']).transform((q) => Number(q) as QuadClass), 4, 'quad class').optional(),
  datasets: csvList(EventDataset, EventDataset.options.length, 'dataset').optional(),
  /** PLOVER event types (`plover=ACCUSE,SANCTION`): PLOVER events by their type, CAMEO events through the crosswalk. */
  plover: csvList(z.string().transform((s) => s.toUpperCase()).pipe(PloverEventType), PloverEventType.options.length, 'PLOVER event type').optional(),
}).refine((p) => (p.dyad === undefined) !== (p.group === undefined), { message: 'give either dyad (e.g. USA-MEX) or group (e.g. USA,MEX,CAN)', path: ['dyad'] })
  .refine((p) => !(p.directed && p.group !== undefined && p.group.length !== 2), { message: 'directed applies to a dyad, not to a group of three or more', path: ['directed'] })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from is after to', path: ['from'] });
export type EventFilterParams = z.infer<typeof EventFilterParams>;

/** A whole percentage of GDELT mention confidence, 0–100 (as a number, or text from a flag or a query). */
const Confidence = z.union([z.number(), z.string().trim().regex(/^\d{1,3}$/, 'expected a whole percentage 0–100').transform(Number)])
  .pipe(z.number().int('expected a whole percentage 0–100').min(0, 'expected a whole percentage 0–100').max(100, 'expected a whole percentage 0–100'));

export const SeriesParams = z.intersection(EventFilterParams, z.object({
  by: SeriesPeriod.default('month'),
  /** What the mention measures count: the export's NumMentions (default) or the stored GDELT 2.0 mentions. */
  weighting: Weighting.optional(),
  /** With weighting=mentions: count only mentions of at least this percent confidence. */
  minConfidence: Confidence.optional(),
}).refine((p) => p.minConfidence === undefined || p.weighting === 'mentions', { message: 'minConfidence applies to weighting=mentions', path: ['minConfidence'] }));
export type SeriesParams = z.infer<typeof SeriesParams>;

/** `GET /api/events`: the events a filter selects, newest first, each with its stored mentions. */
export const EventListParams = z.intersection(EventFilterParams, z.object({
  limit: z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
  /** Count only mentions of at least this percent confidence. */
  minConfidence: Confidence.optional(),
}));
export type EventListParams = z.infer<typeof EventListParams>;

export const TopDyadsParams = z.object({
  year: Year.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.string().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
  countries: csvList(Country, MAX_COUNTRIES, 'country').optional(),
}).refine((p) => !(p.year !== undefined && (p.from !== undefined || p.to !== undefined)), { message: 'give year or from/to, not both', path: ['year'] })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from is after to', path: ['from'] });
export type TopDyadsParams = z.infer<typeof TopDyadsParams>;

/** `cooperate=1,coordinate=2,challenge=0.5`: names not given keep the default weight 1; not all zero. */
const WeightList = z.string()
  .transform((s, ctx) => {
    const out: Record<'cooperate' | 'coordinate' | 'challenge', number> = { cooperate: 1, coordinate: 1, challenge: 1 };
    for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
      const m = /^(cooperate|coordinate|challenge)=(\d+(?:\.\d+)?)$/.exec(part);
      if (!m || Number(m[2]) > 1000) {
        ctx.addIssue({ code: 'custom', message: `expected name=weight with names cooperate, coordinate, challenge and weights 0–1000, got "${part}"` });
        return z.NEVER;
      }
      out[m[1] as 'cooperate'] = Number(m[2]);
    }
    if (out.cooperate + out.coordinate + out.challenge === 0) {
      ctx.addIssue({ code: 'custom', message: 'the weights cannot all be zero' });
      return z.NEVER;
    }
    return out;
  });

/** `scorecard --pair USA-MEX | --group USA,MEX,CAN [--from Y --to Y] [--weights …]` and `/api/scorecard`. */
export const ScorecardParams = z.object({
  pair: Dyad.optional(),
  group: csvList(Country, MAX_COUNTRIES, 'country').refine((l) => new Set(l).size === l.length && l.length >= 2, 'a group needs two or more different countries').optional(),
  from: Year.optional(),
  to: Year.optional(),
  weights: WeightList.optional(),
}).refine((p) => (p.pair === undefined) !== (p.group === undefined), { message: 'give either pair (e.g. USA-MEX) or group (e.g. USA,MEX,CAN)', path: ['pair'] })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'to is before from', path: ['to'] })
  .refine((p) => p.from === undefined || p.to === undefined || p.to - p.from < 100, { message: 'at most 100 years', path: ['to'] });
export type ScorecardParams = z.infer<typeof ScorecardParams>;

/** The filters of validated parameters other than the countries: the part a series echoes. */
export function echoedFilters(p: EventFilterParams): {
  from?: string; to?: string; sectors?: string[]; sectorsOn?: 'either' | 'both'; rootCodes?: string[]; quadClasses?: QuadClass[]; datasets?: EventDataset[];
  ploverTypes?: PloverEventType[];
} {
  return {
    ...(p.from ? { from: p.from } : {}),
    ...(p.to ? { to: p.to } : {}),
    ...(p.sectors ? { sectors: p.sectors } : {}),
    ...(p.sectorsOn ? { sectorsOn: p.sectorsOn } : {}),
    ...(p.roots ? { rootCodes: p.roots } : {}),
    ...(p.quad ? { quadClasses: p.quad } : {}),
    ...(p.datasets ? { datasets: p.datasets } : {}),
    ...(p.plover ? { ploverTypes: p.plover } : {}),
  };
}

/** Validated filter parameters as the store's filter. */
export function toEventFilter(p: EventFilterParams): EventFilter {
  const countries = p.dyad !== undefined ? [p.dyad.slice(0, 3), p.dyad.slice(4)] : (p.group ?? []);
  return { countries, ...(p.directed ? { directed: true } : {}), ...echoedFilters(p) };
}

export function toSeriesQuery(p: SeriesParams): SeriesQuery {
  return {
    ...toEventFilter(p), by: p.by as Period,
    ...(p.weighting === 'mentions' ? { weighting: 'mentions' as const, minConfidence: p.minConfidence ?? 0 } : {}),
  };
}

export function toTopDyadsQuery(p: TopDyadsParams): TopDyadsQuery {
  return { ...p, limit: p.limit ?? 20 };
}

/** A parse failure of one of these schemas, as `{ parameter, message }` pairs. */
export function parameterProblems(error: z.ZodError): { parameter: string; message: string }[] {
  return error.issues.map((i) => ({ parameter: String(i.path[0] ?? 'request'), message: i.message.replace(/^Invalid input: /, '') }));
}

/**
 * Default bounds on decompression: GDELT and ICEWS archives expand 4–12 times (a day of GDELT 1.0
 * is about 100 MB of text); a decompression bomb expands hundreds or thousands of times.
 */
export const DEFAULT_DECOMPRESSION_LIMITS: DecompressionLimits = { maxBytes: 16 * 1024 ** 3, maxRatio: 100 };

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
/** A size in bytes, with an optional binary unit: `500M`, `20G`. */
const Bytes = z.string().trim().toUpperCase()
  .regex(/^\d+(\.\d+)?\s*[KMGT]?(I?B)?$/, 'expected a size such as 500M or 20G')
  .transform((s) => {
    const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)/.exec(s)!;
    return Math.round(Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1));
  })
  .pipe(z.number().int().min(1, 'expected at least one byte').max(Number.MAX_SAFE_INTEGER));

/** `events import --countries USA,MEX`: keep only events with an actor from these countries. */
export const ImportCountryParams = z.object({
  countries: csvList(Country, MAX_COUNTRIES, 'country').optional(),
});

/** `events import --max-bytes --max-ratio`: the decompression bounds, defaults filled in. */
export const ImportLimitParams = z.object({
  maxBytes: Bytes.optional(),
  maxRatio: z.string().trim().regex(/^\d+(\.\d+)?$/, 'expected a number such as 100').transform(Number).pipe(z.number().min(1, 'a ratio below 1 refuses every archive')).optional(),
}).transform((p): DecompressionLimits => ({
  maxBytes: p.maxBytes ?? DEFAULT_DECOMPRESSION_LIMITS.maxBytes,
  maxRatio: p.maxRatio ?? DEFAULT_DECOMPRESSION_LIMITS.maxRatio,
}));

const WholeNumber = (min: number, max: number) => z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

/**
 * `events fetch --from --to [--countries] [--base-url] [--jobs] [--retries] [--backoff-ms] [--timeout-s]`:
 * the days (UTC) whose GDELT files are fetched; countries as in the event filters.
 */
export const FetchParams = z.object({
  from: IsoDate,
  to: IsoDate,
  countries: csvList(Country, MAX_COUNTRIES, 'country').optional(),
  v1: z.boolean().default(false),
  jobs: WholeNumber(1, 32).default(4),
  retries: WholeNumber(0, 20).default(5),
  backoffMs: WholeNumber(0, 600_000).default(1000),
  timeoutS: WholeNumber(1, 3600).default(60),
  /** The folder of the lists and files (a mirror); read as a folder whether or not it ends in `/`. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).transform((u) => (u.endsWith('/') ? u : `${u}/`)).optional(),
}).refine((p) => p.from <= p.to, { message: 'from is after to', path: ['from'] });
export type FetchParams = z.infer<typeof FetchParams>;
