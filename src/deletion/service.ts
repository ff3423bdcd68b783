/**
 * The deleteUser use case, shared by GraphQL, REST and federation:
 * validate → load the account → build the vendor client → snapshot → delete → map.
 */
import DataLoader from 'dataloader';
import type { Config } from '../config.js';
import { AppError, badInput, toAppError } from '../errors.js';
import { buildBaseUrl, impersonatedSubject } from '../providers/core/definition.js';
import { checkDestinationAtUse } from '../providers/core/host-rules.js';
import { VendorHttp, type CallLimiter, type RawVendorResponse, type VendorCall } from '../providers/core/http.js';
import type { Transport } from '../providers/core/transport.js';
import type { AnyParamName, DeleteUserParams, DeletionOutcome, TokenOwner, UnifiedUser } from '../providers/core/types.js';
import { getIntegration, type AnyProvider, type RegistryEntry } from '../providers/registry.js';
import { notFound, type AccountStore, type AccountWithCredentials } from '../store/accounts.js';
import type { ApiPrincipal } from '../store/api-keys.js';
import { reviveUser, type AuditStore, type AuditVia } from '../store/audit.js';
import { checkIdempotencyKey, MAX_IDEMPOTENCY_KEY, requestHash, type IdempotencyStore } from '../store/idempotency.js';
import type { AccountReads, ReadAuditStore } from '../store/read-audit.js';
import type { Logger } from 'pino';
import type { Metrics } from '../observability.js';
import { userAfter } from './after.js';
import { credentialsKey, isTokenOwner, OwnerCache, ownerRefusal, refuseSelfAlias } from './guard.js';
import { AccountLimiter } from './limiter.js';
import { TokenRefresher } from './oauth.js';
import { auditInput, checkInputSize, checkRemoteQuery, checkUserId, MAX_INPUT_DEPTH, measureInput, nestsTooDeeply, validateParams, type Naming } from './validate.js';

export interface DeleteUserRequest {
  id: unknown;
  integratedAccountId: unknown;
  params: Partial<Record<AnyParamName, unknown>>;
  remoteQuery?: unknown;
  naming: Naming;
  /** Validate, resolve, read the user, plan the calls; make no call that changes anything. */
  dryRun?: boolean;
  principal: ApiPrincipal;
  via: AuditVia;
  idempotencyKey?: unknown;
  requestId?: string;
  /**
   * When the whole request must be answered (epoch ms): no vendor call starts and no retry waits
   * past it (REQUEST_DEADLINE_MS, or less when the caller asks for less).
   */
  deadline?: number;
  /** Told the audit record's id as soon as it exists (an offboarding names it for failures too). */
  onAudit?: (auditId: string) => void;
}

/** What a deleteUser call did, as returned to the client and recorded in the audit trail. */
export interface DeletionReport {
  outcome: DeletionOutcome;
  auditId: string;
  dryRun: boolean;
  /** The stored result of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  /** With `replayed`: the audit record of the request that did the work. */
  originalAuditId: string | null;
  /** The INTERRUPTED attempt (same Idempotency-Key) this one resumed, or null. */
  resumedFrom: string | null;
  calls: VendorCall[];
  /** The user as read before the deletion (the snapshot), when the vendor could be read. */
  before: UnifiedUser | null;
  /** Whether the vendor can restore what this deletion removed; null when nothing was removed now. */
  permanent: boolean | null;
  /** Until when the vendor documents the user as restorable, where it documents a window. */
  restorableUntil: Date | null;
}

export interface ServiceUser extends UnifiedUser {
  integratedAccountId: string;
  deletionOutcome?: DeletionOutcome | null;
  deletion?: DeletionReport | null;
  remoteData?: unknown;
}

export interface DeletionResult {
  user: ServiceUser;
  outcome: DeletionOutcome;
  /** The vendor's own answer to the (last) deletion call, untouched; null in dry runs and replays. */
  rawResponse: RawVendorResponse | null;
  report: DeletionReport;
}

