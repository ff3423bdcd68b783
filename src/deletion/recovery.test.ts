/**
 * Recovery of deletions whose process is gone, on the store itself (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): which owners count as gone, what their records and claims become, and
 * that a retry with the same Idempotency-Key resumes at once instead of waiting.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testStore } from '../../test/helpers/pg.js';
import { AuditStore, INTERRUPTED_MESSAGE } from '../store/audit.js';
import { migrate, type DB } from '../store/db.js';
import { IdempotencyStore } from '../store/idempotency.js';
import { InstanceRegistry } from '../store/instances.js';
import { Recovery } from './recovery.js';

const codec = { serialize: (x: { n: number }) => x, revive: (j: unknown) => j as { n: number } };
const LEASE = 60_000;
let dir: string;
let stores: Awaited<ReturnType<typeof testStore>>;
let db: Kysely<DB>;

/** A pid that ran on this host and has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

/** One "process": its instance row, audit and idempotency stores, recovery. */
async function proc(opts: { host?: string; pid?: number; waitMs?: number } = {}) {
  const instances = new InstanceRegistry(db, { leaseMs: LEASE, ...opts });
  await instances.register();
  const audit = new AuditStore(db, { instanceId: instances.id });
  const idempotency = new IdempotencyStore(db, { ttlMs: 60_000, pollMs: 10, waitMs: opts.waitMs ?? 60_000, instanceId: instances.id });
  const recovery = new Recovery({ instances, audit, idempotency });
  idempotency.owners = recovery;
  return { instances, audit, idempotency, recovery };
}

