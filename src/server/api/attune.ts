import { createAttune, type Attune, type AttuneOptions, type MemoryAttribute, type SelectedAttribute } from '../../memory/attune.js';
import { AttuneError } from '../../memory/errors.js';
import { normalizeMessages } from '../../memory/messages.js';
import { memoryStore } from '../../store/memory.js';
import type { Store } from '../../store/store.js';
import type { MemoryFor, TenantMemory } from './memory.js';
import type { ApiAttribute } from './schemas.js';

/**
 * The v1 API's memory over `createAttune`: one Attune per tenant (made on first use, all on one open store),
 * its results mapped to the API's shapes. `close` closes the Attunes; the store stays the caller's.
 */
/** Attributes per profile page over HTTP when the client names no limit: a response stays bounded whatever the profile's size. */
export const PROFILE_PAGE = 100;

export function memoryService(store: Store, options: Omit<AttuneOptions, 'store' | 'tenant'> = {}): { memoryFor: MemoryFor; attuneFor(tenant: string): Attune; close(): Promise<void> } {
  const byTenant = new Map<string, Attune>();
  const memories = memoryStore(store);

  /** Undefined for an attribute that is not this user's (unknown, or another user's: the API does not tell them apart). */
  const unlessUnknown = async <T>(p: Promise<T>): Promise<T | undefined> => {
    try {
      return await p;
    } catch (e) {
      if (e instanceof AttuneError && (e.code === 'unknown_attribute' || e.code === 'attribute_of_another_user')) return undefined;
      throw e;
    }
  };

  const attuneFor = (tenant: string): Attune => {
    let a = byTenant.get(tenant);
    if (!a) byTenant.set(tenant, (a = createAttune({ ...options, store, tenant })));
    return a;
  };

  const memoryFor: MemoryFor = async (tenant) => {
    const attune = attuneFor(tenant);
    const memory: TenantMemory = {
      hasUser: (userId) => memories.hasUser({ tenantId: tenant, userId }),
      async remember(userId, body) {
        const { messages, warnings } = normalizeMessages(body.messages);
        const r = await attune.remember({ userId, messages, ...(body.conversationId !== undefined ? { conversationId: body.conversationId } : {}) });
        return {
          userId, conversationId: r.conversationId, created: !r.alreadyRemembered, dropped: r.dropped.length,
          ...(warnings.length ? { warnings } : {}),
          changes: r.changes.map((c) => ({
            kind: c.kind, attributeId: c.attributeId, text: c.text, confidence: c.confidence, ...(c.supersedes ? { supersedes: c.supersedes } : {}),
          })),
        };
      },
      async stillHolds(userId, answer) {
        const scope = { tenantId: tenant, userId };
        const ids = [...new Set(answer.changes.map((c) => c.attributeId))];
        if ((await memories.conversations(scope, [answer.conversationId])).length === 0) return false;
        return ids.length === 0 || (await memories.attributes(scope, { ids })).length === ids.length;
      },
      async profile(userId, page) {
        const p = await attune.profile({ userId, limit: page?.limit ?? PROFILE_PAGE, ...(page?.cursor !== undefined ? { cursor: page.cursor } : {}) });
        return { userId, attributes: p.attributes.map(apiAttribute), ...(p.nextCursor !== undefined ? { nextCursor: p.nextCursor } : {}) };
      },
      async select(userId, prompt) {
        const s = await attune.select({ userId, prompt });
        return {
          userId, attributes: s.attributes.map((a) => ({ ...selected(a), ...(a.why !== undefined ? { why: a.why } : {}) })), selector: s.selector,
          scores: s.scores.map((x) => ({ id: x.id, text: x.text, ...(x.score !== undefined ? { score: x.score } : {}), ...(x.why !== undefined ? { why: x.why } : {}), selected: x.selected })),
          ...(s.threshold !== undefined ? { threshold: s.threshold } : {}),
        };
      },
      async respond(userId, prompt) {
        const r = await attune.respond({ userId, prompt });
        return { userId, text: r.text, attributes: r.attributes.map((x) => ({ id: x.id, text: x.text })) };
      },
      async correct(userId, attributeId, body) {
        const r = await unlessUnknown(attune.correct({ userId, attributeId, action: body.action, ...(body.text !== undefined ? { text: body.text } : {}) }));
        return r && { userId, attribute: apiAttribute(r.attribute) };
      },
      async forget(userId, attributeId) {
        const r = await unlessUnknown(attune.forget({ userId, ...(attributeId !== undefined ? { attributeId } : {}) }));
        return r && { userId, deleted: Object.values(r.deleted).reduce((s, n) => s + n, 0) };
      },
    };
    return memory;
  };

  return {
    memoryFor,
    attuneFor,
    async close() {
      await Promise.all([...byTenant.values()].map((a) => a.close()));
      byTenant.clear();
    },
  };
}

function apiAttribute(a: MemoryAttribute): ApiAttribute {
  return {
    id: a.id, text: a.text, ...(a.reason !== undefined ? { reason: a.reason } : {}), confidence: a.confidence, status: a.status,
    confirmed: a.confirmed, ...(a.sensitive ? { sensitive: a.sensitive } : {}),
    evidence: a.evidence.map((e) => ({ conversationId: e.conversationId, turnIndex: e.turnIndex, ...(e.quote !== undefined ? { quote: e.quote } : {}) })),
  };
}

function selected(a: SelectedAttribute): { id: string; text: string; score?: number } {
  return { id: a.id, text: a.text, ...(a.score !== undefined ? { score: a.score } : {}) };
}
