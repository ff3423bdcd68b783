/**
 * Offboarding a person by email (issue #23): in every integrated account of the tenant (or the
 * given ones) the vendor's documented lookup finds the user by address, and the deletion is an
 * ordinary deleteUser (validated, guarded, audited, idempotent) with the id found.
 *
 * - `plan`: lookups and dry-run deletions only; nothing changes at any vendor.
 * - `run`: the deletions, OFFBOARDING_CONCURRENCY accounts at a time (each account's own limit
 *   still holds), recorded as one run (store/offboardings.ts) whose per-account state is written
 *   as each account finishes. A run still going when the request's deadline comes is answered
 *   RUNNING and continues in the background; `get` follows it.
 *
 * An account is removed from only when the lookup found exactly one user: zero matches, several
 * matches and integrations without a lookup are reported as such, never guessed. The account's
 * own administrator (the self-deletion guard) is skipped with the reason.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError, badInput, toAppError } from '../errors.js';
import type { VendorCall } from '../providers/core/http.js';
import type { DeletionOutcome, UnifiedUser } from '../providers/core/types.js';
import type { AccountStore } from '../store/accounts.js';
import type { ApiPrincipal } from '../store/api-keys.js';
import type { AuditVia } from '../store/audit.js';
import { checkIdempotencyKey, requestHash } from '../store/idempotency.js';
import type { OffboardingRecord, OffboardingStore } from '../store/offboardings.js';
import { getIntegration } from '../providers/registry.js';
import type { DeletionService, RequestLoaders } from './service.js';
import { validateParams } from './validate.js';

export type OffboardingAccountStatus =
  /** Plan: exactly one match, and the dry run of its deletion went through. */
  | 'READY'
  /** Run: not done yet. */
  | 'PENDING'
  /** Run: the deletion was made (or the user was already removed: outcome ALREADY_ABSENT). */
  | 'REMOVED'
  | 'NO_MATCH'
  | 'SEVERAL_MATCHES'
  /** The integration has no lookup by email: the deletion needs the vendor's id (deleteUser). */
  | 'NEEDS_VENDOR_ID'
  /** The address is the account's own administrator (the self-deletion guard). */
  | 'SKIPPED_SELF'
  | 'FAILED';

export interface OffboardingMatch {
  id: string;
  email: string | null;
  name: string | null;
}

export interface OffboardingAccount {
  integratedAccountId: string;
  integration: string | null;
  status: OffboardingAccountStatus;
  /** Why the account is skipped, or what it needs. */
  reason: string | null;
  matches: OffboardingMatch[];
  /** The vendor id the deletion is (or was) made for. */
  userId: string | null;
  /** The params the lookup and the deletion use: the account's defaultParams. */
  params: Record<string, unknown>;
  outcome: DeletionOutcome | null;
  auditId: string | null;
  error: { code: string; message: string } | null;
  /** Plan only: the calls the deletion would make (the dry run's planned calls). */
  calls?: VendorCall[];
}

export interface Offboarding {
  id: string;
  email: string;
  state: 'RUNNING' | 'FINISHED';
  runs: number;
  accounts: OffboardingAccount[];
  createdAt: Date;
  updatedAt: Date;
}

export interface OffboardingRequest {
  email: unknown;
  integratedAccountIds?: unknown;
  principal: ApiPrincipal;
  via: AuditVia;
  naming: 'graphql' | 'rest';
  idempotencyKey?: unknown;
  requestId?: string;
  /** When the request must be answered (epoch ms): a run still going then is answered RUNNING. */
  deadline?: number;
  /** Told each account's result as it finishes (the CLI's progress display). */
  onProgress?: (account: OffboardingAccount, done: number, total: number) => void;
}

const MAX_EMAIL = 320;
const MAX_ACCOUNTS = 500;
/** Time kept before the request's deadline to write and send the answer. */
const ANSWER_MARGIN_MS = 250;

