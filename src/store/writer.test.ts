/**
 * The store writer (writer.ts): on the embedded store, hot-path writes are committed by a worker
 * thread's connection, not the service's; their commits leave the read caches alone while changes
 * to cached tables still empty them (the cache generation, migration 0007); a writer that cannot
 * start, or stops with a batch in hand, hands commits back to the service's connection and says
 * what it knows; closing the store commits what was queued first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getEntry } from '../providers/registry.js';
import { AccountStore } from './accounts.js';
import { ApiKeyStore, DEFAULT_TENANT } from './api-keys.js';
import { AuditStore } from './audit.js';
import { Checkpointer } from './checkpointer.js';
import { Cipher } from './crypto.js';
import { migrate, openSqlite, type DB } from './db.js';
import { Embedded, embeddedOf } from './embedded.js';
import { IdempotencyStore } from './idempotency.js';
import { StoreWriteError, WriteWorker } from './writer.js';

let dir: string;
const dbs: Array<Kysely<DB>> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uud-writer-'));
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

async function connect() {
  const db = openSqlite(dir);
  dbs.push(db);
  await migrate(db);
  const fast = embeddedOf(db)!;
  return { db, fast, audit: new AuditStore(db), apiKeys: new ApiKeyStore(db), accounts: new AccountStore(db, new Cipher(Buffer.alloc(32, 7), []), getEntry) };
}

const start = (audit: AuditStore, targetId: string) =>
  audit.start({ tenantId: DEFAULT_TENANT, apiKeyId: null, via: 'cli', integratedAccountId: 'acc', targetId, input: {}, dryRun: false });

/** Rows changed by this connection itself (SQLite's total_changes is per connection). */
const ownChanges = (fast: Embedded) => fast.database.prepare('select total_changes()').pluck().get() as number;

