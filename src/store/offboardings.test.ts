import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore } from '../../test/helpers/pg.js';
import { migrate } from './db.js';
import { OffboardingStore } from './offboardings.js';

let dir: string;
let stores: Awaited<ReturnType<typeof testStore>>;

async function store(): Promise<OffboardingStore> {
  const db = stores.open();
  await migrate(db);
  return new OffboardingStore(db);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uud-offboardings-'));
  stores = await testStore(dir);
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (tenantId: string, idempotencyKey: string | null) => ({ tenantId, apiKeyId: null, idempotencyKey, requestHash: 'h', email: 'jane@acme.com', accounts: [{ n: 1 }] });

describe('OffboardingStore', () => {
  it('one run per tenant and Idempotency-Key; runs without a key are each new; other tenants do not see it', async () => {
    const s = await store();
    const first = await s.create(run('t1', 'k'));
    expect(first.created).toBe(true);
    const again = await s.create(run('t1', 'k'));
    expect(again).toMatchObject({ created: false, record: { id: first.record.id } });
    expect((await s.create(run('t2', 'k'))).created).toBe(true);
    const a = await s.create(run('t1', null));
    const b = await s.create(run('t1', null));
    expect(a.record.id).not.toBe(b.record.id);
    expect(await s.get('t2', first.record.id)).toBeUndefined();
  });

  it('restarts a finished run once, never a running one', async () => {
    const s = await store();
    const { record } = await s.create(run('t1', 'k'));
    expect(await s.restart('t1', record.id)).toBe(false);
    await s.update(record.id, [{ n: 2 }], 'FINISHED');
    expect(await s.restart('t1', record.id)).toBe(true);
    expect(await s.restart('t1', record.id)).toBe(false);
    expect(await s.get('t1', record.id)).toMatchObject({ state: 'RUNNING', runs: 2, accounts: [{ n: 2 }] });
  });

  it('retention removes finished runs started before the cut-off, never running ones', async () => {
    const s = await store();
    const done = (await s.create(run('t1', null))).record;
    const running = (await s.create(run('t1', null))).record;
    await s.update(done.id, [], 'FINISHED');
    expect(await s.prune(new Date(Date.now() - 60_000))).toBe(0);
    expect(await s.prune(new Date(Date.now() + 60_000))).toBe(1);
    expect(await s.get('t1', done.id)).toBeUndefined();
    expect(await s.get('t1', running.id)).toBeDefined();
  });
});
