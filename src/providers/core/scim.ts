/**
 * SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol), shared by every SCIM integration:
 * GET /Users/{id} for the snapshot, then DELETE /Users/{id} (204), or, for vendors whose DELETE
 * is missing or only deactivates, PATCH /Users/{id} with `active: false` (RFC 7644 §3.5.2).
 * Each SCIM integration is then its base URL, auth, what its deletion means, and quirks.
 * https://datatracker.ietf.org/doc/html/rfc7644#section-3.6
 *
 * Deactivation: a user the snapshot shows `active: false` gets no second PATCH; the outcome is
 * ALREADY_DEACTIVATED (nothing was written, nothing new to restore).
 *
 * Self-alias: RFC 7644 §3.11 defines `/Me` as "a URI alias for the User or other resource
 * associated with the currently authenticated subject". We address users as `/Users/{id}`, where
 * an id of `Me` is not that alias by the RFC; but an implementation that resolves `Users/Me` (or
 * `me`) the way it resolves `/Me` would delete the token's own administrator, no vendor issues
 * `Me` as a real user id (they are UUIDs, numbers or prefixed ids), and refusing it costs nothing.
 * So every SCIM integration refuses `Me` (any case) before any call.
 *
 * Token owner: RFC 7644 §3.11 lets a service provider support `GET /Me`; where the vendor
 * documents it (Databricks), it is the owner lookup. Most SCIM tokens are organization-level
 * tokens generated in an admin console, which the vendors describe as belonging to no user; those
 * integrations declare `tokenOwner: { unavailable }` with the vendor-specific reason.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from './definition.js';
import { path } from './path.js';
import type {
  CatalogEntry,
  DeleteResult,
  DeleteUserParams,
  DeletionSemantics,
  GetArgs,
  ProviderDefinition,
  ProviderOutcome,
  RateLimitPolicy,
  TokenOwner,
  TokenOwnerLookup,
  UnifiedField,
  UnifiedUser,
  VendorErrorKind,
  VendorErrors,
} from './types.js';
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
export const SCIM_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** RFC 7644 §3.11: the alias of the authenticated subject, refused as a user id by every SCIM integration. */
export const SCIM_SELF_ALIASES: readonly string[] = ['Me'];

/** RFC 7644 §3.4.2: a query response. */
export interface ScimListResponse {
  schemas?: string[];
  totalResults?: number;
  Resources?: unknown[];
  startIndex?: number;
  itemsPerPage?: number;
}

/**
 * The code of an RFC 7644 §3.12 error body (`schemas`, `status`, `scimType`, `detail`): its
 * `scimType` (invalidFilter, tooMany, uniqueness, mutability, invalidSyntax, invalidPath, noTarget,
 * invalidValue, invalidVers, sensitive) when there is one, else its `detail` (vendors such as
 * Airtable document their refusals by that text). Undefined for a body that is not a SCIM error.
 */
export function scimErrorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as { scimType?: unknown; detail?: unknown };
  if (typeof b.scimType === 'string' && b.scimType.trim() !== '') return b.scimType.trim();
  if (typeof b.detail === 'string' && b.detail.trim() !== '') return b.detail.trim();
  return undefined;
}

/**
 * A vendor's SCIM error table. Codes are read by `scimErrorCode` unless the vendor needs its own
 * reading (Miro documents its refusal by status only). Unlisted codes keep the HTTP status mapping
 * (401 → REAUTH_REQUIRED, 403 → FORBIDDEN, 404 → NOT_FOUND, 429 → RATE_LIMITED, ...). No SCIM
 * code is mapped for every vendor: `invalidValue` on our own PATCH says our body was refused, not
 * the client's input, so it stays a REMOTE_ERROR unless a vendor documents otherwise.
 */
export function scimErrors(opts: {
  table: Readonly<Record<string, VendorErrorKind>>;
  docs: string;
  code?: (body: unknown, status: number) => string | undefined;
}): VendorErrors {
  return { code: opts.code ?? ((body) => scimErrorCode(body)), bodyLevel: false, table: opts.table, docs: opts.docs };
}

/**
 * The one user a SCIM filter read must find (RFC 7644 §3.4.2): none → NOT_FOUND (carrying the
 * vendor's answer, like a 404); several, or one the filter was not about → REMOTE_ERROR. Never "the
 * first one": a deletion must not fall on a user the client did not name.
 */
