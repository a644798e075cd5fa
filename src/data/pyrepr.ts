/**
 * A small recursive-descent parser for Python literals, the text `repr()` or `str()` of a list or dict
 * produces (what `ast.literal_eval` accepts, minus bytes and complex numbers).
 *
 * - str: '...' or "..." (also triple-quoted, r/u prefixes, adjacent literals concatenated) with the
 *   escapes \\ \' \" \a \b \f \n \r \t \v \<newline>, octal \ooo, \xhh, \uXXXX, \UXXXXXXXX;
 *   an unknown escape keeps its backslash, as Python does.
 * - int and float: sign, underscores, fraction, exponent, 0x/0o/0b; also `inf` and `nan`, which repr
 *   writes for floats (they become Infinity and NaN).
 * - True, False, None -> true, false, null.
 * - list, tuple, set (and `set()` / `frozenset(...)`) -> arrays; dict -> a plain object whose keys are
 *   the str keys as they are and the other scalar keys as text (1 -> "1", True -> "True", None -> "None").
 *
 * Errors are PythonLiteralError with the 0-based character position.
 */
import { AttuneError } from '../model/errors.js';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Text that is not a Python literal (code `invalid_data`); names the position. */
export class PythonLiteralError extends AttuneError {
  constructor(
    /** 0-based index into the text. */
    readonly position: number,
    readonly detail: string,
  ) {
    super('invalid_data', `${detail} at position ${position}`);
    this.name = 'PythonLiteralError';
  }
}

const MAX_DEPTH = 500;

/** Parses one Python literal; the whole text (bar surrounding whitespace) must be that literal. */
export function parsePythonLiteral(text: string): PyValue {
  const p = new Parser(text);
  p.skipSpace();
  const value = p.value(0);
  p.skipSpace();
  if (p.pos < text.length) p.fail(`unexpected ${describe(text, p.pos)} after the value`);
  return value;
}

