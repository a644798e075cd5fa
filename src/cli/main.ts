import { Command, CommanderError } from 'commander';
import { DataError } from '../data/index.js';
import { registerEval } from './eval.js';
import { registerData } from './data.js';
import { registerDemo } from './demo.js';
import { registerRespondEval } from './respond.js';
import { registerTrain } from './train.js';
import { registerStudio } from './studio.js';
import { registerGenerate } from './generate.js';
import { registerCascade } from './cascade.js';

const program = new Command('attune')
  .description('Human-centered LLM personalization: extract, select, respond; evaluated against people.')
  .showHelpAfterError()
  .exitOverride();

registerDemo(program);
registerEval(program);
registerCascade(program);
registerData(program);
registerRespondEval(program);
(await import('./extract.js')).registerExtract(program);
registerTrain(program);
(await import('./verify.js')).registerVerify(program);
registerStudio(program);
registerGenerate(program);
(await import('./memory.js')).registerMemory(program);
(await import('./keys.js')).registerKeys(program);
(await import('./serve.js')).registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (e instanceof DataError) {
    console.error(`attune: bad input: ${e.message}`);
    process.exit(2);
  }
  console.error(`attune: ${(e as Error).message}`);
  if (process.env.ATTUNE_DEBUG) console.error(e);
  process.exit(1);
}
