import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { AttuneError } from '../model/errors.js';

/**
 * Tenants and their API keys (migration 0004). A key reads `atk_<id>_<secret>`: the id is public (it names the
 * key in listings and finds its row), the secret is 32 random bytes whose sha256 is all the store keeps. Checking
 * a key compares hashes in constant time; a revoked key fails like an unknown one.
 */

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  tenant: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface CreatedKey extends ApiKeyInfo {
  /** The key itself: shown once, never stored. */
  key: string;
}

const KEY_FORMAT = /^atk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const TENANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class KeyError extends AttuneError {
  constructor(message: string, readonly reason: 'invalid' | 'not_found') {
    super(reason === 'invalid' ? 'invalid_key' : 'key_not_found', message);
    this.name = 'KeyError';
  }
}

export class KeyStore {
  readonly db: Kysely<Database>;

  constructor(readonly store: Store) {
    this.db = store.db;
  }

  /** The tenant of that name, created when absent. */
  async ensureTenant(name: string): Promise<Tenant> {
    if (!TENANT_NAME.test(name)) throw new KeyError(`tenant name ${JSON.stringify(name)}: use 1-64 letters, digits, ".", "_" or "-"`, 'invalid');
    const found = await this.getTenant(name);
    if (found) return found;
    const t: Tenant = { id: `t_${randomBytes(8).toString('hex')}`, name, createdAt: new Date().toISOString() };
    try {
      await this.db.insertInto('tenants').values({ id: t.id, name: t.name, created_at: t.createdAt }).execute();
      return t;
    } catch (e) {
      // Another process created it at the same moment: theirs is the one.
      const again = await this.getTenant(name);
      if (again) return again;
      throw e;
    }
  }

  async getTenant(name: string): Promise<Tenant | undefined> {
    const r = await this.db.selectFrom('tenants').selectAll().where('name', '=', name).executeTakeFirst();
    return r ? { id: r.id, name: r.name, createdAt: r.created_at } : undefined;
  }

  /** A new key for the tenant (created when absent). The returned `key` is the only copy of the secret. */
  async createKey(tenantName: string, label?: string): Promise<CreatedKey> {
    const tenant = await this.ensureTenant(tenantName);
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const createdAt = new Date().toISOString();
    await this.db.insertInto('api_keys').values({
      id, tenant_id: tenant.id, secret_hash: sha256(secret), label: label ?? null, created_at: createdAt, revoked_at: null,
    }).execute();
    return { id, tenant: tenant.name, label: label ?? null, createdAt, revokedAt: null, key: `atk_${id}_${secret}` };
  }

  async listKeys(tenantName?: string): Promise<ApiKeyInfo[]> {
    let q = this.db
      .selectFrom('api_keys')
      .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
      .select(['api_keys.id', 'tenants.name as tenant', 'api_keys.label', 'api_keys.created_at', 'api_keys.revoked_at']);
    if (tenantName !== undefined) q = q.where('tenants.name', '=', tenantName);
    const rows = await q.orderBy('api_keys.created_at').orderBy('api_keys.id').execute();
    return rows.map((r) => ({ id: r.id, tenant: r.tenant, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at }));
  }

  /** Revokes a key by its id (or by the whole key). Revoking twice is a no-op; an unknown id throws. */
  async revokeKey(idOrKey: string): Promise<ApiKeyInfo> {
    const id = KEY_FORMAT.exec(idOrKey)?.[1] ?? idOrKey;
    const row = await this.db.selectFrom('api_keys').select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw new KeyError(`no API key with id ${JSON.stringify(id)}`, 'not_found');
    await this.db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return (await this.listKeys()).find((k) => k.id === id)!;
  }

  /** The tenant a presented key belongs to, or undefined for a malformed, unknown, wrong or revoked key. */
  async authenticate(presented: string): Promise<{ keyId: string; tenant: Tenant } | undefined> {
    const m = KEY_FORMAT.exec(presented);
    if (!m) return undefined;
    const r = await this.db
      .selectFrom('api_keys')
      .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
      .select(['api_keys.id', 'api_keys.secret_hash', 'api_keys.revoked_at', 'tenants.id as tenant_id', 'tenants.name', 'tenants.created_at'])
      .where('api_keys.id', '=', m[1]!)
      .executeTakeFirst();
    // Hash even when the id is unknown, so a miss costs what a hit costs.
    const given = Buffer.from(sha256(m[2]!), 'hex');
    const stored = Buffer.from(r?.secret_hash ?? sha256(''), 'hex');
    const same = timingSafeEqual(given, stored);
    if (!r || !same || r.revoked_at !== null) return undefined;
    return { keyId: r.id, tenant: { id: r.tenant_id, name: r.name, createdAt: r.created_at } };
  }
}
