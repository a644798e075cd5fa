import type { Command } from 'commander';
import { openStore } from '../store/open.js';

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description("delete every research row and cached LLM request derived from one user (datasets, runs, studies, LLM cache)")
    .requiredOption('--user <id>', 'the user id, as in the datasets')
    .option('--store <url>', 'SQLite path or postgres:// URL (default .attune/attune.sqlite)')
    .action(async (o: { user: string; store?: string }) => {
      const store = await openStore(o.store);
      try {
        const r = await store.forgetUser(o.user);
        const total = Object.values(r.deleted).reduce((a, b) => a + b, 0);
        const byTable = Object.entries(r.deleted).map(([t, n]) => `${t} ${n}`).join(', ');
        console.log(`forgot user ${o.user}: ${total} rows${byTable ? ` (${byTable})` : ''}`);
      } finally {
        await store.close();
      }
    });
}
