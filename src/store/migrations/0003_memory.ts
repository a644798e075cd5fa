import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// The runtime personalization memory (src/memory): per-user attributes with their evidence and history,
// human corrections, which attributes each call used, the conversations remembered (content hash, for
// idempotency) and the cache keys derived from a user's text (so forgetting them can delete the cached rows).
// Every row carries tenant_id and user_id; every query the repository makes is scoped by both.
// Frozen like every migration: untyped builder, types valid on SQLite and Postgres alike.

type Db = Kysely<unknown>;
const text = 'text' as const;
const int = 'integer' as const;
const float = 'double precision' as const;
const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('memory_conversations')
    .addColumn('tenant_id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('id', text, notNull)
    /** sha256 of the normalised turns: the same conversation remembered twice is found by it. */
    .addColumn('hash', text, notNull)
    /** JSON: Turn[] (the evidence the attributes cite). */
    .addColumn('turns', text, notNull)
    .addColumn('created_at', text, notNull)
    .addPrimaryKeyConstraint('memory_conversations_pk', ['tenant_id', 'user_id', 'id'])
    .execute();
  await db.schema.createIndex('memory_conversations_hash_idx').on('memory_conversations').columns(['tenant_id', 'user_id', 'hash']).execute();

  await db.schema
    .createTable('memory_attributes')
    .addColumn('tenant_id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('id', text, notNull)
    /** Order of creation within the user's memory (several attributes are created in the same millisecond). */
    .addColumn('seq', int, notNull)
    .addColumn('text', text, notNull)
    .addColumn('reason', text)
    .addColumn('confidence', float, notNull)
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('active', 'superseded', 'rejected')`))
    /** health | religion | ethnicity | sexual_orientation | politics, or null. */
    .addColumn('sensitive', text)
    .addColumn('source', text)
    /** JSON: AttributeMember[] (the raw extractions merged into it). */
    .addColumn('members', text, notNull)
    /** 1 once a person confirmed it (correct: confirm or edit). */
    .addColumn('confirmed', int, notNull)
    .addColumn('superseded_by', text)
    .addColumn('created_at', text, notNull)
    .addColumn('updated_at', text, notNull)
    .addPrimaryKeyConstraint('memory_attributes_pk', ['tenant_id', 'user_id', 'id'])
    .execute();
  await db.schema.createIndex('memory_attributes_user_idx').on('memory_attributes').columns(['tenant_id', 'user_id', 'seq']).execute();
  // Attribute ids are random UUIDs: unique on their own, so an id of another user is told apart from an unknown one.
  await db.schema.createIndex('memory_attributes_id_idx').on('memory_attributes').column('id').unique().execute();

  await db.schema
    .createTable('memory_evidence')
    .addColumn('tenant_id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('attribute_id', text, notNull)
    .addColumn('conversation_id', text, notNull)
    .addColumn('turn_index', int, notNull)
    .addColumn('created_at', text, notNull)
    .addPrimaryKeyConstraint('memory_evidence_pk', ['tenant_id', 'user_id', 'attribute_id', 'conversation_id', 'turn_index'])
    .execute();

  await db.schema
    .createTable('memory_events')
    .addColumn('tenant_id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('id', text, notNull)
    .addColumn('attribute_id', text, notNull)
    /** Order of events within the store (a timestamp can repeat). */
    .addColumn('seq', int, notNull)
    .addColumn('kind', text, notNull)
    .addColumn('conversation_id', text)
    /** JSON: what changed (confidences, texts, the other attribute). */
    .addColumn('detail', text, notNull)
    .addColumn('at', text, notNull)
    .addPrimaryKeyConstraint('memory_events_pk', ['tenant_id', 'user_id', 'id'])
    .execute();
  await db.schema.createIndex('memory_events_attr_idx').on('memory_events').columns(['tenant_id', 'user_id', 'attribute_id', 'seq']).execute();

  await db.schema
    .createTable('memory_corrections')
    .addColumn('tenant_id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('id', text, notNull)
    .addColumn('attribute_id', text, notNull)
    /** Order of corrections within the tenant (an edit writes two in the same millisecond). */
    .addColumn('seq', int, notNull)
    .addColumn('action', text, (c) => c.notNull().check(sql`action in ('confirm', 'reject', 'edit')`))
    /** The attribute text the verdict is about. */
    .addColumn('text', text, notNull)
    .addColumn('verdict', text, (c) => c.notNull().check(sql`verdict in ('makes_sense', 'doesnt_make_sense')`))
    .addColumn('created_at', text, notNull)
    .addPrimaryKeyConstraint('memory_corrections_pk', ['tenant_id', 'user_id', 'id'])
    .execute();

  await db.schema
    .createTable('memory_usage')
    .addColumn('tenant_id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('id', text, notNull)
    /** select | respond | middleware */
    .addColumn('kind', text, notNull)
    /** sha256 of the prompt (the prompt itself is not kept). */
    .addColumn('prompt_hash', text, notNull)
    .addColumn('selector', text, notNull)
    /** JSON: the ids of the attributes used. */
    .addColumn('attribute_ids', text, notNull)
    .addColumn('at', text, notNull)
    .addPrimaryKeyConstraint('memory_usage_pk', ['tenant_id', 'user_id', 'id'])
    .execute();

  await db.schema
    .createTable('memory_cache_keys')
    .addColumn('tenant_id', text, notNull)
    .addColumn('user_id', text, notNull)
    /** llm (a key of llm_cache) | vector (a key of the embedding cache) */
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('llm', 'vector')`))
    .addColumn('key', text, notNull)
    /** The attribute the key was made for, when it was one attribute's text (forget one attribute). */
    .addColumn('attribute_id', text)
    .addPrimaryKeyConstraint('memory_cache_keys_pk', ['tenant_id', 'user_id', 'kind', 'key'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['memory_cache_keys', 'memory_usage', 'memory_corrections', 'memory_events', 'memory_evidence', 'memory_attributes', 'memory_conversations']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
