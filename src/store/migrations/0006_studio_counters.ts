import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Studio assignment without a study-wide lock. Each item keeps `fill`, how many assignments hold a slot of it, so
// "the fullest item with room" is one index walk instead of a count over every assignment of the study:
//   assignments.counted = 1 when the assignment holds a slot: done, or assigned and not yet swept as lapsed;
//   study_items.fill    = the number of counted assignments of the item.
// A lease that ran out stops holding its slot when a sweep marks it uncounted (see StudioStore.sweep), which needs
// leased_at set on every row: it now starts as assigned_at.
// Frozen like every migration: untyped builder, valid on SQLite and Postgres alike.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('study_items').addColumn('fill', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('assignments').addColumn('counted', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql`update assignments set leased_at = assigned_at where leased_at is null`.execute(db);
  await sql`update assignments set counted = case when status = 'skipped' then 0 else 1 end`.execute(db);
  await sql`update study_items set fill = (select count(*) from assignments a
    where a.study_id = study_items.study_id and a.item_id = study_items.id and a.counted = 1)`.execute(db);
  // Next regular item: fullest first, then in order.
  await db.schema.createIndex('study_items_fill_idx').on('study_items').columns(['study_id', 'role', 'fill desc', 'ord']).execute();
  // The sweep: counted assignments whose lease ran out.
  await db.schema.createIndex('assignments_lease_idx').on('assignments').columns(['study_id', 'status', 'counted', 'leased_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('assignments_lease_idx').execute();
  await db.schema.dropIndex('study_items_fill_idx').execute();
  await db.schema.alterTable('assignments').dropColumn('counted').execute();
  await db.schema.alterTable('study_items').dropColumn('fill').execute();
}
