/**
 * The token requests of the auth kinds whose token the core acquires (deletion/oauth.ts runs
 * them single-flight, stores the answer and marks refused accounts needs_reauth). One builder
 * and one reader per kind, each pure apart from the JWT signature:
 *
 *  - oauth2: RFC 6749 `refresh_token` (§6), `client_credentials` (§4.4), and Zoom's
 *    `account_credentials`, with the vendor's extra form fields (Zoom's `account_id`, Box's
 *    `box_subject_type`/`box_subject_id`).
 *  - jwt_bearer: RFC 7523 §2.1. A JWT signed RS256 with the account's private key (jose, over a
 *    node:crypto KeyObject) posted as `assertion` with
 *    `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`.
 *  - session: a sign-in call (JSON or form body, or HTTP Basic) whose answer holds a session
 *    token, its lifetime and values the provider uses (Tableau's site id).
 *  - keypair_jwt: no request at all — a JWT signed RS256 with the account's private key is the
 *    token itself (Snowflake key-pair authentication), re-signed before it expires.
 *
 * Token URLs and sign-in URLs go through `tokenEndpoint`, the one place that resolves where
 * credentials are sent (the account's `tokenUrl` override first).
 */
import { checkDestinationAtUse } from '../providers/core/host-rules.js';
import { createHash, createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AppError } from '../errors.js';
import {
  buildBaseUrl,
  checkContextValue,
  fill,
  fillOrOmit,
  PASSPHRASE_FIELD,
  PRIVATE_KEY_FIELD,
  privateKeyProblem,
  type StoredCredentials,
} from '../providers/core/definition.js';
import type { CatalogEntry, ProvidedContext, TokenScheme, ValuePath } from '../providers/core/types.js';
import type { AccountWithCredentials } from '../store/accounts.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A token request ready to send: always a POST. */
export interface TokenRequest {
  headers: Record<string, string>;
  body: string | undefined;
}

/** What a token answer gave: the token, when it expires, and context values for the provider. */
export interface TokenAnswer {
  accessToken: string;
  refreshToken?: string;
  /** ISO 8601; undefined when the vendor says nothing (the token is used until a 401). */
  expiresAt?: string;
  provided: Record<string, string>;
}

/** A refusal the account cannot recover from without new credentials (→ needs_reauth). */
export interface Refused {
  refused: string;
}

/**
 * Where the token request goes: the account's `tokenUrl` override, else the scheme's token URL
 * (oauth2, jwt_bearer) or sign-in URL (session: a path under the account's base URL, or an
 * absolute template) filled with the account's context.
 */
export function tokenEndpoint(entry: CatalogEntry, scheme: TokenScheme, account: AccountWithCredentials, allowPrivateHosts = false): URL {
  if (account.tokenUrl) {
    let url: URL;
    try {
      url = new URL(account.tokenUrl);
    } catch {
      throw contextError(entry);
    }
    // A token URL override stored before the host rules is checked again: the refresh token,
    // client secret or signed assertion go nowhere the account could not be given today.
    checkDestinationAtUse(entry, 'tokenUrl', url, { selfHosted: account.selfHosted, allowPrivateHosts });
    return url;
  }
  if (scheme.kind === 'keypair_jwt') {
    // Signed here and sent as is: nothing is posted anywhere.
    throw new AppError('INTERNAL_SERVER_ERROR', `${entry.name}'s key-pair JWT has no token endpoint`, { integration: entry.name });
  }
  try {
    if (scheme.kind !== 'session') return new URL(fill(scheme.tokenUrl, account.context, 'tokenUrl'));
    const template = scheme.signIn.url;
    if (!template.startsWith('/')) return new URL(fill(template, account.context, 'signIn url'));
    const base = buildBaseUrl(entry, account.context, account.baseUrl);
    const url = new URL(base.href);
    url.pathname = base.pathname.replace(/\/+$/, '') + template;
    return url;
  } catch {
    throw contextError(entry);
  }
}

function contextError(entry: CatalogEntry): AppError {
  return new AppError('BAD_USER_INPUT', `The account's context lacks a value the ${entry.name} token request needs (see integration.contextFields); update the account`, {
    integration: entry.name,
  });
}

