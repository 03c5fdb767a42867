/**
 * The bundled registry, kept parsed and checked between processes: reading its YAML costs about a
 * second of CPU (the parser keeps every node's place for the messages), paid by every process that
 * opens a new store. The first process to read it writes the checked registry as JSON under the
 * package's dist/ folder, with a key made from the names and bytes of every file of the folder; a
 * later process whose files give the same key reads the JSON instead.
 *
 * The cache never changes what is read: a file changed, added or removed changes the key; a cache
 * that cannot be read or parsed, is of another key, or is not what today's schema gives back, is
 * ignored (and each build of the package clears it, so new code reads the files afresh); a registry that JSON would not
 * give back exactly is not cached; and the file is written whole (a temporary file renamed), or not
 * at all when the folder is read-only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Registry } from '../../domain/registry/schema.ts';

/** The key of a registry folder: the sha256 of each file's path in the folder and bytes, in name order. */
export function folderKey(dir: string): string {
  const hash = createHash('sha256');
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(dir, rel)).isDirectory())) {
        walk(rel);
      } else {
        const bytes = readFileSync(join(dir, rel));
        hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
      }
    }
  };
  walk('');
  return hash.digest('hex');
}

/** The registry of `dir`: from `cacheFile` when it holds this folder's key, else read by `read` (and cached). */
export async function readThroughCache(dir: string, cacheFile: string, read: () => Registry | Promise<Registry>): Promise<Registry> {
  let key: string;
  try {
    key = folderKey(dir);
  } catch {
    // a folder the key cannot be made of (a file that cannot be read): the reader says what is wrong
    return read();
  }
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key?: unknown; registry?: Registry };
    // Checked again by today's schema, and taken only when it gives the same value back: a cache
    // written by code of another shape is read afresh (a build also clears it: scripts/build.mjs).
    if (cached.key === key && cached.registry !== undefined) {
      const checked = Registry.safeParse(cached.registry);
      if (checked.success && isDeepStrictEqual(checked.data, cached.registry)) return checked.data;
    }
  } catch {
    // no cache yet, or not one we can read: read the files
  }
  const registry = await read();
  // A file changed while it was read would be cached under the key of its old content.
  try {
    if (folderKey(dir) !== key) return registry;
  } catch {
    return registry;
  }
  const text = JSON.stringify({ key, registry });
  if (!isDeepStrictEqual((JSON.parse(text) as { registry: Registry }).registry, registry)) return registry;
  const temp = `${cacheFile}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, cacheFile);
  } catch {
    // a read-only package: every process reads the files
    try {
      rmSync(temp, { force: true });
    } catch {
      // no temporary file there (its folder may not be one: force ignores only a missing file)
    }
  }
  return registry;
}
