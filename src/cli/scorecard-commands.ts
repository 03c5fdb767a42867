/** `intermestic scorecard`: the three-Cs scorecard of a pair or group, year by year. */
import type { Command } from 'commander';
import type { Scorecard } from '../app/contracts.ts';
import { ScorecardParams } from '../app/params.ts';
import { scorecardOf } from '../app/scorecard.ts';
import { asCliError, ioOf, parseParams, printJson, printTable, withServices, type Io } from './support.ts';

const fig = (x: number | null): string | null => (x === null ? null : x.toFixed(2));

type Period = Scorecard['periods'][number];
type Input = Period['cooperate']['inputs'][number];

function inputLine(i: Input): string {
  const counts = Object.entries(i.counts).map(([k, v]) => `${k} ${v}`).join(', ');
  const head = i.score === null ? `no data — ${i.reason ?? ''}` : `${fig(i.score)}${i.value === null ? '' : ` (value ${i.value})`}`;
  const tail = [counts, i.note, i.sources.length > 0 ? `${i.sources.length} source${i.sources.length === 1 ? '' : 's'}` : null].filter((x) => x !== null && x !== '').join('; ');
  return `    ${i.id.padEnd(11)} ${head}${tail === '' ? '' : `  [${tail}]`}\n`;
}

function printDetail(io: Io, p: Period): void {
  io.out(`${p.period} (registry judged on ${p.at})\n`);
  for (const s of ['cooperate', 'coordinate', 'challenge'] as const) {
    io.out(`  ${s}: ${p[s].score === null ? 'no data' : fig(p[s].score)}\n`);
    for (const i of p[s].inputs) io.out(inputLine(i));
  }
  io.out(`  composite: ${p.composite.score === null ? `no data (${p.composite.note ?? ''})` : fig(p.composite.score)}${p.composite.score !== null && p.composite.note ? ` — ${p.composite.note}` : ''}\n\n`);
}

export function registerScorecardCommands(program: Command): void {
  program
    .command('scorecard')
    .description('the three-Cs scorecard (cooperate consistently, coordinate holistically, challenge when necessary) of a pair or group, each year on 0–100, with a weighted composite')
    .option('--pair <A-B>', 'a pair of parties, e.g. USA-MEX')
    .option('--group <codes>', 'a group of parties, e.g. USA,MEX,CAN')
    .option('--from <year>', 'first year (default: nine years before --to)')
    .option('--to <year>', 'last year (default: this year)')
    .option('--weights <list>', 'cooperate=W,coordinate=W,challenge=W (default 1 each; names left out keep 1)')
    .option('--detail', 'print every input of every year with its counts and why it has no data')
    .option('--json', 'print the public JSON shape')
    .action(async (opts: { pair?: string; group?: string; from?: string; to?: string; weights?: string; detail?: boolean; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(ScorecardParams, { pair: opts.pair, group: opts.group, from: opts.from, to: opts.to, weights: opts.weights });
      const card = await withServices(cmd, (s) => scorecardOf(s, params)).catch((e: unknown) => {
        throw asCliError(e);
      });
      if (opts.json) return printJson(io, card);
      const who = card.pair ?? card.group!.join(',');
      const w = card.weights;
      io.out(`Three-Cs scorecard of ${who}, ${card.from}–${card.to}; weights cooperate ${w.cooperate}, coordinate ${w.coordinate}, challenge ${w.challenge}\n\n`);
      const ranks = new Map(card.sensitivity.ranks.map((r) => [r.period, r]));
      printTable(io, ['year', 'cooperate', 'coordinate', 'challenge', 'composite', 'rank', 'rank range', 'left out (no data)'], card.periods.map((p) => {
        const r = ranks.get(p.period);
        return [
          p.period, fig(p.cooperate.score), fig(p.coordinate.score), fig(p.challenge.score), fig(p.composite.score),
          r?.rank ?? null, r?.best == null ? null : `${r.best}–${r.worst}`, p.composite.leftOut.join(', ') || null,
        ];
      }));
      if (card.eras.length > 0) {
        io.out('\nBeside the periods the seed essays describe (mean over the years with a figure):\n');
        printTable(io, ['period', 'years', 'with figure', 'composite', 'cooperate', 'coordinate', 'challenge'], card.eras.map((e) => [
          e.label, e.periods, e.withComposite, fig(e.composite), fig(e.cooperate), fig(e.coordinate), fig(e.challenge),
        ]));
      }
      if (opts.detail) {
        io.out('\n');
        for (const p of card.periods) printDetail(io, p);
      }
      io.out(`\nCoverage: ${card.coverage.note}\n`);
      io.out('Rank range: best and worst rank of the year when each weight is doubled, halved, or used alone.\n');
      io.out('Formulas (0–100 each; an input or sub-score without data is left out and its weight redistributed, never a 0):\n');
      for (const [k, formula] of Object.entries(card.formula)) io.out(`  ${k}: ${formula}\n`);
    });
}
