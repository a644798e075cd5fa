import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { AttuneError } from '../model/errors.js';
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
  // The exit status comes from the error's code (docs/errors.md): the caller's input (a bad option, a bad or
  // missing file, an unknown id) exits 2, any other failure 1. A file the OS could not find is bad input too.
  if (AttuneError.isInputError(e)) {
    console.error(`attune: bad input: ${(e as Error).message}`);
    process.exit(2);
  }
  const err = e as { code?: unknown; path?: unknown };
  if ((err?.code === 'ENOENT' || err?.code === 'EISDIR') && typeof err.path === 'string') {
    console.error(`attune: bad input: ${err.path}: ${err.code === 'ENOENT' ? 'no such file or folder' : 'is a folder'}`);
    process.exit(2);
  }
  console.error(`attune: ${(e as Error).message}`);
  if (process.env.ATTUNE_DEBUG) console.error(e);
  process.exit(1);
}
