/**
 * Declarations → runtime: validation of an account's context and credentials against what the
 * integration declares, base URL building, and auth resolution (headers / query).
 */
import { isIP } from 'node:net';
import { badInput } from '../../errors.js';
import { bareObject } from '../../safe-objects.js';
import type { ResolvedAuth } from './http.js';
import { Redactor } from './redact.js';
import type { AuthMethod, AuthScheme, CatalogEntry, ContextField, ProviderDefinition } from './types.js';

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
      return scheme.grant === 'client_credentials'
        ? { required: ['clientId', 'clientSecret'], optional: uniq(['accessToken', 'expiresAt', ...optional]) }
        : { required: ['accessToken'], optional: uniq(['refreshToken', 'expiresAt', 'clientId', 'clientSecret', ...optional]) };
    default: {
      const never: never = scheme;
      return never;
    }
  }
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
    } else if (/[\r\n\0]/.test(v)) {
      errors.push(`credentials.${k} contains a control character`);
    } else {
      fields[k] = v;
    }
  }
  for (const k of required) if (!Object.hasOwn(fields, k) && !errors.some((e) => e.startsWith(`credentials.${k} `))) errors.push(`credentials.${k} is required`);
  if (errors.length) throw badInput(`Invalid credentials for ${entry.name} (${methodName}): ${errors.join('; ')}`, { integration: entry.slug });
  return { method: methodName, fields };
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
  const secrets = Object.entries(creds.fields)
    .filter(([k, v]) => !NOT_SECRET.has(k) && typeof v === 'string')
    .map(([, v]) => v);
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
      // Token exchange and refresh live in the accounts layer; the call itself carries the access token.
      if (!values.accessToken) throw badInput(`${entry.name} account has no access token yet; reconnect it`);
      out.headers.authorization = `Bearer ${values.accessToken}`;
      break;
    default: {
      const never: never = scheme;
      return never;
    }
  }
  return out;
}