/** What one execution produced; this is what an Idempotency-Key stores. */
interface Executed {
  user: ServiceUser;
  outcome: DeletionOutcome;
  rawResponse: RawVendorResponse | null;
  integration: string;
  auditId: string;
  calls: VendorCall[];
  before: UnifiedUser | null;
  /** When the vendor call was made (restore windows count from it). */
  at: string;
  /** The provider's word on this run's permanence, where it differs by run (DeleteResult.permanent). */
  permanent?: boolean;
  resumedFrom?: string | null;
}

/** Filled while an attempt runs, so a failure is audited with everything known so far. */
interface Trace {
  integration: string | null;
  paramsKey: string | null;
  snapshot: UnifiedUser | null;
  calls: VendorCall[];
}

/**
 * The provider steps, in order: the self-alias check, the snapshot (where the vendor can be read),
 * the token-owner check, the deletion, and the user as it is after it. Provider tests call this
 * too, so they exercise exactly what the service runs.
 */
export async function performDeletion(
  provider: AnyProvider,
  args: {
    http: VendorHttp;
    id: string;
    params: DeleteUserParams;
    context: Readonly<Record<string, string>>;
    remoteQuery?: Record<string, unknown>;
    onSnapshot?: (user: UnifiedUser) => void;
    /** Who the credentials act as (cached by the service); the deletion of that user is refused. */
    owner?: () => Promise<TokenOwner | undefined>;
    /** A dry run answers the user as it is now: nothing changed at the vendor. */
    dryRun?: boolean;
  },
): Promise<{
  user: UnifiedUser;
  before: UnifiedUser | null;
  raw: unknown;
  outcome: Exclude<DeletionOutcome, 'ALREADY_ABSENT'>;
  response: RawVendorResponse | null;
  /** DeleteResult.permanent: this run's permanence where the provider says it differs by run. */
  permanent?: boolean;
}> {
  refuseSelfAlias(provider, args.id);
  const base = { http: args.http, id: args.id, params: args.params, context: args.context };
  const mapArgs = { id: args.id, params: args.params };
  const snapshot = provider.getUser ? await provider.getUser(base) : undefined;
  const before = snapshot === undefined ? null : provider.toUser(snapshot, mapArgs);
  if (before) args.onSnapshot?.(before);
  if (args.owner) {
    const owner = await args.owner().catch((err: unknown) => {
      throw ownerLookupFailed(provider, err);
    });
    if (owner && isTokenOwner(owner, before ?? undefined, args.id)) throw ownerRefusal(provider);
  }
  const result = await provider.deleteUser({ ...base, remoteQuery: args.remoteQuery, snapshot });
  const raw = result.user ?? snapshot;
  const now = before ?? { id: args.id };
  const user = args.dryRun ? now : userAfter(provider, now, result, mapArgs);
  return { user, before, raw, outcome: result.outcome, response: args.http.lastWrite ?? null, ...(result.permanent !== undefined ? { permanent: result.permanent } : {}) };
}

/**
 * The owner lookup failed: the deletion does not go ahead unguarded. A "not found" there says
 * nothing about the user to remove (and must never read as ALREADY_ABSENT), so it is a REMOTE_ERROR.
 */
function ownerLookupFailed(provider: AnyProvider, err: unknown): AppError {
  const e = toAppError(err);
  const why = `could not learn who the account's credentials act as, so the deletion was not made (self-deletion guard): ${e.message}`;
  if (e.code === 'NOT_FOUND') return new AppError('REMOTE_ERROR', why, { integration: provider.name });
  return new AppError(e.code, why, { ...e.details });
}

/**
 * A deletion stopped by the request's deadline says which calls that change the user were made
 * before it ran out (Okta's deactivation without its DELETE): the client and the audit record
 * know exactly where the deletion stands. Other errors are returned as they are.
 */
