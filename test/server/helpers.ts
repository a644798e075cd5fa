import type { Hono } from 'hono';
import type { JobQueue } from '../../src/queue/types.js';
import { createApiApp } from '../../src/server/api/app.js';
import type { MemoryFor, RememberJob } from '../../src/server/api/memory.js';
import type { RememberResponse } from '../../src/server/api/schemas.js';
import { KeyStore } from '../../src/store/keys.js';
import type { Store } from '../../src/store/store.js';

/** What `fetch`-like thing a client talks to: the app in-process, or a real server by URL. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export function appFetcher(app: Hono<never> | { request: (p: string, i?: RequestInit) => Response | Promise<Response> }): Fetcher {
  return async (p, init) => app.request(p, init);
}

export function urlFetcher(base: string): Fetcher {
  return (p, init) => fetch(`${base}${p}`, init);
}

export interface TaskJson {
  kind: 'relevance' | 'attribute' | 'rating';
  prompt?: string;
  attributes: (string | { text: string })[];
  responseA?: string;
  responseB?: string;
}
export interface CurrentJson {
  done: boolean;
  progress: { done: number; assigned: number; total: number | null };
  assignment?: { id: string; seq: number; task: TaskJson };
  completionCode?: string;
  completionUrl?: string;
}

/** One scripted annotator speaking the studio's HTTP API. */
export class Annotator {
  token = '';
  constructor(
    readonly f: Fetcher,
    readonly studyId: string,
    readonly who: Record<string, string>,
  ) {}

  async enter(): Promise<this> {
    // A returning annotator proves who they are with the token they were given (as the browser does).
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
    const r = await this.f(`/api/s/${this.studyId}/enter`, { method: 'POST', headers, body: JSON.stringify(this.who) });
    if (r.status !== 200) throw new Error(`enter: ${r.status} ${await r.text()}`);
    this.token = ((await r.json()) as { token: string }).token;
    return this;
  }

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }

  async current(): Promise<CurrentJson> {
    const r = await this.f(`/api/s/${this.studyId}/current`, { headers: this.headers() });
    if (r.status !== 200) throw new Error(`current: ${r.status} ${await r.text()}`);
    return (await r.json()) as CurrentJson;
  }

  async submit(assignmentId: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const r = await this.f(`/api/s/${this.studyId}/assignments/${assignmentId}`, { method: 'POST', headers: this.headers(), body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, unknown> };
  }

  async get(assignmentId: string): Promise<number> {
    return (await this.f(`/api/s/${this.studyId}/assignments/${assignmentId}`, { headers: this.headers() })).status;
  }

  /** Answers every item with `answer(task, index)` until done; returns the completion response. */
  async completeAll(answer: (task: TaskJson, n: number) => unknown, max = 1000): Promise<CurrentJson> {
    for (let n = 0; n < max; n++) {
      const cur = await this.current();
      if (cur.done) return cur;
      const r = await this.submit(cur.assignment!.id, answer(cur.assignment!.task, n));
      if (r.status !== 201 && r.status !== 200) throw new Error(`submit: ${r.status} ${JSON.stringify(r.json)}`);
    }
    throw new Error('did not finish');
  }
}

export const yesNo = (pick: (i: number, text: string) => boolean) => (task: TaskJson) => ({
  answers: Object.fromEntries(task.attributes.map((a, i) => [String(i), pick(i, typeof a === 'string' ? a : a.text)])),
});

/** A tenant's API key and a JSON caller for the v1 API over `queue` (in process, no network). */
export async function apiWithQueue(store: Store, memoryFor: MemoryFor, queue: JobQueue<RememberJob, RememberResponse>) {
  const keys = new KeyStore(store);
  const key = (await keys.createKey('acme')).key;
  const app = createApiApp({ keys, memoryFor, queue });
  const call = async (method: string, p: string, body?: unknown) => {
    const r = await app.request(p, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  return { app, key, call };
}
