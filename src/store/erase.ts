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
 * On SQLite, freed pages are zeroed (`secure_delete`), the WAL is checkpointed and truncated, and the file is
 * VACUUMed, so the bytes leave the file. On Postgres the rows are gone for every reader at commit; their bytes
 * stay in the table files until VACUUM reuses the space (`VACUUM FULL` rewrites them).
 */
import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { dataText } from '../llm/user-data.js';
import type { Conversation } from '../model/index.js';
import { DATASET_CHILD_TABLES, type Database } from './schema.js';
import type { StoreDialect } from './store.js';

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

async function run(db: Kysely<Database>, dialect: StoreDialect, work: (e: Eraser) => Promise<void>): Promise<EraseResult> {
  if (dialect === 'sqlite') await sql`PRAGMA secure_delete = ON`.execute(db);
  const deleted = await db.transaction().execute(async (trx) => {
    const e = new Eraser(trx);
    await work(e);
    await e.deleteCachedRequests();
    return e.deleted;
  });
  if (dialect === 'sqlite') {
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
    await sql`VACUUM`.execute(db);
  }
  return { deleted };
}

/** Deletes every research row and cached text derived from one user (see the module comment). */
export async function forgetUser(db: Kysely<Database>, dialect: StoreDialect, userId: string): Promise<EraseResult> {
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
export async function eraseDataset(db: Kysely<Database>, dialect: StoreDialect, idOrName: string): Promise<boolean> {
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
