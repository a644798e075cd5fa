import { afterEach, describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/client.js';
import { loadLlmConfig } from '../../src/llm/config.js';
import { startTestLlmServer, type Script, type TestLlmServer } from '../../src/llm/testing/server.js';
import type { Response, ResponsePair } from '../../src/model/index.js';
import { judgedAttributes, pairResponses, runComparisonJudge, runPreferenceJudge, summarizePreferences } from '../../src/stages/respond/judge.js';
import { assignOrder } from '../../src/stages/respond/judge-prompts.js';

const resp = (generator: string, userId: string, promptId: string, mode: Response['mode'], text: string, attributes: string[] = []): Response => ({ userId, promptId, generator, mode, text, attributes });

describe('pairResponses', () => {
  it('joins generic and personalized responses by generator, user and prompt, with relevance from the labels', () => {
    const rs = [
      resp('g1', 'u1', 'p1', 'generic', 'G'),
      resp('g1', 'u1', 'p1', 'personalized_llm', 'L', ['A', 'B']),
      resp('g1', 'u1', 'p1', 'personalized_human', 'H', ['A']),
      resp('g2', 'u1', 'p1', 'personalized_human', 'X', ['A']), // no generic of g2
    ];
    const labels = [
      { userId: 'u1', promptId: 'p1', attribute: 'A', relevant: true },
      { userId: 'u1', promptId: 'p1', attribute: 'B', relevant: false },
    ];
    const { pairs, unpaired } = pairResponses(rs, labels);
    expect(unpaired).toBe(1);
    expect(pairs.map((p) => [p.id, p.generic, p.personalized])).toEqual([['g1:u1_p1', 'G', 'H'], ['g1:u1_p1#llm', 'G', 'L']]);
    expect(pairs[1]!.attributes).toEqual([{ text: 'A', relevant: true }, { text: 'B', relevant: false }]);
    expect(judgedAttributes(pairs[1]!)).toEqual(['A']);
    expect(pairResponses([rs[0]!, rs[1]!]).pairs[0]!.attributes).toEqual([{ text: 'A' }, { text: 'B' }]);
  });
});

describe('judge runners over the test server', () => {
  let server: TestLlmServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function client(script: Script) {
    server = await startTestLlmServer({ script });
    return createLlmClient({
      model: 'local/judge-model',
      config: loadLlmConfig({ env: {}, config: { providers: { local: { kind: 'openai-compatible', baseURL: server.baseURL } } } }),
      retry: { maxRetries: 0 },
    });
  }

  const pairs: ResponsePair[] = Array.from({ length: 20 }, (_, i) => ({
    id: `g:u${i}_p${i}`, userId: `u${i}`, promptId: `p${i % 4}`, generator: 'g',
    generic: `generic ${i}`, personalized: `personalized ${i}`, attributes: [{ text: 'The user is a nurse.' }, { text: 'The user cooks.', relevant: false }],
  }));
  const prompts = new Map([0, 1, 2, 3].map((i) => [`p${i}`, `Prompt ${i}`]));

  it('orders depend on (seed, pair id) only, mix across pairs, and map B-vs-A scores back to the paper scale', async () => {
    // The judge always says B is somewhat better (4): personalized gets 4 when shown second, 2 when first.
    const llm = await client(() => 'Reasoning.\n{"ratings": [{"attribute": 1, "score": 4}]}');
    const run = await runComparisonJudge(llm, pairs, prompts, { seed: 3 });
    expect(server!.calls).toBe(20);
    expect(run.judge).toBe('local/judge-model');
    const orders = run.calls.map((c) => c.order);
    expect(orders).toEqual(pairs.map((p) => assignOrder(3, p.id)));
    expect(new Set(orders).size).toBe(2);
    // Irrelevant attributes are not judged: one rating per pair.
    expect(run.ratings).toHaveLength(20);
    for (const r of run.ratings) {
      expect(r).toMatchObject({ rater: 'local/judge-model', raterKind: 'llm', attribute: 'The user is a nurse.' });
      expect(r.score).toBe(r.order === 'generic_first' ? 4 : 2);
    }
    // The order of a pair does not depend on the other pairs judged.
    const one = await runComparisonJudge(llm, [pairs[7]!], prompts, { seed: 3 });
    expect(one.calls[0]!.order).toBe(run.calls[7]!.order);
    // The single-pair run replayed from the client's cache; the request it made first shows the recorded order.
    expect(one.calls[0]!.cached).toBe(true);
    expect(server!.calls).toBe(20);
    const req = server!.requests.map((r) => r.body.messages.at(-1)!.content as string).find((t) => t.includes('"generic 7"'))!;
    const [a, b] = one.calls[0]!.order === 'generic_first' ? ['generic 7', 'personalized 7'] : ['personalized 7', 'generic 7'];
    expect(req).toContain(`Response A:\n"${a}"\n`);
    expect(req).toContain(`Response B:\n"${b}"\n`);
  });

  it('counts outputs with no score, parses the text fallback, and records failed calls with onError skip', async () => {
    const llm = await client((req) => {
      if (req.lastUserText.includes('"generic 1"')) throw new Error('down');
      if (req.lastUserText.includes('"generic 2"')) return 'I cannot decide.';
      return '1: somewhat better';
    });
    const run = await runComparisonJudge(llm, pairs.slice(0, 4), prompts, { seed: 1, onError: 'skip', name: 'judge-z' });
    expect(run.failed.map((f) => f.pairId)).toEqual(['g:u1_p1']);
    expect(run.unparsed).toBe(1);
    expect(run.ratings.map((r) => r.pairId)).toEqual(['g:u0_p0', 'g:u3_p3']);
    expect(run.ratings.every((r) => r.rater === 'judge-z')).toBe(true);
    expect(run.calls.find((c) => c.pairId === 'g:u0_p0')!.via).toBe('text');
  });

  it('fails before any call when a prompt text is missing', async () => {
    const llm = await client(() => '{}');
    await expect(runComparisonJudge(llm, [{ ...pairs[0]!, promptId: 'nope' }], prompts)).rejects.toThrow(/no prompt text for prompt nope/);
    expect(server!.calls).toBe(0);
  });

  it('preference judge: verdicts mapped to generic / personalized, consistency across orders and first-position share', async () => {
    const llm = await client(() => 'Answer: A'); // always the first shown
    const run = await runPreferenceJudge(llm, pairs.slice(0, 5), prompts, { seed: 2, bothOrders: true });
    expect(server!.calls).toBe(10);
    for (const j of run.judgments) expect(j.preferred).toBe(j.order === 'generic_first' ? 'generic' : 'personalized');
    expect(run.summary).toMatchObject({ n: 10, bothOrders: 5, consistent: 0, firstShown: 1, personalized: 0.5, generic: 0.5, tie: 0 });
    expect(summarizePreferences('x', [{ rater: 'x', pairId: 'a', order: 'generic_first', output: '', cached: false }]).n).toBe(0);
  });
});
