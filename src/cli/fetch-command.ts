/** `intermestic events fetch`: GDELT's event exports of a date range, downloaded, verified and imported. */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { fetchEvents, GDELT_BASE_URLS, type FetchProgress, type FetchReport, type RefusedFile } from '../app/fetch.ts';
import { FetchParams } from '../app/params.ts';
import { CliError, ioOf, parseParams, printJson, processIo, withServices, type Io } from './support.ts';

const mbOf = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const n = (x: number): string => x.toLocaleString('en-US');

/** Progress: a bar on a terminal (files, rows/s, MB), elsewhere a line every 10 seconds. Notices go above the bar. */
async function fetchProgress(io: Io): Promise<{ update(p: FetchProgress): void; notice(text: string): void; stop(): void }> {
  // Rates count from the first report (once the store is open and the list read), not from the start-up.
  let started: number | null = null;
  const rate = (x: number): string => n(Math.round(x / Math.max(0.001, (Date.now() - (started ??= Date.now())) / 1000)));
  if (io === processIo && process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bars = new cliProgress.MultiBar({
      format: 'files [{bar}] {value}/{total} | {rows} rows | {rate} rows/s | {mb} downloaded | {current}',
      stream: process.stderr, hideCursor: true, clearOnComplete: false,
    }, cliProgress.Presets.shades_classic);
    let bar: ReturnType<typeof bars.create> | null = null;
    return {
      update: (p) => {
        const payload = { rows: n(p.rows), rate: rate(p.rows), mb: mbOf(p.bytesDownloaded), current: p.current ?? '' };
        if (bar === null) bar = bars.create(Math.max(1, p.filesTotal), p.filesDone, payload);
        else bar.update(p.filesDone, payload);
      },
      notice: (text) => bars.log(`${text}\n`),
      stop: () => bars.stop(),
    };
  }
  let last = Date.now();
  return {
    update: (p) => {
      if (Date.now() - last < 10_000) return;
      last = Date.now();
      io.err(`fetch: ${p.filesDone}/${p.filesTotal} files, ${n(p.rows)} rows (${rate(p.rows)} rows/s), ${mbOf(p.bytesDownloaded)} downloaded\n`);
    },
    notice: (text) => io.err(`${text}\n`),
    stop: () => undefined,
  };
}

function describeRefused(r: RefusedFile): string {
  return `    ${r.file} (${r.stage}): ${r.reason}`;
}

