/**
 * PagerDuty: remove a user from the PagerDuty account (REST API v2, test/contracts/pagerduty.json,
 * PagerDuty/api-schema reference/REST/openapiv3.json).
 *
 * The reference pages use opaque ids, so each call names its operationId in the description.
 * Calls (every one carries `Accept: application/vnd.pagerduty+json;version=2` and
 * `Content-Type: application/json`, both declared required by the description):
 *  - GET /users/{id} → {user} (snapshot)  operationId getUser, https://developer.pagerduty.com/api-reference/
 *  - DELETE /users/{id} → 204 "Remove an existing user."
 *    operationId deleteUser, https://developer.pagerduty.com/api-reference/
 *    "Returns 400 if the user has assigned incidents unless your pricing plan has the `offboarding`
 *    feature and the account is configured appropriately. Note that the incidents reassignment
 *    process is asynchronous" (https://support.pagerduty.com/docs/offboarding). That 400 is
 *    reported as FAILED_PRECONDITION, never forced.
 *  - GET /users?limit=100&offset=N (lookup by email: `query` filters on the *name* only, so pages
 *    are read; classic offset pagination, `more` says whether a page follows)
 *    operationId listUsers
 *  - GET /users/me → the user behind a user-level API key or a user OAuth token (self-deletion
 *    guard; `me` is refused as an id). "This will not work if the request is made with an
 *    account-level access token": an account-level REST API key acts as no user.
 *    operationId getCurrentUser
 * Auth: `Authorization: Token token=<key>` (securitySchemes.api_key), OAuth tokens as Bearer
 * (https://v2.developer.pagerduty.com/docs/authentication). Scoped OAuth: users.read, users.write.
 * Errors: `{error: {code, message, errors[]}}` (components.responses of the description; its
 * example is 2100 "Not Found").
 * Rate limits: 429; "the ratelimit-reset header will let you know how many seconds to wait"
 * (https://support.pagerduty.com/docs/rest-api-rate-limits).
 *
 * ambiguous: the DELETE's 400 for assigned incidents is in its description but not in its listed
 * responses, and its error code is not documented: a 400 on the DELETE whose message or details
 * name incidents is FAILED_PRECONDITION; any other 400 stays a REMOTE_ERROR carrying PagerDuty's message.
 * ambiguous: EU accounts use api.eu.pagerduty.com (context `host`); the OAuth refresh URL of EU
 * accounts (identity.eu.pagerduty.com) is not modelled: EU accounts use an API key or an access
 * token without refresh.
 */
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface PagerDutyUser {
  id: string;
  type?: string;
  summary?: string | null;
  self?: string | null;
  html_url?: string | null;
  name?: string | null;
  email?: string | null;
  time_zone?: string | null;
  color?: string | null;
  role?: string | null;
  avatar_url?: string | null;
  description?: string | null;
  invitation_sent?: boolean | null;
  created_via_sso?: boolean | null;
  job_title?: string | null;
  teams?: Array<{ id: string; summary?: string | null }> | null;
  [k: string]: unknown;
}

const PAGE_SIZE = 100;
/** PagerDuty's classic pagination stops at offset 10,000. */
const MAX_PAGES = 100;

/** The 400 the DELETE answers while the user has assigned incidents (description of deleteUser). */
function errorCode(body: unknown, status: number): string | undefined {
  const error = body && typeof body === 'object' ? (body as { error?: { code?: unknown; message?: unknown; errors?: unknown } }).error : undefined;
  if (!error) return undefined;
  const text = [error.message, ...(Array.isArray(error.errors) ? error.errors : [])].filter((v) => typeof v === 'string').join(' ');
  if (status === 400 && /incident/i.test(text)) return 'assigned_incidents';
  return typeof error.code === 'number' ? String(error.code) : undefined;
}