export class OffboardingService {
  /** Runs going on in this process (background included): `drain` waits for them at shutdown. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      deletion: DeletionService;
      accounts: AccountStore;
      offboardings: OffboardingStore;
      config: Config;
      log?: Logger;
    },
  ) {}

  /** Lookups and dry runs in every account: what an offboarding would do. Nothing changes at any vendor. */
  async plan(req: OffboardingRequest, loaders: RequestLoaders): Promise<{ email: string; accounts: OffboardingAccount[] }> {
    const email = checkEmail(req.email);
    const ids = await this.accountIds(req, loaders);
    const accounts = await pool(ids, this.deps.config.OFFBOARDING_CONCURRENCY, (id) => this.planAccount(id, email, req, loaders, true));
    return { email, accounts };
  }

  /** The offboarding run: see the file's comment. */
  async run(req: OffboardingRequest, loaders: RequestLoaders): Promise<Offboarding> {
    const email = checkEmail(req.email);
    const key = checkIdempotencyKey(req.idempotencyKey) ?? null;
    const ids = await this.accountIds(req, loaders);
    const hash = requestHash({ email: email.toLowerCase(), integratedAccountIds: [...ids].sort() });
    const pending = ids.map((id) => blank(id, 'PENDING'));
    const { record, created } = await this.deps.offboardings.create({
      tenantId: req.principal.tenantId,
      apiKeyId: req.principal.keyId || null,
      idempotencyKey: key,
      requestHash: hash,
      email,
      accounts: pending,
    });
    let work: Promise<OffboardingAccount[]>;
    let runs = record.runs;
    if (created) {
      work = this.execute(record.id, pending, (a) => this.runAccount(a, email, record.id, 1, req, loaders), req.onProgress);
    } else {
      if (record.requestHash !== hash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different offboarding (email or accounts); use a new key for a new offboarding');
      }
      const failed = record.accounts.some((a) => a.status === 'FAILED' || a.status === 'PENDING');
      // Running (here or elsewhere), or finished without failures: the run as it stands.
      if (record.state === 'RUNNING' || !failed) return view(record);
      // Finished with failures: this request runs it again (one request wins the restart).
      if (!(await this.deps.offboardings.restart(req.principal.tenantId, record.id))) {
        const now = await this.deps.offboardings.get<OffboardingAccount>(req.principal.tenantId, record.id);
        return view(now ?? record);
      }
      runs = record.runs + 1;
      const previous = record.accounts;
      work = this.execute(record.id, previous, (a) => this.rerunAccount(a, email, record.id, runs, req, loaders), req.onProgress);
    }
    const answered = await this.untilDeadline(work, req.deadline);
    const now = new Date();
    if (answered) return { id: record.id, email, state: 'FINISHED', runs, accounts: answered, createdAt: record.createdAt, updatedAt: now };
    const current = await this.deps.offboardings.get<OffboardingAccount>(req.principal.tenantId, record.id);
    return current ? view(current) : { id: record.id, email, state: 'RUNNING', runs, accounts: pending, createdAt: record.createdAt, updatedAt: now };
  }

  /** An offboarding run of this tenant, as it stands (the progress of one still running). */
  async get(tenantId: string, id: unknown): Promise<Offboarding> {
    if (typeof id !== 'string' || id.length === 0) throw badInput('The offboarding id must be a non-empty string');
    const record = await this.deps.offboardings.get<OffboardingAccount>(tenantId, id);
    if (!record) throw new AppError('NOT_FOUND', `No offboarding ${id.slice(0, 64)} in this tenant`);
    return view(record);
  }

  /** Retention (AUDIT_RETENTION_DAYS): finished runs started before `before` go. */
  prune(before: Date): Promise<number> {
    return this.deps.offboardings.prune(before);
  }