function describe(r: FetchReport): string {
  const release = r.release === 'v2' ? 'GDELT 2.0 (15-minute exports)' : 'GDELT 1.0 (daily exports)';
  const range = r.from === r.to ? r.from : `${r.from} … ${r.to}`;
  const filter = r.countries === null ? '' : ` with an actor from ${r.countries.join(', ')}`;
  const lines = [`${release}, ${range}: ${n(r.inRange)} export file${r.inRange === 1 ? '' : 's'} in the list${r.lists.length > 0 ? ` (${r.lists.join(', ')})` : ''}`];
  const todo = r.inRange - r.alreadyImported;
  if (r.inRange > 0 && todo === 0) {
    lines.push(`  nothing new to fetch: all ${n(r.inRange)} are imported already${filter ? ` (events${filter})` : ''}`);
  } else if (r.inRange > 0) {
    lines.push(`  already imported: ${n(r.alreadyImported)}; downloaded: ${n(r.downloaded)} (${mbOf(r.bytesDownloaded)}); taken from the cache (verified): ${n(r.fromCache)}`);
    lines.push(`  imported ${n(r.imported)} file${r.imported === 1 ? '' : 's'}: ${n(r.inserted)} events new, ${n(r.duplicates)} already stored, ${n(r.rejectedRows)} rows rejected` +
      (r.countries === null ? '' : `, ${n(r.outsideCountries)} events left out (no actor from ${r.countries.join(', ')})`));
  } else {
    lines.push(`  no export file of the list falls in the range (GDELT 2.0 starts on 2015-02-18, the 1.0 daily files on 2013-04-01)`);
  }
  const sk = r.skipped;
  if (sk.mentions + sk.gkg + sk.outsideRange + sk.other > 0) {
    lines.push(`  skipped in the list: ${n(sk.mentions)} mentions, ${n(sk.gkg)} GKG, ${n(sk.outsideRange)} exports outside the range, ${n(sk.other)} other files`);
  }
  if (r.malformedListLines.count > 0) {
    lines.push(`  ${n(r.malformedListLines.count)} line${r.malformedListLines.count === 1 ? '' : 's'} of the list could not be read, e.g.`, ...r.malformedListLines.examples.map((e) => `    ${e}`));
  }
  if (r.interrupted) lines.push(`  interrupted after ${n(r.imported)} file${r.imported === 1 ? '' : 's'}: the same command again fetches the rest`);
  if (r.refused.length > 0) lines.push(`  refused ${r.refused.length} file${r.refused.length === 1 ? '' : 's'}:`, ...r.refused.map(describeRefused));
  lines.push(`  ${r.seconds.toFixed(1)} s (downloading ${r.downloadSeconds.toFixed(1)} s summed over parallel downloads, importing ${r.importSeconds.toFixed(1)} s)` +
    `${r.retries > 0 ? `, ${r.retries} retr${r.retries === 1 ? 'y' : 'ies'}` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerFetchCommand(events: Command): void {
  events
    .command('fetch')
    .description('download GDELT\'s event exports of a date range (2.0 15-minute files, or 1.0 daily files with --v1), check each against the list\'s size and MD5, and import them — each file in one transaction; a second run fetches only what is not imported yet')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC)')
    .requiredOption('--to <date>', 'last day (YYYY-MM-DD, UTC)')
    .option('--countries <codes>', 'keep only events with an actor (source or target) from these countries, e.g. USA,MEX,CAN')
    .option('--v1', 'GDELT 1.0 daily files (md5sums and filesizes) instead of GDELT 2.0 (masterfilelist.txt)')
    .option('--base-url <url>', `the folder the lists and files are read from (default ${GDELT_BASE_URLS.v2}, with --v1 ${GDELT_BASE_URLS.v1})`)
    .option('--cache <dir>', 'where downloads wait for their import (default data/gdelt-cache/v2 or v1)')
    .option('--keep-files', 'keep the downloaded files in the cache once imported')
    .option('--rejects-dir <dir>', 'where rejected rows are written, one <file>.rejects.tsv each (default <cache>/rejects)')
    .option('--jobs <n>', 'downloads at a time (default 4)')
    .option('--retries <n>', 'further attempts after a network error, a timeout or HTTP 5xx (default 5)')
    .option('--backoff-ms <n>', 'wait before the first retry, doubled for each next one (default 1000)')
    .option('--timeout-s <n>', 'seconds without data before a request counts as timed out (default 60)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
      const io = ioOf(cmd);
      const p = parseParams(FetchParams, {
        from: opts.from, to: opts.to, countries: opts.countries, v1: opts.v1 === true, jobs: opts.jobs, retries: opts.retries,
        backoffMs: opts.backoffMs, timeoutS: opts.timeoutS, baseUrl: opts.baseUrl,
      });
      const release = p.v1 ? 'v1' : 'v2';
      const baseUrl = p.baseUrl ?? GDELT_BASE_URLS[release];
      const cacheDir = resolve(typeof opts.cache === 'string' ? opts.cache : join('data', 'gdelt-cache', release));
      const rejectsDir = resolve(typeof opts.rejectsDir === 'string' ? opts.rejectsDir : join(cacheDir, 'rejects'));
      const progress = await fetchProgress(io);
      // Ctrl-C: finish the file being imported and stop, with the summary; a second Ctrl-C stops at once.
      const stop = new AbortController();
      const onSigint = (): void => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
        progress.notice('stopping after the file being imported (Ctrl-C again to stop at once; the next run resumes either way)');
      };
      if (io === processIo) process.on('SIGINT', onSigint);
      let report: FetchReport;
      try {
        report = await withServices(cmd, (s) => {
          if (s.eventMirror === undefined) throw new CliError('this store cannot fetch files (no mirror configured)');
          return fetchEvents({ events: s.events, eventFiles: s.eventFiles, eventMirror: s.eventMirror }, {
            release, baseUrl, from: p.from, to: p.to, ...(p.countries ? { countries: p.countries } : {}),
            jobs: p.jobs, retries: p.retries, backoffMs: p.backoffMs, timeoutMs: p.timeoutS * 1000,
            cacheDir, keepFiles: opts.keepFiles === true, rejectsPath: (name) => join(rejectsDir, `${name}.rejects.tsv`),
          }, {
            sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
            signal: stop.signal,
            onProgress: (x) => progress.update(x),
            onRetry: (r) => progress.notice(`${r.file}: ${r.message}; attempt ${r.attempt} in ${(r.waitMs / 1000).toFixed(1)} s`),
            onRefused: (r) => progress.notice(`refused: ${r.file} (${r.stage}): ${r.reason}`),
          });
        });
      } finally {
        progress.stop();
        process.off('SIGINT', onSigint);
      }
      if (opts.json) printJson(io, report);
      else io.out(describe(report));
      if (report.interrupted) throw new CliError('interrupted: run the same command again to fetch the rest', 130);
      if (report.refused.length > 0) {
        throw new CliError(`${report.refused.length} file${report.refused.length === 1 ? ' was' : 's were'} refused: ${report.refused.map((r) => r.file).join(', ')}`);
      }
    });
}
