/** Everything the use cases may need, as one bag the edges pass around (each use case takes the part it uses). */
import type { Clock, EventFiles, EventRepository, RegistryFiles, RegistryRepository } from './ports.ts';

export interface Services {
  readonly clock: Clock;
  readonly registry: RegistryRepository;
  readonly events: EventRepository;
  readonly registryFiles: RegistryFiles;
  readonly eventFiles: EventFiles;
  /** Where the data lives, for messages: a file path or a URL without its password. */
  readonly location: string;
  /** Releases the store. */
  close(): Promise<void>;
}
