/**
 * The memory tables (migration 0003_memory) as a repository: every read and write names a tenant and a user,
 * and no query reaches a row of another (tenant, user). Runs on SQLite and Postgres through the store's kysely.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { SqlDialect } from './dialect.js';
import type { Store } from './store.js';
import type { MemoryStore } from './memory-store.js';
import { compositeKey } from '../model/key.js';
import { erasing, forgetMemoryAttribute, forgetMemoryUser } from './erase.js';
import { MEMORY_TABLES, type MemoryStatus } from './memory-schema.js';
import { rowToAttribute } from './memory-records.js';
import type { ForgetCounts, MemoryScope, NewMemoryAttribute, StoredCorrection, StoredEvidence, StoredMemoryAttribute, StoredMemoryEvent } from './memory-records.js';
import type { Database } from './schema.js';

export { MEMORY_TABLES } from './memory-schema.js';
export type {
  MemoryConversationsTable, MemoryAttributesTable, MemoryEvidenceTable, MemoryEventsTable, MemoryCorrectionsTable, MemoryUsageTable,
  MemoryCacheKeysTable, MemoryTables, MemoryStatus,
} from './memory-schema.js';
export type {
  ForgetCounts, MemoryScope, NewMemoryAttribute, StoredCorrection, StoredEvidence, StoredMemoryAttribute, StoredMemoryEvent,
} from './memory-records.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The memory repository over an open Store. Obtain with `new MemoryRepository(store)`; the store stays the caller's. */
export class MemoryRepository implements MemoryStore {
  readonly db: Db;
  readonly dialect: SqlDialect;
  private readonly seqs = new Map<string, number>();
  /** Users whose lock this transaction holds. */
  private readonly locked = new Set<string>();

  constructor(store: Store | { db: Db; sqlDialect: SqlDialect }) {
    this.db = store.db;
    this.dialect = store.sqlDialect;
  }

