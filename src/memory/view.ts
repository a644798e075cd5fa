/** Stored attributes as the memory's public view: evidence with the quoted turn, and the history of changes. */
import type { Turn } from '../model/index.js';
import type { SensitiveCategory } from '../stages/extract/offline.js';
import type { MemoryScope, MemoryStore, StoredMemoryAttribute, StoredMemoryEvent } from '../store/memory-store.js';
import type { MemoryAttribute } from './attune.js';

export async function viewAttributes(repo: MemoryStore, scope: MemoryScope, attrs: readonly StoredMemoryAttribute[]): Promise<MemoryAttribute[]> {
  if (attrs.length === 0) return [];
  const events = await repo.events(scope, attrs.map((a) => a.id));
  const convIds = [...new Set(attrs.flatMap((a) => a.evidence.map((e) => e.conversationId)))];
  const turns = new Map<string, Map<number, string>>();
  for (const c of await repo.conversations(scope, convIds)) turns.set(c.id, new Map((c.turns as Turn[]).map((t) => [t.index, t.text])));
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
