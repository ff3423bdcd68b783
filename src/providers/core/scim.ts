/**
 * SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol), shared by every SCIM integration:
 * GET /Users/{id} for the snapshot, then DELETE /Users/{id} (204), or, for vendors whose DELETE
 * is missing or only deactivates, PATCH /Users/{id} with `active: false` (RFC 7644 §3.5.2).
 * Each SCIM integration is then its base URL, auth and quirks.
 * https://datatracker.ietf.org/doc/html/rfc7644#section-3.6
 */
import { defineProvider } from './definition.js';
import { path } from './path.js';
import type { CatalogEntry, ProviderDefinition, ProviderOutcome, RateLimitPolicy, UnifiedField, UnifiedUser } from './types.js';
import { compact, date, primaryFirst } from './map.js';

export interface ScimMultiValued {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
  $ref?: string;
}

export interface ScimUser {
  schemas?: string[];
  id: string;
  externalId?: string;
  userName?: string;
  name?: { formatted?: string; familyName?: string; givenName?: string; middleName?: string };
  displayName?: string;
  nickName?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active?: boolean;
  emails?: ScimMultiValued[];
  phoneNumbers?: ScimMultiValued[];
  photos?: ScimMultiValued[];
  groups?: ScimMultiValued[];
  roles?: ScimMultiValued[];
  entitlements?: ScimMultiValued[];
  meta?: { resourceType?: string; created?: string; lastModified?: string; location?: string; version?: string };
  [extension: string]: unknown;
}

export const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function scimToUser(raw: ScimUser): UnifiedUser {
  const given = raw.name?.givenName;
  const family = raw.name?.familyName;
  const formatted = raw.name?.formatted ?? raw.displayName ?? ([given, family].filter(Boolean).join(' ') || undefined);
  return compact({
    id: String(raw.id),
    externalId: raw.externalId,
    firstName: given,
    lastName: family,
    title: raw.title,
    name: formatted,
    username: raw.userName,
    emails: primaryFirst(raw.emails)?.filter((e) => e.value).map((e) => ({ email: e.value as string, type: e.type ?? null, isPrimary: e.primary ?? null })),
    phones: raw.phoneNumbers?.filter((p) => p.value).map((p) => ({ number: p.value as string, type: p.type ?? null })),
    status: raw.active === undefined ? undefined : raw.active ? 'ACTIVE' : 'INACTIVE',
    rawStatus: raw.active === undefined ? undefined : raw.active ? 'active' : 'inactive',
    roles: raw.roles?.map((r) => ({ id: r.value ?? null, name: r.display ?? r.value ?? null })),
    groups: raw.groups?.filter((g) => g.value).map((g) => ({ id: g.value as string, name: g.display ?? null })),
    userType: raw.userType,
    avatar: primaryFirst(raw.photos)?.[0]?.value,
    timezone: raw.timezone,
    languages: raw.preferredLanguage ? [raw.preferredLanguage] : raw.locale ? [raw.locale] : undefined,
    createdAt: date(raw.meta?.created),
    updatedAt: date(raw.meta?.lastModified),
  });
}

export interface ScimProviderOptions extends CatalogEntry {
  /** `delete`: DELETE /Users/{id}. `deactivate`: PATCH active=false (vendor has no real delete). */
  mode: 'delete' | 'deactivate';
  /** What the vendor's DELETE does, when it is not a delete (Notion: removal from the workspace). */
  outcome?: ProviderOutcome;
  maps: readonly UnifiedField[];
  toUser?: (raw: ScimUser) => UnifiedUser;
  /** The vendor's rate-limit headers, when it documents them (passed to the HTTP client). */
  rateLimit?: RateLimitPolicy;
  /** Content-Type of the deactivating PATCH; default `application/scim+json` (RFC 7644 §3.1). */
  patchContentType?: string;
  /**
   * Form of the deactivating PATCH operation (RFC 7644 §3.5.2.3 allows both): `value` (default)
   * sends `{ op: 'replace', value: { active: false } }`; `path` sends
   * `{ op: 'replace', path: 'active', value: false }`, for vendors that document only that form.
   */
  deactivateOperation?: 'value' | 'path';
}

export function scimProvider(opts: ScimProviderOptions): ProviderDefinition<ScimUser> {
  const outcome: ProviderOutcome = opts.outcome ?? (opts.mode === 'delete' ? 'DELETED' : 'DEACTIVATED');
  return defineProvider<ScimUser>({
    ...opts,
    outcome,
    headers: { accept: 'application/scim+json, application/json' },
    async getUser({ http, id }) {
      return http.get<ScimUser>(path`/Users/${id}`);
    },
    async deleteUser({ http, id, remoteQuery }) {
      if (opts.mode === 'delete') {
        await http.request('DELETE', path`/Users/${id}`, { query: remoteQuery });
        return { outcome };
      }
      const res = await http.request<ScimUser>('PATCH', path`/Users/${id}`, {
        query: remoteQuery,
        headers: { 'content-type': opts.patchContentType ?? 'application/scim+json' },
        json: {
          schemas: [SCIM_PATCH_OP],
          Operations: [opts.deactivateOperation === 'path' ? { op: 'replace', path: 'active', value: false } : { op: 'replace', value: { active: false } }],
        },
      });
      const user = res.body && typeof res.body === 'object' && 'id' in res.body ? res.body : undefined;
      return { outcome, user };
    },
    toUser: opts.toUser ?? scimToUser,
  });
}
