/** `intermestic events …`: import event files, series per dyad or group, top dyads, stats. */
import { basename, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { stringify } from 'csv-stringify/sync';
import { SeriesParams, TopDyadsParams, seriesResponse } from '../analysis/event-queries.ts';
import { seriesCsvRows } from '../analysis/series.ts';
import type { ImportFileResult } from '../ingest/import-events.ts';
import type { IngestProgress } from '../ingest/events/index.ts';
import { CliError, printJson, printTable, withStore } from './support.ts';

/** Flags → the shared parameter schema (the HTTP API validates with the same one). */
function parseOrExit<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, raw: Record<string, unknown>): T {
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new CliError(r.error.issues.map((i) => `--${String(i.path[0] ?? 'options').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message.replace(/^Invalid input: /, '')}`).join('; '), 2);
  }
  return r.data;
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Progress on a terminal: a bar with rows/s; elsewhere: a plain line every 5 seconds and at the end. */
function progressReporter(file: string): { onProgress: (p: IngestProgress) => void; stop: () => void } {
  const started = Date.now();
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({
      format: `${basename(file)} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {rejected} rejected | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic);
    let begun = false;
    return {
      onProgress: (p) => {
        const rate = Math.round(p.rows / Math.max(0.001, (Date.now() - started) / 1000));
        const payload = { rows: p.rows.toLocaleString('en-US'), rate: rate.toLocaleString('en-US'), rejected: p.rejected };
        if (!begun) {
          bar.start(Math.max(1, p.totalBytes), p.bytesRead, payload);
          begun = true;
        } else {
          bar.update(p.bytesRead, payload);
        }
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    onProgress: (p) => {
      const now = Date.now();
      if (!p.done && now - last < 5000) return;
      last = now;
      const pct = p.totalBytes > 0 ? Math.round((p.bytesRead / p.totalBytes) * 100) : 100;
      const rate = Math.round(p.rows / Math.max(0.001, (now - started) / 1000));
      console.error(`${basename(file)}: ${pct}% ${p.rows} rows (${rate} rows/s), ${p.rejected} rejected${p.done ? ', writing' : ''}`);
    },
    stop: () => undefined,
  };
}

function describeImport(r: ImportFileResult): string {
  const unmapped = [...r.stats.unmappedCountries.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ×${v}`).join(', ');
  return [
    `${r.file} (${r.format}: ${r.formatReason}): ${r.inserted} events imported, ${r.duplicates} already stored, ${r.rejected} rejected in ${r.seconds.toFixed(1)} s`,
    ...(r.rejectsPath ? [`  rejected rows (file:line:field:reason): ${r.rejectsPath}`] : []),
    ...(r.parsedBy === 'engine' ? ['  parsed by DuckDB (the fast path for plain GDELT files)'] : []),
    ...(r.declined ? [`  parsed by the reader, not the engine's fast path: ${r.declined}`] : []),
    ...(r.stats.quadDerived > 0 ? [`  quad class derived for ${r.stats.quadDerived} events (the file has none)`] : []),
    ...(unmapped ? [`  actor countries without an ISO code (kept raw): ${unmapped}`] : []),
  ].join('\n');
}

const filterOptions = (cmd: Command): Command => cmd
  .option('--dyad <A-B>', 'country pair, ISO alpha-3 joined by a hyphen (e.g. USA-MEX): events both ways unless --directed')
  .option('--group <codes>', 'group of countries (e.g. USA,MEX,CAN): events between any two members')
  .option('--directed', 'only events from the first country of the dyad to the second')
  .option('--from <date>', 'first day (YYYY-MM-DD)')
  .option('--to <date>', 'last day (YYYY-MM-DD)')
  .option('--sectors <codes>', 'CAMEO role codes the actors must carry, e.g. GOV,MIL')
  .addOption(new Option('--sectors-on <where>', 'sectors on either actor or on both').choices(['either', 'both']))
  .option('--roots <codes>', 'CAMEO root codes, e.g. 04,05,06')
  .option('--quad <classes>', 'quad classes, e.g. 1,2')
  .option('--datasets <names>', 'source datasets: gdelt1,gdelt2,icews,csv');

export function registerEventCommands(program: Command): void {
  const events = program.command('events').description('political event data: import files, cooperation–conflict series, top dyads, stats');

  events
    .command('import')
    .description('import event files (GDELT 1.0/2.0, ICEWS, CSV; plain, .gz or .zip) — each file in one transaction; re-importing adds nothing')
    .argument('<files...>', 'event files')
    .addOption(new Option('--format <format>', 'file format').choices(['auto', 'gdelt1', 'gdelt2', 'icews', 'csv']).default('auto'))
    .option('--strict', 'abort the whole file at the first bad row')
    .addOption(new Option('--quad-convention <name>', 'how to derive quad classes a file lacks').choices(['gdelt', 'icews-alt']).default('gdelt'))
    .option('--rejects <file>', 'where to write rejected rows (default: <file name>.rejects.tsv in the current folder)')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], opts: { format: 'auto' | 'gdelt1' | 'gdelt2' | 'icews' | 'csv'; strict?: boolean; quadConvention: 'gdelt' | 'icews-alt'; rejects?: string; json?: boolean }, cmd: Command) => {
      if (opts.rejects && files.length > 1) throw new CliError('--rejects names one file: give it with a single input file', 2);
      const { importEventFile } = await import('../ingest/import-events.ts');
      const results = await withStore(cmd, async (store) => {
        const out: ImportFileResult[] = [];
        for (const f of files) {
          const file = resolve(f);
          const progress = progressReporter(file);
          try {
            out.push(await importEventFile(store, file, {
              format: opts.format,
              strict: opts.strict ?? false,
              quadConvention: opts.quadConvention,
              rejectsPath: opts.rejects ? resolve(opts.rejects) : resolve(`${basename(file)}.rejects.tsv`),
              onProgress: progress.onProgress,
            }));
          } catch (e) {
            progress.stop();
            throw new CliError(`${(e as Error).message}\n${file}: nothing of this file was imported${out.length > 0 ? ` (${out.length} earlier file${out.length > 1 ? 's were' : ' was'} imported)` : ''}`);
          }
          progress.stop();
          if (!opts.json) console.log(describeImport(out[out.length - 1]!));
        }
        return out;
      });
      if (opts.json) {
        printJson(results.map((r) => ({ file: r.file, format: r.format, inserted: r.inserted, duplicates: r.duplicates, rejected: r.rejected, rejectsFile: r.rejectsPath, parsedBy: r.parsedBy, declined: r.declined, seconds: Number(r.seconds.toFixed(3)) })));
      }
    });

  filterOptions(events
    .command('series')
    .description('cooperation–conflict series of a dyad or group per period, with shifts flagged'))
    .addOption(new Option('--by <period>', 'period').choices(['day', 'week', 'month', 'quarter', 'year']).default('month'))
    .option('--json', 'print the public JSON shape')
    .option('--csv', 'print CSV')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const params = parseOrExit(SeriesParams, defined({
        dyad: opts.dyad, group: opts.group, directed: opts.directed, from: opts.from, to: opts.to, sectors: opts.sectors,
        sectorsOn: opts.sectorsOn, roots: opts.roots, quad: opts.quad, datasets: opts.datasets, by: opts.by,
      }));
      const res = await withStore(cmd, (store) => seriesResponse(store, params));
      if (opts.json) return printJson(res);
      if (opts.csv) return void process.stdout.write(stringify(seriesCsvRows(res.points)));
      const label = res.dyad ?? res.group?.join('-');
      if (res.points.length === 0) {
        console.log(`No events for ${label} with these filters (events stats shows what is stored).`);
        return;
      }
      const shifted = new Map(res.shifts.map((s) => [s.period, s]));
      printTable(['period', 'events', 'q1', 'q2', 'q3', 'q4', 'goldstein', 'net coop.', 'shift'], res.points.map((p) => [
        p.period, p.events, p.quad['1'], p.quad['2'], p.quad['3'], p.quad['4'], p.goldsteinMean === null ? null : p.goldsteinMean.toFixed(2), p.netCooperation.toFixed(2),
        shifted.has(p.period) ? `${shifted.get(p.period)!.direction} (z=${shifted.get(p.period)!.z})` : '',
      ]));
    });

  events
    .command('top-dyads')
    .description('the most active country pairs of a year or period')
    .option('--year <year>', 'calendar year')
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .option('--countries <codes>', 'only dyads involving these countries')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const p = parseOrExit(TopDyadsParams, defined({ year: opts.year, from: opts.from, to: opts.to, limit: opts.limit, countries: opts.countries }));
      const rows = await withStore(cmd, (store) => store.topDyads(p));
      if (opts.json) return printJson(rows);
      printTable(['source', 'target', 'events', 'cooperative', 'conflictual', 'goldstein'], rows.map((r) => [r.source, r.target, r.events, r.cooperative, r.conflictual, r.goldsteinMean === null ? null : r.goldsteinMean.toFixed(2)]));
    });

  events
    .command('stats')
    .description('what the event store holds, per dataset, and every import')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const stats = await withStore(cmd, (store) => store.eventStats());
      if (opts.json) return printJson(stats);
      console.log(`${stats.total.toLocaleString('en-US')} events`);
      if (stats.byDataset.length > 0) printTable(['dataset', 'events', 'from', 'to'], stats.byDataset.map((d) => [d.dataset, d.events, d.from, d.to]));
      if (stats.imports.length > 0) {
        console.log('');
        printTable(['imported at', 'file', 'format', 'inserted', 'duplicates', 'rejected'], stats.imports.map((i) => [i.at, i.file, i.format, i.inserted, i.duplicates, i.rejected]));
      }
    });
}
