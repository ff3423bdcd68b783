import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore } from '../../test/helpers/pg.js';
import { migrate, type DB } from './db.js';
import type { Kysely } from 'kysely';
import { checkIdempotencyKey, IdempotencyStore, requestHash } from './idempotency.js';

const codec = { serialize: (x: { n: number }) => x, revive: (j: unknown) => j as { n: number } };
let dir: string;
let stores: Awaited<ReturnType<typeof testStore>>;
const dbs: Array<Kysely<DB>> = [];

async function store(opts: Partial<ConstructorParameters<typeof IdempotencyStore>[1]> = {}) {
  const db = stores.open();
  dbs.push(db);
  await migrate(db);
  return new IdempotencyStore(db, { ttlMs: 60_000, pollMs: 10, ...opts });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uud-idem-'));
  stores = await testStore(dir);
});
afterEach(async () => {
  dbs.length = 0;
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('IdempotencyStore', () => {
  it('hashes requests independently of key order', () => {
    expect(requestHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(requestHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ a: 1, b: undefined })).toBe(requestHash({ a: 1 }));
  });

  it('checks keys', () => {
    expect(checkIdempotencyKey(undefined)).toBeUndefined();
    expect(checkIdempotencyKey('abc-123_X')).toBe('abc-123_X');
    expect(() => checkIdempotencyKey('has space')).toThrow(/Idempotency-Key/);
    expect(() => checkIdempotencyKey('x'.repeat(256))).toThrow(/Idempotency-Key/);
  });

  it('runs the work once across two processes sharing the store', async () => {
    const a = await store();
    const b = await store();
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 100));
      return { n: 42 };
    };
    const results = await Promise.all([a.run('t', 'k', 'h', work, codec), b.run('t', 'k', 'h', work, codec), b.run('t', 'k', 'h', work, codec)]);
    expect(runs).toBe(1);
    expect(results.map((r) => r.result.n)).toEqual([42, 42, 42]);
    expect(results.filter((r) => r.replayed)).toHaveLength(2);
  });

  it('keeps keys per tenant, refuses another request under a key, and expires keys', async () => {
    // Long enough for the first commits (the embedded store's writer thread starts with the first write).
    const a = await store({ ttlMs: 400 });
    let runs = 0;
    const work = async () => ({ n: ++runs });
    expect((await a.run('t1', 'k', 'h', work, codec)).result.n).toBe(1);
    expect((await a.run('t2', 'k', 'h', work, codec)).result.n).toBe(2);
    await expect(a.run('t1', 'k', 'other', work, codec)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await new Promise((r) => setTimeout(r, 420));
    expect((await a.run('t1', 'k', 'other', work, codec)).replayed).toBe(false);
    expect(await a.prune(new Date(Date.now() + 1000))).toBeGreaterThan(0);
  });

  it('takes over a claim a crashed process left behind', async () => {
    const a = await store({ staleAfterMs: 0 });
    const db = dbs[0]!;
    await db.insertInto('idempotency_keys').values({ tenant_id: 't', key: 'k', request_hash: 'h', state: 'PENDING', result: null, created_at: new Date(Date.now() - 1000).toISOString(), expires_at: new Date(Date.now() + 60_000).toISOString() }).execute();
    const r = await a.run('t', 'k', 'h', async () => ({ n: 7 }), codec);
    expect(r).toEqual({ result: { n: 7 }, replayed: false });
  });

  it('gives up waiting on a claim that stays in progress', async () => {
    const a = await store({ waitMs: 50 });
    const b = await store({ waitMs: 50 });
    const slow = a.run('t', 'k', 'h', () => new Promise<{ n: number }>((r) => setTimeout(() => r({ n: 1 }), 300)), codec);
    // Until a's claim is committed (on the embedded store its writer thread starts with that first write).
    while (!(await dbs[0]!.selectFrom('idempotency_keys').select('state').where('key', '=', 'k').executeTakeFirst())) await new Promise((r) => setTimeout(r, 5));
    await expect(b.run('t', 'k', 'h', async () => ({ n: 2 }), codec)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });
    await slow;
  });
});
