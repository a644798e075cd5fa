/**
 * The tfjs wasm backend inside `@energetic-ai/core` is an Emscripten module: when it starts under Node it adds
 * process-wide `uncaughtException` and `unhandledRejection` listeners that rethrow, so any later crash of the host
 * application exits with code 7 and an energetic-ai frame on top. A library must leave the process as it found
 * it: around every step that may start that module, the listeners it added are taken off again. Only listeners
 * that were not there before and that are Emscripten's own (their source names `ExitStatus`, or only rethrows
 * the reason) are removed: a host's handler added meanwhile stays.
 */
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

type Listener = (...args: unknown[]) => void;

export interface HandlerSnapshot {
  readonly before: ReadonlyMap<(typeof EVENTS)[number], ReadonlySet<Listener>>;
}

export function snapshotHandlers(): HandlerSnapshot {
  return { before: new Map(EVENTS.map((e) => [e, new Set(process.listeners(e as 'uncaughtException') as Listener[])])) };
}

const emscripten = (l: Listener): boolean => {
  const src = Function.prototype.toString.call(l);
  return /instanceof ExitStatus/.test(src) || /^function\s*\(\s*(\w+)\s*\)\s*\{\s*throw\s+\1;?\s*\}$/.test(src.trim());
};

/** Removes the Emscripten listeners added since the snapshot; returns how many went. */
export function dropAddedHandlers(snap: HandlerSnapshot): number {
  let n = 0;
  for (const e of EVENTS) {
    const before = snap.before.get(e)!;
    for (const l of process.listeners(e as 'uncaughtException') as Listener[]) {
      if (before.has(l) || !emscripten(l)) continue;
      process.removeListener(e, l);
      n++;
    }
  }
  return n;
}

/** Runs fn, then removes what it added (also when it throws). */
export async function withoutAddedHandlers<T>(fn: () => Promise<T>): Promise<T> {
  const snap = snapshotHandlers();
  try {
    return await fn();
  } finally {
    dropAddedHandlers(snap);
  }
}