function withStepsMade(e: AppError, calls: readonly VendorCall[]): AppError {
  if (e.details.deadline !== true) return e;
  const writes = calls.filter((c) => c.method !== 'GET' && !c.planned);
  const describe = (c: VendorCall) => `${c.method} ${new URL(c.url).pathname} (${c.status ?? c.error ?? 'no answer'})`;
  // Answered with success: done. No answer (cut by the deadline): it may have reached the vendor.
  const steps = writes.filter((c) => c.status !== undefined && c.status >= 200 && c.status < 300).map(describe);
  const uncertain = writes.filter((c) => c.status === undefined).map(describe);
  let said = steps.length ? `; before it ran out, these calls that change the user were made: ${steps.join(', ')}` : '; no call that changes the user was made';
  if (uncertain.length) said += `; these may have reached the vendor without an answer: ${uncertain.join(', ')}`;
  if (steps.length || uncertain.length) said += ' — the deletion may not be complete: retry it (with the same Idempotency-Key)';
  return new AppError(e.code, `${e.message}${said}`, { ...e.details, stepsMade: steps, ...(uncertain.length ? { stepsUncertain: uncertain } : {}) });
}

/**
 * What the report says of permanence: the integration's declared semantics for an outcome that
 * removed something now (null for ALREADY_ABSENT / ALREADY_DEACTIVATED), or the provider's word
 * on this very run where it differs by run (`runPermanent`, from DeleteResult.permanent: a run
 * that also erased the user's data for good), and the end of the vendor's documented restore
 * window counted from the call (never in a dry run, never for a permanent run).
 */
export function permanence(
  provider: AnyProvider | undefined,
  outcome: DeletionOutcome,
  dryRun: boolean,
  at: string,
  runPermanent?: boolean,
): { permanent: boolean | null; restorableUntil: Date | null } {
  if (!provider || outcome === 'ALREADY_ABSENT' || outcome === 'ALREADY_DEACTIVATED') return { permanent: null, restorableUntil: null };
  const { restoreWindowDays } = provider.semantics;
  const permanent = runPermanent ?? provider.semantics.permanent;
  const restorableUntil = !dryRun && !permanent && restoreWindowDays !== undefined ? new Date(Date.parse(at) + restoreWindowDays * 86_400_000) : null;
  return { permanent, restorableUntil };
}

/** An execution as stored under an Idempotency-Key (JSON; dates revived on replay). */
const CODEC = {
  serialize: (e: Executed): unknown => e,
  revive: (json: unknown): Executed => {
    const e = json as Executed;
    return { ...e, user: reviveUser(e.user), before: e.before ? reviveUser(e.before) : null };
  },
};

/** Who reads, for the read audit trail of User references (the request's API key and id). */
export interface ReadContext {
  apiKeyId?: string | null;
  requestId?: string | null;
}

/** Per-request state: DataLoaders are created for each request, never shared. */
export interface RequestLoaders {
  accounts: DataLoader<string, AccountWithCredentials | undefined>;
  users: DataLoader<string, ServiceUser>;
}

export class DeletionService {
  private readonly limiter: AccountLimiter;
  private readonly refresher: TokenRefresher;
  private readonly owners = new OwnerCache();

  constructor(
    private readonly deps: {
      accounts: AccountStore;
      audit: AuditStore;
      /** The read audit trail of User references (src/store/read-audit.ts). */
      reads: ReadAuditStore;
      idempotency: IdempotencyStore;
      transport: Transport;
      config: Config;
      metrics?: Metrics;
      log?: Logger;
    },
  ) {
    this.limiter = new AccountLimiter(deps.config.VENDOR_CONCURRENCY_PER_ACCOUNT);
    this.refresher = new TokenRefresher({ accounts: deps.accounts, transport: deps.transport, timeoutMs: deps.config.VENDOR_TIMEOUT_MS });
  }

  /**
   * Loaders of one request, bound to the caller's tenant: other tenants' accounts do not exist
   * for them. `reader` names the API key and request in the read audit records of `users`.
   */
  createLoaders(tenantId: string, reader: ReadContext = {}): RequestLoaders {
    const accounts = new DataLoader<string, AccountWithCredentials | undefined>((ids) => this.deps.accounts.loadMany(tenantId, ids), {
      maxBatchSize: 500,
    });
    const loaders: RequestLoaders = {
      accounts,
      users: new DataLoader<string, ServiceUser>((keys) => this.readBatch(keys, loaders, tenantId, reader), { maxBatchSize: 1000 }),
    };
    return loaders;
  }

