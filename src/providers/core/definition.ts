/**
 * Declarations → runtime: validation of an account's context and credentials against what the
 * integration declares, base URL building, and auth resolution (headers / query).
 */
import { isIP } from 'node:net';
import { badInput } from '../../errors.js';
import { bareObject } from '../../safe-objects.js';
import type { ResolvedAuth } from './http.js';
import { createPrivateKey } from 'node:crypto';
import { Redactor } from './redact.js';
import type { AuthMethod, AuthScheme, CatalogEntry, ContextField, ProviderDefinition, TokenScheme } from './types.js';

export function defineProvider<Raw>(def: ProviderDefinition<Raw>): ProviderDefinition<Raw> {
  return def;
}

export const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** The credential fields an auth method needs, and those it accepts optionally. */
export function credentialFields(method: AuthMethod): { required: string[]; optional: string[] } {
  const optional = [...(method.optionalFields ?? [])];
  const scheme = method.scheme;
  // Placeholders of templates: required unless the method declares them optional (then the
  // claim, form field or header that names them is left out when they are not given).
  const named = (...templates: Array<string | undefined>) =>
    uniq(templates.flatMap((t) => (t === undefined ? [] : placeholders(t)))).filter((f) => !optional.includes(f) && !ASSERTION_VALUES.includes(f));
  switch (scheme.kind) {
    case 'bearer':
      return { required: [scheme.tokenField], optional };
    case 'headers':
      return { required: uniq(Object.values(scheme.headers).flatMap(placeholders)), optional };
    case 'basic':
      return { required: uniq([...placeholders(scheme.username), ...placeholders(scheme.password)]), optional };
    case 'query':
      return { required: uniq(Object.values(scheme.params).flatMap(placeholders)), optional };
    case 'oauth2':
      return scheme.grant === 'authorization_code'
        ? { required: ['accessToken'], optional: uniq(['refreshToken', 'expiresAt', 'clientId', 'clientSecret', ...optional]) }
        : { required: uniq(['clientId', 'clientSecret', ...named(...Object.values(scheme.form ?? {}))]), optional: uniq(['accessToken', 'expiresAt', ...optional]) };
    case 'jwt_bearer':
      return {
        required: uniq(['privateKey', ...named(...Object.values(scheme.claims), scheme.keyId, ...Object.values(scheme.form ?? {}))]),
        optional: uniq([...optional, PASSPHRASE_FIELD]),
      };
    case 'keypair_jwt':
      return {
        required: uniq(['privateKey', ...named(...Object.values(scheme.claims))]),
        optional: uniq([...optional, PASSPHRASE_FIELD, 'accessToken', 'expiresAt']),
      };
    case 'session':
      return {
        required: named(...templateLeaves(scheme.signIn.json), ...Object.values(scheme.signIn.form ?? {}), scheme.signIn.basic?.username, scheme.signIn.basic?.password),
        // Like a client-credentials grant: the session token from an earlier sign-in may come with the account.
        optional: uniq(['accessToken', 'expiresAt', ...optional]),
      };
    case 'body':
      return { required: named(...Object.values(scheme.fields)), optional };
    default: {
      const never: never = scheme;
      return never;
    }
  }
}

/** Placeholders of JWT claims that are not credential fields: where the assertion is posted. */
export const ASSERTION_VALUES: readonly string[] = ['tokenUrl', 'tokenHost', 'publicKeyFingerprint'];

/** The credential field of a jwt_bearer method holding the private key, and its passphrase. */
export const PRIVATE_KEY_FIELD = 'privateKey';
export const PASSPHRASE_FIELD = 'privateKeyPassphrase';

/** The string leaves of a JSON template (sign-in bodies). */
export function templateLeaves(json: unknown): string[] {
  if (typeof json === 'string') return [json];
  if (json === null || typeof json !== 'object') return [];
  return Object.values(json as Record<string, unknown>).flatMap(templateLeaves);
}

/** The scheme of an account's method when the core acquires its token (OAuth 2.0, JWT bearer, sign-in session). */
export function tokenScheme(entry: CatalogEntry, creds: StoredCredentials): TokenScheme | undefined {
  const scheme = entry.auth[creds.method]?.scheme;
  return scheme && (scheme.kind === 'oauth2' || scheme.kind === 'jwt_bearer' || scheme.kind === 'session' || scheme.kind === 'keypair_jwt') ? scheme : undefined;
}

