/**
 * Idempotency keys, per tenant. The first request with a key claims it (a row in state
 * PENDING, inserted under the table's primary key, so only one request anywhere can claim it);
 * its successful result is stored and replayed to every later request with the same key and
 * the same request. A failed request releases the key, so a retry really retries.
 *
 * Concurrent requests with one key wait for the claimant: in this process on its promise, in
 * another process by polling the row. A claim left PENDING by a crashed process is taken over
 * after `staleAfterMs`.
 */
import { createHash } from 'node:crypto';
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
  staleAfterMs?: number;
  pollMs?: number;
  /** How long a request waits for a concurrent request with the same key. */
  waitMs?: number;
}

export class IdempotencyStore {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Embedded store: writes are group-committed with the audit's, off the event loop (embedded.ts). */
  private readonly fast: Embedded | undefined;

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
   * into the stored JSON and back.
   */
  async run<T>(
    tenantId: string,
    key: string,
    hash: string,
    work: () => Promise<T>,
    codec: { serialize: (t: T) => unknown; revive: (json: unknown) => T },
  ): Promise<{ result: T; replayed: boolean }> {
    const local = `${tenantId}\n${key}`;
    const deadline = Date.now() + (this.opts.waitMs ?? 120_000);
    for (;;) {
      const pending = this.inFlight.get(local);
      if (pending) await pending.catch(() => undefined);

      const claimed = await this.claim(tenantId, key, hash);
      if (claimed) {
        const p = this.execute(tenantId, key, work, codec);
        this.inFlight.set(local, p);
        try {
          return { result: await p, replayed: false };
        } finally {
          if (this.inFlight.get(local) === p) this.inFlight.delete(local);
        }
      }
      const row = await this.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) continue; // released between our insert and our read: claim again
      if (row.request_hash !== hash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key for a new request');
      }
      if (row.state === 'DONE' && row.result !== null) return { result: codec.revive(JSON.parse(row.result)), replayed: true };
      if (Date.now() > deadline) {
        throw new AppError('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still in progress; retry later');
      }
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 100));
    }
  }

  private async execute<T>(tenantId: string, key: string, work: () => Promise<T>, codec: { serialize: (t: T) => unknown }): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (err) {
      await this.release(tenantId, key);
      throw err;
    }
    await this.write(
      this.db
        .updateTable('idempotency_keys')
        .set({ state: 'DONE', result: JSON.stringify(codec.serialize(result)) })
        .where('tenant_id', '=', tenantId)
        .where('key', '=', key),
    );
    return result;
  }

  /** Inserts the PENDING row; false when the key exists (and is neither expired nor stale). */
  private async claim(tenantId: string, key: string, hash: string): Promise<boolean> {
    const now = new Date();
    const expired = this.db
      .deleteFrom('idempotency_keys')
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', now.toISOString()),
          eb.and([eb('state', '=', 'PENDING'), eb('created_at', '<=', new Date(now.getTime() - (this.opts.staleAfterMs ?? 300_000)).toISOString())]),
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

  private async release(tenantId: string, key: string): Promise<void> {
    await this.write(this.db.deleteFrom('idempotency_keys').where('tenant_id', '=', tenantId).where('key', '=', key).where('state', '=', 'PENDING'));
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
