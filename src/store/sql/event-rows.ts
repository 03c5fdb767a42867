/** Canonical political events ↔ rows of the flattened `events` table. */
import { sql } from 'kysely';
import type { EventDataset, PloverEventType, PoliticalEvent, QuadClass, QuadConvention } from '../../domain/events/event.ts';
import { EVENT_COLUMNS, encodeSectors } from '../../app/ports.ts';
import type { EventsTable } from './schema.ts';

export { EVENT_COLUMNS, encodeSectors };

/** Columns the bulk paths write: the canonical ones, then dyad_key (derived from them in SQL). */
export const STORED_COLUMNS = [...EVENT_COLUMNS, 'dyad_key'] as const satisfies readonly (keyof EventsTable)[];

/** Stands for an actor without a country in a dyad key. */
export const NO_COUNTRY = '~';

/** The undirected dyad key of two actor countries: 'MEX-USA' for (USA, MEX) and (MEX, USA), 'USA-~' for (null, USA). */
export function dyadKey(a: string | null, b: string | null): string {
  const x = a ?? NO_COUNTRY;
  const y = b ?? NO_COUNTRY;
  return x <= y ? `${x}-${y}` : `${y}-${x}`;
}

/**
 * dyadKey() in SQL over a row's src_country and tgt_country, the same on both engines: countries are
 * ISO alpha-3 codes ([A-Z]{3}), which every collation orders alike, and the missing one ('~', after
 * every letter) is placed last without comparing it under a collation.
 */
export const dyadKeySql = sql<string>`CASE
  WHEN src_country IS NULL THEN (CASE WHEN tgt_country IS NULL THEN '~-~' ELSE tgt_country || '-~' END)
  WHEN tgt_country IS NULL THEN src_country || '-~'
  WHEN src_country <= tgt_country THEN src_country || '-' || tgt_country
  ELSE tgt_country || '-' || src_country END`;


/** `|GOV|MIL|` → `['GOV','MIL']`. */
export function decodeSectors(text: string | null): string[] {
  return text === null || text === '' ? [] : text.slice(1, -1).split('|');
}

/**
 * One event as a line of delimited text in EVENT_COLUMNS order, for the bulk paths. `text` escapes a
 * text value for the target format (or returns null when it cannot, and then so does this function);
 * numbers and booleans are written as JavaScript prints them, which both engines parse back exactly.
 * Runs once per row of multi-million-row imports: keep it free of closures and per-field calls.
 */
export function eventLine(e: PoliticalEvent, sep: string, nul: string, text: (v: string) => string | null): string | null {
  const s = e.source;
  const t = e.target;
  const p = e.plover;
  const parts = [
    text(e.dataset), text(e.sourceEventId), text(e.eventDate),
    s.code === null ? nul : text(s.code), s.name === null ? nul : text(s.name), s.country === null ? nul : text(s.country),
    s.countryRaw === null ? nul : text(s.countryRaw), text(encodeSectors(s.sectors)),
    t.code === null ? nul : text(t.code), t.name === null ? nul : text(t.name), t.country === null ? nul : text(t.country),
    t.countryRaw === null ? nul : text(t.countryRaw), text(encodeSectors(t.sectors)),
    e.cameoCode === null ? nul : text(e.cameoCode), e.rootCode === null ? nul : text(e.rootCode), String(e.quadClass), text(e.quadConvention),
    e.goldstein === null ? nul : String(e.goldstein), e.intensity === null ? nul : String(e.intensity),
    e.numMentions === null ? nul : String(e.numMentions), e.numSources === null ? nul : String(e.numSources),
    e.numArticles === null ? nul : String(e.numArticles), e.avgTone === null ? nul : String(e.avgTone),
    e.isRootEvent === null ? nul : String(e.isRootEvent),
    e.locationName === null ? nul : text(e.locationName), e.locationCountry === null ? nul : text(e.locationCountry),
    e.latitude === null ? nul : String(e.latitude), e.longitude === null ? nul : String(e.longitude),
    e.sourceUrl === null ? nul : text(e.sourceUrl), e.storyId === null ? nul : text(e.storyId),
    p === undefined || p.type === null ? nul : text(p.type), p === undefined || p.mode === null ? nul : text(p.mode),
    p === undefined ? nul : text(encodeSectors(p.contexts)),
  ];
  let line = parts[0] as string | null;
  if (line === null) return null;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    if (p === null || p === undefined) return null;
    line += sep + p;
  }
  return line;
}

/** Rebuilds the canonical event from its row. */
export function rowToEvent(r: EventsTable): PoliticalEvent {
  return {
    dataset: r.dataset as EventDataset,
    sourceEventId: r.source_event_id,
    eventDate: r.event_date,
    source: { code: r.src_code, name: r.src_name, country: r.src_country, countryRaw: r.src_country_raw, sectors: decodeSectors(r.src_sectors) },
    target: { code: r.tgt_code, name: r.tgt_name, country: r.tgt_country, countryRaw: r.tgt_country_raw, sectors: decodeSectors(r.tgt_sectors) },
    cameoCode: r.cameo_code,
    rootCode: r.root_code,
    quadClass: r.quad_class as QuadClass,
    quadConvention: r.quad_convention as QuadConvention,
    goldstein: r.goldstein,
    intensity: r.intensity,
    numMentions: r.num_mentions,
    numSources: r.num_sources,
    numArticles: r.num_articles,
    avgTone: r.avg_tone,
    isRootEvent: r.is_root_event,
    locationName: r.location_name,
    locationCountry: r.location_country,
    latitude: r.latitude,
    longitude: r.longitude,
    sourceUrl: r.source_url,
    storyId: r.story_id,
    // PLOVER-coded rows always have contexts text (empty when none); CAMEO rows have NULL and no `plover`.
    ...(r.plover_contexts === null ? {} : { plover: { type: r.plover_type as PloverEventType | null, mode: r.plover_mode, contexts: decodeSectors(r.plover_contexts) } }),
  };
}
