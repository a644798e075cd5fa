/**
 * readRememberFile (what `attune memory remember --file` reads): every conversation of a file is checked before the
 * first is returned, so a bad line 3 is reported (file, line, field) with lines 1-2 not remembered; a byte-order
 * mark and CRLF are read.
 */
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { readRememberFile } from '../../src/memory/index.js';

const inputs = (text: string, file: string) => readRememberFile({ text, file, userId: 'u1' }).inputs;

const line = (content: unknown) => JSON.stringify({ messages: [{ role: 'user', content }] });
const error = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('memory remember input', () => {
  it('a bad conversation on line 3 fails the whole file before anything is remembered, naming file, line and field', () => {
    const text = `${line('I keep bees')}\n${line('I am a vegetarian')}\n${line(5)}\n`;
    expect(inputs(text.split('\n').slice(0, 2).join('\n'), 'chats.jsonl')).toHaveLength(2);
    expect(error(() => inputs(text, 'chats.jsonl'))).toMatch(/^chats\.jsonl:3: messages\[0\]\.content: must be a string/);
    expect(error(() => inputs(`${line('I keep bees')}\n${line('I live in Porto\u0000')}\n`, 'chats.jsonl'))).toMatch(/^chats\.jsonl:2: .*NUL/);
  });

  it('one message per line: the error names the line of the bad message', () => {
    const text = `${JSON.stringify({ role: 'user', content: 'I keep bees' })}\n\n${JSON.stringify({ role: 'user' })}\n`;
    expect(error(() => inputs(text, 'chat.jsonl'))).toMatch(/^chat\.jsonl:3: messages\[1\]\.content/);
  });

  it('one conversation id with two contents in one file is refused before anything is remembered', () => {
    const a = JSON.stringify({ conversationId: 'c1', messages: [{ role: 'user', content: 'I keep bees' }] });
    const b = JSON.stringify({ conversationId: 'c1', messages: [{ role: 'user', content: 'I keep goats' }] });
    expect(error(() => inputs(`${a}\n${b}\n`, 'f.jsonl'))).toMatch(/^f\.jsonl:2: field "conversationId": "c1" was given on line 1 with other content/);
    expect(inputs(`${a}\n${a}\n`, 'f.jsonl')).toHaveLength(2);
  });

  it('a byte-order mark and CRLF line ends are read, in JSONL as in JSON', () => {
    const jsonl = `\uFEFF${JSON.stringify({ role: 'user', content: 'I keep bees' })}\r\n${JSON.stringify({ role: 'assistant', content: 'ok' })}\r\n`;
    const [one] = inputs(jsonl, 'bom.jsonl');
    expect(one!.messages).toEqual([{ role: 'user', content: 'I keep bees' }, { role: 'assistant', content: 'ok' }]);
    expect(inputs(`\uFEFF[{"role":"user","content":"I keep bees"}]`, 'bom.json')).toHaveLength(1);
  });

  it('a misspelt or unknown key is refused by name, not dropped with its value', () => {
    const bad = (o: object) => error(() => inputs(`${JSON.stringify({ messages: [{ role: 'user', content: 'I keep bees' }], ...o })}\n${line('ok')}\n`, 'f.jsonl'));
    expect(bad({ conversationID: 'c1' })).toMatch(/^f\.jsonl:1: field "conversationID": is not a field .*did you mean "conversationId"/);
    expect(bad({ user_id: 'u1' })).toMatch(/field "user_id".*did you mean "userId"/);
    expect(bad({ tags: ['x'] })).toMatch(/field "tags": is not a field/);
    expect(bad({ conversationId: 7 })).toMatch(/field "conversationId": must be a string/);
    expect(inputs(`${JSON.stringify({ userId: 'u1', conversationId: 'c1', messages: [{ role: 'user', content: 'I keep bees' }] })}\n`, 'f.jsonl')).toHaveLength(1);
  });

  it("a line naming another user is refused: one file cannot write into someone else's memory", () => {
    const text = `${line('I keep bees')}\n${JSON.stringify({ userId: 'u2', messages: [{ role: 'user', content: 'I live in Oslo' }] })}\n`;
    expect(error(() => inputs(text, 'f.jsonl'))).toMatch(/^f\.jsonl:2: field "userId": is "u2", but the memory is being written for "u1"/);
  });

  it('a pretty-printed JSON file: the error names the line of the bad message or key', () => {
    const messages = [{ role: 'user', content: 'I keep bees' }, { role: 'assistant', content: 'Nice!' }, { role: 'user', content: 5 }];
    expect(error(() => inputs(JSON.stringify(messages, null, 2), 'chat.json'))).toMatch(/^chat\.json:10: messages\[2\]\.content/);
    expect(error(() => inputs(`\n${JSON.stringify({ messages }, null, 2)}`, 'chat.json'))).toMatch(/^chat\.json:12: messages\[2\]/);
    const keyed = (o: object) => error(() => inputs(JSON.stringify({ messages: messages.slice(0, 2), ...o }, null, 2), 'c.json'));
    expect(keyed({ conversation_id: 'c1' })).toMatch(/^c\.json:12: field "conversation_id".*did you mean "conversationId"/);
    expect(keyed({ userId: 'u2' })).toMatch(/^c\.json:12: field "userId": is "u2"/);
    expect(error(() => inputs('[{"role":"user","content":"a \\" [x, y"},\n {"role":"user"}]', 'q.json'))).toMatch(/^q\.json:2: messages\[1\]/);
  });
});
