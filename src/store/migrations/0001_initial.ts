import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';

// Migrations are frozen in time: they use the untyped builder, never the current `Database` interface.
// Every type here is valid on SQLite and Postgres alike ('double precision' has REAL affinity in SQLite).

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, string>;

const text = 'text' as const;
const int = 'integer' as const;
const float = 'double precision' as const;

const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
const bool = (column: string) => (c: ColumnDefinitionBuilder) => c.notNull().check(sql`${sql.ref(column)} in (0, 1)`);

/** A table of dataset rows: (dataset_id, ord) primary key, cascading delete with the dataset. */
function datasetChild(db: Db, name: string): Table {
  return db.schema
    .createTable(name)
    .addColumn('dataset_id', text, (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('ord', int, notNull);
}

/** The (user, prompt, attribute) triple of stage 2. */
function pair(t: Table): Table {
  return t.addColumn('user_id', text, notNull).addColumn('prompt_id', text, notNull).addColumn('attribute', text, notNull);
}

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('datasets')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull().unique())
    .addColumn('format', text, notNull)
    .addColumn('provenance', text, notNull)
    .addColumn('files', text, notNull)
    .addColumn('created_at', text, notNull)
    .execute();

  await datasetChild(db, 'conversations')
    .addColumn('id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('source', text)
    .addColumn('started_at', text)
    .addColumn('turns', text, notNull)
    .addPrimaryKeyConstraint('conversations_pk', ['dataset_id', 'ord'])
    .addUniqueConstraint('conversations_id_unique', ['dataset_id', 'id'])
    .execute();

  await datasetChild(db, 'profiles')
    .addColumn('user_id', text, notNull)
    .addPrimaryKeyConstraint('profiles_pk', ['dataset_id', 'ord'])
    .addUniqueConstraint('profiles_user_unique', ['dataset_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('attributes')
    .addColumn('dataset_id', text, (c) => c.notNull().references('datasets.id').onDelete('cascade'))
    .addColumn('user_id', text, notNull)
    .addColumn('ord', int, notNull)
    .addColumn('text', text, notNull)
    .addColumn('reason', text)
    .addColumn('confidence', float)
    .addColumn('evidence', text, notNull)
    .addColumn('source', text)
    .addColumn('members', text, notNull)
    .addPrimaryKeyConstraint('attributes_pk', ['dataset_id', 'user_id', 'ord'])
    .execute();

  await datasetChild(db, 'prompts')
    .addColumn('id', text, notNull)
    .addColumn('text', text, notNull)
    .addPrimaryKeyConstraint('prompts_pk', ['dataset_id', 'ord'])
    .execute();

  await datasetChild(db, 'gold_attributes')
    .addColumn('user_id', text, notNull)
    .addColumn('conversation_id', text)
    .addColumn('text', text, notNull)
    .addColumn('category', text)
    .addPrimaryKeyConstraint('gold_attributes_pk', ['dataset_id', 'ord'])
    .execute();

  await pair(datasetChild(db, 'labels'))
    .addColumn('relevant', int, bool('relevant'))
    .addColumn('yes_rate', float)
    .addColumn('n_annotators', int)
    .addColumn('split', text)
    .addColumn('round', text)
    .addPrimaryKeyConstraint('labels_pk', ['dataset_id', 'ord'])
    .execute();
  await db.schema.createIndex('labels_pair_idx').on('labels').columns(['dataset_id', 'user_id', 'prompt_id']).execute();

  await pair(datasetChild(db, 'annotations'))
    .addColumn('annotator', text, notNull)
    .addColumn('relevant', int, bool('relevant'))
    .addColumn('grade', text)
    .addColumn('round', text)
    .addPrimaryKeyConstraint('annotations_pk', ['dataset_id', 'ord'])
    .execute();

  await pair(datasetChild(db, 'dataset_predictions'))
    .addColumn('system', text, notNull)
    .addColumn('relevant', int, bool('relevant'))
    .addColumn('score', float)
    .addColumn('raw_answer', text)
    .addColumn('output', text)
    .addColumn('round', text)
    .addPrimaryKeyConstraint('dataset_predictions_pk', ['dataset_id', 'ord'])
    .execute();

  await datasetChild(db, 'responses')
    .addColumn('user_id', text, notNull)
    .addColumn('prompt_id', text, notNull)
    .addColumn('generator', text, notNull)
    .addColumn('mode', text, notNull)
    .addColumn('text', text, notNull)
    .addColumn('attributes', text, notNull)
    .addPrimaryKeyConstraint('responses_pk', ['dataset_id', 'ord'])
    .execute();

  await datasetChild(db, 'response_pairs')
    .addColumn('id', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('prompt_id', text, notNull)
    .addColumn('generator', text, notNull)
    .addColumn('generic', text, notNull)
    .addColumn('personalized', text, notNull)
    .addColumn('attributes', text, notNull)
    .addPrimaryKeyConstraint('response_pairs_pk', ['dataset_id', 'ord'])
    .execute();

  await datasetChild(db, 'ratings')
    .addColumn('rater', text, notNull)
    .addColumn('rater_kind', text, notNull)
    .addColumn('pair_id', text, notNull)
    .addColumn('attribute', text, notNull)
    .addColumn('score', int, notNull)
    .addColumn('pair_order', text)
    .addPrimaryKeyConstraint('ratings_pk', ['dataset_id', 'ord'])
    .execute();

  await datasetChild(db, 'attribute_judgments')
    .addColumn('annotator', text, notNull)
    .addColumn('user_id', text, notNull)
    .addColumn('attribute', text, notNull)
    .addColumn('verdict', text, notNull)
    .addColumn('failure_mode', text)
    .addColumn('note', text)
    .addPrimaryKeyConstraint('attribute_judgments_pk', ['dataset_id', 'ord'])
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('stage', text, notNull)
    .addColumn('system', text, notNull)
    .addColumn('dataset', text, notNull)
    .addColumn('params', text, notNull)
    .addColumn('started_at', text, notNull)
    .addColumn('finished_at', text)
    .addColumn('metrics', text)
    .execute();
  await db.schema.createIndex('runs_dataset_idx').on('runs').columns(['dataset', 'stage']).execute();

  await pair(
    db.schema
      .createTable('predictions')
      .addColumn('run_id', text, (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('seq', int, notNull),
  )
    .addColumn('system', text, notNull)
    .addColumn('relevant', int, bool('relevant'))
    .addColumn('score', float)
    .addColumn('raw_answer', text)
    .addColumn('output', text)
    .addColumn('round', text)
    .addPrimaryKeyConstraint('predictions_pk', ['run_id', 'user_id', 'prompt_id', 'attribute'])
    .execute();
  await db.schema.createIndex('predictions_seq_idx').on('predictions').columns(['run_id', 'seq']).execute();

  await db.schema
    .createTable('judgments')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('study_id', text)
    .addColumn('annotator', text, notNull)
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('attribute', 'relevance', 'rating')`))
    .addColumn('item_key', text, notNull)
    .addColumn('value', text, notNull)
    .addColumn('created_at', text, notNull)
    .addColumn('updated_at', text, notNull)
    .addUniqueConstraint('judgments_item_unique', ['annotator', 'kind', 'item_key'])
    .execute();
  await db.schema.createIndex('judgments_study_idx').on('judgments').columns(['study_id', 'kind']).execute();

  await db.schema
    .createTable('llm_cache')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('provider', text, notNull)
    .addColumn('model', text, notNull)
    .addColumn('request', text, notNull)
    .addColumn('response', text, notNull)
    .addColumn('usage', text)
    .addColumn('created_at', text, notNull)
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'llm_cache', 'judgments', 'predictions', 'runs',
    'attribute_judgments', 'ratings', 'response_pairs', 'responses', 'dataset_predictions', 'annotations',
    'labels', 'gold_attributes', 'prompts', 'attributes', 'profiles', 'conversations', 'datasets',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
