/** Commands on alerts and webhooks: alerts, alerts deliver, webhooks add|list|remove|test|log. */
import type { Command } from 'commander';
import { addWebhook, deliverPending, deliveryLog, evaluateAlerts, listWebhooks, raiseAlerts, removeWebhook, testWebhook } from '../app/alerts.ts';
import { NotFound } from '../app/errors.ts';
import { AlertParams, WebhookUrl } from '../app/params.ts';
import type { DeliveryAttempt } from '../app/ports.ts';
import type { Alerting, Services } from '../app/services.ts';
import { asCliError, CliError, ioOf, parseParams, printJson, printTable, withServices } from './support.ts';

/** Runs `fn` with services that can reach the outbox (the store itself, not a registry snapshot). */
function withAlerting<T>(cmd: Command, fn: (s: Services & { alerting: Alerting }) => Promise<T>): Promise<T> {
  return withServices(cmd, (s) => {
    if (s.alerting === undefined) throw new CliError('internal: this store offers no outbox', 1);
    return fn(s as Services & { alerting: Alerting });
  }).catch((e: unknown) => {
    if (e instanceof NotFound) throw new CliError(e.message, 1);
    throw asCliError(e);
  });
}

const positive = (flag: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliError(`${flag}: expected a positive whole number, got "${value}"`, 2);
  return Number(value);
};

function attemptLine(a: DeliveryAttempt): string {
  return `${a.at}  ${a.webhookId}  ${a.alertId}  attempt ${a.attempt}: ${a.outcome}${a.httpStatus === null ? '' : ` (HTTP ${a.httpStatus})`}${a.error === null || a.httpStatus !== null ? '' : ` — ${a.error}`}, ${a.ms} ms\n`;
}

interface WindowOpts { at?: string; since?: string; windowDays?: string }

