/** The file's SHA-256, on this thread and on a worker thread (a large file's), against the hash of its bytes. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { sha256File } from '../../src/ingest/events/plain-file.ts';
import { GDELT2, tempDir } from './support.ts';

describe('sha256File', () => {
  const tmp = tempDir('intermestic-sha256-');
  after(() => tmp.cleanup());
  const expected = createHash('sha256').update(readFileSync(GDELT2)).digest('hex');

  test('the real GDELT 2.0 sample: the same hash on this thread and on a worker thread', async () => {
    assert.equal(await sha256File(GDELT2), expected);
    assert.equal(await sha256File(GDELT2, undefined, 0), expected);
  });

  test('a file of several read chunks (3 MiB and a byte), on a worker thread', async () => {
    const file = tmp.path('chunks.bin');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 1, 0x61);
    bytes[bytes.length - 1] = 0x0a;
    writeFileSync(file, bytes);
    assert.equal(await sha256File(file, undefined, 0), createHash('sha256').update(bytes).digest('hex'));
  });

  test('a missing file rejects on either thread; an aborted hash rejects with the abort', async () => {
    await assert.rejects(sha256File(tmp.path('missing.csv')), /ENOENT/);
    await assert.rejects(sha256File(tmp.path('missing.csv'), undefined, 0), /ENOENT/);
    const stop = new AbortController();
    const hashing = sha256File(GDELT2, stop.signal, 0);
    stop.abort(new Error('the import failed'));
    await assert.rejects(hashing, /the import failed/);
  });
});
