import type { Kysely } from 'kysely';

// Studio leases that the annotator's open page renews: `leased_at` is the last renewal (null: never renewed,
// the lease runs from `assigned_at`). Kept apart from `assigned_at`, which stays the time the item was given.
// Frozen like every migration: untyped builder, valid on SQLite and Postgres alike.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assignments').addColumn('leased_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assignments').dropColumn('leased_at').execute();
}
