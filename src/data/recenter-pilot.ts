import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { emptyDataset, pairKey, type Conversation, type Dataset, type PairKey, type Profile, type ResponseMode } from '../model/index.js';
import type { Adapter, LoadOptions } from './adapter.js';
import { DataError } from './errors.js';
import { readJsonl, type Line } from './read.js';

/*
 * The "Re-Centering Humans in LLM Personalization" task data, as the authors' annotation tool keeps it
 * (../shared/data/README.md, section recenter-pilot). Mapping:
 *
 * - extracted/task5_items.jsonl: Prompt (id = String(prompt_index)); one Profile per user (a user has
 *   several rows, one per prompt: attributes are merged by text, source "task5", members zipped from
 *   original_*); its `items[]` checklist becomes system "checklist", round "task5": `relevance` holds
 *   the checklist's float score (0.35-0.95), not a yes/no, and every listed item is one the LLM chose,
 *   so listed = relevant with score = relevance and output = expected_behavior, and each profile
 *   attribute the checklist left out is a relevant=false prediction with score 0 (a boolean
 *   `relevance` is taken as the decision itself).
 * - relevance_labels.jsonl: RelevanceLabel, round "task5".
 * - relevance_task5/<model>.jsonl: Prediction, system "votes:<file stem>" (the records' `model` is
 *   "google/gemma-4-31B-it" where the file says google_gemma-4-31b-it; the stem is the stable name),
 *   round "task5". A record without user_id/prompt_index is joined by sample_index = task5 item_index.
 * - task6_generations/eval_results_task5_<mode>_<tag>.jsonl: Response. mode from the record (file name
 *   as fallback): no_context -> generic, gt_attributes -> personalized_human (attributes = those with
 *   ground_truth true), attributes -> personalized_llm (attributes = the checklist's). generator = the
 *   file name's tag after the mode (gpt-5.4, claude-sonnet-4-6, gemma-4-31b-it, llama-3.3-70b: the
 *   same tags as task6_items' model_tag), because the records' `model` is an AWS ARN for Claude;
 *   the record's model is the fallback when the name does not parse.
 * - extracted/task6_items.jsonl: ResponsePair, id `${model_tag}:${prompt_id}`, promptId = the
 *   index after the last "_" of prompt_id (`<user_id>_<prompt_index>`).
 * - extracted/task4_items.jsonl: Profiles (merged into the same per-user profiles; attributes not
 *   already present get source `task4:<source>`), Conversations (id `task4:<conversation_hash>`,
 *   source `task4:<source>`), Prompts for the wildchat rows. Its checklist `items` are not loaded.
 *   Any field that should be a list, dict, number or boolean but is a string is parsed as a Python
 *   literal (parsePythonLiteral); this applies to every file, task4 is where upstream wrote them.
 * - Pilot: task3_relevance_clf.jsonl -> RelevanceLabel round "pilot" (relevant = label, yesRate,
 *   nAnnotators, split); its records lack user_id: sample_index is joined to user_id through
 *   relevance_task3/*.jsonl records and the annotator files (their `index` is the sample index);
 *   unresolved samples get userId `sample:<i>` (listed in the load report).
 *   relevance_task3/<model>.jsonl -> Prediction "votes:<stem>", round "pilot" (prompt_index joined by
 *   sample_index when absent). annotations_v0/annotator-X_task3.jsonl -> AnnotatorLabel (annotator
 *   "X", round "pilot"); annotator-X_task2.jsonl -> AnnotatorLabel with grade = rating and
 *   relevant = is_relevant, round "pilot-graded".
 *
 * Pilot and task5 pairs share the key space (same users' hashes, promptId = LIMA prompt index): `round`
 * tells the sets apart. loadRecenterPilot's report lists any (user, prompt, attribute) found in both.
 */

export const RECENTER_PILOT_FORMAT = 'recenter-pilot';

/** Fixed single files of the layout, relative to the dataset directory. */
export const RECENTER_PILOT_FILES = {
  task5Items: 'extracted/task5_items.jsonl',
  labels: 'relevance_labels.jsonl',
  task6Items: 'extracted/task6_items.jsonl',
  task4Items: 'extracted/task4_items.jsonl',
  pilotLabels: 'task3_relevance_clf.jsonl',
} as const;

/** Folders of per-model or per-annotator files and the names they hold. */
const FOLDERS = {
  votes5: { dir: 'relevance_task5', name: /^(.+)\.jsonl$/ },
  generations: { dir: 'task6_generations', name: /^eval_results_task5_(.+)\.jsonl$/ },
  votes3: { dir: 'relevance_task3', name: /^(.+)\.jsonl$/ },
  annotations: { dir: 'annotations_v0', name: /^annotator-(.+)_task([23])\.jsonl$/ },
} as const;

