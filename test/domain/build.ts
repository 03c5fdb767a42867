/** Small constructed records for rule-by-rule tests: only the fields a case is about, the rest filled in. */
import { Registry, Mechanism, Meeting } from '../../src/domain/registry/schema.ts';
import type { Cadence, RegistryInput } from '../../src/domain/registry/schema.ts';

export const SRC = ['test'];

export function mechanism(id: string, cadence: Cadence, founded: string, extra: Partial<Mechanism> = {}): Mechanism {
  return Mechanism.parse({ id, names: { en: `Mechanism ${id}` }, kind: 'working-group', parties: ['USA', 'MEX'], cadence, founded, sources: SRC, ...extra });
}

let seq = 0;
export function meeting(mechanismId: string, date: string, extra: Partial<Meeting> = {}): Meeting {
  seq += 1;
  return Meeting.parse({ id: `${mechanismId}-m${seq}`, mechanism: mechanismId, date, level: 'ministerial', sources: SRC, ...extra });
}

/** A dataset with a `test` source and the three parties, plus whatever the case adds. */
export function dataset(input: RegistryInput): Registry {
  return Registry.parse({
    sources: [{ id: 'test', title: 'constructed test case', publisher: 'tests', kind: 'seed' }],
    parties: [
      { id: 'USA', names: { en: 'United States', es: 'Estados Unidos', fr: 'États-Unis' }, sources: SRC },
      { id: 'MEX', names: { en: 'Mexico', es: 'México', fr: 'Mexique' }, sources: SRC },
      { id: 'CAN', names: { en: 'Canada', es: 'Canadá', fr: 'Canada' }, sources: SRC },
    ],
    ...input,
  });
}
