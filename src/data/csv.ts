import { InvalidArgumentError } from '../model/errors.js';
import { DataError } from './errors.js';

/** One CSV record with the 1-based line each field starts on (quoted fields may span lines). */
export interface CsvRow {
  /** Line the record starts on. */
  line: number;
  fields: string[];
  fieldLines: number[];
}

export interface CsvOptions {
  delimiter?: string;
}

/**
 * RFC 4180 CSV: fields separated by `,`, records by CRLF (LF and lone CR are accepted too), fields in
 * double quotes may hold delimiters, newlines and `""` for a quote. A leading BOM is skipped and a final
 * newline does not start an empty record. Errors (a quote inside an unquoted field, text after a closing
 * quote, an unterminated quoted field) throw DataError naming `file` and the line.
 */
export function parseCsv(text: string, file: string, opts: CsvOptions = {}): CsvRow[] {
  const delim = opts.delimiter ?? ',';
  if (delim.length !== 1 || delim === '"' || delim === '\n' || delim === '\r') throw new InvalidArgumentError('delimiter', `must be one character other than a quote or a line break, got ${JSON.stringify(delim)}`, delim);
  const rows: CsvRow[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let fieldLines: number[] = [];
  let rowLine = 1;
  let atRecordStart = true;

  const endRecord = () => {
    rows.push({ line: rowLine, fields, fieldLines });
    fields = [];
    fieldLines = [];
    atRecordStart = true;
  };
  /** Consumes a record separator at i (CRLF, LF or CR); returns false if none is there. */
  const newline = (): boolean => {
    const c = text[i];
    if (c === '\r') {
      i += text[i + 1] === '\n' ? 2 : 1;
    } else if (c === '\n') {
      i++;
    } else return false;
    line++;
    return true;
  };

  while (i < n) {
    if (atRecordStart) {
      rowLine = line;
      atRecordStart = false;
    }
    const startLine = line;
    let value: string;
    if (text[i] === '"') {
      i++;
      let buf = '';
      let closed = false;
      while (i < n) {
        const q = text.indexOf('"', i);
        const chunkEnd = q === -1 ? n : q;
        const chunk = text.slice(i, chunkEnd);
        buf += chunk;
        line += countLines(chunk);
        i = chunkEnd;
        if (q === -1) break;
        if (text[q + 1] === '"') {
          buf += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) throw new DataError(file, startLine, undefined, `quoted field ${fields.length + 1} is never closed (missing '"')`);
      value = buf;
      const c = text[i];
      if (i < n && c !== delim && c !== '\r' && c !== '\n') {
        throw new DataError(file, line, undefined, `unexpected ${JSON.stringify(c)} after the closing quote of field ${fields.length + 1}`);
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text[j];
        if (c === delim || c === '\r' || c === '\n') break;
        if (c === '"') throw new DataError(file, line, undefined, `quote inside unquoted field ${fields.length + 1} (quote the whole field and double the quote)`);
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    fields.push(value);
    fieldLines.push(startLine);
    if (i >= n) {
      endRecord();
      break;
    }
    if (text[i] === delim) {
      i++;
      if (i >= n) {
        // Trailing delimiter at end of input: one more empty field.
        fields.push('');
        fieldLines.push(line);
        endRecord();
      }
      continue;
    }
    newline();
    endRecord();
  }
  return rows;
}

/** Number of line breaks (CRLF, LF or lone CR count once each) in s. */
function countLines(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) k++;
    else if (c === 13) {
      k++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return k;
}

/**
 * Parses CSV with a header row into objects keyed by column name. Throws if a required column is missing
 * or a record has a different number of fields than the header.
 */
export function parseCsvWithHeader(
  text: string,
  file: string,
  required: readonly string[] = [],
  opts: CsvOptions = {},
): { header: string[]; records: { line: number; values: Record<string, string>; lines: Record<string, number> }[] } {
  const rows = parseCsv(text, file, opts);
  const head = rows[0];
  if (!head) throw new DataError(file, 1, undefined, 'empty CSV: no header row');
  const header = head.fields.map((h) => h.trim());
  for (const r of required) {
    if (!header.includes(r)) throw new DataError(file, head.line, r, `missing column "${r}" in the header (found: ${header.map((h) => JSON.stringify(h)).join(', ')})`);
  }
  const records = [];
  for (const row of rows.slice(1)) {
    // A blank line (one empty field) between records is skipped.
    if (row.fields.length === 1 && row.fields[0] === '' && header.length > 1) continue;
    if (row.fields.length !== header.length) {
      throw new DataError(file, row.line, undefined, `record has ${row.fields.length} fields, the header has ${header.length}`);
    }
    const values: Record<string, string> = {};
    const lines: Record<string, number> = {};
    header.forEach((h, k) => {
      values[h] = row.fields[k]!;
      lines[h] = row.fieldLines[k]!;
    });
    records.push({ line: row.line, values, lines });
  }
  return { header, records };
}
