import { describe, expect, expectTypeOf, it } from 'vitest';
import { sql } from 'kysely';
import type { z } from 'zod';
import {
  AnnotatorLabel, Attribute, AttributeJudgment, Conversation, GoldAttribute, Prediction, Prompt, Rating, RelevanceLabel, Response, ResponsePair, Run,
} from '../../src/model/index.js';
import {
  MemoryCacheKey, MemoryConversation, MemoryUsage, StoredCorrection, StoredEvidence, StoredMemoryAttribute, StoredMemoryEvent,
} from '../../src/model/memory.js';
import type { Row } from '../../src/store/columns.js';
import { openStore } from '../../src/store/open.js';
import type { AttributesTable, Database, RatingsTable } from '../../src/store/schema.js';

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Each table that stores a model record, with the record and the fields it keeps elsewhere or under another name. */
const STORED: [keyof Database, z.ZodObject, { omit?: string[]; rename?: Record<string, string> }?][] = [
  ['conversations', Conversation], ['attributes', Attribute], ['prompts', Prompt], ['gold_attributes', GoldAttribute],
  ['labels', RelevanceLabel], ['annotations', AnnotatorLabel], ['dataset_predictions', Prediction], ['predictions', Prediction],
  ['responses', Response], ['response_pairs', ResponsePair], ['ratings', Rating, { rename: { order: 'pair_order' } }],
  ['attribute_judgments', AttributeJudgment], ['runs', Run],
  ['memory_conversations', MemoryConversation], ['memory_attributes', StoredMemoryAttribute, { omit: ['evidence'] }],
  ['memory_evidence', StoredEvidence], ['memory_events', StoredMemoryEvent], ['memory_corrections', StoredCorrection],
  ['memory_usage', MemoryUsage], ['memory_cache_keys', MemoryCacheKey],
];

describe('store rows derive from the model', () => {
  it('types: a field becomes a snake_case column, optional -> null, boolean -> 0/1, arrays and objects -> JSON text', () => {
    expectTypeOf<Row<Attribute>>().toEqualTypeOf<{
      text: string; reason: string | null; confidence: number | null; evidence: string; source: string | null; members: string;
    }>();
    expectTypeOf<AttributesTable>().toMatchTypeOf<{ dataset_id: string; ord: number; user_id: string; text: string }>();
    expectTypeOf<Row<RelevanceLabel>['relevant']>().toEqualTypeOf<number>();
    expectTypeOf<RatingsTable['pair_order']>().toEqualTypeOf<'generic_first' | 'personalized_first' | null>();
    expectTypeOf<Row<{ studyId: string | null; value: unknown; usage?: unknown }>>().toEqualTypeOf<{ study_id: string | null; value: string; usage: string | null }>();
  });

  it('every field a table stores is a column of the migrated table', async () => {
    const store = await openStore(':memory:');
    try {
      for (const [table, schema, o = {}] of STORED) {
        const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(store.db);
        const columns = new Set(rows.map((r) => r.name));
        const fields = Object.keys(schema.shape).filter((k) => !o.omit?.includes(k)).map((k) => o.rename?.[k] ?? snake(k));
        expect(fields.filter((f) => !columns.has(f)), table).toEqual([]);
      }
    } finally {
      await store.close();
    }
  });
});
