import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AttuneError } from '../model/errors.js';

/** A request body that is too large (413, code `input_too_large`) or not JSON (400, `invalid_request`). */
export class BodyError extends AttuneError {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(status === 413 ? 'input_too_large' : 'invalid_request', message);
    this.name = 'BodyError';
  }
}

/**
 * The request's JSON body, at most `maxBytes`. Under @hono/node-server it is read straight from node's request:
 * going through `c.req` first builds a web Request and a ReadableStream around it, about a tenth of a studio
 * server's CPU under load. Elsewhere (app.request in tests, other runtimes) it is read through `c.req`.
 */
export async function readJson(c: Context, maxBytes: number): Promise<unknown> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const text = incoming ? await readCapped(incoming, maxBytes) : await c.req.text();
  if (!incoming && Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError('the body must be JSON', 400);
  }
}

function tooLarge(maxBytes: number): BodyError {
  return new BodyError(`request body too large (at most ${maxBytes} bytes)`, 413);
}

/** Reads the whole body; past `maxBytes` the rest is read and dropped, and the result is a 413. */
function readCapped(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size <= maxBytes) chunks.push(d);
    });
    req.once('error', reject);
    req.once('end', () => (size > maxBytes ? reject(tooLarge(maxBytes)) : resolve(Buffer.concat(chunks).toString('utf8'))));
  });
}

/**
 * The body-size limit for routes that read the body afterwards: a request that declares its length
 * (Content-Length: node's parser delivers exactly that many bytes) is judged by the header alone and passes
 * untouched; one without (chunked) goes through hono's `bodyLimit`, which counts the bytes as they stream and
 * rebuilds the request around them (about a tenth of a busy server's CPU when done on every request).
 */
export function bodyLimitFromHeader(opts: { maxSize: number; onError: (c: Context) => Response | Promise<Response> }): MiddlewareHandler {
  const streamed = bodyLimit(opts);
  return async (c, next) => {
    const header = c.req.header('content-length');
    if (header === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    const declared = Number(header);
    if (!Number.isFinite(declared) || declared < 0) return streamed(c, next);
    if (declared > opts.maxSize) return opts.onError(c);
    await next();
  };
}
