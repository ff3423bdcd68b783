/**
 * The REST response shapes of a deleted user: `unified` (every unified field in snake_case,
 * null where the vendor gave nothing, with remote_data), `normalized` (the same mapping with no
 * null or empty field), and the field exclusions of `truto_exclude_fields` / `truto_ignore_remote_data`.
 */
import { badInput } from '../errors.js';
import { bareObject } from '../safe-objects.js';
import type { DeletionReport, ServiceUser } from '../deletion/service.js';

/** The deletion report in snake_case; planned bodies are the vendor's JSON and stay as they are. */
function deletionReport(r: DeletionReport): Record<string, unknown> {
  return {
    outcome: r.outcome.toLowerCase(),
    audit_id: r.auditId,
    dry_run: r.dryRun,
    replayed: r.replayed,
    original_audit_id: r.originalAuditId,
    resumed_from: r.resumedFrom,
    calls: r.calls.map((c) => ({
      method: c.method,
      url: c.url,
      status: c.status ?? null,
      duration_ms: c.durationMs,
      attempt: c.attempt,
      error: c.error ?? null,
      planned: c.planned ?? false,
      body: c.body ?? null,
    })),
    // The user as read before the deletion, in the same unified shape (without its own report).
    before: r.before ? unifiedUser({ ...r.before, integratedAccountId: '', deletion: null, deletionOutcome: null, remoteData: null }, BEFORE_FIELDS) : null,
    permanent: r.permanent,
    restorable_until: r.restorableUntil ? r.restorableUntil.toISOString() : null,
  };
}

/** Unified fields in the spec's order, then this service's additions. */
export const USER_FIELDS = [
  'id', 'external_id', 'identifiers', 'first_name', 'last_name', 'title', 'name', 'username', 'emails', 'phones', 'status',
  'raw_status', 'is_email_verified', 'is_2fa_enabled', 'roles', 'organizations', 'user_type', 'licenses', 'groups', 'workspaces',
  'avatar', 'timezone', 'languages', 'bio', 'created_at', 'updated_at', 'last_active_at', 'last_login_at', 'status_changed_at',
  'activated_at', 'urls', 'integrated_account_id', 'deletion_outcome', 'deletion', 'remote_data',
] as const;

const NESTED: Record<string, readonly string[]> = {
  emails: ['email', 'type', 'is_primary'],
  phones: ['number', 'extension', 'type'],
  roles: ['id', 'name', 'group', 'organization', 'workspace'],
  organizations: ['id', 'name'],
  licenses: ['id', 'name', 'organization_id', 'last_active_at'],
  groups: ['id', 'name', 'organization_id'],
  workspaces: ['id', 'name'],
  urls: ['url', 'type'],
};

export function snake(key: string): string {
  if (key === 'is2faEnabled') return 'is_2fa_enabled';
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Unified fields are enums in GraphQL and lower case in the public REST API. */
const LOWER_CASE_VALUES = new Set(['status', 'deletion_outcome']);

function convert(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convert);
  if (value && typeof value === 'object') {
    // No prototype: a vendor's `__proto__` key (in identifiers, say) stays a key.
    const out = bareObject();
    for (const [k, v] of Object.entries(value)) out[snake(k)] = v === undefined ? null : convert(v);
    return out;
  }
  return value;
}

/** The unified fields of `deletion.before`: the user's own fields, without the deletion's. */
const BEFORE_FIELDS = USER_FIELDS.filter((f) => f !== 'integrated_account_id' && f !== 'deletion_outcome' && f !== 'deletion' && f !== 'remote_data');

/** Every unified field, snake_case, null where unknown (sub-fields of lists included). */
export function unifiedUser(user: ServiceUser, fields: readonly string[] = USER_FIELDS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byKey = new Map(Object.entries(user).map(([k, v]) => [snake(k), v]));
  for (const field of fields) {
    const v = byKey.get(field);
    const sub = NESTED[field];
    if (field === 'remote_data') out[field] = v ?? null;
    else if (field === 'deletion') out[field] = v ? deletionReport(v as DeletionReport) : null;
    else if (v === undefined || v === null) out[field] = null;
    else if (LOWER_CASE_VALUES.has(field) && typeof v === 'string') out[field] = v.toLowerCase();
    else if (sub && Array.isArray(v)) {
      out[field] = v.map((item) => {
        const c = convert(item) as Record<string, unknown>;
        return Object.fromEntries(sub.map((k) => [k, c[k] ?? null]));
      });
    } else out[field] = convert(v);
  }
  return out;
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** Drops null and empty values, recursively (remote_data is the vendor's and stays as it is). */
export function normalize(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk).filter((x) => !isEmpty(x));
    if (v && typeof v === 'object') {
      const out = bareObject();
      for (const [k, x] of Object.entries(v)) {
        const w = walk(x);
        if (!isEmpty(w)) out[k] = w;
      }
      return out;
    }
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const w = k === 'remote_data' ? v : walk(v);
    if (!isEmpty(w)) out[k] = w;
  }
  return out;
}

/** Checks `truto_exclude_fields` entries: unified fields, their sub-fields, or paths under remote_data. */
export function checkExcludeFields(fields: string[]): string[] {
  const bad = fields.filter((f) => {
    const [top, sub, ...more] = f.split('.');
    if (!top || !(USER_FIELDS as readonly string[]).includes(top)) return true;
    if (top === 'remote_data') return f.split('.').some((p) => p === '');
    if (sub === undefined) return false;
    return more.length > 0 || !NESTED[top]?.includes(sub);
  });
  if (bad.length) {
    throw badInput(`truto_exclude_fields names unknown fields: ${bad.map((b) => b.slice(0, 100)).join(', ')}`, { params: ['truto_exclude_fields'] });
  }
  return fields;
}

/** Removes each dotted path; a path through a list applies to every element. */
export function excludeFields(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const drop = (target: unknown, parts: string[]): void => {
    if (Array.isArray(target)) return target.forEach((t) => drop(t, parts));
    if (!target || typeof target !== 'object') return;
    const [head, ...rest] = parts as [string, ...string[]];
    if (rest.length === 0) delete (target as Record<string, unknown>)[head];
    else drop((target as Record<string, unknown>)[head], rest);
  };
  for (const f of fields) drop(body, f.split('.'));
  return body;
}
