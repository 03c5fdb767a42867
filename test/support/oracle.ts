/**
 * Independent oracles the tests compare the importers with: written from the format documents, not
 * from the code under test (one copy, shared by every test that needs it).
 */
import assert from 'node:assert/strict';
import type { QuadClass } from '../../src/domain/events/event.ts';

function rootNumber(root: number | string): number {
  const r = Number(root);
  assert.ok(Number.isInteger(r) && r >= 1 && r <= 20, `CAMEO root code out of range 01–20: ${root}`);
  return r;
}

/** GDELT's quad class of a CAMEO root code (the GDELT codebooks): 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4. */
export function gdeltQuad(root: number | string): QuadClass {
  const r = rootNumber(root);
  return r <= 5 ? 1 : r <= 9 ? 2 : r <= 14 ? 3 : 4;
}

/** The alternative convention (the icews R package): 01–05 → 1, 06–08 → 2, 09–13 → 3, 14–20 → 4. */
export function altQuad(root: number | string): QuadClass {
  const r = rootNumber(root);
  return r <= 5 ? 1 : r <= 8 ? 2 : r <= 13 ? 3 : 4;
}
