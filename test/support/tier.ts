/**
 * The test tiers. `npm test` runs the unit tests, the in-process integration tests and small checks on real
 * data. Two tagged tiers run in `npm run check` and CI:
 * - `e2e` (`npm run test:e2e`): attune run as processes, the way a user runs it (the CLI, `serve`, workers,
 *   a study server SIGKILLed mid-write). Each process loads the CLI and its models again, so these take
 *   seconds apiece; what they call is tested in process in the fast tier.
 * - `replication` (`npm run test:replication`): the paper's figures recomputed on the real data (embeddings
 *   over the whole pilot, nested CV, stage-3 mention rates, the extractors on LAPS, PrefEval and SPC).
 * The fast tier runs its files without isolation (`--no-isolate`: each worker imports the library once, not
 * once per file, which was a third of its time), so a fast test must not leave global state behind (env,
 * process handlers, module singletons it changed).
 * The tags (defined in vitest.config.ts) give them a long timeout: their work is bounded, not their
 * wall-clock time.
 */
export const REPLICATION = { tags: ['replication'] };
export const E2E = { tags: ['e2e'] };
