import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** ../shared/data beside the project, or ATTUNE_SHARED_DATA. */
export const sharedData = process.env.ATTUNE_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data');

/** What a benchmark returns: its name and the figures its tables show (printed as one JSON line with --json). */
export interface BenchResult {
  bench: string;
  [figures: string]: unknown;
}

/** The q-quantile (0..1) of ascending values, nearest rank. */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;

/** The p-th percentile (0-100) of unsorted values, nearest rank; NaN for none. */
export const percentile = (xs: readonly number[], p: number): number => quantile([...xs].sort((a, b) => a - b), p / 100);

/** A figure for a table: `d` decimals, '-' when it is not a number. */
export const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

/** A printed table as data: one object per row, keyed by the column headers. */
export function tableData(headers: readonly string[], rows: readonly (readonly unknown[])[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]])));
}
