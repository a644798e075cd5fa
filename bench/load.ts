// A closed-loop HTTP load generator for the serve bench: N clients, each sending its next request when the
// last one answered, for a fixed time. A client's latency runs from the moment its request is handed to fetch
// (so a connection that still has to be opened, or a request waiting for the server to accept it, is counted)
// to the last byte of the answer.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { percentile } from './shared.js';

export interface LoadRequest {
  path: string;
  body: unknown;
  /** The status that counts as success (default 200). */
  status?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** The 1-minute load average when the phase ended. */
  load1: number;
}

export interface LoadOptions {
  url: string;
  key: string;
  clients: number;
  ms: number;
  /** The n-th request of the phase (0-based, across clients). */
  request: (n: number, client: number) => LoadRequest;
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.clients }, async (_, c) => {
    // every client sends at least one request
    for (let first = true; first || performance.now() - t0 < o.ms; first = false) {
      const r = o.request(sent++, c);
      const t = performance.now();
      try {
        const res = await fetch(`${o.url}${r.path}`, {
          method: 'POST', headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' }, body: JSON.stringify(r.body),
        });
        const text = await res.text();
        if (res.status !== (r.status ?? 200)) {
          errors++;
          firstError ??= `${r.path} answered ${res.status}: ${text.slice(0, 200)}`;
          continue;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
        continue;
      }
      latencies.push(performance.now() - t);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  if (firstError) console.log(`(${errors} failed requests; the first: ${firstError})`);
  return {
    requests: latencies.length, seconds, reqPerSec: latencies.length / seconds,
    p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors, load1: os.loadavg()[0]!,
  };
}
