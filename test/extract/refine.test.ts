import { afterEach, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type TestLlmRequest, type TestLlmServer } from '../../src/llm/testing/server.js';
import type { Conversation } from '../../src/model/index.js';
import { openStore } from '../../src/store/open.js';
import { LlmExtractor } from '../../src/stages/extract/llm-extractor.js';
import { refineExtraction } from '../../src/stages/extract/refine.js';
import { saveRefineRun } from '../../src/eval/refine-run.js';
import { LlmVerifier, type Verification, type Verifier, type VerifyItem } from '../../src/stages/extract/verify/index.js';

const servers: TestLlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const convs: Conversation[] = [
  { id: 'c1', userId: 'u1', turns: [{ index: 0, role: 'user', text: "Translate 'where is the station' into French. I'm a nurse on night shifts." }, { index: 1, role: 'assistant', text: 'Où est la gare ?' }] },
  { id: 'c2', userId: 'u1', turns: [{ index: 0, role: 'user', text: 'Write a cover letter for a marketing manager with 5 years of experience.' }, { index: 1, role: 'assistant', text: 'Dear ...' }] },
  { id: 'c3', userId: 'u2', turns: [{ index: 0, role: 'user', text: 'Give me three names for a bakery.' }, { index: 1, role: 'assistant', text: 'A, B, C' }, { index: 2, role: 'user', text: 'I like the second one. I run a bakery in Leeds.' }] },
];

const attr = (text: string, reason: string, turn: number) => ({ text, reason, confidence: 0.7, evidenceTurns: [turn] });
const firstExtraction: Record<string, unknown[]> = {
  c1: [attr('The user is learning French.', 'asked for a translation', 0), attr('The user works night shifts as a nurse.', "says I'm a nurse", 0)],
  c2: [attr('The user has 5 years of marketing experience.', 'cover letter', 0)],
  c3: [attr('The user likes the second option.', 'said I like the second one', 2), attr('The user runs a bakery in Leeds.', 'says so', 2)],
};
/** Round-1 replacements, by the flagged text; c2's is withdrawn (no replacement). */
const replacements: Record<string, unknown> = {
  'The user is learning French.': attr('The user needed a French phrase for a trip.', 'asked to translate a travel phrase', 0),
  'The user likes the second option.': attr('The user is choosing a name for their bakery.', 'asked for bakery names and runs a bakery', 2),
};

