/**
 * Validation of deleteUser input against what the integration requires and supports, before
 * any vendor call. GraphQL and REST share it; only the names in messages differ.
 */
import { badInput } from '../errors.js';
import { EXTENSION_PARAMS, PARAMS } from '../providers/core/params.js';
import { isReservedKey, reservedKeyPath } from '../safe-objects.js';
import {
  EXTENSION_PARAM_NAMES,
  PARAM_NAMES,
  type AnyParamName,
  type CatalogEntry,
  type DeleteUserParams,
  type ExtensionParamName,
  type ParamName,
} from '../providers/core/types.js';

export type Naming = 'graphql' | 'rest';

export const MAX_ID_LENGTH = 256;
const MAX_VALUE_LENGTH = 1024;
const MAX_LIST = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/**
 * A lone UTF-16 surrogate: valid in a JSON string (`"\ud800"`), not in UTF-8. Such a value cannot
 * be sent as it is: URL encoding throws on it, form and query encoding replace it with U+FFFD.
 */
const LONE_SURROGATE = /\p{Cs}/u;

function isExtension(name: AnyParamName): name is ExtensionParamName {
  return (EXTENSION_PARAM_NAMES as readonly string[]).includes(name);
}

export function paramLabel(name: AnyParamName, naming: Naming): string {
  if (naming === 'graphql') return name;
  return isExtension(name) ? EXTENSION_PARAMS[name].restName : PARAMS[name].restName;
}

