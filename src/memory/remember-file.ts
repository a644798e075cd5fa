/**
 * What `attune memory remember --file` (and any app importing conversations in bulk) reads: JSON or JSONL, every
 * conversation validated before the first is remembered, errors naming the file, line and field.
 */
import { DataError } from '../data/errors.js';
import { AttuneError } from '../model/errors.js';
import type { ChatMessage } from '../model/index.js';
import { toConversation, type RememberInput } from './messages.js';
import type { Attune } from './types.js';

/** One remember call, checked: what `attune.remember` takes. */
export type CheckedRememberInput = Parameters<Attune['remember']>[0];

/** One remember call's input, read from a file or stdin, with the line it came from (none for a whole-file JSON). */
type RememberItem = ({ messages: ChatMessage[]; conversationId?: string; userId?: unknown } | { conversation: unknown }) & {
  file: string;
  line?: number;
  /** One message per line, or a pretty-printed JSON file: the line of each message. */
  lines?: number[];
  /** A whole-file JSON: the line of each top-level key. */
  keyLines?: ReadonlyMap<string, number>;
};

/**
 * Reads what `memory remember` takes: JSON (an array of messages, `{ messages, conversationId?, userId? }` (any other
 * key is refused by name; a userId must be the one being written), or a conversation
 * record `{ id, userId, turns }`), or JSONL: one message per line (one conversation), or one of the JSON forms per line
 * (one conversation per line). A leading byte-order mark and CRLF line ends are accepted.
 */
function readRememberItems(text: string, file: string): RememberItem[] {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trim();
  if (!trimmed) throw new DataError(file, undefined, undefined, 'is empty: give messages as JSON or JSONL');
  let whole: unknown;
  let isJson = true;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    isJson = false;
  }
  if (isJson) {
    const where = wholeJsonLines(trimmed, body.slice(0, body.indexOf(trimmed)).split('\n').length);
    return [{ ...item(whole, file, undefined, where.keys), keyLines: where.keys, ...(where.elements.length ? { lines: where.elements } : {}) }];
  }
  const values: { value: unknown; line: number }[] = [];
  body.split(/\r?\n/).forEach((l, i) => {
    if (!l.trim()) return;
    try {
      values.push({ value: JSON.parse(l), line: i + 1 });
    } catch (e) {
      throw new DataError(file, i + 1, undefined, `not JSON: ${(e as Error).message}`);
    }
  });
  const first = values[0]?.value as { role?: unknown } | undefined;
  if (first && typeof first === 'object' && !Array.isArray(first) && 'role' in first) {
    return [{ messages: values.map((v) => v.value as ChatMessage), file, lines: values.map((v) => v.line) }];
  }
  return values.map((v) => item(v.value, file, v.line));
}

/**
 * Where things sit in a whole-file JSON (pretty-printed over many lines): the line of each top-level key, and the line
 * each message starts on (the elements of a top-level array, or of its "messages" array), so an error in message 37
 * names its line. A linear scan that only tracks strings and nesting; the text is already known to be valid JSON.
 */
function wholeJsonLines(json: string, firstLine: number): { keys: Map<string, number>; elements: number[] } {
  let line = firstLine;
  const keys = new Map<string, number>();
  const elements: number[] = [];
  let depth = 0;
  let messagesArray = false; // inside the top-level "messages" array (depth 2)
  let lastKey = '';
  let expectElement = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '\n') { line++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    const topArray = depth === 1 && json[0] === '[';
    if (expectElement && c !== ']' && (topArray || (messagesArray && depth === 2))) elements.push(line);
    expectElement = false;
    if (c === '"') {
      const start = i;
      for (i++; i < json.length && json[i] !== '"'; i++) if (json[i] === '\\') i++;
      if (depth === 1 && json[0] === '{' && /^\s*:/.test(json.slice(i + 1, i + 40))) {
        lastKey = JSON.parse(json.slice(start, i + 1)) as string;
        keys.set(lastKey, line);
      }
    } else if (c === '[' || c === '{') {
      depth++;
      if (c === '[' && depth === 2 && lastKey === 'messages' && json[0] === '{') messagesArray = true;
      expectElement = c === '[';
    } else if (c === ']' || c === '}') {
      if (depth === 2) messagesArray = false;
      depth--;
    } else if (c === ',') {
      expectElement = true;
    }
  }
  return { keys, elements };
}

