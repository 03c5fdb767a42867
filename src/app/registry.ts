/**
 * Use cases of the registry: load (the bundled registry on first use, a folder or an export), check,
 * export, and the lists the API serves.
 */
import { COLLECTIONS, type CollectionName, type Registry } from '../domain/registry/schema.ts';
import { WouldEmpty } from './errors.ts';
import { earliestDay, latestDay } from '../domain/dates.ts';
import type { Developments, MechanismListItem } from './contracts.ts';
import type { DevelopmentParams } from './params.ts';
import type { LastLoad, LoadMode, RegistryFiles, RegistryInfo, RegistryRepository } from './ports.ts';

type Deps = { registry: RegistryRepository; registryFiles: RegistryFiles };

/** Loads the bundled registry into a store that holds none yet; returns whether it loaded. */
export async function ensureRegistry(s: Deps): Promise<boolean> {
  if ((await s.registry.lastLoad()) !== null) return false;
  await s.registry.loadRegistry(await s.registryFiles.read(s.registryFiles.bundled.path), s.registryFiles.bundled.label, 'replace');
  return true;
}

/**
 * `load [PATH] [--merge]` and `import PATH [--merge]`: reads and checks a registry folder or export
 * (the bundled registry when no path is given) and loads it in one transaction.
 */
export async function loadRegistryFrom(s: Deps, path: string | undefined, mode: LoadMode, options: { displayBase?: string; allowEmpty?: boolean; label?: string } = {}): Promise<RegistryInfo> {
  const registry = path === undefined ? await s.registryFiles.read(s.registryFiles.bundled.path) : await s.registryFiles.read(path, options.displayBase);
  if (mode === 'replace' && options.allowEmpty !== true) {
    const stored = (await s.registry.registryInfo()).counts;
    const emptied = COLLECTIONS.filter((c) => registry[c].length === 0 && (stored[c] ?? 0) > 0).map((c) => ({ collection: c, stored: stored[c] }));
    if (emptied.length > 0) throw new WouldEmpty(options.label ?? path ?? s.registryFiles.bundled.label, emptied);
  }
  await s.registry.loadRegistry(registry, path === undefined ? s.registryFiles.bundled.label : options.label ?? path, mode);
  return s.registry.registryInfo();
}

/** `validate [PATH]`: the record counts of a registry that passes every check (else the read throws). */
export async function validateRegistry(s: Pick<Deps, 'registryFiles'>, path: string | undefined, displayBase?: string): Promise<Record<CollectionName, number>> {
  const registry = await s.registryFiles.read(path ?? s.registryFiles.bundled.path, displayBase);
  return counts(registry);
}

export function counts(registry: Registry): Record<CollectionName, number> {
  const out = {} as Record<CollectionName, number>;
  for (const c of Object.keys(registry) as CollectionName[]) out[c] = registry[c].length;
  return out;
}

/** `export`: the whole registry, collections in the public order. */
export function exportRegistry(s: { registry: RegistryRepository }): Promise<Registry> {
  return s.registry.readRegistry();
}

/** `/api/parties`, `/api/mechanisms`, `/api/issues`, `/api/sources`: one collection of the registry as stored. */
export async function registryCollection<C extends 'parties' | 'mechanisms' | 'issueAreas' | 'sources'>(s: { registry: RegistryRepository }, collection: C): Promise<Registry[C]> {
  return (await s.registry.readRegistry())[collection];
}

/** `export --format csv --out DIR`: one CSV file per collection; returns the files written. */
export async function exportRegistryCsv(s: Deps, dir: string): Promise<string[]> {
  return s.registryFiles.writeCsv(await s.registry.readRegistry(), dir);
}

/** `mechanisms --json`: each mechanism with the number of its meetings held. */
export function mechanismList(registry: Registry): MechanismListItem[] {
  const held = new Map<string, number>();
  for (const m of registry.meetings) if (m.status === 'held') held.set(m.mechanism, (held.get(m.mechanism) ?? 0) + 1);
  return registry.mechanisms.map((m) => ({ ...m, meetingsHeld: held.get(m.id) ?? 0 }));
}

export async function listMechanisms(s: { registry: RegistryRepository }): Promise<MechanismListItem[]> {
  return mechanismList(await s.registry.readRegistry());
}

/**
 * A registry repository that keeps the registry in memory between reads and re-reads it only when
 * the store's last load has changed: the registry is hundreds of records, read on every page and
 * route. The last load is asked of the store (one indexed row) at most every `recheckMs` (default:
 * every read); a load through this repository is seen at once, one by another process within
 * `recheckMs`. Writes go through to the store.
 */
export function cachedRegistry(repo: RegistryRepository, options: { recheckMs?: number; now?: () => number } = {}): RegistryRepository & {
  current(): Promise<{ registry: Registry; load: LastLoad | null }>;
} {
  const recheckMs = options.recheckMs ?? 0;
  const now = options.now ?? (() => performance.now());
  let cached: { load: LastLoad | null; registry: Registry; checked: number } | null = null;
  let pending: Promise<{ registry: Registry; load: LastLoad | null }> | null = null;
  /** Counts the loads through this repository: a check begun before one is not kept after it. */
  let writes = 0;
  const refresh = async (): Promise<{ registry: Registry; load: LastLoad | null }> => {
    const checked = now();
    const before = writes;
    const load = await repo.lastLoad();
    const fresh = cached !== null && cached.load?.seq === load?.seq ? { ...cached, checked } : { load, registry: await repo.readRegistry(), checked };
    if (writes === before) cached = fresh;
    return fresh;
  };
  const current = (): Promise<{ registry: Registry; load: LastLoad | null }> => {
    if (cached !== null && recheckMs > 0 && now() - cached.checked < recheckMs) return Promise.resolve(cached);
    // Concurrent requests share one check.
    pending ??= refresh().finally(() => { pending = null; });
    return pending;
  };
  return {
    current,
    loadRegistry: async (registry, label, mode) => {
      try {
        await repo.loadRegistry(registry, label, mode);
      } finally {
        writes++;
        cached = null;
        pending = null;
      }
    },
    readRegistry: async () => (await current()).registry,
    registryInfo: () => repo.registryInfo(),
    lastLoad: async () => (await current()).load,
    recordsCiting: (id) => repo.recordsCiting(id),
  };
}

/** The registry's key developments a filter selects, by date (a development overlapping [from, to] counts). */
export function developmentsOf(registry: Registry, p: DevelopmentParams): Developments {
  return registry.developments
    .filter((d) => (p.from === undefined || latestDay(d.endDate ?? d.date) >= p.from)
      && (p.to === undefined || earliestDay(d.date) <= p.to)
      && (p.party === undefined || d.parties.includes(p.party))
      && (p.kind === undefined || d.kind === p.kind)
      && (p.mechanism === undefined || d.mechanisms.includes(p.mechanism))
      && (p.issue === undefined || d.issueAreas.includes(p.issue)))
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (earliestDay(a.d.date) < earliestDay(b.d.date) ? -1 : earliestDay(a.d.date) > earliestDay(b.d.date) ? 1 : a.i - b.i))
    .map(({ d }) => d);
}

/** `developments`, `GET /api/developments`. */
export async function listDevelopments(s: { registry: RegistryRepository }, p: DevelopmentParams): Promise<Developments> {
  return developmentsOf(await s.registry.readRegistry(), p);
}
