/**
 * The embedded database file. DuckDB must not open one file twice in a process (two instances would
 * corrupt it), so every store on a file takes it from DuckDB's own instance cache
 * (`DuckDBInstance.fromCache`), which hands out the same database, and shares one write lock with the
 * others. DuckDB lets one process open a file for writing; a second process gets a StoreOpenError
 * naming the process that holds it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { StoreOpenError } from '../store.ts';
import { WriteLock } from '../sql/write-lock.ts';

const writeLocks = new Map<string, WriteLock>();

/** Opens (creating if needed) the database at the absolute path `file`; `shown` is the path as the user gave it. */
export async function openDatabaseFile(file: string, shown: string): Promise<{ instance: DuckDBInstance; writeLock: WriteLock }> {
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (e) {
    throw new StoreOpenError(`cannot create the folder of the database file ${shown}: ${(e as Error).message}`, { cause: e });
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.fromCache(file);
  } catch (e) {
    throw openError(shown, e as Error);
  }
  let writeLock = writeLocks.get(file);
  if (writeLock === undefined) writeLocks.set(file, (writeLock = new WriteLock()));
  return { instance, writeLock };
}

const LOCK_RE = /Could not set lock on file "([^"]*)": Conflicting lock is held in (.*?) \(PID (\d+)\)/;

/** DuckDB's open error in words; a held lock names the process that holds it and what to do. */
export function openError(shown: string, e: Error): StoreOpenError {
  const m = LOCK_RE.exec(e.message);
  if (m) {
    return new StoreOpenError(
      `the database file ${shown} is in use by another process (PID ${m[3]}, ${m[2]}); ` +
      'stop it (for example a running "intermestic serve") or set INTERMESTIC_DB to another file',
      { cause: e },
    );
  }
  return new StoreOpenError(`cannot open the database file ${shown}: ${e.message}`, { cause: e });
}
