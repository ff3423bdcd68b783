/**
 * Adobe Marketo Engage: delete a Marketo user through the User Management API.
 *
 * Calls (https://developer.adobe.com/marketo-apis/api/user/, guide:
 * https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/user-management, read in
 * AdobeDocs/marketo-developer.en help/rest-api/user-management.md @ c631b7c):
 *  - GET /userservice/management/v1/users/{userid}/user.json → user record (snapshot) — getUserUsingGET;
 *    "returns a single user record for a user that has accepted their invitation"
 *  - POST /userservice/management/v1/users/{userid}/delete.json → 200 — deleteUserUsingPOST: "deletes the
 *    corresponding user from the instance. This is a destructive delete and cannot be reversed."
 *  - GET /userservice/management/v1/users/allusers.json?pageSize=200&pageOffset=N (lookup by email) —
 *    getUsersUsingGET ("The default is 20 and the maximum is 200")
 * `userid` is "the unique user identifier used for login and must be formatted as an email address"
 * (on subscriptions migrated to Adobe IMS it is an Adobe identifier instead).
 * Auth (help/rest-api/authentication.md): a LaunchPoint custom service's client id and secret
 * exchanged at https://{munchkin}.mktorest.com/identity/oauth/token (grant_type=client_credentials) for
 * an access token valid one hour; the User Management API takes it only in the Authorization header.
 * The custom service's API-only user needs "Access Users" and "Access User Management Api".
 * Errors (help/rest-api/error-codes.md): User Management answers carry no `success` attribute: "A
 * failed call returns a non-200 status code and the standard 'errors' array"; 601/602 are an invalid
 * or expired token (renewed), 603 access denied, 606 the rate limit (100 calls in 20 seconds), 607 the
 * daily quota, 615 the concurrency limit (10 at a time).
 *
 * What deletion means: on Adobe IMS-integrated subscriptions the endpoint deletes API-only users
 * only ("To delete standard Users, use the Adobe User Management API instead"): a standard user of such
 * a subscription comes back as Marketo's error, and is removed in the Adobe Admin Console or with the
 * Adobe User Management API (https://developer.adobe.com/umapi/).
 *
 * Ambiguities: the status and code Marketo answers for an unknown user are not documented (the HTTP
 * status decides: 404 is NOT_FOUND). Whether `pageOffset` counts entries or pages is not said: it is
 * read as entries, and the lookup stops at a short page. Pending invitations (users who never
 * accepted) are not readable with user.json and are deleted with /invite/delete.json, which this
 * integration does not send. Marketo names no "current user" call, and the token answer's `scope` (the
 * API-only user) is not passed to providers, so the token's owner cannot be named.
 */
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface MarketoUser {
  userid: string;
  id?: number | null;
  firstName?: string | null;
  lastName?: string | null;
  emailAddress?: string | null;
  apiOnly?: boolean | null;
  isLocked?: boolean | null;
  lockedReason?: string | null;
  failedLogins?: number | null;
  userRoleWorkspaces?: Array<{ accessRoleId: number; accessRoleName?: string; workspaceId: number; workspaceName?: string }> | null;
  expiresAt?: string | null;
  lastLoginAt?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  [k: string]: unknown;
}

const PAGE = 200;
const MAX_PAGES = 50;

/**
 * Marketo's datetimes: `yyyyMMdd'T'HH:mm:ss.SSS't'+hhmm` (documented) and, in the same guide's
 * examples, `yyyy-MM-dd'T'HH:mm:ss.SSS't'+hhmm`.
 */
export function marketoDate(v: string | null | undefined): Date | undefined {
  if (!v) return undefined;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?t?([+-])(\d{2}):?(\d{2})$/i.exec(v.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms = '0', sign, oh, om] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms.padEnd(3, '0')}${sign}${oh}:${om}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The code of the first entry of Marketo's standard `errors` array. */
function errorCode(body: unknown): string | undefined {
  const errors = (body as { errors?: Array<{ code?: unknown }> } | null | undefined)?.errors;
  const code = Array.isArray(errors) ? errors[0]?.code : undefined;
  return code === undefined || code === null ? undefined : String(code);
}

