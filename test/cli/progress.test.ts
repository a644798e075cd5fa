import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDuration, formatProgressLine, progress, stagedProgress } from '../../src/cli/progress.js';

/** A non-terminal stream that keeps what is written. */
function capture(): { stream: Writable & { isTTY?: boolean }; lines: () => string[] } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

describe('progress lines when stderr is not a terminal', () => {
  afterEach(() => vi.useRealTimers());

  it('a line at the start, at most one per interval while updates come, one at the end', () => {
    let t = 0;
    const out = capture();
    const p = progress('embed', { stream: out.stream, everyMs: 5000, now: () => t });
    p(0, 100);
    for (let d = 1; d <= 100; d++) {
      t += 200; // 100 updates over 20 s
      p(d, 100);
    }
    p(100, 100); // after the end: ignored
    const lines = out.lines();
    expect(lines[0]).toBe('embed: 0/100 (0%), 0s elapsed');
    expect(lines.slice(1, -1)).toEqual([
      'embed: 25/100 (25%), 5.0/s, ETA 15s',
      'embed: 50/100 (50%), 5.0/s, ETA 10s',
      'embed: 75/100 (75%), 5.0/s, ETA 5s',
    ]);
    expect(lines.at(-1)).toBe('embed: 100/100 (100%), 5.0/s, done in 20s');
  });

  it('a heartbeat line while a long step sends no update, and none after the end', () => {
    vi.useFakeTimers();
    const out = capture();
    const p = progress('nested cv', { stream: out.stream, everyMs: 5000 });
    p(1, 4);
    vi.advanceTimersByTime(12_000); // no update for 12 s: two heartbeats
    expect(out.lines()).toHaveLength(3);
    expect(out.lines()[2]).toMatch(/^nested cv: 1\/4 \(25%\), [\d.]+\/s, ETA \d+s$/);
    p(4, 4);
    vi.advanceTimersByTime(20_000);
    expect(out.lines()).toHaveLength(4);
    expect(out.lines()[3]).toMatch(/^nested cv: 4\/4 \(100%\), .*done in 12s$/);
  });

  it('staged: one display per stage, named after it', () => {
    let t = 0;
    const out = capture();
    const p = stagedProgress('train select', { stream: out.stream, now: () => t });
    p('embedding', 0, 10);
    t = 1000;
    p('embedding', 10, 10);
    p('nested cv fits', 0, 2);
    t = 3000;
    p('nested cv fits', 2, 2);
    expect(out.lines()).toEqual([
      'train select embedding: 0/10 (0%), 0s elapsed',
      'train select embedding: 10/10 (100%), 10/s, done in 1s',
      'train select nested cv fits: 0/2 (0%), 0s elapsed',
      'train select nested cv fits: 2/2 (100%), 1.0/s, done in 2s',
    ]);
  });

  it('formats durations and an empty total', () => {
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(123_000)).toBe('2m 03s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatProgressLine('x', 0, 0, 10)).toBe('x: 0/0, done in 0s');
  });
});
