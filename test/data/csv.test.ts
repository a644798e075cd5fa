import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvWithHeader } from '../../src/data/csv.js';
import { dataErrorOf } from '../support/tmp.js';

function fields(text: string): string[][] {
  return parseCsv(text, 't.csv').map((r) => r.fields);
}

const errorOf = dataErrorOf;

describe('parseCsv', () => {
  it('splits plain fields and records (CRLF, LF, CR)', () => {
    expect(fields('a,b,c\r\n1,2,3\r\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(fields('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(fields('a,b\r1,2\r')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fields(',a,,\n')).toEqual([['', 'a', '', '']]);
    expect(fields('a,')).toEqual([['a', '']]);
  });

  it('reads quoted fields with delimiters, doubled quotes and newlines', () => {
    expect(fields('"a,b","say ""hi""","x\ny"\r\n')).toEqual([['a,b', 'say "hi"', 'x\ny']]);
    expect(fields('""\n')).toEqual([['']]);
  });

  it('tracks the line each record and field starts on across multi-line quoted fields', () => {
    const rows = parseCsv('h1,h2\r\n"one\ntwo\nthree","x"\r\n"a\r\nb",c\r\nlast,row\r\n', 't.csv');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5, 7]);
    expect(rows[1]!.fieldLines).toEqual([2, 4]);
    expect(rows[2]!.fields).toEqual(['a\r\nb', 'c']);
    expect(rows[2]!.fieldLines).toEqual([5, 6]);
  });

  it('skips a byte-order mark', () => {
    expect(fields('\ufeffa,b\n')).toEqual([['a', 'b']]);
  });

  it('honours another delimiter', () => {
    expect(parseCsv('a;"b;c"\n', 't.csv', { delimiter: ';' })[0]!.fields).toEqual(['a', 'b;c']);
  });

  it('returns no rows for empty input', () => {
    expect(parseCsv('', 't.csv')).toEqual([]);
  });

  it('reports an unterminated quoted field at the line it opens', () => {
    const e = errorOf(() => parseCsv('a,b\n1,"open\nstill open\n', 'bad.csv'));
    expect(e.message).toMatch(/^bad\.csv:2: .*field 2 is never closed/);
    expect(e.line).toBe(2);
  });

  it('rejects text after a closing quote and a quote inside an unquoted field', () => {
    expect(errorOf(() => parseCsv('a\n"x"y\n', 'bad.csv')).message).toMatch(/^bad\.csv:2: unexpected "y" after the closing quote/);
    expect(errorOf(() => parseCsv('a\n\nab"c\n', 'bad.csv')).message).toMatch(/^bad\.csv:3: quote inside unquoted field 1/);
  });
});

describe('parseCsvWithHeader', () => {
  it('maps records to the header and keeps per-field lines', () => {
    const { header, records } = parseCsvWithHeader('name, note\nann,"a\nb"\n\nbob,c\n', 't.csv', ['name']);
    expect(header).toEqual(['name', 'note']);
    expect(records).toEqual([
      { line: 2, values: { name: 'ann', note: 'a\nb' }, lines: { name: 2, note: 2 } },
      { line: 5, values: { name: 'bob', note: 'c' }, lines: { name: 5, note: 5 } },
    ]);
  });

  it('names a missing column and a record with the wrong number of fields', () => {
    const missing = errorOf(() => parseCsvWithHeader('a,b\n1,2\n', 't.csv', ['c']));
    expect(missing.message).toMatch(/^t\.csv:1: field "c": missing column "c"/);
    const short = errorOf(() => parseCsvWithHeader('a,b\n1,2\n"x\ny"\n', 't.csv'));
    expect(short.message).toMatch(/^t\.csv:3: record has 1 fields, the header has 2/);
    expect(errorOf(() => parseCsvWithHeader('', 't.csv')).message).toMatch(/empty CSV/);
  });
});
