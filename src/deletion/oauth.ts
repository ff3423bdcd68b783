/**
 * Access tokens of integrated accounts, for every auth kind whose token the core acquires:
 * OAuth 2.0 (refresh token, client credentials, Zoom's account credentials), JWT bearer
 * assertions (RFC 7523: Google service accounts, Salesforce, DocuSign, Box) and sign-in
 * sessions (Tableau, Looker, Jamf), and key-pair JWTs signed locally (Snowflake). The request of each kind is built in token-kinds.ts; this
 * file runs it. A token is stored with the account (encrypted, like the credentials) and reused
 * until 60 s before it expires; it is renewed then, or when the vendor answers 401, once per
 * call. Renewal is single-flight: in this process one renewal per account is in flight at a
 * time, and across processes the account row is locked (PostgreSQL `SELECT … FOR UPDATE`) while
 * the token is exchanged, so whoever comes second finds the fresh token instead of asking again.
 *
 * A refusal by the token endpoint (400 invalid_grant, 401 invalid_client, a sign-in answered 401,
 * ...) or credentials that cannot make a request (no refresh token, an unreadable private key)
 * mark the account `needs_reauth` and the call fails with REAUTH_REQUIRED; the account stays
 * refused until updateIntegratedAccount gives it new credentials.
 */
import { request } from 'undici';
import { AppError } from '../errors.js';
import { contextWithProvided, PROVIDED_FIELD, resolveAuth, tokenScheme, type StoredCredentials } from '../providers/core/definition.js';
import { readLimited, type ResolvedAuth } from '../providers/core/http.js';
import { PrivateHostError, type Transport } from '../providers/core/transport.js';
import type { CatalogEntry, TokenScheme } from '../providers/core/types.js';
import type { AccountStore, AccountWithCredentials } from '../store/accounts.js';
import { buildTokenRequest, parseTime, readProvided, readTokenAnswer, signKeypairJwt, tokenEndpoint, type TokenAnswer } from './token-kinds.js';


const SKEW_MS = 60_000;
const MAX_TOKEN_BODY = 64 * 1024;

/** `expiresAt` as ISO 8601 or epoch seconds; undefined when not given or unreadable. */
export function expiryOf(creds: StoredCredentials): number | undefined {
  const raw = creds.fields.expiresAt;
  return raw ? parseTime(raw) : undefined;
}

export function needsRefresh(creds: StoredCredentials, now = Date.now()): boolean {
  if (!creds.fields.accessToken) return true;
  const exp = expiryOf(creds);
  return exp !== undefined && exp - SKEW_MS <= now;
}

export interface ClientAuth {
  auth: ResolvedAuth;
  /** The context the base URL is built from and the provider receives. */
  context: Record<string, string>;
  /** For VendorHttp: renew the token once when the vendor answers 401. */
  onUnauthorized?: () => Promise<ResolvedAuth>;
}

