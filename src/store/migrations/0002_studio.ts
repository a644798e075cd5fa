import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// The annotation studio: studies, their items, the people who annotate them and who was given what.
// Frozen like every migration: untyped builder, types valid on SQLite and Postgres alike.
// Judgments themselves go to the existing `judgments` table (study_id set, item_key `${study}/${item}`).

type Db = Kysely<unknown>;
const text = 'text' as const;
const int = 'integer' as const;
const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('studies')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull().unique())
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('attribute', 'relevance', 'rating')`))
    .addColumn('k', int, (c) => c.notNull().check(sql`k >= 1`))
    /** Regular items one annotator is given at most (null: as many as need judging). */
    .addColumn('per_annotator', int)
    .addColumn('completion_code', text, notNull)
    /** Signs annotator session tokens (HMAC); never leaves the server. */
    .addColumn('secret', text, notNull)
    /** JSON: where the items came from (dataset name, round, options). */
    .addColumn('source', text, notNull)
    .addColumn('created_at', text, notNull)
    .execute();

  await db.schema
    .createTable('study_items')
    .addColumn('study_id', text, (c) => c.notNull().references('studies.id').onDelete('cascade'))
    .addColumn('id', text, notNull)
    .addColumn('ord', int, notNull)
    /** regular | gold (known answer, given to everyone) | attention (an instructed answer, given to everyone). */
    .addColumn('role', text, (c) => c.notNull().check(sql`role in ('regular', 'gold', 'attention')`))
    /** JSON shown to annotators. */
    .addColumn('payload', text, notNull)
    /** JSON kept on the server: ids for export, recorded system votes, expected answers. */
    .addColumn('meta', text, notNull)
    .addPrimaryKeyConstraint('study_items_pk', ['study_id', 'id'])
    .execute();
  await db.schema.createIndex('study_items_ord_idx').on('study_items').columns(['study_id', 'role', 'ord']).execute();

  await db.schema
    .createTable('annotators')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('study_id', text, (c) => c.notNull().references('studies.id').onDelete('cascade'))
    /** PROLIFIC_PID or the name given at entry: the `annotator` of their judgments. */
    .addColumn('external_id', text, notNull)
    .addColumn('source', text, (c) => c.notNull().check(sql`source in ('prolific', 'name')`))
    .addColumn('prolific_study_id', text)
    .addColumn('session_id', text)
    .addColumn('created_at', text, notNull)
    .addColumn('completed_at', text)
    .addUniqueConstraint('annotators_external_unique', ['study_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('study_id', text, (c) => c.notNull().references('studies.id').onDelete('cascade'))
    .addColumn('item_id', text, notNull)
    .addColumn('annotator_id', text, (c) => c.notNull().references('annotators.id').onDelete('cascade'))
    /** Position in the annotator's queue. */
    .addColumn('seq', int, notNull)
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('assigned', 'done', 'skipped')`))
    /** Stage 3: which response was shown first (generic_first | personalized_first). */
    .addColumn('pair_order', text)
    .addColumn('assigned_at', text, notNull)
    .addColumn('completed_at', text)
    .addUniqueConstraint('assignments_item_unique', ['annotator_id', 'item_id'])
    .addUniqueConstraint('assignments_seq_unique', ['annotator_id', 'seq'])
    .execute();
  await db.schema.createIndex('assignments_item_idx').on('assignments').columns(['study_id', 'item_id', 'status']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['assignments', 'annotators', 'study_items', 'studies']) await db.schema.dropTable(t).ifExists().execute();
}
