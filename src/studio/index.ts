// The annotation studio's logic (its HTTP routes are in ../server/, its browser UI in ../../studio/).
export { StudioStore } from './assignment.js';
export { StudyRegistry } from './studies.js';
export { StudyError, DEFAULT_LEASE_MS, judgmentItemKey } from './types.js';
export type {
  Study, StudyKind, StudyItem, StudyItemInput, ItemRole, NewStudy, Identity, Annotator, Assignment, AssignmentStatus, PairOrderValue,
  Progress, Current, NextOptions, SubmitOptions, SubmitCheck, SubmitResult, StudyJudgment,
} from './types.js';
export { normalizeAnnotatorName } from './names.js';
export { itemsFromDataset, attentionItem, validateSubmission, taskView, personalizedScore } from './tasks.js';
export { createStudyFromRun, itemsFromRun, loadRunForStudy, FromRunError } from './from-run.js';
export type { CreateStudyFromRunOptions, FromRunBuildOptions } from './from-run.js';
export { flatJudgments, toCsv, loadStudyData } from './judgments.js';
export type { StudyData, FlatJudgment } from './judgments.js';
export { studyDataset, majorityLabels, countTies, jsonlFile } from './dataset.js';
export { liveAgreement, annotatorStats, studyProgress } from './monitor.js';
export type { LiveAgreement, AnnotatorStats, StudyProgress } from './monitor.js';
export { StudySettings, studySettings, completion, failedAttention, TIE_RULES } from './launch.js';
export type { StudySettingsInput, TieRule, Completion } from './launch.js';
export { createStudy, exportStudy, exportStudyWithSummary, exportFiles } from './export.js';
export type { CreateStudyOptions, ExportSummary } from './export.js';
