/**
 * attune: human-centered LLM personalization. The verbs of the three stages, each one options object in
 * and one result object out; the layers behind them are subpaths (attune/select, attune/store, ...).
 */
export { extractAttributes, type ExtractAttributesOptions, type ExtractAttributesResult } from './stages/extract/extract-attributes.js';
export { mergeAttributes, type MergeAttributesOptions, type MergeAttributesResult } from './stages/extract/merge.js';
export { verifyAttributes, type VerifyAttributesOptions, type VerifyAttributesResult } from './stages/extract/verify/verify-attributes.js';
export { selectAttributes, type SelectAttributesOptions, type SelectAttributesResult } from './stages/select/select-attributes.js';
export { generateResponse, type GenerateResponseOptions, type GenerateResponseResult } from './stages/respond/generate-response.js';
export { judgeResponses, type JudgeResponsesOptions, type JudgeResponsesResult } from './stages/respond/judge-responses.js';

// The runtime memory: per-user attributes an application remembers, selects from, corrects and forgets.
export {
  createAttune, type Attune, type AttuneOptions, type MemoryAttribute, type ProfileResult, type RememberResult,
  type SelectResult, type RespondResult, type CorrectResult, type ForgetResult,
} from './memory/attune.js';
export { attuneMiddleware, type AttuneMiddlewareOptions, type InjectInfo, type InjectMode } from './memory/middleware.js';
export { attuneTools, type AttuneTools, type AttuneToolsOptions } from './memory/tools.js';
export { AttuneError, type AttuneErrorCode } from './memory/errors.js';
export { readRememberFile, type ReadRememberFileOptions, type CheckedRememberInput } from './memory/remember-file.js';

// The interfaces at the seams: pass your own model, embedder, extractor, selector or verifier.
export type { Llm, LlmMessage, TextRequest, TextResult, ObjectRequest, ObjectResult } from './llm/llm.js';
export { LlmClient, createLlmClient, resolveLlm, type LlmClientOptions, type ModelInput } from './llm/client.js';
export type { Embedder } from './embed/embedder.js';
export { defaultEmbedder } from './embed/default.js';
export type { Extractor } from './stages/extract/extractor.js';
export type { Selector, Selection, SelectionPair } from './stages/select/selector.js';
export type { Verifier, Verification } from './stages/extract/verify/index.js';

// The records everything reads and writes (zod schemas and their types).
export * from './model/index.js';
