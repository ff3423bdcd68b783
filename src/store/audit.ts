/**
 * The deletion audit trail. Every deleteUser attempt (dry runs and failures included) gets one
 * record: inserted when the attempt starts, completed exactly once when it ends. Nothing in the
 * API updates a completed record or deletes one; only the retention sweep removes records older
 * than AUDIT_RETENTION_DAYS.
 *
 * Crash recovery: before each call that changes something is sent, the record is brought up to
 * date with the calls made so far and that call marked `sending` (a recovery point, committed
 * before the call leaves: `checkpoint`). When the process running an attempt is gone (killed,
 * crashed), its STARTED records become INTERRUPTED (`interruptOwner`), still listing those
 * calls: the ones marked `sending` may have reached the vendor.
 *
 * Records hold no credentials: vendor URLs are redacted by the HTTP client before they are
 * recorded, request inputs are the deletion params (never credentials), and planned bodies are
 * redacted.
 */
import { randomUUID } from 'node:crypto';
import type { Compilable, Kysely, SelectQueryBuilder } from 'kysely';
import type { VendorCall } from '../providers/core/http.js';
import type { DeletionOutcome, UnifiedUser } from '../providers/core/types.js';
import type { DB, DeletionAuditTable } from './db.js';
import { Embedded, embeddedOf } from './embedded.js';

export type AuditVia = 'graphql' | 'rest' | 'federation' | 'cli';
export type AuditState = 'STARTED' | 'SUCCEEDED' | 'FAILED' | 'INTERRUPTED';

export interface AuditStart {
  tenantId: string;
  apiKeyId: string | null;
  via: AuditVia;
  requestId?: string | null;
  idempotencyKey?: string | null;
  integratedAccountId: string;
  targetId: string;
  input: Record<string, unknown>;
  dryRun: boolean;
}

export interface AuditFinish {
  integration?: string | null;
  paramsKey?: string | null;
  outcome?: DeletionOutcome | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  calls: VendorCall[];
  /** The user as read before deletion (unified mapping), when the vendor could be read. */
  snapshot?: UnifiedUser | null;
}

export interface AuditRecord {
  id: string;
  tenantId: string;
  apiKeyId: string | null;
  via: AuditVia;
  requestId: string | null;
  idempotencyKey: string | null;
  integratedAccountId: string;
  integration: string | null;
  targetId: string;
  input: Record<string, unknown>;
  dryRun: boolean;
  state: AuditState;
  outcome: DeletionOutcome | null;
  errorCode: string | null;
  errorMessage: string | null;
  calls: VendorCall[];
  snapshot: UnifiedUser | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** The INTERRUPTED attempt this one resumed (a retry with the same Idempotency-Key). */
  resumedFrom: string | null;
}

/** A recovery point: what the attempt knows so far, its last call marked `sending`. */
export interface AuditCheckpoint {
  integration: string | null;
  paramsKey: string | null;
  calls: VendorCall[];
  snapshot: UnifiedUser | null;
}

/** An attempt marked INTERRUPTED. */
export interface InterruptedAttempt {
  id: string;
  tenantId: string;
  idempotencyKey: string | null;
}

/** What an INTERRUPTED record says about its attempt (error_message; error_code stays null). */
export const INTERRUPTED_MESSAGE =
  'The process running this attempt stopped before it ended; calls marked sending may have reached the vendor. A retry with the same Idempotency-Key resumes it.';

export interface AuditFilter {
  integratedAccountId?: string;
  integration?: string;
  targetId?: string;
  outcome?: DeletionOutcome;
  errorCode?: string;
  state?: AuditState;
  dryRun?: boolean;
  from?: Date;
  to?: Date;
}

/**
 * Text as a PostgreSQL text column takes it: NUL is refused there ("invalid byte sequence"), so a
 * refused id or a vendor's error string carrying one would make the record itself fail. It is
 * kept visibly, as the two characters `\0`. (JSON columns need nothing: JSON escapes NUL.)
 */
function storable(s: string): string {
  return s.includes('\0') ? s.replace(/\0/g, '\\0') : s;
}

/** Bounds on what one record keeps, so a hostile input cannot bloat the store. */
const MAX_TARGET = 300;
const MAX_ACCOUNT = 100;
const MAX_MESSAGE = 1_000;

