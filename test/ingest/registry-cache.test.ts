/** The bundled registry kept parsed between processes (src/ingest/registry/parsed-cache.ts), on a copy of the real folder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderKey, readThroughCache } from '../../src/ingest/registry/parsed-cache.ts';
import { readRegistry } from '../../src/ingest/registry/files.ts';
import { BUNDLED_REGISTRY_DIR } from '../../src/ingest/registry/bundled.ts';
import type { Registry } from '../../src/domain/registry/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'intermestic-registry-cache-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the bundled registry folder, and a reader of it that counts its reads. */
function setup(name: string): { folder: string; cache: string; read: () => Registry; reads: () => number } {
  const folder = join(dir, name, 'north-america');
  cpSync(BUNDLED_REGISTRY_DIR, folder, { recursive: true });
  let reads = 0;
  return { folder, cache: join(dir, name, 'cache', 'north-america.json'), read: () => { reads++; return readRegistry(folder, dir); }, reads: () => reads };
}

test('the second read comes from the cache and is the registry the files give', async () => {
  const s = setup('same');
  const first = await readThroughCache(s.folder, s.cache, s.read);
  assert.equal(s.reads(), 1);
  assert.ok(existsSync(s.cache));
  const second = await readThroughCache(s.folder, s.cache, s.read);
  assert.equal(s.reads(), 1, 'the files were not read again');
  assert.deepEqual(second, first);
  assert.deepEqual(second, readRegistry(BUNDLED_REGISTRY_DIR, dir));
  assert.equal(second.mechanisms.length, 27);
});

test('a changed, added or removed file is read again', async () => {
  const s = setup('changed');
  await readThroughCache(s.folder, s.cache, s.read);
  const key = folderKey(s.folder);
  appendFileSync(join(s.folder, 'parties.yaml'), '# a comment changes no record but changes the bytes\n');
  assert.notEqual(folderKey(s.folder), key);
  await readThroughCache(s.folder, s.cache, s.read);
  assert.equal(s.reads(), 2);
  // A new meetings file with no records, then its removal: each a new key, each read again.
  writeFileSync(join(s.folder, 'meetings', 'zz-empty.yaml'), '[]\n');
  await readThroughCache(s.folder, s.cache, s.read);
  rmSync(join(s.folder, 'meetings', 'zz-empty.yaml'));
  const back = await readThroughCache(s.folder, s.cache, s.read);
  assert.equal(s.reads(), 4);
  assert.equal(back.meetings.length, 126);
});

test('a damaged cache, or one of another key, is ignored and written again', async () => {
  const s = setup('damaged');
  await readThroughCache(s.folder, s.cache, s.read);
  writeFileSync(s.cache, readFileSync(s.cache, 'utf8').slice(0, 1000));
  assert.equal((await readThroughCache(s.folder, s.cache, s.read)).mechanisms.length, 27);
  assert.equal(s.reads(), 2);
  writeFileSync(s.cache, JSON.stringify({ key: 'another', registry: { mechanisms: [] } }));
  assert.equal((await readThroughCache(s.folder, s.cache, s.read)).mechanisms.length, 27);
  assert.equal(s.reads(), 3);
  assert.equal(JSON.parse(readFileSync(s.cache, 'utf8')).key, folderKey(s.folder));
  // The right key, but a registry today's schema refuses (as code of another shape might have written): read again.
  const stale = JSON.parse(readFileSync(s.cache, 'utf8'));
  delete stale.registry.mechanisms[0].id;
  writeFileSync(s.cache, JSON.stringify(stale));
  assert.equal((await readThroughCache(s.folder, s.cache, s.read)).mechanisms[0]!.id, 'nals');
  assert.equal(s.reads(), 4);
});

test('where the cache cannot be written, the files are read every time, with no error', async () => {
  const s = setup('unwritable');
  const blocker = join(dir, 'unwritable', 'a-file');
  writeFileSync(blocker, 'not a folder');
  const cache = join(blocker, 'north-america.json');
  assert.equal((await readThroughCache(s.folder, cache, s.read)).mechanisms.length, 27);
  assert.equal((await readThroughCache(s.folder, cache, s.read)).mechanisms.length, 27);
  assert.equal(s.reads(), 2);
});

test('a registry JSON would not give back exactly is not cached', async () => {
  const s = setup('not-json');
  const odd = (): Registry => ({ ...s.read(), extra: undefined } as unknown as Registry);
  await readThroughCache(s.folder, s.cache, odd);
  assert.equal(existsSync(s.cache), false);
});

test('a folder whose key cannot be made is read by the reader, which names the problem', async () => {
  const s = setup('unreadable');
  // A dangling link where a collection file would be: the key cannot be made, and the reader reports the file.
  symlinkSync(join(dir, 'no-such-target.yaml'), join(s.folder, 'meetings', 'zz-dangling.yaml'));
  await assert.rejects(readThroughCache(s.folder, s.cache, s.read), /zz-dangling\.yaml/);
  assert.equal(s.reads(), 1);
  assert.equal(existsSync(s.cache), false);
});
