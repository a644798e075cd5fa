import { afterAll, describe, expect, it } from 'vitest';
import { defaultEmbedder } from '../../src/embed/default.js';
import { tempDir } from '../support/tmp.js';
import { chat, sqliteAttune } from './support.js';

// With the default embedder (USE-lite), a paraphrase is closer than DEFAULT_SAME_DISTANCE and a different
// taste is not: at the earlier 0.3, "loves rock" (0.32 from "loves jazz") was near the edge and "enjoys rock
// music" (0.26 from "enjoys jazz music") was absorbed into the jazz attribute as a reinforcement.
describe('remember with the default embedder: the same attribute said again vs a different one', () => {
  const { attune } = sqliteAttune(tempDir('attune-same-'), 'same', { embedder: defaultEmbedder() });
  afterAll(() => attune.close());

  it('keeps a different taste apart and reinforces a paraphrase', async () => {
    await attune.remember({ userId: 'u1', messages: chat('I enjoy jazz music.') });
    const rock = await attune.remember({ userId: 'u1', messages: chat('I enjoy rock music.') });
    expect(rock.changes.map((c) => c.kind)).toEqual(['created']);
    await attune.remember({ userId: 'u1', messages: chat('I have two kids.') });
    const children = await attune.remember({ userId: 'u1', messages: chat('I have two children.') });
    expect(children.changes.map((c) => c.kind)).toEqual(['reinforced']);
    expect((await attune.profile({ userId: 'u1' })).attributes.map((a) => a.text).sort()).toEqual([
      'The user enjoys jazz music', 'The user enjoys rock music', 'The user has two kids',
    ]);
  });
});