/**
 * The user a token acts as, where the auth method impersonates one (Google's service account
 * `sub`: the administrator it acts for). The self-deletion guard treats them as the token's owner.
 */
export function impersonatedSubject(entry: CatalogEntry, creds: StoredCredentials): string | undefined {
  const scheme = entry.auth[creds.method]?.scheme;
  return (scheme?.kind === 'jwt_bearer' || scheme?.kind === 'keypair_jwt') && scheme.actsAs ? creds.fields[scheme.actsAs] : undefined;
}

/** The stored field holding the context values a token answer provided (JSON), next to accessToken/expiresAt. */
export const PROVIDED_FIELD = 'providedContext';

/** The account's context with the values its last token answer provided (Tableau's site id, DocuSign's host). */
export function contextWithProvided(context: Readonly<Record<string, string>>, creds: StoredCredentials): Record<string, string> {
  const raw = creds.fields[PROVIDED_FIELD];
  if (!raw) return { ...context };
  try {
    const provided = JSON.parse(raw) as Record<string, unknown>;
    const out: Record<string, string> = { ...context };
    for (const [k, v] of Object.entries(provided)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return { ...context };
  }
}

/**
 * Fills a template whose placeholders name credential fields; undefined when one of them is
 * not given (an optional field: the claim, form field or header is left out).
 */
export function fillOrOmit(template: string, values: Readonly<Record<string, string>>): string | undefined {
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function isHostname(value: string): boolean {
  if (value.length > 253 || isIP(value)) return false;
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l));
}

/** Checks one context value; returns the normalised value or an error message. */
export function checkContextValue(name: string, field: ContextField, raw: unknown): { value?: string; error?: string } {
  if (raw === undefined || raw === null || raw === '') {
    if (field.kind === 'enum' && field.default !== undefined) return { value: field.default };
    return field.optional ? {} : { error: `context.${name} is required (${field.description})` };
  }
  if (typeof raw !== 'string') return { error: `context.${name} must be a string` };
  const value = raw.trim();
  switch (field.kind) {
    case 'subdomain': {
      const v = value.toLowerCase();
      return LABEL.test(v) ? { value: v } : { error: `context.${name} must be a single hostname label such as "${field.example}"` };
    }
    case 'hostname': {
      const v = value.toLowerCase();
      if (!isHostname(v)) return { error: `context.${name} must be a hostname such as "${field.example}" (no scheme, path or port)` };
      if (field.endsWith && !field.endsWith.some((s) => v.endsWith(s) && v.length > s.length)) {
        return { error: `context.${name} must end with ${field.endsWith.join(' or ')}` };
      }
      return { value: v };
    }
    case 'enum':
      return field.values.includes(value) ? { value } : { error: `context.${name} must be one of ${field.values.join(', ')}` };
    case 'id':
      return field.pattern.test(value) ? { value } : { error: `context.${name} is not a valid identifier (example: "${field.example}")` };
    default: {
      const never: never = field;
      return never;
    }
  }
}

/** Validates a whole context object against the integration; unknown keys are rejected. */
export function validateContext(entry: CatalogEntry, context: unknown): Record<string, string> {
  const input = asObject(context, 'context');
  const errors: string[] = [];
  const out = bareObject<string>();
  for (const key of Object.keys(input)) {
    // Own fields only: `constructor` or `__proto__` is "in" every plain object.
    if (!Object.hasOwn(entry.context, key)) errors.push(`context.${key} is not a context field of ${entry.name}`);
  }
  for (const [name, field] of Object.entries(entry.context)) {
    const r = checkContextValue(name, field, input[name]);
    if (r.error) errors.push(r.error);
    else if (r.value !== undefined) out[name] = r.value;
  }
  if (errors.length) throw badInput(`Invalid context for ${entry.name}: ${errors.join('; ')}`, { integration: entry.slug });
  return out;
}

export interface StoredCredentials {
  method: string;
  fields: Record<string, string>;
}

