/**
 * Google Workspace through the Admin SDK Directory API: delete the user.
 *
 * Calls (base https://admin.googleapis.com; test/contracts/google-admin-directory.yaml):
 *  1. GET /admin/directory/v1/users/{userKey} — the snapshot; userKey is the primary email, an
 *     alias email or the unique user id (404 → NOT_FOUND, nothing deleted).
 *     https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/get
 *  2. DELETE /admin/directory/v1/users/{id} — with the unique id read in step 1, so an alias or
 *     an address reassigned between the calls cannot make the DELETE hit someone else.
 *     Empty request body; an empty answer (204, or 200 per the OpenAPI description).
 *     https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/delete
 *
 * Semantics: the account is deleted; an administrator can restore it for 20 days
 * (users.undelete, https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/undelete;
 * https://support.google.com/a/answer/1397578), then it and its data are gone. Drive files
 * that were not transferred are deleted with it. Outcome: DELETED.
 *
 * Auth (https://developers.google.com/workspace/admin/directory/v1/guides/authorizing), scope
 * https://www.googleapis.com/auth/admin.directory.user, token endpoint https://oauth2.googleapis.com/token:
 *  - service_account (recommended): a service account with domain-wide delegation; the core signs
 *    a JWT (iss = the service account's email, sub = the administrator it impersonates, scope,
 *    aud = the token URL, RS256, kid = the key id) and exchanges it (RFC 7523), every hour.
 *    https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 *  - oauth: an OAuth 2.0 access token (and refresh token) of an administrator allowed to delete users.
 *
 * Limits: Google answers quota errors with 403 (reasons userRateLimitExceeded, quotaExceeded,
 * rateLimitExceeded), not 429: https://developers.google.com/workspace/admin/directory/v1/limits.
 * A 403 with one of those reasons is reported as RATE_LIMITED, any other 403 as FORBIDDEN.
 *
 * Ambiguities, stated rather than guessed:
 *  - users.delete's reference says only "a generic HTTP response"; the OpenAPI description
 *    lists 200, the service answers 204 with no body; any 2xx is success.
 *  - Google names no Retry-After for its 403 quota errors (it asks for exponential backoff), so
 *    RATE_LIMITED carries Retry-After when sent and 60 s (the quota window is per minute) otherwise.
 *  - roles come from isAdmin / isDelegatedAdmin only; the individual admin role assignments live
 *    in another API (roleAssignments) with another scope and are not read.
 *  - a service account acts as the administrator in `subject` (the token's owner); the
 *    administrator must hold a role that may delete users.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact, date } from '../core/map.js';
import { path, type VendorPath } from '../core/path.js';
import { redact } from '../core/redact.js';
import type { UserStatus } from '../core/types.js';

interface Typed {
  type?: string | null;
  customType?: string | null;
}

export interface GoogleUser {
  kind?: string;
  id: string;
  etag?: string;
  primaryEmail?: string | null;
  name?: { givenName?: string | null; familyName?: string | null; fullName?: string | null; displayName?: string | null } | null;
  isAdmin?: boolean;
  isDelegatedAdmin?: boolean;
  lastLoginTime?: string | null;
  creationTime?: string | null;
  deletionTime?: string | null;
  agreedToTerms?: boolean;
  suspended?: boolean;
  suspensionReason?: string | null;
  archived?: boolean;
  customerId?: string | null;
  orgUnitPath?: string | null;
  isEnrolledIn2Sv?: boolean;
  isEnforcedIn2Sv?: boolean;
  thumbnailPhotoUrl?: string | null;
  emails?: Array<Typed & { address?: string | null; primary?: boolean }> | null;
  aliases?: string[] | null;
  nonEditableAliases?: string[] | null;
  phones?: Array<Typed & { value?: string | null; primary?: boolean }> | null;
  organizations?: Array<Typed & { name?: string | null; title?: string | null; primary?: boolean }> | null;
  languages?: Array<{ languageCode?: string | null; customLanguage?: string | null; preference?: string | null }> | null;
  websites?: Array<Typed & { value?: string | null; primary?: boolean }> | null;
  [k: string]: unknown;
}

/** Google error body: {"error":{"code":403,"message":"…","errors":[{"reason":"…","domain":"…","message":"…"}]}}. */
interface GoogleError {
  error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string; domain?: string; message?: string }> };
}

const INTEGRATION = 'Google Workspace';
const RATE_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded']);
const NUMERIC_ID = /^\d{1,32}$/;
const EMAIL = /^[^@\s/\\]+@[^@\s/\\]+$/;
/** Google's placeholder for "never logged in". */
const NEVER = '1970-01-01T00:00:00.000Z';

function checkUserKey(id: string): void {
  if (!NUMERIC_ID.test(id) && !EMAIL.test(id)) {
    throw badInput(`Google Workspace users are addressed by primary email, alias email or unique (numeric) user id; "${id.slice(0, 60)}" is none of these`);
  }
}

/** One Directory API call; a 403 is told apart into quota (RATE_LIMITED) and permission (FORBIDDEN). */
async function call<T>(http: VendorHttp, method: 'GET' | 'DELETE', p: VendorPath, query?: Readonly<Record<string, unknown>>): Promise<T> {
  const res = await http.request<T>(method, p, { query, accept: [403] });
  if (res.status !== 403) return res.body;
  const body = res.body as unknown as GoogleError | undefined;
  const reasons = body?.error?.errors?.map((e) => e.reason ?? '') ?? [];
  const remote = { status: 403, body: redact(body) };
  if (reasons.some((r) => RATE_REASONS.has(r))) {
    const header = Number(res.headers['retry-after']);
    const retryAfter = Number.isFinite(header) && header > 0 ? Math.ceil(header) : 60;
    throw new AppError('RATE_LIMITED', `${INTEGRATION} is rate limiting requests (${reasons.join(', ')}); retry after ${retryAfter} seconds`, {
      integration: INTEGRATION,
      retryAfter,
      remote,
    });
  }
  throw new AppError('FORBIDDEN', `${INTEGRATION} refused the call (HTTP 403): the account's credentials lack the permission or scope this deletion needs`, {
    integration: INTEGRATION,
    remote,
  });
}

