import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { KeyStore } from '../store/keys.js';
import { existingStore } from './stores.js';

/** Runs `fn` on the store at `url`, closing it afterwards. */
async function withKeys<T>(url: string | undefined, fn: (keys: KeyStore) => Promise<T>): Promise<T> {
  const store = await openStore(url);
  try {
    return await fn(new KeyStore(store));
  } finally {
    await store.close();
  }
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("API keys for attune serve: each key reaches only its tenant's users");
  keys
    .command('create')
    .description('create a key for a tenant (the tenant is created when new); prints the key as the last line, once')
    .requiredOption('--tenant <name>', 'tenant name')
    .option('--store <url>', 'store: SQLite file (default .attune/attune.sqlite) or postgres://...')
    .option('--label <text>', 'a note shown by `keys list`')
    .action(async (o: { tenant: string; store?: string; label?: string }) => {
      const k = await withKeys(o.store, (ks) => ks.createKey(o.tenant, o.label));
      console.error(`created key ${k.id} for tenant ${k.tenant}; it is shown once, store it now`);
      console.log(k.key);
    });
  keys
    .command('list')
    .description('list keys (ids, tenants, state; never the keys themselves)')
    .option('--store <url>', 'store: SQLite file (default .attune/attune.sqlite) or postgres://...')
    .option('--tenant <name>', 'only this tenant')
    .option('--json', 'print JSON')
    .action(async (o: { store?: string; tenant?: string; json?: boolean }) => {
      const list = await withKeys(existingStore(o.store), (ks) => ks.listKeys(o.tenant));
      if (o.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      if (!list.length) console.log('no keys');
      for (const k of list) console.log([k.id, k.tenant, k.revokedAt ? `revoked ${k.revokedAt}` : 'active', k.createdAt, k.label ?? ''].join('\t').trimEnd());
    });
  keys
    .command('revoke <id>')
    .description('revoke a key by its id (from `keys list`); requests with it get 401 from then on')
    .option('--store <url>', 'store: SQLite file (default .attune/attune.sqlite) or postgres://...')
    .action(async (id: string, o: { store?: string }) => {
      const k = await withKeys(existingStore(o.store), (ks) => ks.revokeKey(id));
      console.log(`revoked ${k.id} (tenant ${k.tenant})`);
    });
}