/** The request of one kind, or a refusal (no refresh token, an unreadable private key). */
export async function buildTokenRequest(
  entry: CatalogEntry,
  scheme: TokenScheme,
  account: AccountWithCredentials,
  creds: StoredCredentials,
  url: URL,
  nowMs: number,
): Promise<TokenRequest | Refused> {
  const f = creds.fields;
  const headers: Record<string, string> = { accept: 'application/json' };
  switch (scheme.kind) {
    case 'oauth2': {
      const form: Record<string, string> = {};
      if (scheme.grant === 'authorization_code') {
        if (!f.refreshToken) return { refused: 'the account has no refresh token' };
        form.grant_type = 'refresh_token';
        form.refresh_token = f.refreshToken;
      } else {
        form.grant_type = scheme.grant;
        if (scheme.scopes?.length) form.scope = scheme.scopes.join(' ');
        Object.assign(form, fillForm(scheme.form, f));
      }
      if (scheme.audience) {
        try {
          form.audience = fill(scheme.audience, account.context, 'audience');
        } catch {
          throw contextError(entry);
        }
      }
      if (f.clientId && f.clientSecret && scheme.clientAuth === 'basic') {
        headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(f.clientId)}:${encodeURIComponent(f.clientSecret)}`).toString('base64')}`;
      } else {
        if (f.clientId) form.client_id = f.clientId;
        if (f.clientSecret) form.client_secret = f.clientSecret;
      }
      return formRequest(headers, form);
    }
    case 'jwt_bearer': {
      const assertion = await signAssertion(scheme, f, url, nowMs);
      if (typeof assertion !== 'string') return assertion;
      return formRequest(headers, { grant_type: JWT_BEARER_GRANT, assertion, ...fillForm(scheme.form, f) });
    }
    case 'session': {
      const { json, form, basic } = scheme.signIn;
      if (basic) {
        const user = fillOrOmit(basic.username, f);
        const password = fillOrOmit(basic.password, f);
        if (user === undefined || password === undefined) return { refused: 'the account lacks the sign-in user name or password' };
        headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      }
      if (json) {
        headers['content-type'] = 'application/json';
        return { headers, body: JSON.stringify(fillJson(json, f)) };
      }
      if (form) return formRequest(headers, fillForm(form, f));
      return { headers, body: undefined };
    }
    case 'keypair_jwt':
      return { refused: 'a key-pair JWT is signed, not requested' };
    default: {
      const never: never = scheme;
      return never;
    }
  }
}

/**
 * A key-pair JWT (Snowflake): claims filled from the credential fields (those listed in `upper`
 * upper-cased) and `{publicKeyFingerprint}` — `SHA256:` + base64 of the SHA-256 digest of the
 * DER (SubjectPublicKeyInfo) public key derived from the private key; `iat`, and `exp` = iat +
 * the vendor's maximum lifetime. Header `alg: RS256`, `typ: JWT`. The JWT itself is the token.
 */
export async function signKeypairJwt(
  scheme: Extract<TokenScheme, { kind: 'keypair_jwt' }>,
  f: Readonly<Record<string, string>>,
  nowMs: number,
): Promise<{ token: string; expiresAt: string } | Refused> {
  const pem = f[PRIVATE_KEY_FIELD];
  if (!pem) return { refused: 'the account has no private key' };
  const problem = privateKeyProblem(pem, f[PASSPHRASE_FIELD]);
  if (problem) return { refused: `the private key ${problem}` };
  const key = createPrivateKey({ key: pem, format: 'pem', ...(f[PASSPHRASE_FIELD] ? { passphrase: f[PASSPHRASE_FIELD] } : {}) });
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const values: Record<string, string> = { ...f, publicKeyFingerprint: `SHA256:${createHash('sha256').update(der).digest('base64')}` };
  for (const name of scheme.upper ?? []) if (values[name] !== undefined) values[name] = values[name].toUpperCase();
  const claims: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(scheme.claims)) {
    const v = fillOrOmit(template, values);
    if (v !== undefined) claims[name] = v;
  }
  const iat = Math.floor(nowMs / 1000);
  claims.iat = iat;
  claims.exp = iat + scheme.lifetimeSeconds;
  const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
  return { token, expiresAt: new Date((iat + scheme.lifetimeSeconds) * 1000).toISOString() };
}

/**
 * The signed assertion: claims filled from the credential fields (`{tokenUrl}` is where it is
 * posted, `{tokenHost}` its host), `scope`, `iat`, `exp` (iat + the vendor's maximum lifetime), `jti` when asked for;
 * header `alg: RS256`, `typ: JWT` and `kid` when the account gives one.
 */
export async function signAssertion(
  scheme: Extract<TokenScheme, { kind: 'jwt_bearer' }>,
  f: Readonly<Record<string, string>>,
  url: URL,
  nowMs: number,
): Promise<string | Refused> {
  const pem = f[PRIVATE_KEY_FIELD];
  if (!pem) return { refused: 'the account has no private key' };
  const problem = privateKeyProblem(pem, f[PASSPHRASE_FIELD]);
  if (problem) return { refused: `the private key ${problem}` };
  const values = { ...f, tokenUrl: url.href, tokenHost: url.host };
  const claims: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(scheme.claims)) {
    const v = fillOrOmit(template, values);
    if (v !== undefined) claims[name] = v;
  }
  if (scheme.scopes?.length) claims.scope = scheme.scopes.join(' ');
  const iat = Math.floor(nowMs / 1000);
  claims.iat = iat;
  claims.exp = iat + scheme.lifetimeSeconds;
  if (scheme.jti) claims.jti = randomUUID();
  const kid = scheme.keyId === undefined ? undefined : fillOrOmit(scheme.keyId, f);
  const key = createPrivateKey({ key: pem, format: 'pem', ...(f[PASSPHRASE_FIELD] ? { passphrase: f[PASSPHRASE_FIELD] } : {}) });
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) }).sign(key);
}

