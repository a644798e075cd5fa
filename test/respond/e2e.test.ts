/**
 * Stage 3 end to end through the local OpenAI-compatible test server (real HTTP, scripted outputs):
 * generate generic and personalized responses, judge the pairs in both orders, audit the judge against a
 * self-written ratings file (examples/ratings: illustrative, no person rated anything) and train a reward
 * model. The audit's figures are checked against values computed by hand in the comments.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/index.js';
import { readJsonl } from '../../src/data/read.js';
import { auditJudges, ALL } from '../../src/eval/judge-audit.js';
import { itemKey } from '../../src/eval/mention.js';
import { JsonlResponseCache } from '../../src/llm/cache.js';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type TestLlmRequest, type TestLlmServer } from '../../src/llm/testing/server.js';
import { Rating, Response, type ResponsePair } from '../../src/model/index.js';
import { buildTasks } from '../../src/eval/generation.js';
import { generateMany, LlmGenerator } from '../../src/stages/respond/generator.js';
import { pairResponses, runComparisonJudge, runPreferenceJudge } from '../../src/stages/respond/judge.js';
import { assignOrder, swapOrder } from '../../src/stages/respond/judge-prompts.js';
import { readRewardModel, trainRewardModel, writeRewardModel } from '../../src/stages/respond/reward/index.js';
import { projectRoot } from '../support/shared.js';
import { tempDir } from '../support/tmp.js';
import { attuneArgs } from '../support/cli.js';
import { HashEmbedder } from './reward-fixture.js';
import { E2E } from '../support/tier.js';

const tmp = tempDir('attune-respond-e2e-');
const MODEL = 'local/test-model';
const demoDir = path.join(projectRoot, 'examples', 'demo');
const ratingsDir = path.join(projectRoot, 'examples', 'ratings');

/** The illustrative judge's scores on the personalized-vs-generic scale: [generic shown first, personalized shown first]. */
const JUDGE: Record<string, [number, number]> = {
  'demo-a:u1_1\u0000The user is detail-oriented.': [5, 4],
  'demo-a:u1_1\u0000The user has little free time.': [3, 3],
  'demo-a:u2_2\u0000The user works in accounting or finance.': [4, 4],
  'demo-b:u1_1\u0000The user is detail-oriented.': [4, 3],
  'demo-b:u1_1\u0000The user has little free time.': [4, 4],
  'demo-b:u3_3\u0000The user is vegetarian.': [5, 4],
};

/** A response as the judge prompt shows it: a JSON string on the line after its label. */
const block = (text: string, label: string) => {
  const line = new RegExp(`${label}:\\n(.*)`).exec(text)?.[1];
  return line === undefined ? undefined : (JSON.parse(line) as string);
};

