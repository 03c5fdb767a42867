/**
 * The real files the tests and the importers rely on are the public originals, byte for byte: each
 * file named in test/fixtures/README.md has the SHA-256 recorded there, and nothing unrecorded sits
 * beside them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REPO } from './support/paths.ts';

const readme = readFileSync(join(FIXTURES, 'README.md'), 'utf8');

/** `| \`name\` | … | \`digest\` |` rows of the README, by file name. */
function recorded(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const m = /^\| `([^`]+)` \|(?:.*\|)? `([0-9a-f]{64})` \|$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

test('every copied file matches the digest of its public original', () => {
  const digests = recorded();
  const copies = [
    ...readdirSync(join(FIXTURES, 'events')).map((f) => ['events', f]),
    ...readdirSync(join(FIXTURES, 'cameo')).map((f) => ['cameo', f]),
    ...readdirSync(join(FIXTURES, 'polecat')).map((f) => ['polecat', f]),
  ].map(([dir, f]) => ({ name: f!, path: join(FIXTURES, dir!, f!) }));
  const runtime = readdirSync(join(REPO, 'data', 'cameo')).filter((f) => f !== 'SOURCES.md').map((f) => ({ name: f, path: join(REPO, 'data', 'cameo', f) }));
  const all = [...copies, ...runtime];
  assert.equal(all.length, 17, 'four event files, four test-only tables, two POLECAT files built from the layout, seven run-time tables');
  for (const f of all) {
    const want = digests.get(f.name);
    assert.ok(want !== undefined, `${f.name} is not recorded in test/fixtures/README.md`);
    assert.equal(sha256(f.path), want, `${f.name} differs from its original`);
  }
  // cameo-to-plover-2021.txt is both a test table and a run-time table: one name, one digest.
  assert.equal(digests.size, new Set(all.map((f) => f.name)).size, 'the README records no file that is missing');
});