/**
 * Reads a 2xx token answer (JSON). oauth2 and jwt_bearer: RFC 6749 §5.1 `access_token`,
 * `expires_in`, `refresh_token`; session: the declared paths, else the declared session length.
 * An answer without a token is REMOTE_ERROR.
 */
export function readTokenAnswer(entry: CatalogEntry, scheme: TokenScheme, account: AccountWithCredentials, status: number, body: unknown, nowMs: number): TokenAnswer {
  const missing = (what: string) =>
    new AppError('REMOTE_ERROR', `the ${entry.name} token endpoint answered HTTP ${status} without ${what}`, { integration: entry.name, remote: { status } });
  const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (scheme.kind === 'session') {
    const token = readValue(body, scheme.token, account.context);
    if (!token) throw missing('a session token');
    const expiresIn = scheme.expiresIn && Number(readValue(body, scheme.expiresIn, account.context));
    const expiresAtRaw = scheme.expiresAt && readValue(body, scheme.expiresAt, account.context);
    const expiresAt = expiresAtRaw ? parseTime(expiresAtRaw) : undefined;
    const ms =
      expiresIn && Number.isFinite(expiresIn) && expiresIn > 0
        ? nowMs + expiresIn * 1000
        : expiresAt !== undefined
          ? expiresAt
          : scheme.ttlSeconds
            ? nowMs + scheme.ttlSeconds * 1000
            : undefined;
    return { accessToken: token, expiresAt: ms === undefined ? undefined : new Date(ms).toISOString(), provided: readProvided(entry, scheme.provides, body, account.context) };
  }
  if (typeof o.access_token !== 'string' || o.access_token === '') throw missing('an access token');
  const expiresIn = Number(o.expires_in);
  return {
    accessToken: o.access_token,
    refreshToken: typeof o.refresh_token === 'string' && o.refresh_token ? o.refresh_token : undefined,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(nowMs + expiresIn * 1000).toISOString() : undefined,
    provided: scheme.kind === 'jwt_bearer' ? readProvided(entry, scheme.provides, body, account.context) : {},
  };
}

/**
 * Context values from an answer, each checked as the integration's context field (a host must
 * still be one of the vendor's), so a token endpoint cannot send later calls elsewhere.
 */
export function readProvided(entry: CatalogEntry, provides: ProvidedContext | undefined, body: unknown, context: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, vp] of Object.entries(provides ?? {})) {
    const field = entry.context[name];
    const raw = readValue(body, vp, context);
    const checked = field && raw !== undefined ? checkContextValue(name, field, raw) : { error: 'missing' };
    if (checked.error || checked.value === undefined) {
      throw new AppError('REMOTE_ERROR', `the ${entry.name} token answer has no valid ${name} (at ${vp.path}); check the account's context and credentials`, {
        integration: entry.name,
      });
    }
    out[name] = checked.value;
  }
  return out;
}

/** Reads a ValuePath (see types.ts) from a JSON value; undefined when absent or not a string/number. */
export function readValue(root: unknown, vp: ValuePath, context: Readonly<Record<string, string>>): string | undefined {
  let cur: unknown = root;
  for (const segment of vp.path.split('.')) {
    const m = /^([^[\]=]+)(?:\[([^=\]]+)=([^\]]*)\])?$/.exec(segment);
    if (!m || cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[m[1] as string];
    if (m[2] !== undefined) {
      if (!Array.isArray(cur)) return undefined;
      let want: string;
      try {
        want = fill(m[3] as string, context, 'value path');
      } catch {
        return undefined;
      }
      const key = m[2];
      cur = cur.find((el: unknown) => el !== null && typeof el === 'object' && String((el as Record<string, unknown>)[key]) === want);
    }
  }
  if (typeof cur === 'number' && Number.isFinite(cur)) cur = String(cur);
  if (typeof cur !== 'string' || cur === '') return undefined;
  if (vp.as !== 'host') return cur;
  try {
    return new URL(cur).hostname;
  } catch {
    return undefined;
  }
}

function fillForm(form: Readonly<Record<string, string>> | undefined, values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, t] of Object.entries(form ?? {})) {
    const v = fillOrOmit(t, values);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function fillJson(template: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') return fillOrOmit(template, values);
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(template as Record<string, unknown>)) {
    const filled = fillJson(v, values);
    if (filled !== undefined) out[k] = filled;
  }
  return out;
}

function formRequest(headers: Record<string, string>, form: Record<string, string>): TokenRequest {
  return { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() };
}

/** ISO 8601 or epoch seconds → epoch ms. */
export function parseTime(raw: string): number | undefined {
  const t = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  return Number.isFinite(t) ? t : undefined;
}
