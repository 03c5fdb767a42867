/** `intermestic brief`: the state-of-the-relationship or transition brief, as HTML or PDF. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { NotFound } from '../app/errors.ts';
import { BriefParams } from '../app/params.ts';
import { asCliError, CliError, displayPath, ioOf, parseParams, withServices } from './support.ts';

interface BriefOptions {
  pair?: string; group?: string; at?: string; since?: string; kind?: string; election?: string;
  lang?: string; format?: string; paper?: string; out: string;
}

export function registerBriefCommand(program: Command): void {
  program
    .command('brief')
    .description('write a brief (state of the relationship, or a transition brief for an incoming government) as HTML or PDF, every figure footnoted to its records and sources')
    .option('--pair <codes>', 'two or more party codes joined by hyphens, e.g. USA-MEX (default: the registry\'s first two parties)')
    .option('--group <codes>', 'party codes separated by commas, e.g. USA,MEX,CAN (instead of --pair)')
    .option('--at <date>', 'the date the brief speaks of (default today)')
    .option('--since <date>', 'list the meetings held since this date (default a year before --at)')
    .option('--kind <kind>', 'state or transition', 'state')
    .option('--election <id>', 'for a transition brief: the election (an id of the registry, or a projected one such as usa-2028-projected)')
    .option('--lang <lang>', 'en, es or fr', 'en')
    .option('--format <format>', 'html or pdf', 'html')
    .option('--paper <paper>', 'a4 or letter (PDF)', 'a4')
    .requiredOption('--out <file>', 'the file to write')
    .action(async (opts: BriefOptions, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(BriefParams, { pair: opts.pair, group: opts.group, at: opts.at, since: opts.since, kind: opts.kind, election: opts.election, lang: opts.lang, format: opts.format, paper: opts.paper });
      const out = resolve(opts.out);
      const started = performance.now();
      const { briefFile } = await import('../print/brief.ts');
      const { exportRegistry } = await import('../app/registry.ts');
      const { PdfPrinter } = await import('../print/chromium.ts');
      const printer = new PdfPrinter();
      try {
        const file = await withServices(cmd, async (s) => briefFile(s, await exportRegistry(s), params, printer)).catch((e: unknown) => {
          if (e instanceof NotFound) throw new CliError(`--election: ${e.message}`, 2);
          throw asCliError(e);
        });
        // Written whole or not at all: a failed brief leaves no file behind.
        const partial = `${out}.partial-${process.pid}`;
        try {
          writeFileSync(partial, file.body);
          renameSync(partial, out);
        } catch (e) {
          rmSync(partial, { force: true });
          throw e;
        }
        io.err(`Wrote ${displayPath(out)} (${params.format.toUpperCase()}, ${Math.round(file.body.length / 1024)} KB, data snapshot ${file.snapshot}) in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
      } finally {
        await printer.close();
      }
    });
}
