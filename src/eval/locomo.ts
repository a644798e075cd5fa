/**
 * `evalLocomo`: an LLM-free outside benchmark of the memory on LoCoMo (ACL 2024). Each conversation's sessions are
 * remembered in order into one memory user (both speakers' turns as the user's), then for each question: the
 * share of its human-annotated evidence turns covered by the evidence of what `select` chose and of the top-k of
 * `search`, the same at session level, how many attributes were selected, and for the adversarial questions
 * (category 5) how often nothing was selected. Side by side in the same run: mem0-style scoring over the same
 * attributes, BM25 over the raw turns, and the LoCoMo observations taken as the attributes (selection alone).
 * Details and the figures: docs/locomo.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLocomo, type LocomoSample } from '../data/locomo.js';
import { CachedEmbedder, defaultCachePath, SqliteVectorCache } from '../embed/cache.js';
import type { Embedder } from '../embed/embedder.js';
import { UseLiteEmbedder } from '../embed/use-lite.js';
import { createAttune, SENSITIVE_CATEGORIES, type Attune, type MemoryAttribute } from '../memory/index.js';
import { bm25Index, bm25Query, type Bm25Index } from '../stages/select/bm25.js';
import { tokenize } from '../util/tokenize.js';
import { coverage, CoverageMean, coveredTurns, round, share, type Coverage } from './locomo-coverage.js';

export const LOCOMO_TOP_K = [5, 10] as const;
export const LOCOMO_ADVERSARIAL = 5;

/** What a method covers: its attributes (or turns), and how it picks them. */
export const LOCOMO_METHODS = [
  { id: 'attune', memory: 'extracted', selector: 'default', label: "attune (default selector), attributes remember extracted" },
  { id: 'mem0', memory: 'extracted', selector: 'mem0', label: 'mem0-style scoring, the same attributes' },
  { id: 'bm25-turns', memory: 'turns', label: 'BM25 over the raw turns' },
  { id: 'attune-observations', memory: 'observations', selector: 'default', label: "attune (default selector), LoCoMo's observations as the attributes" },
  { id: 'mem0-observations', memory: 'observations', selector: 'mem0', label: "mem0-style scoring, LoCoMo's observations as the attributes" },
] as const;
export type LocomoMethodId = (typeof LOCOMO_METHODS)[number]['id'];

