/**
 * Bounded decompression and long lines (issue 12): an archive that expands past the size or ratio
 * limits is refused within seconds with the file named, whatever its zip layout; the limits can be
 * raised; a line of many megabytes over thousands of small chunks is read once, not re-copied.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { openEventFile } from '../../src/ingest/events/index.ts';
import { EventFileError } from '../../src/ingest/events/index.ts';
import { lineBlocks } from '../../src/ingest/events/lines.ts';
import { ImportLimitParams, DEFAULT_DECOMPRESSION_LIMITS } from '../../src/app/params.ts';
import { GDELT2, readAll, tempDir, writeZip } from './support.ts';

const tmp = tempDir('intermestic-bounds-');
after(tmp.cleanup);

/** 40 MiB of NUL bytes: deflates about a thousandfold. */
const zeros = Buffer.alloc(40 * 1024 * 1024);

async function refusal(file: string, options: Parameters<typeof openEventFile>[1] = {}): Promise<string> {
  let message = '';
  await assert.rejects(async () => {
    await readAll(file, options);
  }, (e: unknown) => {
    assert.ok(e instanceof EventFileError, String(e));
    message = e.message;
    return true;
  });
  return message;
}

describe('decompression bombs are refused, naming the file and the limit', () => {
  test('a streamed zip entry (data descriptor) of NUL bytes: refused by its declared ratio before inflating', async () => {
    const file = tmp.path('streamed-bomb.zip');
    writeZip(file, [{ name: '20170101073000.export.CSV', data: zeros }], false, true);
    const m = await refusal(file);
    assert.match(m, /^\/.*streamed-bomb\.zip: refused zip entry 20170101073000\.export\.CSV: it declares it expands more than 100 times/);
    assert.match(m, /--max-bytes or --max-ratio/);
  });

  test('a zip that lies about its size (declares 1 KiB): stopped once the real output passes the ratio', async () => {
    const file = tmp.path('lying-bomb.zip');
    writeZip(file, [{ name: 'events.tsv', data: zeros, declare: 1024 }], false, true);
    const m = await refusal(file);
    assert.match(m, /lying-bomb\.zip: /);
    assert.match(m, /(too many bytes|expands more than 100 times)/);
  });

  test('a gzip bomb: refused once the output passes 16 MiB at more than 100 times the input', async () => {
    const file = tmp.path('bomb.tsv.gz');
    writeFileSync(file, gzipSync(zeros));
    const m = await refusal(file);
    assert.match(m, /bomb\.tsv\.gz: refused the gzip data: it expands more than 100 times its compressed \d+ bytes/);
  });

  test('a real archive passes the defaults, and a lower --max-bytes refuses it', async () => {
    const file = tmp.path('20170101073000.export.CSV.gz');
    writeFileSync(file, gzipSync(readFileSync(GDELT2)));
    assert.equal((await readAll(file)).events.length, 720);
    const m = await refusal(file, { limits: { maxBytes: 100_000, maxRatio: 100 } });
    assert.match(m, /expands past 100000 bytes/);
  });

  test('raising --max-ratio lets a highly compressible archive through to the format checks', async () => {
    const file = tmp.path('zeros.tsv.gz');
    writeFileSync(file, gzipSync(zeros));
    const m = await refusal(file, { limits: { maxBytes: DEFAULT_DECOMPRESSION_LIMITS.maxBytes, maxRatio: 100_000 } });
    assert.doesNotMatch(m, /refused/);
  });

  test('the flags: sizes with units, ratios as numbers, clear errors otherwise', () => {
    assert.deepEqual(ImportLimitParams.parse({ maxBytes: '500M', maxRatio: '250' }), { maxBytes: 500 * 1024 ** 2, maxRatio: 250 });
    assert.deepEqual(ImportLimitParams.parse({}), DEFAULT_DECOMPRESSION_LIMITS);
    assert.deepEqual(ImportLimitParams.parse({ maxBytes: '2g' }).maxBytes, 2 * 1024 ** 3);
    assert.equal(ImportLimitParams.safeParse({ maxBytes: 'lots' }).success, false);
    assert.equal(ImportLimitParams.safeParse({ maxRatio: '0.5' }).success, false);
  });
});

describe('long lines', () => {
  test('a 48 MiB line over 16 KiB chunks comes out whole, with the lines around it', async () => {
    const long = Buffer.alloc(48 * 1024 * 1024, 0x61);
    const data = Buffer.concat([Buffer.from('first\n'), long, Buffer.from('\nlast\n')]);
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < data.length; i += 16 * 1024) yield data.subarray(i, i + 16 * 1024);
    }
    const lines: { n: number; length: number }[] = [];
    for await (const b of lineBlocks(chunks())) b.lines.forEach((l, i) => lines.push({ n: b.firstLine + i, length: l.length }));
    assert.deepEqual(lines.filter((l) => l.length > 0), [{ n: 1, length: 5 }, { n: 2, length: long.length }, { n: 3, length: 4 }]);
  });

  test('a line past 64 MiB is refused with its line number', async () => {
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('a\nb\n');
      const block = Buffer.alloc(1024 * 1024, 0x62);
      for (let i = 0; i < 70; i++) yield block;
    }
    await assert.rejects(async () => {
      for await (const block of lineBlocks(chunks())) void block;
    }, /line 3 is longer than 67108864 bytes/);
  });
});