export const adobeMarketoEngage = defineProvider<MarketoUser>({
  name: 'Adobe Marketo Engage',
  slug: 'adobe-marketo-engage',
  docs: 'https://developer.adobe.com/marketo-apis/api/user/#tag/User-Management/operation/deleteUserUsingPOST',
  baseUrl: 'https://{munchkinId}.mktorest.com',
  context: {
    munchkinId: {
      kind: 'subdomain',
      description: 'Munchkin account id, the first label of the REST endpoint host (Admin > Web Services)',
      example: '123-abc-456',
    },
  },
  auth: {
    client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://{munchkinId}.mktorest.com/identity/oauth/token' },
      description:
        'LaunchPoint custom service client id/secret exchanged for an access token; its API-only user needs the "Access Users" and "Access User Management Api" permissions.',
      docs: 'https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'identifiers', 'firstName', 'lastName', 'name', 'emails', 'status', 'userType', 'roles', 'workspaces', 'lastLoginAt'],
  rateLimit: { defaultWaitMs: 20_000 },
  errors: {
    code: (body) => errorCode(body),
    // User Management failures come with a non-200 status; other Marketo REST answers report them in a 200 (`success: false`).
    bodyLevel: true,
    table: {
      '601': 'TOKEN_EXPIRED',
      '602': 'TOKEN_EXPIRED',
      '603': 'FORBIDDEN',
      '606': 'RATE_LIMITED',
      '615': 'RATE_LIMITED',
      '607': 'REMOTE_ERROR',
      '610': 'NOT_FOUND',
    },
    docs: 'https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes',
  },
  semantics: {
    permanent: true,
    description:
      'The user is deleted from the Marketo instance: "a destructive delete and cannot be reversed". On Adobe IMS-integrated subscriptions only API-only users can be deleted this way; standard users are removed in the Adobe Admin Console (or the Adobe User Management API).',
    docs: 'https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/user-management',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      "Marketo access tokens belong to a LaunchPoint custom service (its API-only user, named only in the token answer's scope); the User Management API has no call naming the caller.",
  },

  async findUsers({ http, email }) {
    const want = email.toLowerCase();
    const out: MarketoUser[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await http.get<MarketoUser[]>(path`/userservice/management/v1/users/allusers.json`, { query: { pageSize: PAGE, pageOffset: page * PAGE } });
      if (!Array.isArray(rows)) break;
      out.push(...rows.filter((u) => (u.emailAddress ?? '').toLowerCase() === want || (u.userid ?? '').toLowerCase() === want));
      if (rows.length < PAGE) break;
    }
    return out;
  },

  getUser({ http, id }) {
    return http.get<MarketoUser>(path`/userservice/management/v1/users/${id}/user.json`);
  },

  async deleteUser({ http, id, remoteQuery }) {
    await http.request('POST', path`/userservice/management/v1/users/${id}/delete.json`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const roles = u.userRoleWorkspaces ?? [];
    const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
    return compact({
      id: u.userid,
      identifiers: u.id !== undefined && u.id !== null ? { userid: u.userid, id: u.id } : undefined,
      firstName: u.firstName ?? undefined,
      lastName: u.lastName ?? undefined,
      name: name || undefined,
      emails: u.emailAddress ? [{ email: u.emailAddress, type: 'primary', isPrimary: true }] : undefined,
      status: u.isLocked ? 'INACTIVE' : 'ACTIVE',
      rawStatus: u.isLocked ? `locked${u.lockedReason ? `: ${u.lockedReason}` : ''}` : 'active',
      userType: u.apiOnly === true ? 'api_only' : u.apiOnly === false ? 'standard' : undefined,
      roles: roles.length ? roles.map((r) => ({ id: String(r.accessRoleId), name: r.accessRoleName ?? null, workspace: r.workspaceName ?? String(r.workspaceId) })) : undefined,
      workspaces: roles.length ? [...new Map(roles.map((r) => [r.workspaceId, { id: String(r.workspaceId), name: r.workspaceName ?? null }])).values()] : undefined,
      lastLoginAt: marketoDate(u.lastLoginAt),
    });
  },
});
