/** Commands on compliance and recommendations: compliance, recommendations. */
import type { Command } from 'commander';
import { complianceOf, recommendationsOf } from '../app/compliance.ts';
import type { Compliance } from '../app/contracts.ts';
import { ComplianceParams, RecommendationParams } from '../app/params.ts';
import { asCliError, ioOf, parseParams, printJson, printTable, withServices } from './support.ts';

const score = (s: number | null): string | null => (s === null ? null : s > 0 ? `+${s}` : String(s));
const mean = (m: number | null): string | null => (m === null ? null : `${m > 0 ? '+' : ''}${m.toFixed(2)}`);
const percent = (p: number | null): string | null => (p === null ? null : `${Number(p.toFixed(2))} %`);

type Step = Compliance['standings'][number]['history'][number];
/** One assessment of a history, in a few characters: `interim 0`, `final +1`, `final no-evidence`. */
const step = (h: Step): string => `${h.kind} ${h.status === 'assessed' ? score(h.score) : h.status}`;

type Figures = Compliance['aggregates']['overall'];
const figures = (a: Figures): (string | number | null)[] => [
  a.commitments, a.scored, a.noEvidence, a.notAssessed, `${a.scores.full}/${a.scores.partial}/${a.scores.nonCompliance}`, mean(a.mean), percent(a.g20Percent),
];
const FIGURE_HEADERS = ['commitments', 'scored', 'no evidence', 'not assessed', '+1/0/-1', 'mean', 'G20 %'];

export function registerComplianceCommands(program: Command): void {
  program
    .command('compliance')
    .description('compliance with commitments: the standing of each commitment for its party (latest final assessment, else interim) and the aggregates, G7/G20 Research Group scale')
    .option('--party <code>', 'only the commitments of this party')
    .option('--at <date>', 'count only assessments dated on or before this day (YYYY-MM-DD); default: all')
    .option('--json', 'print the public JSON shape')
    .action(async (opts: { party?: string; at?: string; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(ComplianceParams, { party: opts.party, at: opts.at });
      const report = await withServices(cmd, (s) => complianceOf(s, params), { registryOnly: true }).catch((e: unknown) => {
        throw asCliError(e);
      });
      if (opts.json) return printJson(io, report);
      printTable(io, ['commitment', 'party', 'standing', 'status', 'score', 'date', 'evidence', 'history'], report.standings.map((s) => [
        s.commitment, s.party, s.basis, s.status, score(s.score), s.date, s.sources.length, s.history.map(step).join(' → '),
      ]));
      const recalibrations = report.standings.flatMap((s) => s.history.filter((h) => h.recalibrates !== null).map((h) => ({ s, h })));
      if (recalibrations.length > 0) {
        io.out('\nRecalibrations (the earlier assessment stays in the history):\n');
        for (const { s, h } of recalibrations) {
          const earlier = s.history.find((e) => e.id === h.recalibrates);
          io.out(`  ${h.id} revises ${h.recalibrates}${earlier ? ` (${step(earlier)} → ${step(h)})` : ''}: ${h.recalibrationReason ?? ''}\n`);
        }
      }
      const a = report.aggregates;
      io.out('\n');
      printTable(io, ['aggregate', ...FIGURE_HEADERS], [
        ['all', ...figures(a.overall)],
        ...a.byParty.map((g) => [`party ${g.party}`, ...figures(g)]),
        ...a.byIssueArea.map((g) => [`issue ${g.issueArea}`, ...figures(g)]),
        ...a.byMechanism.map((g) => [`mechanism ${g.mechanism}`, ...figures(g)]),
        ...a.byPeriod.map((g) => [`made in ${g.period}`, ...figures(g)]),
      ]);
      io.out('\nScores: +1 full compliance, 0 partial or in progress, -1 none or contrary action. The mean is over the scored\n' +
        'commitments only: "no evidence" and "not assessed" are counted apart, never as 0. G20 % = (mean + 1) / 2.\n');
    });

  program
    .command('recommendations')
    .description('the recommendation tracker: each recommendation\'s status over time, with the cadence evidence the registry gives for the mechanisms it asks to meet')
    .option('--at <date>', 'day to judge at (YYYY-MM-DD); default today')
    .option('--json', 'print the public JSON shape')
    .action(async (opts: { at?: string; json?: boolean }, cmd: Command) => {
      const io = ioOf(cmd);
      const params = parseParams(RecommendationParams, { at: opts.at });
      const report = await withServices(cmd, (s) => recommendationsOf(s, params), { registryOnly: true });
      if (opts.json) return printJson(io, report);
      for (const r of report.recommendations) {
        io.out(`${r.id} (${r.date}): ${r.status ?? 'no status recorded'}${r.statusSince === null ? '' : ` since ${r.statusSince}`}\n  ${r.text}\n`);
        for (const h of r.history) io.out(`    ${h.date.padEnd(10)}  ${h.status.padEnd(19)}  ${h.sources.join(', ')}\n`);
        for (const c of r.cadence) {
          const held = c.held.length === 0 ? 'none held' : `${c.held.length} held (${c.held.map((m) => m.date).join(', ')})`;
          const notHeld = c.notHeld.length === 0 ? '' : `; not held: ${c.notHeld.map((m) => `${m.date} ${m.status}`).join(', ')}`;
          const state = c.status === 'lapsed' && c.lapsedFrom !== null ? `lapsed since ${c.lapsedFrom}` : c.status;
          const last = c.lastMeeting === null ? '' : `, last met ${c.lastMeeting}${c.daysSinceLast === null ? '' : ` (${c.daysSinceLast} days before ${report.at})`}`;
          io.out(`  cadence of ${c.mechanism} (${c.cadence}) since ${c.since}: ${held} of ${c.expected} the cadence called for${notHeld}; at ${report.at} ${state}${last}\n`);
        }
        io.out('\n');
      }
    });
}
