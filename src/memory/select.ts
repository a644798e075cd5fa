/**
 * select and search: the user's active attributes (without their evidence, so a request costs the attributes,
 * not how often each was said), minus what may not be used (sensitive categories not allowed, low confidence),
 * scored by the selector. select keeps what the selector decides (at most maxSelected); search ranks them all.
 */
import { createHash } from 'node:crypto';
import type { SensitiveCategory } from '../stages/extract/offline.js';
import type { Selection, SelectionPair } from '../stages/select/selector.js';
import type { MemoryScope, StoredMemoryAttribute } from '../store/memory.js';
import type { SearchResult, SelectedAttribute, SelectResult } from './attune.js';
import { InvalidArgumentError } from './errors.js';
import { toAttribute } from './merge.js';
import type { Runtime } from './runtime.js';
import { viewAttributes } from './view.js';

export interface Gate {
  allow: ReadonlySet<string>;
  minConfidence: number;
}

/** A selector's decision, with the short reason some selectors give. */
type Decision = Selection & { why?: string };

interface Scored {
  candidates: StoredMemoryAttribute[];
  withheld: SelectResult['withheld'];
  decisions: Decision[];
}

async function score(r: Runtime, scope: MemoryScope, prompt: string, gate: Gate): Promise<Scored> {
  const all = await r.repo.attributesBrief(scope, { statuses: ['active'] });
  const withheld: SelectResult['withheld'] = [];
  const candidates = all.filter((a) => {
    if (a.sensitive && !gate.allow.has(a.sensitive)) {
      withheld.push({ id: a.id, why: 'sensitive', category: a.sensitive as SensitiveCategory });
      return false;
    }
    if (a.confidence < gate.minConfidence && !a.confirmed) {
      withheld.push({ id: a.id, why: 'low_confidence' });
      return false;
    }
    return true;
  });
  if (candidates.length === 0 || !prompt.trim()) return { candidates, withheld, decisions: [] };
  const profile = { userId: scope.userId, attributes: candidates.map(toAttribute) };
  const promptId = sha256(prompt).slice(0, 16);
  const pairs: SelectionPair[] = candidates.map((a) => ({ userId: scope.userId, promptId, attribute: a.text, promptText: prompt, profile }));
  const decisions: Decision[] = await r.selector.select(pairs);
  return { candidates, withheld, decisions };
}

const whyOf = (d: Decision | undefined): { why?: string } => (typeof d?.why === 'string' && d.why ? { why: d.why } : {});

export async function selectAttributes(r: Runtime, scope: MemoryScope, prompt: string, gate: Gate & { maxSelected: number; kind: string }): Promise<SelectResult> {
  if (typeof prompt !== 'string') throw new InvalidArgumentError('prompt', `must be a string, got ${typeof prompt}`);
  const { candidates, withheld, decisions } = await score(r, scope, prompt, gate);
  const threshold = (r.selector as { threshold?: unknown }).threshold;
  const base = { userId: scope.userId, selector: r.selector.name, withheld, ...(typeof threshold === 'number' ? { threshold } : {}) };
  if (decisions.length === 0) return { ...base, attributes: [], scores: candidates.map((a) => ({ id: a.id, text: a.text, selected: false })) };
  const scores: SelectResult['scores'] = candidates.map((a, i) => {
    const d = decisions[i];
    return { id: a.id, text: a.text, ...(d?.score !== undefined ? { score: d.score } : {}), ...whyOf(d), selected: Boolean(d?.relevant && !d?.missing) };
  });
  const chosen = scores.filter((x) => x.selected);
  if (chosen.length > gate.maxSelected) {
    // Keep the best-scored ones (ties: profile order); the rest are reported as not selected.
    const keep = new Set(chosen.map((x, i) => ({ x, i })).sort((a, b) => (b.x.score ?? 0) - (a.x.score ?? 0) || a.i - b.i).slice(0, gate.maxSelected).map((e) => e.x.id));
    for (const x of scores) if (x.selected && !keep.has(x.id)) x.selected = false;
  }
  const attributes: SelectedAttribute[] = candidates.flatMap((a, i) => {
    const s = scores[i]!;
    if (!s.selected) return [];
    return [{
      id: a.id, text: a.text, ...(s.score !== undefined ? { score: s.score } : {}), ...(s.why !== undefined ? { why: s.why } : {}),
      ...(a.reason !== undefined ? { reason: a.reason } : {}), confidence: a.confidence, ...(a.sensitive ? { sensitive: a.sensitive as SensitiveCategory } : {}),
    }];
  });
  await r.repo.addUsage(scope, { kind: gate.kind, promptHash: sha256(prompt), selector: r.selector.name, attributeIds: attributes.map((a) => a.id) });
  return { ...base, attributes, scores };
}

export const DEFAULT_SEARCH_TOP_K = 10;

/**
 * The user's usable active attributes ranked by the selector's score for `query`, with no cut: the best topK.
 * A selector that only votes ranks what it selects first, then by confidence.
 */
export async function searchAttributes(r: Runtime, scope: MemoryScope, query: string, topK: number, gate: Gate): Promise<SearchResult> {
  if (typeof query !== 'string' || !query.trim()) throw new InvalidArgumentError('query', 'must be a non-empty string');
  if (!Number.isInteger(topK) || topK < 1) throw new InvalidArgumentError('topK', `must be an integer >= 1, got ${String(topK)}`);
  const { candidates, withheld, decisions } = await score(r, scope, query, gate);
  const ranked = candidates
    .map((a, i) => {
      const d = decisions[i];
      const s = d?.score ?? (d?.relevant && !d.missing ? 1 : 0);
      return { a, i, score: s, relevant: Boolean(d?.relevant && !d?.missing), why: whyOf(d) };
    })
    .sort((x, y) => y.score - x.score || y.a.confidence - x.a.confidence || x.i - y.i)
    .slice(0, topK);
  // Evidence and history for the top ones only.
  const full = new Map((await r.repo.attributes(scope, { ids: ranked.map((x) => x.a.id) })).map((a) => [a.id, a]));
  const views = await viewAttributes(r.repo, scope, ranked.map((x) => full.get(x.a.id) ?? x.a));
  return {
    userId: scope.userId,
    selector: r.selector.name,
    attributes: views.map((v, k) => ({ ...v, score: ranked[k]!.score, selected: ranked[k]!.relevant, ...ranked[k]!.why })),
    withheld,
  };
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
