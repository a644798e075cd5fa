/** attune's memory as an MCP server: `createMcpServer({ attune })`, and the fetch handler `attune serve` mounts at /mcp. */
export { createMcpServer, handleMcpRequest, type CreateMcpServerOptions } from './server.js';
