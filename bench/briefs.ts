/**
 * Brief PDFs: the state-of-the-relationship brief of USA–MEX–CAN on the bundled registry with the real
 * event samples, gathered, written and printed by Chromium in this process (the browser started once
 * and kept, as the server keeps it), against printing an empty page in the same browser. Median of 5
 * after one warm-up of each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BriefParams } from '../src/app/params.ts';
import { ensureRegistry } from '../src/app/registry.ts';
import { servicesOver } from '../src/compose.ts';
import { importEventFile } from '../src/ingest/events/pipeline.ts';
import { briefFile } from '../src/print/brief.ts';
import { PdfPrinter } from '../src/print/chromium.ts';
import { openStore } from '../src/store/open.ts';
import { median } from './http.ts';

async function timed(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function briefTimes(samples: readonly string[], runs = 5): Promise<{ emptyMs: number; briefMs: number; pages: number; bytes: number; firstMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'intermestic-bench-briefs-'));
  const store = await openStore({ path: join(dir, 'briefs.db'), env: {} });
  const printer = new PdfPrinter();
  try {
    const s = servicesOver(store);
    await ensureRegistry(s);
    for (const f of samples) await importEventFile(store, f, { rejectsPath: join(dir, 'r.tsv') });
    const registry = await store.readRegistry();
    const params = BriefParams.parse({ group: 'USA,MEX,CAN', format: 'pdf' });
    const t0 = performance.now();
    const first = await briefFile(s, registry, params, printer);
    const firstMs = performance.now() - t0;
    const emptyMs = await timed(() => printer.pdf('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>empty</title></head><body></body></html>', { paper: 'a4', footer: '', lang: 'en' }), runs);
    const briefMs = await timed(() => briefFile(s, registry, params, printer), runs);
    const pages = (Buffer.from(first.body).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    return { emptyMs, briefMs, pages, bytes: first.body.length, firstMs };
  } finally {
    await printer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