/** One scripted model for every stage-3 call: generation, comparison and preference. */
function script(pairs: readonly ResponsePair[]) {
  return (req: TestLlmRequest): string => {
    const text = req.lastUserText;
    const system = req.body.messages.find((m) => m.role === 'system');
    if (text.includes('For EACH attribute')) {
      const a = block(text, 'Response A')!;
      const b = block(text, 'Response B')!;
      const attrs = [...text.matchAll(/^(\d+)\. (".+)$/gm)].map((m) => JSON.parse(m[2]!) as string);
      const known = pairs.find((p) => (p.generic === a && p.personalized === b) || (p.generic === b && p.personalized === a));
      const genericFirst = known ? known.generic === a : a.startsWith('Generic');
      const ratings = attrs.map((t, i) => {
        // Personalized-scale score, then the B-vs-A score the judge reports.
        const [gf, pf] = known ? JUDGE[itemKey(known.id, t)]! : [4, 4];
        return { attribute: i + 1, score: genericFirst ? gf : 6 - pf };
      });
      return `Thinking about each attribute {briefly}.\n${JSON.stringify({ ratings })}`;
    }
    if (text.includes('Which response would serve you better overall')) {
      const a = block(text, 'Response A')!;
      const known = pairs.find((p) => p.generic === a || p.personalized === a);
      // A position-biased verdict for one pair (always the first shown), else the personalized response.
      if (known?.id === 'demo-b:u1_1') return '{"preference": "A"}';
      const personalizedIsA = known ? known.personalized === a : a.startsWith('Personalized');
      return `Preference: ${personalizedIsA ? 'A' : 'B'}`;
    }
    const sys = typeof system?.content === 'string' ? system.content : '';
    if (sys.includes('What is known about this user')) {
      const n = sys.split('\n').filter((l) => l.startsWith('- "The user')).length;
      return `Personalized answer to "${text}" using ${n} attribute(s).`;
    }
    return `Generic answer to "${text}".`;
  };
}

function client(server: TestLlmServer, cacheFile: string) {
  return createLlmClient({
    model: MODEL,
    config: loadLlmConfig({ env: {}, config: { providers: { local: { kind: 'openai-compatible', baseURL: server.baseURL } } } }),
    cache: new JsonlResponseCache(cacheFile),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
}

describe('stage 3 end to end through the test server', () => {
  const ratingsDs = loadDataset(ratingsDir);
  const examplePairs = ratingsDs.responsePairs;
  let server: TestLlmServer;
  const cacheFile = path.join(tmp, 'llm-cache.jsonl');

  beforeAll(async () => {
    server = await startTestLlmServer({ script: script(examplePairs) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('generates generic and personalized responses (the rule in the instruction), judges them in both orders, and replays from the cache', async () => {
    const ds = loadDataset(demoDir);
    const generic = await buildTasks(ds, 'generic', { kind: 'human' });
    const personalized = await buildTasks(ds, 'personalized', { kind: 'human' });
    expect(generic.length).toBeGreaterThan(2);
    expect(personalized.map((t) => [t.userId, t.promptId])).toEqual(generic.map((t) => [t.userId, t.promptId]));
    // Personalized tasks carry exactly the human-majority relevant attributes.
    const relevant = ds.labels.filter((l) => l.relevant && l.userId === personalized[0]!.userId && l.promptId === personalized[0]!.promptId).map((l) => l.attribute);
    expect(personalized[0]!.attributes).toEqual(relevant);

    server.reset();
    const gen = new LlmGenerator(client(server, cacheFile));
    const a = await generateMany(gen, [...generic, ...personalized]);
    expect(server.calls).toBe(generic.length + personalized.length);
    expect(a.responses.filter((r) => r.mode === 'generic')).toHaveLength(generic.length);
    expect(a.responses.every((r) => r.generator === MODEL)).toBe(true);
    const sys = server.requests.map((r) => r.body.messages.find((m) => m.role === 'system')!.content as string);
    const withProfile = sys.filter((s) => s.includes('What is known about this user'));
    expect(withProfile).toHaveLength(personalized.length);
    expect(withProfile.every((s) => /Do not mention or name an attribute for its own sake/.test(s) && /changes what would actually help this person/.test(s))).toBe(true);
    expect(sys.filter((s) => !s.includes('What is known')).every((s) => !s.includes('The user'))).toBe(true);

    const { pairs, unpaired } = pairResponses(a.responses, ds.labels);
    expect(unpaired).toBe(0);
    expect(pairs).toHaveLength(generic.length);
    expect(pairs[0]!.id).toBe(`${MODEL}:${generic[0]!.userId}_${generic[0]!.promptId}`);
    expect(pairs.every((p) => p.attributes.every((x) => x.relevant === true))).toBe(true);

    const prompts = new Map(ds.prompts.map((p) => [p.id, p.text]));
    const before = server.calls;
    const run = await runComparisonJudge(client(server, cacheFile), pairs, prompts, { seed: 7, bothOrders: true });
    expect(server.calls - before).toBe(2 * pairs.length);
    for (const p of pairs) {
      const calls = run.calls.filter((c) => c.pairId === p.id);
      expect(calls.map((c) => c.order)).toEqual([assignOrder(7, p.id), swapOrder(assignOrder(7, p.id))]);
    }
    // The scripted judge calls every personalized response "somewhat better" whichever side it is on.
    expect(run.ratings.every((r) => r.score === 4 && r.raterKind === 'llm' && r.rater === MODEL)).toBe(true);
    expect(run.ratings).toHaveLength(2 * pairs.reduce((s, p) => s + p.attributes.length, 0));

    // A rerun (fresh clients, the same cache file) makes no call and gives the same records.
    const calls = server.calls;
    const again = await generateMany(new LlmGenerator(client(server, cacheFile)), [...generic, ...personalized]);
    const rerun = await runComparisonJudge(client(server, cacheFile), pairResponses(again.responses, ds.labels).pairs, prompts, { seed: 7, bothOrders: true });
    expect(server.calls).toBe(calls);
    expect(again.responses).toEqual(a.responses);
    expect(rerun.ratings).toEqual(run.ratings);
    expect(rerun.calls.every((c) => c.cached)).toBe(true);
  });

  it('judges the illustrative pairs in both orders, and the audit against the self-written ratings matches the hand-computed figures', async () => {
    const prompts = new Map(ratingsDs.prompts.map((p) => [p.id, p.text]));
    server.reset();
    const llm = client(server, cacheFile);
    const run = await runComparisonJudge(llm, examplePairs, prompts, { seed: 42, bothOrders: true });
    expect(server.calls).toBe(8); // 4 pairs x 2 orders
    expect(run.unparsed).toBe(0);
    expect(run.ratings).toHaveLength(12);
    // Each pair's first call is in its seeded order; the order each request showed is the one recorded.
    for (const p of examplePairs) expect(run.calls.find((c) => c.pairId === p.id)!.order).toBe(assignOrder(42, p.id));
    for (const req of server.requests) {
      const text = req.body.messages.at(-1)!.content as string;
      const a = block(text, 'Response A')!;
      const pair = examplePairs.find((p) => p.generic === a || p.personalized === a)!;
      const shown = pair.generic === a ? 'generic_first' : 'personalized_first';
      expect(run.calls.some((c) => c.pairId === pair.id && c.order === shown)).toBe(true);
    }
    for (const r of run.ratings) expect(r.score).toBe(JUDGE[itemKey(r.pairId, r.attribute)]![r.order === 'generic_first' ? 0 : 1]);

    const humans = readJsonl(path.join(ratingsDir, 'ratings.jsonl'), Rating).map((l) => l.value).filter((r) => r.raterKind === 'human');
    // Hand-labelled explicit mentions of the illustrative personalized responses.
    const mentions = new Map([
      [itemKey('demo-a:u1_1', 'The user is detail-oriented.'), true],
      [itemKey('demo-a:u1_1', 'The user has little free time.'), false],
      [itemKey('demo-a:u2_2', 'The user works in accounting or finance.'), false],
      [itemKey('demo-b:u1_1', 'The user is detail-oriented.'), true],
      [itemKey('demo-b:u1_1', 'The user has little free time.'), true],
      [itemKey('demo-b:u3_3', 'The user is vegetarian.'), true],
    ]);
    const audit = auditJudges([...humans, ...run.ratings], examplePairs, { mentions, iterations: 200 });
    const c = audit.judges.find((j) => j.judge === MODEL && j.generator === ALL)!;
    // Judge item scores (mean of both orders): 4.5, 3, 4, 3.5, 4, 4.5; people: 11/3, 8/3, 13/3, 8/3, 11/3, 13/3.
    expect(c.items).toBe(6);
    expect(c.judgeMean.estimate).toBeCloseTo(23.5 / 6, 12);
    expect(c.humanMean.estimate).toBeCloseTo(64 / 18, 12);
    expect(c.gap.estimate).toBeCloseTo(23.5 / 6 - 64 / 18, 12);
    // Ranks: judge 5.5, 1, 3.5, 2, 3.5, 5.5; people 3.5, 1.5, 5.5, 1.5, 3.5, 5.5 -> r = 12 / sqrt(16.5 * 16).
    expect(c.spearman.estimate).toBeCloseTo(12 / Math.sqrt(264), 12);
    // Rounded (half up): judge 5,3,4,4,4,5; people 4,3,4,3,4,4. Observed quadratic disagreement 3/6,
    // expected 34/36 -> kappa = 1 - (1/2) / (34/36) = 8/17.
    expect(c.kappa.estimate).toBeCloseTo(8 / 17, 12);
    expect(c.judgeNoBetter.estimate).toBeCloseTo(1 / 6, 12);
    expect(c.humanNoBetter.estimate).toBeCloseTo(2 / 6, 12);
    // Mentioned items 1, 4, 5, 6: judge (4.5 + 3.5 + 4 + 4.5) / 4 - (3 + 4) / 2 = 0.625; people 43/12 - 42/12.
    expect(c.mentioned).toBe(4);
    expect(c.judgeMentionDelta.estimate).toBeCloseTo(0.625, 12);
    expect(c.humanMentionDelta.estimate).toBeCloseTo(1 / 12, 12);
    const pos = audit.position.find((p) => p.judge === MODEL && p.generator === ALL)!;
    // generic first 5,3,4,4,4,5; personalized first 4,3,4,3,4,4; only item 4 changes verdict (better -> same).
    expect(pos.items).toBe(6);
    expect(pos.meanGenericFirst).toBeCloseTo(25 / 6, 12);
    expect(pos.meanPersonalizedFirst).toBeCloseTo(22 / 6, 12);
    expect(pos.meanDiff.estimate).toBeCloseTo(-0.5, 12);
    expect(pos.flipShare.estimate).toBeCloseTo(1 / 6, 12);
    expect(audit.unmatched).toBe(0);

    // The preference judge in both orders: one pair always gets "A" (the first shown).
    const pref = await runPreferenceJudge(llm, examplePairs, prompts, { seed: 42, bothOrders: true });
    expect(server.calls).toBe(16);
    expect(pref.summary.n).toBe(8);
    expect(pref.summary.bothOrders).toBe(4);
    expect(pref.summary.consistent).toBeCloseTo(3 / 4, 12);
    expect(pref.summary.personalized).toBeCloseTo(7 / 8, 12);
    expect(pref.summary.firstShown).toBeCloseTo(5 / 8, 12);

    // Rerun: all from the cache.
    const rerun = await runComparisonJudge(client(server, cacheFile), examplePairs, prompts, { seed: 42, bothOrders: true });
    expect(server.calls).toBe(16);
    expect(rerun.ratings).toEqual(run.ratings);

    // A reward model on the same self-written ratings (3 prompts: 3 folds), the judge beside it.
    const r = await trainRewardModel(examplePairs, [...humans, ...run.ratings], prompts, { embedder: new HashEmbedder(), mention: 'lexical', folds: 3, iterations: 100, dataset: ratingsDs.name, provenance: ratingsDs.provenance });
    const file = path.join(tmp, 'reward.json');
    writeRewardModel(file, r.model);
    const m = readRewardModel(file);
    expect(m.cv!.folds).toBe(3);
    expect(m.cv!.items).toBe(6);
    expect(m.cv!.ratings).toBe(18);
    expect(m.cv!.leakedPrompts).toBe(0);
    expect(m.trainedOn.provenance).toBe('illustrative');
    const j = m.cv!.judges.find((x) => x.judge === MODEL)!;
    expect(j.items).toBe(6);
    expect(j.spearman.estimate).toBeCloseTo(12 / Math.sqrt(264), 12);
    expect(server.calls).toBe(16); // training calls no LLM
  });
});

describe('the CLI: attune respond, judge and train reward', E2E, () => {
  let server: TestLlmServer;
  beforeAll(async () => {
    server = await startTestLlmServer({ script: script(loadDataset(ratingsDir).responsePairs) });
  });
  afterAll(async () => {
    await server.close();
  });

  /** Runs the CLI without blocking this process: the test server answers from this event loop. */
  function attune(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, attuneArgs(...args), {
        cwd: tmp,
        env: { ...process.env, ATTUNE_LLM_BASE_URL: server.baseURL, ATTUNE_LLM_CONFIG: '' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => child.kill(), 240_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });
  }

  it('writes responses, ratings in both orders and pairs; a rerun is served from the cache', { timeout: 300_000 }, async () => {
    const cache = path.join(tmp, 'cli-cache.jsonl');
    const common = ['--data', demoDir, '--model', MODEL, '--llm-cache', cache, '--concurrency', '2', '--limit', '3'];
    const g = await attune('respond', ...common, '--mode', 'generic', '--out', path.join(tmp, 'generic.jsonl'));
    expect(g.err + g.out).toMatch(/3 generic responses/);
    expect(g.code).toBe(0);
    // Generic responses do not depend on the user: units sharing a prompt ask the same call, sent once.
    const genericCalls = new Set(readJsonl(path.join(tmp, 'generic.jsonl'), Response).map((l) => l.value.promptId)).size;
    expect(g.err).toMatch(new RegExp(`paid ${genericCalls} calls`));
    const p = await attune('respond', ...common, '--mode', 'personalized', '--attributes', 'human', '--out', path.join(tmp, 'personalized.jsonl'));
    expect(p.code).toBe(0);
    expect(p.err).toMatch(/paid 3 calls/);
    const responses = readJsonl(path.join(tmp, 'personalized.jsonl'), Response).map((l) => l.value);
    expect(responses.every((r) => r.mode === 'personalized_human' && r.attributes.length > 0)).toBe(true);
    expect(server.calls).toBe(genericCalls + 3);

    const judgeArgs = ['judge', '--data', demoDir, '--responses', `${path.join(tmp, 'generic.jsonl')},${path.join(tmp, 'personalized.jsonl')}`, '--model', MODEL, '--llm-cache', cache, '--both-orders', '--out', path.join(tmp, 'ratings.jsonl'), '--pairs-out', path.join(tmp, 'pairs.jsonl')];
    const j = await attune(...judgeArgs);
    expect(j.code).toBe(0);
    expect(j.out).toMatch(/6 calls, both orders/);
    expect(server.calls).toBe(genericCalls + 9);
    const ratings = readJsonl(path.join(tmp, 'ratings.jsonl'), Rating).map((l) => l.value);
    expect(new Set(ratings.map((r) => r.order))).toEqual(new Set(['generic_first', 'personalized_first']));
    expect(fs.readFileSync(path.join(tmp, 'pairs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);

    const again = await attune(...judgeArgs);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/paid 0 calls.*replayed 6 calls/);
    expect(server.calls).toBe(genericCalls + 9);
  });

  it('train reward prints the grouped-CV Spearman with an interval and writes the model', { timeout: 300_000 }, async () => {
    const out = path.join(tmp, 'cli-reward.json');
    const r = await attune('train', 'reward', '--data', ratingsDir, '--out', out, '--folds', '3', '--mention', 'lexical', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { provenance: string; cv: { folds: number; leakedPrompts: number; spearman: { estimate: number | null; low: number | null; high: number | null }; judges: { judge: string }[] } };
    expect(j.provenance).toBe('illustrative');
    expect(j.cv.folds).toBe(3);
    expect(j.cv.leakedPrompts).toBe(0);
    expect(j.cv.judges.map((x) => x.judge)).toEqual(['judge-x', 'judge-y']);
    expect(readRewardModel(out).features.embedder).toMatch(/use/i);
    const text = await attune('train', 'reward', '--data', ratingsDir, '--out', out, '--folds', '3', '--mention', 'lexical');
    expect(text.out).toMatch(/Spearman vs held-out human mean rating: .* \(95% CI \[/);
    expect(text.out).toMatch(/say nothing about real people/);
  });
});
