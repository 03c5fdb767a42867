/**
 * The `intermestic` command line: one command per use case. Each command parses its flags with the
 * shared parameter schemas (src/app/params.ts), calls a use case, and prints — a table for people,
 * JSON or CSV for programs.
 */
import { Command, CommanderError, Option } from 'commander';
import { registerRegistryCommands } from './registry-commands.ts';
import { registerEventCommands } from './event-commands.ts';
import { registerBriefCommand } from './brief-command.ts';
import { registerComplianceCommands } from './compliance-commands.ts';
import { registerScorecardCommands } from './scorecard-commands.ts';
import { registerAlertCommands } from './alert-commands.ts';
import { CliError, processIo, type Io } from './support.ts';

/** Builds the program; `io` receives what the commands print (tests pass buffers). */
export function buildProgram(io: Io = processIo): Command {
  const program = new Command();
  (program as Command & { io?: Io }).io = io;
  program
    .name('intermestic')
    .description('An observatory of the relationship between countries: mechanisms, meetings, cadence health, commitments and political event data.')
    .addOption(new Option('--db <file>', 'embedded database file').env('INTERMESTIC_DB'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL URL (postgres://…) instead of the embedded file').env('INTERMESTIC_DATABASE_URL'))
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    // Throw instead of exiting, so usage errors get exit code 2 (set before subcommands: they inherit it).
    .exitOverride();
  registerRegistryCommands(program);
  registerComplianceCommands(program);
  registerScorecardCommands(program);
  registerAlertCommands(program);
  registerEventCommands(program);
  registerBriefCommand(program);
  return program;
}

/** Runs the CLI on argv (as process.argv: node, script, args…); returns the exit code. Errors print one clear line, no stack. */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof CliError) {
      io.err(`intermestic: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    io.err(`intermestic: ${err.name === 'Error' ? '' : `${err.name}: `}${err.message}\n`);
    if (process.env.INTERMESTIC_DEBUG) io.err(`${err.stack}\n`);
    return 1;
  }
}

/** The process entry point (bin/intermestic.js). */
export async function main(argv: readonly string[]): Promise<void> {
  // A reader that stops early (`… | head`) closes the pipe: stop quietly, as other tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = await run(argv);
}
