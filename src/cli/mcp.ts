import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createAttune, type AttuneOptions } from '../memory/attune.js';
import { createMcpServer } from '../mcp/server.js';
import { EMBEDDER_GRAMMAR } from '../embed/resolve.js';
import { defaultStoreUrl } from '../store/open.js';
import { onSignals } from './signals.js';
import { firstRunNotice } from './stores.js';

interface McpFlags {
  store?: string;
  user?: string;
  tenant?: string;
  selector?: string;
  embedder?: string;
}

/** `attune mcp`: the memory as an MCP server on stdin/stdout (stdout is the protocol's; anything else goes to stderr). */
export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the memory to an MCP client (Claude Desktop, Cursor, ...) over stdio: remember, select, search, profile, correct, forget')
    .option('--store <url>', 'SQLite file or postgres:// URL (default $ATTUNE_STORE or .attune/attune.sqlite)')
    .option('--user <id>', 'act for this user only (the tools then take no userId)')
    .option('--tenant <id>', "tenant (default 'default')")
    .option('--selector <name>', 'default (label-free; the default), embedding, mem0, bm25, llm-batch:<provider/model> (LLM-assisted), or a model file from `attune train select`')
    .option('--embedder <name>', `sentence embedder: ${EMBEDDER_GRAMMAR.join(' | ')} (default use-lite)`)
    .action(async (o: McpFlags) => {
      const opts: AttuneOptions = { store: o.store ?? defaultStoreUrl(), ...(o.tenant ? { tenant: o.tenant } : {}), ...(o.selector ? { selector: o.selector } : {}), ...(o.embedder ? { embedder: o.embedder } : {}) };
      const attune = createAttune(opts);
      firstRunNotice();
      const server = createMcpServer({ attune, ...(o.user !== undefined ? { userId: o.user } : {}) });
      const transport = new StdioServerTransport();
      let stopping: Promise<void> | undefined;
      const stop = () => (stopping ??= (async () => {
        await server.close();
        await attune.close();
      })());
      // The client closing our stdin is the end of the session.
      process.stdin.once('end', () => void stop().then(() => process.exit(0)));
      onSignals(stop);
      await server.connect(transport);
      console.error(`attune mcp: serving ${opts.store as string} on stdio${o.user ? ` for user ${o.user}` : ''}`);
    });
}
