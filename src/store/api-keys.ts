/**
 * API keys, stored as SHA-256 hashes (keys are 32 random bytes, so a fast hash is enough; no
 * key is ever stored or logged in clear). The admin key comes from ADMIN_API_KEY, or is
 * generated on first start and printed once.
 */
import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { AppError, badInput } from '../errors.js';
import { isPostgres, type ApiKeysTable, type DB } from './db.js';
import { embeddedOf, type Embedded, type Lru } from './embedded.js';

function keyInfo(row: ApiKeysTable): ApiKeyInfo {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    prefix: row.key_prefix,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: new Date(row.created_at),
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}

export const ADMIN_SCOPES = ['admin', 'users:delete', 'accounts:manage', 'audit:read'] as const;

/** The tenant created by the migrations; the admin key belongs to it. */
export const DEFAULT_TENANT = 'default';

/**
 * Scopes a tenant key can carry; `admin` (tenants and keys) belongs to the admin key alone.
 * `users:read` (User references through federation `_entities`: vendor reads with the stored
 * credentials) is implied by `users:delete`, which reads the user before deleting it anyway.
 */
export const TENANT_SCOPES = ['users:delete', 'users:read', 'accounts:manage', 'audit:read'] as const;
export type TenantScope = (typeof TENANT_SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  tenantId: string;
  name: string;
  /** The first characters of the key, to recognise it; never the whole key. */
  prefix: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
}

export interface TenantInfo {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ApiPrincipal {
  tenantId: string;
  keyId: string;
  name: string;
  scopes: string[];
}

/** Scopes that carry another one with them. */
const IMPLIED_BY: Readonly<Record<string, string>> = { 'users:read': 'users:delete' };

/** Whether the key may do what `scope` allows (the admin scope allows everything; see IMPLIED_BY). */
export function hasScope(principal: ApiPrincipal, scope: string): boolean {
  if (principal.scopes.includes(scope) || principal.scopes.includes('admin')) return true;
  const implied = IMPLIED_BY[scope];
  return implied !== undefined && principal.scopes.includes(implied);
}

export function hashKey(key: string): string {
  // One-shot (UTF-8 input): ~0.3 µs against ~1.2 µs through a Hash object, on every request.
  return hash('sha256', key, 'hex');
}

export function generateKey(): string {
  return `uud_${randomBytes(32).toString('base64url')}`;
}

export class ApiKeyStore {
  private readonly fast: Embedded | undefined;
  /** Embedded store only: principals by key hash (see embedded.ts for why they cannot go stale). */
  private readonly principals: Lru<ApiPrincipal> | undefined;

  constructor(private readonly db: Kysely<DB>) {
    this.fast = embeddedOf(db);
    this.principals = this.fast?.cache<ApiPrincipal>(1_000);
  }

