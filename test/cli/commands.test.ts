import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, MODULES, registerFor } from '../../src/cli/commands.js';

describe('the CLI command table', () => {
  it('names every top-level command the modules register, with the same description', async () => {
    const program = new Command('attune');
    for (const load of Object.values(MODULES)) (await load())(program);
    const registered = program.commands.map((c) => [c.name(), c.description()]);
    expect(registered.map(([n]) => n).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const [name, description] of registered) expect(COMMANDS.find((c) => c.name === name)?.description).toBe(description);
  });

  it("loads, for one command, modules that register it", async () => {
    for (const top of COMMANDS) {
      const program = new Command('attune');
      await registerFor(program, ['node', 'attune', top.name]);
      expect(program.commands.some((c) => c.name() === top.name)).toBe(true);
    }
  });

  it('registers described placeholders only, for top-level help', async () => {
    const program = new Command('attune');
    await registerFor(program, ['node', 'attune', '--help']);
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });
});