/** True when the text looks like a Python container or scalar literal rather than prose. */
export function looksLikePythonLiteral(text: string): boolean {
  const t = text.trim();
  return /^[[({]/.test(t) || /^(True|False|None)$/.test(t) || /^[-+]?(\d|\.\d)[\d_.eE+-]*$/.test(t);
}

function describe(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  return JSON.stringify(text[pos]);
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?)/y;

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(detail: string, at = this.pos): never {
    throw new PythonLiteralError(at, detail);
  }

  /** An opener at `start` whose closer never comes. */
  unclosed(start: number): never {
    return this.fail(`unclosed ${JSON.stringify(this.text[start])}`, start);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      // space, tab, newline, carriage return, form feed, vertical tab
      if (c === 32 || (c >= 9 && c <= 13)) this.pos++;
      else if (c === 0x5c && (t[this.pos + 1] === '\n' || t[this.pos + 1] === '\r')) this.pos += 2; // explicit line joining
      else break;
    }
  }

  value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    const t = this.text;
    const c = t[this.pos];
    if (c === undefined) this.fail('unexpected end of input, expected a value');
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.paren(depth);
    if (c === '{') return this.braces(depth);
    if (c === "'" || c === '"') return this.strings();
    if (/[-+.\d]/.test(c)) return this.number();
    WORD.lastIndex = this.pos;
    const m = WORD.exec(t);
    if (m) {
      const word = m[0];
      const q = t[this.pos + word.length];
      if ((q === "'" || q === '"') && /^[rRuUbB]{1,2}$/.test(word)) return this.strings();
      switch (word) {
        case 'True': this.pos += 4; return true;
        case 'False': this.pos += 5; return false;
        case 'None': this.pos += 4; return null;
        case 'inf': this.pos += 3; return Infinity;
        case 'nan': this.pos += 3; return NaN;
        case 'set':
        case 'frozenset': return this.setCall(word, depth);
      }
      this.fail(`unexpected name ${JSON.stringify(word)}`);
    }
    this.fail(`unexpected ${describe(t, this.pos)}, expected a value`);
  }

  /** `[a, b,]` or the inside of a tuple/set after its opener; returns the items. */
  sequence(close: string, depth: number, start = this.pos): PyValue[] {
    this.pos++; // the opener, or the comma after a tuple's or set's first item
    const items: PyValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) { this.pos++; return items; }
      if (this.pos >= this.text.length) this.unclosed(start);
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === close) { this.pos++; return items; }
      if (c === undefined) this.unclosed(start);
      this.fail(`expected "," or ${JSON.stringify(close)}, got ${describe(this.text, this.pos)}`);
    }
  }

  /** `()` empty tuple, `(x)` parenthesised value, `(x,)` / `(x, y)` tuple. */
  paren(depth: number): PyValue {
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ')') { this.pos++; return []; }
    const first = this.value(depth + 1);
    this.skipSpace();
    if (this.text[this.pos] === ')') { this.pos++; return first; }
    if (this.pos >= this.text.length) this.unclosed(start);
    if (this.text[this.pos] !== ',') this.fail(`expected "," or ")", got ${describe(this.text, this.pos)}`);
    // Re-use the sequence loop from the comma: it treats the comma as the opener.
    const rest = this.sequence(')', depth, start);
    return [first, ...rest];
  }

  /** `{}` dict, `{k: v, ...}` dict, `{a, b}` set. */
  braces(depth: number): PyValue {
    const start = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') { this.pos++; return {}; }
    const keyAt = this.pos;
    const first = this.value(depth + 1);
    this.skipSpace();
    if (this.text[this.pos] !== ':') {
      // a set
      if (this.text[this.pos] === '}') { this.pos++; return [first]; }
      if (this.pos >= this.text.length) this.unclosed(start);
      if (this.text[this.pos] !== ',') this.fail(`expected ",", ":" or "}", got ${describe(this.text, this.pos)}`);
      return [first, ...this.sequence('}', depth, start)];
    }
    const entries: [string, PyValue][] = [];
    let key = first;
    let at = keyAt;
    for (;;) {
      // here: at ':'
      this.pos++;
      this.skipSpace();
      entries.push([dictKey(key, at, this), this.value(depth + 1)]);
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === '}') { this.pos++; break; }
      if (c === undefined) this.unclosed(start);
      if (c !== ',') this.fail(`expected "," or "}", got ${describe(this.text, this.pos)}`);
      this.pos++;
      this.skipSpace();
      if (this.text[this.pos] === '}') { this.pos++; break; }
      at = this.pos;
      key = this.value(depth + 1);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ":" after a dict key, got ${describe(this.text, this.pos)}`);
    }
    return Object.fromEntries(entries) as { [key: string]: PyValue };
  }

  setCall(word: string, depth: number): PyValue[] {
    this.pos += word.length;
    this.skipSpace();
    if (this.text[this.pos] !== '(') this.fail(`expected "(" after ${word}`);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ')') { this.pos++; return []; }
    const argAt = this.pos;
    const arg = this.value(depth + 1);
    this.skipSpace();
    if (this.text[this.pos] !== ')') this.fail(`expected ")" to close ${word}(`);
    this.pos++;
    if (Array.isArray(arg)) return arg;
    if (typeof arg === 'string') return [...new Set(arg)];
    if (arg !== null && typeof arg === 'object') return Object.keys(arg);
    this.fail(`${word}() needs an iterable`, argAt);
  }

  number(): number {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(this.text);
    const sign = this.text[start] === '-' ? -1 : 1;
    if (!m) {
      // a sign before inf/nan, or a stray sign
      const c = this.text[start];
      if (c === '-' || c === '+') {
        this.pos++;
        WORD.lastIndex = this.pos;
        const w = WORD.exec(this.text);
        if (w?.[0] === 'inf') { this.pos += 3; return sign * Infinity; }
        if (w?.[0] === 'nan') { this.pos += 3; return NaN; }
      }
      this.fail(`malformed number`, start);
    }
    const raw = m[0];
    this.pos += raw.length;
    const next = this.text[this.pos];
    if (next !== undefined && /[A-Za-z0-9_.]/.test(next)) {
      this.fail(next === 'j' || next === 'J' ? 'complex numbers are not supported' : `malformed number ${JSON.stringify(raw + next)}`, start);
    }
    const body = raw.replace(/_/g, '');
    const unsigned = body.replace(/^[-+]/, '');
    const prefixed = /^0[xXoObB]/.test(unsigned);
    if (/__|_$/.test(raw) || (!prefixed && /_[.eE]|[.eE]_|^[-+]?_/.test(raw))) this.fail(`misplaced "_" in number ${JSON.stringify(raw)}`, start);
    let n: number;
    if (prefixed) {
      const base = { x: 16, o: 8, b: 2 }[unsigned[1]!.toLowerCase() as 'x' | 'o' | 'b'];
      const digits = unsigned.slice(2);
      if (!digits) this.fail(`malformed number ${JSON.stringify(raw)}`, start);
      n = sign * parseInt(digits, base);
    } else {
      if (/^0\d/.test(unsigned) && !/[.eE]/.test(unsigned) && /[1-9]/.test(unsigned)) {
        this.fail(`leading zeros are not allowed in ${JSON.stringify(raw)}`, start);
      }
      n = Number(body);
    }
    if (Number.isNaN(n)) this.fail(`malformed number ${JSON.stringify(raw)}`, start);
    return n;
  }

  /** One or more adjacent string literals, concatenated. */
  strings(): string {
    let out = this.stringLiteral();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const c = this.text[this.pos];
      const prefixed = /^[rRuU]{1,2}['"]/.test(this.text.slice(this.pos, this.pos + 3));
      if (c === "'" || c === '"' || prefixed) out += this.stringLiteral();
      else { this.pos = save; return out; }
    }
  }

  stringLiteral(): string {
    const t = this.text;
    const start = this.pos;
    let raw = false;
    while (/[rRuUbB]/.test(t[this.pos] ?? '')) {
      const c = t[this.pos]!.toLowerCase();
      if (c === 'b') this.fail('bytes literals are not supported', start);
      if (c === 'r') raw = true;
      this.pos++;
    }
    const q = t[this.pos];
    if (q !== "'" && q !== '"') this.fail(`expected a string quote`, this.pos);
    const triple = t[this.pos + 1] === q && t[this.pos + 2] === q;
    const quoteLen = triple ? 3 : 1;
    this.pos += quoteLen;
    let out = '';
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail('unterminated string', start);
      if (c === q && (!triple || (t[this.pos + 1] === q && t[this.pos + 2] === q))) {
        this.pos += quoteLen;
        return out;
      }
      if ((c === '\n' || c === '\r') && !triple) this.fail(`newline inside the string that starts at position ${start}`);
      if (c !== '\\') {
        // copy a run of ordinary characters at once
        let end = this.pos + 1;
        while (end < t.length && t[end] !== '\\' && t[end] !== q && (triple || (t[end] !== '\n' && t[end] !== '\r'))) end++;
        out += t.slice(this.pos, end);
        this.pos = end;
        continue;
      }
      if (raw) {
        // In a raw string a backslash is kept, and it only stops the next character from ending the string.
        const next = t[this.pos + 1];
        if (next === undefined) this.fail('unterminated string', start);
        out += '\\' + next;
        this.pos += 2;
        continue;
      }
      out += this.escape(start);
    }
  }

  /** At a backslash inside a normal string: returns what the escape stands for and moves past it. */
  escape(stringStart: number): string {
    const t = this.text;
    const at = this.pos;
    const e = t[at + 1];
    if (e === undefined) this.fail('unterminated string', stringStart);
    this.pos += 2;
    switch (e) {
      case '\n': return '';
      case '\r': if (t[this.pos] === '\n') this.pos++; return '';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'x': return String.fromCharCode(this.hex(2, at, '\\x'));
      case 'u': return String.fromCharCode(this.hex(4, at, '\\u'));
      case 'U': {
        const cp = this.hex(8, at, '\\U');
        if (cp > 0x10ffff) this.fail(`\\U escape beyond U+10FFFF`, at);
        return String.fromCodePoint(cp);
      }
      case 'N': this.fail('\\N{...} escapes are not supported', at);
    }
    if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(t[this.pos] ?? '')) digits += t[this.pos++];
      return String.fromCharCode(parseInt(digits, 8));
    }
    // Python keeps unknown escapes as they are.
    return '\\' + e;
  }

  hex(n: number, at: number, name: string): number {
    const digits = this.text.slice(this.pos, this.pos + n);
    if (digits.length < n || !/^[0-9a-fA-F]+$/.test(digits)) this.fail(`truncated ${name} escape (needs ${n} hex digits)`, at);
    this.pos += n;
    return parseInt(digits, 16);
  }
}

function dictKey(key: PyValue, at: number, p: Parser): string {
  if (typeof key === 'string') return key;
  if (key === null) return 'None';
  if (key === true) return 'True';
  if (key === false) return 'False';
  if (typeof key === 'number') return pyNumberText(key);
  return p.fail('a dict key must be a str, number, bool or None', at);
}

function pyNumberText(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}
