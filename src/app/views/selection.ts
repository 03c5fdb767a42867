/**
 * The pair or group of parties a page looks at (`?pair=USA-MEX`, `?pair=USA-MEX-CAN`), checked against
 * the registry: the default is the registry's first two parties; the switch offers every pair of its
 * parties and, with three or more, all of them together.
 */
import type { Registry } from '../../domain/registry/schema.ts';
import { InvalidInput } from '../errors.ts';

export interface Selection {
  /** Party codes in the order asked. */
  readonly parties: readonly string[];
  /** `USA-MEX`, `USA-MEX-CAN`: the value of `?pair=`. */
  readonly key: string;
}

/** The selections the switch offers: the whole group first when there are three or more parties, then each pair. */
export function selections(registry: Registry): Selection[] {
  const codes = registry.parties.map((p) => p.id);
  const out: Selection[] = [];
  for (let i = 0; i < codes.length; i++) for (let j = i + 1; j < codes.length; j++) out.push(selection([codes[i]!, codes[j]!]));
  if (codes.length >= 3) out.splice(1, 0, selection(codes));
  return out;
}

function selection(parties: readonly string[]): Selection {
  return { parties, key: parties.join('-') };
}

/** The selection named by `?pair=` (codes in either case, joined by hyphens), or the default. */
export function selectionOf(registry: Registry, pair: string | undefined): Selection {
  const codes = registry.parties.map((p) => p.id);
  if (pair === undefined || pair === '') {
    if (codes.length < 2) throw new InvalidInput([{ parameter: 'pair', message: 'the registry holds fewer than two parties' }]);
    return selection(codes.slice(0, 2));
  }
  const asked = pair.toUpperCase().split('-').map((c) => c.trim());
  const unknown = asked.filter((c) => !codes.includes(c));
  if (asked.length < 2 || new Set(asked).size !== asked.length || unknown.length > 0) {
    throw new InvalidInput([{ parameter: 'pair', message: `expected two or more different parties of the registry joined by hyphens (${codes.join(', ')})${unknown.length > 0 ? `; unknown: ${unknown.slice(0, 5).join(', ')}` : ''}` }]);
  }
  return selection(asked);
}
