/** The system clock: today's date in UTC. */
import { dayOf } from '../domain/dates.ts';
import type { Clock } from './ports.ts';

export const systemClock: Clock = { today: () => dayOf(new Date()) };

/** A clock stopped on one day (tests, and `--at` style reproducible runs). */
export function fixedClock(day: string): Clock {
  return { today: () => day };
}
