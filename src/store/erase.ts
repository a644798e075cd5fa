/**
 * Erasure from the research tables: one user's data (`forgetUser`) or one dataset and everything derived
 * from it (`eraseDataset`), in one transaction, on SQLite and Postgres.
 *
 * What goes, for a user: every dataset row with their user id (conversations, profile, attributes, gold
 * attributes, labels, annotations, recorded votes, responses, response pairs and the ratings of those pairs,
 * attribute judgments), prompts that only they were asked, run predictions about them, judgments whose item
 * key starts with their id, studio items built from their data (with the assignments and judgments of those
 * items), and every LLM-cache row whose request holds one of their texts. The cache is matched by content:
 * each stored request is parsed and searched for the first 64 characters of each text of the user (raw and as
 * the JSON literal prompts carry it, src/llm/user-data.ts), so rows written before this code existed are found
 * too. Texts shorter than {@link MIN_NEEDLE} characters are not searched for (they identify no one and would
 * match everywhere).
 *
 * The runtime memory's erasure (`forgetMemoryUser`, `forgetMemoryAttribute`, run by MemoryRepository inside its
 * transaction and the user's lock) deletes the user's memory rows, or one attribute with its evidence, events,
 * corrections, usage and the source turns it was drawn from, and the LLM-cache rows made for them: by the keys
 * recorded when the calls were made and by the same content search.
 *
 * On SQLite, freed pages are zeroed (`secure_delete`) and the WAL is checkpointed and truncated; a research erasure
 * also VACUUMs the file, so the bytes leave it. On Postgres the rows are gone for every reader at commit; their
 * bytes stay in the table files until VACUUM reuses the space (`VACUUM FULL` rewrites them). See dialect.ts.
 */
import type { Kysely, Transaction } from 'kysely';
import { dataText } from '../llm/user-data.js';
import type { Conversation } from '../model/index.js';
import { DATASET_CHILD_TABLES, type Database } from './schema.js';
import { SQL_DIALECTS, type SqlDialect } from './dialect.js';
import type { StoreDialect } from './records.js';
import type { MemoryRepository } from './memory.js';
import type { ForgetCounts, MemoryScope } from './memory-records.js';
import { MEMORY_TABLES } from './memory-schema.js';

type Trx = Transaction<Database>;

/** Shortest text searched for in cached requests. */
export const MIN_NEEDLE = 12;
const NEEDLE_CHARS = 64;

export interface EraseResult {
  /** Rows deleted, by table (tables with none left out). */
  deleted: Record<string, number>;
}

/** Tables whose rows carry the user id directly. */
const USER_TABLES = [
  'conversations', 'profiles', 'attributes', 'gold_attributes', 'labels', 'annotations', 'dataset_predictions',
  'responses', 'response_pairs', 'attribute_judgments',
] as const;
/** Tables that name a prompt per row, with the user it was asked of. */
const PROMPT_USERS = ['labels', 'annotations', 'dataset_predictions', 'responses', 'response_pairs'] as const;

class Eraser {
  readonly deleted: Record<string, number> = {};
  readonly texts = new Set<string>();

  constructor(readonly trx: Trx) {}

  count(table: string, n: bigint | number): void {
    if (Number(n) > 0) this.deleted[table] = (this.deleted[table] ?? 0) + Number(n);
  }

  addText(t: string | null | undefined): void {
    if (t && t.trim().length >= MIN_NEEDLE) this.texts.add(t.trim());
  }

  /** Collects the user's texts (for the cache search) from the rows about to go. */
  async collectUserTexts(userId: string, datasetId?: string): Promise<void> {
    const t = this.trx;
    const scope = (table: (typeof USER_TABLES)[number]) => {
      let q = t.selectFrom(table).selectAll().where('user_id', '=', userId);
      if (datasetId) q = q.where('dataset_id', '=', datasetId);
      return q.execute();
    };
    for (const c of (await scope('conversations')) as { turns: string }[]) {
      for (const turn of JSON.parse(c.turns) as Conversation['turns']) this.addText(turn.text);
    }
    for (const a of (await scope('attributes')) as { text: string; reason: string | null }[]) {
      this.addText(a.text);
      this.addText(a.reason);
    }
    for (const g of (await scope('gold_attributes')) as { text: string }[]) this.addText(g.text);
    for (const r of (await scope('responses')) as { text: string }[]) this.addText(r.text);
    for (const p of (await scope('response_pairs')) as { generic: string; personalized: string }[]) {
      this.addText(p.generic);
      this.addText(p.personalized);
    }
  }

