/**
 * A real OpenAI-compatible HTTP server for tests and offline benchmarks.
 *
 * It listens on 127.0.0.1 only (random port), answers POST /v1/chat/completions and GET /v1/models,
 * and serves scripted or recorded model outputs, as one JSON answer or, when the request asks for
 * `stream: true`, as server-sent events a word at a time (so `streamText` works against it). Faults (429 with Retry-After, 500, a hang, malformed
 * JSON content) can be injected by call number or with a seeded probability, so retry, timeout and
 * repair paths are exercised over real sockets rather than mocks.
 */
import { InvalidArgumentError } from '../../model/errors.js';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '../../util/random.js';

export { seededRandom };

/** The parts of an OpenAI chat request the server reads; everything else is kept in `raw`. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: unknown }[];
  temperature?: number;
  max_tokens?: number;
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } };
  [key: string]: unknown;
}

export interface TestLlmRequest {
  /** 1-based number of this call to /v1/chat/completions. */
  call: number;
  body: ChatRequestBody;
  headers: http.IncomingHttpHeaders;
  /** Text of the last user message (string content, or its text parts joined). */
  lastUserText: string;
  /** True when the request asked for `response_format: {type: 'json_schema'}` (or json_object). */
  wantsJson: boolean;
}

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** What a script returns: the assistant message content, or content with usage / reasoning. */
export type ScriptReply =
  | string
  | { content: string; usage?: ScriptedUsage; reasoning?: string; finishReason?: string }
  | { json: unknown; usage?: ScriptedUsage };

export type Script = (req: TestLlmRequest) => ScriptReply | Promise<ScriptReply>;

/** Recorded outputs looked up by a key computed from the request (default: the last user message). */
export interface RecordedOutputs {
  outputs: Map<string, ScriptReply> | { key: string; reply: ScriptReply }[];
  keyOf?: (req: TestLlmRequest) => string;
  /** Used when no recorded output matches; without it an unmatched request gets HTTP 400. */
  fallback?: Script;
}

export type Fault =
  | { kind: '429'; retryAfter?: string | number }
  | { kind: '500' }
  | { kind: 'hang' }
  | { kind: 'malformed' };
export type FaultKind = Fault['kind'];

export interface FaultPlan {
  /** Faults for given call numbers (1-based), or a function of the call number. */
  byCall?: Record<number, Fault> | ((call: number) => Fault | undefined);
  /** A fault with probability p per call, drawn from a seeded generator (reproducible). */
  random?: { p: number; seed: number; faults: Fault[] };
}

export interface TestLlmServerOptions {
  script?: Script;
  recorded?: RecordedOutputs;
  /** Delay before answering, in ms (fixed, or per request). */
  latencyMs?: number | ((req: TestLlmRequest) => number);
  faults?: FaultPlan;
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  /** Called when a request arrives, before latency and faults (e.g. to abort a run after N calls). */
  onRequest?: (req: TestLlmRequest) => void;
}

export interface LoggedRequest {
  call: number;
  /** ms since the server started. */
  receivedAt: number;
  finishedAt?: number;
  body: ChatRequestBody;
  /** The request's headers (say, to tell which client sent it). */
  headers: http.IncomingHttpHeaders;
  fault?: FaultKind;
  status?: number;
  /** The content sent back (after any malformed-content fault). */
  content?: string;
}

export interface TestLlmServer {
  /** Base URL to give an OpenAI-compatible client, ending in `/v1`. */
  readonly baseURL: string;
  readonly port: number;
  /** Number of POST /v1/chat/completions requests received. */
  readonly calls: number;
  readonly requests: readonly LoggedRequest[];
  readonly inFlight: number;
  /** Highest number of chat requests being handled at once. */
  readonly maxInFlight: number;
  /** Clears the counters and the log (not the script or faults). */
  reset(): void;
  close(): Promise<void>;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p: unknown) => (p && typeof p === 'object' && 'text' in p && typeof p.text === 'string' ? p.text : ''))
      .join('');
  }
  return '';
}

/** Rough token estimate for default usage (4 characters a token). */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function normalizeReply(reply: ScriptReply): { content: string; usage?: ScriptedUsage; reasoning?: string; finishReason?: string } {
  if (typeof reply === 'string') return { content: reply };
  if ('json' in reply) return { content: JSON.stringify(reply.json), usage: reply.usage };
  return reply;
}

