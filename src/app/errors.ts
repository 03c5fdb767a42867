/** What a use case refuses, in words the edges pass on: the CLI as an exit code, the API as a status. */

/** Parameters that cannot be used (exit 2, HTTP 400). Each problem names its parameter. */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  constructor(readonly problems: readonly { readonly parameter: string; readonly message: string }[]) {
    super(problems.map((p) => `${p.parameter}: ${p.message}`).join('; '));
  }
}

/** A record asked for by id that the registry does not hold (HTTP 404). */
export class NotFound extends Error {
  override readonly name = 'NotFound';
  constructor(readonly what: string, readonly id: string) {
    super(`no ${what} with id "${id}"`);
  }
}

/**
 * A replacing load that would leave a collection the store holds records of with none — most often
 * a partial or truncated export. Refused unless asked for (`--allow-empty`); nothing changed.
 */
export class WouldEmpty extends Error {
  override readonly name = 'WouldEmpty';
  constructor(readonly source: string, readonly emptied: readonly { readonly collection: string; readonly stored: number }[]) {
    super(`${source} has no ${emptied.map((e) => e.collection).join(', ')}: replacing the stored registry would remove ` +
      `${emptied.map((e) => `${e.stored} ${e.collection}`).join(', ')}. Nothing was changed; pass --allow-empty to replace them with none`);
  }
}
