/** The public types of the memory (`createAttune` and its results). */
import type { Conversation } from '../model/index.js';
import type { MessageInput } from './messages.js';
import type { SensitiveCategory } from '../stages/extract/offline.js';
import type { StoredMemoryAttribute } from '../store/memory-store.js';
export interface EvidenceView {
  conversationId: string;
  turnIndex: number;
  /** The turn's text (cut to 300 characters), when the conversation is in the memory. */
  quote?: string;
}

export interface HistoryEvent {
  kind: string;
  at: string;
  conversationId?: string;
  detail: Record<string, unknown>;
}

export interface MemoryAttribute {
  id: string;
  text: string;
  reason?: string;
  confidence: number;
  status: StoredMemoryAttribute['status'];
  /** The sensitive category, when the attribute touches one. */
  sensitive?: SensitiveCategory;
  /** A person confirmed (or edited) it. */
  confirmed: boolean;
  supersededBy?: string;
  evidence: EvidenceView[];
  history: HistoryEvent[];
}

export interface ProfileResult {
  userId: string;
  attributes: MemoryAttribute[];
  /** With `limit`: pass it as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export interface SearchResult {
  userId: string;
  /** The best `topK` usable active attributes for the query, best first, with the selector's score (no cut). */
  attributes: (MemoryAttribute & { score: number; selected: boolean; why?: string })[];
  selector: string;
  /** Left out before scoring, as in SelectResult. */
  withheld: SelectResult['withheld'];
}

export type ChangeKind = 'created' | 'reinforced' | 'superseded';

export interface RememberChange {
  kind: ChangeKind;
  attributeId: string;
  text: string;
  confidence: number;
  /** For 'superseded': the older attribute the new one replaced. */
  supersedes?: string;
}

export interface RememberResult {
  userId: string;
  conversationId: string;
  /** True when this conversation (same id or same content) was already remembered: nothing changed. */
  alreadyRemembered: boolean;
  changes: RememberChange[];
  /** Extracted but not kept, with why. */
  dropped: { text: string; reason: string }[];
  /** Stored facts retired with no replacement (reconcile's RETIRE): they are `superseded` now. */
  retired?: { attributeId: string; text: string }[];
}

export interface SelectedAttribute {
  id: string;
  text: string;
  score?: number;
  /** Why the selector chose it, when the selector says. */
  why?: string;
  reason?: string;
  confidence: number;
  sensitive?: SensitiveCategory;
}

export interface SelectResult {
  userId: string;
  /** The attributes to use; empty means "answer generically". */
  attributes: SelectedAttribute[];
  /** Every candidate with its score and decision. */
  scores: { id: string; text: string; score?: number; why?: string; selected: boolean }[];
  /** The selector's cutoff, when it has one. */
  threshold?: number;
  selector: string;
  /** Candidates left out before scoring: sensitive categories not allowed, or below minConfidence. */
  withheld: { id: string; why: 'sensitive' | 'low_confidence'; category?: SensitiveCategory }[];
}

export interface RespondResult {
  text: string;
  /** The attributes the response was given (what select chose). */
  attributes: SelectedAttribute[];
  selection: SelectResult;
}

export interface CorrectResult {
  attribute: MemoryAttribute;
}

export interface ForgetResult {
  userId: string;
  attributeId?: string;
  /** Rows deleted per table. */
  deleted: Record<string, number>;
  /** Embedding-cache entries deleted. */
  vectors: number;
}

export interface Attune {
  /** A conversation (messages or a Conversation) to extract from, or `facts`: stated facts stored as they are. */
  remember(o: { userId: string; messages?: readonly MessageInput[]; conversation?: Conversation; conversationId?: string; facts?: readonly string[] }): Promise<RememberResult>;
  /** Every attribute (any status) with evidence and history; with `limit`, one page of them and `nextCursor`. */
  profile(o: { userId: string; limit?: number; cursor?: string }): Promise<ProfileResult>;
  select(o: { userId: string; prompt: string }): Promise<SelectResult>;
  /** The user's usable active attributes ranked for `query` by the selector's score, without its cut (default topK 10). */
  search(o: { userId: string; query: string; topK?: number }): Promise<SearchResult>;
  respond(o: { userId: string; prompt: string; maxTokens?: number }): Promise<RespondResult>;
  correct(o: { userId: string; attributeId: string; action: 'confirm' | 'reject' | 'edit'; text?: string }): Promise<CorrectResult>;
  forget(o: { userId: string; attributeId?: string }): Promise<ForgetResult>;
  /** Waits for background work (the middleware's remember) to settle. */
  flush(): Promise<void>;
  /** Waits for background work, then closes what createAttune opened. */
  close(): Promise<void>;
  /** @internal the middleware's entry points */
  readonly internal: AttuneInternal;
}

export interface AttuneInternal {
  select(o: { userId: string; prompt: string }, kind: 'select' | 'respond' | 'middleware'): Promise<SelectResult>;
  background(task: () => Promise<unknown>, onError?: (e: unknown) => void): void;
  tenant: string;
}