/** Turns valid JSON into something that does not parse: cut in half, as a max_tokens cut-off would. */
export function malform(content: string): string {
  const cut = content.slice(0, Math.max(1, Math.floor(content.length / 2)));
  return cut.trim().startsWith('{') || cut.trim().startsWith('[') ? cut : `{"unterminated": ${JSON.stringify(cut)}`;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

/** An OpenAI chat completion as server-sent events: role, then the content a word at a time, the finish reason, usage, [DONE]. */
function sendStream(res: http.ServerResponse, o: { id: string; model: string; content: string; reasoning?: string; finishReason: string; usage?: ScriptedUsage }): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id: o.id, object: 'chat.completion.chunk', created, model: o.model, choices, ...extra })}\n\n`);
  const delta = (d: Record<string, unknown>) => chunk([{ index: 0, delta: d, finish_reason: null }]);
  delta({ role: 'assistant', content: '' });
  if (o.reasoning) delta({ reasoning_content: o.reasoning });
  for (const piece of o.content.match(/\s*\S+\s*|\s+/g) ?? []) delta({ content: piece });
  chunk([{ index: 0, delta: {}, finish_reason: o.finishReason }]);
  if (o.usage) chunk([], { usage: { ...o.usage, total_tokens: o.usage.prompt_tokens + o.usage.completion_tokens } });
  res.end('data: [DONE]\n\n');
}

function errorBody(message: string, type: string, code?: string): unknown {
  return { error: { message, type, code: code ?? null } };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startTestLlmServer(opts: TestLlmServerOptions = {}): Promise<TestLlmServer> {
  if (!opts.script && !opts.recorded) throw new InvalidArgumentError('script', 'startTestLlmServer: give a script or recorded outputs');
  const started = Date.now();
  const random = opts.faults?.random ? seededRandom(opts.faults.random.seed) : undefined;
  const recorded = opts.recorded
    ? opts.recorded.outputs instanceof Map
      ? opts.recorded.outputs
      : new Map(opts.recorded.outputs.map((o) => [o.key, o.reply]))
    : undefined;
  const keyOf = opts.recorded?.keyOf ?? ((r: TestLlmRequest) => r.lastUserText);

  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<http.ServerResponse>();

  function faultFor(call: number): Fault | undefined {
    const byCall = opts.faults?.byCall;
    const f = typeof byCall === 'function' ? byCall(call) : byCall?.[call];
    if (f) return f;
    const r = opts.faults?.random;
    if (r && random && r.faults.length > 0) {
      const u = random();
      const pick = random();
      if (u < r.p) return r.faults[Math.floor(pick * r.faults.length)];
    }
    return undefined;
  }

  async function reply(req: TestLlmRequest): Promise<ReturnType<typeof normalizeReply> | undefined> {
    if (recorded) {
      const hit = recorded.get(keyOf(req));
      if (hit !== undefined) return normalizeReply(hit);
      if (opts.recorded?.fallback) return normalizeReply(await opts.recorded.fallback(req));
      return undefined;
    }
    return normalizeReply(await opts.script!(req));
  }

  async function handleChat(httpReq: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const call = ++calls;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
        entry.finishedAt = Date.now() - started;
      }
    };
    const entry: LoggedRequest = { call, receivedAt: Date.now() - started, body: { model: '', messages: [] }, headers: httpReq.headers };
    log.push(entry);
    res.on('close', finish);
    res.on('finish', finish);

    let body: ChatRequestBody;
    try {
      body = JSON.parse(raw) as ChatRequestBody;
      if (!Array.isArray(body.messages)) throw new Error('messages must be an array');
    } catch (e) {
      entry.status = 400;
      sendJson(res, 400, errorBody(`invalid request body: ${(e as Error).message}`, 'invalid_request_error'));
      return;
    }
    entry.body = body;
    const lastUser = [...body.messages].reverse().find((m) => m.role === 'user');
    const rf = body.response_format?.type;
    const req: TestLlmRequest = {
      call,
      body,
      headers: httpReq.headers,
      lastUserText: textOf(lastUser?.content),
      wantsJson: rf === 'json_schema' || rf === 'json_object',
    };
    opts.onRequest?.(req);

    const latency = typeof opts.latencyMs === 'function' ? opts.latencyMs(req) : (opts.latencyMs ?? 0);
    if (latency > 0) await sleep(latency);
    if (done || res.destroyed) return; // the client went away while we waited

    const fault = faultFor(call);
    entry.fault = fault?.kind;
    if (fault?.kind === '429') {
      entry.status = 429;
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      sendJson(res, 429, errorBody('Rate limit reached (injected)', 'rate_limit_error', 'rate_limit_exceeded'), headers);
      return;
    }
    if (fault?.kind === '500') {
      entry.status = 500;
      sendJson(res, 500, errorBody('Internal server error (injected)', 'server_error'));
      return;
    }
    if (fault?.kind === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return; // never answers; the client's timeout must fire
    }

    let out: ReturnType<typeof normalizeReply> | undefined;
    try {
      out = await reply(req);
    } catch (e) {
      entry.status = 500;
      sendJson(res, 500, errorBody(`script failed: ${(e as Error).message}`, 'server_error'));
      return;
    }
    if (!out) {
      entry.status = 400;
      sendJson(res, 400, errorBody(`no recorded output for key ${JSON.stringify(keyOf(req)).slice(0, 200)}`, 'invalid_request_error'));
      return;
    }
    const content = fault?.kind === 'malformed' ? malform(out.content) : out.content;
    entry.content = content;
    entry.status = 200;
    const promptText = body.messages.map((m) => textOf(m.content)).join('\n');
    const usage = out.usage ?? { prompt_tokens: estimateTokens(promptText), completion_tokens: estimateTokens(content) };
    const message: Record<string, unknown> = { role: 'assistant', content };
    if (out.reasoning) message.reasoning_content = out.reasoning;
    if (body.stream === true) {
      const withUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      sendStream(res, { id: `chatcmpl-test-${call}`, model: body.model, content, reasoning: out.reasoning, finishReason: out.finishReason ?? 'stop', usage: withUsage ? usage : undefined });
      return;
    }
    sendJson(res, 200, {
      id: `chatcmpl-test-${call}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, finish_reason: out.finishReason ?? 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
        handleChat(req, res, raw).catch((e: unknown) => {
          if (!res.headersSent) sendJson(res, 500, errorBody(String(e), 'server_error'));
        });
      } else if (req.method === 'GET' && url.pathname === '/v1/models') {
        const ids = opts.models ?? ['test-model'];
        sendJson(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'attune-test' })) });
      } else {
        sendJson(res, 404, errorBody(`no route ${req.method} ${url.pathname}`, 'not_found'));
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    get calls() {
      return calls;
    },
    get requests() {
      return log;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    reset() {
      calls = 0;
      maxInFlight = inFlight;
      log = [];
    },
    close() {
      for (const res of hanging) res.destroy();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