  /**
   * Makes sure an admin key exists. With `configured`, that key is the admin key (its hash
   * replaces any earlier admin key). Without it, a key is generated when none exists yet and
   * returned so start-up can print it once.
   */
  async ensureAdmin(configured: string | undefined): Promise<{ generated?: string }> {
    // Replicas sharing PostgreSQL may start together: on PostgreSQL the check and the insert run
    // in one transaction holding an advisory lock, so the second replica finds the first one's
    // key (and prints none). The insert also ignores a key that is there already, which is all a
    // second process on the same SQLite file can race on with a configured key.
    if (isPostgres(this.db)) {
      return this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext('uud.ensureAdmin'))`.execute(trx);
        return this.ensureAdminIn(trx, configured);
      });
    }
    return this.ensureAdminIn(this.db, configured);
  }

  /**
   * Issues a new admin key and revokes the earlier one(s) at once: the recovery when the
   * generated key was lost (`uud keys new-admin`, run on the machine that holds the store).
   * Returns the new key, to print once. A service started with ADMIN_API_KEY puts that key back
   * at its next start (ensureAdmin), so this is for services that run without it.
   */
  async issueAdmin(): Promise<string> {
    const key = generateKey();
    const replace = async (db: Kysely<DB>) => {
      await db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('name', '=', 'admin').where('tenant_id', '=', DEFAULT_TENANT).where('revoked_at', 'is', null).execute();
      await this.insert(DEFAULT_TENANT, 'admin', key, [...ADMIN_SCOPES], db);
    };
    if (isPostgres(this.db)) {
      await this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext('uud.ensureAdmin'))`.execute(trx);
        await replace(trx);
      });
    } else {
      await this.db.transaction().execute(replace);
    }
    return key;
  }

  private async ensureAdminIn(db: Kysely<DB>, configured: string | undefined): Promise<{ generated?: string }> {
    const existing = await db.selectFrom('api_keys').selectAll().where('name', '=', 'admin').where('revoked_at', 'is', null).execute();
    if (configured) {
      const hash = hashKey(configured);
      if (existing.some((k) => k.key_hash === hash)) return {};
      const now = new Date().toISOString();
      await db.updateTable('api_keys').set({ revoked_at: now }).where('name', '=', 'admin').where('revoked_at', 'is', null).execute();
      await this.insert(DEFAULT_TENANT, 'admin', configured, [...ADMIN_SCOPES], db);
      return {};
    }
    if (existing.length > 0) return {};
    const key = generateKey();
    await this.insert(DEFAULT_TENANT, 'admin', key, [...ADMIN_SCOPES], db);
    return { generated: key };
  }

  private async insert(tenantId: string, name: string, key: string, scopes: string[], db: Kysely<DB> = this.db): Promise<string> {
    const id = randomUUID();
    await db
      .insertInto('api_keys')
      .values({
        id,
        tenant_id: tenantId,
        name,
        key_hash: hashKey(key),
        key_prefix: key.slice(0, 8),
        scopes: JSON.stringify(scopes),
        created_at: new Date().toISOString(),
        revoked_at: null,
      })
      .onConflict((oc) => oc.column('key_hash').doNothing())
      .execute();
    return id;
  }

  async createTenant(name: string): Promise<TenantInfo> {
    const clean = name.trim();
    if (!/^[\w .@-]{1,100}$/.test(clean)) throw badInput('A tenant name is 1 to 100 letters, digits, spaces, dots, @, _ or -');
    const exists = await this.db.selectFrom('tenants').select('id').where('name', '=', clean).executeTakeFirst();
    if (exists) throw badInput(`A tenant named "${clean}" exists already`);
    const row = { id: randomUUID(), name: clean, created_at: new Date().toISOString() };
    await this.db.insertInto('tenants').values(row).execute();
    return { id: row.id, name: row.name, createdAt: new Date(row.created_at) };
  }

  async listTenants(): Promise<TenantInfo[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at) }));
  }

  /** A new key for a tenant; the key itself is returned here once and never again. */
  async createKey(tenantId: string, name: string, scopes: readonly string[]): Promise<{ key: string; info: ApiKeyInfo }> {
    const tenant = await this.db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
    if (!tenant) throw new AppError('NOT_FOUND', 'No tenant with that id');
    const clean = name.trim();
    if (clean === '' || clean.length > 100) throw badInput('A key name is 1 to 100 characters');
    if (clean === 'admin') throw badInput('"admin" is reserved for the admin key');
    const bad = scopes.filter((s) => !(TENANT_SCOPES as readonly string[]).includes(s));
    if (bad.length || scopes.length === 0) throw badInput(`scopes must be a non-empty list of ${TENANT_SCOPES.join(', ')}`);
    const key = generateKey();
    const id = await this.insert(tenantId, clean, key, [...new Set(scopes)]);
    return { key, info: (await this.getKey(id))! };
  }

  async getKey(id: string): Promise<ApiKeyInfo | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row && keyInfo(row);
  }

  async listKeys(tenantId?: string): Promise<ApiKeyInfo[]> {
    let q = this.db.selectFrom('api_keys').selectAll();
    if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
    return (await q.orderBy('created_at').execute()).map(keyInfo);
  }

  /** Revokes a key at once: the next request with it is UNAUTHENTICATED. */
  async revoke(id: string): Promise<ApiKeyInfo> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'No API key with that id');
    if (row.name === 'admin' && row.tenant_id === DEFAULT_TENANT) throw badInput('The admin key is replaced by setting ADMIN_API_KEY, not revoked');
    await this.db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return (await this.getKey(id))!;
  }

  async authenticate(key: string): Promise<ApiPrincipal | undefined> {
    if (key.length < 16 || key.length > 512) return undefined;
    const hash = hashKey(key);
    const fast = this.fast;
    if (fast?.fresh()) {
      const cached = this.principals!.get(hash);
      if (cached) return cached;
      const stmt = fast.statement('select * from "api_keys" where "key_hash" = ? and "revoked_at" is null');
      if (stmt) {
        const principal = toPrincipal(stmt.get(hash) as ApiKeysTable | undefined, hash);
        if (principal) this.principals!.set(hash, principal);
        return principal;
      }
    }
    return toPrincipal(await this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst(), hash);
  }
}

function toPrincipal(row: ApiKeysTable | undefined, hash: string): ApiPrincipal | undefined {
  if (!row || !timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) return undefined;
  // Frozen: one principal object serves many requests.
  return Object.freeze({ tenantId: row.tenant_id, keyId: row.id, name: row.name, scopes: Object.freeze(JSON.parse(row.scopes) as string[]) as string[] });
}