/** The vendor id of the user: non-empty, bounded, no control characters. */
export function checkUserId(id: unknown, naming: Naming): string {
  const label = naming === 'rest' ? 'the user id in the path' : 'id';
  if (typeof id !== 'string' || id.trim() === '') throw badInput(`${label} must not be empty`);
  if (id.length > MAX_ID_LENGTH) throw badInput(`${label} is longer than ${MAX_ID_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) throw badInput(`${label} contains a control character`);
  if (LONE_SURROGATE.test(id)) throw badInput(`${label} is not valid Unicode (it has a lone surrogate)`);
  // `.` and `..` would be resolved as path segments by every URL parser, even when escaped.
  if (/^\.+$/.test(id)) throw badInput(`${label} must not consist only of dots`);
  return id;
}

function isGiven(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

/**
 * Checks the params against the integration: every given param must be declared (the spec's in
 * `params`, extensions in `extensionParams`), every required one given, "exactly one of" rules
 * hold, and each value has the right shape. Returns only the given params.
 */
export function validateParams(entry: CatalogEntry, input: Partial<Record<AnyParamName, unknown>>, naming: Naming): DeleteUserParams {
  const given = PARAM_NAMES.filter((p) => isGiven(input[p]));
  const givenExtensions = EXTENSION_PARAM_NAMES.filter((p) => isGiven(input[p]));
  const unsupported: AnyParamName[] = [...given.filter((p) => !entry.params[p]), ...givenExtensions.filter((p) => !entry.extensionParams?.[p])];
  if (unsupported.length) {
    const labels = unsupported.map((p) => paramLabel(p, naming));
    const accepted = [...PARAM_NAMES.filter((p) => entry.params[p]), ...EXTENSION_PARAM_NAMES.filter((p) => entry.extensionParams?.[p])].map((p) =>
      paramLabel(p, naming),
    );
    throw badInput(
      `${entry.name} does not support ${labels.join(', ')}; ${accepted.length ? `it accepts ${accepted.join(', ')}` : 'it takes no params'}`,
      { integration: entry.slug, params: labels },
    );
  }
  const missing: AnyParamName[] = [
    ...PARAM_NAMES.filter((p) => entry.params[p]?.use === 'required' && !isGiven(input[p])),
    ...EXTENSION_PARAM_NAMES.filter((p) => entry.extensionParams?.[p]?.use === 'required' && !isGiven(input[p])),
  ];
  if (missing.length) {
    const labels = missing.map((p) => paramLabel(p, naming));
    throw badInput(`${entry.name} requires ${labels.join(', ')}`, { integration: entry.slug, params: labels });
  }
  for (const rule of entry.either ?? []) {
    const present = rule.oneOf.filter((p) => isGiven(input[p]));
    if (present.length !== 1) {
      const labels = rule.oneOf.map((p) => paramLabel(p, naming));
      throw badInput(`${entry.name} needs exactly one of ${labels.join(', ')} (${rule.message})`, { integration: entry.slug, params: labels });
    }
  }

  const out: DeleteUserParams = {};
  const errors: string[] = [];
  for (const p of given) {
    const v = input[p];
    const label = paramLabel(p, naming);
    switch (PARAMS[p].type) {
      case 'string':
        if (typeof v !== 'string' || v.trim() === '') errors.push(`${label} must be a non-empty string`);
        else if (v.length > MAX_VALUE_LENGTH) errors.push(`${label} is longer than ${MAX_VALUE_LENGTH} characters`);
        // eslint-disable-next-line no-control-regex
        else if (/[\u0000-\u001f\u007f]/.test(v)) errors.push(`${label} contains a control character`);
        else if (LONE_SURROGATE.test(v)) errors.push(`${label} is not valid Unicode (it has a lone surrogate)`);
        else (out as Record<string, unknown>)[p] = v;
        break;
      case 'enum': {
        const value = typeof v === 'string' ? v.toUpperCase() : v;
        if (value !== 'GROUP' && value !== 'ORGANIZATION') errors.push(`${label} must be ${naming === 'rest' ? 'group or organization' : 'GROUP or ORGANIZATION'}`);
        else out.removeFrom = value;
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') errors.push(`${label} must be true or false`);
        else out.permanent = v;
        break;
      case 'string[]':
        if (!Array.isArray(v) || v.length > MAX_LIST || !v.every((e) => typeof e === 'string' && EMAIL.test(e) && e.length <= 320 && !LONE_SURROGATE.test(e))) {
          errors.push(`${label} must be a list of at most ${MAX_LIST} email addresses`);
        } else out.emails = v as string[];
        break;
      case 'object[]':
        if (!Array.isArray(v) || v.length > MAX_LIST || !v.every((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) {
          errors.push(`${label} must be a list of at most ${MAX_LIST} objects`);
        } else {
          const reserved = reservedKeyPath(v, label);
          if (reserved !== undefined) errors.push(`${label} has a reserved key name (__proto__, constructor, prototype) at ${reserved}`);
          else out.groups = v as Array<Record<string, unknown>>;
        }
        break;
      default: {
        const never: never = PARAMS[p].type;
        return never;
      }
    }
  }
  for (const p of givenExtensions) {
    const v = input[p];
    // Every extension is a boolean (EXTENSION_PARAMS).
    if (typeof v !== 'boolean') errors.push(`${paramLabel(p, naming)} must be true or false`);
    else out[p] = v;
  }
  if (errors.length) throw badInput(`Invalid input for ${entry.name}: ${errors.join('; ')}`, { integration: entry.slug });
  return out;
}

/** Deepest nesting accepted in params and remoteQuery together (their real shapes nest a few levels). */
export const MAX_INPUT_DEPTH = 32;

/**
 * Whether a JSON-like input nests deeper than `max` levels. Walked with an explicit stack: a
 * hostile value thousands of levels deep must not overflow the call stack, as JSON.stringify
 * (the audit record) or a recursive walk (the idempotency hash) would.
 */
export function nestsTooDeeply(value: unknown, max = MAX_INPUT_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([x, depth + 1]);
  }
  return false;
}

/** remote_query: an object of strings, numbers, booleans, lists and nested objects, bounded. */
export function checkRemoteQuery(v: unknown, naming: Naming): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  const label = naming === 'rest' ? 'remote_query' : 'remoteQuery';
  const fail = (message: string) => badInput(message, { params: [label] });
  if (typeof v !== 'object' || Array.isArray(v)) throw fail(`${label} must be an object of query parameters`);
  let count = 0;
  const walk = (value: unknown, depth: number, at: string): void => {
    if (++count > 200) throw fail(`${label} has too many entries`);
    if (depth > 4) throw fail(`${label} is nested too deeply at ${at}`);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      if (typeof value === 'string' && value.length > 2048) throw fail(`${label} value at ${at} is too long`);
      if (typeof value === 'string' && LONE_SURROGATE.test(value)) throw fail(`${label} value at ${at} is not valid Unicode (it has a lone surrogate)`);
      return;
    }
    if (Array.isArray(value)) return value.forEach((x, i) => walk(x, depth + 1, `${at}[${i}]`));
    if (typeof value === 'object') {
      for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
        if (k === '' || k.length > 256) throw fail(`${label} has an empty or over-long key at ${at}`);
        if (isReservedKey(k)) throw fail(`${label} has the reserved key name ${k}${at ? ` at ${at}` : ''}`);
        if (LONE_SURROGATE.test(k)) throw fail(`${label} has a key that is not valid Unicode at ${at}`);
        walk(x, depth + 1, at ? `${at}[${k}]` : k);
      }
      return;
    }
    throw fail(`${label} value at ${at} is not a string, number or boolean`);
  };
  walk(v, 0, '');
  return v as Record<string, unknown>;
}

/**
 * The most JSON (UTF-8 bytes) that params and remoteQuery may each carry in one request. A
 * documented constant: their real shapes are far smaller (a few ids, at most 100 emails or
 * groups), and whatever a request carries is stored in its audit record.
 */
export const MAX_INPUT_JSON_BYTES = 16 * 1024;
/** How much of an over-limit value the audit record keeps, to show what was refused. */
const AUDIT_EXCERPT_CHARS = 256;

/** params and remoteQuery as JSON, measured once (call after nestsTooDeeply: this is JSON.stringify). */
export interface MeasuredInput {
  params: string;
  remoteQuery: string | undefined;
}

export function measureInput(params: unknown, remoteQuery: unknown): MeasuredInput {
  return { params: JSON.stringify(params ?? {}), remoteQuery: remoteQuery === undefined || remoteQuery === null ? undefined : JSON.stringify(remoteQuery) };
}

function bytesOf(json: string | undefined): number {
  return json === undefined ? 0 : Buffer.byteLength(json);
}

/** The JSON sizes over MAX_INPUT_JSON_BYTES, by field; empty when the input is within bounds. */
function oversized(m: MeasuredInput): Array<['params' | 'remoteQuery', number]> {
  const out: Array<['params' | 'remoteQuery', number]> = [];
  const p = bytesOf(m.params);
  if (p > MAX_INPUT_JSON_BYTES) out.push(['params', p]);
  const r = bytesOf(m.remoteQuery);
  if (r > MAX_INPUT_JSON_BYTES) out.push(['remoteQuery', r]);
  return out;
}

/** Refuses params or remoteQuery over MAX_INPUT_JSON_BYTES of JSON, naming which and by how much. */
export function checkInputSize(m: MeasuredInput, params: Partial<Record<ParamName, unknown>>, naming: Naming): void {
  const over = oversized(m);
  if (!over.length) return;
  const labels: string[] = [];
  const parts = over.map(([field, bytes]) => {
    if (field === 'remoteQuery') {
      const label = naming === 'rest' ? 'remote_query' : 'remoteQuery';
      labels.push(label);
      return `${label} is ${bytes} bytes of JSON`;
    }
    const given = PARAM_NAMES.filter((p) => isGiven(params[p])).map((p) => paramLabel(p, naming));
    labels.push(...given);
    return `the params (${given.join(', ')}) are ${bytes} bytes of JSON`;
  });
  throw badInput(`${parts.join('; ')}: at most ${MAX_INPUT_JSON_BYTES} bytes each are accepted`, { params: labels });
}

/**
 * The input as its audit record keeps it: params and remoteQuery as given, except one over
 * MAX_INPUT_JSON_BYTES (refused), which is replaced by null and described under `truncated`
 * (its size and the start of its JSON). So a record holds at most about twice the limit.
 */
export function auditInput(params: unknown, remoteQuery: unknown, m: MeasuredInput, dryRun: boolean): Record<string, unknown> {
  const over = oversized(m);
  const input: Record<string, unknown> = { params: params ?? {}, remoteQuery: remoteQuery ?? null, dryRun };
  if (!over.length) return input;
  const truncated: Record<string, unknown> = {};
  for (const [field, bytes] of over) {
    input[field] = field === 'params' ? {} : null;
    truncated[field] = { bytes, limit: MAX_INPUT_JSON_BYTES, excerpt: excerpt(field === 'params' ? m.params : (m.remoteQuery ?? '')) };
  }
  input.truncated = truncated;
  return input;
}

function excerpt(json: string): string {
  let s = json.slice(0, AUDIT_EXCERPT_CHARS);
  // Not half of a surrogate pair.
  if (/[\ud800-\udbff]$/.test(s)) s = s.slice(0, -1);
  return `${s}…`;
}