  /**
   * One batch of User references: each distinct (account, id) read once, then the batch recorded
   * in the read audit trail (one record per account, one write). No user is handed out unless
   * its read is recorded: when the record cannot be written, every reference of the batch fails.
   */
  private async readBatch(keys: readonly string[], loaders: RequestLoaders, tenantId: string, reader: ReadContext): Promise<Array<ServiceUser | Error>> {
    const byAccount = new Map<string, AccountReads>();
    const split = keys.map((key) => {
      const sep = key.indexOf('\n');
      const accountId = key.slice(0, sep);
      let reads = byAccount.get(accountId);
      if (!reads) byAccount.set(accountId, (reads = { integratedAccountId: accountId, integration: null, targets: [], calls: [] }));
      return { accountId, id: key.slice(sep + 1), reads };
    });
    const results = await Promise.all(
      split.map(({ accountId, id, reads }) =>
        this.readUser(accountId, id, loaders, reads).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      ),
    );
    split.forEach(({ id, reads }, i) => {
      const r = results[i];
      reads.targets.push(r instanceof Error ? { id, read: false, errorCode: toAppError(r).code } : { id, read: true, errorCode: null });
    });
    try {
      await this.deps.reads.record({ tenantId, apiKeyId: reader.apiKeyId || null, requestId: reader.requestId ?? null, via: 'federation', accounts: [...byAccount.values()] });
    } catch (err) {
      this.deps.log?.error({ requestId: reader.requestId, err: err instanceof Error ? err.message.slice(0, 300) : 'unknown' }, 'could not record the user reads of a federation request; the references are answered with an error');
      return keys.map(() => new AppError('INTERNAL_SERVER_ERROR', 'Internal server error'));
    }
    return results;
  }

  private async account(id: unknown, loaders: RequestLoaders): Promise<{ account: AccountWithCredentials; reg: RegistryEntry }> {
    // (PostgreSQL refuses a NUL in a text parameter: such an id cannot exist, and must not reach the query.)
    if (typeof id !== 'string' || id.length === 0 || id.length > 64 || id.includes('\0')) throw notFound();
    const account = await loaders.accounts.load(id);
    if (!account) throw notFound();
    const reg = getIntegration(account.integration);
    if (!reg) throw new AppError('UNSUPPORTED', `Integration ${account.integration} is no longer known to this service`);
    return { account, reg };
  }

  /**
   * The vendor client of one call. Accounts whose token the core acquires (OAuth 2.0, JWT
   * bearer, sign-in sessions) get a token that is not expired (renewed first when it is) and a
   * second chance on a 401: one renewal, then the call again.
   */
  private async client(
    reg: RegistryEntry,
    provider: AnyProvider,
    account: AccountWithCredentials,
    calls: VendorCall[],
    opts: { dryRun?: boolean; requestId?: string; deadline?: number; limiter: CallLimiter; recoveryPoint?: (call: VendorCall) => Promise<void> },
  ): Promise<VendorHttp> {
    const { config, transport, metrics } = this.deps;
    const integration = reg.entry.slug;
    if (account.status === 'needs_reauth') {
      throw new AppError('REAUTH_REQUIRED', `${reg.entry.name} refused to renew this account's access earlier; reconnect the integrated account`, { integration: reg.entry.name });
    }
    // A token acquired or renewed when due; values the token answer provided (Tableau's site id,
    // DocuSign's host) join the context the base URL is built from and the provider receives.
    const { auth, context, onUnauthorized } = await this.refresher.clientAuth(account, reg.entry);
    account.context = context;
    const baseUrl = buildBaseUrl(reg.entry, account.context, account.baseUrl);
    // An override stored before the host rules (or written into the store directly) is checked again.
    if (account.baseUrl) checkDestinationAtUse(reg.entry, 'baseUrl', baseUrl, { selfHosted: account.selfHosted, allowPrivateHosts: config.ALLOW_PRIVATE_PROVIDER_HOSTS });
    return new VendorHttp({
      transport,
      baseUrl,
      auth,
      onUnauthorized,
      headers: provider.headers,
      rateLimit: provider.rateLimit,
      errors: provider.errors,
      timeoutMs: config.VENDOR_TIMEOUT_MS,
      retry: { maxAttempts: config.VENDOR_MAX_ATTEMPTS, maxWaitMs: config.VENDOR_MAX_RETRY_WAIT_MS, baseDelayMs: config.VENDOR_RETRY_BASE_MS },
      maxBodyBytes: config.VENDOR_MAX_BODY_BYTES,
      integration: reg.entry.name,
      onCall: (c) => {
        calls.push(c);
        metrics?.vendorCalls.inc({ integration, status: c.planned ? 'planned' : c.status !== undefined ? String(c.status) : 'error' });
        if (!c.planned) metrics?.vendorDuration.observe({ integration }, c.durationMs / 1000);
      },
      onRetry: (r) => {
        metrics?.retries.inc({ integration });
        if (r.reason === 'rate_limited') {
          metrics?.rateLimitWaits.inc({ integration });
          metrics?.rateLimitWaitSeconds.inc({ integration }, r.waitMs / 1000);
        }
      },
      requestId: opts.requestId,
      deadline: opts.deadline,
      dryRun: opts.dryRun ?? false,
      limiter: opts.limiter,
      recoveryPoint: opts.recoveryPoint,
    });
  }

