/**
 * The deleteUser use case, shared by GraphQL, REST and federation:
 * validate → load the account → build the vendor client → snapshot → delete → map.
 */
import DataLoader from 'dataloader';
import type { Config } from '../config.js';
import { AppError, badInput, toAppError } from '../errors.js';
import { buildBaseUrl } from '../providers/core/definition.js';
import { VendorHttp, type RawVendorResponse, type VendorCall } from '../providers/core/http.js';
import type { Transport } from '../providers/core/transport.js';
import type { DeleteUserParams, DeletionOutcome, ParamName, ProviderOutcome, UnifiedUser } from '../providers/core/types.js';
import { getIntegration, type AnyProvider, type RegistryEntry } from '../providers/registry.js';
import { notFound, type AccountStore, type AccountWithCredentials } from '../store/accounts.js';
import type { ApiPrincipal } from '../store/api-keys.js';
import { reviveUser, type AuditStore, type AuditVia } from '../store/audit.js';
import { checkIdempotencyKey, MAX_IDEMPOTENCY_KEY, requestHash, type IdempotencyStore } from '../store/idempotency.js';
import type { AccountReads, ReadAuditStore } from '../store/read-audit.js';
import type { Logger } from 'pino';
import type { Metrics } from '../observability.js';
import { AccountLimiter } from './limiter.js';
import { TokenRefresher } from './oauth.js';
import { checkRemoteQuery, checkUserId, MAX_INPUT_DEPTH, nestsTooDeeply, validateParams, type Naming } from './validate.js';

export interface DeleteUserRequest {
  id: unknown;
  integratedAccountId: unknown;
  params: Partial<Record<ParamName, unknown>>;
  remoteQuery?: unknown;
  naming: Naming;
  /** Validate, resolve, read the user, plan the calls; make no call that changes anything. */
  dryRun?: boolean;
  principal: ApiPrincipal;
  via: AuditVia;
  idempotencyKey?: unknown;
  requestId?: string;
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
  calls: VendorCall[];
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
}

/** Filled while an attempt runs, so a failure is audited with everything known so far. */
interface Trace {
  integration: string | null;
  paramsKey: string | null;
  snapshot: UnifiedUser | null;
  calls: VendorCall[];
}