/**
 * Time-ordered ids: 9 base-36 characters of milliseconds (sortable until year 5188) and 12
 * random hex characters. Paging uses the id as the cursor.
 */
export function auditId(now = Date.now()): string {
  // The first 12 hex digits of a v4 UUID are random (the version digit comes after them):
  // randomUUID draws from a buffered CSPRNG pool, randomBytes(6) asks OpenSSL on every call.
  const random = randomUUID();
  return `aud_${now.toString(36).padStart(9, '0')}${random.slice(0, 8)}${random.slice(9, 13)}`;
}

const DATE_FIELDS = ['createdAt', 'updatedAt', 'lastActiveAt', 'lastLoginAt', 'statusChangedAt', 'activatedAt'] as const;

/** Dates come back from JSON as strings; the unified user carries Date objects. */
export function reviveUser<T extends UnifiedUser>(user: T): T {
  const out = { ...user } as Record<string, unknown>;
  for (const f of DATE_FIELDS) if (typeof out[f] === 'string') out[f] = new Date(out[f] as string);
  if (Array.isArray(out.licenses)) {
    out.licenses = (out.licenses as Array<Record<string, unknown>>).map((l) =>
      typeof l.lastActiveAt === 'string' ? { ...l, lastActiveAt: new Date(l.lastActiveAt) } : l,
    );
  }
  return out as T;
}

function toRecord(row: DeletionAuditTable): AuditRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    apiKeyId: row.api_key_id,
    via: row.via as AuditVia,
    requestId: row.request_id,
    idempotencyKey: row.idempotency_key,
    integratedAccountId: row.integrated_account_id,
    integration: row.integration,
    targetId: row.target_id,
    input: JSON.parse(row.input) as Record<string, unknown>,
    dryRun: row.dry_run === 1,
    state: row.state as AuditState,
    outcome: row.outcome as DeletionOutcome | null,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    calls: JSON.parse(row.calls) as VendorCall[],
    snapshot: row.snapshot ? reviveUser(JSON.parse(row.snapshot) as UnifiedUser) : null,
    startedAt: new Date(row.started_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    resumedFrom: row.resumed_from ?? null,
  };
}

const START_COLUMNS = ['id', 'tenant_id', 'api_key_id', 'via', 'request_id', 'idempotency_key', 'integrated_account_id', 'integration', 'target_id', 'params_key', 'input', 'dry_run', 'state', 'outcome', 'error_code', 'error_message', 'calls', 'snapshot', 'started_at', 'finished_at', 'owner_id'] as const;
const INSERT_SQL = `insert into "deletion_audit" (${START_COLUMNS.map((c) => `"${c}"`).join(', ')}) values (${START_COLUMNS.map(() => '?').join(', ')})`;
const FINISH_COLUMNS = ['integration', 'params_key', 'state', 'outcome', 'error_code', 'error_message', 'calls', 'snapshot', 'finished_at'] as const;
const FINISH_SQL = `update "deletion_audit" set ${FINISH_COLUMNS.map((c) => `"${c}" = ?`).join(', ')} where "id" = ? and "state" = 'STARTED'`;

const CHECKPOINT_COLUMNS = ['integration', 'params_key', 'calls', 'snapshot'] as const;
const CHECKPOINT_SQL = `update "deletion_audit" set ${CHECKPOINT_COLUMNS.map((c) => `"${c}" = ?`).join(', ')} where "id" = ? and "state" = 'STARTED'`;

const PRUNE_SQL = `delete from "deletion_audit" where "id" in (select "id" from "deletion_audit" where "id" < ? order by "id" limit ?)`;

export class AuditStore {
  /** Embedded store: start and finish are prepared statements, committed in groups (see Embedded.write). */
  private readonly fast: Embedded | undefined;