  /**
   * One operation's hold on its account's limit (VENDOR_CONCURRENCY_PER_ACCOUNT, or the
   * integration's own lower cap): taken at its first vendor call, kept until `release()`.
   */
  private session(account: AccountWithCredentials, provider: AnyProvider) {
    const limit = Math.min(this.deps.config.VENDOR_CONCURRENCY_PER_ACCOUNT, provider.maxConcurrency ?? Infinity);
    return this.limiter.session(account.id, limit);
  }

  /**
   * One deleteUser attempt: audited from its first step (so bad input is recorded too), run at
   * most once per Idempotency-Key, and reported with what it did.
   */
  async deleteUser(req: DeleteUserRequest, loaders: RequestLoaders): Promise<DeletionResult> {
    const { audit, idempotency } = this.deps;
    const dryRun = req.dryRun === true;
    // Input nested thousands of levels deep would overflow the stack when recorded or hashed:
    // it is refused, and audited without it.
    const tooDeep = nestsTooDeeply({ params: req.params, remoteQuery: req.remoteQuery });
    // Bounded in size too (MAX_INPUT_JSON_BYTES each): over it, refused, and the record keeps only its size and start.
    const measured = tooDeep ? undefined : measureInput(req.params, req.remoteQuery);
    const auditId = await audit.start({
      tenantId: req.principal.tenantId,
      // The CLI acts without an API key (its principal has keyId "").
      apiKeyId: req.principal.keyId || null,
      via: req.via,
      requestId: req.requestId,
      idempotencyKey: typeof req.idempotencyKey === 'string' ? req.idempotencyKey.slice(0, MAX_IDEMPOTENCY_KEY) : null,
      integratedAccountId: typeof req.integratedAccountId === 'string' ? req.integratedAccountId : String(req.integratedAccountId),
      targetId: typeof req.id === 'string' ? req.id : String(req.id),
      input: measured ? auditInput(req.params, req.remoteQuery, measured, dryRun) : { params: {}, remoteQuery: null, dryRun, refused: `nested deeper than ${MAX_INPUT_DEPTH} levels` },
      dryRun,
    });
    req.onAudit?.(auditId);
    const trace: Trace = { integration: null, paramsKey: null, snapshot: null, calls: [] };
    try {
      if (tooDeep) throw badInput(`The input (params and ${req.naming === 'rest' ? 'remote_query' : 'remoteQuery'}) is nested deeper than ${MAX_INPUT_DEPTH} levels`);
      if (measured) checkInputSize(measured, req.params, req.naming);
      const key = checkIdempotencyKey(req.idempotencyKey);
      let done: Executed;
      let replayed = false;
      if (key) {
        const hash = requestHash({ id: req.id, integratedAccountId: req.integratedAccountId, params: req.params, remoteQuery: req.remoteQuery, dryRun });
        ({ result: done, replayed } = await idempotency.run(
          req.principal.tenantId,
          key,
          hash,
          (resumeFrom) => this.execute(req, loaders, trace, auditId, resumeFrom),
          CODEC,
          { attemptId: auditId },
        ));
        if (replayed) trace.integration = done.integration;
      } else {
        done = await this.execute(req, loaders, trace, auditId);
      }
      const report: DeletionReport = {
        outcome: done.outcome,
        auditId,
        dryRun,
        replayed,
        originalAuditId: replayed ? done.auditId : null,
        resumedFrom: replayed ? null : (done.resumedFrom ?? null),
        calls: replayed ? [] : done.calls.map((c) => ({ ...c, planned: c.planned ?? false, sending: false })),
        before: done.before ?? null,
        ...permanence(getIntegration(done.integration)?.provider, done.outcome, dryRun, done.at, done.permanent),
      };
      // The vendor has done its part: a failed audit write must not turn that into an error the
      // client would retry (the record stays STARTED; the failure is logged).
      await audit.finish(auditId, { ...trace, outcome: done.outcome }).catch((err: unknown) => {
        this.deps.log?.error({ auditId, err: err instanceof Error ? err.message : 'unknown' }, 'could not complete the audit record of a deletion');
      });
      this.deps.metrics?.deletions.inc({ integration: trace.integration ?? 'unknown', outcome: done.outcome });
      return {
        user: { ...done.user, deletion: report },
        outcome: done.outcome,
        rawResponse: dryRun ? null : done.rawResponse,
        report,
      };
    } catch (err) {
      const e = withStepsMade(toAppError(err), trace.calls);
      await audit.finish(auditId, { ...trace, errorCode: e.code, errorMessage: e.message });
      this.deps.metrics?.deletions.inc({ integration: trace.integration ?? 'unknown', outcome: e.code });
      throw e === err || !(err instanceof AppError) ? err : e;
    }
  }

