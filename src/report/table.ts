/** Plain terminal tables: left-aligned text, right-aligned numbers. */
export function renderTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const numeric = headers.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || r[j] === '-' || r[j] === ''));
  const width = headers.map((h, j) => Math.max(h.length, ...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]) => r.map((c, j) => (numeric[j] ? c.padStart(width[j]!) : c.padEnd(width[j]!))).join('  ').trimEnd();
  return [line(headers), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Three decimals, "-" for NaN, as the paper reports figures. */
export function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  if (Number.isInteger(x) && Math.abs(x) > 1) return x.toLocaleString('en-US');
  return x.toFixed(digits);
}

export function fmtCi(ci: { low: number; high: number }): string {
  return `[${fmt(ci.low)}, ${fmt(ci.high)}]`;
}
