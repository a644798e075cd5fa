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
import { createHash } from 'node:crypto';
import type { EmbeddingModel, LanguageModel } from 'ai';
import { vectorKey } from '../embed/cache.js';
import { embedUnique, type Embedder } from '../embed/embedder.js';
import type { Llm } from '../llm/llm.js';
import type { Conversation, Turn } from '../model/index.js';
import type { Extractor } from '../stages/extract/extractor.js';
import { predicateText } from '../stages/extract/merge.js';
import { dropAuthorityClaims, sensitiveCategory, type SensitiveCategory } from '../stages/extract/offline.js';
import type { Verifier } from '../stages/extract/verifier.js';
import { gateSensitive } from '../stages/extract/self-statement.js';
import { generationMessages } from '../stages/respond/generator.js';
import type { SelectionPair, Selector } from '../stages/select/selector.js';
import type { MemoryScope, StoredMemoryAttribute, StoredMemoryEvent } from '../store/memory.js';
import type { Store } from '../store/store.js';
import { AttuneError, ConversationConflictError, ForeignAttributeError, InvalidArgumentError, UnknownAttributeError } from './errors.js';
import { checkEvidence, mergeIntoProfile, toAttribute } from './merge.js';
import type { ChatMessage } from '../model/index.js';
import { requireId, toConversation } from './messages.js';
import { checkpoint, forgetVectors, init, saveKeys, secureDelete, type Recorder, type Runtime } from './runtime.js';

export { DEFAULT_SELECT_THRESHOLD } from './runtime.js';
export { checkEvidence, relation } from './merge.js';

export const SENSITIVE_CATEGORIES = ['health', 'religion', 'ethnicity', 'sexual_orientation', 'politics'] as const satisfies readonly SensitiveCategory[];

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
  /** An attune Embedder or an AI SDK EmbeddingModel (cached). Default USE-lite, cached in `embedCache`. */
  embedder?: Embedder | EmbeddingModel;
  /** Vector cache file for the default / AI SDK embedder (default `.attune/embeddings.sqlite`, or ATTUNE_EMBED_CACHE). */
  embedCache?: string;
  /**
   * 'embedding' (default: USE-lite cosine, cutoff DEFAULT_SELECT_THRESHOLD), 'mem0' (mem0-style hybrid search),
   * a model file from `attune train select` (offline features), or a Selector.
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
}

export interface EvidenceView {
  conversationId: string;
  turnIndex: number;
  /** The turn's text (cut to 300 characters), when the conversation is in the memory. */
  quote?: string;
}

export interface HistoryEvent {
  kind: string;
  at: string;
  conversationId?: string;
  detail: Record<string, unknown>;
}

export interface MemoryAttribute {
  id: string;
  text: string;
  reason?: string;
  confidence: number;
  status: StoredMemoryAttribute['status'];
  /** The sensitive category, when the attribute touches one. */
  sensitive?: SensitiveCategory;
  /** A person confirmed (or edited) it. */
  confirmed: boolean;
  supersededBy?: string;
  evidence: EvidenceView[];
  history: HistoryEvent[];
}

export interface ProfileResult {
  userId: string;
  attributes: MemoryAttribute[];
}

export type ChangeKind = 'created' | 'reinforced' | 'superseded';

export interface RememberChange {
  kind: ChangeKind;
  attributeId: string;
  text: string;
  confidence: number;
  /** For 'superseded': the older attribute the new one replaced. */
  supersedes?: string;
}

export interface RememberResult {
  userId: string;
  conversationId: string;
  /** True when this conversation (same id or same content) was already remembered: nothing changed. */
  alreadyRemembered: boolean;
  changes: RememberChange[];
  /** Extracted but not kept, with why. */
  dropped: { text: string; reason: string }[];
}

export interface SelectedAttribute {
  id: string;
  text: string;
  score?: number;
  reason?: string;
  confidence: number;
  sensitive?: SensitiveCategory;
}