  /** Deletes the user's dataset rows (in one dataset, or in all), with the ratings of their pairs and their own prompts. */
  async deleteUserRows(userId: string, datasetId?: string): Promise<void> {
    const t = this.trx;
    const datasets = datasetId
      ? [datasetId]
      : [...new Set((await Promise.all(USER_TABLES.map((tb) => t.selectFrom(tb).select('dataset_id').where('user_id', '=', userId).execute()))).flat().map((r) => r.dataset_id))];
    for (const ds of datasets) {
      // Prompts asked of this user and of no one else in the dataset.
      const mine = new Set<string>();
      const others = new Set<string>();
      for (const tb of PROMPT_USERS) {
        for (const r of await t.selectFrom(tb).select(['prompt_id', 'user_id']).where('dataset_id', '=', ds).execute()) (r.user_id === userId ? mine : others).add(r.prompt_id);
      }
      const own = [...mine].filter((p) => !others.has(p));
      for (const p of await t.selectFrom('prompts').select('text').where('dataset_id', '=', ds).where('id', 'in', own.length ? own : ['\u0000']).execute()) this.addText(p.text);
      const pairs = (await t.selectFrom('response_pairs').select('id').where('dataset_id', '=', ds).where('user_id', '=', userId).execute()).map((r) => r.id);
      for (const chunk of chunks(pairs)) {
        this.count('ratings', (await t.deleteFrom('ratings').where('dataset_id', '=', ds).where('pair_id', 'in', chunk).executeTakeFirst()).numDeletedRows);
      }
      for (const chunk of chunks(own)) {
        this.count('prompts', (await t.deleteFrom('prompts').where('dataset_id', '=', ds).where('id', 'in', chunk).executeTakeFirst()).numDeletedRows);
      }
      for (const tb of USER_TABLES) {
        this.count(tb, (await t.deleteFrom(tb).where('dataset_id', '=', ds).where('user_id', '=', userId).executeTakeFirst()).numDeletedRows);
      }
    }
  }

  /** Judgments outside studies whose item key starts with the user id (the model's pairKey). */
  async deleteUserJudgments(userId: string): Promise<void> {
    const prefix = keyPrefix(userId);
    for (const j of await this.trx.selectFrom('judgments').select('value').where('study_id', 'is', null)
      .where((eb) => eb(eb.fn('substr', ['item_key', eb.val(1), eb.val(prefix.length)]), '=', prefix)).execute()) {
      collectStrings(JSON.parse(j.value), (s) => this.addText(s));
    }
    this.count('judgments', (await this.trx.deleteFrom('judgments').where('study_id', 'is', null)
      .where((eb) => eb(eb.fn('substr', ['item_key', eb.val(1), eb.val(prefix.length)]), '=', prefix))
      .executeTakeFirst()).numDeletedRows);
  }

  /** Study items built from the user's data (meta.userId), with their assignments and judgments. */
  async deleteStudyItems(match: (meta: Record<string, unknown>, studyId: string) => boolean): Promise<void> {
    const t = this.trx;
    for (const it of await t.selectFrom('study_items').select(['study_id', 'id', 'meta', 'payload']).execute()) {
      const meta = JSON.parse(it.meta) as Record<string, unknown>;
      if (!match(meta, it.study_id)) continue;
      collectStrings(JSON.parse(it.payload), (s) => this.addText(s));
      this.count('assignments', (await t.deleteFrom('assignments').where('study_id', '=', it.study_id).where('item_id', '=', it.id).executeTakeFirst()).numDeletedRows);
      this.count('judgments', (await t.deleteFrom('judgments').where('study_id', '=', it.study_id).where('item_key', '=', `${it.study_id}/${it.id}`).executeTakeFirst()).numDeletedRows);
      this.count('study_items', (await t.deleteFrom('study_items').where('study_id', '=', it.study_id).where('id', '=', it.id).executeTakeFirst()).numDeletedRows);
    }
  }

  /** LLM-cache rows whose request holds one of the collected texts. */
  async deleteCachedRequests(): Promise<void> {
    this.count('llm_cache', await deleteCachedTexts(this.trx, this.texts));
  }
}

/**
 * Deletes the LLM-cache rows whose request holds one of `texts` (their first 64 characters, raw or as a JSON
 * literal; texts shorter than MIN_NEEDLE are skipped). The one content search every erasure uses: a user's, a
 * dataset's, the runtime memory's forget of a user or of one attribute. Returns the rows deleted.
 */
