import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // generous: a hook's work is bounded (data loads, servers, a replication suite's embeddings), its time on a loaded machine is not
    hookTimeout: 600_000,
    pool: 'forks',
    // Three tiers (see test/support/tier.ts): `npm test` filters out both tags, `npm run test:e2e` and `npm run test:replication` run one each.
    tags: [
      { name: 'e2e', description: 'attune run as processes: the CLI, serve, workers (npm run check and CI)', timeout: 600_000 },
      { name: 'replication', description: "the paper's figures recomputed on the real data (slow; npm run check and CI)", timeout: 1_800_000 },
    ],
    // In CI, also write a JSON summary that .ci/run turns into a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    ...(process.env.CI ? { outputFile: { json: `.attune/test-results${process.env.ATTUNE_TEST_TIER ? `-${process.env.ATTUNE_TEST_TIER}` : ''}.json` } } : {}),
  },
});
