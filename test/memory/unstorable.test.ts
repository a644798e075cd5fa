/**
 * Text no store keeps as given (a NUL, a lone surrogate) is refused by the library itself, so the MCP server,
 * the CLI and the AI SDK tools refuse it like the REST API does: on SQLite it was stored, on Postgres the
 * same call failed with an internal error.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { AttuneError } from '../../src/memory/index.js';
import { tempDir } from '../support/tmp.js';
import { sqliteAttune } from './support.js';

const dir = tempDir('attune-unstorable-');
const { attune } = sqliteAttune(dir, 'u');
afterAll(() => attune.close());

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (!AttuneError.isInstance(e)) throw e;
    return `${e.code}: ${e.message}`;
  }
}

describe('text a store cannot keep', () => {
  it('remember refuses a NUL or a lone surrogate in messages, conversations and facts, naming the field, and stores nothing', async () => {
    expect(await code(attune.remember({ userId: 'ana', messages: [{ role: 'user', content: 'I live in Porto.\u0000 I am a nurse.' }] }))).toMatch(/^malformed_messages: messages\[0\]\.content: .*NUL/);
    expect(await code(attune.remember({ userId: 'ana', messages: [{ role: 'assistant', content: 'hi' }, { role: 'user', content: [{ type: 'text', text: 'I am a nurse \ud800' }] }] }))).toMatch(/^malformed_messages: messages\[1\]\.content: .*surrogate/);
    const conversation = { id: 'c1', userId: 'ana', turns: [{ index: 0, role: 'user' as const, text: 'I am a pilot\u0000' }] };
    expect(await code(attune.remember({ userId: 'ana', conversation }))).toMatch(/^malformed_messages: conversation\.turns\.0\.text: .*NUL/);
    expect(await code(attune.remember({ userId: 'ana', facts: ['I am vegetarian\u0000'] }))).toMatch(/^invalid_argument: .*facts\.0.*NUL/);
    expect(await code(attune.remember({ userId: 'an\u0000a', messages: [{ role: 'user', content: 'I am a nurse.' }] }))).toMatch(/^invalid_argument: .*userId.*NUL/);
    expect((await attune.profile({ userId: 'ana' })).attributes).toEqual([]);
  });

  it('an edit to such a text is refused and the attribute keeps its text', async () => {
    const r = await attune.remember({ userId: 'rui', messages: [{ role: 'user', content: 'I am a nurse.' }] });
    const id = r.changes[0]!.attributeId;
    expect(await code(attune.correct({ userId: 'rui', attributeId: id, action: 'edit', text: 'The user is a pilot\u0000' }))).toMatch(/^invalid_argument: .*text.*NUL/);
    expect((await attune.profile({ userId: 'rui' })).attributes.map((a) => a.text)).toEqual(['The user is a nurse']);
  });
});
