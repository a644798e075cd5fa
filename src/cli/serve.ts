import type { Command } from 'commander';
import { createLlmClient, type LlmClient } from '../llm/client.js';
import { loadLlmConfig } from '../llm/config.js';
import { UseLiteEmbedder } from '../embed/use-lite.js';
import { StoreResponseCache } from '../store/llm-cache.js';
import type { AttuneOptions } from '../memory/attune.js';
import { bullQueue, bullWorker, DEFAULT_WORKER_CONCURRENCY } from '../queue/bullmq.js';
import { EXTRACT_QUEUE_SUFFIX, extractHandler } from '../queue/extract.js';
import { rememberHandler, rememberOrderKey, rememberRedact } from '../server/api/app.js';
import { claimingCache } from '../queue/claims.js';
import { LLM_QUEUE_SUFFIX, llmTurnHandler } from '../queue/llm.js';
import { redisPersistence } from '../queue/persistence.js';
import type { ResponseCache } from '../llm/cache.js';
import { memoryService } from '../server/api/attune.js';
import type { RememberJob } from '../server/api/memory.js';
import type { RememberResponse } from '../server/api/schemas.js';
import { startApiServer } from '../server/api/serve.js';
import { openStore } from '../store/open.js';
import { integerFlag } from './flags.js';
import { EMBEDDER_GRAMMAR } from '../embed/resolve.js';
import { onSignals } from './signals.js';
import type { Store } from '../store/store.js';

interface MemoryFlags {
  store?: string;
  model?: string;
  llmConfig?: string;
  selector?: string;
  embedder?: string;
}

/** createAttune's options from the flags: the LLM (if any) caches in the store, so every process shares one cache. */
function memoryOptions(store: Store, o: MemoryFlags, cache: ResponseCache = new StoreResponseCache(store)): Omit<AttuneOptions, 'store' | 'tenant'> {
  const out: Omit<AttuneOptions, 'store' | 'tenant'> = {};
  if (o.model) {
    out.model = createLlmClient({ model: o.model, config: loadLlmConfig(o.llmConfig ? { file: o.llmConfig } : {}), cache });
  }
  if (o.selector) out.selector = o.selector;
  if (o.embedder) out.embedder = o.embedder;
  return out;
}

/** Says so on stderr when the queue's Redis would lose accepted work on a restart (or cannot be asked). */
async function warnIfVolatile(url: string, who: string): Promise<void> {
  try {
    const p = await redisPersistence(url);
    if (p.warning) console.error(`${who}: WARNING: ${p.warning}`);
  } catch (e) {
    console.error(`${who}: WARNING: could not ask the queue's Redis whether it persists (${e instanceof Error ? e.message : String(e)})`);
  }
}

function memoryFlags(cmd: Command): Command {
  return cmd
    .option('--store <url>', 'store: SQLite file (default .attune/attune.sqlite) or postgres://...')
    .option('--model <provider/model>', 'LLM for extraction and respond (default: offline extraction, no respond)')
    .option('--llm-config <file>', 'LLM providers, limits and timeouts (JSON; default: environment and ATTUNE_LLM_CONFIG)')
    .option('--selector <name>', 'default (label-free; the default), embedding, mem0, bm25, llm-batch (LLM-assisted, on --model), llm-batch:<provider/model>, or a model file from `attune train select` (an offline+llm one needs --model)')
    .option('--embedder <name>', `sentence embedder: ${EMBEDDER_GRAMMAR.join(' | ')} (default use-lite; give workers the same one)`);
}

