import BetterSqlite3 from 'better-sqlite3';
import { createAttune } from '../src/index.js';
const proto = Object.getPrototypeOf(new BetterSqlite3(':memory:').prepare('select 1'));
const counts = new Map<string, number>();
for (const m of ['all', 'run', 'get', 'iterate']) { const o = proto[m]; proto[m] = function (this: { source: string }, ...a: unknown[]) { if ((globalThis as any).COUNT) counts.set(m + ' ' + this.source.slice(0, 140), (counts.get(m + ' ' + this.source.slice(0, 140)) ?? 0) + 1); return o.apply(this, a); }; }
const attune = await createAttune({ store: '/tmp/sqlcount.sqlite' });
await attune.remember({ userId: 'u', messages: [{ role: 'user', content: 'I am vegetarian and I live in Leeds. I work as a nurse.' }] });
await attune.select({ userId: 'u', prompt: 'dinner ideas?' });
(globalThis as any).COUNT = true;
for (let i = 0; i < 10; i++) await attune.select({ userId: 'u', prompt: 'dinner ideas?' });
for (const [k, v] of counts) console.log(v, k);
await attune.close();
