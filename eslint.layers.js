/**
 * attune's layer rule (DESIGN.md, "Rules of the house"): a file under src/ imports only the layers its layer
 * may use. Every specifier is resolved against the importing file, so `import`, `import type`, `export ... from`
 * and dynamic `import()` are all checked, and a stage importing a sibling stage is caught like any climb.
 *
 *   util                      pure helpers (seeded PRNG, tokenizer): imports nothing, every layer may use it
 *   model                     the records
 *   data, embed, llm          adapters over the model (siblings do not import each other)
 *   metrics                   statistics
 *   learn                     fitting to labels (uses metrics)
 *   stages/extract|select|respond, store
 *                             the three stages (no stage imports another) and the persistence beside them
 *   memory                    the runtime over the stages and a store
 *   eval                      evaluation against human labels (given what it saves through interfaces: no store)
 *   report                    tables and charts of eval's results
 *   studio, queue             the studio's logic, background jobs (store-backed)
 *   mcp                       the MCP server over the memory (no queue, studio or HTTP)
 *   server, client            HTTP (the client may import the server's types)
 *   cli                       parse, call, print
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src');

const BELOW_MODEL = ['util'];
const ADAPTERS = [...BELOW_MODEL, 'model'];
const METRICS = [...ADAPTERS, 'data', 'embed', 'llm'];
const LEARN = [...METRICS, 'metrics'];
const STAGES = [...LEARN, 'learn'];
const STAGE_NAMES = ['stages/extract', 'stages/select', 'stages/respond'];
const MEMORY = [...STAGES, ...STAGE_NAMES, 'store'];
const EVAL = [...STAGES, ...STAGE_NAMES, 'memory'];
const REPORT = [...EVAL, 'eval'];
const STORE_BACKED = [...REPORT, 'report', 'store'];
const MCP = STORE_BACKED;
const SERVER = [...STORE_BACKED, 'studio', 'queue', 'mcp'];

/** For each layer, the other layers it may import (its own folder is always allowed). */
export const MAY_IMPORT = {
  util: [],
  model: BELOW_MODEL,
  data: ADAPTERS,
  embed: ADAPTERS,
  llm: ADAPTERS,
  metrics: METRICS,
  learn: LEARN,
  'stages/extract': STAGES,
  'stages/select': STAGES,
  'stages/respond': STAGES,
  store: STAGES,
  memory: MEMORY,
  eval: EVAL,
  report: REPORT,
  studio: STORE_BACKED,
  queue: STORE_BACKED,
  mcp: MCP,
  server: SERVER,
  client: [...SERVER, 'server'],
  cli: [...SERVER, 'server', 'client'],
  // src/index.ts, the public surface
  '.': [...SERVER, 'server', 'client'],
};

/** The layer of a path relative to src/ ('stages/select' for a stage's files, '.' for src/index.ts). */
export function layerOf(rel) {
  const parts = rel.split(/[\\/]/);
  if (parts.length === 1) return '.';
  if (parts[0] === 'stages' && parts.length > 2) return `stages/${parts[1]}`;
  return parts[0];
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Layers import downward only (DESIGN.md); no stage imports another stage' },
    schema: [],
    messages: {
      climbs: 'Layers run one way (DESIGN.md): {{from}} may not import {{to}}. Pass the dependency in through an interface, or move the shared code down.',
      sibling: 'No stage imports another (DESIGN.md): {{from}} may not import {{to}}. Move what both need down (util/, learn/, ...).',
      unknown: 'src/{{layer}}/ is not a layer eslint.layers.js knows: add it to MAY_IMPORT, between the layers it uses and those that use it.',
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const src = SRC;
    const rel = path.relative(src, filename);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return {};
    const from = layerOf(rel);
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.relative(src, path.resolve(path.dirname(filename), source.value));
      if (target.startsWith('..') || path.isAbsolute(target)) return;
      const to = layerOf(target);
      if (to === from) return;
      if (!(from in MAY_IMPORT)) return context.report({ node, messageId: 'unknown', data: { layer: from } });
      if (!(to in MAY_IMPORT)) return context.report({ node, messageId: 'unknown', data: { layer: to } });
      if (MAY_IMPORT[from].includes(to)) return;
      const messageId = from.startsWith('stages/') && to.startsWith('stages/') ? 'sibling' : 'climbs';
      context.report({ node, messageId, data: { from, to } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // `import x = require('...')` in TypeScript
      TSExternalModuleReference: (node) => check(node, node.expression),
    };
  },
};

export default { rules: { layers: rule } };
