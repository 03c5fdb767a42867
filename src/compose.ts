/**
 * The composition root: opens the store the options or the environment name and joins it with the
 * ingest adapters and the clock into the Services the use cases take. The CLI and the server start
 * here; nothing else imports both the store and the use cases. Heavy modules (a database driver, the
 * YAML and CSV readers, the event importers) load only when a command first needs them.
 */
import type { Services } from './app/services.ts';
import type { EventFiles, EventMirror, EventRepository } from './app/ports.ts';
import { systemClock } from './app/clock.ts';
import { registryFiles } from './ingest/registry/bundled.ts';
import { secretBox, webhookSender } from './server/webhooks.ts';

export { registryFiles };
import type { OpenStoreOptions } from './store/open.ts';
import type { Store } from './store/store.ts';

const eventFiles: EventFiles = {
  importFile: async (events, file, options) => (await import('./ingest/events/pipeline.ts')).importEventFile(events, file, options),
  ploverTables: async () => (await import('./ingest/events/lookups.ts')).ploverTables(),
  exportParquet: async (events, dir, options) => (await import('./ingest/export/parquet.ts')).exportParquet(events, dir, options),
};

/** GDELT's download servers over HTTP, loaded when a fetch first needs them. */
const eventMirror: EventMirror = {
  list: async (request, from, to) => (await import('./ingest/events/fetch/gdelt-mirror.ts')).gdeltMirror.list(request, from, to),
  download: async (request, file, dir, onBytes) => (await import('./ingest/events/fetch/gdelt-mirror.ts')).gdeltMirror.download(request, file, dir, onBytes),
  discard: async (path) => (await import('./ingest/events/fetch/gdelt-mirror.ts')).gdeltMirror.discard(path),
};

/** The services over an open store (tests pass their own store and clock). */
export function servicesOver(store: Store, clock = systemClock, env: Readonly<Record<string, string | undefined>> = process.env): Services {
  // The key that seals webhook secrets lives outside the database: beside the embedded file, or where the environment says.
  const keyFile = env.INTERMESTIC_SECRET_KEY_FILE ?? (store.dataFile !== null ? `${store.dataFile}.key` : './data/intermestic.key');
  return {
    clock, registry: store, events: store, registryFiles, eventFiles, eventMirror, location: store.location,
    alerting: {
      alerts: store.alerts,
      secrets: secretBox({ ...(env.INTERMESTIC_SECRET_KEY ? { keyHex: env.INTERMESTIC_SECRET_KEY } : {}), keyFile }),
      sender: webhookSender,
      now: () => Date.now(),
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    },
    close: () => store.close(),
  };
}

/**
 * Opens the configured store (PostgreSQL when a URL is given, else the embedded file) and the services
 * over it. With `registryOnly`, a command that only reads the registry is served from the embedded
 * store's snapshot when it has a current one, and no engine loads (the store opens only if an event
 * query comes after all).
 */
export async function openServices(options: OpenStoreOptions & { registryOnly?: boolean } = {}): Promise<Services> {
  const { openStore, openRegistrySnapshot } = await import('./store/open.ts');
  const snapshot = options.registryOnly ? await openRegistrySnapshot(options) : null;
  if (snapshot === null) return servicesOver(await openStore(options));
  let store: Promise<Store> | null = null;
  const opened = (): Promise<Store> => (store ??= openStore(options));
  const events: EventRepository = {
    bulkLoad: async (bulk, meta) => (await opened()).bulkLoad(bulk, meta),
    eventSeries: async (q) => (await opened()).eventSeries(q),
    topDyads: async (q) => (await opened()).topDyads(q),
    eventStats: async () => (await opened()).eventStats(),
    lastImport: async () => (await opened()).lastImport(),
    listEvents: async (f, limit) => (await opened()).listEvents(f, limit),
    eventConventions: async (f) => (await opened()).eventConventions(f),
    loadMentions: async (batches, meta) => (await opened()).loadMentions(batches, meta),
    mentionSummaries: async (list, min) => (await opened()).mentionSummaries(list, min),
    streamEvents: async function* (n) { yield* (await opened()).streamEvents(n); },
    streamMentions: async function* (n) { yield* (await opened()).streamMentions(n); },
  };
  const location = options.path ?? options.env?.INTERMESTIC_DB ?? process.env.INTERMESTIC_DB ?? './data/intermestic.db';
  return {
    clock: systemClock, registry: snapshot, events, registryFiles, eventFiles, location,
    close: async () => {
      if (store !== null) await (await store).close();
    },
  };
}
