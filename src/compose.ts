/**
 * The composition root: opens the store the options or the environment name and joins it with the
 * ingest adapters and the clock into the Services the use cases take. The CLI and the server start
 * here; nothing else imports both the store and the use cases. Heavy modules (a database driver, the
 * YAML and CSV readers, the event importers) load only when a command first needs them.
 */
import type { Services } from './app/services.ts';
import type { EventFiles } from './app/ports.ts';
import { systemClock } from './app/clock.ts';
import { registryFiles } from './ingest/registry/bundled.ts';

export { registryFiles };
import type { OpenStoreOptions } from './store/open.ts';
import type { Store } from './store/store.ts';

const eventFiles: EventFiles = {
  importFile: async (events, file, options) => (await import('./ingest/events/pipeline.ts')).importEventFile(events, file, options),
};

/** The services over an open store (tests pass their own store and clock). */
export function servicesOver(store: Store, clock = systemClock): Services {
  return {
    clock, registry: store, events: store, registryFiles, eventFiles, location: store.location,
    close: () => store.close(),
  };
}

/** Opens the configured store (PostgreSQL when a URL is given, else the embedded file) and the services over it. */
export async function openServices(options: OpenStoreOptions = {}): Promise<Services> {
  const { openStore } = await import('./store/open.ts');
  return servicesOver(await openStore(options));
}