  /**
   * One execution. `resumeFrom`: the INTERRUPTED attempt (same Idempotency-Key) whose claim this
   * one took over. The provider steps run as always, so the vendor is read again (getUser) before
   * any further destructive call, and the provider goes on from what the vendor shows (Okta skips
   * the deactivation of a user already DEPROVISIONED); if the user is gone (404) and an
   * interrupted attempt had sent a destructive call, that call did the deletion: the answer is
   * the integration's outcome with the snapshot taken before it, and nothing is sent again.
   */
  private async execute(req: DeleteUserRequest, loaders: RequestLoaders, trace: Trace, auditId: string, resumeFrom?: string): Promise<Executed> {
    const dryRun = req.dryRun === true;
    const id = checkUserId(req.id, req.naming);
    const { account, reg } = await this.account(req.integratedAccountId, loaders);
    trace.integration = reg.entry.slug;
    const params: DeleteUserParams = validateParams(reg.entry, req.params, req.naming);
    const remoteQuery = checkRemoteQuery(req.remoteQuery, req.naming);
    trace.paramsKey = requestHash(params);
    const provider = reg.provider;
    if (!provider) {
      const why = reg.entry.unsupported;
      throw new AppError('UNSUPPORTED', why ? `Deleting users is not available for ${reg.entry.name}: ${why}` : `Deleting users is not implemented yet for ${reg.entry.name}`, {
        integration: reg.entry.slug,
      });
    }
    const resumed = resumeFrom ? await this.interruptedAttempts(req.principal.tenantId, auditId, resumeFrom) : undefined;
    // The deletion holds its slot of the account's limit for all its calls (limiter.ts).
    const session = this.session(account, provider);
    const base = { integratedAccountId: account.id, integration: reg.entry.slug, auditId, calls: trace.calls, resumedFrom: resumeFrom ?? null, at: new Date().toISOString() };
    let http: VendorHttp | undefined;
    try {
      http = await this.client(reg, provider, account, trace.calls, {
        dryRun,
        requestId: req.requestId,
        deadline: req.deadline,
        limiter: session,
        // A recovery point before each destructive call: committed before the call leaves.
        recoveryPoint: dryRun
          ? undefined
          : async (call) => {
              const ok = await this.deps.audit.checkpoint(auditId, {
                integration: trace.integration,
                paramsKey: trace.paramsKey,
                snapshot: trace.snapshot,
                calls: [...trace.calls, call],
              });
              if (!ok) {
                throw new AppError('INTERNAL_SERVER_ERROR', 'This deletion attempt was marked INTERRUPTED by another process (this one was taken for gone); nothing more is sent to the vendor. Retry with the same Idempotency-Key.');
              }
            },
      });
      const client = http;
      const lookup = provider.tokenOwner;
      const owner =
        'lookup' in lookup
          ? () => this.owners.get(credentialsKey(account.id, account.credentials), () => lookup.lookup({ http: client, context: account.context, method: account.credentials.method, subject: impersonatedSubject(reg.entry, account.credentials) }))
          : undefined;
      const done = await performDeletion(provider, {
        http: client,
        id,
        params,
        context: account.context,
        remoteQuery,
        // Vendor data is redacted (the account's secrets, in every encoding) before it is kept,
        // answered or stored: the snapshot, the user and remoteData here, the raw answer in the client.
        onSnapshot: (u) => (trace.snapshot = client.redactValue(u)),
        owner,
        dryRun,
      });
      return {
        ...base,
        before: done.before ? client.redactValue(done.before) : null,
        user: client.redactValue({ ...done.user, integratedAccountId: account.id, deletionOutcome: done.outcome, remoteData: done.raw ?? null }),
        outcome: done.outcome,
        rawResponse: done.response,
        ...(done.permanent !== undefined ? { permanent: done.permanent } : {}),
      };
    } catch (caught) {
      const err = http ? redactError(caught, http) : caught;
      // A vendor "no such user": a 404, or a body-level code such as Slack's user_not_found.
      if (err instanceof AppError && err.code === 'NOT_FOUND' && err.details.remote !== undefined) {
        // The interrupted attempt's destructive call reached the vendor: its deletion is this answer.
        if (resumed?.sentDestructive) {
          trace.snapshot = resumed.snapshot;
          return {
            ...base,
            before: resumed.snapshot,
            user: {
              ...(resumed.snapshot ? userAfter(provider, resumed.snapshot, { outcome: provider.outcome }, { id, params }) : { id }),
              id,
              integratedAccountId: account.id,
              deletionOutcome: provider.outcome,
              remoteData: null,
            },
            outcome: provider.outcome,
            rawResponse: null,
          };
        }
        // "Already absent" only when this service removed this very user (same account, same
        // params) before; otherwise it stays NOT_FOUND: a typo must not look like success.
        const prior = await this.deps.audit.lastDeletion(req.principal.tenantId, account.id, id, trace.paramsKey);
        if (prior) {
          return {
            ...base,
            before: prior.snapshot ?? null,
            // The user as the earlier deletion left them, not as they were before it.
            user: {
              ...(prior.snapshot && prior.outcome && prior.outcome !== 'ALREADY_ABSENT'
                ? userAfter(provider, prior.snapshot, { outcome: prior.outcome }, { id, params })
                : { id }),
              id,
              integratedAccountId: account.id,
              deletionOutcome: 'ALREADY_ABSENT',
              remoteData: null,
            },
            outcome: 'ALREADY_ABSENT',
            rawResponse: null,
          };
        }
      }
      throw err;
    } finally {
      session.release();
    }
  }

