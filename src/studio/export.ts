import { InvalidArgumentError } from '../model/errors.js';
import type { Dataset } from '../model/index.js';
import { writeAttuneJsonl } from '../data/index.js';
import type { Store } from '../store/store.js';
import { StudioStore } from './assignment.js';
import type { Study, StudyKind } from './types.js';
import { countTies, studyDataset } from './dataset.js';
import { loadStudyData } from './judgments.js';
import { StudySettings, studySettings } from './launch.js';
import type { StudySettingsInput, TieRule } from './launch.js';
import { itemsFromDataset } from './tasks.js';
import type { BuildOptions } from './tasks.js';

/** A study made from a dataset, and a study's judgments written back as a dataset. */

export interface CreateStudyOptions extends BuildOptions {
  name: string;
  kind: StudyKind;
  /** Annotators per item (default 3, as in the paper). */
  k?: number;
  /** Regular items per annotator (default: as many as still need judging). */
  perAnnotator?: number;
  completionCode?: string;
  /** Consent and instructions pages, the work that earns the code, the speed flag, how ties become labels (launch.ts). */
  settings?: StudySettingsInput;
}

/** A study over a dataset's items: relevance pages, attribute sheets or response pairs (see tasks.ts). */
export async function createStudy(store: Store | StudioStore, ds: Dataset, opts: CreateStudyOptions): Promise<Study> {
  const studio = store instanceof StudioStore ? store : new StudioStore(store);
  const { settings, ...build } = opts;
  const { items, source } = itemsFromDataset(ds, opts.kind, build);
  return studio.createStudy({
    name: opts.name, kind: opts.kind, k: opts.k ?? 3, items, source: { ...source, settings: StudySettings.parse(settings ?? {}) },
    ...(opts.perAnnotator !== undefined ? { perAnnotator: opts.perAnnotator } : {}),
    ...(opts.completionCode !== undefined ? { completionCode: opts.completionCode } : {}),
  });
}

/** Writes a study's judgments as an attune JSONL dataset directory (what `attune eval` reads). */
export async function exportStudy(store: Store | StudioStore, study: string, dir: string, opts: { ties?: TieRule } = {}): Promise<string[]> {
  return (await exportStudyWithSummary(store, study, dir, opts)).files;
}

export interface ExportSummary {
  files: string[];
  judgments: number;
  /** Relevance: majority labels written, pairs whose annotators split evenly, and how those were broken. */
  labels: number;
  ties: number;
  tieRule: TieRule;
}

/** exportStudy, and what the export holds: labels, and how many of them were ties and how they were broken. */
export async function exportStudyWithSummary(store: Store | StudioStore, study: string, dir: string, opts: { ties?: TieRule } = {}): Promise<ExportSummary> {
  const studio = store instanceof StudioStore ? store : new StudioStore(store);
  const s = await studio.getStudy(study);
  if (!s) throw new InvalidArgumentError('study', `no study "${study}"`, study);
  const tieRule = opts.ties ?? studySettings(s).ties;
  const ds = studyDataset(await loadStudyData(studio, s), { ties: tieRule });
  const files = await writeAttuneJsonl(ds, dir);
  return { files, judgments: ds.annotations.length + ds.attributeJudgments.length + ds.ratings.length, labels: ds.labels.length, ties: countTies(ds.annotations), tieRule };
}

/** The files an admin can download for a study of this kind. */
export function exportFiles(kind: string): string[] {
  const byKind: Record<string, string[]> = {
    relevance: ['annotations.jsonl', 'labels.jsonl', 'predictions.jsonl', 'prompts.jsonl', 'profiles.jsonl'],
    attribute: ['attribute_judgments.jsonl', 'profiles.jsonl', 'conversations.jsonl'],
    rating: ['ratings.jsonl', 'response_pairs.jsonl', 'prompts.jsonl'],
  };
  return ['dataset.json', ...(byKind[kind] ?? []), 'judgments.csv'];
}
