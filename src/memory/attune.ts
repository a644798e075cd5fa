/**
 * The runtime personalization memory: `createAttune()` returns remember / profile / select / respond / correct /
 * forget / close over one store (SQLite file or Postgres URL), scoped by tenant and user.
 *
 * remember: messages -> one conversation (id given, else a content hash, so the same conversation twice changes
 * nothing) -> extract (offline patterns, or the LLM extractor when a model is given) -> evidence check (turns
 * that exist, of the user) -> sensitive gate (kept only when self-stated) -> verifier gate (when configured) ->
 * merge into the stored profile: new, reinforced (noisy-OR confidence, evidence appended) or superseding an
 * older attribute. Every change is an event in the attribute's history.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EmbeddingModel, LanguageModel } from 'ai';
import { vectorKey } from '../embed/cache.js';
import { embedUnique, type Embedder } from '../embed/embedder.js';
import type { Llm } from '../llm/llm.js';
import type { Extractor } from '../stages/extract/extractor.js';
import { predicateText } from '../stages/extract/merge.js';
import { dropAuthorityClaims, sensitiveCategory, type SensitiveCategory } from '../stages/extract/offline.js';
import type { Verifier } from '../stages/extract/verify/index.js';
import { gateSensitive } from '../stages/extract/self-statement.js';
import { generationMessages } from '../stages/respond/generator.js';
import type { Selector } from '../stages/select/selector.js';
import type { MemoryScope, StoredMemoryAttribute } from '../store/memory-store.js';
import type { Store } from '../store/store.js';
import { AttuneError, ConversationConflictError, ForeignAttributeError, InvalidArgumentError, UnknownAttributeError } from './errors.js';
import { checkEvidence, mergeIntoProfile } from './merge.js';
import { requireId, toConversation, unstorable } from './messages.js';
import { forgetVectors, init, saveKeys, type Recorder, type Runtime } from './runtime.js';
import { rememberFacts, validateFacts } from './facts.js';
import { DEFAULT_SEARCH_TOP_K, searchAttributes, selectAttributes } from './select.js';
import { viewAttributes } from './view.js';
import { buildReconcileMessages, reconcile, ReconcileOutputSchema } from './reconcile.js';
import type { Conversation } from '../model/index.js';

export { DEFAULT_SELECT_THRESHOLD } from './runtime.js';
export { checkEvidence, contradicts, relation } from './merge.js';
export { DEFAULT_SEARCH_TOP_K } from './select.js';
export { factText, STATED_FACT_CONFIDENCE } from './facts.js';

export const SENSITIVE_CATEGORIES = ['health', 'religion', 'ethnicity', 'sexual_orientation', 'politics', 'sex_life', 'criminal_record', 'immigration_status'] as const satisfies readonly SensitiveCategory[];

/**
 * Cosine distance (between predicates, "The user" cut) under which a new attribute is the same as a stored one
 * and reinforces it. Wider than batch merging's DEFAULT_MERGE_THRESHOLD, since remember compares one new
 * attribute with one stored one; narrow enough that a different fact is not absorbed, since the stored text is
 * what gets injected. With USE-lite, paraphrases sit at 0.16-0.17 ("has two kids" / "has two children", "loves" /
 * "enjoys hiking"), different tastes at 0.26-0.33 ("enjoys jazz music" / "enjoys rock music" 0.26, which the
 * earlier 0.3 merged). Set `sameDistance` for another embedder.
 */
export const DEFAULT_SAME_DISTANCE = 0.2;

