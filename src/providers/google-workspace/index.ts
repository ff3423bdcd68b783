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
 *  3. Self-deletion guard, once per account and credentials (cached by the service):
 *     GET /admin/directory/v1/users/me — the administrator the OAuth token acts as (see the
 *     ambiguity below); their id, primary email and aliases are never deleted.
 *
 * Semantics: the account is deleted; a super administrator can restore it for 20 days ("You can
 * restore a deleted user account for up to 20 days", https://support.google.com/a/answer/1397578;
 * users.undelete, https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/undelete),
 * then it and its data are gone. Drive files that were not transferred are deleted with it
 * (https://support.google.com/a/answer/33314). Outcome: DELETED.
 *
 * Auth (https://developers.google.com/workspace/admin/directory/v1/guides/authorizing), scope
 * https://www.googleapis.com/auth/admin.directory.user, token endpoint https://oauth2.googleapis.com/token:
 *  - service_account (recommended): a service account with domain-wide delegation; the core signs
 *    a JWT (iss = the service account's email, sub = the administrator it impersonates, scope,
 *    aud = the token URL, RS256, kid = the key id) and exchanges it (RFC 7523), every hour.
 *    https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 *  - oauth: an OAuth 2.0 access token (and refresh token) of an administrator allowed to delete users.
 *
 * Limits (https://developers.google.com/workspace/admin/directory/v1/limits): 403
 * `userRateLimitExceeded` ("slow down ... using exponential backoff"), 403 `quotaExceeded` and 429
 * `rateLimitExceeded` ("Retry using exponential back-off"). The `errors` table maps those reasons
 * (read from `error.errors[].reason`, else `error.status`, RESOURCE_EXHAUSTED for the 429) to
 * RATE_LIMITED, so the shared client backs off exponentially and retries within its limits, like a
 * 429; any other 403 (`forbidden`, and `dailyLimitExceeded`, which the older page says not to
 * retry) stays FORBIDDEN. Error format: https://cloud.google.com/apis/design/errors
 *
 * Self-deletion guard:
 *  - ambiguous: the users.get reference documents userKey as "the user's primary email address,
 *    alias email address, or unique user ID" and names no `me` alias; third-party clients call
 *    GET /admin/directory/v1/users/me for the calling administrator. `me` is declared a self-alias:
 *    it is neither an email nor a numeric id, so it can never name anyone else, and refusing it
 *    costs nothing.
 *  - ambiguous: Google's documented "who am I" endpoints — OpenID Connect userinfo
 *    (https://openidconnect.googleapis.com/v1/userinfo,
 *    https://developers.google.com/identity/openid-connect/openid-connect#obtainuserinfo) and
 *    tokeninfo (https://oauth2.googleapis.com/tokeninfo) — live on other hosts than the account's
 *    base URL, and name the user only for tokens granted the `openid`/`email` scopes, which this
 *    integration's tokens do not carry (asking for them would break every connected account).
 *    The owner is therefore read with users.get on `me`, with the scope the token has. If Google
 *    ever refused that read, the lookup fails and so does the deletion (never made unguarded).
 *  - Per auth method: `oauth` (a user's token) reads `me`. A service account with domain-wide
 *    delegation (another issue adds it) acts as the administrator it impersonates, so the same read
 *    names them; a method without a declared lookup fails closed (OWNER_LOOKUPS).
 *
 * Ambiguities, stated rather than guessed:
 *  - users.delete's reference says only "a generic HTTP response"; the OpenAPI description
 *    lists 200, the service answers 204 with no body; any 2xx is success.
 *  - roles come from isAdmin / isDelegatedAdmin only; the individual admin role assignments live
 *    in another API (roleAssignments) with another scope and are not read.
 *  - a service account acts as the administrator in `subject` (the token's owner); the
 *    administrator must hold a role that may delete users.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { TokenOwner, UserStatus, VendorErrorKind } from '../core/types.js';

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

/** Google error body: {"error":{"code":403,"message":"…","status":"…","errors":[{"reason":"…","domain":"…","message":"…"}]}}. */
interface GoogleError {
  error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string; domain?: string; message?: string }> };
}

const INTEGRATION = 'Google Workspace';
const LIMITS_DOCS = 'https://developers.google.com/workspace/admin/directory/v1/limits';
/**
 * The quota reasons of the limits page, all "retry using exponential back-off" (403
 * userRateLimitExceeded and quotaExceeded, 429 rateLimitExceeded); RESOURCE_EXHAUSTED is the
 * `error.status` Google gives a 429 (https://cloud.google.com/apis/design/errors).
 */
const ERROR_TABLE: Readonly<Record<string, VendorErrorKind>> = {
  userRateLimitExceeded: 'RATE_LIMITED',
  quotaExceeded: 'RATE_LIMITED',
  rateLimitExceeded: 'RATE_LIMITED',
  RESOURCE_EXHAUSTED: 'RATE_LIMITED',
};
const NUMERIC_ID = /^\d{1,32}$/;
const EMAIL = /^[^@\s/\\]+@[^@\s/\\]+$/;
/** Google's placeholder for "never logged in". */
const NEVER = '1970-01-01T00:00:00.000Z';

function checkUserKey(id: string): void {
  if (!NUMERIC_ID.test(id) && !EMAIL.test(id)) {
    throw badInput(`Google Workspace users are addressed by primary email, alias email or unique (numeric) user id; "${id.slice(0, 60)}" is none of these`);
  }
}

/** The vendor's error code: a quota reason when any `errors[]` entry has one, else the first reason, else `error.status`. */
export function googleErrorCode(body: unknown): string | undefined {
  const e = (body as GoogleError | undefined)?.error;
  if (!e || typeof e !== 'object') return undefined;
  const reasons = (Array.isArray(e.errors) ? e.errors : []).map((x) => x?.reason).filter((r): r is string => typeof r === 'string' && r !== '');
  return reasons.find((r) => ERROR_TABLE[r] !== undefined) ?? reasons[0] ?? (typeof e.status === 'string' ? e.status : undefined);
}

/** The Google-unique addresses of an account: its id, primary email and aliases (not `emails[]`, which may hold anyone's). */
function ownerIds(u: GoogleUser): string[] {
  return [u.id, u.primaryEmail, ...(u.aliases ?? []), ...(u.nonEditableAliases ?? [])].filter((v): v is string => typeof v === 'string' && v !== '');
}

/** users.get on `me`: the administrator the token acts as (see the header on why this call). */
async function directoryMe(http: VendorHttp): Promise<TokenOwner> {
  const me = await http.get<GoogleUser>(path`/admin/directory/v1/users/me`);
  if (!me || typeof me !== 'object' || typeof me.id !== 'string' || !NUMERIC_ID.test(me.id)) {
    throw new AppError('REMOTE_ERROR', `${INTEGRATION} answered the read of the token's own user without a user id`, { integration: INTEGRATION });
  }
  return { ids: ownerIds(me) };
}

/**
 * The token owner per auth method. Every method the integration declares has an entry (a test
 * checks it): a new method (a service account, say) must say who its token acts as.
 */
export const OWNER_LOOKUPS: Readonly<Record<string, (http: VendorHttp, subject?: string) => Promise<TokenOwner | undefined>>> = {
  oauth: directoryMe,
  // A service account with domain-wide delegation acts as the administrator it impersonates (`sub`):
  // https://developers.google.com/identity/protocols/oauth2/service-account#delegatingauthority
  service_account: async (_http, subject) => {
    if (!subject) throw new AppError('REAUTH_REQUIRED', `${INTEGRATION} service account has no subject (the administrator it acts as); update the account`, { integration: INTEGRATION });
    return { ids: [subject] };
  },
};

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
  errors: {
    docs: LIMITS_DOCS,
    bodyLevel: false,
    code: (body) => googleErrorCode(body),
    table: ERROR_TABLE,
  },
  semantics: {
    permanent: false,
    restoreWindowDays: 20,
    description:
      'The account is deleted and can no longer sign in; a super administrator can restore it, with its data, for 20 days (Admin console or users.undelete), after which the account and its data are gone for good. Drive files not transferred to another user before the deletion are deleted with it.',
    docs: 'https://support.google.com/a/answer/1397578',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developers.google.com/workspace/admin/directory/reference/rest/v1/users/get',
    async lookup({ http, method, subject }) {
      const lookup = OWNER_LOOKUPS[method];
      if (!lookup) {
        throw new AppError('UNSUPPORTED', `${INTEGRATION} has no token-owner lookup for the ${method} auth method, so no deletion is made with it (self-deletion guard)`, {
          integration: INTEGRATION,
        });
      }
      return lookup(http, subject);
    },
  },

  async getUser({ http, id }) {
    checkUserKey(id);
    const user = await http.get<GoogleUser>(path`/admin/directory/v1/users/${id}`);
    if (!user || typeof user !== 'object' || typeof user.id !== 'string' || !NUMERIC_ID.test(user.id)) {
      throw new AppError('REMOTE_ERROR', `${INTEGRATION} answered the user read without a user id`, { integration: INTEGRATION });
    }
    return user;
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    checkUserKey(id);
    const key = snapshot?.id ?? id;
    await http.request('DELETE', path`/admin/directory/v1/users/${key}`, { query: remoteQuery });
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
