import type { CorrectBody, CorrectResponse, ForgetResponse, ProfileResponse, RememberBody, RememberResponse, RespondResponse, SelectResponse } from './schemas.js';

/**
 * What the v1 API needs from the runtime memory, for one tenant, in the API's own shapes. `memoryService`
 * (./attune.ts) builds it over `createAttune`; tests may give their own. Every call is scoped to the tenant
 * it was made for: a user of another tenant is, to it, a user that does not exist.
 */
export interface TenantMemory {
  /** True when the tenant has anything remembered for this user. */
  hasUser(userId: string): Promise<boolean>;
  remember(userId: string, body: RememberBody): Promise<RememberResponse>;
  /** False when part of what this remember answer quotes (its conversation, an attribute) has been forgotten since. */
  stillHolds(userId: string, answer: RememberResponse): Promise<boolean>;
  /** One page of the profile (at most `limit` attributes, default 100), and the cursor of the next page if there is one. */
  profile(userId: string, page?: { limit?: number; cursor?: string }): Promise<ProfileResponse>;
  select(userId: string, prompt: string): Promise<SelectResponse>;
  respond(userId: string, prompt: string): Promise<RespondResponse>;
  /** Undefined when the user has no attribute with that id. */
  correct(userId: string, attributeId: string, body: CorrectBody): Promise<CorrectResponse | undefined>;
  /** Forgets one attribute, or the whole user; undefined when there was no such attribute. */
  forget(userId: string, attributeId?: string): Promise<ForgetResponse | undefined>;
}

/** The memory of each tenant (by tenant name). */
export type MemoryFor = (tenant: string) => Promise<TenantMemory>;

/** What a remember job carries: everything needed to run it on another machine. */
export interface RememberJob {
  tenant: string;
  userId: string;
  body: RememberBody;
  /** The body's hash (bodyHash), kept after the body is dropped: an Idempotency-Key reused with another body is told apart. */
  bodyHash?: string;
}
