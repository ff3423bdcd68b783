/**
 * The read audit trail: vendor reads this service makes for federation User references
 * (`_entities`), which read a user with the account's stored credentials. One record per
 * integrated account per DataLoader batch (every reference of a request that resolves in the
 * same tick): the API key, the request id, the targets in the order they came with their
 * outcome, and the vendor calls made. A batch's records are one write: one statement on
 * PostgreSQL, one group commit on the embedded store.
 *
 * Kept apart from `deletion_audit`, so deleteUser's records and their writes are untouched.
 * Records hold no credentials: vendor URLs are redacted by the HTTP client before they are
 * recorded. They are removed by the same retention sweep as the deletion audit trail.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { VendorCall } from '../providers/core/http.js';
import { auditId } from './audit.js';
import type { DB, UserReadAuditTable } from './db.js';
import { Embedded, embeddedOf } from './embedded.js';

export interface ReadTarget {
  /** The user id as referenced (cut to 300 characters). */
  id: string;
  /** True when the vendor answered with the user. */
  read: boolean;
  /** The error code the reference was answered with, when it was not read. */
  errorCode: string | null;
}

export interface AccountReads {
  integratedAccountId: string;
  /** The integration slug; null when the account was not found. */
  integration: string | null;
  targets: ReadTarget[];
  calls: VendorCall[];
}

export interface ReadBatch {
  tenantId: string;
  apiKeyId: string | null;
  requestId: string | null;
  via: 'federation';
  accounts: AccountReads[];
}

export interface UserReadRecord {
  id: string;
  tenantId: string;
  apiKeyId: string | null;
  requestId: string | null;
  via: string;
  integratedAccountId: string;
  integration: string | null;
  targets: ReadTarget[];
  calls: VendorCall[];
  at: Date;
}

export interface ReadAuditFilter {
  integratedAccountId?: string;
  requestId?: string;
  from?: Date;
  to?: Date;
}

/** `rd_` + the same time-ordered body as deletion audit ids (paging and time filters use it). */
export function readAuditId(now = Date.now()): string {
  return `rd_${auditId(now).slice(4)}`;
}

export const READ_AUDIT_CURSOR = /^rd_[0-9a-z]{21}$/;

/** Bounds on what one record keeps (as in the deletion audit trail). */
const MAX_TARGET = 300;
const MAX_ACCOUNT = 100;

/** PostgreSQL text refuses NUL; kept visibly as `\0` (JSON columns escape it themselves). */
function storable(s: string): string {
  return s.includes('\0') ? s.replace(/\0/g, '\\0') : s;
}

const COLUMNS = ['id', 'tenant_id', 'api_key_id', 'request_id', 'via', 'integrated_account_id', 'integration', 'targets', 'calls', 'read_at'] as const;
const INSERT_SQL = `insert into "user_read_audit" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;
const PRUNE_SQL = `delete from "user_read_audit" where "id" in (select "id" from "user_read_audit" where "id" < ? order by "id" limit ?)`;

function toRecord(row: UserReadAuditTable): UserReadRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    apiKeyId: row.api_key_id,
    requestId: row.request_id,
    via: row.via,
    integratedAccountId: row.integrated_account_id,
    integration: row.integration,
    targets: JSON.parse(row.targets) as ReadTarget[],
    calls: JSON.parse(row.calls) as VendorCall[],
    at: new Date(row.read_at),
  };
}

export class ReadAuditStore {
  private readonly fast: Embedded | undefined;

  constructor(private readonly db: Kysely<DB>) {
    this.fast = embeddedOf(db);
  }

  /** Records one batch of reads (nothing when it touched no account); resolves once stored. */
  async record(batch: ReadBatch): Promise<void> {
    if (batch.accounts.length === 0) return;
    const now = Date.now();
    const at = new Date(now).toISOString();
    const rows: UserReadAuditTable[] = batch.accounts.map((a) => ({
      id: readAuditId(now),
      tenant_id: batch.tenantId,
      api_key_id: batch.apiKeyId,
      request_id: batch.requestId,
      via: batch.via,
      integrated_account_id: storable(a.integratedAccountId.slice(0, MAX_ACCOUNT)),
      integration: a.integration,
      targets: JSON.stringify(a.targets.map((t) => ({ ...t, id: t.id.slice(0, MAX_TARGET) }))),
      calls: JSON.stringify(a.calls),
      read_at: at,
    }));
    // Embedded: the rows are queued in the same tick, so they are committed together.
    if (this.fast) await Promise.all(rows.map((row) => this.fast!.write(INSERT_SQL, COLUMNS.map((c) => row[c]))));
    else await this.db.insertInto('user_read_audit').values(rows).execute();
  }

  private filtered(tenantId: string, f: ReadAuditFilter): SelectQueryBuilder<DB, 'user_read_audit', UserReadAuditTable> {
    let q = this.db.selectFrom('user_read_audit').selectAll().where('tenant_id', '=', tenantId);
    if (f.integratedAccountId !== undefined) q = q.where('integrated_account_id', '=', f.integratedAccountId);
    if (f.requestId !== undefined) q = q.where('request_id', '=', f.requestId);
    // Ids start with the time of the read, so time bounds are id bounds (the tenant index serves them).
    if (f.from !== undefined) q = q.where('id', '>=', readAuditId(f.from.getTime()).slice(0, 12));
    if (f.to !== undefined) q = q.where('id', '<', readAuditId(f.to.getTime()).slice(0, 12));
    return q;
  }

  /** Newest first; `after` is the id of the last record of the previous page. */
  async list(tenantId: string, filter: ReadAuditFilter, first: number, after?: string): Promise<{ records: UserReadRecord[]; nextCursor: string | null }> {
    let q = this.filtered(tenantId, filter);
    if (after) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(first + 1).execute();
    const page = rows.slice(0, first).map(toRecord);
    return { records: page, nextCursor: rows.length > first ? (page.at(-1)?.id ?? null) : null };
  }

  /** The retention sweep: removes records read before `before` (in chunks on the embedded store). Returns how many. */
  async prune(before: Date, chunk = Embedded.SWEEP_CHUNK): Promise<number> {
    const cutoff = readAuditId(before.getTime()).slice(0, 12);
    if (this.fast) return this.fast.deleteInChunks(PRUNE_SQL, [cutoff], chunk);
    const res = await this.db.deleteFrom('user_read_audit').where('id', '<', cutoff).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
