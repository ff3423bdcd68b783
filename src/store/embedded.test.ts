/**
 * The request fast path (embedded.ts): cached API keys and accounts never outlive a change,
 * whoever makes it (this connection through Kysely, or another connection such as the CLI's),
 * and group-committed audit writes are stored exactly as single writes would be. On PostgreSQL
 * (TEST_DATABASE_URL) the caches are off and the same behaviour is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testStore } from '../../test/helpers/pg.js';
import { getEntry } from '../providers/registry.js';
import { AccountStore } from './accounts.js';
import { ApiKeyStore, DEFAULT_TENANT } from './api-keys.js';
import { AuditStore } from './audit.js';
import { Cipher } from './crypto.js';
import { migrate, type DB } from './db.js';
import { Embedded, embeddedOf, Lru } from './embedded.js';

const KEY = Buffer.alloc(32, 7);
let dir: string;
let stores: Awaited<ReturnType<typeof testStore>>;

/** One connection's stores: a second call is another connection to the same store (like the CLI). */
async function connect() {
  const db: Kysely<DB> = stores.open();
  await migrate(db);
  const cipher = new Cipher(KEY, []);
  return { db, accounts: new AccountStore(db, cipher, getEntry), apiKeys: new ApiKeyStore(db), audit: new AuditStore(db) };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uud-fast-'));
  stores = await testStore(dir);
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('API key cache', () => {
  it('refuses a key revoked through another connection on the next request', async () => {
    const server = await connect();
    const cli = await connect();
    const { key, info } = await server.apiKeys.createKey(DEFAULT_TENANT, 'ops', ['users:delete']);
    expect(await server.apiKeys.authenticate(key)).toMatchObject({ keyId: info.id, scopes: ['users:delete'] });
    expect(await server.apiKeys.authenticate(key)).toMatchObject({ keyId: info.id }); // now from the cache (embedded store)
    await cli.apiKeys.revoke(info.id);
    expect(await server.apiKeys.authenticate(key)).toBeUndefined();
  });

  it('refuses a key revoked through this connection, also by a statement written by hand', async () => {
    const s = await connect();
    const a = await s.apiKeys.createKey(DEFAULT_TENANT, 'a', ['users:delete']);
    const b = await s.apiKeys.createKey(DEFAULT_TENANT, 'b', ['users:delete']);
    expect(await s.apiKeys.authenticate(a.key)).toBeDefined();
    expect(await s.apiKeys.authenticate(b.key)).toBeDefined();
    await s.apiKeys.revoke(a.info.id);
    expect(await s.apiKeys.authenticate(a.key)).toBeUndefined();
    await s.db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', b.info.id).execute();
    expect(await s.apiKeys.authenticate(b.key)).toBeUndefined();
  });

  it('hands out principals nobody can change', async () => {
    const s = await connect();
    const { key } = await s.apiKeys.createKey(DEFAULT_TENANT, 'ops', ['audit:read']);
    const p = (await s.apiKeys.authenticate(key))!;
    expect(() => (p.scopes as string[]).push('admin')).toThrow();
    expect(() => ((p as { tenantId: string }).tenantId = 'other')).toThrow();
    expect((await s.apiKeys.authenticate(key))!.scopes).toEqual(['audit:read']);
  });
});

describe('account cache', () => {
  const create = (s: Awaited<ReturnType<typeof connect>>, token: string) =>
    s.accounts.create(DEFAULT_TENANT, { integration: 'github', credentials: { method: 'token', token } });

  it('serves credentials changed through another connection from the next request on', async () => {
    const server = await connect();
    const cli = await connect();
    const { key } = await server.apiKeys.createKey(DEFAULT_TENANT, 'ops', ['users:delete']);
    /** What a request does: authenticate, then load the account. */
    const request = async (id: string) => {
      expect(await server.apiKeys.authenticate(key)).toBeDefined();
      return (await server.accounts.loadMany(DEFAULT_TENANT, [id]))[0];
    };
    const acc = await create(server, 'ghp_first_000000000000000000000000000000');
    expect((await request(acc.id))?.credentials.fields.token).toBe('ghp_first_000000000000000000000000000000');
    await cli.accounts.update(DEFAULT_TENANT, acc.id, { credentials: { method: 'token', token: 'ghp_second_00000000000000000000000000000' } });
    expect((await request(acc.id))?.credentials.fields.token).toBe('ghp_second_00000000000000000000000000000');
    await cli.accounts.delete(DEFAULT_TENANT, acc.id);
    expect(await request(acc.id)).toBeUndefined();
  });

  it("reuses the request's own check for the account lookup, for at most 1 ms", async () => {
    const server = await connect();
    const cli = await connect();
    const fast = embeddedOf(server.db);
    if (!fast) return; // PostgreSQL: no caches, every lookup reads the row
    const { key } = await server.apiKeys.createKey(DEFAULT_TENANT, 'ops', ['users:delete']);
    const acc = await create(server, 'ghp_first_000000000000000000000000000000');
    let now = 1_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      await server.apiKeys.authenticate(key);
      const checks = fast.checks;
      now += 0.5;
      expect((await server.accounts.loadMany(DEFAULT_TENANT, [acc.id]))[0]?.credentials.fields.token).toBe('ghp_first_000000000000000000000000000000');
      expect([fast.checks, fast.reusedChecks > 0]).toEqual([checks, true]);
      await cli.accounts.update(DEFAULT_TENANT, acc.id, { credentials: { method: 'token', token: 'ghp_second_00000000000000000000000000000' } });
      now += 1; // 1.5 ms after the request's check: read again
      expect((await server.accounts.loadMany(DEFAULT_TENANT, [acc.id]))[0]?.credentials.fields.token).toBe('ghp_second_00000000000000000000000000000');
      expect(fast.checks).toBe(checks + 1);
      // An API-key lookup never reuses a check.
      await server.apiKeys.authenticate(key);
      expect(fast.checks).toBe(checks + 2);
    } finally {
      clock.mockRestore();
    }
  });

  it('sees a refreshed token, needs_reauth and a hand-written update made through this connection', async () => {
    const s = await connect();
    const acc = await create(s, 'ghp_first_000000000000000000000000000000');
    await s.accounts.loadMany(DEFAULT_TENANT, [acc.id]);
    await s.accounts.withLockedAccount(DEFAULT_TENANT, acc.id, (_cur, save) => save({ method: 'token', fields: { token: 'ghp_saved_000000000000000000000000000000' } }));
    expect((await s.accounts.loadMany(DEFAULT_TENANT, [acc.id]))[0]?.credentials.fields.token).toBe('ghp_saved_000000000000000000000000000000');
    await s.accounts.withLockedAccount(DEFAULT_TENANT, acc.id, (_cur, _save, mark) => mark());
    expect((await s.accounts.loadMany(DEFAULT_TENANT, [acc.id]))[0]?.status).toBe('needs_reauth');
    await s.db.updateTable('integrated_accounts').set({ status: 'active' }).where('id', '=', acc.id).execute();
    expect((await s.accounts.loadMany(DEFAULT_TENANT, [acc.id]))[0]?.status).toBe('active');
  });

  it('keeps tenants apart and gives each caller its own copy', async () => {
    const s = await connect();
    const acc = await create(s, 'ghp_first_000000000000000000000000000000');
    expect(await s.accounts.loadMany('another-tenant', [acc.id])).toEqual([undefined]);
    const [a] = await s.accounts.loadMany(DEFAULT_TENANT, [acc.id, acc.id]);
    a!.credentials = { method: 'token', fields: { token: 'replaced-by-a-refresh' } };
    expect(() => ((a!.context as Record<string, string>).x = 'y')).toThrow();
    const [again] = await s.accounts.loadMany(DEFAULT_TENANT, [acc.id]);
    expect(again?.credentials.fields.token).toBe('ghp_first_000000000000000000000000000000');
    expect(await s.accounts.loadMany('another-tenant', [acc.id])).toEqual([undefined]);
  });
});