export interface EvalLocomoOptions {
  /** A folder holding LoCoMo's `locomo10.json`. */
  data: string;
  /** The first N conversations only (default all 10). */
  limit?: number;
  /** Default: USE-lite, its vectors cached in `embedCache`. */
  embedder?: Embedder;
  /** Vector cache of the default embedder (default `.attune/embeddings.sqlite`, or ATTUNE_EMBED_CACHE). */
  embedCache?: string;
  /**
   * Let select and search use attributes in the sensitive categories (health, sexual orientation, ...), which the
   * memory withholds by default. Default false: the memory as shipped.
   */
  allowSensitive?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface LocomoMethodResult {
  id: LocomoMethodId;
  label: string;
  /** What `select` chose (absent for BM25 over turns, which only ranks). */
  selected?: Coverage & {
    /** Mean attributes selected per question (all categories). */
    meanSelected: number;
    /** Share of adversarial questions (category 5) for which nothing was selected. */
    nothingAdversarial: number;
    /** Share of answerable questions (categories 1-4) for which nothing was selected. */
    nothingAnswerable: number;
  };
  /** Coverage by the top k of `search` (or of BM25), per k. */
  top: Record<string, Coverage>;
  /** Turn-level coverage per question category (1-4): selected and top 10. */
  byCategory: Record<string, { questions: number; selected?: number; top10: number }>;
}

export interface EvalLocomoResult {
  conversations: number;
  sessions: number;
  turns: number;
  questions: number;
  /** Categories 1-4 with evidence naming a turn of the conversation: the questions coverage is averaged over. */
  answerable: number;
  adversarial: number;
  /** Gold evidence ids that name no turn of their conversation (left out of the gold). */
  unresolvedEvidence: number;
  /** Attributes in the memory over all conversations: active ones, and of them sensitive ones (never selected by default). */
  attributes: { extracted: { active: number; sensitive: number }; observations: { active: number; sensitive: number } };
  /**
   * The most any selector could cover: the evidence of every attribute select may use (active, confident enough,
   * not withheld as sensitive), per memory, averaged over the answerable questions.
   */
  ceiling: { extracted: Coverage; observations: Coverage };
  /** Whether sensitive attributes could be selected (allowSensitive). */
  sensitiveAllowed: boolean;
  methods: LocomoMethodResult[];
  /** Wall time of the run, and the CPU time of this process (main thread and the embedder's worker threads). */
  seconds: number;
  cpuSeconds: number;
}

interface Tally {
  selected: CoverageMean;
  top: Map<number, CoverageMean>;
  selectedCount: number;
  questions: number;
  nothingAdv: number;
  nothingAns: number;
  cats: Map<number, { selected: CoverageMean; top10: CoverageMean }>;
}

const newTally = (): Tally => ({ selected: new CoverageMean(), top: new Map(LOCOMO_TOP_K.map((k) => [k, new CoverageMean()])), selectedCount: 0, questions: 0, nothingAdv: 0, nothingAns: 0, cats: new Map() });

/** The text of a raw turn as a transcript line shows it (the speaker's name, then what was said). */
const turnLine = (t: { speaker: string; text: string }): string => `${t.speaker}: ${t.text}`;
const sessionId = (n: number): string => `session_${n}`;

export async function evalLocomo(o: EvalLocomoOptions): Promise<EvalLocomoResult> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const all = readLocomo(o.data);
  const samples = o.limit !== undefined ? all.slice(0, Math.max(0, o.limit)) : all;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-eval-locomo-'));
  const owned: (() => void)[] = [];
  let embedder = o.embedder;
  if (!embedder) {
    const cache = new SqliteVectorCache(o.embedCache ?? defaultCachePath());
    owned.push(() => cache.close());
    embedder = new CachedEmbedder(new UseLiteEmbedder(), cache);
  }
  // Both memories open the same SQLite file by its path (createAttune's store grammar): one remembers, both select.
  const store = path.join(tmp, 'memory.sqlite');
  const sensitive = { minConfidence: MIN_CONFIDENCE, ...(o.allowSensitive ? { sensitive: { allow: SENSITIVE_CATEGORIES } } : {}) };
  const memories = {
    default: createAttune({ store, embedder, selector: 'default', ...sensitive }),
    mem0: createAttune({ store, embedder, selector: 'mem0', ...sensitive }),
  };
  const tallies = new Map<LocomoMethodId, Tally>(LOCOMO_METHODS.map((m) => [m.id, newTally()]));
  const counts = { sessions: 0, turns: 0, questions: 0, answerable: 0, adversarial: 0, unresolved: 0 };
  const attributes = { extracted: { active: 0, sensitive: 0 }, observations: { active: 0, sensitive: 0 } };
  const ceiling = { extracted: new CoverageMean(), observations: new CoverageMean() };
  try {
    // The questions in batches first: embedding them one at a time inside select is the slow part.
    const questions = samples.flatMap((s) => s.qa.map((q) => q.question));
    for (let i = 0; i < questions.length; i += 256) {
      await embedder.embed(questions.slice(i, i + 256));
      o.onProgress?.('embed questions', Math.min(i + 256, questions.length), questions.length);
    }
    const total = samples.reduce((n, s) => n + s.qa.length, 0);
    let done = 0;
    for (const sample of samples) {
      const known = new Set(sample.sessions.flatMap((s) => s.turns.map((t) => t.diaId)));
      const usable = (a: MemoryAttribute): boolean => a.status === 'active' && (o.allowSensitive || !a.sensitive) && (a.confidence >= MIN_CONFIDENCE || a.confirmed);
      const extracted = await rememberSessions(memories.default, sample, usable);
      const observations = await rememberObservations(memories.default, sample, known, usable);
      for (const [k, m] of [['extracted', extracted], ['observations', observations]] as const) {
        attributes[k].active += m.active;
        attributes[k].sensitive += m.sensitive;
      }
      const turns = rawTurns(sample);
      counts.sessions += sample.sessions.length;
      counts.turns += turns.ids.length;
      for (const q of sample.qa) {
        const gold = q.evidence.filter((id) => known.has(id));
        counts.unresolved += q.evidence.length - gold.length;
        counts.questions++;
        const adversarial = q.category === LOCOMO_ADVERSARIAL;
        if (adversarial) counts.adversarial++;
        else if (gold.length) {
          counts.answerable++;
          for (const [k, m] of [['extracted', extracted], ['observations', observations]] as const) ceiling[k].add(coverage(gold, coveredTurns(m.usable, m.evidence)));
        }
        const score = (id: LocomoMethodId, selected: string[] | undefined, ranked: string[], evidence: ReadonlyMap<string, readonly string[]>): void => {
          const t = tallies.get(id)!;
          t.questions++;
          const scored = !adversarial && gold.length > 0;
          let cat = t.cats.get(q.category);
          if (scored && !cat) t.cats.set(q.category, (cat = { selected: new CoverageMean(), top10: new CoverageMean() }));
          if (selected) {
            t.selectedCount += selected.length;
            if (selected.length === 0 && adversarial) t.nothingAdv++;
            else if (selected.length === 0) t.nothingAns++;
            if (scored) {
              const c = coverage(gold, coveredTurns(selected, evidence));
              t.selected.add(c);
              cat!.selected.add(c);
            }
          }
          if (!scored) return;
          for (const k of LOCOMO_TOP_K) {
            const c = coverage(gold, coveredTurns(ranked.slice(0, k), evidence));
            t.top.get(k)!.add(c);
            if (k === 10) cat!.top10.add(c);
          }
        };
        for (const m of LOCOMO_METHODS) {
          if (m.memory === 'turns') {
            score(m.id, undefined, turns.search(q.question, Math.max(...LOCOMO_TOP_K)), turns.evidence);
            continue;
          }
          const mem = memories[m.selector];
          const { userId, evidence } = m.memory === 'extracted' ? extracted : observations;
          const sel = await mem.select({ userId, prompt: q.question });
          const found = await mem.search({ userId, query: q.question, topK: Math.max(...LOCOMO_TOP_K) });
          score(m.id, sel.attributes.map((a) => a.id), found.attributes.map((a) => a.id), evidence);
        }
        o.onProgress?.('questions', ++done, total);
      }
    }
  } finally {
    for (const m of Object.values(memories)) await m.close();
    for (const c of owned) c();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const methods = LOCOMO_METHODS.map((m): LocomoMethodResult => {
    const t = tallies.get(m.id)!;
    const byCategory: LocomoMethodResult['byCategory'] = {};
    for (const [c, v] of [...t.cats].sort((a, b) => a[0] - b[0])) {
      byCategory[String(c)] = { questions: v.top10.questions, ...(m.memory !== 'turns' ? { selected: v.selected.mean().turn } : {}), top10: v.top10.mean().turn };
    }
    return {
      id: m.id,
      label: m.label,
      ...(m.memory !== 'turns'
        ? { selected: { ...t.selected.mean(), meanSelected: share(t.selectedCount, t.questions), nothingAdversarial: share(t.nothingAdv, counts.adversarial), nothingAnswerable: share(t.nothingAns, t.questions - counts.adversarial) } }
        : {}),
      top: Object.fromEntries(LOCOMO_TOP_K.map((k) => [String(k), t.top.get(k)!.mean()])),
      byCategory,
    };
  });
  return {
    conversations: samples.length, sessions: counts.sessions, turns: counts.turns, questions: counts.questions, answerable: counts.answerable,
    adversarial: counts.adversarial, unresolvedEvidence: counts.unresolved, attributes,
    ceiling: { extracted: ceiling.extracted.mean(), observations: ceiling.observations.mean() }, sensitiveAllowed: Boolean(o.allowSensitive), methods,
    seconds: round((Date.now() - started) / 1000), cpuSeconds: round(cpuSeconds(process.cpuUsage(cpu))),
  };
}

/** createAttune's minConfidence (its default), given explicitly so the ceiling uses the same cut as select. */
const MIN_CONFIDENCE = 0.4;
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

interface Remembered {
  userId: string;
  /** Attribute id -> the dia_ids of its evidence. */
  evidence: Map<string, string[]>;
  active: number;
  sensitive: number;
  /** Ids of the attributes select may use. */
  usable: string[];
}

/** Attribute ids -> dia_ids, through each attribute's evidence (conversation, turn) and `turnIds`. */
async function evidenceOf(attune: Attune, userId: string, turnIds: ReadonlyMap<string, readonly string[]>, usable: (a: MemoryAttribute) => boolean): Promise<Remembered> {
  const { attributes } = await attune.profile({ userId });
  const evidence = new Map<string, string[]>();
  let active = 0;
  let sensitive = 0;
  const ids: string[] = [];
  for (const a of attributes) {
    if (usable(a)) ids.push(a.id);
    evidence.set(a.id, [...new Set(a.evidence.flatMap((e) => turnIds.get(`${e.conversationId}#${e.turnIndex}`) ?? []))]);
    if (a.status !== 'active') continue;
    active++;
    if (a.sensitive) sensitive++;
  }
  return { userId, evidence, active, sensitive, usable: ids };
}

/** The sessions in order, one conversation each, both speakers' turns as the user's. */
async function rememberSessions(attune: Attune, sample: LocomoSample, usable: (a: MemoryAttribute) => boolean): Promise<Remembered> {
  const userId = `locomo/${sample.sampleId}`;
  const turnIds = new Map<string, string[]>();
  for (const s of sample.sessions) {
    const id = sessionId(s.n);
    s.turns.forEach((t, k) => turnIds.set(`${id}#${k}`, [t.diaId]));
    if (!s.turns.some((t) => t.text.trim())) continue;
    await attune.remember({ userId, conversation: { id, userId, turns: s.turns.map((t, k) => ({ index: k, role: 'user', speaker: t.speaker, text: t.text })) } });
  }
  return evidenceOf(attune, userId, turnIds, usable);
}

/** LoCoMo's observations stored as stated facts (at most 100 per call); each fact's turn maps to its dia_ids. */
async function rememberObservations(attune: Attune, sample: LocomoSample, known: ReadonlySet<string>, usable: (a: MemoryAttribute) => boolean): Promise<Remembered> {
  const userId = `locomo/${sample.sampleId}/observations`;
  const turnIds = new Map<string, string[]>();
  for (let i = 0; i < sample.observations.length; i += 100) {
    const chunk = sample.observations.slice(i, i + 100);
    const r = await attune.remember({ userId, facts: chunk.map((x) => x.text) });
    // The facts of one call are its turns, in order; a fact repeated within the call points at its first turn.
    const first = new Map<string, number>();
    chunk.forEach((x, k) => {
      const text = x.text.trim().replace(/\s+/g, ' ');
      const at = first.get(text) ?? k;
      first.set(text, at);
      const key = `${r.conversationId}#${at}`;
      turnIds.set(key, [...new Set([...(turnIds.get(key) ?? []), ...x.evidence.filter((id) => known.has(id))])]);
    });
  }
  return evidenceOf(attune, userId, turnIds, usable);
}

/** BM25 over the raw turns of one conversation (the turn's speaker and text), positive scores only. */
function rawTurns(sample: LocomoSample): { ids: string[]; evidence: Map<string, string[]>; search: (q: string, k: number) => string[] } {
  const turns = sample.sessions.flatMap((s) => s.turns);
  const ids = turns.map((t) => t.diaId);
  const index: Bm25Index = bm25Index(turns.map((t) => tokenize(turnLine(t))));
  return {
    ids,
    evidence: new Map(ids.map((id) => [id, [id]])),
    search: (q, k) =>
      bm25Query(index, tokenize(q))
        .map((score, i) => ({ score, i }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .slice(0, k)
        .map((x) => ids[x.i]!),
  };
}

/** The result as text: one row per method, then turn-level top-10 coverage per question category. */
export function locomoTable(r: EvalLocomoResult): string {
  const pct = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`).padStart(6);
  const lines = [
    `LoCoMo: ${r.conversations} conversations, ${r.sessions} sessions, ${r.turns} turns; ${r.questions} questions (${r.answerable} answerable with evidence, ${r.adversarial} adversarial)`,
    `attributes: ${r.attributes.extracted.active} extracted, ${r.attributes.observations.active} from observations; sensitive among them ${r.attributes.extracted.sensitive} and ${r.attributes.observations.sensitive}, ${r.sensitiveAllowed ? 'allowed (--allow-sensitive)' : 'withheld from select and search (the default)'}`,
    '',
    `${'evidence covered'.padEnd(20)}  ${['selected', 'top 5', 'top 10'].map((h) => h.padEnd(15)).join('  ')}  mean sel  nothing selected`,
    `${'(turn / session)'.padEnd(20)}  ${''.padEnd(51)}            adv. / answerable`,
  ];
  const pair = (c: Coverage | undefined): string => `${pct(c?.turn)} / ${pct(c?.session)}`;
  for (const m of r.methods) {
    const s = m.selected;
    lines.push(`${m.id.padEnd(20)}  ${pair(s)}  ${pair(m.top['5'])}  ${pair(m.top['10'])}  ${(s ? s.meanSelected.toFixed(1) : '—').padStart(8)}  ${pair(s && { turn: s.nothingAdversarial, session: s.nothingAnswerable })}`);
  }
  const c = r.ceiling;
  lines.push(`${'(ceiling)'.padEnd(20)}  every usable attribute covers ${pair(c.extracted)} (extracted), ${pair(c.observations)} (observations)`);
  const cats = [...new Set(r.methods.flatMap((m) => Object.keys(m.byCategory)))].sort();
  lines.push('', `${'top-10 turn coverage'.padEnd(20)}  ${cats.map((c) => `cat ${c}`.padStart(6)).join('  ')}`);
  for (const m of r.methods) lines.push(`${m.id.padEnd(20)}  ${cats.map((c) => pct(m.byCategory[c]?.top10)).join('  ')}`);
  lines.push('', `(${r.unresolvedEvidence} gold evidence ids name no turn and were left out; wall time ${r.seconds.toFixed(0)} s, CPU ${r.cpuSeconds.toFixed(0)} s)`);
  return lines.join('\n');
}