export const pagerduty = defineProvider<PagerDutyUser>({
  name: 'PagerDuty',
  slug: 'pagerduty',
  docs: 'https://developer.pagerduty.com/api-reference/',
  baseUrl: 'https://{host}',
  context: {
    host: {
      kind: 'enum',
      description: 'REST API host: api.pagerduty.com, or api.eu.pagerduty.com for accounts in the EU service region',
      values: ['api.pagerduty.com', 'api.eu.pagerduty.com'],
      default: 'api.pagerduty.com',
    },
  },
  auth: {
    api_token: {
      scheme: { kind: 'headers', headers: { Authorization: 'Token token={apiToken}' } },
      description: 'An account-level REST API key with full access (Integrations > API Access Keys); it acts as the account, not as a user.',
      docs: 'https://v2.developer.pagerduty.com/docs/authentication',
    },
    user_api_token: {
      scheme: { kind: 'headers', headers: { Authorization: 'Token token={apiToken}' } },
      description: 'A user-level REST API key of an Admin or Account Owner (My Profile > User Settings > API Access).',
      docs: 'https://v2.developer.pagerduty.com/docs/authentication',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://identity.pagerduty.com/oauth/token', scopes: ['users.read', 'users.write'] },
      description: 'A scoped OAuth user token (users.read, users.write) of an Admin or Account Owner.',
      docs: 'https://v2.developer.pagerduty.com/docs/authentication',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'name', 'emails', 'roles', 'avatar', 'timezone', 'title', 'bio', 'status', 'groups', 'urls'],
  headers: { accept: 'application/vnd.pagerduty+json;version=2', 'content-type': 'application/json' },
  rateLimit: { resetHeader: 'ratelimit-reset', resetKind: 'delta-seconds' },
  errors: {
    code: errorCode,
    bodyLevel: false,
    table: { assigned_incidents: 'PRECONDITION' },
    docs: 'https://developer.pagerduty.com/api-reference/',
  },
  semantics: {
    permanent: true,
    description:
      'The user is removed from the PagerDuty account and can no longer sign in or be paged; PagerDuty documents no restore. PagerDuty refuses while the user has assigned incidents, unless the account\'s offboarding feature reassigns them (asynchronously).',
    docs: 'https://support.pagerduty.com/docs/offboarding',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.pagerduty.com/api-reference/a47605517c19a-api-concepts#users',
    async lookup({ http, method }) {
      // "This will not work if the request is made with an account-level access token."
      if (method === 'api_token') return undefined;
      const me = await http.get<{ user: PagerDutyUser }>(path`/users/me`);
      return { ids: [me.user?.id, me.user?.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const wanted = email.toLowerCase();
    const found: PagerDutyUser[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<{ users?: PagerDutyUser[]; more?: boolean }>(path`/users`, { query: { limit: PAGE_SIZE, offset: page * PAGE_SIZE } });
      for (const u of res.users ?? []) if (u.email?.toLowerCase() === wanted) found.push(u);
      if (!res.more || (res.users ?? []).length === 0) break;
    }
    return found;
  },

  async getUser({ http, id }) {
    const res = await http.get<{ user: PagerDutyUser }>(path`/users/${id}`);
    return res.user;
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    await http.request('DELETE', path`/users/${snapshot?.id ?? id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    return compact({
      id: u.id,
      name: u.name ?? u.summary ?? undefined,
      emails: u.email ? [{ email: u.email, type: 'login', isPrimary: true }] : undefined,
      roles: u.role ? [{ id: u.role, name: u.role }] : undefined,
      avatar: u.avatar_url ?? undefined,
      timezone: u.time_zone ?? undefined,
      title: u.job_title ?? undefined,
      bio: u.description ?? undefined,
      // `invitation_sent`: "If true, the user has an outstanding invitation."
      status: u.invitation_sent ? 'INVITED' : 'ACTIVE',
      rawStatus: u.invitation_sent ? 'invitation_sent' : 'active',
      groups: (u.teams ?? []).map((t) => ({ id: t.id, name: t.summary ?? null })),
      urls: u.html_url ? [{ url: u.html_url, type: 'profile' }] : undefined,
    });
  },
});
