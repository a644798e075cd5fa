import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

// attune serve: tenants and their API keys. A key is stored as the sha256 of its secret part, never in clear;
// its public id (the part before the secret) names it in `attune keys list|revoke` and finds its row.
// Frozen like every migration: untyped builder, types valid on SQLite and Postgres alike.

type Db = Kysely<unknown>;
const text = 'text' as const;
const notNull = (c: ColumnDefinitionBuilder) => c.notNull();

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull().unique())
    .addColumn('created_at', text, notNull)
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('tenant_id', text, (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    /** hex sha256 of the key's secret part. */
    .addColumn('secret_hash', text, notNull)
    .addColumn('label', text)
    .addColumn('created_at', text, notNull)
    .addColumn('revoked_at', text)
    .execute();
  await db.schema.createIndex('api_keys_tenant_idx').on('api_keys').columns(['tenant_id']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['api_keys', 'tenants']) await db.schema.dropTable(t).ifExists().execute();
}
