import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type {
  AnnotatorLabel, Attribute, AttributeJudgment, Conversation, Dataset, GoldAttribute, Prediction, Profile, Prompt,
  Provenance, Rating, RelevanceLabel, Response, ResponsePair, Run,
} from '../model/index.js';
import { eraseDataset, forgetUser, type EraseResult } from './erase.js';
import type { Database, DatasetChildTable, PredictionsTable } from './schema.js';
import { compositeKey } from '../model/key.js';
import type { NativeSql } from './native-sql.js';
import { SQL_DIALECTS, type SqlDialect } from './dialect.js';
import { JUDGMENT_KINDS } from './records.js';
import type {
  DatasetSummary, JudgmentFilter, JudgmentInput, JudgmentKind, LlmCacheEntry, NewRun, RunFilter, RunSummary, SaveJudgmentOptions, SaveJudgmentResult,
  StoreDialect, StoredJudgment,
} from './records.js';
import { compact, datasetRows, decodeKey, deleteDatasetRows, encodeKey, fromBool, insertInto, num, opt, predictionFromRow, toBool } from './rows.js';
import type { Db } from './rows.js';

export { MAX_PARAMS, JUDGMENT_KINDS } from './records.js';
export type {
  StoreDialect, DatasetSummary, NewRun, RunSummary, RunFilter, JudgmentKind, JudgmentInput, StoredJudgment,
  SaveJudgmentResult, SaveJudgmentOptions, JudgmentFilter, LlmCacheEntry,
} from './records.js';

/**
 * attune's persistence: datasets, runs and their predictions, studio judgments and the LLM cache,
 * over kysely on SQLite or Postgres. Obtain one with `openStore`. `db` is there for ad-hoc queries.
 */
