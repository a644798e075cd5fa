import type { Command } from 'commander';
import { forgetEverywhere } from '../memory/forget-everywhere.js';
import { openStore } from '../store/open.js';
import { existingStore } from './stores.js';

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description("delete every row and cached LLM request derived from one user: datasets, runs, studies, LLM cache, and the runtime memory of every tenant")
    .requiredOption('--user <id>', 'the user id, as in the datasets')
    .option('--store <url>', 'SQLite path or postgres:// URL (default .attune/attune.sqlite)')
    .action(async (o: { user: string; store?: string }) => {
      const store = await openStore(existingStore(o.store));
      try {
        const r = await forgetEverywhere({ store, userId: o.user });
        const deleted: Record<string, number> = { ...r.research };
        for (const m of r.memory) for (const [t, n] of Object.entries(m.deleted)) deleted[t] = (deleted[t] ?? 0) + n;
        const total = Object.values(deleted).reduce((a, b) => a + b, 0);
        const byTable = Object.entries(deleted).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ');
        const vectors = r.memory.reduce((a, m) => a + m.vectors, 0);
        console.log(`forgot user ${o.user}: ${total} rows${byTable ? ` (${byTable})` : ''}` +
          (r.memory.length ? `; runtime memory in tenant(s) ${r.memory.map((m) => m.tenant).join(', ')}, ${vectors} cached vectors` : ''));
      } finally {
        await store.close();
      }
    });
}
