/**
 * attune's memory as an MCP server (the official SDK): the six operations of src/memory/tools.ts as MCP tools,
 * each with a zod input schema (the user named in the input) and an output schema, answering with
 * structuredContent and the same JSON as text for clients that read only text. Transports are the caller's:
 * stdio (`attune mcp`), or streamable HTTP (`mcpHttpHandler`, mounted at /mcp by `attune serve`).
 */
import { createRequire } from 'node:module';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Attune } from '../memory/attune.js';
import { AttuneError } from '../memory/errors.js';
import { InvalidArgumentError } from '../model/errors.js';
import { memoryOperations, toolDescriptions, toolInputs, toolOutputs, type ToolName } from '../memory/tools.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface CreateMcpServerOptions {
  attune: Attune;
  /** When given, every tool acts for this user: `userId` leaves the input schemas (a server for one person). */
  userId?: string;
  /** The server's name in the MCP handshake (default 'attune'). */
  name?: string;
}

const UserId = z.string().min(1).max(256).describe('the user whose memory this is');
const TOOL_NAMES = Object.keys(toolInputs) as ToolName[];

const annotations: Record<ToolName, { readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean }> = {
  remember: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  select: { readOnlyHint: true },
  search: { readOnlyHint: true },
  profile: { readOnlyHint: true },
  correct: { readOnlyHint: false, destructiveHint: false },
  forget: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
};

/** A tool's failure as the model should see it: the coded error's message, never a stack. */
function failure(e: unknown): CallToolResult {
  const message = e instanceof AttuneError ? `${e.code}: ${e.message}` : 'internal error';
  if (!(e instanceof AttuneError)) console.error('attune mcp:', e instanceof Error ? e.message : e);
  return { isError: true, content: [{ type: 'text', text: message }] };
}

/** An MCP server over one Attune, not yet connected: `await server.connect(transport)`. */
export function createMcpServer(opts: CreateMcpServerOptions): McpServer {
  // A server for one person with an unusable id would fail every call: refuse it now.
  if (opts.userId !== undefined && !UserId.safeParse(opts.userId).success) throw new InvalidArgumentError('userId', 'must be 1 to 256 characters', opts.userId);
  const server = new McpServer({ name: opts.name ?? 'attune', version }, {
    instructions: 'A per-user memory. Call select with the user\'s request to get the relevant remembered attributes and use them ' +
      'without naming them; call remember with a finished exchange; profile, correct and forget let the user see and fix it.',
  });
  const ops = memoryOperations(opts.attune);
  for (const name of TOOL_NAMES) {
    const input = opts.userId === undefined ? toolInputs[name].extend({ userId: UserId }) : toolInputs[name];
    const run = ops[name] as (userId: string, input: unknown) => Promise<Record<string, unknown>>;
    server.registerTool(name, {
      description: toolDescriptions[name],
      inputSchema: input,
      outputSchema: toolOutputs[name],
      annotations: annotations[name],
    }, async (args: Record<string, unknown>): Promise<CallToolResult> => {
      const { userId, ...rest } = args as { userId?: string };
      try {
        const out = await run(opts.userId ?? userId!, rest);
        return { structuredContent: out, content: [{ type: 'text', text: JSON.stringify(out) }] };
      } catch (e) {
        return failure(e);
      }
    });
  }
  return server;
}

/**
 * A fetch handler for MCP over streamable HTTP, stateless (a server and a transport per request, JSON answers):
 * what `attune serve` mounts at /mcp after checking the key, with the key's tenant's Attune.
 */
export async function handleMcpRequest(request: Request, opts: CreateMcpServerOptions): Promise<Response> {
  const server = createMcpServer(opts);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request);
  } finally {
    // The answer is built (JSON mode): nothing more will be sent on this transport.
    void server.close();
  }
}