export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<StoredCredentials>>();

  constructor(
    private readonly deps: { accounts: AccountStore; transport: Transport; timeoutMs: number },
  ) {}

  /**
   * The auth of one vendor client for the account: for the kinds whose token the core acquires,
   * the stored token (renewed first when missing or due), the account's context with the values
   * the token answer provided, and a renewal to retry a 401 with; other kinds as resolved.
   * `account.credentials` is replaced by the renewed ones.
   */
  async clientAuth(account: AccountWithCredentials, entry: CatalogEntry): Promise<ClientAuth> {
    if (!tokenScheme(entry, account.credentials)) return { auth: resolveAuth(entry, account.credentials), context: account.context };
    if (needsRefresh(account.credentials)) account.credentials = await this.refresh(account, entry, account.credentials.fields.accessToken);
    return {
      auth: resolveAuth(entry, account.credentials),
      context: contextWithProvided(account.context, account.credentials),
      onUnauthorized: async () => {
        account.credentials = await this.refresh(account, entry, account.credentials.fields.accessToken);
        return resolveAuth(entry, account.credentials);
      },
    };
  }

  /**
   * Fresh credentials for the account. `stale` is the access token the caller found wanting
   * (expired, or answered 401): if the stored token differs, someone refreshed meanwhile and the
   * stored one is returned without calling the token endpoint.
   */
  refresh(account: AccountWithCredentials, entry: CatalogEntry, stale: string | undefined): Promise<StoredCredentials> {
    const running = this.inFlight.get(account.id);
    if (running) return running;
    const p = this.refreshLocked(account, entry, stale).finally(() => this.inFlight.delete(account.id));
    this.inFlight.set(account.id, p);
    return p;
  }

  private async refreshLocked(account: AccountWithCredentials, entry: CatalogEntry, stale: string | undefined): Promise<StoredCredentials> {
    const outcome = await this.deps.accounts.withLockedAccount(account.tenantId, account.id, async (current, save, markNeedsReauth) => {
      if (!current) return { error: new AppError('INTEGRATED_ACCOUNT_NOT_FOUND', 'No integrated account with that id') };
      if (current.status === 'needs_reauth') return { error: reauth(entry) };
      const creds = current.credentials;
      if (creds.fields.accessToken && creds.fields.accessToken !== stale && !needsRefresh(creds)) return { creds };
      const scheme = tokenScheme(entry, creds);
      if (!scheme) return { error: reauth(entry) };
      const result = await this.exchange(entry, scheme, current, creds);
      if ('refused' in result) {
        await markNeedsReauth();
        return { error: reauth(entry, result.refused) };
      }
      await save(result.creds);
      return { creds: result.creds };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.creds;
  }

  /** One token request of the account's kind, then (jwt_bearer with a lookup) one GET with the new token. */
  private async exchange(
    entry: CatalogEntry,
    scheme: TokenScheme,
    account: AccountWithCredentials,
    creds: StoredCredentials,
  ): Promise<{ creds: StoredCredentials } | { refused: string }> {
    if (scheme.kind === 'keypair_jwt') {
      const signed = await signKeypairJwt(scheme, creds.fields, Date.now());
      if ('refused' in signed) return signed;
      return { creds: { method: creds.method, fields: { ...creds.fields, accessToken: signed.token, expiresAt: signed.expiresAt } } };
    }
    const url = tokenEndpoint(entry, scheme, account, this.deps.transport.allowPrivateHosts);
    const now = Date.now();
    const built = await buildTokenRequest(entry, scheme, account, creds, url, now);
    if ('refused' in built) return built;
    const res = await this.send(entry, 'POST', url, built.headers, built.body);
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      return { refused: `the token endpoint refused the ${scheme.kind === 'session' ? 'sign-in' : 'refresh'} (${refusalCode(res.body, res.status, creds)})` };
    }
    if (res.status < 200 || res.status >= 300) {
      throw new AppError('REMOTE_ERROR', `the ${entry.name} token endpoint answered HTTP ${res.status} without an access token`, {
        integration: entry.name,
        remote: { status: res.status },
      });
    }
    const answer: TokenAnswer = readTokenAnswer(entry, scheme, account, res.status, res.body, now);
    if (scheme.kind === 'jwt_bearer' && scheme.lookup) {
      const lookupUrl = new URL(scheme.lookup.url, url);
      const found = await this.send(entry, 'GET', lookupUrl, { accept: 'application/json', authorization: `Bearer ${answer.accessToken}` }, undefined);
      if (found.status < 200 || found.status >= 300) {
        throw new AppError('REMOTE_ERROR', `the ${entry.name} lookup after the token exchange (${lookupUrl.pathname}) answered HTTP ${found.status}`, {
          integration: entry.name,
          remote: { status: found.status },
        });
      }
      Object.assign(answer.provided, readProvided(entry, scheme.lookup.provides, found.body, account.context));
    }
    const next: Record<string, string> = { ...creds.fields, accessToken: answer.accessToken };
    if (answer.refreshToken) next.refreshToken = answer.refreshToken;
    if (answer.expiresAt) next.expiresAt = answer.expiresAt;
    else delete next.expiresAt;
    if (Object.keys(answer.provided).length) next[PROVIDED_FIELD] = JSON.stringify(answer.provided);
    else delete next[PROVIDED_FIELD];
    return { creds: { method: creds.method, fields: next } };
  }

  /** One call to a token endpoint (or lookup): bounded in time and size, never redirected, private hosts refused. */
  private async send(entry: CatalogEntry, method: 'GET' | 'POST', url: URL, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; body: unknown }> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError('BAD_USER_INPUT', `the ${entry.name} token URL is not http(s); update the account`, { integration: entry.name });
    }
    let status: number;
    let text: string;
    try {
      this.deps.transport.checkHost(url.hostname);
      const res = await request(url, {
        method,
        headers,
        body,
        dispatcher: this.deps.transport.dispatcher,
        headersTimeout: this.deps.timeoutMs,
        bodyTimeout: this.deps.timeoutMs,
        signal: AbortSignal.timeout(this.deps.timeoutMs),
        maxRedirections: 0,
      } as Parameters<typeof request>[1]);
      status = res.statusCode;
      text = await readLimited(res.body, MAX_TOKEN_BODY);
    } catch (err) {
      // A private token URL is refused like a private base URL (FORBIDDEN), not reported as unreachable.
      const refused = err instanceof PrivateHostError ? err : (err as { cause?: unknown })?.cause;
      if (refused instanceof PrivateHostError) {
        throw new AppError('FORBIDDEN', `${refused.message} for the ${entry.name} token endpoint; set ALLOW_PRIVATE_PROVIDER_HOSTS=1 to allow it`, { integration: entry.name });
      }
      throw new AppError('REMOTE_ERROR', `could not reach the ${entry.name} token endpoint at ${url.host}`, { integration: entry.name });
    }
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch {
      // Token answers are JSON; anything else is read as an answer without a token.
      return { status, body: undefined };
    }
  }
}

/**
 * The error code of a refusal (RFC 6749 §5.2 `error`: `invalid_grant`, `invalid_client`, ...),
 * shown in REAUTH_REQUIRED. Only a short code is taken, and never one that carries a credential
 * of the account: a token endpoint that echoes what it got (a client secret, a refresh token)
 * in `error` gets the HTTP status shown instead.
 */
export function refusalCode(body: unknown, status: number, creds: StoredCredentials): string {
  const error = (body as Record<string, unknown> | undefined)?.error;
  if (typeof error !== 'string' || !/^[A-Za-z0-9_.-]{1,60}$/.test(error)) return `HTTP ${status}`;
  const leaks = Object.values(creds.fields).some((v) => v.length >= 4 && (error.includes(v) || v.includes(error)));
  return leaks ? `HTTP ${status}` : error;
}

function reauth(entry: CatalogEntry, why?: string): AppError {
  return new AppError(
    'REAUTH_REQUIRED',
    `${entry.name} refused to renew the account's access${why ? `: ${why}` : ''}; reconnect the integrated account (updateIntegratedAccount with new credentials)`,
    { integration: entry.name },
  );
}
