/**
 * Political events: what governments and other actors did to each other, coded in CAMEO or PLOVER.
 * One canonical record for every source dataset (GDELT 1.0 and 2.0, ICEWS, users' own CSV, POLECAT).
 */
import { z } from 'zod';
import { IsoDate } from '../dates.ts';
import { PLOVER_EVENT_TYPES } from './plover-types.ts';

export const EventDataset = z.enum(['gdelt1', 'gdelt2', 'icews', 'csv', 'polecat']);
export type EventDataset = z.infer<typeof EventDataset>;

/** 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
export const QuadClass = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type QuadClass = z.infer<typeof QuadClass>;

/**
 * Where a quad class came from. `file`: the source file's own value (kept as is).
 * `gdelt`: derived with GDELT's mapping (roots 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4).
 * `icews-alt`: the alternative mapping of the icews R package and others (01–05, 06–08, 09–13, 14–20).
 * `plover`: derived from a PLOVER event type with PLOVER's own quad table (src/domain/events/plover.ts).
 */
export const QuadConvention = z.enum(['file', 'gdelt', 'icews-alt', 'plover']);
export type QuadConvention = z.infer<typeof QuadConvention>;

/** A CAMEO event code: two to four digits, kept as text (`010` is not `10`). */
export const CameoCode = z.string().regex(/^\d{2,4}$/, 'expected a CAMEO event code of 2–4 digits');

export const EventActor = z.object({
  /** Full CAMEO actor code (e.g. `USAGOV`), when the source has one. */
  code: z.string().nullable(),
  name: z.string().nullable(),
  /** ISO 3166-1 alpha-3 of the actor's country, when it maps to one. */
  country: z.string().regex(/^[A-Z]{3}$/).nullable(),
  /** The source's own country value (a CAMEO code or an ICEWS country name). */
  countryRaw: z.string().nullable(),
  /** CAMEO role/type codes (`GOV`, `MIL`, `BUS`…), from the source or mapped from ICEWS sectors. */
  sectors: z.array(z.string().regex(/^[A-Z]{3}$/)),
});
export type EventActor = z.infer<typeof EventActor>;

/** A PLOVER event type (the 16 of the PLOVER manual, draft 0.8 and later). */
export const PloverEventType = z.enum(PLOVER_EVENT_TYPES);
export type PloverEventType = z.infer<typeof PloverEventType>;

/**
 * An event's PLOVER coding as its source wrote it (POLECAT). `type` is null only for the retired
 * CRIME type, which has no current equivalent (see plover.ts). Modes and contexts are lower-case names.
 */
export const PloverCoding = z.object({
  type: PloverEventType.nullable(),
  mode: z.string().min(1).nullable(),
  contexts: z.array(z.string().regex(/^[a-z][a-z_-]*$/)),
});
export type PloverCoding = z.infer<typeof PloverCoding>;

export const PoliticalEvent = z.object({
  dataset: EventDataset,
  /** The source's own event id; unique together with `dataset` (ICEWS ids are unique only with the date, so ICEWS ids are `id@date`). */
  sourceEventId: z.string().min(1),
  eventDate: IsoDate,
  source: EventActor,
  target: EventActor,
  /** The CAMEO event code; null for events coded in PLOVER (POLECAT), which have none. */
  cameoCode: CameoCode.nullable(),
  rootCode: z.string().regex(/^\d{2}$/).nullable(),
  quadClass: QuadClass,
  quadConvention: QuadConvention,
  goldstein: z.number().min(-10).max(10).nullable(),
  /** ICEWS intensity (equals the CAMEO codebook Goldstein value of the code). */
  intensity: z.number().min(-10).max(10).nullable(),
  numMentions: z.number().int().nonnegative().nullable(),
  numSources: z.number().int().nonnegative().nullable(),
  numArticles: z.number().int().nonnegative().nullable(),
  avgTone: z.number().nullable(),
  isRootEvent: z.boolean().nullable(),
  /** Where the action happened, as the source names it (GDELT ActionGeo_FullName; ICEWS City, District, Province, Country). */
  locationName: z.string().nullable(),
  /** ISO 3166-1 alpha-3 of the place's country, when it maps to one (GDELT's own geo codes are FIPS 10-4, not ISO). */
  locationCountry: z.string().regex(/^[A-Z]{3}$/).nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  sourceUrl: z.string().nullable(),
  storyId: z.string().nullable(),
  /** The source's own PLOVER coding (POLECAT); absent for CAMEO-coded events, whose PLOVER coding comes from the crosswalk (plover.ts). */
  plover: PloverCoding.optional(),
});
export type PoliticalEvent = z.infer<typeof PoliticalEvent>;