/** Validates credentials `{ method?, ...fields }`; `method` may be omitted when there is one. */
export function validateCredentials(entry: CatalogEntry, credentials: unknown): StoredCredentials {
  const input = asObject(credentials, 'credentials');
  const methods = Object.keys(entry.auth);
  // Given, it names the method (a string); anything else is refused, not ignored.
  if (input.method !== undefined && typeof input.method !== 'string') {
    throw badInput(`credentials.method must be a string, one of ${methods.join(', ')} for ${entry.name}`, { integration: entry.slug });
  }
  const methodName = typeof input.method === 'string' ? input.method : methods.length === 1 ? methods[0] : undefined;
  if (!methodName || !Object.hasOwn(entry.auth, methodName)) {
    throw badInput(`credentials.method must be one of ${methods.join(', ')} for ${entry.name}`, { integration: entry.slug });
  }
  const method = entry.auth[methodName] as AuthMethod;
  const { required, optional } = credentialFields(method);
  const errors: string[] = [];
  const fields = bareObject<string>();
  for (const [k, v] of Object.entries(input)) {
    if (k === 'method') continue;
    if (!required.includes(k) && !optional.includes(k)) {
      errors.push(`credentials.${k} is not a field of the ${methodName} method`);
    } else if (typeof v !== 'string' || v.length === 0 || v.length > 8192) {
      errors.push(`credentials.${k} must be a non-empty string`);
    } else if (k === PRIVATE_KEY_FIELD && (method.scheme.kind === 'jwt_bearer' || method.scheme.kind === 'keypair_jwt')) {
      // A PEM spans lines; pasted from a JSON key file its line breaks may still be `\n`.
      const pem = v.includes('\n') ? v : v.replace(/\\n/g, '\n');
      if (/[\0]/.test(pem)) errors.push(`credentials.${k} contains a control character`);
      else fields[k] = pem;
    } else if (/[\r\n\0]/.test(v)) {
      errors.push(`credentials.${k} contains a control character`);
    } else {
      fields[k] = v;
    }
  }
  for (const k of required) if (!Object.hasOwn(fields, k) && !errors.some((e) => e.startsWith(`credentials.${k} `))) errors.push(`credentials.${k} is required`);
  if ((method.scheme.kind === 'jwt_bearer' || method.scheme.kind === 'keypair_jwt') && fields[PRIVATE_KEY_FIELD]) {
    const problem = privateKeyProblem(fields[PRIVATE_KEY_FIELD], fields[PASSPHRASE_FIELD]);
    if (problem) errors.push(`credentials.${PRIVATE_KEY_FIELD} ${problem}`);
  }
  if (errors.length) throw badInput(`Invalid credentials for ${entry.name} (${methodName}): ${errors.join('; ')}`, { integration: entry.slug });
  return { method: methodName, fields };
}

/**
 * Why a PEM cannot sign RS256 assertions, or undefined when it can: it must be an RSA private
 * key (PKCS#8 or PKCS#1; encrypted ones need `privateKeyPassphrase`). The message never quotes the key.
 */
export function privateKeyProblem(pem: string, passphrase?: string): string | undefined {
  if (!/-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem)) return 'must be a PEM private key (-----BEGIN PRIVATE KEY-----)';
  try {
    const key = createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
    if (key.asymmetricKeyType !== 'rsa') return `must be an RSA key (RS256), not ${key.asymmetricKeyType ?? 'another type'}`;
    return undefined;
  } catch {
    return /ENCRYPTED/.test(pem) && !passphrase
      ? `is encrypted: give ${PASSPHRASE_FIELD} too`
      : 'cannot be read as a PEM private key (or the passphrase is wrong)';
  }
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badInput(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

export function fill(template: string, values: Readonly<Record<string, string>>, what: string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`${what} placeholder {${name}} has no value`);
    return v;
  });
}

/**
 * The base URL of an account: the integration's template filled with validated context, or
 * the account's override (self-hosted installs, sandboxes). Only http(s), no credentials in it.
 */
export function buildBaseUrl(entry: CatalogEntry, context: Readonly<Record<string, string>>, override?: string | null): URL {
  const raw = override ?? fill(entry.baseUrl, context, 'baseUrl');
  return parseBaseUrl(raw);
}