/** The extractor's model: first extraction by conversation id, refinement by the flagged texts listed in the prompt. */
function extractorScript(req: TestLlmRequest) {
  const prompt = String(req.body.messages.find((m) => m.role === 'user')!.content);
  const id = JSON.parse(/Conversation ("[^"]*"):/.exec(prompt)![1]!) as string;
  if (!prompt.includes('A reviewer flagged')) return { json: { attributes: firstExtraction[id] } };
  const flagged = [...prompt.matchAll(/^(\d+)\. (".+)$/gm)].map((m) => [Number(m[1]), JSON.parse(m[2]!) as string] as const);
  const out: Record<string, unknown>[] = flagged.filter(([, t]) => replacements[t]).map(([i, t]) => ({ ...(replacements[t] as object), replaces: i }));
  // a second replacement for the same index is ignored by the extractor
  if (out.length) out.push({ ...(out[0] as object), text: 'The user duplicates.', replaces: out[0]!.replaces });
  return { json: { attributes: out } };
}

const PROBLEMS: [RegExp, Verification['failureMode']][] = [[/learning French/, 'overgeneralization'], [/marketing experience/, 'task_context_confusion'], [/second option/, 'not_standalone']];

/** A verifier that flags the planted problems (and, when `strict`, everything). */
class RuleVerifier implements Verifier {
  readonly name = 'rule';
  calls = 0;
  constructor(private readonly strict = false) {}
  async verify(items: readonly VerifyItem[]): Promise<Verification[]> {
    this.calls++;
    return items.map((it) => {
      const hit = PROBLEMS.find(([re]) => re.test(it.attribute.text));
      const flagged = this.strict || hit !== undefined;
      return {
        userId: it.userId, attribute: it.attribute.text, flagged,
        verdict: flagged ? 'doesnt_make_sense' : 'makes_sense',
        ...(flagged ? { failureMode: hit?.[1] ?? 'other' } : {}),
        reason: flagged ? `flagged: ${hit?.[1] ?? 'strict'}` : 'fine',
      };
    });
  }
}

async function setup() {
  const server = await startTestLlmServer({ script: extractorScript });
  servers.push(server);
  const llm = createLlmClient({ model: 'local/x', config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: server.baseURL } }) });
  const extractor = new LlmExtractor(llm);
  const raw = await Promise.all(convs.map((c) => extractor.extract(c)));
  return { server, extractor, raw };
}

describe('verify-and-refine', () => {
  it('sends flagged attributes back with the reason, converges within the bound and records every step', async () => {
    const { server, extractor, raw } = await setup();
    const verifier = new RuleVerifier();
    const rounds: [number, number][] = [];
    const r = await refineExtraction(extractor, verifier, convs, raw, { maxRounds: 2, onRound: (k, n) => rounds.push([k, n]) });
    expect(r.converged).toBe(true);
    expect(r.rounds).toBe(1);
    expect(rounds).toEqual([[0, 3], [1, 0]]);
    expect(verifier.calls).toBe(2);
    // two refine calls (c1 and c2 each one flagged, c3 one flagged -> three conversations)
    expect(server.calls).toBe(3 + 3);
    const refinePrompt = String(server.requests.find((q) => String(q.body.messages[1]!.content).includes('Conversation "c2":') && String(q.body.messages[1]!.content).includes('A reviewer flagged'))!.body.messages.at(-1)!.content);
    expect(refinePrompt).toContain('reviewer: [task_context_confusion] "flagged: task_context_confusion"');

    expect(r.log.map((s) => [s.round, s.conversationId, s.attribute, s.action, s.replacement])).toEqual([
      [0, 'c1', 'The user works night shifts as a nurse.', 'accepted', undefined],
      [0, 'c3', 'The user runs a bakery in Leeds.', 'accepted', undefined],
      [0, 'c1', 'The user is learning French.', 'replaced', 'The user needed a French phrase for a trip.'],
      [0, 'c2', 'The user has 5 years of marketing experience.', 'withdrawn', undefined],
      [0, 'c3', 'The user likes the second option.', 'replaced', 'The user is choosing a name for their bakery.'],
      [1, 'c1', 'The user needed a French phrase for a trip.', 'accepted', undefined],
      [1, 'c3', 'The user is choosing a name for their bakery.', 'accepted', undefined],
    ]);
    expect(r.log.filter((s) => s.action !== 'accepted').every((s) => s.verdict === 'doesnt_make_sense' && s.failureMode && s.reason.startsWith('flagged'))).toBe(true);
    expect([...r.profiles.entries()].map(([u, a]) => [u, a.map((x) => x.text)])).toEqual([
      ['u1', ['The user works night shifts as a nurse.', 'The user needed a French phrase for a trip.']],
      ['u2', ['The user runs a bakery in Leeds.', 'The user is choosing a name for their bakery.']],
    ]);
    expect(r.stats).toMatchObject({ initial: 5, flaggedInitially: 3, replaced: 2, withdrawn: 1, dropped: 0, final: 4, acceptedInitialRate: 0.4, acceptedFinalRate: 1 });
  });

  it('stops after maxRounds when the verifier is never satisfied, dropping (or keeping) what is still flagged', async () => {
    const { extractor, raw } = await setup();
    const r = await refineExtraction(extractor, new RuleVerifier(true), convs, raw, { maxRounds: 1 });
    expect(r.converged).toBe(false);
    expect(r.rounds).toBe(1);
    expect(Math.max(...r.log.map((s) => s.round))).toBe(1);
    expect(r.log.filter((s) => s.round === 1).map((s) => s.action)).toEqual(['dropped', 'dropped']);
    expect([...r.profiles.values()].flat()).toEqual([]);
    const kept = await refineExtraction(extractor, new RuleVerifier(true), convs, raw, { maxRounds: 0, unresolved: 'keep' });
    expect(kept.rounds).toBe(0);
    expect(kept.log.map((s) => s.action)).toEqual(['kept', 'kept', 'kept', 'kept', 'kept']);
    expect(kept.stats.acceptedFinalRate).toBe(0);
  });

  it('runs with the LLM verifier over HTTP too, and saves the run with its log in the store', async () => {
    const { extractor } = await setup();
    const judge = await startTestLlmServer({
      script: (q) => {
        const hit = PROBLEMS.find(([re]) => re.test(q.lastUserText.split('\n')[0]!));
        return { json: hit ? { verdict: 'doesnt_make_sense', failureMode: hit[1], reason: `judge: ${hit[1]}` } : { verdict: 'makes_sense', failureMode: null, reason: 'ok' } };
      },
    });
    servers.push(judge);
    const verifier = new LlmVerifier(createLlmClient({ model: 'local/judge', config: loadLlmConfig({ env: { ATTUNE_LLM_BASE_URL: judge.baseURL } }) }));
    const raw = await Promise.all(convs.map((c) => extractor.extract(c)));
    const r = await refineExtraction(extractor, verifier, convs, raw, { maxRounds: 2 });
    expect(r.converged).toBe(true);
    expect(judge.calls).toBe(5 + 2);
    expect(r.log.find((s) => s.action === 'withdrawn')?.reason).toBe('judge: task_context_confusion');

    const store = await openStore(':memory:');
    try {
      const id = await saveRefineRun(store, { dataset: 'refine-test', extractor: extractor.name, verifier: verifier.name, maxRounds: 2 }, r);
      const run = await store.getRun(id);
      expect(run).toMatchObject({ stage: 'extract', dataset: 'refine-test', params: { maxRounds: 2 } });
      expect((run!.metrics as { log: unknown[] }).log).toEqual(r.log);
      expect(run!.finishedAt).toBeDefined();
    } finally {
      await store.close();
    }
  });
});
