/** Commands on the registry: serve, load, validate, health, mechanisms, calendar, export, import. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { healthReport } from '../domain/cadence.ts';
import { electoralCalendar } from '../domain/calendar.ts';
import { BUNDLED_DATASET_DIR, BUNDLED_LABEL, REPO_ROOT } from '../ingest/dataset/bundled.ts';
import { readDataset } from '../ingest/dataset/files.ts';
import { writeDatasetCsv } from '../ingest/dataset/csv.ts';
import { CliError, parseDay, parseParties, parsePort, parseYear, printJson, printTable, storeFor, today, withStore } from './support.ts';

export function registerRegistryCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the observatory (web page and HTTP API) on the embedded database or PostgreSQL')
    .addOption(new Option('--port <port>', 'port to listen on (0: any free port)').env('PORT').default(8080).argParser(parsePort))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: number; host: string }, cmd: Command) => {
      const store = await storeFor(cmd);
      const { startServer } = await import('../server/serve.ts');
      const server = await startServer(store, { port: opts.port, host: opts.host }).catch(async (e: unknown) => {
        await store.close();
        throw e;
      });
      console.log(`Intermestic is serving ${store.location} at ${server.url} (Ctrl-C to stop)`);
      const stop = async (): Promise<void> => {
        await server.close();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  program
    .command('load')
    .description('load the bundled dataset, or a dataset folder/file, into the store (one transaction)')
    .argument('[path]', 'dataset folder (one YAML/JSON/CSV file per collection) or a JSON export; default: the bundled North American dataset')
    .option('--merge', 'add to and update what is stored instead of replacing it')
    .action(async (path: string | undefined, opts: { merge?: boolean }, cmd: Command) => {
      const source = path ? resolve(path) : BUNDLED_DATASET_DIR;
      const dataset = readDataset(source, path ? process.cwd() : REPO_ROOT);
      await withStore(cmd, async (store) => {
        await store.loadDataset(dataset, path ? source : BUNDLED_LABEL, opts.merge ? 'merge' : 'replace');
        const info = await store.datasetInfo();
        console.log(`Loaded ${path ?? 'the bundled dataset'} into ${store.location}: ${Object.entries(info.counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      }, { ensureDataset: false });
    });

  program
    .command('validate')
    .description('check a dataset: schema, references, dates and sources; errors name file, line, record and field')
    .argument('[path]', 'dataset folder or file; default: the bundled dataset')
    .action((path: string | undefined) => {
      const source = path ? resolve(path) : BUNDLED_DATASET_DIR;
      const ds = readDataset(source, path ? process.cwd() : REPO_ROOT);
      const counts = Object.entries(ds).map(([k, v]) => `${(v as unknown[]).length} ${k}`).join(', ');
      console.log(`${path ?? 'bundled dataset'}: valid (${counts})`);
    });

  program
    .command('health')
    .description('cadence health of every mechanism at a date: on schedule, due, overdue, lapsed, ended')
    .option('--at <date>', 'date to judge at (YYYY-MM-DD); default today', parseDay)
    .option('--json', 'print the public JSON shape')
    .action(async (opts: { at?: string; json?: boolean }, cmd: Command) => {
      const at = opts.at ?? today();
      const report = await withStore(cmd, async (store) => healthReport(await store.readDataset(), at));
      if (opts.json) return printJson(report);
      printTable(['mechanism', 'status', 'last meeting', 'next expected', 'gaps'], report.mechanisms.map((m) => [
        `${m.name.length > 70 ? `${m.name.slice(0, 69)}…` : m.name}${m.meetingRecord === 'partial' ? ' *' : ''}`, m.status, m.lastMeeting, m.nextExpected, m.gaps.length,
      ]));
      if (report.mechanisms.some((m) => m.meetingRecord === 'partial')) console.log('* incomplete meeting record: the registry knows some meetings are missing, so a gap may be one of the record');
      const s = report.summary;
      const share = s.shareOnSchedule === null ? 'no active mechanisms' : `${Math.round(s.shareOnSchedule * 100)} % of ${s.active} active mechanisms on schedule or due (${s.overdue} overdue, ${s.lapsed} lapsed)`;
      console.log(`\nAt ${at}: ${share}${s.coverageHoles.length ? `; issue areas with no active mechanism: ${s.coverageHoles.join(', ')}` : ''}.`);
    });

  program
    .command('mechanisms')
    .description('list the mechanisms of the registry')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const ds = await withStore(cmd, (store) => store.readDataset());
      const meetings = new Map<string, number>();
      for (const m of ds.meetings) if (m.status === 'held') meetings.set(m.mechanism, (meetings.get(m.mechanism) ?? 0) + 1);
      if (opts.json) return printJson(ds.mechanisms.map((m) => ({ ...m, meetingsHeld: meetings.get(m.id) ?? 0 })));
      printTable(['id', 'name', 'kind', 'parties', 'cadence', 'founded', 'ended', 'meetings'], ds.mechanisms.map((m) => [
        m.id, m.names.en, m.kind, m.parties.join('-'), m.cadence.kind === 'every-n-months' ? `every ${m.cadence.months} months` : m.cadence.kind, m.founded, m.ended, meetings.get(m.id) ?? 0,
      ]));
    });

  program
    .command('calendar')
    .description('electoral calendar of a set of parties: coinciding election years and transition windows')
    .requiredOption('--parties <codes>', 'comma-separated ISO alpha-3 codes, e.g. USA,MEX', parseParties)
    .option('--from <year>', 'first year', parseYear)
    .option('--to <year>', 'last year', parseYear)
    .option('--json', 'print the public JSON shape')
    .action(async (opts: { parties: string[]; from?: number; to?: number; json?: boolean }, cmd: Command) => {
      const from = opts.from ?? new Date().getUTCFullYear() - 12;
      const to = opts.to ?? from + 24;
      if (to < from) throw new CliError(`--to (${to}) is before --from (${from})`, 2);
      const ds = await withStore(cmd, (store) => store.readDataset());
      const known = new Set(ds.parties.map((p) => p.id));
      const unknown = opts.parties.filter((p) => !known.has(p));
      if (unknown.length > 0) throw new CliError(`unknown part${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} (known: ${[...known].join(', ')})`, 2);
      const cal = electoralCalendar(ds, opts.parties, from, to);
      if (opts.json) return printJson(cal);
      console.log(`Years in which the head-of-government elections of ${opts.parties.join(' and ')} coincide, ${from}–${to}: ${cal.coincidences.join(', ') || 'none'}`);
      printTable(['party', 'election', 'basis', 'election day', 'takes office', 'transition days'], cal.transitionWindows.map((w) => [w.party, w.election, w.basis, w.from, w.to, `${w.days}${w.estimated ? ' (estimated)' : ''}`]));
    });

  program
    .command('export')
    .description('export the registry: JSON (one document) or CSV (one file per collection)')
    .addOption(new Option('--format <format>', 'json or csv').choices(['json', 'csv']).default('json'))
    .option('--out <path>', 'file (json) or folder (csv); json defaults to standard output')
    .action(async (opts: { format: 'json' | 'csv'; out?: string }, cmd: Command) => {
      const ds = await withStore(cmd, (store) => store.readDataset());
      if (opts.format === 'json') {
        const text = `${JSON.stringify(ds, null, 2)}\n`;
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
        return;
      }
      if (!opts.out) throw new CliError('--format csv writes one file per collection: give a folder with --out', 2);
      const files = writeDatasetCsv(ds, opts.out);
      console.error(`Wrote ${files.length} CSV files to ${opts.out}`);
    });

  program
    .command('import')
    .description('import a dataset exported with `export` (JSON file or CSV folder); all of it lands or nothing changes')
    .argument('<path>', 'JSON export file, or a folder of collection files')
    .option('--merge', 'add to and update what is stored instead of replacing it')
    .action(async (path: string, opts: { merge?: boolean }, cmd: Command) => {
      const dataset = readDataset(resolve(path));
      await withStore(cmd, async (store) => {
        await store.loadDataset(dataset, resolve(path), opts.merge ? 'merge' : 'replace');
        const info = await store.datasetInfo();
        console.log(`Imported ${path} into ${store.location}: ${Object.entries(info.counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
      }, { ensureDataset: false });
    });
}