/**
 * The provider steps, in order: snapshot (where the vendor can be read), delete, map.
 * Provider tests call this too, so they exercise exactly what the service runs.
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
  },
): Promise<{ user: UnifiedUser; raw: unknown; outcome: ProviderOutcome; response: RawVendorResponse | null }> {
  const base = { http: args.http, id: args.id, params: args.params, context: args.context };
  const snapshot = provider.getUser ? await provider.getUser(base) : undefined;
  if (snapshot !== undefined) args.onSnapshot?.(provider.toUser(snapshot, { id: args.id, params: args.params }));
  const result = await provider.deleteUser({ ...base, remoteQuery: args.remoteQuery, snapshot });
  const raw = result.user ?? snapshot;
  const user: UnifiedUser = raw === undefined ? { id: args.id } : provider.toUser(raw, { id: args.id, params: args.params });
  return { user, raw, outcome: result.outcome, response: args.http.lastWrite ?? null };
}

/** An execution as stored under an Idempotency-Key (JSON; dates revived on replay). */
const CODEC = {
  serialize: (e: Executed): unknown => e,
  revive: (json: unknown): Executed => {
    const e = json as Executed;
    return { ...e, user: reviveUser(e.user) };
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
    opts: { dryRun?: boolean; requestId?: string } = {},
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
    const limit = Math.min(config.VENDOR_CONCURRENCY_PER_ACCOUNT, provider.maxConcurrency ?? Infinity);
    return new VendorHttp({
      transport,
      baseUrl: buildBaseUrl(reg.entry, account.context, account.baseUrl),
      auth,
      onUnauthorized,
      headers: provider.headers,
      rateLimit: provider.rateLimit,
      bodyError: provider.bodyError,
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
      dryRun: opts.dryRun ?? false,
      limiter: this.limiter.for(account.id, limit),
    });
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
    const auditId = await audit.start({
      tenantId: req.principal.tenantId,
      // The CLI acts without an API key (its principal has keyId "").
      apiKeyId: req.principal.keyId || null,
      via: req.via,
      requestId: req.requestId,
      idempotencyKey: typeof req.idempotencyKey === 'string' ? req.idempotencyKey.slice(0, MAX_IDEMPOTENCY_KEY) : null,
      integratedAccountId: typeof req.integratedAccountId === 'string' ? req.integratedAccountId : String(req.integratedAccountId),
      targetId: typeof req.id === 'string' ? req.id : String(req.id),
      input: tooDeep ? { params: {}, remoteQuery: null, dryRun, refused: `nested deeper than ${MAX_INPUT_DEPTH} levels` } : { params: req.params, remoteQuery: req.remoteQuery ?? null, dryRun },
      dryRun,
    });
    const trace: Trace = { integration: null, paramsKey: null, snapshot: null, calls: [] };
    try {
      if (tooDeep) throw badInput(`The input (params and ${req.naming === 'rest' ? 'remote_query' : 'remoteQuery'}) is nested deeper than ${MAX_INPUT_DEPTH} levels`);
      const key = checkIdempotencyKey(req.idempotencyKey);
      let done: Executed;
      let replayed = false;
      if (key) {
        const hash = requestHash({ id: req.id, integratedAccountId: req.integratedAccountId, params: req.params, remoteQuery: req.remoteQuery, dryRun });
        ({ result: done, replayed } = await idempotency.run(req.principal.tenantId, key, hash, () => this.execute(req, loaders, trace, auditId), CODEC));
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
        calls: replayed ? [] : done.calls.map((c) => ({ ...c, planned: c.planned ?? false })),
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
      const e = toAppError(err);
      await audit.finish(auditId, { ...trace, errorCode: e.code, errorMessage: e.message });
      this.deps.metrics?.deletions.inc({ integration: trace.integration ?? 'unknown', outcome: e.code });
      throw err;
    }
  }

  private async execute(req: DeleteUserRequest, loaders: RequestLoaders, trace: Trace, auditId: string): Promise<Executed> {
    const dryRun = req.dryRun === true;
    const id = checkUserId(req.id, req.naming);
    const { account, reg } = await this.account(req.integratedAccountId, loaders);
    trace.integration = reg.entry.slug;
    const params: DeleteUserParams = validateParams(reg.entry, req.params, req.naming);
    const remoteQuery = checkRemoteQuery(req.remoteQuery, req.naming);
    trace.paramsKey = requestHash(params);
    const provider = reg.provider;
    if (!provider) {
      throw new AppError('UNSUPPORTED', `Deleting users is not implemented yet for ${reg.entry.name}`, { integration: reg.entry.slug });
    }
    const http = await this.client(reg, provider, account, trace.calls, { dryRun, requestId: req.requestId });
    const base = { integratedAccountId: account.id, integration: reg.entry.slug, auditId, calls: trace.calls };
    try {
      const done = await performDeletion(provider, {
        http,
        id,
        params,
        context: account.context,
        remoteQuery,
        onSnapshot: (u) => (trace.snapshot = u),
      });
      return {
        ...base,
        user: { ...done.user, integratedAccountId: account.id, deletionOutcome: done.outcome, remoteData: done.raw ?? null },
        outcome: done.outcome,
        rawResponse: done.response,
      };
    } catch (err) {
      // A vendor 404 is "already absent" only when this service removed this very user (same
      // account, same params) before; otherwise it stays NOT_FOUND: a typo must not look like success.
      if (err instanceof AppError && err.code === 'NOT_FOUND' && err.details.remote?.status === 404) {
        const prior = await this.deps.audit.lastDeletion(req.principal.tenantId, account.id, id, trace.paramsKey);
        if (prior) {
          return {
            ...base,
            user: { ...(prior.snapshot ?? {}), id, integratedAccountId: account.id, deletionOutcome: 'ALREADY_ABSENT', remoteData: null },
            outcome: 'ALREADY_ABSENT',
            rawResponse: null,
          };
        }
      }
      throw err;
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
    const http = await this.client(reg, provider, account, reads.calls);
    const raw = await provider.getUser({ http, id, params: {}, context: account.context });
    return { ...provider.toUser(raw, { id, params: {} }), integratedAccountId: account.id, deletionOutcome: null, remoteData: raw };
  }
}
