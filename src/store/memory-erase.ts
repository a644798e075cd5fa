/**
 * What the memory's erasure does beyond deleting rows by user: the texts a user's cached LLM requests are searched
 * for, and the source turns of a forgotten attribute. Kept apart from memory.ts (the repository) for size.
 */
import { deleteCachedTexts } from './erase.js';
import type { MemoryRepository, MemoryScope } from './memory.js';

/**
 * The turns an attribute was drawn from lose their text (they stay, empty, so turn indexes keep their meaning):
 * other attributes citing those turns lose that evidence and their reasons (their own and their members', which may quote it), and cached LLM
 * requests holding the text are deleted. Returns how many conversations were changed.
 */
export async function blankSourceTurns(repo: MemoryRepository, s: MemoryScope, attributeId: string, rows: Record<string, number>): Promise<number> {
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
export async function userTexts(repo: MemoryRepository, s: MemoryScope): Promise<string[]> {
  const out: string[] = [];
  for (const c of await repo.conversations(s)) for (const t of c.turns as { text?: string }[]) if (t.text) out.push(t.text);
  for (const a of await repo.attributes(s)) {
    out.push(a.text, ...(a.reason ? [a.reason] : []));
    for (const m of a.members) out.push(m.text, ...(m.reason ? [m.reason] : []));
  }
  return out;
}
