/**
 * Idempotency keys, per tenant. The first request with a key claims it (a row in state
 * PENDING, inserted under the table's primary key, so only one request anywhere can claim it);
 * its successful result is stored and replayed to every later request with the same key and
 * the same request. A failed request releases the key, so a retry really retries.
 *
 * Concurrent requests with one key wait for the claimant: in this process on its promise, in
 * another process by polling the row.
 *
 * A claim carries its owner (the claimant's process, service_instances) and attempt (its audit
 * record). When the owner is gone (killed mid-deletion), recovery marks the claim INTERRUPTED
 * (deletion/recovery.ts), at start-up, periodically, or at once when a waiting request finds
 * the owner gone (`owners`). A repeat of the same request then takes the claim over at once and
 * runs `work` with `resumeFrom`, the interrupted attempt, instead of waiting for the claim to
 * expire. Claims written before owners existed (owner_id null) are still taken over after
 * `staleAfterMs`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Compilable, Kysely } from 'kysely';
import { AppError, badInput } from '../errors.js';
import type { DB } from './db.js';
import { Embedded, embeddedOf } from './embedded.js';

export const MAX_IDEMPOTENCY_KEY = 255;

export function checkIdempotencyKey(key: unknown): string | undefined {
  if (key === undefined || key === null || key === '') return undefined;
  if (typeof key !== 'string' || key.length > MAX_IDEMPOTENCY_KEY || !/^[\x21-\x7e]+$/.test(key)) {
    throw badInput(`The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters without spaces`);
  }
  return key;
}

/** A stable hash of a request: objects are hashed with sorted keys. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
}

export interface IdempotencyOptions {
  ttlMs: number;
  /** This process (service_instances.id): the owner of the claims it makes. */
  instanceId?: string;
  staleAfterMs?: number;
  pollMs?: number;
  /** How long a request waits for a concurrent request with the same key. */
  waitMs?: number;
}

/** A claim as a waiting request sees it. */
export interface ClaimOwner {
  tenantId: string;
  key: string;
  ownerId: string;
  attemptId: string | null;
}

/** Decides whether a claim's owner is gone, and if so recovers it (deletion/recovery.ts). */
export interface OwnerCheck {
  /** True when the owner is gone and its claim is now INTERRUPTED (or released). */
  recoverIfGone(claim: ClaimOwner): Promise<boolean>;
}

/** How often a waiting request asks whether the claimant's process is still there. */
const OWNER_CHECK_MS = 1_000;