  /** `instanceId`: this process (service_instances), the owner of the attempts it starts. */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: { instanceId?: string } = {},
  ) {
    this.fast = embeddedOf(db);
  }

  /** Runs one write; the rows it changed. */
  private async write(query: Compilable): Promise<number> {
    const compiled = query.compile();
    if (this.fast) return this.fast.write(compiled.sql, compiled.parameters as unknown[]);
    return Number((await this.db.executeQuery(compiled)).numAffectedRows ?? 0n);
  }

  async start(s: AuditStart): Promise<string> {
    // One clock reading for the id and started_at: time filters work on the id.
    const now = Date.now();
    const id = auditId(now);
    const row: DeletionAuditTable = {
      id,
      tenant_id: s.tenantId,
      api_key_id: s.apiKeyId,
      via: s.via,
      request_id: s.requestId ?? null,
      idempotency_key: s.idempotencyKey ? storable(s.idempotencyKey) : null,
      integrated_account_id: storable(s.integratedAccountId.slice(0, MAX_ACCOUNT)),
      integration: null,
      target_id: storable(s.targetId.slice(0, MAX_TARGET)),
      params_key: null,
      input: JSON.stringify(s.input),
      dry_run: s.dryRun ? 1 : 0,
      state: 'STARTED',
      outcome: null,
      error_code: null,
      error_message: null,
      calls: '[]',
      snapshot: null,
      started_at: new Date(now).toISOString(),
      finished_at: null,
      owner_id: this.opts.instanceId ?? null,
    };
    if (this.fast) await this.fast.write(INSERT_SQL, START_COLUMNS.map((c) => row[c]));
    else await this.db.insertInto('deletion_audit').values(row).execute();
    return id;
  }

  /** Completes a started record; a record is completed once (later calls change nothing). */
  async finish(id: string, f: AuditFinish): Promise<void> {
    const set = {
      integration: f.integration ?? null,
      params_key: f.paramsKey ?? null,
      state: f.errorCode ? 'FAILED' : 'SUCCEEDED',
      outcome: f.outcome ?? null,
      error_code: f.errorCode ?? null,
      error_message: f.errorMessage ? storable(f.errorMessage.slice(0, MAX_MESSAGE)) : null,
      calls: JSON.stringify(f.calls),
      snapshot: f.snapshot ? JSON.stringify(f.snapshot) : null,
      finished_at: new Date().toISOString(),
    } satisfies Partial<DeletionAuditTable>;
    if (this.fast) await this.fast.write(FINISH_SQL, [...FINISH_COLUMNS.map((c) => set[c]), id]);
    else await this.db.updateTable('deletion_audit').set(set).where('id', '=', id).where('state', '=', 'STARTED').execute();
  }

  /**
   * A recovery point, before a call that changes something is sent: the record gets the calls so
   * far (the last one marked `sending`), the snapshot, the integration and params. Resolves once
   * committed (on the embedded store, on disk); false when the record is no longer STARTED (this
   * process was taken for gone and the attempt marked INTERRUPTED): the call must not be sent.
   * One write per destructive call.
   */
  async checkpoint(id: string, c: AuditCheckpoint): Promise<boolean> {
    const set = {
      integration: c.integration,
      params_key: c.paramsKey,
      calls: JSON.stringify(c.calls),
      snapshot: c.snapshot ? JSON.stringify(c.snapshot) : null,
    } satisfies Partial<DeletionAuditTable>;
    if (this.fast) return (await this.fast.write(CHECKPOINT_SQL, [...CHECKPOINT_COLUMNS.map((k) => set[k]), id])) === 1;
    const res = await this.db.updateTable('deletion_audit').set(set).where('id', '=', id).where('state', '=', 'STARTED').executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** A retry that resumes an INTERRUPTED attempt names it, so a chain of interruptions can be followed. */
  async markResumed(id: string, from: string): Promise<void> {
    await this.write(this.db.updateTable('deletion_audit').set({ resumed_from: from }).where('id', '=', id));
  }

  /**
   * The STARTED attempts of a process (`since`: when it started; its attempts' ids start at or
   * after that time, so the scan is a range of the primary key): what recovery marks INTERRUPTED
   * once the process is gone.
   */
  async startedBy(ownerId: string, since: Date): Promise<InterruptedAttempt[]> {
    const rows = await this.db
      .selectFrom('deletion_audit')
      .select(['id', 'tenant_id', 'idempotency_key'])
      .where('id', '>=', auditId(since.getTime()).slice(0, 13))
      .where('owner_id', '=', ownerId)
      .where('state', '=', 'STARTED')
      .execute();
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, idempotencyKey: r.idempotency_key }));
  }

  /** Marks one STARTED attempt INTERRUPTED (its calls stay as its last recovery point left them). */
  async interrupt(id: string): Promise<boolean> {
    const n = await this.write(
      this.db
        .updateTable('deletion_audit')
        .set({ state: 'INTERRUPTED', error_message: INTERRUPTED_MESSAGE, finished_at: new Date().toISOString() })
        .where('id', '=', id)
        .where('state', '=', 'STARTED'),
    );
    return n === 1;
  }

  /**
   * The latest record of this service actually removing this user from this account with the
   * same params (the same org, workspace, team...), not a dry run, or undefined. "Already
   * absent" is only ever claimed on the strength of one.
   */
  async lastDeletion(tenantId: string, integratedAccountId: string, targetId: string, paramsKey: string): Promise<AuditRecord | undefined> {
    const row = await this.db
      .selectFrom('deletion_audit')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('integrated_account_id', '=', integratedAccountId)
      .where('target_id', '=', targetId)
      .where('params_key', '=', paramsKey)
      .where('state', '=', 'SUCCEEDED')
      .where('dry_run', '=', 0)
      .where('outcome', 'in', ['DELETED', 'DEACTIVATED', 'REMOVED_FROM_CONTAINER'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async get(tenantId: string, id: string): Promise<AuditRecord | undefined> {
    const row = await this.db.selectFrom('deletion_audit').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  private filtered(tenantId: string, f: AuditFilter): SelectQueryBuilder<DB, 'deletion_audit', DeletionAuditTable> {
    let q = this.db.selectFrom('deletion_audit').selectAll().where('tenant_id', '=', tenantId);
    if (f.integratedAccountId !== undefined) q = q.where('integrated_account_id', '=', f.integratedAccountId);
    if (f.integration !== undefined) q = q.where('integration', '=', f.integration);
    if (f.targetId !== undefined) q = q.where('target_id', '=', f.targetId);
    if (f.outcome !== undefined) q = q.where('outcome', '=', f.outcome);
    if (f.errorCode !== undefined) q = q.where('error_code', '=', f.errorCode);
    if (f.state !== undefined) q = q.where('state', '=', f.state);
    if (f.dryRun !== undefined) q = q.where('dry_run', '=', f.dryRun ? 1 : 0);
    // Ids start with the start time, so time bounds are id bounds (and use the primary index).
    if (f.from !== undefined) q = q.where('id', '>=', auditId(f.from.getTime()).slice(0, 13));
    if (f.to !== undefined) q = q.where('id', '<', auditId(f.to.getTime()).slice(0, 13));
    return q;
  }

  /** Newest first; `after` is the id of the last record of the previous page. */
  async list(tenantId: string, filter: AuditFilter, first: number, after?: string): Promise<{ records: AuditRecord[]; nextCursor: string | null }> {
    let q = this.filtered(tenantId, filter);
    if (after) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(first + 1).execute();
    const page = rows.slice(0, first).map(toRecord);
    return { records: page, nextCursor: rows.length > first ? (page.at(-1)?.id ?? null) : null };
  }

  /** Every matching record, oldest first, in batches (for the JSON lines export). */
  async *export(tenantId: string, filter: AuditFilter, batch = 500): AsyncGenerator<AuditRecord> {
    let after: string | undefined;
    for (;;) {
      let q = this.filtered(tenantId, filter);
      if (after) q = q.where('id', '>', after);
      const rows = await q.orderBy('id', 'asc').limit(batch).execute();
      for (const row of rows) yield toRecord(row);
      if (rows.length < batch) return;
      after = rows.at(-1)!.id;
    }
  }

  /**
   * The retention sweep: removes records that started before `before`. Returns how many.
   *
   * On the embedded store in chunks of `chunk` records, each one write through the store writer
   * (embedded.ts): a sweep with a large backlog never holds SQLite's write lock for long (the
   * writer's audit batches would otherwise wait on it, and fail after the busy timeout) and never
   * runs on the event loop; audit batches take turns with the chunks.
   */
  async prune(before: Date, chunk = Embedded.SWEEP_CHUNK): Promise<number> {
    const cutoff = auditId(before.getTime()).slice(0, 13);
    if (this.fast) return this.fast.deleteInChunks(PRUNE_SQL, [cutoff], chunk);
    const res = await this.db.deleteFrom('deletion_audit').where('id', '<', cutoff).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
