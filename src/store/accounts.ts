/**
 * Integrated accounts: one connected app of a customer. Credentials are validated against the
 * integration's declared auth methods and stored encrypted; they are decrypted only when a
 * deletion needs them and never returned by the API.
 *
 * Where the stored credentials go is guarded: a base-URL or token-URL override must be https on a
 * host of the integration (providers/core/host-rules.ts) unless an admin marked the account
 * self-hosted, and a tenant key changes where an account's credentials are sent only by giving
 * the credentials in the same update.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { AppError, badInput } from '../errors.js';
import { buildBaseUrl, fill, parseBaseUrl, validateContext, validateCredentials, type StoredCredentials } from '../providers/core/definition.js';
import { checkDestinationInput } from '../providers/core/host-rules.js';
import { EXTENSION_PARAM_NAMES, PARAM_NAMES, type CatalogEntry } from '../providers/core/types.js';
import { Cipher } from './crypto.js';
import { isPostgres, type DB, type IntegratedAccountsTable } from './db.js';
import { embeddedOf, Lru, type Embedded } from './embedded.js';
import { rewriteKeyCheck } from './key-check.js';

export interface AccountInfo {
  id: string;
  tenantId: string;
  integration: string;
  authMethod: string;
  context: Record<string, string>;
  baseUrl: string | null;
  tokenUrl: string | null;
  status: string;
  /** An admin marked it self-hosted: its overrides may be on hosts outside the integration's own. */
  selfHosted: boolean;
  /** deleteUser params an offboarding uses for this account (GraphQL names); {} for none. */
  defaultParams: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountWithCredentials extends AccountInfo {
  credentials: StoredCredentials;
}

export interface CreateAccount {
  integration: string;
  credentials: unknown;
  context?: unknown;
  baseUrl?: string | null;
  tokenUrl?: string | null;
  /** Admin only. */
  selfHosted?: boolean | null;
  defaultParams?: unknown;
}

export interface UpdateAccount {
  credentials?: unknown;
  context?: unknown;
  baseUrl?: string | null;
  tokenUrl?: string | null;
  /** Admin only. */
  selfHosted?: boolean | null;
  /** Replaces the default params; {} clears them. */
  defaultParams?: unknown;
}

/** Who changes an account: an admin key (or the operators' CLI), or a tenant's key. */
export interface AccountActor {
  admin: boolean;
  /** For the log line of a self-hosted change: the API key id, or "cli". */
  by: string;
}

/** A tenant's key: the default when a caller names no actor. */
export const TENANT_ACTOR: AccountActor = Object.freeze({ admin: false, by: 'tenant key' });

export interface AccountStoreOptions {
  /** ALLOW_PRIVATE_PROVIDER_HOSTS: overrides at literal private addresses are accepted (tests, local fakes). */
  allowPrivateHosts?: boolean;
  /** Where self-hosted changes are logged. */
  log?: Logger;
}

