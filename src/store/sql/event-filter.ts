/** An EventFilter as a WHERE condition on `events`, the same SQL for every engine. */
import { sql } from 'kysely';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { EventFilter } from '../../app/ports.ts';
import type { Database } from './schema.ts';
import { dyadKey } from './event-rows.ts';

type Eb = ExpressionBuilder<Database, 'events'>;

const SECTOR_RE = /^[A-Z0-9]{3}$/;
const COUNTRY_RE = /^[A-Z]{3}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Sector codes go into LIKE patterns: only plain codes, so no `%` or `_` can widen a match. */
function checkCodes(values: readonly string[], re: RegExp, what: string): void {
  for (const v of values) {
    if (!re.test(v)) throw new RangeError(`invalid ${what} ${JSON.stringify(v)} in event filter`);
  }
}

/** A day as a DATE on both engines (a bare text parameter would compare as text on some). */
export function dateParam(day: string): Expression<string> {
  if (!DAY_RE.test(day)) throw new RangeError(`invalid day ${JSON.stringify(day)} in event filter (expected YYYY-MM-DD)`);
  return sql<string>`cast(${day} as date)`;
}

/** Countries: none = all events; one = events with it on either side; two = a dyad; three or more = a group. */
export function countriesCondition(eb: Eb, countries: readonly string[], directed = false): Expression<SqlBool> | null {
  checkCodes(countries, COUNTRY_RE, 'country code');
  const [a, b] = countries;
  if (a === undefined) return null;
  if (b === undefined) return eb.or([eb('src_country', '=', a), eb('tgt_country', '=', a)]);
  if (countries.length === 2) {
    // dyad_key selects the pair (and is what a Citus layout routes on); the country conditions keep
    // the direction, and the meaning of the filter whatever the key holds.
    const ab = eb.and([eb('src_country', '=', a), eb('tgt_country', '=', b)]);
    const pair = directed ? ab : eb.or([ab, eb.and([eb('src_country', '=', b), eb('tgt_country', '=', a)])]);
    return eb.and([eb('dyad_key', '=', dyadKey(a, b)), pair]);
  }
  return groupCondition(eb, countries);
}

/** The dyad keys of every pair of distinct members of a group. */
export function groupDyadKeys(countries: readonly string[]): string[] {
  const members = [...new Set(countries)].sort();
  const keys: string[] = [];
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) keys.push(dyadKey(members[i] as string, members[j] as string));
  }
  return keys;
}

/** Events from one member of a group of countries to another (never within one country). */
export function groupCondition(eb: Eb, countries: readonly string[]): Expression<SqlBool> {
  checkCodes(countries, COUNTRY_RE, 'country code');
  const keys = groupDyadKeys(countries);
  // A group of one country (repeated) has no pair: nothing matches, as the conditions below say.
  if (keys.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.and([
    eb('dyad_key', 'in', keys),
    eb('src_country', 'in', [...countries]),
    eb('tgt_country', 'in', [...countries]),
    eb('src_country', '<>', eb.ref('tgt_country')),
  ]);
}

function anySector(eb: Eb, column: 'src_sectors' | 'tgt_sectors', sectors: readonly string[]): Expression<SqlBool> {
  return eb.or(sectors.map((s) => eb(column, 'like', `%|${s}|%`)));
}

const PLOVER_TYPE_RE = /^[A-Z]{2,12}$/;
const CAMEO_CODE_RE = /^\d{2,4}$/;

/**
 * PLOVER types: a PLOVER-coded row by its own type; a CAMEO-coded row (no PLOVER coding, plover_contexts
 * NULL) by its CAMEO code among those the crosswalk maps to the types. No type selects nothing.
 */
export function ploverCondition(eb: Eb, types: readonly string[], cameoCodes: readonly string[]): Expression<SqlBool> {
  checkCodes(types, PLOVER_TYPE_RE, 'PLOVER event type');
  checkCodes(cameoCodes, CAMEO_CODE_RE, 'CAMEO code');
  if (types.length === 0) return sql<SqlBool>`1 = 0`;
  const own = eb('plover_type', 'in', [...types]);
  if (cameoCodes.length === 0) return own;
  return eb.or([own, eb.and([eb('plover_contexts', 'is', null), eb('cameo_code', 'in', [...cameoCodes])])]);
}

/** The whole filter as one condition (true when the filter selects everything). */
export function eventCondition(eb: Eb, f: EventFilter): Expression<SqlBool> {
  const conds: Expression<SqlBool>[] = [];
  const countries = countriesCondition(eb, f.countries, f.directed === true && f.countries.length === 2);
  if (countries) conds.push(countries);
  if (f.from !== undefined) conds.push(eb('event_date', '>=', dateParam(f.from)));
  if (f.to !== undefined) conds.push(eb('event_date', '<=', dateParam(f.to)));
  if (f.sectors !== undefined && f.sectors.length > 0) {
    checkCodes(f.sectors, SECTOR_RE, 'sector code');
    const src = anySector(eb, 'src_sectors', f.sectors);
    const tgt = anySector(eb, 'tgt_sectors', f.sectors);
    conds.push(f.sectorsOn === 'both' ? eb.and([src, tgt]) : eb.or([src, tgt]));
  }
  if (f.rootCodes !== undefined && f.rootCodes.length > 0) conds.push(eb('root_code', 'in', [...f.rootCodes]));
  if (f.quadClasses !== undefined && f.quadClasses.length > 0) conds.push(eb('quad_class', 'in', [...f.quadClasses]));
  if (f.datasets !== undefined && f.datasets.length > 0) conds.push(eb('dataset', 'in', [...f.datasets]));
  if (f.ploverTypes !== undefined) conds.push(ploverCondition(eb, f.ploverTypes, f.ploverCameoCodes ?? []));
  return eb.and(conds);
}
