/**
 * The CLI's one progress display, for the `onProgress(done, total)` callbacks library functions take. On a
 * terminal: a cli-progress bar with the rate and ETA. Anywhere else (CI, nohup, a log file): a plain line
 * `label: 120/500 (24%), 3.1/s, ETA 2m 03s` at the first update, then at most every `everyMs` (default 5 s),
 * also while no update arrives (a heartbeat, so a long step still shows it is alive), and a last line at the end.
 */
import cliProgress from 'cli-progress';

export type ProgressFn = (done: number, total: number) => void;
export type StagedProgressFn = (stage: string, done: number, total: number) => void;

export interface ProgressOptions {
  /** Where to write (default process.stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Bars (true) or lines (false); default: whether the stream is a terminal. */
  tty?: boolean;
  /** Lines: the most time between two lines (default 5,000 ms). */
  everyMs?: number;
  /** Clock in ms (default Date.now). */
  now?: () => number;
}

/** `1h 02m`, `2m 03s`, `45s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

const formatRate = (perSec: number): string => (perSec >= 10 ? perSec.toFixed(0) : perSec >= 1 ? perSec.toFixed(1) : perSec.toPrecision(2));

/** One progress line: done/total, share, rate and ETA (or the time taken, once done). */
export function formatProgressLine(label: string, done: number, total: number, elapsedMs: number): string {
  const pct = total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : '';
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const tail = done >= total
    ? `done in ${formatDuration(elapsedMs)}`
    : done > 0 ? `ETA ${formatDuration(((total - done) / done) * elapsedMs)}` : `${formatDuration(elapsedMs)} elapsed`;
  return `${label}: ${done}/${total}${pct}, ${done > 0 && elapsedMs > 0 ? `${formatRate(rate)}/s, ` : ''}${tail}`;
}

/** A progress callback that renders on `stream` (stderr by default). Updates after the total is reached are ignored. */
export function progress(label: string, opts: ProgressOptions = {}): ProgressFn {
  const stream = opts.stream ?? process.stderr;
  return (opts.tty ?? stream.isTTY === true) ? barProgress(label, stream) : lineProgress(label, stream, opts);
}

/** For callbacks that name a stage (`onProgress(stage, done, total)`): one display per stage, `label stage`. */
export function stagedProgress(label: string, opts: ProgressOptions = {}): StagedProgressFn {
  let stage: string | undefined;
  let current: ProgressFn = () => {};
  return (s, done, total) => {
    if (s !== stage) {
      stage = s;
      current = progress(label ? `${label} ${s}` : s, opts);
    }
    current(done, total);
  };
}

function lineProgress(label: string, stream: NodeJS.WritableStream, opts: ProgressOptions): ProgressFn {
  const now = opts.now ?? Date.now;
  const everyMs = opts.everyMs ?? 5000;
  let start: number | undefined;
  let lastLine = 0;
  let state = { done: 0, total: 0 };
  let finished = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const line = (): void => {
    lastLine = now();
    stream.write(`${formatProgressLine(label, state.done, state.total, lastLine - start!)}\n`);
  };
  return (done, total) => {
    if (finished) return;
    state = { done, total };
    if (start === undefined) {
      start = now();
      line();
      // the heartbeat: a line every everyMs even when no update comes (a long fold, a slow call)
      timer = setInterval(() => {
        if (now() - lastLine >= everyMs) line();
      }, everyMs);
      timer.unref?.();
    } else if (done >= total || now() - lastLine >= everyMs) line();
    if (done >= total) {
      finished = true;
      clearInterval(timer);
    }
  };
}

function barProgress(label: string, stream: NodeJS.WritableStream): ProgressFn {
  let bar: cliProgress.SingleBar | undefined;
  let start = 0;
  let finished = false;
  return (done, total) => {
    if (finished) return;
    if (!bar) {
      start = Date.now();
      bar = new cliProgress.SingleBar({
        format: `${label} {bar} {percentage}% | {value}/{total} | {rate} | ETA {eta_formatted}`,
        stream, hideCursor: true, etaBuffer: 50, fps: 5,
      }, cliProgress.Presets.shades_classic);
      bar.start(total, done, { rate: '' });
    }
    const elapsed = Date.now() - start;
    bar.setTotal(total);
    bar.update(done, { rate: elapsed > 0 && done > 0 ? `${formatRate((done * 1000) / elapsed)}/s` : '' });
    if (done >= total) {
      finished = true;
      bar.stop();
    }
  };
}
