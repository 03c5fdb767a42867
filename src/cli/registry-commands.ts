/** Commands on the registry: serve, load, validate, health, mechanisms, calendar, export, import. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { calendarOf } from '../app/calendar.ts';
import { WouldEmpty } from '../app/errors.ts';
import type { Alerting, Services } from '../app/services.ts';
import { judgeHealth } from '../app/health.ts';
import { AtParams, CalendarParams, DevelopmentParams } from '../app/params.ts';
import { exportRegistry, exportRegistryCsv, listDevelopments, listMechanisms, loadRegistryFrom, validateRegistry } from '../app/registry.ts';
import { asCliError, CliError, displayPath, ioOf, parseParams, parsePort, printJson, printTable, servicesFor, withServices } from './support.ts';

/** A load the use case refused (it would empty stored collections): one clear line, exit 1. */
function refusal(e: unknown): never {
  if (e instanceof WouldEmpty) throw new CliError(e.message, 1);
  throw e;
}

/**
 * While serving: every minute, evaluate the alerts once the day has changed (the days since the last
 * evaluation), queue them for the webhooks, and make one delivery pass (retries wait for their time).
 */
async function startAlertTimer(cmd: Command, services: Services & { alerting: Alerting }): Promise<{ stop(): Promise<void> }> {
  const { alertCycle } = await import('../app/alerts.ts');
  let running: Promise<void> | null = null;
  const tick = (): void => {
    if (running !== null) return;
    running = alertCycle(services).then((r) => {
      if (r.raised > 0 || r.delivery.attempts > 0) {
        ioOf(cmd).err(`alerts: ${r.raised} queued, ${r.delivery.delivered} delivered, ${r.delivery.failed} failed, ${r.delivery.pending} pending\n`);
      }
    }, (e: unknown) => ioOf(cmd).err(`alerts: ${(e as Error).message}\n`)).finally(() => {
      running = null;
    });
  };
  tick();
  const timer = setInterval(tick, 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

function countsLine(counts: Record<string, number>): string {
  return Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ');
}

export function registerRegistryCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the observatory (web pages and HTTP API) on the embedded database or PostgreSQL')
    .addOption(new Option('--port <port>', 'port to listen on (0: any free port)').env('PORT').default(8080).argParser(parsePort))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--allowed-host <names>', 'host names the server answers for besides IP addresses and localhost, comma-separated (e.g. behind a proxy); other Host headers get 421')
      .env('INTERMESTIC_ALLOWED_HOSTS'))
    .option('--no-alerts', 'do not evaluate alerts daily nor deliver them to webhooks while serving')
    .action(async (opts: { port: number; host: string; allowedHost?: string; alerts: boolean }, cmd: Command) => {
      const services = await servicesFor(cmd);
      const { startServer } = await import('../server/serve.ts');
      const allowedHosts = (opts.allowedHost ?? '').split(',').map((h) => h.trim()).filter(Boolean);
      const server = await startServer(services, { port: opts.port, host: opts.host, allowedHosts }).catch(async (e: unknown) => {
        await services.close();
        throw e;
      });
      ioOf(cmd).out(`Intermestic is serving ${services.location} at ${server.url} (Ctrl-C to stop)\n`);
      const alerting = opts.alerts && services.alerting !== undefined ? await startAlertTimer(cmd, { ...services, alerting: services.alerting }) : null;
      const stop = async (): Promise<void> => {
        if (alerting !== null) await alerting.stop();
        await server.close();
        await services.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  program
    .command('load')
    .description('load the bundled registry, or a registry folder or file, into the store (one transaction)')
    .argument('[path]', 'registry folder (one YAML/JSON/CSV file per collection) or a JSON export; default: the bundled North American registry')
    .option('--merge', 'add to and update what is stored instead of replacing it')
    .option('--allow-empty', 'let a collection with no records replace a stored one that has some (refused otherwise)')
    .action(async (path: string | undefined, opts: { merge?: boolean; allowEmpty?: boolean }, cmd: Command) => {
      const { info, location } = await withServices(cmd, async (s) => ({
        info: await loadRegistryFrom(s, path === undefined ? undefined : resolve(path), opts.merge ? 'merge' : 'replace',
          { allowEmpty: opts.allowEmpty === true, ...(path === undefined ? {} : { label: displayPath(resolve(path)) }) }).catch(refusal),
        location: s.location,
      }), { ensureRegistry: false });
      ioOf(cmd).out(`Loaded ${path ?? 'the bundled registry'} into ${location}: ${countsLine(info.counts)}\n`);
    });

  program
    .command('validate')
    .description('check a registry: schema, references, dates and sources; errors name file, line, record and field')
    .argument('[path]', 'registry folder or file; default: the bundled registry')
    .action(async (path: string | undefined, _opts: unknown, cmd: Command) => {
      const { registryFiles } = await import('../compose.ts');
      const counts = await validateRegistry({ registryFiles }, path === undefined ? undefined : resolve(path));
      const empty = Object.entries(counts).filter(([, n]) => n === 0).map(([c]) => c);
      ioOf(cmd).out(`${path ?? 'bundled registry'}: valid (${countsLine(counts)})\n${empty.length > 0
        ? `  note: no records in ${empty.join(', ')}; loading it in place of a registry that has some needs --allow-empty\n` : ''}`);
    });

  program
    .command('health')
    .description('cadence health of every mechanism at a date: on schedule, due, overdue, lapsed, ended')
    .option('--at <date>', 'date to judge at (YYYY-MM-DD); default today')
    .option('--json', 'print the public JSON shape')
    .action(async (opts: { at?: string; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(AtParams, { at: opts.at });
      const report = await withServices(cmd, (s) => judgeHealth(s, params), { registryOnly: true });
      if (opts.json) return printJson(io, report);
      printTable(io, ['mechanism', 'status', 'last meeting', 'next expected', 'gaps'], report.mechanisms.map((m) => [
        `${m.name.length > 70 ? `${m.name.slice(0, 69)}…` : m.name}${m.meetingRecord === 'partial' ? ' *' : ''}`, m.status, m.lastMeeting, m.nextExpected, m.gaps.length,
      ]));
      if (report.mechanisms.some((m) => m.meetingRecord === 'partial')) io.out('* incomplete meeting record: the registry knows some meetings are missing, so a gap may be one of the record\n');
      const s = report.summary;
      const share = s.shareOnSchedule === null ? 'no active mechanisms' : `${Math.round(s.shareOnSchedule * 100)} % of ${s.active} active mechanisms on schedule or due (${s.overdue} overdue, ${s.lapsed} lapsed)`;
      io.out(`\nAt ${report.at}: ${share}${s.coverageHoles.length ? `; issue areas with no active mechanism: ${s.coverageHoles.join(', ')}` : ''}.\n`);
    });

  program
    .command('mechanisms')
    .description('list the mechanisms of the registry')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const list = await withServices(cmd, (s) => listMechanisms(s), { registryOnly: true });
      if (opts.json) return printJson(io, list);
      printTable(io, ['id', 'name', 'kind', 'parties', 'cadence', 'founded', 'ended', 'meetings'], list.map((m) => [
        m.id, m.names.en, m.kind, m.parties.join('-'), m.cadence.kind === 'every-n-months' ? `every ${m.cadence.months} months` : m.cadence.kind, m.founded, m.ended, m.meetingsHeld,
      ]));
    });

  program
    .command('developments')
    .description('key developments of the relationship: dated, sourced events that are not meetings (tariff measures, rulings, agreements…)')
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .option('--party <code>', 'only those involving this party')
    .option('--kind <kind>', 'trade-measure, legal-ruling, security-action, agreement, statement, crisis, negotiation or other')
    .option('--mechanism <id>', 'only those linked to this mechanism')
    .option('--issue <id>', 'only those on this issue area')
    .option('--json', 'print JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(DevelopmentParams, { from: opts.from, to: opts.to, party: opts.party, kind: opts.kind, mechanism: opts.mechanism, issue: opts.issue });
      const list = await withServices(cmd, (s) => listDevelopments(s, params), { registryOnly: true });
      if (opts.json) return printJson(io, list);
      printTable(io, ['date', 'kind', 'parties', 'summary'], list.map((d) => [
        d.date, d.kind, d.parties.join('-'), `${d.summary.en.length > 90 ? `${d.summary.en.slice(0, 89)}…` : d.summary.en}${d.confidence === 'uncertain' ? ' (uncertain)' : ''}`,
      ]));
    });

  program
    .command('calendar')
    .description('electoral calendar of a set of parties: coinciding election years and transition windows')
    .requiredOption('--parties <codes>', 'comma-separated ISO alpha-3 codes, e.g. USA,MEX')
    .option('--from <year>', 'first year')
    .option('--to <year>', 'last year')
    .option('--json', 'print the public JSON shape')
    .action(async (opts: { parties: string; from?: string; to?: string; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(CalendarParams, { parties: opts.parties, from: opts.from, to: opts.to });
      const cal = await withServices(cmd, (s) => calendarOf(s, params), { registryOnly: true }).catch((e: unknown) => {
        throw asCliError(e);
      });
      if (opts.json) return printJson(io, cal);
      io.out(`Years in which the head-of-government elections of ${cal.parties.join(' and ')} coincide, ${cal.from}–${cal.to}: ${cal.coincidences.join(', ') || 'none'}\n`);
      printTable(io, ['party', 'election', 'basis', 'election day', 'takes office', 'transition days'], cal.transitionWindows.map((w) => [w.party, w.election, w.basis, w.from, w.to, `${w.days}${w.estimated ? ' (estimated)' : ''}`]));
    });

  program
    .command('export')
    .description('export the registry: JSON (one document) or CSV (one file per collection)')
    .addOption(new Option('--format <format>', 'json or csv').choices(['json', 'csv']).default('json'))
    .option('--out <path>', 'file (json) or folder (csv); json defaults to standard output')
    .action(async (opts: { format: 'json' | 'csv'; out?: string }, cmd: Command) => {
      const io = ioOf(cmd);
      if (opts.format === 'csv' && !opts.out) throw new CliError('--format csv writes one file per collection: give a folder with --out', 2);
      if (opts.format === 'csv') {
        const files = await withServices(cmd, (s) => exportRegistryCsv(s, opts.out!));
        io.err(`Wrote ${files.length} CSV files to ${opts.out}\n`);
        return;
      }
      const registry = await withServices(cmd, (s) => exportRegistry(s), { registryOnly: true });
      const text = `${JSON.stringify(registry, null, 2)}\n`;
      if (opts.out) writeFileSync(opts.out, text);
      else io.out(text);
    });

  program
    .command('import')
    .description('import a registry exported with `export` (JSON file or CSV folder); all of it lands or nothing changes')
    .argument('<path>', 'JSON export file, or a folder of collection files')
    .option('--merge', 'add to and update what is stored instead of replacing it')
    .option('--allow-empty', 'let a collection with no records replace a stored one that has some (refused otherwise)')
    .action(async (path: string, opts: { merge?: boolean; allowEmpty?: boolean }, cmd: Command) => {
      const { info, location } = await withServices(cmd, async (s) => ({
        info: await loadRegistryFrom(s, resolve(path), opts.merge ? 'merge' : 'replace', { allowEmpty: opts.allowEmpty === true, label: displayPath(resolve(path)) }).catch(refusal),
        location: s.location,
      }), { ensureRegistry: false });
      ioOf(cmd).out(`Imported ${path} into ${location}: ${countsLine(info.counts)}\n`);
    });
}