export class Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: StoreDialect,
    private readonly onClose: () => Promise<void> = async () => {},
    /** Postgres: the schema the tables live in, when not the default one. */
    readonly schema?: string,
    /** Prepared statements on the same connections, for request hot paths (see native.ts). */
    readonly native?: NativeSql,
  ) {}

  /** What differs between the backends (locks, secure delete, checkpoints): see dialect.ts. */
  get sqlDialect(): SqlDialect {
    return SQL_DIALECTS[this.dialect];
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  // ---------------------------------------------------------------- datasets

  /**
   * Saves a dataset in one transaction; a dataset with the same name is replaced (it gets a new id).
   * Returns the new id. If anything fails, the store is left as it was (the old dataset included).
   */
  async saveDataset(dataset: Dataset): Promise<string> {
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      const old = await trx.selectFrom('datasets').select('id').where('name', '=', dataset.name).executeTakeFirst();
      if (old) await deleteDatasetRows(trx, old.id);
      await trx
        .insertInto('datasets')
        .values({
          id,
          name: dataset.name,
          format: dataset.format,
          provenance: dataset.provenance,
          files: JSON.stringify(dataset.files ?? []),
          created_at: new Date().toISOString(),
        })
        .execute();
      for (const [table, rows] of datasetRows(id, dataset)) await this.insertChunked(trx, table, rows);
    });
    return id;
  }

  /** The dataset with this id, or else this name; undefined when there is none. */
  async loadDataset(idOrName: string): Promise<Dataset | undefined> {
    const head = await this.findDataset(this.db, idOrName);
    if (!head) return undefined;
    const id = head.id;
    // One generic reader for the child tables (kysely cannot type a select over a union of table names; every
    // child table has dataset_id and ord, as profiles does).
    const rows = <T extends DatasetChildTable>(table: T) =>
      this.db.selectFrom(table as 'profiles').selectAll().where('dataset_id', '=', id).orderBy('ord').execute() as Promise<Selectable<Database[T]>[]>;

    const [conversations, profiles, attributes, prompts, gold, labels, annotations, predictions, responses, pairs, ratings, judgments] =
      await Promise.all([
        rows('conversations'), rows('profiles'),
        this.db.selectFrom('attributes').selectAll().where('dataset_id', '=', id).orderBy('user_id').orderBy('ord').execute(),
        rows('prompts'), rows('gold_attributes'), rows('labels'), rows('annotations'), rows('dataset_predictions'),
        rows('responses'), rows('response_pairs'), rows('ratings'), rows('attribute_judgments'),
      ]);

    const byUser = new Map<string, Attribute[]>();
    for (const a of attributes) {
      let list = byUser.get(a.user_id);
      if (!list) byUser.set(a.user_id, (list = []));
      list.push(compact({
        text: a.text,
        reason: opt(a.reason),
        confidence: opt(a.confidence),
        evidence: JSON.parse(a.evidence) as Attribute['evidence'],
        source: opt(a.source),
        members: JSON.parse(a.members) as Attribute['members'],
      }));
    }

    return {
      name: head.name,
      format: head.format,
      provenance: head.provenance as Provenance,
      files: JSON.parse(head.files) as string[],
      conversations: conversations.map((c): Conversation => compact({
        id: c.id, userId: c.user_id, turns: JSON.parse(c.turns) as Conversation['turns'],
        source: opt(c.source), startedAt: opt(c.started_at),
      })),
      profiles: profiles.map((p): Profile => ({ userId: p.user_id, attributes: byUser.get(p.user_id) ?? [] })),
      prompts: prompts.map((p): Prompt => ({ id: p.id, text: p.text })),
      goldAttributes: gold.map((g): GoldAttribute => compact({
        userId: g.user_id, conversationId: opt(g.conversation_id), text: g.text, category: opt(g.category),
      })),
      labels: labels.map((l): RelevanceLabel => compact({
        userId: l.user_id, promptId: l.prompt_id, attribute: l.attribute, relevant: fromBool(l.relevant),
        yesRate: opt(l.yes_rate), nAnnotators: opt(l.n_annotators), split: opt(l.split), round: opt(l.round),
      })),
      annotations: annotations.map((a): AnnotatorLabel => compact({
        userId: a.user_id, promptId: a.prompt_id, attribute: a.attribute, annotator: a.annotator,
        relevant: fromBool(a.relevant), grade: opt(a.grade), round: opt(a.round),
      })),
      predictions: predictions.map(predictionFromRow),
      responses: responses.map((r): Response => ({
        userId: r.user_id, promptId: r.prompt_id, generator: r.generator, mode: r.mode, text: r.text,
        attributes: JSON.parse(r.attributes) as string[],
      })),
      responsePairs: pairs.map((p): ResponsePair => ({
        id: p.id, userId: p.user_id, promptId: p.prompt_id, generator: p.generator, generic: p.generic,
        personalized: p.personalized, attributes: JSON.parse(p.attributes) as ResponsePair['attributes'],
      })),
      ratings: ratings.map((r): Rating => compact({
        rater: r.rater, raterKind: r.rater_kind, pairId: r.pair_id, attribute: r.attribute,
        score: Number(r.score), order: opt(r.pair_order),
      })),
      attributeJudgments: judgments.map((j): AttributeJudgment => compact({
        annotator: j.annotator, userId: j.user_id, attribute: j.attribute, verdict: j.verdict,
        failureMode: opt(j.failure_mode), note: opt(j.note),
      })),
    };
  }

  async listDatasets(): Promise<DatasetSummary[]> {
    const rows = await this.db.selectFrom('datasets').select(['id', 'name', 'format', 'provenance', 'created_at']).orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, format: r.format, provenance: r.provenance as Provenance, createdAt: r.created_at }));
  }

  /**
   * Deletes a dataset (by id or name) with everything derived from it: its rows, its runs and their
   * predictions, the studies built from it and the LLM-cache rows holding its texts (src/store/erase.ts).
   * True when there was one.
   */
  async deleteDataset(idOrName: string): Promise<boolean> {
    return eraseDataset(this.db, this.sqlDialect, idOrName);
  }

  /** Deletes every research row and cached LLM request derived from one user, in every dataset (src/store/erase.ts). */
  async forgetUser(userId: string): Promise<EraseResult> {
    return forgetUser(this.db, this.sqlDialect, userId);
  }

  private async findDataset(db: Db, idOrName: string) {
    return (
      (await db.selectFrom('datasets').selectAll().where('id', '=', idOrName).executeTakeFirst()) ??
      (await db.selectFrom('datasets').selectAll().where('name', '=', idOrName).executeTakeFirst())
    );
  }

  // ---------------------------------------------------------------- runs

  async createRun(run: NewRun): Promise<Run> {
    const full: Run = compact({
      ...run,
      id: run.id ?? randomUUID(),
      startedAt: run.startedAt ?? new Date().toISOString(),
      params: run.params ?? {},
    });
    await this.db
      .insertInto('runs')
      .values({
        id: full.id,
        stage: full.stage,
        system: full.system,
        dataset: full.dataset,
        params: JSON.stringify(full.params),
        started_at: full.startedAt,
        finished_at: full.finishedAt ?? null,
        metrics: full.metrics === undefined ? null : JSON.stringify(full.metrics),
      })
      .execute();
    return full;
  }

  /** Records a run's end and its metrics; throws if there is no such run. */
  async finishRun(id: string, metrics: Record<string, unknown>, finishedAt: string = new Date().toISOString()): Promise<void> {
    const res = await this.db
      .updateTable('runs')
      .set({ metrics: JSON.stringify(metrics), finished_at: finishedAt })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new Error(`finishRun: no run with id ${id}`);
  }

  async getRun(id: string): Promise<RunSummary | undefined> {
    const [run] = await this.listRunsWhere((q) => q.where('id', '=', id));
    return run;
  }

  /** Runs, newest first, with their prediction counts. */
  async listRuns(filter: RunFilter = {}): Promise<RunSummary[]> {
    return this.listRunsWhere((q) => {
      if (filter.dataset !== undefined) q = q.where('dataset', '=', filter.dataset);
      if (filter.stage !== undefined) q = q.where('stage', '=', filter.stage);
      if (filter.system !== undefined) q = q.where('system', '=', filter.system);
      return q;
    });
  }

  private async listRunsWhere(
    narrow: (q: ReturnType<Store['runsQuery']>) => ReturnType<Store['runsQuery']>,
  ): Promise<RunSummary[]> {
    const rows = await narrow(this.runsQuery()).orderBy('started_at', 'desc').orderBy('id').execute();
    return rows.map((r) => compact({
      id: r.id,
      stage: r.stage,
      system: r.system,
      dataset: r.dataset,
      params: JSON.parse(r.params) as Record<string, unknown>,
      startedAt: r.started_at,
      finishedAt: opt(r.finished_at),
      metrics: r.metrics === null ? undefined : (JSON.parse(r.metrics) as Record<string, unknown>),
      // Postgres returns count(*) as a string (bigint).
      predictions: Number(r.n_predictions),
    }));
  }

  private runsQuery() {
    return this.db
      .selectFrom('runs')
      .selectAll('runs')
      .select((eb) =>
        eb.selectFrom('predictions').whereRef('predictions.run_id', '=', 'runs.id').select(eb.fn.countAll().as('n')).as('n_predictions'),
      );
  }

  /**
   * Stores a run's predictions in one transaction, in chunks under the parameter limit. A prediction for a
   * (user, prompt, attribute) the run already has overwrites it (so a resumed run can re-save). Returns the count saved.
   */
  async savePredictions(runId: string, predictions: readonly Prediction[]): Promise<number> {
    // Last one wins within a call too: Postgres refuses to upsert the same row twice in one statement.
    const unique = new Map<string, Prediction>();
    for (const p of predictions) unique.set(compositeKey(p.userId, p.promptId, p.attribute), p);
    await this.db.transaction().execute(async (trx) => {
      const run = await trx.selectFrom('runs').select('id').where('id', '=', runId).executeTakeFirst();
      if (!run) throw new Error(`savePredictions: no run with id ${runId}`);
      const { max } = await trx
        .selectFrom('predictions')
        .select((eb) => eb.fn.max('seq').as('max'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      const start = max === null ? 0 : Number(max) + 1;
      const rows: Insertable<PredictionsTable>[] = [...unique.values()].map((p, i) => ({
        run_id: runId,
        seq: start + i,
        user_id: p.userId,
        prompt_id: p.promptId,
        attribute: p.attribute,
        system: p.system,
        relevant: toBool(p.relevant, 'prediction.relevant'),
        score: num(p.score),
        raw_answer: p.rawAnswer ?? null,
        output: p.output ?? null,
        round: p.round ?? null,
      }));
      await this.insertChunked(trx, 'predictions', rows, (q) =>
        q.onConflict((oc) =>
          oc.columns(['run_id', 'user_id', 'prompt_id', 'attribute']).doUpdateSet((eb) => ({
            system: eb.ref('excluded.system'),
            relevant: eb.ref('excluded.relevant'),
            score: eb.ref('excluded.score'),
            raw_answer: eb.ref('excluded.raw_answer'),
            output: eb.ref('excluded.output'),
            round: eb.ref('excluded.round'),
          })),
        ),
      );
    });
    return unique.size;
  }

  /** A run's predictions in the order they were first saved. */
  async getPredictions(runId: string): Promise<Prediction[]> {
    const rows = await this.db.selectFrom('predictions').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
    return rows.map(predictionFromRow);
  }

  // ---------------------------------------------------------------- judgments

  /**
   * Records one human judgment. Idempotent per (annotator, kind, itemKey): resubmitting the same answer
   * changes nothing; another answer replaces the old one unless `onConflict: 'keep'`.
   */
  async saveJudgment(j: JudgmentInput, options: SaveJudgmentOptions = {}): Promise<SaveJudgmentResult> {
    if (!JUDGMENT_KINDS.includes(j.kind)) throw new Error(`saveJudgment: kind must be one of ${JUDGMENT_KINDS.join(', ')}, got ${String(j.kind)}`);
    if (!j.annotator || !j.itemKey) throw new Error('saveJudgment: annotator and itemKey are required');
    const value = JSON.stringify(j.value ?? null);
    const studyId = j.studyId ?? null;
    const itemKey = encodeKey(j.itemKey);
    const now = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('judgments')
        .values({
          id: j.id ?? randomUUID(), study_id: studyId, annotator: j.annotator, kind: j.kind, item_key: itemKey,
          value, created_at: now, updated_at: now,
        })
        .onConflict((oc) => oc.columns(['annotator', 'kind', 'item_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { id: inserted.id, created: true, changed: false };

      const existing = await trx
        .selectFrom('judgments')
        .select(['id', 'value', 'study_id'])
        .where('annotator', '=', j.annotator)
        .where('kind', '=', j.kind)
        .where('item_key', '=', itemKey)
        .executeTakeFirstOrThrow();
      const differs = existing.value !== value || existing.study_id !== studyId;
      if (!differs || options.onConflict === 'keep') return { id: existing.id, created: false, changed: false };
      await trx.updateTable('judgments').set({ value, study_id: studyId, updated_at: now }).where('id', '=', existing.id).execute();
      return { id: existing.id, created: false, changed: true };
    });
  }

  async listJudgments(filter: JudgmentFilter = {}): Promise<StoredJudgment[]> {
    let q = this.db.selectFrom('judgments').selectAll();
    if (filter.studyId === null) q = q.where('study_id', 'is', null);
    else if (filter.studyId !== undefined) q = q.where('study_id', '=', filter.studyId);
    if (filter.annotator !== undefined) q = q.where('annotator', '=', filter.annotator);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.itemKey !== undefined) q = q.where('item_key', '=', encodeKey(filter.itemKey));
    if (filter.itemKeyPrefix !== undefined) {
      const prefix = encodeKey(filter.itemKeyPrefix);
      // substr, not LIKE: LIKE is case-insensitive on SQLite and would need escaping.
      q = q.where((eb) => eb(eb.fn('substr', ['item_key', eb.val(1), eb.val(prefix.length)]), '=', prefix));
    }
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      studyId: r.study_id,
      annotator: r.annotator,
      kind: r.kind as JudgmentKind,
      itemKey: decodeKey(r.item_key),
      value: JSON.parse(r.value) as unknown,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  // ---------------------------------------------------------------- LLM cache

  async llmCacheGet(key: string): Promise<LlmCacheEntry | undefined> {
    const r = await this.db.selectFrom('llm_cache').selectAll().where('key', '=', key).executeTakeFirst();
    if (!r) return undefined;
    return compact({
      key: r.key,
      provider: r.provider,
      model: r.model,
      request: JSON.parse(r.request) as unknown,
      response: JSON.parse(r.response) as unknown,
      usage: r.usage === null ? undefined : (JSON.parse(r.usage) as unknown),
      createdAt: r.created_at,
    });
  }

  /** Stores a response under its key; a second put with the same key overwrites (the newest answer wins). */
  async llmCachePut(entry: LlmCacheEntry): Promise<void> {
    const row = {
      key: entry.key,
      provider: entry.provider,
      model: entry.model,
      request: JSON.stringify(entry.request ?? null),
      response: JSON.stringify(entry.response ?? null),
      usage: entry.usage === undefined ? null : JSON.stringify(entry.usage),
      created_at: entry.createdAt ?? new Date().toISOString(),
    };
    await this.db
      .insertInto('llm_cache')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          provider: row.provider, model: row.model, request: row.request, response: row.response, usage: row.usage, created_at: row.created_at,
        }),
      )
      .execute();
  }

  async llmCacheDelete(key: string): Promise<boolean> {
    const res = await this.db.deleteFrom('llm_cache').where('key', '=', key).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  // ---------------------------------------------------------------- helpers

  /** Inserts rows in as few statements as the backend's parameter limit allows. */
  private async insertChunked<T extends keyof Database>(
    db: Db,
    table: T,
    rows: readonly Insertable<Database[T]>[],
    decorate?: (q: ReturnType<typeof insertInto<T>>) => { execute(): Promise<unknown> },
  ): Promise<void> {
    const first = rows[0];
    if (!first) return;
    const perRow = Object.keys(first).length;
    const perStatement = Math.max(1, Math.floor(this.sqlDialect.maxParams / perRow));
    for (let i = 0; i < rows.length; i += perStatement) {
      const q = insertInto(db, table, rows.slice(i, i + perStatement));
      await (decorate ? decorate(q) : q).execute();
    }
  }
}