describe('group-committed audit writes', () => {
  it('stores every record of concurrent attempts, in fewer commits than writes on the embedded store', async () => {
    const s = await connect();
    const fast = embeddedOf(s.db);
    const before = fast?.batches ?? 0;
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        s.audit.start({ tenantId: DEFAULT_TENANT, apiKeyId: null, via: 'cli', integratedAccountId: 'acc', targetId: `user-${i}`, input: { i }, dryRun: false }),
      ),
    );
    await Promise.all(ids.map((id, i) => s.audit.finish(id, { integration: 'github', outcome: 'DELETED', calls: [{ method: 'DELETE', url: `https://x/${i}`, status: 204, durationMs: 1, attempt: 1 }] })));
    if (fast) expect(fast.batches - before).toBeLessThan(10);
    const records = await Promise.all(ids.map((id) => s.audit.get(DEFAULT_TENANT, id)));
    expect(records.map((r) => [r?.state, r?.outcome, r?.calls[0]?.url])).toEqual(ids.map((_, i) => ['SUCCEEDED', 'DELETED', `https://x/${i}`]));
    // A second connection sees them (committed, not only in this connection's transaction).
    const other = await connect();
    expect((await other.audit.list(DEFAULT_TENANT, {}, 100)).records).toHaveLength(40);
  });

  it('rejects only the write that fails; its batch neighbours are stored', async () => {
    const s = await connect();
    const fast = embeddedOf(s.db);
    if (!fast) return; // PostgreSQL: no group commit
    const good = (n: number) => s.audit.start({ tenantId: DEFAULT_TENANT, apiKeyId: null, via: 'cli', integratedAccountId: 'acc', targetId: `t${n}`, input: {}, dryRun: false });
    const bad = fast.write('insert into "deletion_audit" ("id") values (?)', ['aud_broken']); // NOT NULL columns missing
    const results = await Promise.allSettled([good(1), bad, good(2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    for (const r of results) if (r.status === 'fulfilled') expect(await s.audit.get(DEFAULT_TENANT, r.value as string)).toMatchObject({ state: 'STARTED' });
  });
});

describe('group commit durability', () => {
  function rawStore(syncWal: () => Promise<void>) {
    const database = new Database(join(dir, 'raw.sqlite'));
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL'); // as openSqlite states it
    database.exec('create table t (id text primary key, v text not null)');
    return { database, fast: new Embedded(database, { syncWal }) };
  }

  it('resolves a write only after the WAL sync that follows its commit, and keeps FULL for everything else', async () => {
    const syncs: Array<() => void> = [];
    const { database, fast } = rawStore(() => new Promise<void>((r) => syncs.push(r)));
    expect(database.pragma('synchronous', { simple: true })).toBe(2);
    let done = false;
    const w = fast.write('insert into t (id, v) values (?, ?)', ['a', 'x']).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    // committed (visible), but the writer waits for the sync
    expect(database.prepare('select v from t where id = ?').pluck().get('a')).toBe('x');
    expect(done).toBe(false);
    expect(syncs).toHaveLength(1);
    // writes made while a sync runs are committed when it ends (together), then synced
    const w2 = fast.write('insert into t (id, v) values (?, ?)', ['b', 'y']);
    const w3 = fast.write('insert into t (id, v) values (?, ?)', ['c', 'z']);
    await new Promise((r) => setTimeout(r, 20));
    expect(syncs).toHaveLength(1);
    expect(database.prepare('select count(*) from t').pluck().get()).toBe(1);
    const batches = fast.batches;
    const release = syncs[0]!;
    release();
    await w;
    expect(done).toBe(true);
    expect(database.prepare('select count(*) from t').pluck().get()).toBe(3);
    expect(fast.batches).toBe(batches + 1);
    await new Promise((r) => setTimeout(r, 5));
    expect(syncs).toHaveLength(2);
    syncs[1]!();
    await Promise.all([w2, w3]);
    expect(database.pragma('synchronous', { simple: true })).toBe(2);
    database.close();
  });

  it('rejects the writes a failed sync was for', async () => {
    const { database, fast } = rawStore(() => Promise.reject(new Error('EIO: disk gone')));
    await expect(fast.write('insert into t (id, v) values (?, ?)', ['a', 'x'])).rejects.toThrow('EIO');
    database.close();
  });

  it('syncs every batch, on a store whose connections commit with FULL (the store writer, and this connection without it)', async () => {
    const s = await connect();
    const fast = embeddedOf(s.db);
    if (!fast) return; // PostgreSQL
    // A second connection to a file already in WAL mode: better-sqlite3's build would make it NORMAL.
    const again = await connect();
    expect(embeddedOf(again.db)!.database.pragma('synchronous', { simple: true })).toBe(2);
    const before = fast.syncs;
    await s.audit.start({ tenantId: DEFAULT_TENANT, apiKeyId: null, via: 'cli', integratedAccountId: 'acc', targetId: 't', input: {}, dryRun: false });
    expect(fast.syncs).toBe(before + 1);
    expect(fast.writer?.ready).toBe(true);
    // Without a writer: committed on this connection, the real WAL file fdatasync'ed after.
    const here = new Embedded(fast.database);
    await here.write('insert into "idempotency_keys" ("tenant_id", "key", "request_hash", "state", "created_at", "expires_at") values (?, ?, ?, ?, ?, ?)', ['t', 'k', 'h', 'PENDING', 'now', 'later']);
    expect([here.syncs, here.batches]).toEqual([1, 1]);
    here.close();
  });
});

describe('Lru', () => {
  it('drops the least recently used entry when full', () => {
    const l = new Lru<number>(2);
    l.set('a', 1);
    l.set('b', 2);
    l.get('a');
    l.set('c', 3);
    expect([l.get('a'), l.get('b'), l.get('c'), l.size]).toEqual([1, undefined, 3, 2]);
  });
});