export interface SelectResult {
  userId: string;
  /** The attributes to use; empty means "answer generically". */
  attributes: SelectedAttribute[];
  /** Every candidate with its score and decision. */
  scores: { id: string; text: string; score?: number; selected: boolean }[];
  /** The selector's cutoff, when it has one. */
  threshold?: number;
  selector: string;
  /** Candidates left out before scoring: sensitive categories not allowed, or below minConfidence. */
  withheld: { id: string; why: 'sensitive' | 'low_confidence'; category?: SensitiveCategory }[];
}

export interface RespondResult {
  text: string;
  /** The attributes the response was given (what select chose). */
  attributes: SelectedAttribute[];
  selection: SelectResult;
}

export interface CorrectResult {
  attribute: MemoryAttribute;
}

export interface ForgetResult {
  userId: string;
  attributeId?: string;
  /** Rows deleted per table. */
  deleted: Record<string, number>;
  /** Embedding-cache entries deleted. */
  vectors: number;
}

export interface Attune {
  remember(o: { userId: string; messages?: readonly ChatMessage[]; conversation?: Conversation; conversationId?: string }): Promise<RememberResult>;
  profile(o: { userId: string }): Promise<ProfileResult>;
  select(o: { userId: string; prompt: string }): Promise<SelectResult>;
  respond(o: { userId: string; prompt: string; maxTokens?: number }): Promise<RespondResult>;
  correct(o: { userId: string; attributeId: string; action: 'confirm' | 'reject' | 'edit'; text?: string }): Promise<CorrectResult>;
  forget(o: { userId: string; attributeId?: string }): Promise<ForgetResult>;
  /** Waits for background work (the middleware's remember) to settle. */
  flush(): Promise<void>;
  /** Waits for background work, then closes what createAttune opened. */
  close(): Promise<void>;
  /** @internal the middleware's entry points */
  readonly internal: AttuneInternal;
}

