/** Streaming: a large file derived from a real row stays in flat memory; progress and batches behave. */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openEventFile, type IngestProgress } from '../../src/ingest/events/index.ts';
import { GDELT2, fileLines, tempDir } from './support.ts';

const ROWS = 100_000;

// A forced collection makes "live heap" measurable; rss alone rises until V8 decides to collect.
v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const liveHeap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

/**
 * Writes ROWS GDELT 2.0 rows cycled from the real sample, each with its own id and URL. Every
 * 997th row gets a new actor name and every 991st a new place: a few new values in each block of
 * input, as in real files, which is what would pin whole blocks in memory if a cache kept
 * references into them.
 */
async function writeLargeFile(path: string): Promise<void> {
  const templates = fileLines(GDELT2).map((l) => l.split('\t'));
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const f = [...(templates[i % templates.length] as string[])];
    f[0] = String(700_000_000 + i);
    if (i % 997 === 0) f[6] = `PERSON NUMBER ${i}`;
    if (i % 991 === 0 && f[52] !== '') f[52] = `Place number ${i}, Somewhere, ${(f[52] as string).split(', ').pop() as string}`;
    f[60] = `https://example.org/news/${i}`;
    buf += `${f.join('\t')}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

describe(`streaming ${ROWS.toLocaleString('en')} rows derived from a real GDELT 2.0 row`, async () => {
  const tmp = tempDir();
  after(tmp.cleanup);
  const file = tmp.path('20170101073000.export.CSV');
  await writeLargeFile(file);
  const size = statSync(file).size;

  test('memory stays flat: the live heap does not grow with the rows read, and rss stays bounded', async () => {
    const progress: IngestProgress[] = [];
    const before = liveHeap();
    const rssBefore = process.memoryUsage().rss;
    const reader = await openEventFile(file, { batchSize: 10_000, onProgress: (p) => progress.push(p) });
    const live: number[] = [];
    let rssPeak = 0;
    let events = 0;
    let batches = 0;
    const started = performance.now();
    for await (const batch of reader.batches()) {
      events += batch.length;
      batches++;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      if (batches % 5 === 0) live.push(liveHeap());
    }
    const seconds = (performance.now() - started) / 1000;
    assert.equal(events, ROWS);
    assert.equal(batches, ROWS / 10_000);
    assert.equal(reader.stats.rejected, 0);
    const mb = (n: number) => (n / 1e6).toFixed(1);
    console.log(`  ${ROWS} rows, ${mb(size)} MB in ${seconds.toFixed(1)} s; live heap before ${mb(before)} MB, while reading ${live.map(mb).join(' ')} MB; rss +${mb(rssPeak - rssBefore)} MB at peak`);
    // One batch of 10,000 events plus bounded caches stay alive; 100,000 events would need far more.
    assert.ok(Math.max(...live) - before < 48e6, `live heap grew to ${mb(Math.max(...live) - before)} MB above its start`);
    const firstHalf = Math.max(...live.slice(0, live.length / 2));
    const secondHalf = Math.max(...live.slice(live.length / 2));
    assert.ok(secondHalf - firstHalf < 8e6, `live heap still growing: ${mb(firstHalf)} → ${mb(secondHalf)} MB`);
    assert.ok(rssPeak - rssBefore < 400e6, `rss grew ${mb(rssPeak - rssBefore)} MB`);

    // Progress: monotone, in bytes of the file, ending at 100 % with the final counts.
    assert.ok(progress.length > 10);
    for (let i = 1; i < progress.length; i++) {
      assert.ok((progress[i]?.bytesRead ?? 0) >= (progress[i - 1]?.bytesRead ?? 0));
      assert.ok((progress[i]?.rows ?? 0) >= (progress[i - 1]?.rows ?? 0));
    }
    const last = progress[progress.length - 1];
    assert.deepEqual(last, { file, bytesRead: size, totalBytes: size, rows: ROWS, events: ROWS, rejected: 0, done: true });
    assert.equal(progress.filter((p) => p.done).length, 1);
  });

  test('default batches hold 50,000 events', async () => {
    const reader = await openEventFile(file);
    const sizes: number[] = [];
    for await (const batch of reader.batches()) sizes.push(batch.length);
    assert.deepEqual(sizes, [50_000, 50_000]);
  });

  test('abandoning the batches early releases the file', async () => {
    const reader = await openEventFile(file, { batchSize: 1000 });
    for await (const batch of reader.batches()) {
      assert.equal(batch.length, 1000);
      break;
    }
    assert.ok(reader.stats.rows < ROWS);
    assert.throws(() => reader.batches(), /can be read only once/);
  });
});
