/** An embedding thread of ThreadPool (pool.ts): loads USE-lite, then answers { texts } with one Float32Array of vectors. */
import { parentPort, workerData } from 'node:worker_threads';
import { UseLiteEmbedder } from './use-lite.js';
import type { WorkerMessage } from './pool.js';

const port = parentPort!;
const embedder = new UseLiteEmbedder({ threads: 0, batchSize: (workerData as { batchSize?: number } | undefined)?.batchSize ?? 64 });
const send = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

port.on('message', (m: { texts: string[] }) => {
  embedder.embedHere(m.texts).then(
    (vectors) => {
      const flat = new Float32Array(vectors.length * embedder.dim);
      vectors.forEach((v, i) => flat.set(v, i * embedder.dim));
      send({ vectors: flat }, [flat.buffer]);
    },
    (e: unknown) => send({ error: e instanceof Error ? e.message : String(e) }),
  );
});

embedder.warm().then(
  () => send({ ready: true }),
  (e: unknown) => {
    send({ error: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
