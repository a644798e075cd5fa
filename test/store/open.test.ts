import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { defaultStoreUrl, openStore, parseStoreUrl } from '../../src/store/open.js';

describe('store URLs', () => {
  it('parses SQLite paths and Postgres URLs', () => {
    expect(parseStoreUrl('/tmp/x.sqlite')).toEqual({ kind: 'sqlite', file: '/tmp/x.sqlite' });
    expect(parseStoreUrl('sqlite:/tmp/x.sqlite')).toEqual({ kind: 'sqlite', file: '/tmp/x.sqlite' });
    expect(parseStoreUrl('sqlite:///tmp/x.sqlite')).toEqual({ kind: 'sqlite', file: '/tmp/x.sqlite' });
    expect(parseStoreUrl('sqlite:rel/x.sqlite')).toEqual({ kind: 'sqlite', file: path.resolve('rel/x.sqlite') });
    expect(parseStoreUrl(':memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseStoreUrl('postgres://a:b@h:5432/db')).toEqual({ kind: 'postgres', url: 'postgres://a:b@h:5432/db' });
    expect(parseStoreUrl('postgresql://a:b@h/db?schema=s1&sslmode=disable')).toEqual({
      kind: 'postgres', url: 'postgresql://a:b@h/db?sslmode=disable', schema: 's1',
    });
    expect(() => parseStoreUrl('sqlite:')).toThrow(/no SQLite file/);
  });

  describe('default location', () => {
    const saved = process.env.ATTUNE_STORE;
    afterEach(() => {
      if (saved === undefined) delete process.env.ATTUNE_STORE;
      else process.env.ATTUNE_STORE = saved;
    });

    it('is .attune/attune.sqlite under the cwd unless ATTUNE_STORE says otherwise', () => {
      delete process.env.ATTUNE_STORE;
      expect(defaultStoreUrl()).toBe(path.join(process.cwd(), '.attune', 'attune.sqlite'));
      process.env.ATTUNE_STORE = '/somewhere/else.sqlite';
      expect(defaultStoreUrl()).toBe('/somewhere/else.sqlite');
    });

    it('openStore() creates the file and its parent folders on first use, in WAL mode', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-open-'));
      try {
        process.env.ATTUNE_STORE = path.join(dir, 'a', 'b', 'store.sqlite');
        const store = await openStore();
        try {
          expect(store.dialect).toBe('sqlite');
          expect(fs.existsSync(process.env.ATTUNE_STORE)).toBe(true);
          expect(await store.listDatasets()).toEqual([]);
        } finally {
          await store.close();
        }
        const again = await openStore(`sqlite:${process.env.ATTUNE_STORE}`);
        await again.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('opens an in-memory store', async () => {
      const store = await openStore(':memory:');
      await store.llmCachePut({ key: 'k', provider: 'p', model: 'm', request: {}, response: 'r' });
      expect((await store.llmCacheGet('k'))?.response).toBe('r');
      await store.close();
    });

    it('names the server when Postgres is unreachable', async () => {
      await expect(openStore('postgres://u:secret@127.0.0.1:1/db')).rejects.toThrow(/cannot connect to Postgres at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/);
    });
  });
});

describe('SQLite durability', () => {
  it('is synchronous=NORMAL by default and FULL with durable: true', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-durable-'));
    try {
      const level = async (durable: boolean) => {
        const s = await openStore(path.join(dir, `${durable}.sqlite`), durable ? { durable } : {});
        try {
          const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(s.db);
          return rows[0]!.synchronous;
        } finally {
          await s.close();
        }
      };
      expect(await level(false)).toBe(1); // NORMAL
      expect(await level(true)).toBe(2); // FULL
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
