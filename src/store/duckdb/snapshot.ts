/**
 * A snapshot of the embedded store's registry beside its file (`<file>.registry.json`), so that the
 * commands that only read the registry (health, mechanisms, calendar, export) answer without loading
 * DuckDB — the heaviest part of a start — and even while another process holds the file.
 *
 * It is never stale. A load removes it before it begins. A store writes it as it closes, after
 * DuckDB has written everything to the file, recording the file's identity and state (device,
 * inode, size, modification time): any later change to the file, a file deleted and made again or
 * copied over, or a write-ahead log left beside it by a crash, makes the snapshot unusable, and the
 * command opens the store instead (whose close writes a new one).
 */
import { existsSync, renameSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Registry } from '../../domain/registry/schema.ts';
import type { LastLoad } from '../../app/ports.ts';

// 3: registries with assessments and recommendation histories (migration 006).
const VERSION = 3;

interface FileState {
  readonly dev: string;
  readonly ino: string;
  readonly size: string;
  readonly mtimeNs: string;
}

interface SnapshotFile {
  readonly version: number;
  readonly file: FileState;
  readonly load: LastLoad;
  readonly registry: Registry;
}

export function snapshotPath(file: string): string {
  return `${file}.registry.json`;
}

/** The database file as it is now; null when it is missing or has an unwritten log beside it. */
function state(file: string): FileState | null {
  if (existsSync(`${file}.wal`)) return null;
  try {
    const s = statSync(file, { bigint: true });
    return { dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs) };
  } catch {
    return null;
  }
}

/** Removes the snapshot (before a load). */
export function dropSnapshot(file: string): void {
  rmSync(snapshotPath(file), { force: true });
}

/** Writes the snapshot of the registry a closed file holds, atomically (a reader sees the old one or the new one). */
export function writeSnapshot(file: string, load: LastLoad, registry: Registry): void {
  const now = state(file);
  if (now === null) return;
  const path = snapshotPath(file);
  const tmp = `${path}.${process.pid}.tmp`;
  const body: SnapshotFile = { version: VERSION, file: now, load, registry };
  try {
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, path);
  } catch {
    // A read-only folder, a full disk: the store still works, only without the snapshot.
    rmSync(tmp, { force: true });
  }
}

/** The snapshot of the registry in `file`, or null when there is none that matches the file as it is. */
export function readSnapshot(file: string): { registry: Registry; load: LastLoad } | null {
  const now = state(file);
  if (now === null) return null;
  let body: SnapshotFile;
  try {
    body = JSON.parse(readFileSync(snapshotPath(file), 'utf8')) as SnapshotFile;
  } catch {
    return null;
  }
  if (body.version !== VERSION) return null;
  const f = body.file;
  if (f.dev !== now.dev || f.ino !== now.ino || f.size !== now.size || f.mtimeNs !== now.mtimeNs) return null;
  return { registry: body.registry, load: body.load };
}