export function registerServe(program: Command): void {
  memoryFlags(program.command('serve'))
    .description('serve the memory as a REST API (v1, OpenAPI at /openapi.json) to holders of `attune keys` keys')
    .option('--port <n>', 'port (0: any free port)', integerFlag('--port', 0), 8788)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--queue <redis-url>', 'remember through BullMQ on this Redis (POST conversations answers 202; run `attune worker`)')
    .option('--queue-name <name>', 'BullMQ queue name (the workers must use the same)', 'attune')
    .option('--max-body <bytes>', 'largest request body', integerFlag('--max-body', 1), 1024 * 1024)
    .option('--rate <n>', 'requests per second per key (bursts of twice that)', integerFlag('--rate', 1), 50)
    .option('--quiet', 'no access log on stderr')
    .action(async (o: MemoryFlags & { port: number; host: string; queue?: string; queueName: string; maxBody: number; rate: number; quiet?: boolean }) => {
      if (o.queue) await warnIfVolatile(o.queue, 'attune serve');
      const store = await openStore(o.store);
      const queue = o.queue ? bullQueue<RememberJob, RememberResponse>({ url: o.queue, name: o.queueName, orderKey: rememberOrderKey }) : undefined;
      const server = await startApiServer({
        store, memory: memoryOptions(store, o), port: o.port, host: o.host, maxBodyBytes: o.maxBody,
        rateLimit: { perSecond: o.rate, burst: 2 * o.rate },
        ...(queue ? { queue } : {}),
        ...(o.quiet ? {} : { log: (e) => process.stderr.write(`${JSON.stringify(e)}\n`) }),
      });
      onSignals(async () => {
        await server.close();
        await store.close();
      });
      console.log(`attune serve: ${server.url} (OpenAPI: ${server.url}/openapi.json${queue ? '; remembering through the queue' : ''})`);
    });

  memoryFlags(program.command('worker'))
    .description('run queued jobs: conversations to remember (`attune serve --queue`), to extract (`attune extract --queue`) and the LLM calls of `respond`, `judge` and `eval select --queue`; run any number, on any machine')
    .requiredOption('--queue <redis-url>', 'the Redis the server queues on')
    .option('--queue-name <name>', 'BullMQ queue name (as given to attune serve)', 'attune')
    .option('--concurrency <n>', 'jobs at once', integerFlag('--concurrency', 1), DEFAULT_WORKER_CONCURRENCY)
    .option('--lock-ms <n>', 'a job whose worker stops renewing its lock for this long goes to another worker', integerFlag('--lock-ms', 1), 30_000)
    .action(async (o: MemoryFlags & { queue: string; queueName: string; concurrency: number; lockMs: number }) => {
      await warnIfVolatile(o.queue, 'attune worker');
      const store = await openStore(o.store);
      // Load the embedding model before taking jobs: loading blocks the event loop for seconds, long enough for
      // the job locks of a just-started worker to lapse and its jobs to be handed to another worker as well.
      await new UseLiteEmbedder().warm();
      // Every LLM call of this worker goes through the store's cache with a claim in Redis on its key: a job
      // redone elsewhere (a lapsed lock, a duplicate) waits for a live worker's answer instead of paying again.
      const cache = claimingCache(new StoreResponseCache(store), { url: o.queue, leaseMs: 2 * o.lockMs });
      const memory = memoryService(store, memoryOptions(store, o, cache));
      const common = {
        url: o.queue, concurrency: o.concurrency, stalledIntervalMs: o.lockMs,
        onDead: (id: string, reason: string) => console.error(`job ${id} failed every attempt (dead letter): ${reason}`),
      };
      const worker = bullWorker<RememberJob, RememberResponse>(rememberHandler(memory.memoryFor), { ...common, name: o.queueName, orderKey: rememberOrderKey, redact: rememberRedact });
      // Batch commands (`attune extract|respond|judge|eval select --queue`): a client per model the jobs name.
      const config = loadLlmConfig(o.llmConfig ? { file: o.llmConfig } : {});
      const clients = new Map<string, LlmClient>();
      const llmFor = (model: string) => {
        let c = clients.get(model);
        if (!c) clients.set(model, (c = createLlmClient({ model, config, cache })));
        return c;
      };
      const extractWorker = bullWorker(extractHandler(llmFor), { ...common, name: `${o.queueName}${EXTRACT_QUEUE_SUFFIX}` });
      const llmWorker = bullWorker(llmTurnHandler(llmFor), { ...common, name: `${o.queueName}${LLM_QUEUE_SUFFIX}` });
      onSignals(async () => {
        await Promise.all([worker.close(), extractWorker.close(), llmWorker.close()]);
        await memory.close();
        await cache.close();
        await store.close();
      });
      console.log(`attune worker: taking jobs from ${o.queue.replace(/\/\/[^/@]*@/, '//***@')} (concurrency ${o.concurrency})`);
    });
}