/** An attempt of `p` caught mid-DELETE: STARTED, its recovery point written, its claim PENDING. */
async function midDelete(p: Awaited<ReturnType<typeof proc>>, key: string) {
  const id = await p.audit.start({ tenantId: 't', apiKeyId: null, via: 'graphql', idempotencyKey: key, integratedAccountId: 'acc', targetId: 'u1', input: {}, dryRun: false });
  await p.audit.checkpoint(id, {
    integration: 'zendesk',
    paramsKey: 'pk',
    snapshot: { id: 'u1', name: 'Jo' },
    calls: [
      { method: 'GET', url: 'https://v/users/u1', status: 200, durationMs: 5, attempt: 1 },
      { method: 'DELETE', url: 'https://v/users/u1', durationMs: 0, attempt: 1, sending: true },
    ],
  });
  let started!: () => void;
  const claimed = new Promise<void>((r) => (started = r));
  // The claim is made and the work never ends: the process "dies" inside it.
  void p.idempotency.run('t', key, 'h', () => (started(), new Promise<{ n: number }>(() => undefined)), codec, { attemptId: id });
  await claimed;
  return id;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uud-recovery-'));
  stores = await testStore(dir);
  db = stores.open();
  await migrate(db);
});
afterEach(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recovery of deletions whose process is gone', () => {
  it('marks a killed process’s attempt INTERRUPTED with the calls that may have reached the vendor, and a retry with its key resumes at once', async () => {
    const dead = await proc({ pid: deadPid() });
    const id = await midDelete(dead, 'k1');

    const next = await proc();
    expect(await next.recovery.sweep()).toBe(1);
    const record = await next.audit.get('t', id);
    expect(record).toMatchObject({ state: 'INTERRUPTED', errorMessage: INTERRUPTED_MESSAGE, snapshot: { id: 'u1', name: 'Jo' } });
    expect(record!.finishedAt).toBeInstanceOf(Date);
    expect(record!.calls.map((c) => `${c.method} ${c.status ?? ''} ${c.sending ? 'sending' : ''}`.trim())).toEqual(['GET 200', 'DELETE  sending']);
    expect(await db.selectFrom('idempotency_keys').select(['state', 'attempt_id']).where('key', '=', 'k1').executeTakeFirst()).toEqual({ state: 'INTERRUPTED', attempt_id: id });
    expect(await next.instances.get(dead.instances.id)).toBeUndefined();

    // The retry: same key, same request, taken over at once with the interrupted attempt to resume from.
    const seen: Array<string | undefined> = [];
    const r = await next.idempotency.run('t', 'k1', 'h', async (resumeFrom) => (seen.push(resumeFrom), { n: 1 }), codec, { attemptId: 'aud_retry' });
    expect(r).toEqual({ result: { n: 1 }, replayed: false });
    expect(seen).toEqual([id]);
    // A different request under the key is still refused.
    await expect(next.idempotency.run('t', 'k1', 'other', async () => ({ n: 2 }), codec)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('leaves the attempts of live processes alone: this host with a running pid, another host with a fresh heartbeat', async () => {
    const here = await proc(); // this very process: its pid runs
    const elsewhere = await proc({ host: 'another-host|pid:[1]|boot', pid: deadPid() }); // its pid means nothing here
    const a = await midDelete(here, 'k-here');
    const b = await midDelete(elsewhere, 'k-elsewhere');

    const starting = await proc();
    expect(await starting.recovery.sweep()).toBe(0);
    expect((await starting.audit.get('t', a))!.state).toBe('STARTED');
    expect((await starting.audit.get('t', b))!.state).toBe('STARTED');
    const claims = await db.selectFrom('idempotency_keys').select(['key', 'state']).orderBy('key').execute();
    expect(claims).toEqual([
      { key: 'k-elsewhere', state: 'PENDING' },
      { key: 'k-here', state: 'PENDING' },
    ]);
    // A checkpoint of a live attempt still goes through.
    expect(await here.audit.checkpoint(a, { integration: 'zendesk', paramsKey: 'pk', snapshot: null, calls: [] })).toBe(true);
  });

  it('takes a process on another host for gone once its heartbeat is older than the lease, and fences its next destructive call', async () => {
    const elsewhere = await proc({ host: 'another-host|pid:[1]|boot', pid: 1 });
    const id = await midDelete(elsewhere, 'k2');
    await db.updateTable('service_instances').set({ heartbeat_at: new Date(Date.now() - LEASE - 1000).toISOString() }).where('id', '=', elsewhere.instances.id).execute();

    const other = await proc();
    expect(await other.recovery.sweep()).toBe(1);
    expect((await other.audit.get('t', id))!.state).toBe('INTERRUPTED');
    // Had it only been slow: its next recovery point is refused, so its next destructive call is never sent.
    expect(await elsewhere.audit.checkpoint(id, { integration: 'zendesk', paramsKey: 'pk', snapshot: null, calls: [] })).toBe(false);
    // Its heartbeat finds its row gone and registers again.
    let lost = 0;
    elsewhere.instances.onLost = () => lost++;
    await elsewhere.instances.heartbeat();
    expect(lost).toBe(1);
    expect(await other.instances.get(elsewhere.instances.id)).toBeDefined();
  });

  it('a request waiting on the claim of a process that is gone recovers it on the spot instead of waiting', async () => {
    const dead = await proc({ pid: deadPid() });
    const id = await midDelete(dead, 'k3');
    // No sweep has run; the waiting request finds the claimant gone (its wait would otherwise give up: waitMs 50 ms).
    const next = await proc({ waitMs: 50 });
    const seen: Array<string | undefined> = [];
    const r = await next.idempotency.run('t', 'k3', 'h', async (resumeFrom) => (seen.push(resumeFrom), { n: 3 }), codec, { attemptId: 'aud_retry3' });
    expect(r.result).toEqual({ n: 3 });
    expect(seen).toEqual([id]);
    expect((await next.audit.get('t', id))!.state).toBe('INTERRUPTED');
  });

  it('an attempt that ends after all is recorded normally, and a clean stop removes the process row', async () => {
    const p = await proc();
    const id = await p.audit.start({ tenantId: 't', apiKeyId: null, via: 'cli', integratedAccountId: 'acc', targetId: 'u9', input: {}, dryRun: false });
    await p.audit.finish(id, { calls: [], outcome: 'DELETED' });
    await p.instances.close();
    expect(await db.selectFrom('service_instances').select('id').where('id', '=', p.instances.id).executeTakeFirst()).toBeUndefined();
    const q = await proc();
    expect(await q.recovery.sweep()).toBe(0);
    expect((await q.audit.get('t', id))!.state).toBe('SUCCEEDED');
  });
});
