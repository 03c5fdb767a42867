/** Everything the use cases may need, as one bag the edges pass around (each use case takes the part it uses). */
import type { AlertRepository, Clock, EventFiles, EventMirror, EventRepository, RegistryFiles, RegistryRepository, SecretBox, WebhookSender } from './ports.ts';

/** What alerts and webhooks need besides the registry and the events: the outbox, the secrets' key, the sender. */
export interface Alerting {
  readonly alerts: AlertRepository;
  readonly secrets: SecretBox;
  readonly sender: WebhookSender;
  /** Milliseconds since the epoch (delivery times and backoff). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface Services {
  readonly clock: Clock;
  readonly registry: RegistryRepository;
  readonly events: EventRepository;
  readonly registryFiles: RegistryFiles;
  readonly eventFiles: EventFiles;
  /** GDELT's download servers (or a mirror), for `events fetch`; absent where nothing is fetched. */
  readonly eventMirror?: EventMirror;
  /** Where the data lives, for messages: a file path or a URL without its password. */
  readonly location: string;
  /** Alerts and webhooks; absent where only the registry is read (a snapshot). */
  readonly alerting?: Alerting;
  /** Releases the store. */
  close(): Promise<void>;
}
