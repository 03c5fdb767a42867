/** Runs writes to one database one after another within this process. */
export class WriteLock {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs fn after every write queued before it, whether those succeeded or failed. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(fn, fn);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}
