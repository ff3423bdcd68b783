/**
 * API keys, stored as SHA-256 hashes (keys are 32 random bytes, so a fast hash is enough; no
 * key is ever stored or logged in clear). The admin key comes from ADMIN_API_KEY, or is
 * generated on first start and printed once.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './db.js';

export const ADMIN_SCOPES = ['admin', 'users:delete', 'accounts:manage', 'audit:read'] as const;

/** Until tenants exist (issue 4), every key belongs to this one. */
export const DEFAULT_TENANT = 'default';

export interface ApiPrincipal {
  tenantId: string;
  keyId: string;
  name: string;
  scopes: string[];
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateKey(): string {
  return `uud_${randomBytes(32).toString('base64url')}`;
}

export class ApiKeyStore {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Makes sure an admin key exists. With `configured`, that key is the admin key (its hash
   * replaces any earlier admin key). Without it, a key is generated when none exists yet and
   * returned so start-up can print it once.
   */
  async ensureAdmin(configured: string | undefined): Promise<{ generated?: string }> {
    const existing = await this.db.selectFrom('api_keys').selectAll().where('name', '=', 'admin').where('revoked_at', 'is', null).execute();
    if (configured) {
      const hash = hashKey(configured);
      if (existing.some((k) => k.key_hash === hash)) return {};
      const now = new Date().toISOString();
      await this.db.updateTable('api_keys').set({ revoked_at: now }).where('name', '=', 'admin').where('revoked_at', 'is', null).execute();
      await this.insert('admin', configured, [...ADMIN_SCOPES]);
      return {};
    }
    if (existing.length > 0) return {};
    const key = generateKey();
    await this.insert('admin', key, [...ADMIN_SCOPES]);
    return { generated: key };
  }

  private async insert(name: string, key: string, scopes: string[]): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: randomUUID(),
        name,
        key_hash: hashKey(key),
        key_prefix: key.slice(0, 8),
        scopes: JSON.stringify(scopes),
        created_at: new Date().toISOString(),
        revoked_at: null,
      })
      .execute();
  }

  async authenticate(key: string): Promise<ApiPrincipal | undefined> {
    if (key.length < 16 || key.length > 512) return undefined;
    const hash = hashKey(key);
    const row = await this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row || !timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) return undefined;
    return { tenantId: DEFAULT_TENANT, keyId: row.id, name: row.name, scopes: JSON.parse(row.scopes) as string[] };
  }
}