export async function deleteCachedTexts(t: Kysely<Database> | Transaction<Database>, texts: Iterable<string>): Promise<number> {
  const needles = [...texts].filter((x) => x.trim().length >= MIN_NEEDLE).flatMap((text) => {
    const head = Array.from(text.trim()).slice(0, NEEDLE_CHARS).join('');
    return [head, dataText(head).slice(1, -1)];
  });
  if (needles.length === 0) return 0;
  let n = 0;
  let after = '';
  for (;;) {
    const page = await t.selectFrom('llm_cache').select(['key', 'request']).where('key', '>', after).orderBy('key').limit(500).execute();
    if (page.length === 0) break;
    after = page.at(-1)!.key;
    const hits: string[] = [];
    for (const row of page) {
      let found = false;
      collectStrings(JSON.parse(row.request), (s) => {
        found ||= needles.some((x) => s.includes(x));
      });
      if (found) hits.push(row.key);
    }
    for (const chunk of chunks(hits)) n += Number((await t.deleteFrom('llm_cache').where('key', 'in', chunk).executeTakeFirst()).numDeletedRows);
  }
  return n;
}

function collectStrings(v: unknown, visit: (s: string) => void): void {
  if (typeof v === 'string') visit(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, visit);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) collectStrings(x, visit);
}

