import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropPgSchemas } from '../support/pg-schemas.js';

/** Postgres for the store tests: set by CI to the URL that .ci/start-postgres.sh prints. */
export const pgUrl = process.env.ATTUNE_TEST_PG_URL;

export interface Backend {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** A store URL for an empty database: a new temp file, or a new Postgres schema. */
  fresh(): string;
  /** Drops what `fresh` created. */
  cleanup(): Promise<void>;
}

let warned = false;
function warnSkip(): void {
  if (warned) return;
  warned = true;
  console.warn(
    '[skip] ATTUNE_TEST_PG_URL is not set: the Postgres store tests are skipped. Start a server and export the URL with\n' +
      '  export ATTUNE_TEST_PG_URL="$(.ci/start-postgres.sh | tail -n1)"   # postgres://attune:attune@127.0.0.1:5432/attune_test',
  );
}

function sqliteBackend(): Backend {
  let dir: string | undefined;
  let n = 0;
  return {
    name: 'sqlite',
    available: true,
    fresh() {
      dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'attune-store-'));
      return path.join(dir, `nested-${n}`, `db-${n++}.sqlite`);
    },
    async cleanup() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  const schemas: string[] = [];
  const run = `attune_t_${process.pid}_${randomBytes(3).toString('hex')}`;
  if (!pgUrl) warnSkip();
  return {
    name: 'postgres',
    available: Boolean(pgUrl),
    fresh() {
      if (!pgUrl) throw new Error('ATTUNE_TEST_PG_URL is not set');
      const schema = `${run}_${schemas.length}`;
      schemas.push(schema);
      const u = new URL(pgUrl);
      u.searchParams.set('schema', schema);
      return u.toString();
    },
    async cleanup() {
      if (pgUrl) await dropPgSchemas(pgUrl, schemas);
    },
  };
}

export function backends(): Backend[] {
  return [sqliteBackend(), postgresBackend()];
}
