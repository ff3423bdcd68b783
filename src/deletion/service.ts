/**
 * The deleteUser use case, shared by GraphQL, REST and federation:
 * validate → load the account → build the vendor client → snapshot → delete → map.
 */
import DataLoader from 'dataloader';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { buildBaseUrl, resolveAuth } from '../providers/core/definition.js';
import { VendorHttp, type RawVendorResponse, type VendorCall } from '../providers/core/http.js';
import type { Transport } from '../providers/core/transport.js';
import type { DeleteUserParams, DeletionOutcome, ParamName, UnifiedUser } from '../providers/core/types.js';
import { getIntegration, type AnyProvider, type RegistryEntry } from '../providers/registry.js';
import { notFound, type AccountStore, type AccountWithCredentials } from '../store/accounts.js';
import { checkRemoteQuery, checkUserId, validateParams, type Naming } from './validate.js';

export interface DeleteUserRequest {
  id: unknown;
  integratedAccountId: unknown;
  params: Partial<Record<ParamName, unknown>>;
  remoteQuery?: unknown;
  naming: Naming;
}

export interface ServiceUser extends UnifiedUser {
  integratedAccountId: string;
  deletionOutcome?: DeletionOutcome | null;
  remoteData?: unknown;
}

export interface DeletionResult {
  user: ServiceUser;
  outcome: DeletionOutcome;
  /** The vendor's own answer to the (last) deletion call, untouched. */
  rawResponse: RawVendorResponse | null;
  calls: VendorCall[];
}

/**
 * The provider steps, in order: snapshot (where the vendor can be read), delete, map.
 * Provider tests call this too, so they exercise exactly what the service runs.
 */
export async function performDeletion(
  provider: AnyProvider,
  args: { http: VendorHttp; id: string; params: DeleteUserParams; context: Readonly<Record<string, string>>; remoteQuery?: Record<string, unknown> },
): Promise<{ user: UnifiedUser; raw: unknown; outcome: DeletionOutcome; response: RawVendorResponse | null }> {
  const base = { http: args.http, id: args.id, params: args.params, context: args.context };
  const snapshot = provider.getUser ? await provider.getUser(base) : undefined;
  const result = await provider.deleteUser({ ...base, remoteQuery: args.remoteQuery, snapshot });
  const raw = result.user ?? snapshot;
  const user: UnifiedUser = raw === undefined ? { id: args.id } : provider.toUser(raw, { id: args.id, params: args.params });
  return { user, raw, outcome: result.outcome, response: args.http.lastWrite ?? null };
}

/** Per-request state: DataLoaders are created for each request, never shared. */
export interface RequestLoaders {
  accounts: DataLoader<string, AccountWithCredentials | undefined>;
  users: DataLoader<string, ServiceUser>;
}

export class DeletionService {
  constructor(
    private readonly deps: { accounts: AccountStore; transport: Transport; config: Config },
  ) {}

  createLoaders(): RequestLoaders {
    const accounts = new DataLoader<string, AccountWithCredentials | undefined>((ids) => this.deps.accounts.loadMany(ids), {
      maxBatchSize: 500,
    });
    const loaders: RequestLoaders = {
      accounts,
      users: new DataLoader<string, ServiceUser>(
        async (keys) => {
          return Promise.all(
            keys.map(async (key) => {
              const sep = key.indexOf('\n');
              return this.readUser(key.slice(0, sep), key.slice(sep + 1), loaders).catch((err: unknown) =>
                err instanceof Error ? err : new Error(String(err)),
              );
            }),
          );
        },
        { maxBatchSize: 1000 },
      ),
    };
    return loaders;
  }

  private async account(id: unknown, loaders: RequestLoaders): Promise<{ account: AccountWithCredentials; reg: RegistryEntry }> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) throw notFound();
    const account = await loaders.accounts.load(id);
    if (!account) throw notFound();
    const reg = getIntegration(account.integration);
    if (!reg) throw new AppError('UNSUPPORTED', `Integration ${account.integration} is no longer known to this service`);
    return { account, reg };
  }

  private client(reg: RegistryEntry, provider: AnyProvider, account: AccountWithCredentials, calls: VendorCall[]): VendorHttp {
    const { config, transport } = this.deps;
    return new VendorHttp({
      transport,
      baseUrl: buildBaseUrl(reg.entry, account.context, account.baseUrl),
      auth: resolveAuth(reg.entry, account.credentials),
      headers: provider.headers,
      rateLimit: provider.rateLimit,
      bodyError: provider.bodyError,
      timeoutMs: config.VENDOR_TIMEOUT_MS,
      retry: { maxAttempts: config.VENDOR_MAX_ATTEMPTS, maxWaitMs: config.VENDOR_MAX_RETRY_WAIT_MS, baseDelayMs: config.VENDOR_RETRY_BASE_MS },
      maxBodyBytes: config.VENDOR_MAX_BODY_BYTES,
      integration: reg.entry.name,
      onCall: (c) => calls.push(c),
    });
  }

  async deleteUser(req: DeleteUserRequest, loaders: RequestLoaders): Promise<DeletionResult> {
    const id = checkUserId(req.id, req.naming);
    const { account, reg } = await this.account(req.integratedAccountId, loaders);
    const params: DeleteUserParams = validateParams(reg.entry, req.params, req.naming);
    const remoteQuery = checkRemoteQuery(req.remoteQuery, req.naming);
    const provider = reg.provider;
    if (!provider) {
      throw new AppError('UNSUPPORTED', `Deleting users is not implemented yet for ${reg.entry.name}`, { integration: reg.entry.slug });
    }
    const calls: VendorCall[] = [];
    const http = this.client(reg, provider, account, calls);
    const done = await performDeletion(provider, { http, id, params, context: account.context, remoteQuery });
    return {
      user: { ...done.user, integratedAccountId: account.id, deletionOutcome: done.outcome, remoteData: done.raw ?? null },
      outcome: done.outcome,
      rawResponse: done.response,
      calls,
    };
  }

  /** Federation: a User reference resolved through the per-request loader (deduplicated). */
  resolveUser(integratedAccountId: string, id: string, loaders: RequestLoaders): Promise<ServiceUser> {
    return loaders.users.load(`${integratedAccountId}\n${id}`);
  }

  private async readUser(integratedAccountId: string, rawId: string, loaders: RequestLoaders): Promise<ServiceUser> {
    const id = checkUserId(rawId, 'graphql');
    const { account, reg } = await this.account(integratedAccountId, loaders);
    const provider = reg.provider;
    if (!provider?.getUser) {
      throw new AppError('UNSUPPORTED', `Reading users is not implemented for ${reg.entry.name}`, { integration: reg.entry.slug });
    }
    const http = this.client(reg, provider, account, []);
    const raw = await provider.getUser({ http, id, params: {}, context: account.context });
    return { ...provider.toUser(raw, { id, params: {} }), integratedAccountId: account.id, deletionOutcome: null, remoteData: raw };
  }
}
