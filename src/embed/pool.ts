/**
 * USE-lite in worker threads. The event loop hands texts over and gets vectors back; the model's forward passes
 * run elsewhere, so a server keeps parsing, querying and answering while prompts are embedded.
 *
 * Batching: the texts of every call that arrives within one turn of the event loop, or while the threads are busy,
 * join the next batch (up to `batchSize` texts a thread, a text asked for twice embedded once), so fifty clients'
 * new prompts cost a few forward passes instead of fifty. Threads hold the process open only while they work.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Threads for `threads` as given, else `$ATTUNE_EMBED_THREADS`, else the cores less one (1 to 4). */
export function embedThreads(threads?: number, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.ATTUNE_EMBED_THREADS !== undefined && env.ATTUNE_EMBED_THREADS !== '' ? Number(env.ATTUNE_EMBED_THREADS) : undefined;
  const n = threads ?? fromEnv ?? Math.min(4, Math.max(1, os.availableParallelism() - 1));
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`embedding threads: a whole number >= 0, got ${threads ?? env.ATTUNE_EMBED_THREADS}`);
  return n;
}

interface Item {
  text: string;
  call: Call;
  at: number;
}
interface Call {
  out: Float32Array[];
  left: number;
  resolve: (v: Float32Array[]) => void;
  reject: (e: unknown) => void;
}
interface Slot {
  worker: Worker;
  ready: boolean;
  busy?: { texts: string[]; items: Item[][] };
}

export type WorkerMessage = { ready: true } | { error: string } | { vectors: Float32Array };

const DIM = 512;
const pools = new Map<string, ThreadPool>();
let saidFallback = false;

/** The process-wide pool with this many threads (made on first use). */
export function threadPool(threads: number, batchSize: number): ThreadPool {
  const key = `${threads}:${batchSize}`;
  let p = pools.get(key);
  if (!p) pools.set(key, (p = new ThreadPool(threads, batchSize)));
  return p;
}

/** Stops every pool's threads (tests; a process exits without it, idle threads do not hold it). */
export async function closeEmbedThreads(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close()));
}

/**
 * How to start a thread: the built pool-worker.js, or (running from the TypeScript sources, under tsx or vitest) a
 * small script that registers tsx's loader in the thread and then imports pool-worker.ts.
 */
function entry(): { code: URL | string; eval?: true } | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return { code: new URL('./pool-worker.js', import.meta.url) };
  let api: string;
  try {
    api = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  } catch {
    return undefined;
  }
  const worker = new URL('./pool-worker.ts', import.meta.url).href;
  return { code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`, eval: true };
}

export class ThreadPool {
  private slots: Slot[] | undefined;
  private queue: Item[] = [];
  private scheduled = false;
  /** Set when no thread could start: callers embed in their own thread. */
  private failed: string | undefined;
  private readyWaiters: ((ok: boolean) => void)[] = [];
  private closed = false;
  /** Batches sent to the threads and the distinct texts they held. */
  readonly stats = { batches: 0, texts: 0 };

  constructor(
    readonly threads: number,
    readonly batchSize: number,
  ) {}

  /** Starts the threads and resolves once one has loaded the model (true) or none could (false). */
  ready(): Promise<boolean> {
    this.start();
    if (this.failed !== undefined) return Promise.resolve(false);
    if (this.slots!.some((s) => s.ready)) return Promise.resolve(true);
    return new Promise((r) => this.readyWaiters.push(r));
  }

  /** The vectors, or undefined when threads cannot run here (the caller embeds in its own thread). */
  async embed(texts: string[]): Promise<Float32Array[] | undefined> {
    this.start();
    if (this.failed !== undefined) return undefined;
    const result = new Promise<Float32Array[]>((resolve, reject) => {
      const call: Call = { out: new Array<Float32Array>(texts.length), left: texts.length, resolve, reject };
      texts.forEach((text, at) => this.queue.push({ text, call, at }));
    });
    this.schedule();
    try {
      return await result;
    } catch (e) {
      if (e instanceof FallbackSignal) return undefined;
      throw e;
    }
  }

  async close(): Promise<void> {
    const slots = this.slots ?? [];
    this.closed = true;
    this.slots = [];
    this.fail('the embedding threads were closed');
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private start(): void {
    if (this.slots) return;
    const where = entry();
    if (!where) {
      this.slots = [];
      this.fallBack('tsx is not installed to run the TypeScript sources in a thread');
      return;
    }
    this.slots = Array.from({ length: this.threads }, () => this.spawn(where));
  }

  private spawn(where: { code: URL | string; eval?: true }): Slot {
    const worker = new Worker(where.code, { workerData: { batchSize: this.batchSize }, ...(where.eval ? { eval: true } : {}) });
    const slot: Slot = { worker, ready: false };
    worker.unref();
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    const lost = (why: string) => {
      if (this.closed || !this.slots?.includes(slot)) return;
      const busy = slot.busy;
      this.slots = this.slots?.filter((s) => s !== slot);
      slot.busy = undefined;
      if (busy) for (const its of busy.items) for (const it of its) it.call.reject(new Error(`an embedding thread stopped: ${why}`));
      if (!this.slots?.some((s) => s.ready) && !this.slots?.length) this.fallBack(why);
      else this.schedule();
    };
    worker.on('error', (e) => lost(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    if ('ready' in m) {
      slot.ready = true;
      for (const w of this.readyWaiters.splice(0)) w(true);
      this.schedule();
      return;
    }
    const busy = slot.busy;
    slot.busy = undefined;
    slot.worker.unref();
    if (!busy) return;
    if ('error' in m) {
      for (const its of busy.items) for (const it of its) it.call.reject(new Error(m.error));
    } else {
      busy.items.forEach((its, j) => {
        const v = m.vectors.slice(j * DIM, (j + 1) * DIM);
        for (const it of its) {
          // each caller gets its own copy: a vector may be cached and must not share memory with another's
          it.call.out[it.at] = its.length > 1 ? v.slice() : v;
          if (--it.call.left === 0) it.call.resolve(it.call.out);
        }
      });
    }
    this.dispatch();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // what arrives in this turn of the event loop joins the batch
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots ?? []) {
      if (!this.queue.length) return;
      if (!slot.ready || slot.busy) continue;
      const byText = new Map<string, Item[]>();
      while (this.queue.length && byText.size < this.batchSize) {
        const it = this.queue.shift()!;
        const same = byText.get(it.text);
        if (same) same.push(it);
        else byText.set(it.text, [it]);
      }
      slot.busy = { texts: [...byText.keys()], items: [...byText.values()] };
      this.stats.batches++;
      this.stats.texts += byText.size;
      slot.worker.ref();
      slot.worker.postMessage({ texts: slot.busy.texts });
    }
  }

  private fallBack(why: string): void {
    if (!saidFallback) {
      saidFallback = true;
      console.warn(`attune: embedding in the main thread (worker threads could not start: ${why})`);
    }
    this.fail(why);
  }

  private fail(why: string): void {
    this.failed = why;
    for (const w of this.readyWaiters.splice(0)) w(false);
    const queued = this.queue.splice(0);
    for (const it of queued) it.call.reject(new FallbackSignal(why));
  }
}

/** Internal: the pool gave up before these texts were sent; the caller embeds them itself. */
class FallbackSignal extends Error {}
