/**
 * The `intermestic` command line: one command per use case. Each command parses its flags with
 * schemas, calls the core, and prints — a table for people, JSON or CSV for programs.
 */
import { Command, CommanderError, Option } from 'commander';
import { registerRegistryCommands } from './registry-commands.ts';
import { registerEventCommands } from './event-commands.ts';
import { CliError } from './support.ts';

/** Builds the program (exported so tests can run commands in-process). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('intermestic')
    .description('An observatory of the relationship between countries: mechanisms, meetings, cadence health, commitments and political event data.')
    .addOption(new Option('--db <file>', 'embedded database file').env('INTERMESTIC_DB'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL URL (postgres://…) instead of the embedded file').env('INTERMESTIC_DATABASE_URL'))
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    // Throw instead of exiting, so usage errors get exit code 2 (set before subcommands: they inherit it).
    .exitOverride();
  registerRegistryCommands(program);
  registerEventCommands(program);
  return program;
}

/** Runs the CLI; errors print one clear line (no stack) and exit non-zero. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof CliError) {
      console.error(`intermestic: ${e.message}`);
      process.exitCode = e.exitCode;
      return;
    }
    const err = e as Error;
    console.error(`intermestic: ${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`);
    if (process.env.INTERMESTIC_DEBUG) console.error(err.stack);
    process.exitCode = 1;
  }
}
