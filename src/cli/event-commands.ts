/** `intermestic events …`: import event files, series per dyad or group, top dyads, stats. */
import { basename, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { EventFileResult, ImportProgress } from '../app/ports.ts';
import type { ExportReport, ImportReport } from '../app/contracts.ts';
import { eventSeries, eventStats, exportEventsParquet, importEventFile, topDyads } from '../app/events.ts';
import { DEFAULT_DECOMPRESSION_LIMITS, ImportCountryParams, ImportLimitParams, SeriesParams, TopDyadsParams } from '../app/params.ts';
import { seriesCsvRows } from '../analysis/series.ts';
import { registerFetchCommand } from './fetch-command.ts';
import { CliError, displayPath, ioOf, parseParams, printJson, printTable, processIo, withServices, type Io } from './support.ts';

/** Progress on a terminal: a bar with rows/s; elsewhere: a plain line every 5 seconds and when writing starts and ends. */
async function progressReporter(io: Io, file: string): Promise<{ onProgress: (p: ImportProgress) => void; stop: () => void }> {
  const started = Date.now();
  const rate = (rows: number): number => Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
  if (io === processIo && process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar({
      format: `${basename(file)} [{bar}] {percentage}% | {phase} | {rows} rows | {rate} rows/s | {rejected} rejected | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    }, cliProgress.Presets.shades_classic);
    let begun = false;
    return {
      onProgress: (p) => {
        const payload = { phase: p.phase, rows: p.rows.toLocaleString('en-US'), rate: rate(p.rows).toLocaleString('en-US'), rejected: p.rejected };
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
  let phase: ImportProgress['phase'] = 'reading';
  return {
    onProgress: (p) => {
      const now = Date.now();
      const changed = p.phase !== phase;
      phase = p.phase;
      if (!changed && now - last < 5000) return;
      last = now;
      const pct = p.totalBytes > 0 ? Math.round((p.bytesRead / p.totalBytes) * 100) : 100;
      io.err(`${basename(file)}: ${p.phase === 'done' ? 'done' : `${p.phase}, ${pct}%`}: ${p.rows} rows (${rate(p.rows)} rows/s), ${p.rejected} rejected\n`);
    },
    stop: () => undefined,
  };
}

function describeMentionsImport(r: EventFileResult, m: NonNullable<EventFileResult['mentions']>): string {
  return [
    `${r.file} (gdelt2 mentions: ${r.formatReason}): ${r.inserted} mentions imported, ${r.duplicates} already stored, ${r.rejected} rejected in ${r.seconds.toFixed(1)} s`,
    `  ${m.ofStoredEvents} of the file's mentions name a stored event, ${m.ofEventsNotStored} an event not stored (kept; they join once its export is imported); ${m.ofEarlierEvents} are of events from earlier updates`,
    ...(r.rejectsPath ? [`  rejected rows (file:line:field:reason): ${r.rejectsPath}`] : []),
  ].join('\n');
}

function describeImport(r: EventFileResult): string {
  if (r.mentions) return describeMentionsImport(r, r.mentions);
  const legacy = [...(r.stats.legacyPloverTypes ?? new Map<string, number>()).entries()].map(([k, v]) => `${k} ×${v}`).join(', ');
  const unmapped = [...r.stats.unmappedCountries.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ×${v}`).join(', ');
  return [
    `${r.file} (${r.format}: ${r.formatReason}): ${r.inserted} events imported, ${r.duplicates} already stored, ${r.rejected} rejected in ${r.seconds.toFixed(1)} s`,
    ...(r.rejectsPath ? [`  rejected rows (file:line:field:reason): ${r.rejectsPath}`] : []),
    ...(r.parsedBy === 'duckdb' ? ['  parsed by DuckDB (the DuckDB path for plain GDELT files)'] : []),
    ...(r.declined ? [`  parsed by the reader, not by DuckDB: ${r.declined}`] : []),
    ...(r.outsideCountries > 0 ? [`  ${r.outsideCountries} events left out: no actor from the countries asked for`] : []),
    ...(r.stats.quadDerived > 0 ? [`  quad class derived for ${r.stats.quadDerived} events (the file has none)`] : []),
    ...(unmapped ? [`  actor countries without an ISO code (kept raw): ${unmapped}`] : []),
    ...(legacy ? [`  older PLOVER type names mapped to current ones: ${legacy}`] : []),
    ...((r.stats.latin1Lines ?? 0) > 0 ? [`  ${r.stats.latin1Lines} line(s) were not UTF-8 and were read as ISO-8859-1`] : []),
    ...((r.stats.ignoredColumns ?? []).length > 0 ? [`  columns ignored (the format does not name them): ${(r.stats.ignoredColumns ?? []).join(', ')}`] : []),
  ].join('\n');
}

function report(r: EventFileResult, filtered: boolean): ImportReport {
  return {
    file: r.file, format: r.format, inserted: r.inserted, duplicates: r.duplicates, rejected: r.rejected,
    rejectsFile: r.rejectsPath, parsedBy: r.parsedBy, declined: r.declined, seconds: Number(r.seconds.toFixed(3)),
    ...(r.mentions ? { format: 'gdelt2-mentions', mentions: { ofStoredEvents: r.mentions.ofStoredEvents, ofEventsNotStored: r.mentions.ofEventsNotStored, ofEarlierEvents: r.mentions.ofEarlierEvents } } : {}),
    ...((r.stats.ignoredColumns ?? []).length > 0 ? { ignoredColumns: [...(r.stats.ignoredColumns ?? [])] } : {}),
    ...(filtered ? { outsideCountries: r.outsideCountries } : {}),
  };
}

/** What the series' quad classes and scores come from, one line per dataset and convention. */
export function describeConventions(conventions: readonly { dataset: string; events: number; coding: string; quadConvention: string; scoreConvention: string }[]): string {
  const schemes = new Set(conventions.map((c) => c.coding));
  const scores = new Set(conventions.map((c) => c.scoreConvention));
  const head = schemes.size > 1 || scores.size > 1 ? 'Mixed conventions' : 'Conventions';
  return `${head}: ${conventions.map((c) => `${c.dataset} (${c.events} event${c.events === 1 ? '' : 's'}, ${c.coding.toUpperCase()}; quad ${c.quadConvention}; score ${c.scoreConvention})`).join('; ')}`;
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
  .option('--datasets <names>', 'source datasets: gdelt1,gdelt2,icews,csv,polecat')
  .option('--plover <types>', 'PLOVER event types, e.g. ACCUSE,SANCTION (CAMEO events through the CAMEO↔PLOVER crosswalk)');

export function registerEventCommands(program: Command): void {
  const events = program.command('events').description('political event data: import files, cooperation–conflict series, top dyads, stats');

  events
    .command('import')
    .description('import event files (GDELT 1.0/2.0 events and 2.0 mentions, ICEWS, CSV, POLECAT; plain, .gz or .zip) — each file in one transaction; re-importing adds nothing')
    .argument('<files...>', 'event files')
    .addOption(new Option('--format <format>', 'file format').choices(['auto', 'gdelt1', 'gdelt2', 'gdelt2-mentions', 'icews', 'csv', 'polecat']).default('auto'))
    .option('--strict', 'abort the whole file at the first bad row')
    .addOption(new Option('--quad-convention <name>', 'how to derive quad classes a file lacks').choices(['gdelt', 'icews-alt']).default('gdelt'))
    .option('--rejects <file>', 'where to write rejected rows (default: <file name>.rejects.tsv in the current folder)')
    .option('--max-bytes <size>', `refuse a .gz or .zip file that expands past this size (e.g. 500M, 40G; default ${DEFAULT_DECOMPRESSION_LIMITS.maxBytes / 1024 ** 3}G)`)
    .option('--max-ratio <n>', `refuse a .gz or .zip file that expands more than n times its compressed size, once past 16 MiB (default ${DEFAULT_DECOMPRESSION_LIMITS.maxRatio})`)
    .option('--countries <codes>', 'keep only events with an actor (source or target) from these countries, e.g. USA,MEX,CAN')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], opts: { format: 'auto' | 'gdelt1' | 'gdelt2' | 'gdelt2-mentions' | 'icews' | 'csv' | 'polecat'; strict?: boolean; quadConvention: 'gdelt' | 'icews-alt'; rejects?: string; maxBytes?: string; maxRatio?: string; countries?: string; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      if (opts.rejects && files.length > 1) throw new CliError('--rejects names one file: give it with a single input file', 2);
      const limits = parseParams(ImportLimitParams, { maxBytes: opts.maxBytes, maxRatio: opts.maxRatio });
      const { countries } = parseParams(ImportCountryParams, { countries: opts.countries });
      const results = await withServices(cmd, async (s) => {
        const out: EventFileResult[] = [];
        for (const f of files) {
          const file = resolve(f);
          const progress = await progressReporter(io, file);
          try {
            out.push(await importEventFile(s, file, {
              format: opts.format,
              strict: opts.strict ?? false,
              quadConvention: opts.quadConvention,
              rejectsPath: opts.rejects ? resolve(opts.rejects) : resolve(`${basename(file)}.rejects.tsv`),
              onProgress: progress.onProgress,
              limits,
              // A filtered import says so in the log, as events fetch's do (so a fetch knows it holds only those countries).
              label: countries ? `${displayPath(file)}#countries=${[...new Set(countries)].sort().join(',')}` : displayPath(file),
              ...(countries ? { countries } : {}),
            }));
          } catch (e) {
            progress.stop();
            throw new CliError(`${(e as Error).message}\n${file}: nothing of this file was imported${out.length > 0 ? ` (${out.length} earlier file${out.length > 1 ? 's were' : ' was'} imported)` : ''}`);
          }
          progress.stop();
          if (!opts.json) io.out(`${describeImport(out[out.length - 1]!)}\n`);
        }
        return out;
      });
      if (opts.json) printJson(io, results.map((r) => report(r, countries !== undefined)));
    });

  registerFetchCommand(events);

  filterOptions(events
    .command('series')
    .description('cooperation–conflict series of a dyad or group per period, with shifts flagged'))
    .addOption(new Option('--by <period>', 'period').choices(['day', 'week', 'month', 'quarter', 'year']).default('month'))
    .addOption(new Option('--weighting <what>', 'what the mention measures count: the export\'s NumMentions, or the stored GDELT 2.0 mentions').choices(['export', 'mentions']).default('export'))
    .option('--min-confidence <percent>', 'with --weighting mentions: count only mentions of at least this confidence (0–100)')
    .option('--json', 'print the public JSON shape')
    .option('--csv', 'print CSV')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(SeriesParams, {
        dyad: opts.dyad, group: opts.group, directed: opts.directed, from: opts.from, to: opts.to, sectors: opts.sectors,
        sectorsOn: opts.sectorsOn, roots: opts.roots, quad: opts.quad, datasets: opts.datasets, plover: opts.plover, by: opts.by,
        weighting: opts.weighting, minConfidence: opts.minConfidence,
      });
      const res = await withServices(cmd, (s) => eventSeries(s, params));
      if (opts.json) return printJson(io, res);
      if (opts.csv) {
        const { stringify } = await import('csv-stringify/sync');
        return io.out(stringify(seriesCsvRows(res.points)));
      }
      const label = res.dyad ?? res.group?.join('-');
      if (res.points.length === 0) {
        io.out(`No events for ${label} with these filters (events stats shows what is stored).\n`);
        return;
      }
      const shifted = new Map(res.shifts.map((s) => [s.period, s]));
      const w = res.weighting;
      io.out(`Mentions: ${w.mentions === 'mentions' ? `stored GDELT 2.0 mentions of each event, confidence ≥ ${w.minConfidence}%` : 'each event\'s NumMentions as its file gives it (GDELT 2.0: first 15 minutes)'}\n`);
      printTable(io, ['period', 'events', 'q1', 'q2', 'q3', 'q4', 'goldstein', 'net coop.', 'mentions', 'goldstein (m.)', 'shift'], res.points.map((p) => [
        p.period, p.events, p.quad['1'], p.quad['2'], p.quad['3'], p.quad['4'], p.goldsteinMean === null ? null : p.goldsteinMean.toFixed(2), p.netCooperation.toFixed(2),
        p.mentions, p.goldsteinMentionsMean === null ? null : p.goldsteinMentionsMean.toFixed(2),
        shifted.has(p.period) ? `${shifted.get(p.period)!.direction} (z=${shifted.get(p.period)!.z})` : '',
      ]));
      io.out(`${describeConventions(res.conventions)}\n`);
    });

  events
    .command('export')
    .description('write every stored event (and GDELT 2.0 mention) as Parquet, Hive-partitioned by year and dataset, for DuckDB, Spark, Trino or BigQuery')
    .addOption(new Option('--format <format>', 'file format').choices(['parquet']).default('parquet'))
    .requiredOption('--out <dir>', 'folder to write (events/year=YYYY/dataset=NAME/…, mentions/year=YYYY/…); must be empty or absent')
    .option('--overwrite', 'replace a folder that is not empty')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { format: 'parquet'; out: string; overwrite?: boolean; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const dir = resolve(opts.out);
      const r = await withServices(cmd, (s) => exportEventsParquet(s, dir, { overwrite: opts.overwrite === true }).catch((e: unknown) => {
        throw new CliError(`${(e as Error).message}\n${opts.out}: nothing was written`);
      }));
      const report: ExportReport = { ...r, dir: displayPath(r.dir), partitions: [...r.partitions], files: [...r.files], seconds: Number(r.seconds.toFixed(3)) };
      if (opts.json) return printJson(io, report);
      io.out(`Wrote ${r.events.toLocaleString('en-US')} events and ${r.mentions.toLocaleString('en-US')} mentions to ${opts.out} in ${r.seconds.toFixed(1)} s (${r.files.length} Parquet files)\n`);
      if (r.partitions.length > 0) printTable(io, ['year', 'dataset', 'events'], r.partitions.map((p) => [p.year, p.dataset, p.events]));
    });

  events
    .command('top-dyads')
    .description('the most active country pairs of a year or period')
    .option('--year <year>', 'calendar year')
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .option('--countries <codes>', 'only dyads involving these countries')
    .option('--limit <n>', 'how many (default 20)')
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, unknown>, cmd: Command) => {
      const io = ioOf(cmd);
      const p = parseParams(TopDyadsParams, { year: opts.year, from: opts.from, to: opts.to, limit: opts.limit, countries: opts.countries });
      const rows = await withServices(cmd, (s) => topDyads(s, p));
      if (opts.json) return printJson(io, rows);
      printTable(io, ['source', 'target', 'events', 'cooperative', 'conflictual', 'goldstein'], rows.map((r) => [r.source, r.target, r.events, r.cooperative, r.conflictual, r.goldsteinMean === null ? null : r.goldsteinMean.toFixed(2)]));
    });

  events
    .command('stats')
    .description('what the event store holds, per dataset, and every import')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const stats = await withServices(cmd, (s) => eventStats(s));
      if (opts.json) return printJson(io, stats);
      io.out(`${stats.total.toLocaleString('en-US')} events\n`);
      if (stats.byDataset.length > 0) printTable(io, ['dataset', 'events', 'from', 'to'], stats.byDataset.map((d) => [d.dataset, d.events, d.from, d.to]));
      if (stats.imports.length > 0) {
        io.out('\n');
        printTable(io, ['imported at', 'file', 'format', 'inserted', 'duplicates', 'rejected'], stats.imports.map((i) => [i.at, i.file, i.format, i.inserted, i.duplicates, i.rejected]));
      }
    });
}
