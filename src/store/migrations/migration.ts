/** What a versioned migration is: one step of the schema, the same definition for every engine. */
import type { Tx } from '../schema.ts';

export type Engine = 'duckdb' | 'postgres';

export interface Migration {
  /** Applied in ascending order, each once; never renumber or edit a released migration. */
  readonly version: number;
  readonly name: string;
  /** Runs inside the migration transaction; `engine` selects raw SQL only where the engines differ. */
  up(tx: Tx, engine: Engine): Promise<void>;
}