function item(v: unknown, file: string, line: number | undefined, keyLines?: ReadonlyMap<string, number>): RememberItem {
  const at = { file, ...(line !== undefined ? { line } : {}) };
  if (Array.isArray(v)) return { messages: v as ChatMessage[], ...at };
  if (v && typeof v === 'object') {
    const o = v as { messages?: unknown; conversationId?: unknown; turns?: unknown; role?: unknown };
    if ('role' in o) return { messages: [v as ChatMessage], ...at }; // a one-message JSONL file
    if (Array.isArray(o.messages)) {
      refuseUnknownKeys(o, file, line, keyLines);
      if (o.conversationId !== undefined && typeof o.conversationId !== 'string') {
        throw new DataError(file, line ?? keyLines?.get('conversationId'), 'conversationId', `must be a string, got ${typeof o.conversationId}`);
      }
      const claimed = (o as { userId?: unknown }).userId;
      return {
        messages: o.messages as ChatMessage[],
        ...(typeof o.conversationId === 'string' ? { conversationId: o.conversationId } : {}),
        ...(claimed !== undefined ? { userId: claimed } : {}),
        ...at,
      };
    }
    if (Array.isArray(o.turns)) return { conversation: v, ...at };
  }
  throw new DataError(file, line, undefined, 'expected an array of { role, content } messages, { messages: [...] }, or a conversation { id, userId, turns }');
}

const MESSAGES_FORM_KEYS = ['messages', 'conversationId', 'userId'] as const;

/** A misspelt key ("conversationID", "userid") would otherwise be dropped without a word and its value lost. */
function refuseUnknownKeys(o: object, file: string, line: number | undefined, keyLines?: ReadonlyMap<string, number>): void {
  for (const key of Object.keys(o)) {
    if ((MESSAGES_FORM_KEYS as readonly string[]).includes(key)) continue;
    const near = MESSAGES_FORM_KEYS.find((k) => k.toLowerCase() === key.toLowerCase().replace(/[_-]/g, ''));
    throw new DataError(file, line ?? keyLines?.get(key), key, `is not a field of { messages, conversationId?, userId? }${near ? ` (did you mean "${near}"?)` : ''}`);
  }
}

/**
 * The remember calls a file asks for, every one validated before the first is made: a bad conversation on line 50
 * is reported (file, line, field) with nothing remembered, not after lines 1-49 were. Two lines giving one
 * conversation id different content are refused the same way.
 */
function rememberInputs(items: readonly RememberItem[], userId: string, conversationIdFlag?: string): CheckedRememberInput[] {
  const seen = new Map<string, { hash: string; line: number | undefined }>();
  return items.map((it) => {
    const claimed = 'messages' in it ? it.userId : undefined;
    if (claimed !== undefined && claimed !== userId) {
      throw new DataError(it.file, it.line ?? it.keyLines?.get('userId'), 'userId', `is ${JSON.stringify(claimed)}, but the memory is being written for ${JSON.stringify(userId)}`);
    }
    const conversationId = 'messages' in it ? (it.conversationId ?? (items.length === 1 ? conversationIdFlag : undefined)) : conversationIdFlag;
    const input: RememberInput = { userId, ...('messages' in it ? { messages: it.messages } : { conversation: it.conversation }), ...(conversationId ? { conversationId } : {}) };
    let checked: ReturnType<typeof toConversation>;
    try {
      checked = toConversation(input);
    } catch (e) {
      if (!AttuneError.isInputError(e)) throw e;
      const message = /^messages\[(\d+)\]/.exec((e as Error).message);
      throw new DataError(it.file, message && it.lines ? it.lines[Number(message[1])] : it.line, undefined, (e as Error).message);
    }
    const before = seen.get(checked.conversation.id);
    if (before && before.hash !== checked.hash) {
      throw new DataError(it.file, it.line, 'conversationId', `${JSON.stringify(checked.conversation.id)} was given${before.line !== undefined ? ` on line ${before.line}` : ''} with other content`);
    }
    seen.set(checked.conversation.id, { hash: checked.hash, line: it.line });
    return 'messages' in it ? { userId, messages: it.messages, ...(conversationId ? { conversationId } : {}) } : { userId, conversation: checked.conversation };
  });
}

export interface ReadRememberFileOptions {
  /** The file's text (a leading byte-order mark and CRLF line ends are accepted). */
  text: string;
  /** Its name, for errors: `chats.jsonl:3: messages[0].content: ...`. */
  file: string;
  userId: string;
  /** The conversation id when the file holds one conversation without its own. */
  conversationId?: string;
}

/**
 * Reads conversations to remember: JSON (an array of messages, `{ messages, conversationId? }`, or a conversation
 * record `{ id, userId, turns }`), or JSONL: one message per line (one conversation), or one of the JSON forms per
 * line (one conversation per line). Every conversation is checked before any is returned, so a caller remembering
 * them in turn writes nothing when line 50 is bad; a DataError names the file, line and field.
 */
export function readRememberFile(o: ReadRememberFileOptions): { inputs: CheckedRememberInput[] } {
  return { inputs: rememberInputs(readRememberItems(o.text, o.file), o.userId, o.conversationId) };
}