export interface AttuneInternal {
  select(o: { userId: string; prompt: string }, kind: 'select' | 'respond' | 'middleware'): Promise<SelectResult>;
  background(task: () => Promise<unknown>, onError?: (e: unknown) => void): void;
  tenant: string;
}

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
    if (owner) throw new ForeignAttributeError(id, scope.userId);
    throw new UnknownAttributeError(id, scope.userId);
  }

  async function view(r: Runtime, scope: MemoryScope, attrs: StoredMemoryAttribute[]): Promise<MemoryAttribute[]> {
    const events = await r.repo.events(scope, attrs.map((a) => a.id));
    const convIds = [...new Set(attrs.flatMap((a) => a.evidence.map((e) => e.conversationId)))];
    const turns = new Map<string, Map<number, string>>();
    for (const c of await r.repo.conversations(scope, convIds)) turns.set(c.id, new Map((c.turns as Turn[]).map((t) => [t.index, t.text])));
    const byAttr = new Map<string, StoredMemoryEvent[]>();
    for (const e of events) {
      let l = byAttr.get(e.attributeId);
      if (!l) byAttr.set(e.attributeId, (l = []));
      l.push(e);
    }
    return attrs.map((a) => ({
      id: a.id,
      text: a.text,
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
      confidence: a.confidence,
      status: a.status,
      ...(a.sensitive ? { sensitive: a.sensitive as SensitiveCategory } : {}),
      confirmed: a.confirmed,
      ...(a.supersededBy ? { supersededBy: a.supersededBy } : {}),
      evidence: a.evidence.map((e) => {
        const q = turns.get(e.conversationId)?.get(e.turnIndex);
        return { ...e, ...(q !== undefined ? { quote: q.length > 300 ? `${q.slice(0, 297)}...` : q } : {}) };
      }),
      history: (byAttr.get(a.id) ?? []).map((e) => ({ kind: e.kind, at: e.at, ...(e.conversationId ? { conversationId: e.conversationId } : {}), detail: e.detail })),
    }));
  }

  async function selectFor(o: { userId: string; prompt: string }, kind: 'select' | 'respond' | 'middleware'): Promise<SelectResult> {
    const scope = scopeOf(o?.userId);
    if (typeof o.prompt !== 'string') throw new InvalidArgumentError('prompt', `must be a string, got ${typeof o.prompt}`);
    const r = await rt();
    return recorded(r, scope, async () => {
      const all = await r.repo.attributes(scope, { status: 'active' });
      const withheld: SelectResult['withheld'] = [];
      const candidates = all.filter((a) => {
        if (a.sensitive && !allow.has(a.sensitive)) {
          withheld.push({ id: a.id, why: 'sensitive', category: a.sensitive as SensitiveCategory });
          return false;
        }
        if (a.confidence < minConfidence && !a.confirmed) {
          withheld.push({ id: a.id, why: 'low_confidence' });
          return false;
        }
        return true;
      });
      const threshold = (r.selector as { threshold?: unknown }).threshold;
      const base = { userId: scope.userId, selector: r.selector.name, withheld, ...(typeof threshold === 'number' ? { threshold } : {}) };
      if (candidates.length === 0 || !o.prompt.trim()) return { ...base, attributes: [], scores: candidates.map((a) => ({ id: a.id, text: a.text, selected: false })) };
      const profile = { userId: scope.userId, attributes: candidates.map(toAttribute) };
      const promptId = sha256(o.prompt).slice(0, 16);
      const pairs: SelectionPair[] = candidates.map((a) => ({ userId: scope.userId, promptId, attribute: a.text, promptText: o.prompt, profile }));
      const decisions = await r.selector.select(pairs);
      const scores = candidates.map((a, i) => ({
        id: a.id, text: a.text, ...(decisions[i]?.score !== undefined ? { score: decisions[i]!.score } : {}), selected: Boolean(decisions[i]?.relevant && !decisions[i]?.missing),
      }));
      const chosen = scores.filter((x) => x.selected);
      if (chosen.length > maxSelected) {
        // Keep the best-scored ones (ties: profile order); the rest are reported as not selected.
        const keep = new Set(chosen.map((x, i) => ({ x, i })).sort((a, b) => (b.x.score ?? 0) - (a.x.score ?? 0) || a.i - b.i).slice(0, maxSelected).map((e) => e.x.id));
        for (const x of scores) if (x.selected && !keep.has(x.id)) x.selected = false;
      }
      const attributes: SelectedAttribute[] = candidates.flatMap((a, i) =>
        scores[i]!.selected
          ? [{
              id: a.id, text: a.text, ...(scores[i]!.score !== undefined ? { score: scores[i]!.score } : {}), ...(a.reason !== undefined ? { reason: a.reason } : {}),
              confidence: a.confidence, ...(a.sensitive ? { sensitive: a.sensitive as SensitiveCategory } : {}),
            }]
          : [],
      );
      await r.repo.addUsage(scope, { kind, promptHash: sha256(o.prompt), selector: r.selector.name, attributeIds: attributes.map((a) => a.id) });
      return { ...base, attributes, scores };
    });
  }

  async function remember(o: Parameters<Attune['remember']>[0]): Promise<RememberResult> {
    if (!o || typeof o !== 'object') throw new InvalidArgumentError('remember', 'takes one options object { userId, messages }');
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

  const attune: Attune = {
    remember,

    async profile(o) {
      const scope = scopeOf(o?.userId);
      const r = await rt();
      return { userId: scope.userId, attributes: await view(r, scope, await r.repo.attributes(scope)) };
    },

    select: (o) => selectFor(o, 'select'),

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
        return { attribute: (await view(r, scope, [updated!]))[0]! };
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
          await secureDelete(r.store);
          counts = await r.repo.forgetAttribute(scope, a.id);
        } else {
          await secureDelete(r.store);
          counts = await r.repo.forgetUser(scope);
        }
        const vectors = forgetVectors(r.embedder, [...counts.vectorKeys, ...extraKeys]);
        await checkpoint(r.store);
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

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