export function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput(`baseUrl "${raw.slice(0, 200)}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput('baseUrl must use https (or http)');
  if (url.username || url.password) throw badInput('baseUrl must not carry credentials');
  if (url.search || url.hash) throw badInput('baseUrl must not have a query or fragment');
  return url;
}

/** Credential fields that are not secret (a timestamp would otherwise be redacted wherever a vendor shows that date). */
const NOT_SECRET = new Set(['expiresAt']);

/**
 * The redactor of one set of credentials: every secret field value, and for HTTP Basic the
 * `user:password` pair, in all their encodings (redact.ts). Computed once per credentials
 * object: the account store keeps decrypted credentials (frozen) across requests, so the
 * encodings and their regular expression are built once per account, not per request or field.
 */
const redactors = new WeakMap<object, Redactor>();

export function redactorFor(entry: CatalogEntry, creds: StoredCredentials): Redactor {
  const cached = redactors.get(creds.fields);
  if (cached) return cached;
  // Each value in every form it may take (a PEM private key also line by line: secretForms).
  const secrets = Object.entries(creds.fields)
    .filter(([k, v]) => !NOT_SECRET.has(k) && typeof v === 'string')
    .flatMap(([, v]) => secretForms(v));
  const scheme = Object.hasOwn(entry.auth, creds.method) ? entry.auth[creds.method]?.scheme : undefined;
  if (scheme?.kind === 'basic') {
    try {
      // The pair (whose base64 forms are derived) and the header's base64 itself (whose URL-encoded forms are).
      const pair = `${fill(scheme.username, creds.fields, 'auth')}:${fill(scheme.password, creds.fields, 'auth')}`;
      secrets.push(pair, Buffer.from(pair).toString('base64'));
    } catch {
      // A field is missing: resolveAuth reports it.
    }
  }
  const redactor = new Redactor(secrets);
  redactors.set(creds.fields, redactor);
  return redactor;
}

export function resolveAuth(entry: CatalogEntry, creds: StoredCredentials): ResolvedAuth {
  const method = Object.hasOwn(entry.auth, creds.method) ? entry.auth[creds.method] : undefined;
  if (!method) throw badInput(`credentials.method ${creds.method} is not known to ${entry.name}`);
  const scheme: AuthScheme = method.scheme;
  const values = creds.fields;
  const redactor = redactorFor(entry, creds);
  const out: ResolvedAuth = { headers: {}, query: {}, secrets: [...redactor.secrets], redactor };
  switch (scheme.kind) {
    case 'bearer':
      out.headers.authorization = `Bearer ${values[scheme.tokenField] ?? ''}`;
      break;
    case 'headers':
      for (const [h, t] of Object.entries(scheme.headers)) out.headers[h.toLowerCase()] = fill(t, values, 'auth header');
      break;
    case 'basic': {
      const encoded = Buffer.from(`${fill(scheme.username, values, 'auth')}:${fill(scheme.password, values, 'auth')}`).toString('base64');
      out.headers.authorization = `Basic ${encoded}`;
      break;
    }
    case 'query':
      for (const [p, t] of Object.entries(scheme.params)) out.query[p] = fill(t, values, 'auth query');
      break;
    case 'oauth2':
    case 'jwt_bearer':
      // Token exchange and refresh live in the deletion layer (deletion/oauth.ts); the call itself carries the access token.
      if (!values.accessToken) throw badInput(`${entry.name} account has no access token yet; reconnect it`);
      out.headers.authorization = `Bearer ${values.accessToken}`;
      break;
    case 'keypair_jwt':
      // The JWT is signed in the deletion layer (deletion/oauth.ts) and stored as the access token.
      if (!values.accessToken) throw badInput(`${entry.name} account has no signed key-pair JWT yet`);
      for (const [h, t] of Object.entries(scheme.headers)) out.headers[h.toLowerCase()] = fill(t, { token: values.accessToken }, 'key-pair JWT header');
      break;
    case 'session':
      if (!values.accessToken) throw badInput(`${entry.name} account has not signed in yet; reconnect it`);
      for (const [h, t] of Object.entries(scheme.header)) out.headers[h.toLowerCase()] = fill(t, { token: values.accessToken }, 'session header');
      break;
    case 'body': {
      const body: Record<string, string> = {};
      for (const [k, t] of Object.entries(scheme.fields)) {
        const v = fillOrOmit(t, values);
        if (v !== undefined) body[k] = v;
      }
      out.body = body;
      break;
    }
    default: {
      const never: never = scheme;
      return never;
    }
  }
  return out;
}

/**
 * A credential value and the forms it may take in text that leaves the process: a PEM private
 * key also as each line of its base64 body, the body on one line, and JSON-escaped (`\n`).
 */
export function secretForms(value: string): string[] {
  if (value.length < 4) return [];
  if (!value.includes('-----BEGIN')) return [value];
  const lines = value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length >= 16 && !l.startsWith('-----'));
  const escaped = JSON.stringify(value).slice(1, -1);
  return [value, escaped, lines.join(''), ...lines];
}