function chunks<T>(xs: readonly T[], n = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** The escaped form of a judgment item key prefix (see the store's encodeKey). */
function keyPrefix(userId: string): string {
  const NUL = String.fromCharCode(0);
  const US = String.fromCharCode(0x1f);
  return `${userId}${NUL}`.split(US).join(`${US}1`).split(NUL).join(`${US}0`);
}

/**
 * Runs `work` (one transaction) as an erasure: deleted rows are overwritten, then no copy of them stays in the log
 * beside the file; with `compact`, freed pages leave the file too.
 */
export async function erasing<T>(db: Kysely<Database>, dialect: SqlDialect, work: () => Promise<T>, opts: { compact?: boolean } = {}): Promise<T> {
  await dialect.secureDelete(db);
  const out = await work();
  await dialect.checkpoint(db);
  if (opts.compact) await dialect.compact(db);
  return out;
}

async function run(db: Kysely<Database>, dialect: SqlDialect | StoreDialect, work: (e: Eraser) => Promise<void>): Promise<EraseResult> {
  const deleted = await erasing(db, typeof dialect === 'string' ? SQL_DIALECTS[dialect] : dialect, () => db.transaction().execute(async (trx) => {
    const e = new Eraser(trx);
    await work(e);
    await e.deleteCachedRequests();
    return e.deleted;
  }), { compact: true });
  return { deleted };
}

/** Deletes every research row and cached text derived from one user (see the module comment). */
export async function forgetUser(db: Kysely<Database>, dialect: SqlDialect | StoreDialect, userId: string): Promise<EraseResult> {
  if (!userId) throw new Error('forgetUser: a user id is required');
  return run(db, dialect, async (e) => {
    await e.collectUserTexts(userId);
    await e.deleteUserRows(userId);
    e.count('predictions', (await e.trx.deleteFrom('predictions').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows);
    await e.deleteUserJudgments(userId);
    await e.deleteStudyItems((meta) => meta.userId === userId);
  });
}

/**
 * Deletes a dataset with everything derived from it: its rows, its runs (by id or name) and their predictions,
 * the studies built from it (items, annotators, assignments, judgments) and the LLM-cache rows holding its texts.
 * False when there is no such dataset.
 */
export async function eraseDataset(db: Kysely<Database>, dialect: SqlDialect | StoreDialect, idOrName: string): Promise<boolean> {
  const head =
    (await db.selectFrom('datasets').select(['id', 'name']).where('id', '=', idOrName).executeTakeFirst()) ??
    (await db.selectFrom('datasets').select(['id', 'name']).where('name', '=', idOrName).executeTakeFirst());
  if (!head) return false;
  await run(db, dialect, async (e) => {
    const t = e.trx;
    const users = new Set<string>();
    for (const tb of USER_TABLES) for (const r of await t.selectFrom(tb).select('user_id').where('dataset_id', '=', head.id).execute()) users.add(r.user_id);
    for (const u of users) await e.collectUserTexts(u, head.id);
    for (const p of await t.selectFrom('prompts').select('text').where('dataset_id', '=', head.id).execute()) e.addText(p.text);
    const runs = (await t.selectFrom('runs').select('id').where('dataset', 'in', [head.id, head.name]).execute()).map((r) => r.id);
    for (const chunk of chunks(runs)) {
      e.count('predictions', (await t.deleteFrom('predictions').where('run_id', 'in', chunk).executeTakeFirst()).numDeletedRows);
      e.count('runs', (await t.deleteFrom('runs').where('id', 'in', chunk).executeTakeFirst()).numDeletedRows);
    }
    const studies = (await t.selectFrom('studies').select(['id', 'source']).execute())
      .filter((s) => (JSON.parse(s.source) as { dataset?: unknown }).dataset === head.name)
      .map((s) => s.id);
    for (const id of studies) {
      await e.deleteStudyItems((_, studyId) => studyId === id);
      for (const tb of ['assignments', 'annotators'] as const) e.count(tb, (await t.deleteFrom(tb).where('study_id', '=', id).executeTakeFirst()).numDeletedRows);
      e.count('judgments', (await t.deleteFrom('judgments').where('study_id', '=', id).executeTakeFirst()).numDeletedRows);
      e.count('studies', (await t.deleteFrom('studies').where('id', '=', id).executeTakeFirst()).numDeletedRows);
    }
    for (const tb of DATASET_CHILD_TABLES) {
      e.count(tb, (await t.deleteFrom(tb).where('dataset_id', '=', head.id).executeTakeFirst()).numDeletedRows);
    }
    e.count('datasets', (await t.deleteFrom('datasets').where('id', '=', head.id).executeTakeFirst()).numDeletedRows);
    // Judgments outside studies name a user, not a dataset: they go with users no other dataset has.
    for (const u of users) {
      const elsewhere = await Promise.all(USER_TABLES.map((tb) => t.selectFrom(tb).select('user_id').where('user_id', '=', u).limit(1).executeTakeFirst()));
      if (!elsewhere.some(Boolean)) await e.deleteUserJudgments(u);
    }
  });
  return true;
}

// ------------------------------------------------------------------------------------------ the runtime memory

/** Hard-deletes every memory row of the user and the llm_cache rows of calls made for them. `repo`: in its transaction, holding the user's lock. */
export async function forgetMemoryUser(repo: MemoryRepository, s: MemoryScope): Promise<ForgetCounts> {
  const keys = await repo.cacheKeys(s);
  const rows: Record<string, number> = {};
  rows.llm_cache = await deleteCacheKeys(repo, keys.filter((k) => k.kind === 'llm').map((k) => k.key));
  // And any cached request that holds the user's text without a recorded key (a call made by another process
  // or before keys were recorded): the same content search the research erasure uses.
  rows.llm_cache += await deleteCachedTexts(repo.db, await userTexts(repo, s));
  for (const table of MEMORY_TABLES) {
    const r = await repo.db.deleteFrom(table).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).executeTakeFirst();
    rows[table] = Number(r.numDeletedRows);
  }
  return { rows, vectorKeys: keys.filter((k) => k.kind === 'vector').map((k) => k.key) };
}

/**
 * Hard-deletes one attribute: its row, evidence, events, corrections, the cache keys made for its text, and its id
 * in usage records (a usage row left with no attribute is deleted). `repo`: as for forgetMemoryUser.
 */
export async function forgetMemoryAttribute(repo: MemoryRepository, s: MemoryScope, attributeId: string): Promise<ForgetCounts> {
  const db = repo.db;
  const keys = (await repo.cacheKeys(s)).filter((k) => k.attributeId === attributeId);
  const rows: Record<string, number> = {};
  rows.llm_cache = await deleteCacheKeys(repo, keys.filter((k) => k.kind === 'llm').map((k) => k.key));
  // The four child tables share these columns; kysely cannot type a delete over a union of table names.
  const scoped = (t: 'memory_cache_keys' | 'memory_corrections' | 'memory_events' | 'memory_evidence') =>
    db.deleteFrom(t as 'memory_evidence').where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('attribute_id', '=', attributeId).executeTakeFirst();
  rows.memory_conversations = await blankSourceTurns(repo, s, attributeId, rows);
  for (const t of ['memory_cache_keys', 'memory_corrections', 'memory_events', 'memory_evidence'] as const) rows[t] = Number((await scoped(t)).numDeletedRows);
  const a = await db.deleteFrom('memory_attributes').where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('id', '=', attributeId).executeTakeFirst();
  rows.memory_attributes = Number(a.numDeletedRows);
  // A newer attribute that superseded this one no longer points at it.
  await db.updateTable('memory_attributes').set({ superseded_by: null }).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('superseded_by', '=', attributeId).execute();
  let usage = 0;
  const used = await db.selectFrom('memory_usage').select(['id', 'attribute_ids']).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).execute();
  for (const u of used) {
    const ids = JSON.parse(u.attribute_ids) as string[];
    if (!ids.includes(attributeId)) continue;
    const rest = ids.filter((i) => i !== attributeId);
    if (rest.length) await db.updateTable('memory_usage').set({ attribute_ids: JSON.stringify(rest) }).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('id', '=', u.id).execute();
    else await db.deleteFrom('memory_usage').where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('id', '=', u.id).execute();
    usage++;
  }
  rows.memory_usage = usage;
  return { rows, vectorKeys: keys.filter((k) => k.kind === 'vector').map((k) => k.key) };
}

async function deleteCacheKeys(repo: MemoryRepository, keys: readonly string[]): Promise<number> {
  let n = 0;
  for (const chunk of chunks(keys, Math.max(1, Math.floor(repo.dialect.maxParams / 2)))) {
    n += Number((await repo.db.deleteFrom('llm_cache').where('key', 'in', chunk).executeTakeFirst()).numDeletedRows);
  }
  return n;
}

/**
 * The turns an attribute was drawn from lose their text (they stay, empty, so turn indexes keep their meaning):
 * other attributes citing those turns lose that evidence and their reasons (their own and their members', which may quote it), and cached LLM
 * requests holding the text are deleted. Returns how many conversations were changed.
 */
async function blankSourceTurns(repo: MemoryRepository, s: MemoryScope, attributeId: string, rows: Record<string, number>): Promise<number> {
  const db = repo.db;
  const ev = await db.selectFrom('memory_evidence').select(['conversation_id', 'turn_index']).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId)
    .where('attribute_id', '=', attributeId).execute();
  if (ev.length === 0) return 0;
  const byConv = new Map<string, Set<number>>();
  for (const e of ev) {
    let set = byConv.get(e.conversation_id);
    if (!set) byConv.set(e.conversation_id, (set = new Set()));
    set.add(Number(e.turn_index));
  }
  const texts: string[] = [];
  let changed = 0;
  for (const c of await repo.conversations(s, [...byConv.keys()])) {
    const turns = c.turns as { index: number; text: string }[];
    const drop = byConv.get(c.id)!;
    for (const t of turns) {
      if (!drop.has(t.index) || !t.text) continue;
      texts.push(t.text);
      t.text = '';
    }
    await db.updateTable('memory_conversations').set({ turns: JSON.stringify(turns) }).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('id', '=', c.id).execute();
    changed++;
  }
  for (const [conv, idx] of byConv) {
    const siblings = await db.selectFrom('memory_evidence').select('attribute_id').where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId)
      .where('conversation_id', '=', conv).where('turn_index', 'in', [...idx]).where('attribute_id', '!=', attributeId).execute();
    const ids = [...new Set(siblings.map((r) => r.attribute_id))];
    if (ids.length) {
      for (const a of await db.selectFrom('memory_attributes').select(['id', 'members']).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('id', 'in', ids).execute()) {
        const members = (JSON.parse(a.members) as { reason?: string }[]).map(({ reason: _, ...m }) => m);
        await db.updateTable('memory_attributes').set({ reason: null, members: JSON.stringify(members) }).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('id', '=', a.id).execute();
      }
      await db.deleteFrom('memory_evidence').where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).where('conversation_id', '=', conv)
        .where('turn_index', 'in', [...idx]).where('attribute_id', 'in', ids).execute();
    }
  }
  rows.llm_cache = (rows.llm_cache ?? 0) + (await deleteCachedTexts(db, texts));
  return changed;
}

/** Every text of the user in the memory tables (turns, attribute texts, reasons, members): what cached requests are searched for. */
async function userTexts(repo: MemoryRepository, s: MemoryScope): Promise<string[]> {
  const out: string[] = [];
  for (const c of await repo.conversations(s)) for (const t of c.turns as { text?: string }[]) if (t.text) out.push(t.text);
  for (const a of await repo.attributes(s)) {
    out.push(a.text, ...(a.reason ? [a.reason] : []));
    for (const m of a.members) out.push(m.text, ...(m.reason ? [m.reason] : []));
  }
  return out;
}
