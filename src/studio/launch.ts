import { z } from 'zod';
import type { ItemRole, StudyKind, Study } from './types.js';
import { matchesExpected } from './tasks.js';

/**
 * What a study needs for a paid launch, beyond its items: the consent and instructions shown before the first
 * item, the work that earns the completion code (a minimum of answered items; optionally no failed attention
 * check), the speed under which an annotator is flagged, and how relevance ties become labels. Stored with the
 * study (its `source.settings`), so a resumed study keeps them.
 */

/** How a relevance pair with as many YES as NO answers becomes a label: NO (the default), YES, or left out. */
export const TIE_RULES = ['no', 'yes', 'drop'] as const;
export type TieRule = (typeof TIE_RULES)[number];

/** Longest consent or instructions text (characters). */
export const MAX_PAGE_TEXT = 20_000;

export const StudySettings = z.object({
  /** Shown before the first item; the annotator must agree to it to enter. */
  consent: z.string().min(1).max(MAX_PAGE_TEXT).optional(),
  /** Shown before the first item (after the consent, on the same page). */
  instructions: z.string().min(1).max(MAX_PAGE_TEXT).optional(),
  /** Items an annotator must answer (not skip as uncomfortable; attention checks do not count) to get the code. */
  minAnswered: z.number().int().min(0).default(1),
  /** With a failed attention check, the annotator's work ends there and no completion code is given. */
  blockOnFailedAttention: z.boolean().default(false),
  /** Median seconds per item under which the admin page flags an annotator as too fast. */
  fastSeconds: z.number().min(0).default(1.5),
  ties: z.enum(TIE_RULES).default('no'),
});
export type StudySettings = z.infer<typeof StudySettings>;
export type StudySettingsInput = z.input<typeof StudySettings>;

/** The study's launch settings (defaults for a study made before they existed). */
export function studySettings(study: Pick<Study, 'source'>): StudySettings {
  const r = StudySettings.safeParse((study.source as { settings?: unknown }).settings ?? {});
  return r.success ? r.data : StudySettings.parse({});
}

/** One finished assignment of an annotator, as the completion check reads it. */
export interface WorkRecord {
  role: ItemRole;
  status: string;
  /** The item's hidden meta and the answer: read for attention items only. */
  meta?: unknown;
  value?: unknown;
}

export type Completion =
  | { ok: true; answered: number }
  | { ok: false; reason: 'too_few_answers' | 'failed_attention'; answered: number; message: string };

export function failedAttention(kind: StudyKind, work: readonly WorkRecord[]): number {
  return work.filter((w) => w.role === 'attention' && w.status === 'done' && matchesExpected(kind, w.meta, w.value) === false).length;
}

/** Whether an annotator's work earns the completion code under the study's settings. */
export function completion(kind: StudyKind, work: readonly WorkRecord[], s: StudySettings): Completion {
  const answered = work.filter((w) => w.role !== 'attention' && w.status === 'done').length;
  if (s.blockOnFailedAttention && failedAttention(kind, work) > 0) {
    return {
      ok: false, reason: 'failed_attention', answered,
      message: 'An attention check on one of the pages was not answered as it asked, so this study cannot give you a completion code. If you take part through Prolific, please return the study there.',
    };
  }
  if (answered < s.minAnswered) {
    return {
      ok: false, reason: 'too_few_answers', answered,
      message: `This study gives its completion code after at least ${s.minAnswered} answered item${s.minAnswered === 1 ? '' : 's'}; you answered ${answered} (items skipped do not count). If you take part through Prolific, please return the study there.`,
    };
  }
  return { ok: true, answered };
}