  /** Waits for the runs of this process (at shutdown), so none is cut mid-deletion by the store closing. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** The run's accounts, OFFBOARDING_CONCURRENCY at a time, each one's result written when it finishes. */
  private execute(
    id: string,
    accounts: OffboardingAccount[],
    each: (a: OffboardingAccount) => Promise<OffboardingAccount>,
    onProgress?: OffboardingRequest['onProgress'],
  ): Promise<OffboardingAccount[]> {
    const state = [...accounts];
    let done = 0;
    let writes = Promise.resolve();
    const save = (final: boolean) => {
      const snapshot = [...state];
      writes = writes
        .then(() => this.deps.offboardings.update(id, snapshot, final ? 'FINISHED' : 'RUNNING'))
        .catch((err: unknown) => this.deps.log?.error({ offboarding: id, err: err instanceof Error ? err.message.slice(0, 300) : 'unknown' }, 'could not record the progress of an offboarding'));
      return writes;
    };
    const work = (async () => {
      await pool(
        state.map((a, i) => ({ a, i })),
        this.deps.config.OFFBOARDING_CONCURRENCY,
        async ({ a, i }) => {
          state[i] = await each(a).catch((err: unknown) => failed(a, err));
          onProgress?.(state[i]!, ++done, state.length);
          await save(false);
        },
      );
      await save(true);
      return state;
    })();
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  private async untilDeadline<T>(work: Promise<T>, deadline: number | undefined): Promise<T | undefined> {
    if (deadline === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now() - ANSWER_MARGIN_MS));
    });
    try {
      return await Promise.race([work, cut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Which accounts: the given ones (each must be the tenant's), or every account of the tenant. */
  private async accountIds(req: OffboardingRequest, loaders: RequestLoaders): Promise<string[]> {
    const field = 'integratedAccountIds';
    const given = req.integratedAccountIds;
    if (given === undefined || given === null) {
      const all = await this.deps.accounts.list(req.principal.tenantId);
      if (all.length > MAX_ACCOUNTS) throw badInput(`This tenant has ${all.length} integrated accounts; an offboarding covers at most ${MAX_ACCOUNTS}: give ${field}`);
      return all.map((a) => a.id);
    }
    if (!Array.isArray(given) || given.length === 0 || given.length > MAX_ACCOUNTS) throw badInput(`${field} must be a list of 1 to ${MAX_ACCOUNTS} integrated account ids`, { field });
    const ids = [...new Set(given.map((v) => (typeof v === 'string' ? v : '')))];
    for (const id of ids) {
      const ok = id.length > 0 && id.length <= 64 && !id.includes('\0') && (await loaders.accounts.load(id)) !== undefined;
      if (!ok) throw badInput(`${field}: no integrated account ${JSON.stringify(id.slice(0, 64))} in this tenant`, { field });
    }
    return ids;
  }

  /** One account of a plan or run: the lookup, then (with exactly one match) the deletion or its dry run. */
  private async planAccount(id: string, email: string, req: OffboardingRequest, loaders: RequestLoaders, dryRun: boolean, idempotencyKey?: string): Promise<OffboardingAccount> {
    const a = blank(id, 'PENDING');
    let found;
    try {
      // The account's default params (GitHub's organizationId, ...): checked like deleteUser's input.
      const account = await loaders.accounts.load(id);
      a.params = account?.defaultParams ?? {};
      const reg = account ? getIntegration(account.integration) : undefined;
      const params = reg ? validateParams(reg.entry, a.params, req.naming) : {};
      found = await this.deps.deletion.findUsers(id, email, params, loaders, { requestId: req.requestId, deadline: this.deadline(req, dryRun) });
    } catch (err) {
      return failed(a, err);
    }
    a.integration = found.integration;
    if (!found.lookup) return { ...a, status: 'NEEDS_VENDOR_ID', reason: `needs the vendor id: ${found.why}` };
    a.matches = found.users.map(match);
    if (a.matches.length === 0) return { ...a, status: 'NO_MATCH', reason: `no user with the address ${email}` };
    if (a.matches.length > 1) return { ...a, status: 'SEVERAL_MATCHES', reason: `${a.matches.length} users have the address ${email}: remove the right one with deleteUser` };
    return this.remove({ ...a, userId: a.matches[0]!.id }, req, loaders, dryRun, idempotencyKey);
  }

  private runAccount(a: OffboardingAccount, email: string, runId: string, run: number, req: OffboardingRequest, loaders: RequestLoaders): Promise<OffboardingAccount> {
    return this.planAccount(a.integratedAccountId, email, req, loaders, false, deletionKey(runId, a.integratedAccountId, run));
  }

  /**
   * A re-run: accounts whose user was identified are deleted again by that id (a user removed
   * before comes back ALREADY_ABSENT from deleteUser's own record, a failed deletion is retried);
   * accounts that failed before their lookup answered are looked up again; the rest stand.
   */
  private rerunAccount(a: OffboardingAccount, email: string, runId: string, run: number, req: OffboardingRequest, loaders: RequestLoaders): Promise<OffboardingAccount> {
    if (a.userId && (a.status === 'REMOVED' || a.status === 'FAILED' || a.status === 'PENDING')) {
      return this.remove({ ...a, outcome: null, auditId: null, error: null, reason: null }, req, loaders, false, deletionKey(runId, a.integratedAccountId, run));
    }
    if (a.status === 'FAILED' || a.status === 'PENDING') return this.runAccount(a, email, runId, run, req, loaders);
    return Promise.resolve(a);
  }

  private async remove(a: OffboardingAccount, req: OffboardingRequest, loaders: RequestLoaders, dryRun: boolean, idempotencyKey?: string): Promise<OffboardingAccount> {
    let auditId: string | null = null;
    try {
      const result = await this.deps.deletion.deleteUser(
        {
          id: a.userId,
          integratedAccountId: a.integratedAccountId,
          params: a.params,
          naming: req.naming,
          dryRun,
          principal: req.principal,
          via: req.via,
          idempotencyKey,
          requestId: req.requestId,
          deadline: this.deadline(req, dryRun),
          onAudit: (id) => (auditId = id),
        },
        loaders,
      );
      return {
        ...a,
        status: dryRun ? 'READY' : 'REMOVED',
        outcome: result.outcome,
        auditId: result.report.auditId,
        ...(dryRun ? { calls: result.report.calls } : {}),
      };
    } catch (err) {
      const e = toAppError(err);
      if (e.details.reason === 'SELF_DELETION') return { ...a, status: 'SKIPPED_SELF', reason: e.message, auditId };
      return { ...failed(a, e), auditId };
    }
  }

  /** A plan answers within the request; a run's deletions each get REQUEST_DEADLINE_MS (they may continue in the background). */
  private deadline(req: OffboardingRequest, dryRun: boolean): number | undefined {
    return dryRun ? req.deadline : Date.now() + this.deps.config.REQUEST_DEADLINE_MS;
  }
}

function checkEmail(v: unknown): string {
  const email = typeof v === 'string' ? v.trim() : '';
  if (!email || email.length > MAX_EMAIL || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw badInput(`email must be an email address (local@domain, at most ${MAX_EMAIL} characters)`, { field: 'email' });
  }
  return email;
}

function blank(integratedAccountId: string, status: OffboardingAccountStatus): OffboardingAccount {
  return { integratedAccountId, integration: null, status, reason: null, matches: [], userId: null, params: {}, outcome: null, auditId: null, error: null };
}

function failed(a: OffboardingAccount, err: unknown): OffboardingAccount {
  const e = toAppError(err);
  return { ...a, status: 'FAILED', error: { code: e.code, message: e.message } };
}

function match(u: UnifiedUser): OffboardingMatch {
  const email = u.emails?.find((e) => e.isPrimary)?.email ?? u.emails?.[0]?.email ?? null;
  const name = u.name ?? ([u.firstName, u.lastName].filter(Boolean).join(' ') || null);
  return { id: u.id, email, name };
}

/** Each deletion's own Idempotency-Key: one per run, account and attempt. */
function deletionKey(runId: string, accountId: string, run: number): string | undefined {
  const key = `${runId}.${run}.${accountId}`;
  return /^[\x21-\x7e]{1,255}$/.test(key) ? key : undefined;
}

function view(r: OffboardingRecord<OffboardingAccount>): Offboarding {
  return { id: r.id, email: r.email, state: r.state, runs: r.runs, accounts: r.accounts, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/** `each` over `items`, at most `limit` at a time, results in the items' order. */
async function pool<T, R>(items: readonly T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await each(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
