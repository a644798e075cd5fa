import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerFor } from './commands.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('attune')
  .description('Human-centered LLM personalization: extract, select, respond; evaluated against people.')
  .version(version, '-V, --version')
  .showHelpAfterError()
  .exitOverride();

try {
  await registerFor(program, process.argv);
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  // Bad input (a DataError, by name: importing the data layer here would slow every start) exits 2.
  if (e instanceof Error && e.name === 'DataError') {
    console.error(`attune: bad input: ${e.message}`);
    process.exit(2);
  }
  console.error(`attune: ${(e as Error).message}`);
  if (process.env.ATTUNE_DEBUG) console.error(e);
  process.exit(1);
}
