/**
 * The two test tiers. `npm test` runs everything not tagged `replication` (unit tests and small checks on
 * real data); `npm run test:replication` runs the tagged suites: the paper's figures recomputed on the real
 * data (embeddings over the whole pilot, nested CV, stage-3 mention rates, the extractors on LAPS, PrefEval
 * and SPC). `npm run check` and CI run both. The tag (defined in vitest.config.ts) gives them a long timeout:
 * their work is bounded, not their wall-clock time.
 */
export const REPLICATION = { tags: ['replication'] };