/** How old a freshness check an account lookup may reuse (the request's own API-key check). */
const ACCOUNT_CHECK_REUSE_MS = 1;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AccountStore {
  private readonly fast: Embedded | undefined;
  /** Embedded store only: accounts with decrypted credentials by tenant and id (see embedded.ts). */
  private readonly cached: Lru<AccountWithCredentials> | undefined;
  /**
   * Decrypted credential fields by ciphertext, on either store: the same ciphertext always
   * decrypts to the same fields, so this cannot go stale; it saves the decryption and JSON
   * parsing of every request (PostgreSQL still reads the row each time).
   */
  private readonly decrypted = new Lru<Readonly<Record<string, string>>>(10_000);

  constructor(
    private readonly db: Kysely<DB>,
    private readonly cipher: Cipher,
    private readonly integrations: (slug: string) => CatalogEntry | undefined,
    private readonly options: AccountStoreOptions = {},
  ) {
    this.fast = embeddedOf(db);
    this.cached = this.fast?.cache<AccountWithCredentials>(10_000);
  }

  private entry(slug: string): CatalogEntry {
    const entry = this.integrations(slug);
    if (!entry) throw badInput(`Unknown integration "${slug.slice(0, 100)}"; see the integrations query`);
    return entry;
  }

  async create(tenantId: string, input: CreateAccount, actor: AccountActor = TENANT_ACTOR): Promise<AccountInfo> {
    const entry = this.entry(input.integration);
    const credentials = validateCredentials(entry, input.credentials);
    const context = validateContext(entry, input.context);
    const selfHosted = this.selfHostedInput(input.selfHosted, actor) ?? false;
    const baseUrl = normaliseBaseUrl(input.baseUrl, 'baseUrl');
    const tokenUrl = normaliseBaseUrl(input.tokenUrl, 'tokenUrl');
    this.checkOverrides(entry, baseUrl, tokenUrl, selfHosted);
    const now = new Date().toISOString();
    const row: IntegratedAccountsTable = {
      id: randomUUID(),
      tenant_id: tenantId,
      integration: entry.slug,
      auth_method: credentials.method,
      credentials_enc: this.cipher.encrypt(JSON.stringify(credentials.fields)),
      context: JSON.stringify(context),
      base_url: baseUrl,
      token_url: tokenUrl,
      status: 'active',
      self_hosted: selfHosted ? 1 : 0,
      default_params: checkDefaultParams(entry, input.defaultParams),
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('integrated_accounts').values(row).execute();
    if (selfHosted) this.logSelfHosted(row, actor);
    return toInfo(row);
  }

  async update(tenantId: string, id: string, input: UpdateAccount, actor: AccountActor = TENANT_ACTOR): Promise<AccountInfo> {
    const row = await this.row(tenantId, id);
    if (!row) throw notFound();
    const entry = this.entry(row.integration);
    const patch: Partial<IntegratedAccountsTable> = { updated_at: new Date().toISOString() };
    const withCredentials = input.credentials !== undefined && input.credentials !== null;
    if (withCredentials) {
      const credentials = validateCredentials(entry, input.credentials);
      patch.auth_method = credentials.method;
      patch.credentials_enc = this.cipher.encrypt(JSON.stringify(credentials.fields));
      patch.status = 'active';
    }
    if (input.context !== undefined && input.context !== null) patch.context = JSON.stringify(validateContext(entry, input.context));
    if (input.baseUrl !== undefined) patch.base_url = normaliseBaseUrl(input.baseUrl, 'baseUrl');
    if (input.tokenUrl !== undefined) patch.token_url = normaliseBaseUrl(input.tokenUrl, 'tokenUrl');
    if (input.defaultParams !== undefined && input.defaultParams !== null) patch.default_params = checkDefaultParams(entry, input.defaultParams);
    const selfHosted = this.selfHostedInput(input.selfHosted, actor);
    if (selfHosted !== undefined) patch.self_hosted = selfHosted ? 1 : 0;
    const next = { ...row, ...patch };
    // The stored credentials stay where they were sent: a tenant key that moves them (another
    // base URL, token URL, or a context value the vendor's URLs are built from) gives new ones.
    if (!withCredentials && !actor.admin && destinationsOf(entry, row) !== destinationsOf(entry, next)) {
      throw badInput(
        'Changing where the stored credentials are sent (baseUrl, tokenUrl, or a context value in the vendor URL) needs the credentials in the same update: give credentials too',
        { integration: entry.slug, field: 'credentials' },
      );
    }
    this.checkOverrides(entry, next.base_url, next.token_url, next.self_hosted === 1);
    await this.db.updateTable('integrated_accounts').set(patch).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute();
    if (patch.self_hosted !== undefined && patch.self_hosted !== row.self_hosted) this.logSelfHosted(next, actor);
    return toInfo(next);
  }

  /** `selfHosted` from input: only an admin (key or CLI) gives it. */
  private selfHostedInput(value: boolean | null | undefined, actor: AccountActor): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (!actor.admin) throw new AppError('FORBIDDEN', 'selfHosted is set by an admin key only: ask an admin to mark the account self-hosted');
    return value;
  }

  private checkOverrides(entry: CatalogEntry, baseUrl: string | null, tokenUrl: string | null, selfHosted: boolean): void {
    const policy = { selfHosted, allowPrivateHosts: this.options.allowPrivateHosts === true };
    if (baseUrl) checkDestinationInput(entry, 'baseUrl', new URL(baseUrl), policy);
    if (tokenUrl) checkDestinationInput(entry, 'tokenUrl', new URL(tokenUrl), policy);
  }

  private logSelfHosted(row: IntegratedAccountsTable, actor: AccountActor): void {
    this.options.log?.info(
      { tenant: row.tenant_id, account: row.id, integration: row.integration, selfHosted: row.self_hosted === 1, by: actor.by },
      row.self_hosted === 1 ? 'integrated account marked self-hosted: its base URL and token URL may be on any https host' : 'integrated account no longer self-hosted',
    );
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const res = await this.db.deleteFrom('integrated_accounts').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async list(tenantId: string): Promise<AccountInfo[]> {
    const rows = await this.db.selectFrom('integrated_accounts').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').execute();
    return rows.map(toInfo);
  }

  async get(tenantId: string, id: string): Promise<AccountInfo | undefined> {
    const row = await this.row(tenantId, id);
    return row && toInfo(row);
  }

  /**
   * Loads many accounts of one tenant with decrypted credentials (the DataLoader batch
   * function). Another tenant's account is not found, exactly like an id that does not exist:
   * the same query, the same answer.
   */
  async loadMany(tenantId: string, ids: readonly string[]): Promise<Array<AccountWithCredentials | undefined>> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    const found = new Map<string, AccountWithCredentials>();
    let missing = valid;
    const fast = this.fast;
    // Reuses the check of this request's API-key lookup (at most 1 ms old; see Embedded.fresh).
    if (fast?.fresh(ACCOUNT_CHECK_REUSE_MS)) {
      missing = [];
      const cached = this.cached!;
      for (const id of valid) {
        const hit = cached.get(`${tenantId}\n${id}`);
        if (hit) found.set(id, hit);
        else missing.push(id);
      }
      const stmt = missing.length ? fast.statement('select * from "integrated_accounts" where "tenant_id" = ? and "id" = ?') : undefined;
      if (stmt) {
        for (const id of missing) {
          const row = stmt.get(tenantId, id) as IntegratedAccountsTable | undefined;
          if (!row) continue;
          const account = this.withCredentials(row);
          cached.set(`${tenantId}\n${id}`, account);
          found.set(id, account);
        }
        missing = [];
      }
    }
    if (missing.length) {
      const rows = await this.db.selectFrom('integrated_accounts').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', missing).execute();
      for (const row of rows) found.set(row.id, this.withCredentials(row));
    }
    // Copies: callers replace `credentials` after a token refresh; the cached object stays as read.
    return ids.map((id) => {
      const account = found.get(id);
      return account && { ...account };
    });
  }

  /**
   * Key rotation: re-encrypts, with the current key, every stored credential that is under
   * another key. Each row is rewritten only if it did not change meanwhile. Returns counts.
   */
  async reencryptAll(): Promise<{ total: number; reencrypted: number; failed: string[] }> {
    const rows = await this.db.selectFrom('integrated_accounts').select(['id', 'credentials_enc']).execute();
    let reencrypted = 0;
    const failed: string[] = [];
    for (const row of rows) {
      if (Cipher.keyIdOf(row.credentials_enc) === this.cipher.keyId) continue;
      let plain: string;
      try {
        plain = this.cipher.decrypt(row.credentials_enc);
      } catch {
        failed.push(row.id);
        continue;
      }
      const res = await this.db
        .updateTable('integrated_accounts')
        .set({ credentials_enc: this.cipher.encrypt(plain) })
        .where('id', '=', row.id)
        .where('credentials_enc', '=', row.credentials_enc)
        .executeTakeFirst();
      reencrypted += Number(res.numUpdatedRows);
    }
    // The key check moves to the current key too: the previous keys are no longer needed to start.
    await rewriteKeyCheck(this.db, this.cipher);
    return { total: rows.length, reencrypted, failed };
  }

  /**
   * Runs `fn` with the account's current row and functions to store new credentials or mark it
   * needs_reauth. On PostgreSQL the row is locked (`SELECT … FOR UPDATE` in a transaction) for
   * the whole of `fn`, so two processes refreshing one account take turns. The embedded SQLite
   * store serves one process, whose callers are already single-flight; there `fn` runs without
   * a transaction (it would hold the store's only connection during a network call).
   */
  async withLockedAccount<T>(
    tenantId: string,
    id: string,
    fn: (current: AccountWithCredentials | undefined, save: (c: StoredCredentials) => Promise<void>, markNeedsReauth: () => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const run = async (db: Kysely<DB>, lock: boolean): Promise<T> => {
      let q = db.selectFrom('integrated_accounts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
      if (lock) q = q.forUpdate();
      const row = UUID.test(id) ? await q.executeTakeFirst() : undefined;
      const current = row ? this.withCredentials(row) : undefined;
      const save = async (c: StoredCredentials) => {
        await db
          .updateTable('integrated_accounts')
          .set({ auth_method: c.method, credentials_enc: this.cipher.encrypt(JSON.stringify(c.fields)), updated_at: new Date().toISOString() })
          .where('id', '=', id)
          .execute();
      };
      const markNeedsReauth = async () => {
        await db.updateTable('integrated_accounts').set({ status: 'needs_reauth', updated_at: new Date().toISOString() }).where('id', '=', id).execute();
      };
      return fn(current, save, markNeedsReauth);
    };
    if (isPostgres(this.db)) return this.db.transaction().execute((trx) => run(trx, true));
    return run(this.db, false);
  }

  /** The account with its credentials decrypted; the result and its nested objects are frozen. */
  withCredentials(row: IntegratedAccountsTable): AccountWithCredentials {
    let fields = this.decrypted.get(row.credentials_enc);
    if (!fields) {
      try {
        fields = Object.freeze(JSON.parse(this.cipher.decrypt(row.credentials_enc)) as Record<string, string>);
      } catch {
        throw new AppError('REAUTH_REQUIRED', `The credentials of integrated account ${row.id} cannot be decrypted with the configured encryption keys; reconnect the account`);
      }
      this.decrypted.set(row.credentials_enc, fields);
    }
    const info = toInfo(row);
    Object.freeze(info.context);
    return Object.freeze({ ...info, credentials: Object.freeze({ method: row.auth_method, fields: fields as Record<string, string> }) });
  }

  private async row(tenantId: string, id: string): Promise<IntegratedAccountsTable | undefined> {
    if (!UUID.test(id)) return undefined;
    return this.db.selectFrom('integrated_accounts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }
}

function normaliseBaseUrl(raw: string | null | undefined, field: 'baseUrl' | 'tokenUrl'): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  try {
    return parseBaseUrl(raw.trim()).href.replace(/\/+$/, '');
  } catch (err) {
    // parseBaseUrl names baseUrl; the token URL is checked the same way.
    if (field === 'tokenUrl' && err instanceof AppError) throw badInput(err.message.replace(/^baseUrl/, 'tokenUrl'), { field });
    throw err instanceof AppError ? badInput(err.message, { field }) : err;
  }
}

/**
 * Where an account's credentials go: its base URL and the token URL (and audience) of its auth
 * method, as one string to compare before and after an update. Unbuildable parts (a context
 * value missing) count as their template.
 */
function destinationsOf(entry: CatalogEntry, row: IntegratedAccountsTable): string {
  const context = JSON.parse(row.context) as Record<string, string>;
  const attempt = (f: () => string, fallback: string) => {
    try {
      return f();
    } catch {
      return fallback;
    }
  };
  const base = attempt(() => buildBaseUrl(entry, context, row.base_url).href, `${row.base_url ?? entry.baseUrl}`);
  const scheme = entry.auth[row.auth_method]?.scheme;
  const token =
    scheme?.kind === 'oauth2' || scheme?.kind === 'jwt_bearer'
      ? attempt(() => row.token_url ?? fill(scheme.tokenUrl, context, 'tokenUrl'), scheme.tokenUrl)
      : scheme?.kind === 'session' && !scheme.signIn.url.startsWith('/')
        ? attempt(() => row.token_url ?? fill(scheme.signIn.url, context, 'signIn url'), scheme.signIn.url)
        : (row.token_url ?? '');
  const audience = scheme?.kind === 'oauth2' && scheme.audience ? attempt(() => fill(scheme.audience!, context, 'audience'), scheme.audience) : '';
  return JSON.stringify([base, token, audience]);
}

/**
 * Default params of an account: an object of params the integration takes (GraphQL names), each
 * a string, boolean or list; checked in full (with the rest of the input) by each deletion.
 */
function checkDefaultParams(entry: CatalogEntry, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw badInput('defaultParams must be an object of deleteUser params, such as {"organizationId": "acme"}', { field: 'defaultParams' });
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return null;
  const known = new Set<string>([...PARAM_NAMES.filter((p) => entry.params[p]), ...EXTENSION_PARAM_NAMES.filter((p) => entry.extensionParams?.[p])]);
  const unknown = entries.map(([k]) => k).filter((k) => !known.has(k));
  if (unknown.length) {
    throw badInput(`defaultParams: ${entry.name} does not take ${unknown.map((k) => k.slice(0, 60)).join(', ')}; ${known.size ? `it takes ${[...known].join(', ')}` : 'it takes no params'}`, { field: 'defaultParams' });
  }
  const json = JSON.stringify(value);
  if (json.length > 8192) throw badInput('defaultParams must be at most 8192 bytes of JSON', { field: 'defaultParams' });
  for (const [k, v] of entries) {
    const ok = typeof v === 'string' || typeof v === 'boolean' || (Array.isArray(v) && v.length <= 100);
    if (!ok) throw badInput(`defaultParams.${k} must be a string, a boolean or a list`, { field: 'defaultParams' });
  }
  return json;
}

export function notFound(): AppError {
  return new AppError('INTEGRATED_ACCOUNT_NOT_FOUND', 'No integrated account with that id');
}

export function toInfo(row: IntegratedAccountsTable): AccountInfo {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    integration: row.integration,
    authMethod: row.auth_method,
    context: JSON.parse(row.context) as Record<string, string>,
    baseUrl: row.base_url,
    tokenUrl: row.token_url,
    status: row.status,
    selfHosted: row.self_hosted === 1,
    defaultParams: row.default_params ? (JSON.parse(row.default_params) as Record<string, unknown>) : {},
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