  /**
   * Inside a transaction, the first read or write of a user takes that user's lock until the transaction ends, so
   * two processes (two servers, a server and a worker) merging into one profile take turns: on Postgres a
   * transaction-scoped advisory lock on a hash of (tenant, user); on SQLite the database's write lock, taken
   * before the transaction's first read (a deferred transaction that read first and then wrote would fail with
   * "database is locked" instead of waiting its busy timeout).
   */
  private async lock(s: MemoryScope): Promise<void> {
    if (!this.db.isTransaction) return;
    const key = JSON.stringify([s.tenantId, s.userId]);
    if (this.locked.has(key)) return;
    await this.dialect.lockKey(this.db, key, this.locked.size === 0);
    this.locked.add(key);
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  async transaction<T>(fn: (repo: MemoryRepository) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new MemoryRepository({ db: trx, sqlDialect: this.dialect })));
  }

  // ------------------------------------------------------------------------------------------ conversations

  async hasUser(s: MemoryScope): Promise<boolean> {
    for (const table of ['memory_attributes', 'memory_conversations'] as const) {
      const r = await this.db.selectFrom(table).select('user_id').where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).limit(1).executeTakeFirst();
      if (r) return true;
    }
    return false;
  }

  async findConversation(s: MemoryScope, by: { id: string; hash: string }): Promise<{ id: string; hash: string } | undefined> {
    await this.lock(s);
    return this.db
      .selectFrom('memory_conversations')
      .select(['id', 'hash'])
      .where('tenant_id', '=', s.tenantId)
      .where('user_id', '=', s.userId)
      .where((eb) => eb.or([eb('id', '=', by.id), eb('hash', '=', by.hash)]))
      .executeTakeFirst();
  }

  async insertConversation(s: MemoryScope, c: { id: string; hash: string; turns: unknown }): Promise<void> {
    await this.lock(s);
    await this.db
      .insertInto('memory_conversations')
      .values({ tenant_id: s.tenantId, user_id: s.userId, id: c.id, hash: c.hash, turns: JSON.stringify(c.turns), created_at: now() })
      .execute();
  }

  /** The user's remembered conversations (id and turns), for evidence. */
  async conversations(s: MemoryScope, ids?: readonly string[]): Promise<{ id: string; turns: unknown }[]> {
    if (ids && ids.length === 0) return [];
    let q = this.db.selectFrom('memory_conversations').select(['id', 'turns']).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId);
    if (ids) q = q.where('id', 'in', [...ids]);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, turns: JSON.parse(r.turns) as unknown }));
  }

  // ------------------------------------------------------------------------------------------ attributes

  /** The user's attributes with their evidence (all statuses unless `status` is given), in the order they were created. */
  async attributes(s: MemoryScope, filter: { status?: MemoryStatus; ids?: readonly string[] } = {}): Promise<StoredMemoryAttribute[]> {
    await this.lock(s);
    if (filter.ids && filter.ids.length === 0) return [];
    let q = this.db.selectFrom('memory_attributes').selectAll().where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.ids) q = q.where('id', 'in', [...filter.ids]);
    const rows = await q.orderBy('seq').execute();
    if (rows.length === 0) return [];
    let eq = this.db
      .selectFrom('memory_evidence')
      .select(['attribute_id', 'conversation_id', 'turn_index'])
      .where('tenant_id', '=', s.tenantId)
      .where('user_id', '=', s.userId);
    if (filter.ids) eq = eq.where('attribute_id', 'in', [...filter.ids]);
    const ev = await eq.orderBy('created_at').orderBy('conversation_id').orderBy('turn_index').execute();
    const byAttr = new Map<string, StoredEvidence[]>();
    for (const e of ev) {
      let l = byAttr.get(e.attribute_id);
      if (!l) byAttr.set(e.attribute_id, (l = []));
      l.push({ conversationId: e.conversation_id, turnIndex: Number(e.turn_index) });
    }
    return rows.map((r) => rowToAttribute(r, byAttr.get(r.id) ?? []));
  }

  /** Whose attribute this id is (any tenant and user), or undefined: for telling "unknown" from "another user's". */
  async ownerOf(attributeId: string): Promise<MemoryScope | undefined> {
    const r = await this.db.selectFrom('memory_attributes').select(['tenant_id', 'user_id']).where('id', '=', attributeId).executeTakeFirst();
    return r ? { tenantId: r.tenant_id, userId: r.user_id } : undefined;
  }

  async insertAttribute(s: MemoryScope, a: NewMemoryAttribute): Promise<string> {
    await this.lock(s);
    const id = a.id ?? randomUUID();
    const at = now();
    const seq = await this.nextSeq('memory_attributes', s);
    await this.db
      .insertInto('memory_attributes')
      .values({
        tenant_id: s.tenantId, user_id: s.userId, id, seq, text: a.text, reason: a.reason ?? null, confidence: a.confidence,
        status: a.status ?? 'active', sensitive: a.sensitive ?? null, source: a.source ?? null, members: JSON.stringify(a.members ?? []),
        confirmed: a.confirmed ? 1 : 0, superseded_by: null, created_at: at, updated_at: at,
      })
      .execute();
    await this.addEvidence(s, id, a.evidence);
    return id;
  }

  async updateAttribute(
    s: MemoryScope,
    id: string,
    set: Partial<{ text: string; reason: string | null; confidence: number; status: MemoryStatus; members: StoredMemoryAttribute['members']; confirmed: boolean; supersededBy: string | null; sensitive: string | null }>,
  ): Promise<void> {
    await this.lock(s);
    await this.db
      .updateTable('memory_attributes')
      .set({
        ...(set.text !== undefined ? { text: set.text } : {}),
        ...(set.reason !== undefined ? { reason: set.reason } : {}),
        ...(set.confidence !== undefined ? { confidence: set.confidence } : {}),
        ...(set.status !== undefined ? { status: set.status } : {}),
        ...(set.members !== undefined ? { members: JSON.stringify(set.members) } : {}),
        ...(set.confirmed !== undefined ? { confirmed: set.confirmed ? 1 : 0 } : {}),
        ...(set.supersededBy !== undefined ? { superseded_by: set.supersededBy } : {}),
        ...(set.sensitive !== undefined ? { sensitive: set.sensitive } : {}),
        updated_at: now(),
      })
      .where('tenant_id', '=', s.tenantId)
      .where('user_id', '=', s.userId)
      .where('id', '=', id)
      .execute();
  }

  /** Adds evidence turns to an attribute; turns it already cites are skipped. */
  async addEvidence(s: MemoryScope, attributeId: string, evidence: readonly StoredEvidence[]): Promise<void> {
    if (evidence.length === 0) return;
    await this.lock(s);
    const at = now();
    const rows = evidence.map((e) => ({
      tenant_id: s.tenantId, user_id: s.userId, attribute_id: attributeId, conversation_id: e.conversationId, turn_index: e.turnIndex, created_at: at,
    }));
    for (const chunk of chunks(rows, Math.floor(this.dialect.maxParams / 6))) {
      await this.db
        .insertInto('memory_evidence')
        .values(chunk)
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'attribute_id', 'conversation_id', 'turn_index']).doNothing())
        .execute();
    }
  }

  // ------------------------------------------------------------------------------------------ events

  async addEvent(s: MemoryScope, e: { attributeId: string; kind: string; conversationId?: string; detail?: Record<string, unknown> }): Promise<void> {
    await this.lock(s);
    const seq = await this.nextSeq('memory_events', s);
    await this.db
      .insertInto('memory_events')
      .values({
        tenant_id: s.tenantId, user_id: s.userId, id: randomUUID(), attribute_id: e.attributeId, seq,
        kind: e.kind, conversation_id: e.conversationId ?? null, detail: JSON.stringify(e.detail ?? {}), at: now(),
      })
      .execute();
  }

  /** The user's events, in the order they happened, optionally for some attributes only. */
  async events(s: MemoryScope, attributeIds?: readonly string[]): Promise<StoredMemoryEvent[]> {
    if (attributeIds && attributeIds.length === 0) return [];
    let q = this.db.selectFrom('memory_events').selectAll().where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId);
    if (attributeIds) q = q.where('attribute_id', 'in', [...attributeIds]);
    const rows = await q.orderBy('seq').execute();
    return rows.map((r) => ({
      id: r.id, attributeId: r.attribute_id, kind: r.kind, ...(r.conversation_id !== null ? { conversationId: r.conversation_id } : {}),
      detail: JSON.parse(r.detail) as Record<string, unknown>, at: r.at,
    }));
  }

  // ------------------------------------------------------------------------------------------ corrections, usage, keys

  async addCorrection(s: MemoryScope, c: Omit<StoredCorrection, 'tenantId' | 'userId' | 'id' | 'createdAt'>): Promise<string> {
    await this.lock(s);
    const id = randomUUID();
    const seq = await this.nextSeq('memory_corrections', { tenantId: s.tenantId });
    await this.db
      .insertInto('memory_corrections')
      .values({ tenant_id: s.tenantId, user_id: s.userId, id, attribute_id: c.attributeId, seq, action: c.action, text: c.text, verdict: c.verdict, created_at: now() })
      .execute();
    return id;
  }

  /** Corrections of one user, or of every user of a tenant (scope without userId), oldest first. */
  async corrections(s: { tenantId: string; userId?: string }): Promise<StoredCorrection[]> {
    let q = this.db.selectFrom('memory_corrections').selectAll().where('tenant_id', '=', s.tenantId);
    if (s.userId !== undefined) q = q.where('user_id', '=', s.userId);
    const rows = await q.orderBy('seq').execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id, userId: r.user_id, id: r.id, attributeId: r.attribute_id, action: r.action, text: r.text, verdict: r.verdict, createdAt: r.created_at,
    }));
  }

  async addUsage(s: MemoryScope, u: { kind: string; promptHash: string; selector: string; attributeIds: readonly string[] }): Promise<void> {
    // Every select writes one; a crash may lose the last few on Postgres (docs/TRUST.md), no select waits for a disk flush.
    await this.dialect.insertLazily(this.db, 'memory_usage', {
      tenant_id: s.tenantId, user_id: s.userId, id: randomUUID(), kind: u.kind, prompt_hash: u.promptHash, selector: u.selector,
      attribute_ids: JSON.stringify(u.attributeIds), at: now(),
    });
  }

  async usage(s: MemoryScope): Promise<{ kind: string; promptHash: string; selector: string; attributeIds: string[]; at: string }[]> {
    const rows = await this.db.selectFrom('memory_usage').selectAll().where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).orderBy('at').execute();
    return rows.map((r) => ({ kind: r.kind, promptHash: r.prompt_hash, selector: r.selector, attributeIds: JSON.parse(r.attribute_ids) as string[], at: r.at }));
  }

  /** Records cache keys made from this user's text (llm_cache keys, embedding-cache keys), so forget can delete them. */
  async addCacheKeys(s: MemoryScope, kind: 'llm' | 'vector', keys: readonly { key: string; attributeId?: string }[]): Promise<void> {
    if (keys.length === 0) return;
    const unique = new Map(keys.map((k) => [k.key, k]));
    const rows = [...unique.values()].map((k) => ({ tenant_id: s.tenantId, user_id: s.userId, kind, key: k.key, attribute_id: k.attributeId ?? null }));
    for (const chunk of chunks(rows, Math.floor(this.dialect.maxParams / 5))) {
      await this.db
        .insertInto('memory_cache_keys')
        .values(chunk)
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'kind', 'key']).doNothing())
        .execute();
    }
  }

  // ------------------------------------------------------------------------------------------ forget

  /** Every tenant holding memory rows of this user id (for an erasure that spans tenants). */
  async tenantsOf(userId: string): Promise<string[]> {
    const out = new Set<string>();
    for (const table of MEMORY_TABLES) {
      for (const r of await this.db.selectFrom(table).select('tenant_id').distinct().where('user_id', '=', userId).execute()) out.add(r.tenant_id);
    }
    return [...out].sort();
  }

  /**
   * Hard-deletes every memory row of the user (and the llm_cache rows of calls made for them), in one
   * transaction. Returns the counts and the embedding-cache keys to delete from the vector cache.
   */
  async forgetUser(s: MemoryScope): Promise<ForgetCounts> {
    return this.erasing(() => this.transaction(async (repo) => {
      await repo.lock(s);
      return forgetMemoryUser(repo, s);
    }));
  }

  /**
   * Hard-deletes one attribute: its row, evidence, events, corrections, the cache keys made for its text, and
   * its id in usage records (a usage row left with no attribute is deleted).
   */
  async forgetAttribute(s: MemoryScope, attributeId: string): Promise<ForgetCounts> {
    return this.erasing(() => this.transaction(async (repo) => {
      await repo.lock(s);
      return forgetMemoryAttribute(repo, s, attributeId);
    }));
  }

  /** Runs a forget as an erasure (erase.ts): deleted rows overwritten and checkpointed out of the log; as is inside a caller's transaction. */
  private erasing<T>(work: () => Promise<T>): Promise<T> {
    return this.db.isTransaction ? work() : erasing(this.db, this.dialect, work);
  }

  async cacheKeys(s: MemoryScope): Promise<{ kind: 'llm' | 'vector'; key: string; attributeId?: string }[]> {
    const rows = await this.db.selectFrom('memory_cache_keys').select(['kind', 'key', 'attribute_id']).where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId).execute();
    return rows.map((r) => ({ kind: r.kind, key: r.key, ...(r.attribute_id !== null ? { attributeId: r.attribute_id } : {}) }));
  }

  /** Row counts of the user in every memory table (0 everywhere after forget). */
  async countRows(s: MemoryScope): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of MEMORY_TABLES) {
      const r = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('tenant_id', '=', s.tenantId)
        .where('user_id', '=', s.userId)
        .executeTakeFirstOrThrow();
      // Postgres returns count(*) as a string (bigint).
      out[table] = Number(r.n);
    }
    return out;
  }

  /**
   * The next `seq` of a table within a user (or a tenant). Inside a transaction the maximum is read once and then
   * counted up (one remember writes several attributes and events); outside, it is read each time.
   */
  private async nextSeq(table: 'memory_attributes' | 'memory_events' | 'memory_corrections', s: { tenantId: string; userId?: string }): Promise<number> {
    const key = compositeKey(table, s.tenantId, s.userId ?? '');
    const cached = this.seqs.get(key);
    let next: number;
    if (cached !== undefined) next = cached;
    else {
      let q = this.db.selectFrom(table as 'memory_events').select((eb) => eb.fn.max('seq').as('max')).where('tenant_id', '=', s.tenantId);
      if (s.userId !== undefined) q = q.where('user_id', '=', s.userId);
      const { max } = await q.executeTakeFirstOrThrow();
      next = max === null ? 0 : Number(max) + 1;
    }
    if (this.db.isTransaction) this.seqs.set(key, next + 1);
    return next;
  }

  // ------------------------------------------------------------------------------------------ bounded reads

  /**
   * The user's attributes of these statuses without their evidence (`evidence: []`), in creation order: what
   * select, search and merge read, so a request costs the attributes, not how many times each was said.
   */
  async attributesBrief(s: MemoryScope, filter: { statuses: readonly MemoryStatus[] }): Promise<StoredMemoryAttribute[]> {
    if (filter.statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom('memory_attributes')
      .selectAll()
      .where('tenant_id', '=', s.tenantId)
      .where('user_id', '=', s.userId)
      .where('status', 'in', [...filter.statuses])
      .orderBy('seq')
      .execute();
    return rows.map((r) => rowToAttribute(r, []));
  }

  /**
   * One page of the user's attributes (all statuses) with their evidence, in creation order, after the attribute
   * numbered `afterSeq`. `lastSeq` is the cursor of the next page when `more`.
   */
  async attributePage(s: MemoryScope, page: { limit: number; afterSeq?: number }): Promise<{ attributes: StoredMemoryAttribute[]; lastSeq?: number; more: boolean }> {
    let q = this.db.selectFrom('memory_attributes').selectAll().where('tenant_id', '=', s.tenantId).where('user_id', '=', s.userId);
    if (page.afterSeq !== undefined) q = q.where('seq', '>', page.afterSeq);
    const rows = await q.orderBy('seq').limit(page.limit + 1).execute();
    const more = rows.length > page.limit;
    const kept = rows.slice(0, page.limit);
    const byAttr = new Map<string, StoredEvidence[]>();
    for (const chunk of chunks(kept.map((r) => r.id), Math.floor(this.dialect.maxParams / 2))) {
      const ev = await this.db
        .selectFrom('memory_evidence')
        .select(['attribute_id', 'conversation_id', 'turn_index'])
        .where('tenant_id', '=', s.tenantId)
        .where('user_id', '=', s.userId)
        .where('attribute_id', 'in', chunk)
        .orderBy('created_at').orderBy('conversation_id').orderBy('turn_index')
        .execute();
      for (const e of ev) {
        let l = byAttr.get(e.attribute_id);
        if (!l) byAttr.set(e.attribute_id, (l = []));
        l.push({ conversationId: e.conversation_id, turnIndex: Number(e.turn_index) });
      }
    }
    const last = kept[kept.length - 1];
    return { attributes: kept.map((r) => rowToAttribute(r, byAttr.get(r.id) ?? [])), more, ...(last ? { lastSeq: Number(last.seq) } : {}) };
  }
}

/** The runtime memory's store over an open Store (the store stays the caller's). */
export function memoryStore(store: Store): MemoryStore {
  return new MemoryRepository(store);
}

function now(): string {
  return new Date().toISOString();
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += Math.max(1, size)) out.push(xs.slice(i, i + Math.max(1, size)));
  return out;
}