export function onlyMatch(
  list: ScimListResponse | undefined,
  matches: (u: ScimUser) => boolean,
  ctx: { integration: string; what: string },
): ScimUser {
  const resources = Array.isArray(list?.Resources) ? (list.Resources.filter((r) => r !== null && typeof r === 'object') as ScimUser[]) : [];
  const total = typeof list?.totalResults === 'number' ? list.totalResults : resources.length;
  const remote = { status: 200, body: { schemas: list?.schemas, totalResults: list?.totalResults, count: resources.length } };
  if (resources.length === 0 && total === 0) {
    throw new AppError('NOT_FOUND', `${ctx.integration} has no user with ${ctx.what}`, { integration: ctx.integration, remote });
  }
  if (resources.length !== 1 || total > 1) {
    throw new AppError('REMOTE_ERROR', `${ctx.integration} found ${Math.max(total, resources.length)} users for ${ctx.what}; refusing to choose one`, { integration: ctx.integration, remote });
  }
  const only = resources[0] as ScimUser;
  if (typeof only.id !== 'string' && typeof only.id !== 'number') {
    throw new AppError('REMOTE_ERROR', `${ctx.integration} answered a user without an id for ${ctx.what}`, { integration: ctx.integration, remote });
  }
  if (!matches(only)) {
    throw new AppError('REMOTE_ERROR', `${ctx.integration} answered a user that does not have ${ctx.what}; refusing to remove them`, { integration: ctx.integration, remote });
  }
  return only;
}

/** Every identifier of a SCIM user the self-deletion guard compares: id, userName, emails. */
export function scimOwner(me: ScimUser | undefined, integration: string): TokenOwner {
  const values: unknown[] = [me?.id, me?.userName, ...(Array.isArray(me?.emails) ? me.emails.map((e) => e?.value) : [])];
  const ids = values.filter((v): v is string | number => (typeof v === 'string' && v !== '') || typeof v === 'number').map(String);
  const id: unknown = me?.id;
  if (ids.length === 0 || (typeof id !== 'string' && typeof id !== 'number') || id === '') {
    throw new AppError('REMOTE_ERROR', `${integration} did not name the user its credentials act as`, { integration });
  }
  return { ids };
}

/** The id to write to: the snapshot's own (the resource we read), else the requested one. */
function targetId(snapshot: ScimUser | undefined, id: string): string {
  const own = snapshot?.id as unknown;
  return (typeof own === 'string' && own !== '') || typeof own === 'number' ? String(own) : id;
}

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
  /** What the deletion means at the vendor (permanent or restorable, data and seat), from its docs. */
  semantics: DeletionSemantics;
  /** The vendor's own aliases of the token's user, besides RFC 7644's `Me` (always refused). */
  selfAliases?: readonly string[];
  /** The vendor's documented "who am I" call, or why it has none (most SCIM tokens act as no user). */
  tokenOwner: TokenOwnerLookup;
  /** The vendor's documented error codes (see scimErrors). */
  errors?: VendorErrors;
  /**
   * The snapshot read, when the vendor documents another one than GET /Users/{id} (Figma: a
   * filter by userName); undefined when the id's form has no documented read.
   */
  getUser?: (args: GetArgs) => Promise<ScimUser | undefined>;
  /** The container a REMOVED_FROM_CONTAINER deletion left (Notion: the token's workspace). */
  container?: (args: { context: Readonly<Record<string, string>> }) => DeleteResult<ScimUser>['container'];
  /** The user after the deletion when the outcome alone does not say it (see ProviderDefinition.after). */
  after?: (user: UnifiedUser, result: DeleteResult<ScimUser>, args: { id: string; params: DeleteUserParams }) => UnifiedUser;
  /** The vendor's rate-limit headers and documented waits (passed to the HTTP client). */
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
  const { mode, patchContentType, deactivateOperation, container, selfAliases, ...entry } = opts;
  return defineProvider<ScimUser>({
    ...entry,
    outcome,
    selfAliases: [...SCIM_SELF_ALIASES, ...(selfAliases ?? []).filter((a) => !SCIM_SELF_ALIASES.some((m) => m.toLowerCase() === a.toLowerCase()))],
    headers: { accept: 'application/scim+json, application/json' },
    getUser:
      opts.getUser ??
      (async ({ http, id }) => {
        return http.get<ScimUser>(path`/Users/${id}`);
      }),
    async deleteUser({ http, id, remoteQuery, snapshot, context }) {
      const target = targetId(snapshot, id);
      if (mode === 'delete') {
        await http.request('DELETE', path`/Users/${target}`, { query: remoteQuery });
        const where = outcome === 'REMOVED_FROM_CONTAINER' ? container?.({ context }) : undefined;
        return where ? { outcome, container: where } : { outcome };
      }
      // Already deactivated (by the IdP, an admin or an earlier run): no second write.
      if (snapshot?.active === false) return { outcome: 'ALREADY_DEACTIVATED' };
      const res = await http.request<ScimUser>('PATCH', path`/Users/${target}`, {
        query: remoteQuery,
        headers: { 'content-type': patchContentType ?? 'application/scim+json' },
        json: {
          schemas: [SCIM_PATCH_OP],
          Operations: [deactivateOperation === 'path' ? { op: 'replace', path: 'active', value: false } : { op: 'replace', value: { active: false } }],
        },
      });
      const user = res.body && typeof res.body === 'object' && 'id' in res.body ? res.body : undefined;
      return { outcome, user };
    },
    toUser: opts.toUser ?? scimToUser,
  });
}
