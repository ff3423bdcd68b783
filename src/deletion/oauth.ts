/**
 * OAuth 2.0 access tokens of integrated accounts: refreshed when expired (60 s early) or when the
 * vendor answers 401, once per call. Refresh is single-flight: in this process one refresh per
 * account is in flight at a time, and across processes the account row is locked (PostgreSQL
 * `SELECT … FOR UPDATE`) while the token is exchanged, so whoever comes second finds the fresh
 * token instead of spending the refresh token again.
 *
 * Grants: `refresh_token` for authorization-code accounts (RFC 6749 §6), `client_credentials`
 * (§4.4) for app-only accounts, whose "refresh" is a new exchange. A refusal by the token
 * endpoint (400 invalid_grant, 401 invalid_client, ...) marks the account `needs_reauth` and the
 * call fails with REAUTH_REQUIRED; the account stays refused until updateIntegratedAccount gives
 * it new credentials.
 */
import { request } from 'undici';
import { AppError } from '../errors.js';
import { fill, redactorFor, type StoredCredentials } from '../providers/core/definition.js';
import { checkDestinationAtUse } from '../providers/core/host-rules.js';
import { readLimited } from '../providers/core/http.js';
import { PrivateHostError, type Transport } from '../providers/core/transport.js';
import type { AuthScheme, CatalogEntry } from '../providers/core/types.js';
import type { AccountStore, AccountWithCredentials } from '../store/accounts.js';

type OAuthScheme = Extract<AuthScheme, { kind: 'oauth2' }>;

const SKEW_MS = 60_000;
const MAX_TOKEN_BODY = 64 * 1024;

export function oauthScheme(entry: CatalogEntry, creds: StoredCredentials): OAuthScheme | undefined {
  const scheme = entry.auth[creds.method]?.scheme;
  return scheme?.kind === 'oauth2' ? scheme : undefined;
}

/** `expiresAt` as ISO 8601 or epoch seconds; undefined when not given or unreadable. */
export function expiryOf(creds: StoredCredentials): number | undefined {
  const raw = creds.fields.expiresAt;
  if (!raw) return undefined;
  const t = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  return Number.isFinite(t) ? t : undefined;
}

export function needsRefresh(creds: StoredCredentials, now = Date.now()): boolean {
  if (!creds.fields.accessToken) return true;
  const exp = expiryOf(creds);
  return exp !== undefined && exp - SKEW_MS <= now;
}

export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<StoredCredentials>>();

  constructor(
    private readonly deps: { accounts: AccountStore; transport: Transport; timeoutMs: number },
  ) {}

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
      const scheme = oauthScheme(entry, creds);
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

  private async exchange(
    entry: CatalogEntry,
    scheme: OAuthScheme,
    account: AccountWithCredentials,
    creds: StoredCredentials,
  ): Promise<{ creds: StoredCredentials } | { refused: string }> {
    const f = creds.fields;
    const form: Record<string, string> = {};
    if (scheme.grant === 'client_credentials') {
      form.grant_type = 'client_credentials';
      if (scheme.scopes?.length) form.scope = scheme.scopes.join(' ');
    } else {
      if (!f.refreshToken) return { refused: 'the account has no refresh token' };
      form.grant_type = 'refresh_token';
      form.refresh_token = f.refreshToken;
    }
    let url: URL;
    try {
      if (scheme.audience) form.audience = fill(scheme.audience, account.context, 'audience');
      url = new URL(account.tokenUrl ?? fill(scheme.tokenUrl, account.context, 'tokenUrl'));
    } catch {
      throw new AppError('BAD_USER_INPUT', `The account's context lacks a value the ${entry.name} token request needs (see integration.contextFields); update the account`, {
        integration: entry.name,
      });
    }
    // A token URL override stored before the host rules is checked again: the refresh token and
    // client secret go nowhere the account could not be given today.
    if (account.tokenUrl) checkDestinationAtUse(entry, 'tokenUrl', url, { selfHosted: account.selfHosted, allowPrivateHosts: this.deps.transport.allowPrivateHosts });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (f.clientId && f.clientSecret && scheme.clientAuth === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(f.clientId)}:${encodeURIComponent(f.clientSecret)}`).toString('base64')}`;
    } else {
      if (f.clientId) form.client_id = f.clientId;
      if (f.clientSecret) form.client_secret = f.clientSecret;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refused: 'the token URL is not http(s)' };
    let status: number;
    let text: string;
    try {
      this.deps.transport.checkHost(url.hostname);
      const res = await request(url, {
        method: 'POST',
        headers,
        body: new URLSearchParams(form).toString(),
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
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // RFC 6749 answers are JSON; anything else is read as an error below.
    }
    if (status === 400 || status === 401 || status === 403) {
      // The vendor's error code is vendor text: the account's secrets are redacted from it.
      const code = typeof body.error === 'string' ? redactorFor(entry, creds).text(body.error).slice(0, 100) : `HTTP ${status}`;
      return { refused: `the token endpoint refused the refresh (${code})` };
    }
    if (status < 200 || status >= 300 || typeof body.access_token !== 'string' || body.access_token === '') {
      throw new AppError('REMOTE_ERROR', `the ${entry.name} token endpoint answered HTTP ${status} without an access token`, {
        integration: entry.name,
        remote: { status },
      });
    }
    const next: Record<string, string> = { ...f, accessToken: body.access_token };
    if (typeof body.refresh_token === 'string' && body.refresh_token) next.refreshToken = body.refresh_token;
    const expiresIn = Number(body.expires_in);
    if (Number.isFinite(expiresIn) && expiresIn > 0) next.expiresAt = new Date(Date.now() + expiresIn * 1000).toISOString();
    else delete next.expiresAt;
    return { creds: { method: creds.method, fields: next } };
  }
}

function reauth(entry: CatalogEntry, why?: string): AppError {
  return new AppError(
    'REAUTH_REQUIRED',
    `${entry.name} refused to renew the account's access${why ? `: ${why}` : ''}; reconnect the integrated account (updateIntegratedAccount with new credentials)`,
    { integration: entry.name },
  );
}
