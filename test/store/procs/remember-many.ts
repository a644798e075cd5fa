/**
 * A child process for test/store/user-lock.test.ts: remembers `n` conversations of one user into a store, all at
 * once, and prints a JSON line with how many failed (and why).
 * node --import tsx remember-many.ts <store-url> <user> <tag> <n>
 */
import { createAttune } from '../../../src/memory/attune.js';
import { openStore } from '../../../src/store/open.js';
import { bowEmbedder } from '../../support/fake-embedder.js';

const [url, user, tag, n] = process.argv.slice(2) as [string, string, string, string];
const store = await openStore(url);
const attune = createAttune({ store, tenant: 'lock-test', embedder: bowEmbedder });
// Another createAttune on the same store: two per-process queues for one user, as two servers would have.
const other = createAttune({ store, tenant: 'lock-test', embedder: bowEmbedder });
const errors: string[] = [];
await Promise.all(
  Array.from({ length: Number(n) }, async (_, k) => {
    try {
      await (k % 2 ? other : attune).remember({
        userId: user,
        messages: [{ role: 'user', content: `I live in Lisbon and I work as a nurse. Note ${tag}-${k}.` }],
      });
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }),
);
await attune.close();
await other.close();
await store.close();
console.log(JSON.stringify({ errors }));