/** Drops undefined keys of a nested object (compact() is for the unified user itself). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const typeOf = (x: Typed): string | undefined => (x.type === 'custom' ? x.customType || 'custom' : x.type || undefined);

export const googleWorkspace = defineProvider<GoogleUser>({
  name: 'Google Workspace',
  slug: 'google-workspace',
  docs: 'https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/delete',
  baseUrl: 'https://admin.googleapis.com',
  context: {},
  auth: {
    service_account: {
      scheme: {
        kind: 'jwt_bearer',
        tokenUrl: 'https://oauth2.googleapis.com/token',
        claims: { iss: '{clientEmail}', sub: '{subject}', aud: '{tokenUrl}' },
        scopes: ['https://www.googleapis.com/auth/admin.directory.user'],
        lifetimeSeconds: 3600,
        keyId: '{privateKeyId}',
        actsAs: 'subject',
      },
      optionalFields: ['privateKeyId'],
      description:
        'Recommended. A service account with domain-wide delegation of the admin.directory.user scope: clientEmail and privateKey (PEM) from its JSON key (client_email, private_key; privateKeyId = private_key_id), subject = the email of the administrator it acts as (a super administrator or an administrator whose role may delete users). Tokens are minted every hour; nothing expires.',
      docs: 'https://developers.google.com/identity/protocols/oauth2/service-account#delegatingauthority',
    },
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://oauth2.googleapis.com/token',
        scopes: ['https://www.googleapis.com/auth/admin.directory.user'],
      },
      description:
        'An OAuth 2.0 access token with the admin.directory.user scope (with refreshToken, clientId and clientSecret to renew it), of a super administrator or an administrator whose role may delete users.',
      docs: 'https://developers.google.com/identity/protocols/oauth2/web-server',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: [
    'id', 'identifiers', 'firstName', 'lastName', 'name', 'username', 'emails', 'phones', 'status', 'is2faEnabled', 'roles', 'title',
    'avatar', 'languages', 'createdAt', 'lastLoginAt', 'urls',
  ],

  async getUser({ http, id }) {
    checkUserKey(id);
    const user = await call<GoogleUser>(http, 'GET', path`/admin/directory/v1/users/${id}`);
    if (!user || typeof user !== 'object' || typeof user.id !== 'string' || !NUMERIC_ID.test(user.id)) {
      throw new AppError('REMOTE_ERROR', `${INTEGRATION} answered the user read without a user id`, { integration: INTEGRATION });
    }
    return user;
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    checkUserKey(id);
    const key = snapshot?.id ?? id;
    await call(http, 'DELETE', path`/admin/directory/v1/users/${key}`, remoteQuery);
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const [status, rawStatus]: [UserStatus | null, string] = u.deletionTime
      ? ['DELETED', 'deleted']
      : u.suspended
        ? ['INACTIVE', 'suspended']
        : u.archived
          ? ['INACTIVE', 'archived']
          : ['ACTIVE', 'active'];
    const primary = u.primaryEmail ?? undefined;
    const seen = new Set<string>(primary ? [primary.toLowerCase()] : []);
    const emails: Array<{ email: string; type?: string; isPrimary: boolean }> = primary ? [{ email: primary, type: 'primary', isPrimary: true }] : [];
    const add = (email: string | null | undefined, type: string | undefined) => {
      if (!email || seen.has(email.toLowerCase())) return;
      seen.add(email.toLowerCase());
      emails.push(defined({ email, type, isPrimary: false }));
    };
    for (const e of u.emails ?? []) add(e.address, typeOf(e));
    for (const a of [...(u.aliases ?? []), ...(u.nonEditableAliases ?? [])]) add(a, 'alias');
    const org = (u.organizations ?? []).find((o) => o.primary) ?? u.organizations?.[0];
    const roles = [
      ...(u.isAdmin ? [{ id: 'super_admin', name: 'Super Admin' }] : []),
      ...(u.isDelegatedAdmin ? [{ id: 'delegated_admin', name: 'Delegated Admin' }] : []),
    ];
    const languages = (u.languages ?? []).map((l) => l.languageCode || l.customLanguage).filter((l): l is string => Boolean(l));
    return compact({
      id: u.id,
      identifiers: defined({ customerId: u.customerId ?? undefined, orgUnitPath: u.orgUnitPath ?? undefined }),
      firstName: u.name?.givenName ?? undefined,
      lastName: u.name?.familyName ?? undefined,
      name: u.name?.fullName ?? u.name?.displayName ?? ([u.name?.givenName, u.name?.familyName].filter(Boolean).join(' ') || undefined),
      username: primary,
      title: org?.title ?? undefined,
      emails,
      phones: (u.phones ?? []).filter((p) => p.value).map((p) => defined({ number: p.value as string, type: typeOf(p) })),
      status,
      rawStatus,
      is2faEnabled: u.isEnrolledIn2Sv,
      roles,
      avatar: u.thumbnailPhotoUrl ?? undefined,
      languages: languages.length ? languages : undefined,
      urls: (u.websites ?? []).filter((w) => w.value).map((w) => defined({ url: w.value as string, type: typeOf(w) })),
      createdAt: date(u.creationTime),
      lastLoginAt: u.lastLoginTime && u.lastLoginTime !== NEVER ? date(u.lastLoginTime) : undefined,
    });
  },
});