export const ROUND_TASK5 = 'task5';
export const ROUND_PILOT = 'pilot';
export const ROUND_PILOT_GRADED = 'pilot-graded';
export const CHECKLIST_SYSTEM = 'checklist';

export function votesSystem(model: string): string {
  return `votes:${model}`;
}

/** What a load found beyond the Dataset itself. */
export interface RecenterPilotReport {
  /** How many string fields were parsed as Python literals. */
  pythonReprFields: number;
  /** Pilot sample indices whose user could not be joined (their pairs use userId `sample:<i>`). */
  unresolvedSamples: number[];
  /** Users that have a task4 (stage-1 snapshot) item, whichever source their attributes were kept under. */
  task4Users: string[];
  /** (user, prompt, attribute) triples present in both the pilot rounds and task5. */
  crossRoundCollisions: PairKey[];
}

import type {
  ChecklistItem} from './recenter-pilot-records.js';
import { GenerationRecord, LabelRecord, PilotLabelRecord, Task2AnnotatorRecord, Task3AnnotatorRecord, Task4Item, Task5Item, Task6Item,
  VoteRecord, promptIndexOf, role, takeReprCount, toAttribute, type UpstreamAttribute,
} from './recenter-pilot-records.js';


// ---------------------------------------------------------------------------------------------------
// Files

interface FolderFile {
  rel: string;
  match: RegExpExecArray;
}

function folderFiles(dir: string, folder: { dir: string; name: RegExp }): FolderFile[] {
  const abs = path.join(dir, folder.dir);
  let names: string[];
  try {
    if (!fs.statSync(abs).isDirectory()) return [];
    names = fs.readdirSync(abs);
  } catch {
    return [];
  }
  const out: FolderFile[] = [];
  for (const name of names.sort()) {
    const match = folder.name.exec(name);
    if (match) out.push({ rel: `${folder.dir}/${name}`, match });
  }
  return out;
}

function present(dir: string, rel: string): boolean {
  return fs.existsSync(path.join(dir, rel));
}

const MODES: Record<string, ResponseMode> = {
  no_context: 'generic',
  gt_attributes: 'personalized_human',
  attributes: 'personalized_llm',
};
/** Known upstream modes, longest first. */
const MODE_NAMES = Object.keys(MODES).sort((a, b) => b.length - a.length);

/** Splits "<mode>_<tag>" (the part of a generation file name after eval_results_task5_). */
function splitModeTag(rest: string, preferred?: string): { mode?: string; tag?: string } {
  const candidates = preferred ? [preferred, ...MODE_NAMES] : MODE_NAMES;
  for (const m of candidates) if (rest.startsWith(`${m}_`) && rest.length > m.length + 1) return { mode: m, tag: rest.slice(m.length + 1) };
  return {};
}

// ---------------------------------------------------------------------------------------------------
// Loading

class Builder {
  readonly ds: Dataset;
  private readonly prompts = new Map<string, { text: string; where: string }>();
  private readonly profiles = new Map<string, { profile: Profile; texts: Set<string> }>();
  private readonly convIds = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly opts: LoadOptions,
  ) {
    this.ds = emptyDataset(path.basename(path.resolve(dir)), RECENTER_PILOT_FORMAT, 'mixed');
  }

  read<S extends z.ZodType>(rel: string, schema: S): Line<z.infer<S>>[] {
    this.opts.onFile?.(rel);
    const lines = readJsonl(path.join(this.dir, rel), schema, rel);
    this.ds.files.push(rel);
    return lines;
  }

  prompt(id: string, text: string | null | undefined, rel: string, line: number, field: string): void {
    if (text === undefined || text === null) return;
    const had = this.prompts.get(id);
    if (!had) {
      this.prompts.set(id, { text, where: `${rel}:${line}` });
      this.ds.prompts.push({ id, text });
    } else if (had.text !== text) {
      throw new DataError(rel, line, field, `prompt ${id} has a different text than at ${had.where}`);
    }
  }

  /** Adds attributes to the user's one profile; an attribute already there (same text) is kept as first seen. */
  addAttributes(userId: string, attrs: UpstreamAttribute[], source: string, rel: string, line: number, field: string): void {
    let entry = this.profiles.get(userId);
    if (!entry) {
      entry = { profile: { userId, attributes: [] }, texts: new Set() };
      this.profiles.set(userId, entry);
      this.ds.profiles.push(entry.profile);
    }
    attrs.forEach((a, i) => {
      if (entry.texts.has(a.attribute)) return;
      entry.texts.add(a.attribute);
      entry.profile.attributes.push(toAttribute(a, source, rel, line, `${field}.${i}`));
    });
  }

  conversationId(base: string): string {
    let id = base;
    for (let n = 2; this.convIds.has(id); n++) id = `${base}#${n}`;
    this.convIds.add(id);
    return id;
  }
}

