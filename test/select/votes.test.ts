import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../src/model/index.js';
import { VoteSelector } from '../../src/stages/select/votes.js';

const votes: Prediction[] = [
  { userId: 'u1', promptId: 'p1', attribute: 'A', system: 'gpt', relevant: true },
  { userId: 'u1', promptId: 'p1', attribute: 'B', system: 'gpt', relevant: false, score: 0.2 },
  { userId: 'u1', promptId: 'p1', attribute: 'A', system: 'gemma', relevant: false },
  { userId: 'u1', promptId: 'p1', attribute: 'B', system: 'gpt', relevant: true, round: 'r2' },
];
const pair = (attribute: string) => ({ userId: 'u1', promptId: 'p1', promptText: 'x', attribute });

describe('VoteSelector', () => {
  it('replays one system\'s votes by pair key', async () => {
    const sel = new VoteSelector(votes, 'gpt');
    expect(sel.name).toBe('votes:gpt');
    expect(sel.duplicates).toBe(1);
    expect(await sel.select([pair('A'), pair('B')])).toEqual([{ relevant: true }, { relevant: true }]);
    const gem = new VoteSelector(votes, 'gemma');
    expect(await gem.select([pair('A')])).toEqual([{ relevant: false }]);
  });

  it('filters by round and keeps scores', async () => {
    const sel = new VoteSelector(votes, 'gpt', { round: undefined });
    expect(sel.size).toBe(2);
    const r2 = new VoteSelector(votes, 'gpt', { round: 'r2' });
    expect(r2.size).toBe(1);
    const first = new VoteSelector(votes.slice(0, 2), 'gpt');
    expect(await first.select([pair('B')])).toEqual([{ relevant: false, score: 0.2 }]);
  });

  it('reports coverage and throws a clear error on a pair without a vote', async () => {
    const sel = new VoteSelector(votes, 'gemma');
    expect(sel.coverage([pair('A'), pair('B')])).toMatchObject({ covered: 1, total: 2, rate: 0.5 });
    await expect(sel.select([pair('A'), pair('B')])).rejects.toThrow(/1 of 2 pairs have no recorded vote.*attribute "B"/);
  });

  it('can mark missing pairs instead', async () => {
    const sel = new VoteSelector(votes, 'gemma', { onMissing: 'mark' });
    expect(await sel.select([pair('A'), pair('B')])).toEqual([{ relevant: false }, { relevant: false, missing: true }]);
  });

  it('names the systems present when the requested one is absent', () => {
    expect(() => new VoteSelector(votes, 'claude')).toThrow(/systems present: gemma, gpt/);
  });
});
