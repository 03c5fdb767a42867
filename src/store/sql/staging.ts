/**
 * How batches of events reach `events` inside one import's transaction, for every engine: events
 * gather in a chunk; when it is full, the engine writes it (into `events`, skipping stored keys)
 * while the next chunk fills, so parsing and writing overlap. An event id seen twice in one chunk is
 * dropped here (the first wins); across chunks, the engine's skip of stored keys drops it. Engines
 * plug in only how a chunk is built and written (src/store/duckdb/staging.ts, postgres/staging.ts).
 */
import type { CompiledQuery, QueryResult } from 'kysely';
import type { PoliticalEvent } from '../../domain/events/event.ts';

/** Where one import's events wait before they join `events`. */
export interface EventStaging {
  /** Adds a batch; a full chunk starts its write at once. */
  stage(events: readonly PoliticalEvent[]): Promise<void>;
  /** Writes what is left; returns how many events the whole import inserted. */
  finish(): Promise<number>;
  /** Runs a statement in the import's transaction (after finish). */
  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** A chunk being filled and written by one engine. */
export interface ChunkWriter<C> {
  /** A new, empty chunk. */
  open(): C;
  /** Adds one event to a chunk (synchronous: this runs once per row). */
  add(chunk: C, event: PoliticalEvent): void;
  /** Writes a full chunk into `events`, skipping keys already stored; resolves with the rows inserted. */
  write(chunk: C): Promise<number>;
  /** Drops a chunk that will not be written (its temporary files, say). */
  discard(chunk: C): void;
  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

export class ChunkedStaging<C> implements EventStaging {
  readonly #writer: ChunkWriter<C>;
  readonly #chunkRows: number;
  #chunk: C | null = null;
  #rows = 0;
  /** Event ids of the chunk being filled, per dataset. */
  #ids = new Map<string, Set<string>>();
  #writing: Promise<number> | null = null;
  #inserted = 0;

  constructor(writer: ChunkWriter<C>, chunkRows: number) {
    this.#writer = writer;
    this.#chunkRows = chunkRows;
  }

  async stage(events: readonly PoliticalEvent[]): Promise<void> {
    let ids: Set<string> | undefined;
    let idsOf = '';
    for (const e of events) {
      if (e.dataset !== idsOf || ids === undefined) {
        idsOf = e.dataset;
        ids = this.#ids.get(idsOf);
        if (ids === undefined) this.#ids.set(idsOf, (ids = new Set()));
      }
      const before = ids.size;
      ids.add(e.sourceEventId);
      if (ids.size === before) continue;
      this.#chunk ??= this.#writer.open();
      this.#writer.add(this.#chunk, e);
      if (++this.#rows >= this.#chunkRows) {
        await this.#handOff();
        ids = undefined;
      }
    }
  }

  /** Waits for the write in flight, then starts writing the full chunk without waiting for it. */
  async #handOff(): Promise<void> {
    const chunk = this.#chunk;
    this.#chunk = null;
    this.#rows = 0;
    this.#ids = new Map();
    await this.#settle();
    if (chunk === null) return;
    const writing = this.#writer.write(chunk);
    // Observed now so that a failure is never unhandled; #settle rethrows it.
    writing.catch(() => undefined);
    this.#writing = writing;
  }

  async #settle(): Promise<void> {
    const writing = this.#writing;
    this.#writing = null;
    if (writing) this.#inserted += await writing;
  }

  async finish(): Promise<number> {
    await this.#handOff();
    await this.#settle();
    return this.#inserted;
  }

  execute<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
    return this.#writer.execute(query);
  }

  /** Lets a write in flight end (its result no longer matters) and drops the chunk being filled, before a rollback. */
  async abandon(): Promise<void> {
    await this.#settle().catch(() => undefined);
    if (this.#chunk !== null) this.#writer.discard(this.#chunk);
    this.#chunk = null;
  }
}
