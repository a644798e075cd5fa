import { createRoute, z } from '@hono/zod-openapi';
import {
  AttributeParams, CorrectBody, CorrectResponse, ErrorResponse, ForgetResponse, JobAccepted, JobParams, JobResponse, ProfileQuery, ProfileResponse,
  PromptBody, RememberBody, RememberResponse, RespondResponse, SelectResponse, UserParams,
} from './schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

const errors = {
  400: json(ErrorResponse, 'The request is malformed or fails validation'),
  401: json(ErrorResponse, 'No key, or an unknown, wrong or revoked key'),
  413: json(ErrorResponse, 'The body is larger than the limit'),
  429: { ...json(ErrorResponse, 'Rate limited: retry after the Retry-After header'), headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' as const } } } },
  503: json(ErrorResponse, 'The store or the queue is not reachable (or the tenant is being erased): retry later'),
} as const;
const notFound = { 404: json(ErrorResponse, "No such user (or attribute, or job) in the key's tenant") } as const;
const security = [{ bearer: [] }];

/** The Idempotency-Key header of POST conversations: a retry with the same key and body gets the first answer. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().openapi({
    param: { name: 'idempotency-key', in: 'header' },
    description: 'Makes a retry safe: the same key with the same body answers what the first request answered, and changes nothing; ' +
      'the same key with another body is refused (422). Keys are per tenant and user.',
    example: 'req-7f3a',
  }),
});

/** A route's responses plus the error responses every route has (and 404 for routes that name a user). An
 * intersection, not a spread: spreading turns the numeric status keys into strings, which the typed handlers miss. */
function responses<T extends object>(ok: T): T & typeof errors;
function responses<T extends object>(ok: T, nf: typeof notFound): T & typeof errors & typeof notFound;
function responses(ok: object, nf?: object) {
  return { ...ok, ...errors, ...(nf ?? {}) };
}

export const rememberRoute = createRoute({
  method: 'post', path: '/v1/users/{id}/conversations', tags: ['memory'], security, operationId: 'remember',
  summary: "Remember a conversation: extract the user's attributes and merge them into the profile",
  description: 'Without a queue, answers 200 once the profile is updated; with one, 202 with the job. The same conversation ' +
    'sent again changes nothing; the same Idempotency-Key with the same body answers the first answer again. Messages may be ' +
    '`{ role, content }` (content a string or parts) or AI SDK UI messages `{ role, parts }`: text parts are read, other parts ' +
    'are left out and listed in `warnings`.',
  request: {
    params: UserParams,
    headers: IdempotencyHeaders,
    ...body(RememberBody),
  },
  responses: responses({
    200: json(RememberResponse, 'Remembered'),
    202: json(JobAccepted, 'Queued: follow it at GET /v1/jobs/{jobId}'),
    409: json(ErrorResponse, 'This conversationId was remembered before with other content'),
    422: json(ErrorResponse, 'This Idempotency-Key was used before with another body'),
    501: json(ErrorResponse, 'The server was started without the model this needs (`attune serve --model`)'),
  }),
});

export const profileRoute = createRoute({
  method: 'get', path: '/v1/users/{id}/profile', tags: ['memory'], security, operationId: 'getProfile', summary: "The user's active attributes",
  description: 'Pages of at most `limit` attributes (default 100); `nextCursor`, when present, fetches the next page.',
  request: { params: UserParams, query: ProfileQuery },
  responses: responses({ 200: json(ProfileResponse, 'The profile') }, notFound),
});

export const selectRoute = createRoute({
  method: 'post', path: '/v1/users/{id}/select', tags: ['memory'], security, operationId: 'select',
  summary: 'The attributes relevant to a prompt, with every candidate\'s score and the selector\'s threshold',
  request: { params: UserParams, ...body(PromptBody) },
  responses: responses({ 200: json(SelectResponse, 'The selected attributes') }, notFound),
});

export const respondRoute = createRoute({
  method: 'post', path: '/v1/users/{id}/respond', tags: ['memory'], security, operationId: 'respond',
  summary: 'A response personalized with the relevant attributes',
  request: { params: UserParams, ...body(PromptBody) },
  responses: responses({
    200: json(RespondResponse, 'The response'),
    501: json(ErrorResponse, 'The server was started without a model: restart it with `attune serve --model provider/model`'),
  }, notFound),
});

export const correctRoute = createRoute({
  method: 'patch', path: '/v1/users/{id}/attributes/{attributeId}', tags: ['memory'], security, operationId: 'correctAttribute',
  summary: 'Correct an attribute: confirm it, reject it or edit its text',
  request: { params: AttributeParams, ...body(CorrectBody) },
  responses: responses({ 200: json(CorrectResponse, 'Corrected') }, notFound),
});

export const forgetAttributeRoute = createRoute({
  method: 'delete', path: '/v1/users/{id}/attributes/{attributeId}', tags: ['memory'], security, operationId: 'forgetAttribute',
  summary: 'Forget one attribute (and the cached text derived from it)',
  request: { params: AttributeParams },
  responses: responses({ 200: json(ForgetResponse, 'Forgotten') }, notFound),
});

export const forgetUserRoute = createRoute({
  method: 'delete', path: '/v1/users/{id}', tags: ['memory'], security, operationId: 'forgetUser', summary: 'Forget everything about the user',
  request: { params: UserParams },
  responses: responses({ 200: json(ForgetResponse, 'Forgotten') }, notFound),
});

export const jobRoute = createRoute({
  method: 'get', path: '/v1/jobs/{id}', tags: ['jobs'], security, operationId: 'getJob', summary: 'A queued job: state, progress, result or failure reason',
  request: { params: JobParams },
  responses: responses({ 200: json(JobResponse, 'The job') }, notFound),
});
