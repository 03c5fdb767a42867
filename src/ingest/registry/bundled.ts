/**
 * The registry bundled with Intermestic (the North American one), and the RegistryFiles port over
 * registry folders and files on disk. The readers (YAML, CSV) load on the first read.
 */
import { join } from 'node:path';
import type { RegistryFiles } from '../../app/ports.ts';
import type { Registry } from '../../domain/registry/schema.ts';
import { REPO_ROOT } from '../../repo.ts';

export const BUNDLED_REGISTRY_DIR = join(REPO_ROOT, 'data', 'north-america');
export const BUNDLED_LABEL = 'bundled:north-america';
/** The bundled registry as checked, kept between processes (parsed-cache.ts); dist/ is not in git. */
const BUNDLED_CACHE_FILE = join(REPO_ROOT, 'dist', 'registry', 'north-america.json');

/** The bundled registry, read and checked once per process (the package's files do not change while it runs), and kept between processes. */
let bundled: Promise<Registry> | null = null;

export const registryFiles: RegistryFiles = {
  bundled: { path: BUNDLED_REGISTRY_DIR, label: BUNDLED_LABEL },
  read: async (path, displayBase) => {
    const readFiles = async (base: string): Promise<Registry> => (await import('./files.ts')).readRegistry(path, base);
    // Messages about the bundled registry name paths inside the package; others, paths from the working folder.
    if (path === BUNDLED_REGISTRY_DIR && displayBase === undefined) {
      // Between processes, the checked registry is kept under dist/ (parsed-cache.ts): the YAML
      // reader then does not even load.
      bundled ??= import('./parsed-cache.ts').then(({ readThroughCache }) => readThroughCache(path, BUNDLED_CACHE_FILE, () => readFiles(REPO_ROOT)));
      bundled.catch(() => {
        bundled = null;
      });
      return structuredClone(await bundled);
    }
    return readFiles(displayBase ?? process.cwd());
  },
  writeCsv: async (registry, dir) => (await import('./csv.ts')).writeRegistryCsv(registry, dir),
};
