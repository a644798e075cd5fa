/**
 * People's corrections as stage-1 acceptance labels: the attune JSONL records (`attribute_judgments`,
 * `profiles`, `conversations`) that `attune train verify --labels DIR` reads. confirm -> makes_sense,
 * reject -> doesnt_make_sense, edit -> the old text doesnt_make_sense and the new text makes_sense. Each user is
 * the annotator of their own attributes; when a person changed their mind, their latest verdict on a text counts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AttributeJudgment, Conversation, Profile, Turn } from '../model/index.js';
import { ATTUNE_META_FILE } from '../data/attune-jsonl.js';
import { memoryStore } from '../store/memory.js';
import type { Store } from '../store/store.js';
import { compositeKey } from '../model/key.js';

export interface CorrectionLabels {
  attributeJudgments: AttributeJudgment[];
  profiles: Profile[];
  conversations: Conversation[];
}

/** The corrections of a tenant (or one user) as labels, with the evidence the verifier reads. */
export async function correctionLabels(store: Store, opts: { tenant?: string; userId?: string } = {}): Promise<CorrectionLabels> {
  const repo = memoryStore(store);
  const tenantId = opts.tenant ?? 'default';
  const corrections = await repo.corrections({ tenantId, ...(opts.userId !== undefined ? { userId: opts.userId } : {}) });
  const latest = new Map<string, (typeof corrections)[number]>();
  for (const c of corrections) latest.set(compositeKey(c.userId, c.text), c); // oldest first: the last one wins
  const byUser = new Map<string, (typeof corrections)[number][]>();
  for (const c of latest.values()) {
    let l = byUser.get(c.userId);
    if (!l) byUser.set(c.userId, (l = []));
    l.push(c);
  }
  const out: CorrectionLabels = { attributeJudgments: [], profiles: [], conversations: [] };
  for (const [userId, cs] of byUser) {
    const scope = { tenantId, userId };
    const attrs = new Map((await repo.attributes(scope, { ids: [...new Set(cs.map((c) => c.attributeId))] })).map((a) => [a.id, a]));
    const profile: Profile = { userId, attributes: [] };
    const convIds = new Set<string>();
    for (const c of cs) {
      const a = attrs.get(c.attributeId);
      if (!a) continue; // forgotten since
      out.attributeJudgments.push({ annotator: `user:${userId}`, userId, attribute: c.text, verdict: c.verdict, note: `memory correction: ${c.action}` });
      const evidence = a.evidence.map((e) => ({ conversationId: exportId(userId, e.conversationId), turnIndex: e.turnIndex }));
      profile.attributes.push({ text: c.text, ...(a.reason !== undefined ? { reason: a.reason } : {}), confidence: a.confidence, evidence, members: [] });
      for (const e of a.evidence) convIds.add(e.conversationId);
    }
    if (profile.attributes.length === 0) continue;
    out.profiles.push(profile);
    for (const c of await repo.conversations(scope, [...convIds])) out.conversations.push({ id: exportId(userId, c.id), userId, turns: c.turns as Turn[], source: 'attune-memory' });
  }
  return out;
}

/** Conversation ids are unique per user in the memory (a content hash can repeat across users); the dataset needs them unique. */
function exportId(userId: string, conversationId: string): string {
  return `${userId}/${conversationId}`;
}

/** Writes the labels as an attune dataset folder (JSONL + dataset.json); returns the files written. */
export function writeCorrectionLabels(dir: string, labels: CorrectionLabels, name = 'memory-corrections'): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: [string, unknown][] = [
    ['attribute_judgments.jsonl', labels.attributeJudgments],
    ['profiles.jsonl', labels.profiles],
    ['conversations.jsonl', labels.conversations],
  ];
  const written: string[] = [];
  for (const [f, rows] of files) {
    const file = path.join(dir, f);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, (rows as unknown[]).map((r) => JSON.stringify(r)).join('\n') + ((rows as unknown[]).length ? '\n' : ''));
    fs.renameSync(tmp, file);
    written.push(file);
  }
  const meta = path.join(dir, ATTUNE_META_FILE);
  fs.writeFileSync(meta, `${JSON.stringify({ name, provenance: 'human' }, null, 2)}\n`);
  written.push(meta);
  return written;
}