export function registerAlertCommands(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('evaluate the alert rules on the days (since, at] and queue new alerts for every webhook; `alerts deliver` sends them')
    .option('--at <date>', 'last day of the window (YYYY-MM-DD); default today')
    .option('--since <date>', 'the window starts after this day; default 30 days before --at')
    .option('--window-days <n>', 'announce a transition window this many days before it opens (default 30)')
    .option('--json', 'print the public JSON shape')
    .action(async (opts: WindowOpts & { json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(AlertParams, { at: opts.at, since: opts.since, windowDays: opts.windowDays });
      const { report, queued } = await withAlerting(cmd, async (s) => {
        const report = await evaluateAlerts(s, params);
        return { report, queued: await raiseAlerts(s, report) };
      });
      if (opts.json) return printJson(io, report);
      io.out(`Alerts from ${report.since} (exclusive) to ${report.at}: ${report.alerts.length}${queued > 0 ? `; ${queued} new deliveries queued (alerts deliver sends them)` : ''}\n`);
      if (report.alerts.length > 0) {
        io.out('\n');
        printTable(io, ['day', 'rule', 'subject', 'what', 'link'], report.alerts.map((a) => [a.at, a.rule, a.subject, a.message, a.link]));
      }
    });

  alerts
    .command('deliver')
    .description('evaluate and queue as `alerts` does (with its --at, --since, --window-days), then deliver what is pending — signed JSON POSTs, retried with exponential backoff — and wait for the outcome')
    .option('--max-attempts <n>', 'attempts before a delivery fails (default 6)')
    .option('--backoff-ms <n>', 'delay before the first retry; each next one doubles (default 1000)')
    .option('--max-backoff-ms <n>', 'longest delay between attempts (default 60000)')
    .option('--timeout-ms <n>', 'time allowed for each request (default 10000)')
    .action(async (_opts: unknown, cmd: Command) => {
      const io = ioOf(cmd);
      // The window's flags belong to `alerts`: `alerts --at D deliver` and `alerts deliver --at D` both reach them here.
      const opts = cmd.optsWithGlobals<WindowOpts & { maxAttempts?: string; backoffMs?: string; maxBackoffMs?: string; timeoutMs?: string }>();
      const params = parseParams(AlertParams, { at: opts.at, since: opts.since, windowDays: opts.windowDays });
      const options = {
        maxAttempts: positive('--max-attempts', opts.maxAttempts, 6), baseDelayMs: positive('--backoff-ms', opts.backoffMs, 1000),
        maxDelayMs: positive('--max-backoff-ms', opts.maxBackoffMs, 60_000), timeoutMs: positive('--timeout-ms', opts.timeoutMs, 10_000),
      };
      const report = await withAlerting(cmd, async (s) => {
        await raiseAlerts(s, await evaluateAlerts(s, params));
        return deliverPending(s, { ...options, onAttempt: (a) => io.out(attemptLine(a)) });
      });
      io.out(`Delivered ${report.delivered}, failed ${report.failed}, in ${report.attempts} attempt${report.attempts === 1 ? '' : 's'}.\n`);
      if (report.failed > 0) throw new CliError(`${report.failed} deliver${report.failed === 1 ? 'y' : 'ies'} failed after ${options.maxAttempts} attempt${options.maxAttempts === 1 ? '' : 's'} (webhooks log has each attempt)`, 1);
    });

  const webhooks = program.command('webhooks').description('webhooks that receive alerts: add, list, remove, test, and the delivery log');

  webhooks
    .command('add')
    .description('register a URL to receive alerts, signed with the secret (stored sealed, never shown again)')
    .argument('<url>', 'http:// or https:// URL')
    .requiredOption('--secret <secret>', 'shared secret for the HMAC-SHA256 signature (at least 16 characters)')
    .action(async (url: string, opts: { secret: string }, cmd: Command) => {
      const checked = WebhookUrl.safeParse(url);
      if (!checked.success) throw new CliError(`url: expected an http:// or https:// URL, got "${url}"`, 2);
      const hook = await withAlerting(cmd, (s) => addWebhook(s, checked.data, opts.secret));
      ioOf(cmd).out(`Added webhook ${hook.id} for ${hook.url}\n`);
    });

  webhooks
    .command('list')
    .description('the registered webhooks (secrets are not shown)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const rows = await withAlerting(cmd, (s) => listWebhooks(s));
      if (opts.json) return printJson(io, rows);
      if (rows.length === 0) return io.out('No webhooks. Add one with: intermestic webhooks add URL --secret S\n');
      printTable(io, ['id', 'url', 'added', 'pending', 'delivered', 'failed'], rows.map((r) => [r.id, r.url, r.createdAt, r.pending, r.delivered, r.failed]));
    });

  webhooks
    .command('remove')
    .description('remove a webhook; its undelivered alerts are cancelled')
    .argument('<id>', 'webhook id (webhooks list)')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withAlerting(cmd, (s) => removeWebhook(s, id));
      ioOf(cmd).out(`Removed webhook ${id}\n`);
    });

  webhooks
    .command('test')
    .description('send one signed test delivery to a webhook now, and log it')
    .argument('<id>', 'webhook id (webhooks list)')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const r = await withAlerting(cmd, (s) => testWebhook(s, id));
      ioOf(cmd).out(attemptLine(r));
      if (r.outcome !== 'delivered') throw new CliError(`the test delivery to ${id} failed`, 1);
    });

  webhooks
    .command('log')
    .description('the delivery log: every attempt, newest first')
    .option('--limit <n>', 'most entries (default 50)')
    .option('--json', 'print as JSON')
    .action(async (opts: { limit?: string; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const limit = positive('--limit', opts.limit, 50);
      const log = await withAlerting(cmd, (s) => deliveryLog(s, limit));
      if (opts.json) return printJson(io, log);
      if (log.length === 0) return io.out('No deliveries yet.\n');
      for (const a of log) io.out(attemptLine(a));
    });
}
