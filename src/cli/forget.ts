import type { Command } from 'commander';
import { forgetEverywhere } from '../memory/forget-everywhere.js';
import { bullQueue } from '../queue/bullmq.js';
import { rememberOrderKey } from '../server/api/app.js';
import { openStore } from '../store/open.js';
import { existingStore } from './stores.js';

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description("delete every row and cached LLM request derived from one user: datasets, runs, studies, LLM cache, the runtime memory of every tenant and, with --queue, their remember jobs on Redis")
    .requiredOption('--user <id>', 'the user id, as in the datasets')
    .option('--store <url>', 'SQLite path or postgres:// URL (default .attune/attune.sqlite)')
    .option('--queue <redis-url>', 'also remove the user\'s remember jobs, results and events from this Redis (as given to attune serve --queue)')
    .option('--queue-name <name>', 'BullMQ queue name (as given to attune serve)', 'attune')
    .action(async (o: { user: string; store?: string; queue?: string; queueName: string }) => {
      const store = await openStore(existingStore(o.store));
      const queue = o.queue ? bullQueue({ url: o.queue, name: o.queueName, orderKey: rememberOrderKey }) : undefined;
      try {
        const r = await forgetEverywhere({ store, userId: o.user, ...(queue?.forget ? { queue: { forget: (k) => queue.forget!(k) } } : {}) });
        const deleted: Record<string, number> = { ...r.research };
        for (const m of r.memory) for (const [t, n] of Object.entries(m.deleted)) deleted[t] = (deleted[t] ?? 0) + n;
        const total = Object.values(deleted).reduce((a, b) => a + b, 0);
        const byTable = Object.entries(deleted).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ');
        const vectors = r.memory.reduce((a, m) => a + m.vectors, 0);
        console.log(`forgot user ${o.user}: ${total} rows${byTable ? ` (${byTable})` : ''}` +
          (r.memory.length ? `; runtime memory in tenant(s) ${r.memory.map((m) => m.tenant).join(', ')}, ${vectors} cached vectors` : '') +
          (queue ? `; ${r.queued} queued job(s)` : ''));
      } finally {
        await queue?.close();
        await store.close();
      }
    });
}