  /**
   * What the interrupted attempts before this one did: whether any had a destructive call
   * recorded (sent, or `sending` when its process stopped), and the snapshot taken before the
   * first of them. Follows the chain when a resumed attempt was itself interrupted.
   */
  private async interruptedAttempts(tenantId: string, auditId: string, from: string): Promise<{ sentDestructive: boolean; snapshot: UnifiedUser | null }> {
    await this.deps.audit.markResumed(auditId, from);
    let sentDestructive = false;
    let snapshot: UnifiedUser | null = null;
    let next: string | null = from;
    for (let hops = 0; next && hops < 50; hops++) {
      const record = await this.deps.audit.get(tenantId, next);
      if (!record) break;
      if (record.calls.some((c) => c.method !== 'GET' && !c.planned)) sentDestructive = true;
      // Oldest last: the snapshot before the first destructive call wins.
      if (record.snapshot) snapshot = record.snapshot;
      next = record.resumedFrom;
    }
    return { sentDestructive, snapshot };
  }

  /**
   * Offboarding by email: the users the vendor's documented lookup finds for `email` in one
   * account (exact, case-insensitive matches only; the provider bounds its paging), as unified
   * users with their ids. `lookup: false` when the integration documents no lookup (with why).
   * Nothing changes at the vendor; the lookup holds a slot of the account's limit.
   */
  async findUsers(
    integratedAccountId: string,
    email: string,
    params: DeleteUserParams,
    loaders: RequestLoaders,
    opts: { requestId?: string; deadline?: number } = {},
  ): Promise<{ integration: string; lookup: true; users: UnifiedUser[] } | { integration: string; lookup: false; why: string }> {
    const { account, reg } = await this.account(integratedAccountId, loaders);
    const provider = reg.provider;
    if (!provider) {
      return { integration: reg.entry.slug, lookup: false, why: reg.entry.unsupported ?? `Deleting users is not implemented yet for ${reg.entry.name}` };
    }
    if (!provider.findUsers) {
      return { integration: reg.entry.slug, lookup: false, why: provider.noLookup ?? `${reg.entry.name} documents no lookup of users by email` };
    }
    const find = provider.findUsers;
    const session = this.session(account, provider);
    let http: VendorHttp | undefined;
    try {
      http = await this.client(reg, provider, account, [], { dryRun: true, requestId: opts.requestId, deadline: opts.deadline, limiter: session });
      const raws = await find({ http, email, params, context: account.context });
      const client = http;
      const users = raws.map((raw) => client.redactValue(provider.toUser(raw, { id: '', params })));
      // A match without the vendor's id cannot be removed, and must not be taken for no match.
      if (users.some((u) => typeof u.id !== 'string' || u.id === '')) {
        throw new AppError('REMOTE_ERROR', `${reg.entry.name} answered the lookup by email with a user without an id`, { integration: reg.entry.slug });
      }
      return { integration: reg.entry.slug, lookup: true, users };
    } catch (err) {
      throw http ? redactError(err, http) : err;
    } finally {
      session.release();
    }
  }