export interface AttuneOptions {
  /** A SQLite path or postgres:// URL (as `openStore` takes), or an open Store (left open on close). Default `defaultStoreUrl()`. */
  store?: string | Store;
  /** An AI SDK LanguageModel, or an LlmClient (anything with LlmClient's spec/text/object). Enables respond and the LLM extractor. */
  model?: LanguageModel | Llm;
  /**
   * An attune Embedder, an AI SDK EmbeddingModel (cached), or a name: `'use-lite'` (the default, cached in `embedCache`),
   * `'static'` (static vectors distilled from USE-lite: much faster, rougher; docs/speed.md; kept in an LRU in memory,
   * not on disk), `'static:<file>'`.
   */
  embedder?: Embedder | EmbeddingModel | string;
  /**
   * Vector cache file for the default / AI SDK embedder (default `.attune/embeddings.sqlite`, or ATTUNE_EMBED_CACHE); a
   * static embedder stores nothing in it but follows its forgets (another process's forget empties its LRU too).
   */
  embedCache?: string;
  /**
   * The selector grammar of stages/select/resolve.ts: 'default' (label-free, the default), 'embedding', 'mem0',
   * 'bm25', 'llm-batch' (LLM-assisted, on `model`: one call per request; the default when a call fails),
   * 'llm-batch:<provider/model>', a model file from `attune train select` (an offline+llm one takes its LLM votes
   * from `model`), or a Selector.
   */
  selector?: string | Selector;
  /** A model file from `attune train verify`, or a Verifier: flagged attributes are not remembered. Default none. */
  verifier?: string | Verifier;
  /** 'offline' (default without a model) or 'llm' (default with one), or an Extractor. */
  extractor?: 'offline' | 'llm' | Extractor;
  /** Tenant of every row (default 'default'). */
  tenant?: string;
  /** Sensitive categories that select / respond / the middleware may inject (default none). */
  sensitive?: { allow?: readonly SensitiveCategory[] };
  /** Attributes below this confidence are kept but never selected (default 0.4, the paper's cutoff). */
  minConfidence?: number;
  /** See DEFAULT_SAME_DISTANCE. */
  sameDistance?: number;
  /**
   * At most this many attributes are selected per prompt, the highest scores first (default 20, mem0's top-k): a
   * bound on what one prompt carries whatever the profile's size. Infinity: the selector's decisions as they are.
   */
  maxSelected?: number;
  /**
   * With a model: reconcile each new conversation against the stored profile in one structured call (ADD / UPDATE
   * / RETIRE / NONE per fact, each with its evidence turns) instead of extracting and merging. Default false.
   */
  reconcile?: boolean;
}

export type * from './types.js';
import type { Attune, RememberResult, SelectResult } from './types.js';

