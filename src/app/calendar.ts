/** Use case of the electoral calendar: coinciding elections and transition windows of some parties. */
import { electoralCalendar } from '../domain/calendar.ts';
import type { Calendar } from './contracts.ts';
import { InvalidInput } from './errors.ts';
import type { CalendarParams } from './params.ts';
import type { Clock, RegistryRepository } from './ports.ts';

/** `calendar --parties …`, `GET /api/calendar`: years default to the twelve before this year and the twelve after. */
export async function calendarOf(s: { registry: RegistryRepository; clock: Clock }, params: CalendarParams): Promise<Calendar> {
  const from = params.from ?? Number(s.clock.today().slice(0, 4)) - 12;
  const to = params.to ?? from + 24;
  if (to < from) throw new InvalidInput([{ parameter: 'to', message: `${to} is before from (${from})` }]);
  const registry = await s.registry.readRegistry();
  const known = new Set(registry.parties.map((p) => p.id));
  const unknown = params.parties.filter((p) => !known.has(p));
  if (unknown.length > 0) {
    throw new InvalidInput([{ parameter: 'parties', message: `unknown ${unknown.join(', ')} (known: ${[...known].join(', ')})` }]);
  }
  return electoralCalendar(registry, params.parties, from, to);
}