  /** Federation: a User reference resolved through the per-request loader (deduplicated). */
  resolveUser(integratedAccountId: string, id: string, loaders: RequestLoaders): Promise<ServiceUser> {
    return loaders.users.load(`${integratedAccountId}\n${id}`);
  }

  private async readUser(integratedAccountId: string, rawId: string, loaders: RequestLoaders, reads: AccountReads): Promise<ServiceUser> {
    const id = checkUserId(rawId, 'graphql');
    const { account, reg } = await this.account(integratedAccountId, loaders);
    reads.integration = reg.entry.slug;
    const provider = reg.provider;
    if (!provider?.getUser) {
      throw new AppError('UNSUPPORTED', `Reading users is not implemented for ${reg.entry.name}`, { integration: reg.entry.slug });
    }
    const session = this.session(account, provider);
    let raw: unknown;
    let http: VendorHttp | undefined;
    try {
      http = await this.client(reg, provider, account, reads.calls, { limiter: session });
      raw = await provider.getUser({ http, id, params: {}, context: account.context });
    } catch (err) {
      throw http ? redactError(err, http) : err;
    } finally {
      session.release();
    }
    if (raw === undefined) {
      throw new AppError('UNSUPPORTED', `${reg.entry.name} documents no way to read a user by an id of this form`, { integration: reg.entry.slug });
    }
    return http.redactValue({ ...provider.toUser(raw, { id, params: {} }), integratedAccountId: account.id, deletionOutcome: null, remoteData: raw });
  }
}

/**
 * A provider's error with the account's secrets (any encoding) replaced in its message and
 * vendor details; the error itself when it carries none. The HTTP client redacts what it builds,
 * this also covers what a provider builds from vendor text.
 */
function redactError(err: unknown, http: VendorHttp): unknown {
  if (!(err instanceof AppError)) return err;
  const message = http.redactText(err.message);
  const details = http.redactValue(err.details);
  if (message === err.message && details === err.details) return err;
  return new AppError(err.code, message, { ...details });
}
