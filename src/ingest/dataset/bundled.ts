/** The bundled North American dataset, and loading it into a store on first run. */
import { join } from 'node:path';
import { REPO_ROOT } from '../../repo.ts';
import type { Store } from '../../store/store.ts';
import { readDataset } from './files.ts';

export { REPO_ROOT };
export const BUNDLED_DATASET_DIR = join(REPO_ROOT, 'data', 'north-america');
export const BUNDLED_LABEL = 'bundled:north-america';

/** Loads the bundled dataset when the store holds none yet; returns whether it loaded. */
export async function ensureDataset(store: Store): Promise<boolean> {
  if ((await store.lastLoad()) !== null) return false;
  await store.loadDataset(readDataset(BUNDLED_DATASET_DIR, REPO_ROOT), BUNDLED_LABEL, 'replace');
  return true;
}
