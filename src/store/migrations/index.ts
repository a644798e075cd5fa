import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResult } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_studio.js';
import * as m0003 from './0003_memory.js';
import * as m0004 from './0004_tenants.js';
import * as m0005 from './0005_trust.js';
import * as m0006 from './0006_studio_counters.js';
import * as m0007 from './0007_studio_pg_answer.js';

/**
 * Every migration, by name, in order. A static map (not a folder scan), so it works under tsx, vitest and
 * bundlers. Add a new file as `NNNN_what.ts` and list it here; never edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_studio': m0002,
  '0003_memory': m0003,
  '0004_tenants': m0004,
  '0005_trust': m0005,
  '0006_studio_counters': m0006,
  '0007_studio_pg_answer': m0007,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

function migrator<DB>(db: Kysely<DB>, options: { schema?: string }): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
}

/** True when some migration has not run yet (read-only: creates nothing). */
export async function hasPendingMigrations<DB>(db: Kysely<DB>, options: { schema?: string } = {}): Promise<boolean> {
  const state = await migrator(db, options).getMigrations();
  return state.some((m) => m.executedAt === undefined);
}

/** Brings the database to the latest migration; throws with the failing migration's name on error. */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: { schema?: string } = {}): Promise<MigrationResult[]> {
  const { error, results } = await migrator(db, options).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`store migration ${failed ?? '(before any migration ran)'} failed: ${cause}`, { cause: error });
  }
  return results ?? [];
}