/** Creates the memory. Synchronous: the store opens (and migrates) on first use. */
export function createAttune(options: AttuneOptions = {}): Attune {
  const tenant = options.tenant ?? 'default';
  requireId(tenant, 'tenant');
  const allow = new Set<string>(options.sensitive?.allow ?? []);
  for (const c of allow) {
    if (!(SENSITIVE_CATEGORIES as readonly string[]).includes(c)) throw new InvalidArgumentError('sensitive.allow', `unknown category ${JSON.stringify(c)}; use ${SENSITIVE_CATEGORIES.join(', ')}`);
  }
  const minConfidence = options.minConfidence ?? 0.4;
  const sameDistance = options.sameDistance ?? DEFAULT_SAME_DISTANCE;
  const maxSelected = options.maxSelected ?? 20;
  if (!(maxSelected >= 0)) throw new InvalidArgumentError('maxSelected', `must be a number >= 0, got ${maxSelected}`);
  const recorder = new AsyncLocalStorage<Recorder>();
  const pending = new Set<Promise<unknown>>();
  const locks = new Map<string, Promise<unknown>>();
  let runtime: Promise<Runtime> | undefined;
  let closed = false;

  const rt = (): Promise<Runtime> => {
    if (closed) return Promise.reject(new AttuneError('closed', 'this attune instance is closed'));
    runtime ??= init(options, recorder).catch((e: unknown) => {
      runtime = undefined;
      throw e;
    });
    return runtime;
  };

  /** One remember / correct / forget at a time per user in this process (they read, then write the profile). */
  const withUserLock = <T>(userId: string, fn: () => Promise<T>): Promise<T> => {
    const prev = locks.get(userId) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    locks.set(userId, tail);
    void tail.then(() => {
      if (locks.get(userId) === tail) locks.delete(userId);
    });
    return run;
  };

  /** Runs fn with a recorder, then stores the cache keys it collected for the user. */
  const recorded = async <T>(r: Runtime, scope: MemoryScope, fn: () => Promise<T>): Promise<T> => {
    const rec: Recorder = { llm: [], vectors: [] };
    try {
      return await recorder.run(rec, fn);
    } finally {
      await saveKeys(r.repo, scope, rec);
    }
  };

  const scopeOf = (userId: unknown): MemoryScope => ({ tenantId: tenant, userId: requireId(userId, 'userId') });

  async function attributeOf(r: Runtime, scope: MemoryScope, attributeId: unknown): Promise<StoredMemoryAttribute> {
    const id = requireId(attributeId, 'attributeId');
    const [a] = await r.repo.attributes(scope, { ids: [id] });
    if (a) return a;
    const owner = await r.repo.ownerOf(id);
    // Only within the tenant: to another tenant an id in use here is an id that does not exist.
    if (owner?.tenantId === scope.tenantId) throw new ForeignAttributeError(id, scope.userId);
    throw new UnknownAttributeError(id, scope.userId);
  }

  function selectFor(o: { userId: string; prompt: string }, kind: 'select' | 'respond' | 'middleware'): Promise<SelectResult> {
    const scope = scopeOf(o?.userId);
    if (typeof o.prompt !== 'string') throw new InvalidArgumentError('prompt', `must be a string, got ${typeof o.prompt}`);
    return rt().then((r) => recorded(r, scope, () => selectAttributes(r, scope, o.prompt, { allow, minConfidence, maxSelected, kind })));
  }

  async function remember(o: Parameters<Attune['remember']>[0]): Promise<RememberResult> {
    if (!o || typeof o !== 'object') throw new InvalidArgumentError('remember', 'takes one options object { userId, messages }');
    if (o.facts !== undefined) {
      if (o.messages !== undefined || o.conversation !== undefined) throw new InvalidArgumentError('facts', 'give facts, or messages / conversation, not both');
      const scope = scopeOf(o.userId);
      const facts = validateFacts(o.facts);
      const r = await rt();
      return withUserLock(scope.userId, () => recorded(r, scope, () => rememberFacts(r, scope, facts, sameDistance)));
    }
    const { conversation, hash } = toConversation(o as Parameters<typeof toConversation>[0]);
    const scope = scopeOf(conversation.userId);
    const r = await rt();
    return withUserLock(scope.userId, () =>
      recorded(r, scope, async () => {
        const base = { userId: scope.userId, conversationId: conversation.id };
        const known = await r.repo.findConversation(scope, { id: conversation.id, hash });
        if (known) {
          if (known.hash !== hash) throw new ConversationConflictError(conversation.id);
          return { ...base, conversationId: known.id, alreadyRemembered: true, changes: [], dropped: [] };
        }
        const dropped: RememberResult['dropped'] = [];
        if (options.reconcile) return reconciled(r, scope, conversation, hash, base, dropped);
        const extracted = await gateSensitive(checkEvidence(dropAuthorityClaims(await r.extractor.extract(conversation), dropped), conversation, dropped), conversation, { embedder: r.embedder, dropped });
        let kept = extracted;
        if (r.verifier && kept.length) {
          const verdicts = await r.verifier.verify(kept.map((attribute) => ({ userId: scope.userId, attribute, conversations: [conversation] })));
          kept = kept.filter((a, i) => {
            const v = verdicts[i];
            if (v?.flagged) dropped.push({ text: a.text, reason: `verifier ${r.verifier!.name}: ${v.reason}` });
            return !v?.flagged;
          });
        }
        // Embedded before the transaction: a slow embedding must not hold the store's write lock.
        const incoming = await embedUnique(r.embedder, kept.map((a) => predicateText(a.text)));
        try {
          return await r.repo.transaction(async (repo) => {
            // Checked again inside the transaction: another process may have remembered it meanwhile.
            if (await repo.findConversation(scope, { id: conversation.id, hash })) return { ...base, alreadyRemembered: true, changes: [], dropped: [] };
            await repo.insertConversation(scope, { id: conversation.id, hash, turns: conversation.turns });
            const changes = await mergeIntoProfile(repo, r.embedder, incoming, scope, conversation.id, kept, sameDistance, dropped);
            return { ...base, alreadyRemembered: false, changes, dropped };
          });
        } catch (e) {
          // Postgres: two processes inserting the same conversation at once; the loser's transaction rolled back.
          const now = await r.repo.findConversation(scope, { id: conversation.id, hash });
          if (now?.hash === hash) return { ...base, conversationId: now.id, alreadyRemembered: true, changes: [], dropped: [] };
          throw e;
        }
      }),
    );
  }

  async function reconciled(r: Runtime, scope: MemoryScope, conversation: Conversation, hash: string, base: { userId: string; conversationId: string }, dropped: RememberResult['dropped']): Promise<RememberResult> {
    if (!r.llm) throw new AttuneError('no_model', 'reconcile needs a model: createAttune({ model, reconcile: true })');
    const stored = await r.repo.attributesBrief(scope, { statuses: ['active'] });
    // The call before the transaction: a slow model must not hold the store's write lock.
    const { object } = await r.llm.object({ messages: buildReconcileMessages(stored, conversation), schema: ReconcileOutputSchema, schemaName: 'memory_operations', maxTokens: 2000 });
    return r.repo.transaction(async (repo) => {
      if (await repo.findConversation(scope, { id: conversation.id, hash })) return { ...base, alreadyRemembered: true, changes: [], dropped: [] };
      // Stored facts changed meanwhile (another process) keep their refs only if still active.
      const live = new Set((await repo.attributesBrief(scope, { statuses: ['active'] })).map((a) => a.id));
      await repo.insertConversation(scope, { id: conversation.id, hash, turns: conversation.turns });
      const { changes, retired } = await reconcile({
        llm: r.llm!, repo, embedder: r.embedder, scope, conversation, stored: stored.map((a) => (live.has(a.id) ? a : { ...a, id: `gone:${a.id}` })),
        output: object, sameDistance, dropped,
      });
      return { ...base, alreadyRemembered: false, changes, dropped, ...(retired.length ? { retired } : {}) };
    });
  }

  const attune: Attune = {
    remember,

    async profile(o) {
      const scope = scopeOf(o?.userId);
      const r = await rt();
      if (o.limit === undefined && o.cursor === undefined) return { userId: scope.userId, attributes: await viewAttributes(r.repo, scope, await r.repo.attributes(scope)) };
      const page = await r.repo.attributePage(scope, { limit: pageLimit(o.limit), ...(o.cursor !== undefined ? { afterSeq: decodeCursor(o.cursor) } : {}) });
      return {
        userId: scope.userId,
        attributes: await viewAttributes(r.repo, scope, page.attributes),
        ...(page.more && page.lastSeq !== undefined ? { nextCursor: encodeCursor(page.lastSeq) } : {}),
      };
    },

    select: (o) => selectFor(o, 'select'),

    async search(o) {
      const scope = scopeOf(o?.userId);
      const r = await rt();
      return recorded(r, scope, () => searchAttributes(r, scope, o.query, o.topK ?? DEFAULT_SEARCH_TOP_K, { allow, minConfidence }));
    },

    async respond(o) {
      const scope = scopeOf(o?.userId);
      const r = await rt();
      if (!r.llm) throw new AttuneError('no_model', 'respond needs a model: createAttune({ model })');
      const selection = await selectFor(o, 'respond');
      const llm = r.llm;
      const res = await recorded(r, scope, () =>
        llm.text({
          messages: generationMessages({ promptText: o.prompt, attributes: selection.attributes.map((a) => a.text), mode: selection.attributes.length ? 'personalized_llm' : 'generic' }),
          ...(o.maxTokens !== undefined ? { maxTokens: o.maxTokens } : {}),
        }),
      );
      return { text: res.text.trim(), attributes: selection.attributes, selection };
    },

    async correct(o) {
      const scope = scopeOf(o?.userId);
      const action = o.action;
      if (action !== 'confirm' && action !== 'reject' && action !== 'edit') throw new InvalidArgumentError('action', `must be confirm, reject or edit, got ${JSON.stringify(action)}`);
      let newText: string | undefined;
      if (action === 'edit') {
        if (typeof o.text !== 'string' || !o.text.trim()) throw new InvalidArgumentError('text', 'edit needs the corrected attribute text');
        const why = unstorable(o.text);
        if (why) throw new InvalidArgumentError('text', why);
        newText = o.text.trim().replace(/\s+/g, ' ');
      } else if (o.text !== undefined) throw new InvalidArgumentError('text', `only edit takes a text, not ${action}`);
      const r = await rt();
      return withUserLock(scope.userId, async () => {
        const a = await attributeOf(r, scope, o.attributeId);
        await r.repo.transaction(async (repo) => {
          if (action === 'confirm') {
            await repo.addCorrection(scope, { attributeId: a.id, action, text: a.text, verdict: 'makes_sense' });
            await repo.updateAttribute(scope, a.id, { confirmed: true, ...(a.status === 'rejected' ? { status: 'active' } : {}) });
            await repo.addEvent(scope, { attributeId: a.id, kind: 'confirmed', detail: { text: a.text } });
          } else if (action === 'reject') {
            await repo.addCorrection(scope, { attributeId: a.id, action, text: a.text, verdict: 'doesnt_make_sense' });
            await repo.updateAttribute(scope, a.id, { status: 'rejected', confirmed: false });
            await repo.addEvent(scope, { attributeId: a.id, kind: 'rejected', detail: { text: a.text } });
          } else {
            await repo.addCorrection(scope, { attributeId: a.id, action, text: a.text, verdict: 'doesnt_make_sense' });
            await repo.addCorrection(scope, { attributeId: a.id, action, text: newText!, verdict: 'makes_sense' });
            const category = sensitiveCategory(newText!) ?? null;
            await repo.updateAttribute(scope, a.id, { text: newText!, confirmed: true, status: 'active', sensitive: category, reason: `edited by the user (was: "${a.text}")` });
            await repo.addEvent(scope, { attributeId: a.id, kind: 'edited', detail: { from: a.text, to: newText } });
          }
        });
        const [updated] = await r.repo.attributes(scope, { ids: [a.id] });
        return { attribute: (await viewAttributes(r.repo, scope, [updated!]))[0]! };
      });
    },

    async forget(o) {
      const scope = scopeOf(o?.userId);
      const r = await rt();
      return withUserLock(scope.userId, async () => {
        let counts;
        let extraKeys: string[] = [];
        if (o.attributeId !== undefined) {
          const a = await attributeOf(r, scope, o.attributeId);
          // The vectors of its own texts (cache keys are sha256 of embedder id + text).
          const texts = [a.text, predicateText(a.text), ...a.members.flatMap((m) => [m.text, predicateText(m.text)])];
          extraKeys = texts.map((t) => vectorKey(r.embedder.id, t));
          counts = await r.repo.forgetAttribute(scope, a.id);
        } else {
          counts = await r.repo.forgetUser(scope);
        }
        const vectors = forgetVectors(r.embedder, [...counts.vectorKeys, ...extraKeys]);
        return { userId: scope.userId, ...(o.attributeId !== undefined ? { attributeId: o.attributeId } : {}), deleted: counts.rows, vectors };
      });
    },

    async flush() {
      while (pending.size) await Promise.allSettled([...pending]);
    },

    async close() {
      if (closed) return;
      await attune.flush();
      closed = true;
      const r = runtime ? await runtime.catch(() => undefined) : undefined;
      await r?.closeOwned();
    },

    internal: {
      select: selectFor,
      tenant,
      background(task, onError) {
        const p = (async () => {
          try {
            await task();
          } catch (e) {
            try {
              onError?.(e);
            } catch {
              // an onError that throws must not become an unhandled rejection
            }
          }
        })();
        pending.add(p);
        void p.finally(() => pending.delete(p));
      },
    },
  };
  return attune;
}

/** Profile pages: at most 500 attributes each (default 100). */
function pageLimit(limit: number | undefined): number {
  const l = limit ?? 100;
  if (!Number.isInteger(l) || l < 1 || l > 500) throw new InvalidArgumentError('limit', `must be an integer from 1 to 500, got ${String(limit)}`);
  return l;
}

const encodeCursor = (seq: number): string => Buffer.from(`a:${seq}`).toString('base64url');

function decodeCursor(cursor: unknown): number {
  const m = typeof cursor === 'string' ? /^a:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString()) : null;
  if (!m) throw new InvalidArgumentError('cursor', 'is not a cursor from profile().nextCursor');
  return Number(m[1]);
}