export class IdempotencyStore {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Embedded store: writes are group-committed with the audit's, off the event loop (embedded.ts). */
  private readonly fast: Embedded | undefined;
  /** Set once recovery exists (it needs this store too). */
  owners: OwnerCheck | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: IdempotencyOptions,
  ) {
    this.fast = embeddedOf(db);
  }

  /** Runs one write; the rows it changed. */
  private async write(query: Compilable): Promise<number> {
    const compiled = query.compile();
    if (this.fast) return this.fast.write(compiled.sql, compiled.parameters as unknown[]);
    return Number((await this.db.executeQuery(compiled)).numAffectedRows ?? 0n);
  }

  /**
   * Runs `work` once per (tenant, key): a repeat with the same `hash` gets the stored result
   * (`replayed: true`); a different `hash` is refused. `serialize`/`revive` turn the result
   * into the stored JSON and back. `attemptId` names this attempt in the claim (its audit
   * record); `work` gets `resumeFrom` when it takes over the claim of an INTERRUPTED attempt.
   */
  async run<T>(
    tenantId: string,
    key: string,
    hash: string,
    work: (resumeFrom?: string) => Promise<T>,
    codec: { serialize: (t: T) => unknown; revive: (json: unknown) => T },
    opts: { attemptId?: string } = {},
  ): Promise<{ result: T; replayed: boolean }> {
    const local = `${tenantId}\n${key}`;
    const attemptId = opts.attemptId ?? `att_${randomUUID()}`;
    const deadline = Date.now() + (this.opts.waitMs ?? 120_000);
    let ownerCheckedAt = -Infinity;
    for (;;) {
      const pending = this.inFlight.get(local);
      if (pending) await pending.catch(() => undefined);

      let resumeFrom: string | undefined;
      let claimed = await this.claim(tenantId, key, hash, attemptId);
      let row: Awaited<ReturnType<IdempotencyStore['read']>> | undefined;
      if (!claimed) {
        row = await this.read(tenantId, key);
        if (!row) continue; // released between our insert and our read: claim again
        if (row.request_hash !== hash) {
          throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key for a new request');
        }
        if (row.state === 'DONE' && row.result !== null) return { result: codec.revive(JSON.parse(row.result)), replayed: true };
        if (row.state === 'INTERRUPTED' && (await this.takeOver(tenantId, key, row.attempt_id ?? null, attemptId))) {
          claimed = true;
          resumeFrom = row.attempt_id ?? undefined;
        }
      }
      if (claimed) {
        const p = this.execute(tenantId, key, attemptId, () => work(resumeFrom), codec);
        this.inFlight.set(local, p);
        try {
          return { result: await p, replayed: false };
        } finally {
          if (this.inFlight.get(local) === p) this.inFlight.delete(local);
        }
      }
      if (row?.state === 'INTERRUPTED') continue; // another request took it over first: wait for that one
      // The claimant's process may be gone (killed mid-deletion): then its claim is recovered now.
      if (row?.state === 'PENDING' && row.owner_id && this.owners && Date.now() - ownerCheckedAt >= OWNER_CHECK_MS) {
        ownerCheckedAt = Date.now();
        if (await this.owners.recoverIfGone({ tenantId, key, ownerId: row.owner_id, attemptId: row.attempt_id ?? null })) continue;
      }
      if (Date.now() > deadline) {
        throw new AppError('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still in progress; retry later');
      }
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 100));
    }
  }

  private read(tenantId: string, key: string) {
    return this.db.selectFrom('idempotency_keys').selectAll().where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirst();
  }

  /** Takes over the claim of an INTERRUPTED attempt (one request wins: the row must still name that attempt). */
  private async takeOver(tenantId: string, key: string, from: string | null, attemptId: string): Promise<boolean> {
    const q = this.db
      .updateTable('idempotency_keys')
      .set({ state: 'PENDING', owner_id: this.opts.instanceId ?? null, attempt_id: attemptId, created_at: new Date().toISOString() })
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .where('state', '=', 'INTERRUPTED')
      .where((eb) => (from === null ? eb('attempt_id', 'is', null) : eb('attempt_id', '=', from)));
    return (await this.write(q)) === 1;
  }

  /**
   * Marks the claim of an attempt whose process is gone INTERRUPTED (recovery). Only a PENDING
   * claim still held by that owner (and attempt, when known) changes.
   */
  async interrupt(tenantId: string, key: string, ownerId: string, attemptId?: string | null): Promise<boolean> {
    let q = this.db
      .updateTable('idempotency_keys')
      .set({ state: 'INTERRUPTED' })
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .where('state', '=', 'PENDING')
      .where('owner_id', '=', ownerId);
    if (attemptId) q = q.where('attempt_id', '=', attemptId);
    return (await this.write(q)) === 1;
  }

  private async execute<T>(tenantId: string, key: string, attemptId: string, work: () => Promise<T>, codec: { serialize: (t: T) => unknown }): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (err) {
      await this.release(tenantId, key, attemptId);
      throw err;
    }
    // Only while the claim is still this attempt's (not taken over after this process was taken for gone).
    await this.write(
      this.db
        .updateTable('idempotency_keys')
        .set({ state: 'DONE', result: JSON.stringify(codec.serialize(result)) })
        .where('tenant_id', '=', tenantId)
        .where('key', '=', key)
        .where('attempt_id', '=', attemptId),
    );
    return result;
  }

  /** Inserts the PENDING row; false when the key exists (and is neither expired nor stale). */
  private async claim(tenantId: string, key: string, hash: string, attemptId: string): Promise<boolean> {
    const now = new Date();
    const expired = this.db
      .deleteFrom('idempotency_keys')
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now.toISOString()),
          // Only claims without an owner (from before owners were recorded); the others are recovered when their owner is gone.
          eb.and([eb('state', '=', 'PENDING'), eb('owner_id', 'is', null), eb('created_at', '<=', new Date(now.getTime() - (this.opts.staleAfterMs ?? 300_000)).toISOString())]),
        ]),
      );
    const insert = this.db
      .insertInto('idempotency_keys')
      .values({
        tenant_id: tenantId,
        key,
        request_hash: hash,
        state: 'PENDING',
        result: null,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + this.opts.ttlMs).toISOString(),
        owner_id: this.opts.instanceId ?? null,
        attempt_id: attemptId,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing());
    let inserted: number;
    if (this.fast) {
      // Queued in the same turn: one group commit, run in this order.
      [, inserted] = await Promise.all([this.write(expired), this.write(insert)]);
    } else {
      await this.write(expired);
      inserted = await this.write(insert);
    }
    return inserted === 1;
  }

  private async release(tenantId: string, key: string, attemptId: string): Promise<void> {
    await this.write(
      this.db.deleteFrom('idempotency_keys').where('tenant_id', '=', tenantId).where('key', '=', key).where('state', '=', 'PENDING').where('attempt_id', '=', attemptId),
    );
  }

  /** Removes expired keys; returns how many. On the embedded store in chunks through the store writer, as the audit's sweep. */
  async prune(now = new Date(), chunk = Embedded.SWEEP_CHUNK): Promise<number> {
    if (this.fast) {
      const sql = 'delete from "idempotency_keys" where "rowid" in (select "rowid" from "idempotency_keys" where "expires_at" <= ? limit ?)';
      return this.fast.deleteInChunks(sql, [now.toISOString()], chunk);
    }
    return this.write(this.db.deleteFrom('idempotency_keys').where('expires_at', '<=', now.toISOString()));
  }
}