describe('store writer', () => {
  it('commits audit records on its own connection: the service connection changes nothing', async () => {
    const s = await connect();
    const before = ownChanges(s.fast);
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => start(s.audit, `u${i}`)));
    await Promise.all(ids.map((id) => s.audit.finish(id, { integration: 'github', outcome: 'DELETED', calls: [] })));
    expect(s.fast.writer?.ready).toBe(true);
    expect(ownChanges(s.fast)).toBe(before);
    // visible to this connection as soon as the write resolved
    expect((await s.audit.list(DEFAULT_TENANT, {}, 100)).records.map((r) => r.state)).toEqual(Array(30).fill('SUCCEEDED'));
    expect(s.fast.batches).toBeLessThan(20);
  });

  it('rejects a failing write alone, with SQLite’s code, and refuses writes to cached tables', async () => {
    const s = await connect();
    const results = await Promise.allSettled([start(s.audit, 'a'), s.fast.write('insert into "deletion_audit" ("id") values (?)', ['aud_broken']), start(s.audit, 'b')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const err = (results[1] as PromiseRejectedResult).reason as StoreWriteError;
    expect(err).toBeInstanceOf(StoreWriteError);
    expect(err.code).toBe('SQLITE_CONSTRAINT_NOTNULL');
    expect(err.message).toContain('NOT NULL constraint failed');
    expect(() => s.fast.write('update "api_keys" set "revoked_at" = ?', ['now'])).toThrow('tables the read caches do not hold');
  });

  it('leaves the caches alone when it commits, while another connection’s change to a cached table still empties them', async () => {
    const server = await connect();
    const cli = await connect();
    const { key, info } = await server.apiKeys.createKey(DEFAULT_TENANT, 'ops', ['users:delete']);
    await server.apiKeys.authenticate(key);
    const invalidations = server.fast.invalidations;
    await Promise.all(Array.from({ length: 10 }, (_, i) => start(server.audit, `u${i}`)));
    await start(cli.audit, 'from-the-cli');
    expect(await server.apiKeys.authenticate(key)).toBeDefined();
    expect(server.fast.invalidations).toBe(invalidations);
    await cli.apiKeys.revoke(info.id);
    expect(await server.apiKeys.authenticate(key)).toBeUndefined();
    expect(server.fast.invalidations).toBe(invalidations + 1);
  });

  it('keeps the cache generation with every insert, update and delete of a cached table, whoever makes it', async () => {
    const s = await connect();
    const generation = () => s.fast.database.prepare('select "value" from "store_generation"').pluck().get() as number;
    let g = generation();
    const acc = await s.accounts.create(DEFAULT_TENANT, { integration: 'github', credentials: { method: 'token', token: 'ghp_first_000000000000000000000000000000' } });
    expect(generation()).toBeGreaterThan(g);
    g = generation();
    await s.accounts.update(DEFAULT_TENANT, acc.id, { credentials: { method: 'token', token: 'ghp_second_00000000000000000000000000000' } });
    expect(generation()).toBeGreaterThan(g);
    g = generation();
    await s.accounts.delete(DEFAULT_TENANT, acc.id);
    expect(generation()).toBeGreaterThan(g);
    g = generation();
    await s.db.insertInto('tenants').values({ id: 't2', name: 't2', created_at: new Date().toISOString() }).execute();
    expect(generation()).toBe(g + 1);
    await start(s.audit, 'not-cached');
    expect(generation()).toBe(g + 1);
  });

  it('runs idempotency keys through it too', async () => {
    const s = await connect();
    const idem = new IdempotencyStore(s.db, { ttlMs: 60_000 });
    const before = ownChanges(s.fast);
    const codec = { serialize: (n: number) => n, revive: (j: unknown) => j as number };
    expect(await idem.run(DEFAULT_TENANT, 'k1', 'h', async () => 42, codec)).toEqual({ result: 42, replayed: false });
    expect(await idem.run(DEFAULT_TENANT, 'k1', 'h', async () => 43, codec)).toEqual({ result: 42, replayed: true });
    await expect(idem.run(DEFAULT_TENANT, 'k2', 'h', async () => Promise.reject(new Error('vendor down')), codec)).rejects.toThrow('vendor down');
    expect(await idem.run(DEFAULT_TENANT, 'k2', 'h', async () => 7, codec)).toEqual({ result: 7, replayed: false });
    expect(ownChanges(s.fast)).toBe(before);
  });

  it('sweeps expired audit records and idempotency keys in chunks through it, keeping the rest', async () => {
    const s = await connect();
    const day = 86_400_000;
    const old = Date.now() - 500 * day;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(old);
    try {
      await Promise.all(Array.from({ length: 25 }, (_, i) => start(s.audit, `old-${i}`)));
    } finally {
      clock.mockRestore();
    }
    await Promise.all(Array.from({ length: 5 }, (_, i) => start(s.audit, `new-${i}`)));
    const idem = new IdempotencyStore(s.db, { ttlMs: 1 });
    const codec = { serialize: (n: number) => n, revive: (j: unknown) => j as number };
    for (const k of ['a', 'b', 'c']) await idem.run(DEFAULT_TENANT, k, 'h', async () => 1, codec);
    const [writes, own] = [s.fast.writes, ownChanges(s.fast)];

    expect(await s.audit.prune(new Date(Date.now() - 400 * day), 10)).toBe(25);
    expect(s.fast.writes - writes).toBe(3); // 10 + 10 + 5
    expect((await s.audit.list(DEFAULT_TENANT, {}, 100)).records.map((r) => r.targetId).sort()).toEqual(['new-0', 'new-1', 'new-2', 'new-3', 'new-4']);
    expect(await idem.prune(new Date(Date.now() + 1000), 2)).toBe(3);
    expect(s.fast.writes - writes).toBe(5); // 2 + 1
    expect(await s.db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
    expect(ownChanges(s.fast)).toBe(own);
  });

  it('commits what was queued before the store closes', async () => {
    const s = await connect();
    const writes = Array.from({ length: 20 }, (_, i) => start(s.audit, `late-${i}`));
    await s.fast.drain();
    await s.db.destroy();
    dbs.splice(dbs.indexOf(s.db), 1);
    await Promise.all(writes);
    const again = await connect();
    expect((await again.audit.list(DEFAULT_TENANT, {}, 100)).records).toHaveLength(20);
  });
});

describe('store writer failures', () => {
  /** A raw store on this directory's file with the given writer (no checkpointer). */
  async function rawStore(writer: WriteWorker) {
    const s = await connect(); // creates and migrates the file
    const fast = new Embedded(s.fast.database, { writer, checkpointer: new Checkpointer(s.fast.database) });
    return { fast, database: s.fast.database };
  }

  const insertKey = (fast: Embedded, key: string) =>
    fast.write('insert into "idempotency_keys" ("tenant_id", "key", "request_hash", "state", "created_at", "expires_at") values (?, ?, ?, ?, ?, ?)', ['t', key, 'h', 'PENDING', 'now', 'later']);

  it('hands commits back to the service connection when the worker cannot start', async () => {
    const file = join(dir, 'service.sqlite');
    const writer = new WriteWorker(file, { driver: join(dir, 'no-such-driver.js'), checkpointsElsewhere: () => true });
    const reasons: string[] = [];
    writer.onFailure = (r) => reasons.push(r);
    const { fast, database } = await rawStore(writer);
    const before = ownChanges(fast);
    await insertKey(fast, 'k');
    expect(writer.failure).toMatch(/Cannot find module/);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).not.toContain('\n');
    expect(ownChanges(fast)).toBe(before + 1);
    expect(database.prepare('select count(*) from "idempotency_keys"').pluck().get()).toBe(1);
  });

  it('stays stopped when closed while it starts', async () => {
    await connect();
    const writer = new WriteWorker(join(dir, 'service.sqlite'), { checkpointsElsewhere: () => true });
    expect(writer.available()).toBe(true);
    writer.close();
    await new Promise((r) => setTimeout(r, 300)); // long enough for the worker to have opened its connection
    expect([writer.ready, writer.available(), writer.failure]).toEqual([false, false, null]);
  });

  it('rejects the batch it had when it stops mid-commit (not known to be stored), then commits on the service connection', async () => {
    // A driver whose statements end the worker thread when they run.
    const driver = join(dir, 'dying-driver.cjs');
    writeFileSync(
      driver,
      `module.exports = class { constructor() {} pragma() {} get inTransaction() { return false } close() {}
         prepare(sql) { return { run() { if (/^insert/i.test(sql)) process.exit(3); return { changes: 0 }; } }; } };`,
    );
    const writer = new WriteWorker(join(dir, 'service.sqlite'), { driver, checkpointsElsewhere: () => true });
    const { fast } = await rawStore(writer);
    await expect(insertKey(fast, 'first')).rejects.toThrow('the write may not have been stored');
    expect(writer.failure).toBe('the store writer exited');
    await expect(insertKey(fast, 'second')).resolves.toBe(1);
    expect(fast.database.prepare('select "key" from "idempotency_keys"').pluck().all()).toEqual(['second']);
  });
});
