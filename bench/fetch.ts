/**
 * `events fetch` throughput against a local mirror (test/support/mirror.ts on loopback): a day of
 * GDELT 2.0-shaped 15-minute exports (generated rows, zipped, listed in a masterfilelist.txt with
 * mentions and GKG lines), fetched into a fresh embedded store. Two anchors on the same files:
 * the bare download (Node's fetch, the same number at a time, MD5 checked, written to disk) and the
 * bare import (importEventFile of each downloaded file in turn, into another fresh store). The
 * fetch overlaps the two, so it should take no longer than their sum: the run waits on nothing else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchEvents } from '../src/app/fetch.ts';
import { gdeltMirror } from '../src/ingest/events/fetch/gdelt-mirror.ts';
import { eventFiles, importEventFile } from '../src/ingest/events/pipeline.ts';
import { openEmbeddedStore } from '../src/store/duckdb/open.ts';
import { writeZip } from '../test/ingest/support.ts';
import { listLine, serveMirror } from '../test/support/mirror.ts';
import { syntheticGdelt2Rows } from './synthetic.ts';

export interface FetchBench {
  readonly files: number;
  readonly rows: number;
  readonly bytes: number;
  /** Medians over the rounds, and each round's figure. */
  readonly fetchMs: number;
  readonly fetchRuns: readonly number[];
  readonly downloadMs: number;
  readonly importMs: number;
  readonly importRuns: readonly number[];
  readonly inserted: number;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The slot names of a day: 00:00, 00:15, … UTC. */
function slot(i: number): string {
  const t = new Date(Date.UTC(2017, 0, 1) + i * 15 * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}00`;
}

export async function fetchThroughput(dir: string, files: number, rowsPerFile: number, jobs: number, rounds = 3): Promise<FetchBench> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const served = new Map<string, Buffer>();
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const name = `${slot(i)}.export.CSV`;
    const text = `${[...syntheticGdelt2Rows(rowsPerFile, { seed: i + 1, startId: 600_000_000 + i * rowsPerFile })].join('\n')}\n`;
    const zip = join(dir, `${name}.zip`);
    writeZip(zip, [{ name, data: Buffer.from(text) }]);
    const body = readFileSync(zip);
    rmSync(zip);
    bytes += body.length;
    served.set(`/gdeltv2/${name}.zip`, body);
    lines.push(listLine(`http://data.gdeltproject.org/gdeltv2/${name}.zip`, body),
      `1000 0123456789abcdef0123456789abcdef http://data.gdeltproject.org/gdeltv2/${slot(i)}.mentions.CSV.zip`,
      `1000 0123456789abcdef0123456789abcdef http://data.gdeltproject.org/gdeltv2/${slot(i)}.gkg.csv.zip`);
  }
  served.set('/gdeltv2/masterfilelist.txt', Buffer.from(`${lines.join('\n')}\n`));
  const mirror = await serveMirror(served);
  try {
    // The bare download: the same files, `jobs` at a time, MD5 computed, written to disk.
    const bare = join(dir, 'bare');
    mkdirSync(bare);
    const names = [...served.keys()].filter((p) => p.endsWith('.export.CSV.zip'));
    const t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: jobs }, async () => {
      while (next < names.length) {
        const path = names[next++]!;
        const body = Buffer.from(await (await fetch(new URL(path, mirror.url))).arrayBuffer());
        createHash('md5').update(body).digest('hex');
        writeFileSync(join(bare, path.slice(path.lastIndexOf('/') + 1)), body);
      }
    }));
    const downloadMs = performance.now() - t;

    // A warm-up import (of the first file, into a store thrown away), so that neither timed run pays for loading the importer.
    const warm = await openEmbeddedStore({ path: join(dir, 'warm.db') });
    try {
      const first = names[0]!.slice(names[0]!.lastIndexOf('/') + 1);
      await importEventFile(warm, join(bare, first), { rejectsPath: join(dir, 'warm.rejects.tsv'), label: first });
    } finally {
      await warm.close();
    }

    // The bare import of the downloaded files, one after the other, into a fresh store, and the
    // fetch (list, download, verify, import) into another, in alternating rounds: this machine's
    // speed drifts within a run (by a third), so each is the median of its rounds, taken side by side.
    const bareImport = async (n: number): Promise<number> => {
      const importStore = await openEmbeddedStore({ path: join(dir, `import-${n}.db`) });
      const t0 = performance.now();
      try {
        for (const path of names) {
          const name = path.slice(path.lastIndexOf('/') + 1);
          await importEventFile(importStore, join(bare, name), { rejectsPath: join(dir, `${name}.rejects.tsv`), label: name });
        }
      } finally {
        await importStore.close();
      }
      return performance.now() - t0;
    };
    const fetchRun = async (n: number): Promise<{ ms: number; inserted: number }> => {
      const fetchStore = await openEmbeddedStore({ path: join(dir, `fetch-${n}.db`) });
      const t0 = performance.now();
      try {
        const r = await fetchEvents({ events: fetchStore, eventFiles, eventMirror: gdeltMirror }, {
          release: 'v2', baseUrl: `${mirror.url}gdeltv2/`, from: '2017-01-01', to: '2017-01-02', jobs, retries: 0, backoffMs: 0, timeoutMs: 60_000,
          cacheDir: join(dir, `cache-${n}`), rejectsPath: (name) => join(dir, `${name}.fetch.rejects.tsv`),
        }, { sleep: async () => undefined });
        if (r.refused.length > 0) throw new Error(`the fetch refused ${r.refused.map((x) => `${x.file}: ${x.reason}`).join('; ')}`);
        return { ms: performance.now() - t0, inserted: r.inserted };
      } finally {
        await fetchStore.close();
      }
    };
    const importRuns: number[] = [];
    const fetchRuns: number[] = [];
    let inserted = 0;
    for (let n = 1; n <= rounds; n++) {
      importRuns.push(await bareImport(n));
      const f = await fetchRun(n);
      fetchRuns.push(f.ms);
      inserted = f.inserted;
    }
    return { files, rows: files * rowsPerFile, bytes, fetchMs: median(fetchRuns), fetchRuns, downloadMs, importMs: median(importRuns), importRuns, inserted };
  } finally {
    await mirror.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
