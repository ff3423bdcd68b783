/**
 * Offboarding runs (offboardUser): one row per run, its per-account results kept as JSON and
 * rewritten as each account finishes, so `offboarding(id)` shows the progress of a run that
 * continues after its request was answered. A run started with an Idempotency-Key is unique per
 * tenant and key: a repeat of the request finds it instead of starting another.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, OffboardingsTable } from './db.js';

export type OffboardingState = 'RUNNING' | 'FINISHED';

export interface OffboardingRecord<A> {
  id: string;
  tenantId: string;
  apiKeyId: string | null;
  idempotencyKey: string | null;
  requestHash: string;
  email: string;
  state: OffboardingState;
  accounts: A[];
  runs: number;
  createdAt: Date;
  updatedAt: Date;
}

export function offboardingId(): string {
  return `off_${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

export class OffboardingStore {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Records a new run; with an Idempotency-Key already used by this tenant, inserts nothing and
   * answers the existing run (`created: false`).
   */
  async create<A>(r: { tenantId: string; apiKeyId: string | null; idempotencyKey: string | null; requestHash: string; email: string; accounts: A[] }): Promise<{ record: OffboardingRecord<A>; created: boolean }> {
    const now = new Date().toISOString();
    const row: OffboardingsTable = {
      id: offboardingId(),
      tenant_id: r.tenantId,
      api_key_id: r.apiKeyId,
      idempotency_key: r.idempotencyKey,
      request_hash: r.requestHash,
      email: r.email,
      state: 'RUNNING',
      accounts: JSON.stringify(r.accounts),
      runs: 1,
      created_at: now,
      updated_at: now,
    };
    if (r.idempotencyKey !== null) {
      const existing = await this.byKey<A>(r.tenantId, r.idempotencyKey);
      if (existing) return { record: existing, created: false };
      try {
        await this.db.insertInto('offboardings').values(row).execute();
      } catch (err) {
        // A concurrent request with the same key inserted first (the unique index): that run is the one.
        const raced = await this.byKey<A>(r.tenantId, r.idempotencyKey);
        if (raced) return { record: raced, created: false };
        throw err;
      }
    } else {
      await this.db.insertInto('offboardings').values(row).execute();
    }
    return { record: toRecord<A>(row), created: true };
  }

  /**
   * Takes a FINISHED run for another run (a re-run that finishes what failed): only one request
   * wins (the state is compared in the update); false when it is RUNNING.
   */
  async restart(tenantId: string, id: string): Promise<boolean> {
    const res = await this.db
      .updateTable('offboardings')
      .set((eb) => ({ state: 'RUNNING', runs: eb('runs', '+', 1), updated_at: new Date().toISOString() }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('state', '=', 'FINISHED')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async update<A>(id: string, accounts: A[], state: OffboardingState): Promise<void> {
    await this.db.updateTable('offboardings').set({ accounts: JSON.stringify(accounts), state, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
  }

  /** Retention: runs started before `before` go (with the audit records, AUDIT_RETENTION_DAYS); finished ones only. */
  async prune(before: Date): Promise<number> {
    const res = await this.db.deleteFrom('offboardings').where('created_at', '<', before.toISOString()).where('state', '=', 'FINISHED').executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async get<A>(tenantId: string, id: string): Promise<OffboardingRecord<A> | undefined> {
    if (id.length > 64 || id.includes('\0')) return undefined;
    const row = await this.db.selectFrom('offboardings').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row ? toRecord<A>(row) : undefined;
  }

  private async byKey<A>(tenantId: string, key: string): Promise<OffboardingRecord<A> | undefined> {
    const row = await this.db.selectFrom('offboardings').selectAll().where('tenant_id', '=', tenantId).where('idempotency_key', '=', key).executeTakeFirst();
    return row ? toRecord<A>(row) : undefined;
  }
}

function toRecord<A>(row: OffboardingsTable): OffboardingRecord<A> {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    apiKeyId: row.api_key_id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    email: row.email,
    state: row.state === 'FINISHED' ? 'FINISHED' : 'RUNNING',
    accounts: JSON.parse(row.accounts) as A[],
    runs: Number(row.runs),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
