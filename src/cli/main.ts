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
  // Help and --version exit 0; a usage error (an unknown or missing flag, a bad value) is bad input: 2.
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  // Bad input exits 2: a DataError (by name: importing the data layer here would slow every start), an invalid
  // argument or malformed messages (coded AttuneErrors), or a file that is not there (named).
  const err = e as { name?: string; code?: unknown; path?: unknown; message?: string };
  if (err?.name === 'DataError' || err?.code === 'invalid_argument' || err?.code === 'malformed_messages') {
    console.error(`attune: bad input: ${err.message}`);
    process.exit(2);
  }
  if ((err?.code === 'ENOENT' || err?.code === 'EISDIR') && typeof err.path === 'string') {
    console.error(`attune: bad input: ${err.path}: ${err.code === 'ENOENT' ? 'no such file or folder' : 'is a folder'}`);
    process.exit(2);
  }
  console.error(`attune: ${(e as Error).message}`);
  if (process.env.ATTUNE_DEBUG) console.error(e);
  process.exit(1);
}