interface SampleRef {
  userId?: string;
  promptIndex?: number;
  where: string;
}

/** Loads the folder and says what it found beyond the Dataset (Python-repr fields, unresolved joins, collisions). */
export function loadRecenterPilot(dir: string, opts: LoadOptions = {}): { dataset: Dataset; report: RecenterPilotReport } {
  takeReprCount();
  const b = new Builder(dir, opts);
  const ds = b.ds;
  const F = RECENTER_PILOT_FILES;

  // --- task5: prompts, profiles, checklist ------------------------------------------------------
  /** item_index -> (user, prompt), to join task5 votes that lack them. */
  const task5Samples = new Map<number, { userId: string; promptIndex: number }>();
  if (present(dir, F.task5Items)) {
    const rel = F.task5Items;
    for (const { line, value: r } of b.read(rel, Task5Item)) {
      const promptId = String(r.prompt_index);
      b.prompt(promptId, r.prompt_text, rel, line, 'prompt_text');
      b.addAttributes(r.user_id, r.profile_attributes, ROUND_TASK5, rel, line, 'profile_attributes');
      if (r.item_index !== undefined) task5Samples.set(r.item_index, { userId: r.user_id, promptIndex: r.prompt_index });
      if (!r.items) continue;
      const listed = new Map<string, z.infer<typeof ChecklistItem>>();
      for (const it of r.items) listed.set(it.attribute, it);
      const decided = new Set<string>();
      const emit = (attribute: string, it: z.infer<typeof ChecklistItem> | undefined) => {
        if (decided.has(attribute)) return;
        decided.add(attribute);
        const rel5 = it?.relevance;
        ds.predictions.push({
          userId: r.user_id, promptId, attribute, system: CHECKLIST_SYSTEM, round: ROUND_TASK5,
          relevant: it ? (typeof rel5 === 'boolean' ? rel5 : true) : false,
          score: it ? (typeof rel5 === 'number' ? rel5 : undefined) : 0,
          output: it?.expected_behavior ?? undefined,
        });
      };
      for (const a of r.profile_attributes) emit(a.attribute, listed.get(a.attribute));
      for (const it of r.items) emit(it.attribute, it);
    }
  }

  // --- task5 human labels ---------------------------------------------------------------------------
  if (present(dir, F.labels)) {
    for (const { value: r } of b.read(F.labels, LabelRecord)) {
      ds.labels.push({ userId: r.user_id, promptId: String(r.prompt_index), attribute: r.attribute, relevant: r.human_relevant, round: ROUND_TASK5 });
    }
  }

  // --- task5 LLM votes ------------------------------------------------------------------------------
  for (const { rel, match } of folderFiles(dir, FOLDERS.votes5)) {
    const system = votesSystem(match[1]!);
    for (const { line, value: r } of b.read(rel, VoteRecord)) {
      let userId = r.user_id;
      let promptIndex = r.prompt_index ?? undefined;
      if (userId === undefined || promptIndex === undefined) {
        const s = r.sample_index !== undefined ? task5Samples.get(r.sample_index) : undefined;
        if (!s) {
          const missing = userId === undefined ? 'user_id' : 'prompt_index';
          throw new DataError(rel, line, missing, `missing, and sample_index ${r.sample_index ?? '(absent)'} matches no item_index of ${F.task5Items}`);
        }
        userId ??= s.userId;
        promptIndex ??= s.promptIndex;
      }
      for (const it of r.items) {
        ds.predictions.push({
          userId, promptId: String(promptIndex), attribute: it.attribute, system, round: ROUND_TASK5,
          relevant: it.relevant, rawAnswer: it.raw_answer ?? undefined, output: it.full_output ?? undefined,
        });
      }
    }
  }

  // --- task6 generations ----------------------------------------------------------------------------
  for (const { rel, match } of folderFiles(dir, FOLDERS.generations)) {
    const rest = match[1]!;
    for (const { line, value: r } of b.read(rel, GenerationRecord)) {
      const split = splitModeTag(rest, r.mode);
      const upstreamMode = r.mode ?? split.mode;
      if (upstreamMode === undefined) throw new DataError(rel, line, 'mode', 'missing, and the file name does not say the mode');
      const mode = MODES[upstreamMode];
      if (!mode) throw new DataError(rel, line, 'mode', `unknown mode ${JSON.stringify(upstreamMode)} (expected ${Object.keys(MODES).join(', ')})`);
      const generator = (split.mode === upstreamMode ? split.tag : undefined) ?? r.model;
      if (!generator) throw new DataError(rel, line, 'model', 'missing, and the file name does not say the model');
      let promptId: string;
      if (r.prompt_index !== undefined) promptId = String(r.prompt_index);
      else if (r.prompt_id !== undefined) promptId = promptIndexOf(r.prompt_id, r.user_id, rel, line);
      else throw new DataError(rel, line, 'prompt_index', 'missing (and no prompt_id)');
      b.prompt(promptId, r.prompt_text, rel, line, 'prompt_text');
      const attributes =
        mode === 'personalized_human' ? (r.profile_attributes ?? []).filter((a) => a.ground_truth === true).map((a) => a.attribute)
        : mode === 'personalized_llm' ? (r.items ?? []).map((a) => a.attribute)
        : [];
      ds.responses.push({ userId: r.user_id, promptId, generator, mode, text: r.response, attributes });
    }
  }

  // --- task6 stage-3 items ----------------------------------------------------------------------------
  if (present(dir, F.task6Items)) {
    const rel = F.task6Items;
    const ids = new Map<string, number>();
    for (const { line, value: r } of b.read(rel, Task6Item)) {
      const id = `${r.model_tag}:${r.prompt_id}`;
      const had = ids.get(id);
      if (had !== undefined) throw new DataError(rel, line, 'prompt_id', `pair ${id} already at line ${had}`);
      ids.set(id, line);
      const promptId = promptIndexOf(r.prompt_id, r.user_id, rel, line);
      b.prompt(promptId, r.prompt_text, rel, line, 'prompt_text');
      ds.responsePairs.push({
        id, userId: r.user_id, promptId, generator: r.model_tag,
        generic: r.response_no_context, personalized: r.response_personalized,
        attributes: r.attributes.map((a) => ({ text: a.attribute, relevant: a.is_relevant ?? undefined })),
      });
    }
  }

  // --- task4 stage-1 snapshot -------------------------------------------------------------------------
  const task4Users: string[] = [];
  if (present(dir, F.task4Items)) {
    const rel = F.task4Items;
    for (const { line, value: r } of b.read(rel, Task4Item)) {
      const source = `task4:${r.source}`;
      task4Users.push(r.user_id);
      b.addAttributes(r.user_id, r.merged_attributes, source, rel, line, 'merged_attributes');
      if (r.prompt_index !== undefined && r.prompt_index !== null) b.prompt(String(r.prompt_index), r.prompt_text, rel, line, 'prompt_text');
      (r.conversations ?? []).forEach((c, ci) => {
        const conv: Conversation = {
          id: b.conversationId(`task4:${c.conversation_hash ?? `${r.user_id}_${ci}`}`),
          userId: r.user_id,
          source,
          turns: c.conversation.map((t, ti) => ({ index: ti, ...role(t.role), text: t.content ?? '' })),
        };
        ds.conversations.push(conv);
      });
    }
  }

  // --- pilot round ------------------------------------------------------------------------------------
  // Read everything first: the pilot labels need user ids that only the vote and annotator files hold.
  const pilotLabels = present(dir, F.pilotLabels) ? b.read(F.pilotLabels, PilotLabelRecord) : [];
  const votes3 = folderFiles(dir, FOLDERS.votes3).map((f) => ({ ...f, lines: b.read(f.rel, VoteRecord) }));
  const annFiles = folderFiles(dir, FOLDERS.annotations).map((f) => ({
    ...f,
    annotator: f.match[1]!,
    task: f.match[2]!,
    lines: f.match[2] === '3' ? b.read(f.rel, Task3AnnotatorRecord) : b.read(f.rel, Task2AnnotatorRecord),
  }));

  const samples = new Map<number, SampleRef>();
  const note = (i: number | undefined, userId: string | undefined, promptIndex: number | undefined, rel: string, line: number) => {
    if (i === undefined) return;
    const s = samples.get(i);
    if (!s) {
      samples.set(i, { userId, promptIndex, where: `${rel}:${line}` });
      return;
    }
    if (userId !== undefined) {
      if (s.userId === undefined) s.userId = userId;
      else if (s.userId !== userId) throw new DataError(rel, line, 'user_id', `sample ${i} is user ${userId} here but ${s.userId} at ${s.where}`);
    }
    if (promptIndex !== undefined) {
      if (s.promptIndex === undefined) s.promptIndex = promptIndex;
      else if (s.promptIndex !== promptIndex) throw new DataError(rel, line, 'prompt_index', `sample ${i} is prompt ${promptIndex} here but ${s.promptIndex} at ${s.where}`);
    }
  };
  for (const { line, value: r } of pilotLabels) note(r.sample_index, r.user_id, r.prompt_index, F.pilotLabels, line);
  for (const f of votes3) for (const { line, value: r } of f.lines) note(r.sample_index, r.user_id, r.prompt_index ?? undefined, f.rel, line);
  for (const f of annFiles) for (const { line, value: r } of f.lines) note(r.index, r.user_id, r.prompt_index, f.rel, line);

  const unresolved = new Set<number>();
  for (const { line, value: r } of pilotLabels) {
    const userId = r.user_id ?? samples.get(r.sample_index)?.userId;
    if (userId === undefined) unresolved.add(r.sample_index);
    const promptId = String(r.prompt_index);
    b.prompt(promptId, r.prompt_text, F.pilotLabels, line, 'prompt_text');
    ds.labels.push({
      userId: userId ?? `sample:${r.sample_index}`, promptId, attribute: r.attribute,
      relevant: r.label === 1 || r.label === true,
      yesRate: r.human_yes_rate, nAnnotators: r.n_annotators, split: r.split, round: ROUND_PILOT,
    });
  }
  for (const f of votes3) {
    const system = votesSystem(f.match[1]!);
    for (const { line, value: r } of f.lines) {
      const s = r.sample_index !== undefined ? samples.get(r.sample_index) : undefined;
      const userId = r.user_id ?? s?.userId;
      const promptIndex = r.prompt_index ?? s?.promptIndex;
      if (promptIndex === undefined) {
        throw new DataError(f.rel, line, 'prompt_index', `missing, and sample_index ${r.sample_index ?? '(absent)'} is in no other pilot file`);
      }
      if (userId === undefined) {
        if (r.sample_index === undefined) throw new DataError(f.rel, line, 'user_id', 'missing, and no sample_index to join by');
        unresolved.add(r.sample_index);
      }
      for (const it of r.items) {
        ds.predictions.push({
          userId: userId ?? `sample:${r.sample_index}`, promptId: String(promptIndex), attribute: it.attribute, system, round: ROUND_PILOT,
          relevant: it.relevant, rawAnswer: it.raw_answer ?? undefined, output: it.full_output ?? undefined,
        });
      }
    }
  }
  for (const f of annFiles) {
    for (const { value: r } of f.lines) {
      const base = { userId: r.user_id, promptId: String(r.prompt_index), annotator: f.annotator };
      for (const j of r.relevance_judgments) {
        if ('rating' in j) ds.annotations.push({ ...base, attribute: j.attribute, relevant: j.is_relevant, grade: j.rating, round: ROUND_PILOT_GRADED });
        else ds.annotations.push({ ...base, attribute: j.attribute, relevant: j.relevant, round: ROUND_PILOT });
      }
    }
  }

  // --- cross-round check --------------------------------------------------------------------------------
  const task5Keys = new Set<string>();
  const pilotKeys = new Map<string, PairKey>();
  for (const p of [...ds.labels, ...ds.annotations, ...ds.predictions]) {
    const k = pairKey(p);
    if (p.round === ROUND_TASK5) task5Keys.add(k);
    else if (p.round === ROUND_PILOT || p.round === ROUND_PILOT_GRADED) pilotKeys.set(k, { userId: p.userId, promptId: p.promptId, attribute: p.attribute });
  }
  const crossRoundCollisions = [...pilotKeys].filter(([k]) => task5Keys.has(k)).map(([, v]) => v);

  return {
    dataset: ds,
    report: {
      pythonReprFields: takeReprCount(),
      unresolvedSamples: [...unresolved].sort((x, y) => x - y),
      task4Users,
      crossRoundCollisions,
    },
  };
}

export const recenterPilotAdapter: Adapter = {
  format: RECENTER_PILOT_FORMAT,
  detect(dir: string): boolean {
    return Object.values(RECENTER_PILOT_FILES).some((f) => present(dir, f)) || Object.values(FOLDERS).some((f) => folderFiles(dir, f).length > 0);
  },
  load(dir: string, opts: LoadOptions = {}): Dataset {
    const { dataset } = loadRecenterPilot(dir, opts);
    if (!dataset.files.length) {
      throw new DataError(dir, undefined, undefined, `no recenter-pilot files found (expected e.g. ${RECENTER_PILOT_FILES.labels} or ${FOLDERS.votes5.dir}/<model>.jsonl)`);
    }
    return dataset;
  },
};
