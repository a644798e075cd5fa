/**
 * The CLI's command tree, top level, declared once. Each entry names the modules that register it; a run
 * loads only those, so `attune --help` and `attune --version` start without the library behind them.
 * test/cli/commands.test.ts checks that every module registers exactly what this table says.
 */
import type { Command } from 'commander';

type Register = (program: Command) => void;

/** Modules by name, in the order their commands are registered (it is the order help lists them in). */
export const MODULES = {
  demo: async (): Promise<Register> => (await import('./demo.js')).registerDemo,
  data: async (): Promise<Register> => (await import('./data.js')).registerData,
  eval: async (): Promise<Register> => (await import('./eval.js')).registerEval,
  cascade: async (): Promise<Register> => (await import('./cascade.js')).registerCascade,
  gap: async (): Promise<Register> => (await import('./gap.js')).registerGap,
  evalMemory: async (): Promise<Register> => (await import('./eval-memory.js')).registerEvalMemory,
  respondEval: async (): Promise<Register> => (await import('./respond.js')).registerRespondEval,
  extract: async (): Promise<Register> => (await import('./extract.js')).registerExtract,
  verify: async (): Promise<Register> => (await import('./verify.js')).registerVerify,
  train: async (): Promise<Register> => (await import('./train.js')).registerTrain,
  generate: async (): Promise<Register> => (await import('./generate.js')).registerGenerate,
  studio: async (): Promise<Register> => (await import('./studio.js')).registerStudio,
  memory: async (): Promise<Register> => (await import('./memory.js')).registerMemory,
  forget: async (): Promise<Register> => (await import('./forget.js')).registerForget,
  keys: async (): Promise<Register> => (await import('./keys.js')).registerKeys,
  serve: async (): Promise<Register> => (await import('./serve.js')).registerServe,
  mcp: async (): Promise<Register> => (await import('./mcp.js')).registerMcp,
} as const;

export type ModuleName = keyof typeof MODULES;

export interface TopCommand {
  name: string;
  description: string;
  modules: readonly ModuleName[];
}

export const COMMANDS: readonly TopCommand[] = [
  { name: 'demo', description: 'show the memory at work on two invented users, then score stage-2 selectors against people on the embedded illustrative dataset', modules: ['demo'] },
  { name: 'data', description: 'inspect, convert and store datasets', modules: ['data'] },
  { name: 'extract', description: 'stage 1: infer "The user ..." attributes from each user\'s conversations; writes profiles.jsonl', modules: ['extract'] },
  { name: 'verify', description: 'flag problematic extracted attributes (and say which failure mode) with a trained verifier or an LLM; writes one verdict per attribute', modules: ['verify'] },
  { name: 'eval', description: 'score a stage against human judgments', modules: ['eval', 'cascade', 'gap', 'evalMemory', 'extract', 'respondEval'] },
  { name: 'train', description: 'train small models on human judgments', modules: ['train', 'verify', 'generate'] },
  { name: 'respond', description: "stage 3: generate generic or personalized responses to a dataset's (user, prompt) units (writes Response records, JSONL)", modules: ['generate'] },
  { name: 'judge', description: 'stage 3: the per-attribute 1-5 comparison judge on generic/personalized pairs, in a seeded random order (recorded); Rating records for `attune eval respond --ratings`', modules: ['generate'] },
  { name: 'studio', description: 'serve an annotation study in the browser: stage 1 (attribute), stage 2 (relevance) or stage 3 (rating)', modules: ['studio'] },
  { name: 'studio-export', description: "write a study's judgments as an attune JSONL dataset (for attune eval)", modules: ['studio'] },
  { name: 'memory', description: 'the runtime personalization memory: remember, profile, select, correct, forget', modules: ['memory'] },
  { name: 'forget', description: "delete every row and cached LLM request derived from one user: datasets, runs, studies, LLM cache, the runtime memory of every tenant and, with --queue, their remember jobs on Redis", modules: ['forget'] },
  { name: 'keys', description: "API keys for attune serve: each key reaches only its tenant's users", modules: ['keys'] },
  { name: 'serve', description: 'serve the memory as a REST API (v1, OpenAPI at /openapi.json) to holders of `attune keys` keys', modules: ['serve'] },
  { name: 'mcp', description: 'serve the memory to an MCP client (Claude Desktop, Cursor, ...) over stdio: remember, select, search, profile, correct, forget', modules: ['mcp'] },
  { name: 'worker', description: 'run queued jobs: conversations to remember (`attune serve --queue`), to extract (`attune extract --queue`) and the LLM calls of `respond`, `judge` and `eval select --queue`; run any number, on any machine', modules: ['serve'] },
];

/**
 * Registers what `argv` needs: the modules of the command it names (after `help`, too), or, for top-level
 * help, the version or an unknown name, a described placeholder per command.
 */
export async function registerFor(program: Command, argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  const name = args[0] === 'help' ? args[1] : args[0];
  const top = COMMANDS.find((c) => c.name === name);
  if (!top) {
    for (const c of COMMANDS) program.command(c.name).description(c.description);
    return;
  }
  const wanted = new Set(top.modules);
  for (const [m, load] of Object.entries(MODULES)) if (wanted.has(m as ModuleName)) (await load())(program);
}

/** The top-level group `name` (eval, train, data), created once with the table's description. */
export function group(program: Command, name: string): Command {
  const found = program.commands.find((c) => c.name() === name);
  if (found) return found;
  const top = COMMANDS.find((c) => c.name === name);
  if (!top) throw new Error(`no top-level command "${name}" in cli/commands.ts`);
  return program.command(name).description(top.description);
}
