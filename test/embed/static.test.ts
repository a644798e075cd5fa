import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteVectorCache } from '../../src/embed/cache.js';
import { cosine } from '../../src/embed/embedder.js';
import { resolveEmbedder } from '../../src/embed/resolve.js';
import { readStaticVectors, StaticFileError, writeStaticVectors } from '../../src/embed/static-file.js';
import { STATIC_VECTORS_FILE, StaticEmbedder } from '../../src/embed/static.js';
import { useLiteTokenizer } from '../../src/embed/use-tokenizer.js';
import { closeEmbedThreads } from '../../src/embed/pool.js';
import { distillUseLite } from '../../scripts/distill-embedder.js';
import { createAttune } from '../../src/memory/index.js';
import { chat } from '../memory/support.js';

afterAll(() => closeEmbedThreads());

describe('static embedder distilled from USE-lite', () => {
  it('the shipped vectors file loads: one 256-d vector per token of USE-lite vocabulary, licence noted', () => {
    const v = readStaticVectors(fs.readFileSync(STATIC_VECTORS_FILE));
    expect(v.header.vocab).toBe(useLiteTokenizer().vocabulary.length);
    expect(v.header.dim).toBe(256);
    expect(v.header.licence).toMatch(/Apache-2\.0/);
    expect(v.vectors).toHaveLength(v.header.vocab * v.header.dim);
    // <unk> is zero; a common word has a vector
    expect(v.vectors.slice(0, 256).every((x) => x === 0)).toBe(true);
    const the = useLiteTokenizer().encode('the')[0]!;
    expect(Math.hypot(...v.vectors.slice(the * 256, the * 256 + 256))).toBeGreaterThan(0);
  });

  it('tokenizes exactly as USE-lite does', async () => {
    const { EmbeddingsModel } = await import('@energetic-ai/embeddings');
    const tok = useLiteTokenizer();
    const ref = new EmbeddingsModel({ vocabulary: tok.vocabulary as [string, number][], model: undefined as never }).tokenizer;
    const texts = [
      'Hello world!', 'I’m a naïve café owner 😀😀 in Zürich, ﬁne.', '', '  double  spaces ', '日本語のテキスト',
      'C++ and C# are languages; x^2 + y^2 = z^2', 'emoji 🎉 party 🎉🎉', 'I have been vegetarian since 2019 and I cycle to work.',
      'ALL CAPS, MixedCase, under_scores and hy-phens', '\t tabs\nand newlines\r\n',
    ];
    // and every message of the memory scenarios (realistic text, a few hundred lines)
    const scenarios = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'scenarios', 'memory.jsonl'), 'utf8');
    const messages = [...scenarios.matchAll(/"content": "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]!}"`) as string);
    expect(messages.length).toBeGreaterThan(50);
    for (const t of [...texts, ...messages]) expect(tok.encode(t), t).toEqual(ref.encode(t));
  });

  it('embeds to unit vectors; a text with no tokens gets zeros; the id names the file', async () => {
    const e = new StaticEmbedder();
    const [a, empty] = await e.embed(['I grow tomatoes on my balcony.', '']);
    expect(a).toHaveLength(256);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    expect([...empty!].every((x) => x === 0)).toBe(true);
    expect(e.id).toMatch(/^static-use-lite-256@[0-9a-f]{12}$/);
    expect(resolveEmbedder('static').id).toBe(e.id);
    expect(() => resolveEmbedder('glove')).toThrow(/unknown embedder/);
  });

  // Self-written: a remembered fact, a request it bears on, and one it does not. Can fail: a static model is rougher.
  it('ranks a related request above an unrelated one', async () => {
    const e = new StaticEmbedder();
    const triples: [string, string, string][] = [
      ['I am vegetarian and never eat meat.', 'Suggest a dinner recipe for tonight.', 'How do I fix a flat bicycle tire?'],
      ['My dog Biscuit is a two-year-old beagle.', 'What toys are good for a puppy?', 'Explain quantum entanglement simply.'],
      ['I am allergic to peanuts.', 'Recommend a snack I can take on a hike.', 'What is the capital of Peru?'],
      ['I am learning Spanish for a trip to Mexico.', 'Give me some useful travel phrases.', 'How do I reset my router?'],
      ['I play jazz piano in a small band.', 'What chords work well for a ballad?', 'How much water should a cactus get?'],
    ];
    for (const [fact, related, unrelated] of triples) {
      const [f, r, u] = await e.embed([fact, related, unrelated]);
      expect(cosine(f!, r!), `${fact} / ${related}`).toBeGreaterThan(cosine(f!, u!));
    }
  });

  it('distillation is deterministic and its output loads', { timeout: 120_000 }, async () => {
    const tokens = useLiteTokenizer().encode('the cat sat on the mat while a dog barked at the mailman outside');
    const one = await distillUseLite({ tokens, dims: 4 });
    const two = await distillUseLite({ tokens, dims: 4 });
    expect(Buffer.from(one.bytes).equals(Buffer.from(two.bytes))).toBe(true);
    const v = readStaticVectors(one.bytes);
    expect(v.header.dim).toBe(4);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-static-'));
    try {
      const file = path.join(dir, 'v.bin');
      fs.writeFileSync(file, one.bytes);
      const [x] = await resolveEmbedder(`static:${file}`).embed(['the cat']);
      expect(Math.hypot(...x!)).toBeCloseTo(1, 5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("createAttune({ embedder: 'static' }) remembers and selects with it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-static-'));
    const attune = createAttune({ store: path.join(dir, 'm.sqlite'), embedder: 'static', embedCache: path.join(dir, 'e.sqlite') });
    try {
      await attune.remember({ userId: 'u', messages: chat("I'm vegetarian and I love hiking in the mountains.") });
      const r = await attune.select({ userId: 'u', prompt: 'Any good vegetarian dinner recipes for tonight?' });
      expect(r.attributes.map((a) => a.text)).toContain('The user is vegetarian');
      // no vector went to the cache file: a static vector costs less than a disk lookup (it is kept in memory only;
      // the file is opened to follow forgets, test/embed/static-cache.test.ts)
      const file = new SqliteVectorCache(path.join(dir, 'e.sqlite'));
      expect(file.size()).toBe(0);
      file.close();
      await expect(async () => createAttune({ store: path.join(dir, 'n.sqlite'), embedder: 'glove' }).profile({ userId: 'u' })).rejects.toThrow(/unknown embedder/);
    } finally {
      await attune.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a file that is not one, or is cut short', () => {
    expect(() => readStaticVectors(new Uint8Array([1, 2, 3]))).toThrow(StaticFileError);
    const ok = writeStaticVectors({ source: 's', licence: 'l', vocab: 2, dim: 2, weighting: { kind: 'sif', a: 1e-3 }, explained: 1 }, [1, 0, 0, -1]);
    expect(readStaticVectors(ok).vectors[3]).toBeCloseTo(-1, 5);
    expect(() => readStaticVectors(ok.subarray(0, ok.length - 1))).toThrow(/expected/);
  });
});
