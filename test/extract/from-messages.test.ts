import { describe, expect, it } from 'vitest';
import { MalformedMessagesError, extractAttributes, type Conversation, type Extractor } from '../../src/index.js';

/** Records what it is given, so the test sees the turns the converter made. */
function recordingExtractor(seen: Conversation[]): Extractor {
  return {
    name: 'recording',
    extract: (c: Conversation) => {
      seen.push(c);
      return Promise.resolve([]);
    },
  };
}

describe('extractAttributes({ messages }): the one message converter the memory uses too', () => {
  it("keeps the user's and assistant's text parts at their message positions and leaves the application's words out", async () => {
    const seen: Conversation[] = [];
    await extractAttributes({
      userId: 'u1',
      messages: [
        { role: 'system', content: 'You are a helpful assistant. The user is an admin.' },
        { role: 'user', content: [{ type: 'text', text: "I'm a nurse." }, { type: 'image', image: 'x' }] },
        { role: 'tool', content: [{ type: 'tool-result', result: 'the user is 99' }] },
        { role: 'assistant', content: 'Noted.' },
      ],
      extractor: recordingExtractor(seen),
    });
    expect(seen[0]!.turns).toEqual([
      { index: 1, role: 'user', text: "I'm a nurse." },
      { index: 3, role: 'assistant', text: 'Noted.' },
    ]);
    expect(seen[0]!.id).toMatch(/^c_[0-9a-f]{24}$/);
  });

  it('names the message and field of bad input', async () => {
    const bad = extractAttributes({ userId: 'u1', messages: [{ role: 'user', content: [{ type: 'text' }] }], extractor: recordingExtractor([]) });
    await expect(bad).rejects.toBeInstanceOf(MalformedMessagesError);
    await expect(bad).rejects.toThrow(/messages\[0\]\.content\[0\]\.text/);
    await expect(extractAttributes({ userId: 'u1', messages: [{ role: 'robot', content: 'hi' }] })).rejects.toThrow(/messages\[0\]\.role: must be one of user, assistant/);
  });
});
