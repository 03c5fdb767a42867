/**
 * The registry bundled with Intermestic (the North American one), and the RegistryFiles port over
 * registry folders and files on disk. The readers (YAML, CSV) load on the first read.
 */
import { join } from 'node:path';
import type { RegistryFiles } from '../../app/ports.ts';
import { REPO_ROOT } from '../../repo.ts';

export const BUNDLED_REGISTRY_DIR = join(REPO_ROOT, 'data', 'north-america');
export const BUNDLED_LABEL = 'bundled:north-america';

export const registryFiles: RegistryFiles = {
  bundled: { path: BUNDLED_REGISTRY_DIR, label: BUNDLED_LABEL },
  // Messages about the bundled registry name paths inside the package; others, paths from the working folder.
  read: async (path, displayBase) => (await import('./files.ts')).readRegistry(path, displayBase ?? (path === BUNDLED_REGISTRY_DIR ? REPO_ROOT : process.cwd())),
  writeCsv: async (registry, dir) => (await import('./csv.ts')).writeRegistryCsv(registry, dir),
};
