import { describe, expect, it } from 'vitest';
import { looksLikePythonLiteral, parsePythonLiteral, PythonLiteralError } from '../../src/data/pyrepr.js';

function errorOf(text: string): PythonLiteralError {
  try {
    parsePythonLiteral(text);
  } catch (e) {
    expect(e).toBeInstanceOf(PythonLiteralError);
    return e as PythonLiteralError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

describe('parsePythonLiteral: scalars', () => {
  it('reads True, False, None', () => {
    expect(parsePythonLiteral('True')).toBe(true);
    expect(parsePythonLiteral('False')).toBe(false);
    expect(parsePythonLiteral(' None ')).toBe(null);
  });

  it('reads ints and floats, signed, with exponents and underscores', () => {
    expect(parsePythonLiteral('0')).toBe(0);
    expect(parsePythonLiteral('-17')).toBe(-17);
    expect(parsePythonLiteral('+3')).toBe(3);
    expect(parsePythonLiteral('0.6000000000000001')).toBe(0.6000000000000001);
    expect(parsePythonLiteral('-1.5e-3')).toBe(-0.0015);
    expect(parsePythonLiteral('2E+2')).toBe(200);
    expect(parsePythonLiteral('.5')).toBe(0.5);
    expect(parsePythonLiteral('5.')).toBe(5);
    expect(parsePythonLiteral('1_000_000')).toBe(1000000);
    expect(parsePythonLiteral('0x1F')).toBe(31);
    expect(parsePythonLiteral('-0o17')).toBe(-15);
    expect(parsePythonLiteral('0b101')).toBe(5);
    expect(parsePythonLiteral('00')).toBe(0);
    expect(parsePythonLiteral('[inf, -inf, nan]')).toEqual([Infinity, -Infinity, NaN]);
  });

  it('rejects malformed numbers with their position', () => {
    expect(errorOf('[1, 2.3.4]').position).toBe(4);
    expect(errorOf('[1, 1e]').position).toBe(4);
    expect(errorOf('1__0').detail).toMatch(/misplaced "_"/);
    expect(errorOf('012').detail).toMatch(/leading zeros/);
    expect(errorOf('[3j]').detail).toMatch(/complex/);
    expect(errorOf('[-]').position).toBe(1);
  });
});

describe('parsePythonLiteral: strings', () => {
  it('reads both quote styles with the other quote inside', () => {
    expect(parsePythonLiteral(`'say "hi"'`)).toBe('say "hi"');
    expect(parsePythonLiteral(`"it's"`)).toBe("it's");
    expect(parsePythonLiteral(`'it\\'s'`)).toBe("it's");
  });

  it('decodes escapes: \\n \\t \\\\ \\x \\u \\U octal and line continuation', () => {
    expect(parsePythonLiteral(String.raw`'a\nb\tc\\d'`)).toBe('a\nb\tc\\d');
    expect(parsePythonLiteral(String.raw`'caf\xe9'`)).toBe('café');
    expect(parsePythonLiteral(String.raw`'\u2014 dash'`)).toBe('\u2014 dash');
    expect(parsePythonLiteral(String.raw`'\U0001F600'`)).toBe('😀');
    expect(parsePythonLiteral(String.raw`'\ud83d\ude00'`)).toBe('😀');
    expect(parsePythonLiteral(String.raw`'\0\101\7'`)).toBe('\0A\x07');
    expect(parsePythonLiteral("'one \\\ntwo'")).toBe('one two');
    expect(parsePythonLiteral(String.raw`'\a\b\f\v\r'`)).toBe('\x07\b\f\v\r');
  });

  it('keeps unknown escapes as Python does', () => {
    expect(parsePythonLiteral(String.raw`'C:\path\d+'`)).toBe('C:\\path\\d+');
  });

  it('reads raw, unicode-prefixed, triple-quoted and adjacent literals', () => {
    expect(parsePythonLiteral(String.raw`r'\d+\''`)).toBe(String.raw`\d+\'`);
    expect(parsePythonLiteral(`u'x'`)).toBe('x');
    expect(parsePythonLiteral(`'''a 'quoted' "word"\nsecond line'''`)).toBe(`a 'quoted' "word"\nsecond line`);
    expect(parsePythonLiteral(`"""x""y"""`)).toBe('x""y');
    expect(parsePythonLiteral(`'ab' "cd"  'ef'`)).toBe('abcdef');
  });

  it('keeps non-ASCII text and brackets inside strings as text', () => {
    expect(parsePythonLiteral(`['日本語 ✓', '[not, a, list]', "{'k': 1}"]`)).toEqual(['日本語 ✓', '[not, a, list]', "{'k': 1}"]);
  });

  it('rejects bad strings with their position', () => {
    expect(errorOf(String.raw`'bad \x4'`).position).toBe(5);
    expect(errorOf(String.raw`'bad \u12'`).detail).toMatch(/\\u escape/);
    const unterminated = errorOf(`['ok', 'never closed]`);
    expect(unterminated.message).toBe('unterminated string at position 7');
    expect(errorOf("'ends in a backslash\\").position).toBe(0);
    expect(errorOf("'line\nbreak'").detail).toMatch(/newline inside the string that starts at position 0/);
    expect(errorOf(`b'bytes'`).detail).toMatch(/bytes/);
    expect(errorOf(String.raw`'\N{DASH}'`).position).toBe(1);
    expect(errorOf(String.raw`'\U00110000'`).detail).toMatch(/U\+10FFFF/);
  });
});

describe('parsePythonLiteral: containers', () => {
  it('reads a repr of a list of dicts as JSON would hold it', () => {
    const text = "[{'attribute': 'The user\\'s dog is named \"Rex\"', 'confidence': 0.7000000000000001, 'original_confidences': [0.5, 1.0], 'ok': True, 'note': None}]";
    expect(parsePythonLiteral(text)).toEqual([
      { attribute: 'The user\'s dog is named "Rex"', confidence: 0.7000000000000001, original_confidences: [0.5, 1], ok: true, note: null },
    ]);
  });

  it('reads tuples, sets, nesting, trailing commas and whitespace', () => {
    expect(parsePythonLiteral('()')).toEqual([]);
    expect(parsePythonLiteral('(1,)')).toEqual([1]);
    expect(parsePythonLiteral('(1)')).toBe(1);
    expect(parsePythonLiteral("( 'a' , ( 2 , [ ] ) , )")).toEqual(['a', [2, []]]);
    expect(parsePythonLiteral('{1, 2, 3,}')).toEqual([1, 2, 3]);
    expect(parsePythonLiteral('{1}')).toEqual([1]);
    expect(parsePythonLiteral('set()')).toEqual([]);
    expect(parsePythonLiteral("frozenset({'a'})")).toEqual(['a']);
    expect(parsePythonLiteral('{}')).toEqual({});
    expect(parsePythonLiteral("{\n  'a': [1, {'b': (2, 3)}],\n  'c': {},\n}")).toEqual({ a: [1, { b: [2, 3] }], c: {} });
    expect(parsePythonLiteral('[[[[]]]]')).toEqual([[[[]]]]);
  });

  it('turns scalar dict keys into text, last duplicate wins, __proto__ stays data', () => {
    expect(parsePythonLiteral("{1: 'a', True: 'b', None: 'c', 'k': 1, 'k': 2}")).toEqual({ 1: 'a', True: 'b', None: 'c', k: 2 });
    const o = parsePythonLiteral("{'__proto__': {'polluted': 1}}") as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports the position of structural errors', () => {
    expect(errorOf('[1, 2').message).toBe('unclosed "[" at position 0');
    expect(errorOf('[[1], [2').message).toBe('unclosed "[" at position 6');
    expect(errorOf("{'a': [1]").message).toBe('unclosed "{" at position 0');
    expect(errorOf('{1, 2').message).toBe('unclosed "{" at position 0');
    expect(errorOf('[1 2]').position).toBe(3);
    expect(errorOf('[1,,2]').position).toBe(3);
    expect(errorOf("{'a' 1}").position).toBe(5);
    expect(errorOf("{'a': 1, 'b'}").position).toBe(12);
    expect(errorOf("{[1]: 2}").position).toBe(1);
    expect(errorOf('(1, 2').message).toBe('unclosed "(" at position 0');
    expect(errorOf(' (1').message).toBe('unclosed "(" at position 1');
    expect(errorOf('[true]').detail).toMatch(/unexpected name "true"/);
    expect(errorOf('[1] x').position).toBe(4);
    expect(errorOf('').detail).toMatch(/end of input/);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(errorOf('['.repeat(10000)).detail).toMatch(/nesting deeper/);
  });
});

describe('looksLikePythonLiteral', () => {
  it('tells container reprs from prose', () => {
    expect(looksLikePythonLiteral("[{'a': 1}]")).toBe(true);
    expect(looksLikePythonLiteral(' (1, 2)')).toBe(true);
    expect(looksLikePythonLiteral('True')).toBe(true);
    expect(looksLikePythonLiteral('0.8')).toBe(true);
    expect(looksLikePythonLiteral('The user likes [brackets]')).toBe(false);
    expect(looksLikePythonLiteral('')).toBe(false);
  });
});
