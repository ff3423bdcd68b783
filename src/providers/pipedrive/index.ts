/**
 * Pipedrive: deactivate the user in the company (Pipedrive documents no user deletion).
 *
 * Calls (https://developers.pipedrive.com/docs/api/v1/Users; read through a verbatim copy of that page
 * and the Users section of Pipedrive's own client, pipedrive/client-nodejs docs/UsersApi.md and
 * docs/BaseUser.md):
 *  - GET /v1/users/{id} → 200 {"success":true,"data":{...}} (snapshot)                   #getUser
 *  - PUT /v1/users/{id} {"active_flag":false} → 200 {"success":true,"data":{...}}         #updateUser
 *    "Updates the properties of a user. Currently, only `active_flag` can be updated."
 *  - GET /v1/users/me → the authorized user (self-deletion guard)                        #getCurrentUser
 *  - GET /v1/users/find?term={email}&search_by_email=1 → users whose email matches         #findUsersByName
 * Base URL: the company domain, https://{company}.pipedrive.com/api/v1
 * (https://pipedrive.readme.io/docs/how-to-get-the-company-domain); OAuth access tokens are used with
 * the `api_domain` of the token answer, the same company domain.
 * Auth: the user's personal API token in the `x-api-token` header, or an OAuth access token as Bearer
 * (https://pipedrive.readme.io/docs/core-api-concepts-authentication). Both act as a user: the one the
 * token belongs to, or the one who installed the app.
 * Errors: non-2xx with {"success":false,"error":...,"errorCode":...}
 * (https://pipedrive.readme.io/docs/core-api-concepts-http-status-codes).
 * Rate limits (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting): 429 with
 * x-ratelimit-limit, x-ratelimit-remaining and x-ratelimit-reset ("after how many seconds the current
 * rate limit window resets").
 *
 * What deletion means: "Users are people with access to your Pipedrive account. A user may belong to one
 * or many Pipedrive accounts, so deleting a user from one Pipedrive account will not remove the user from
 * the data store if he/she is connected to multiple accounts" (Users reference). The API can only
 * deactivate: the user can no longer log in to the company, their deals, contacts and activities stay
 * (owned by the deactivated user), and an admin can reactivate them (active_flag true)
 * (https://support.pipedrive.com/en/article/deactivating-users).
 *
 * ambiguous: `created`, `modified` and `last_login` are "YYYY-MM-DD HH:MM:SS" with no zone; they are
 * read as UTC.
 * ambiguous: whether the paid seat is freed at once is billing, not API, and is not stated on the
 * reference page.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface PipedriveAccess {
  app?: string;
  admin?: boolean;
  permission_set_id?: string;
}

export interface PipedriveUser {
  id: number;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  locale?: string | null;
  lang?: number | null;
  activated?: boolean;
  active_flag?: boolean;
  is_deleted?: boolean;
  last_login?: string | null;
  created?: string | null;
  modified?: string | null;
  access?: PipedriveAccess[] | null;
  timezone_name?: string | null;
  role_id?: number | null;
  icon_url?: string | null;
  is_you?: boolean;
  is_admin?: number | boolean;
  [k: string]: unknown;
}

interface Envelope<T> {
  success?: boolean;
  data?: T | null;
}

function checkId(id: string): void {
  if (!/^\d{1,20}$/.test(id)) throw badInput(`Pipedrive user ids are numeric; "${id.slice(0, 40)}" is not`);
}

/** "2019-11-21 08:45:56" (no zone; read as UTC) → Date. */
function pdDate(v: string | null | undefined): Date | undefined {
  if (!v) return undefined;
  return date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v) ? `${v.replace(' ', 'T')}Z` : v);
}

export const pipedrive = defineProvider<PipedriveUser>({
  name: 'Pipedrive',
  slug: 'pipedrive',
  docs: 'https://developers.pipedrive.com/docs/api/v1/Users#updateUser',
  baseUrl: 'https://{subdomain}.pipedrive.com/api/v1',
  context: { subdomain: { kind: 'subdomain', description: 'Company domain (acme in acme.pipedrive.com; an OAuth token answer gives it as api_domain)', example: 'acme' } },
  auth: {
    api_token: {
      scheme: { kind: 'headers', headers: { 'x-api-token': '{apiToken}' } },
      description: "The personal API token of an admin (Personal preferences → API), sent in the x-api-token header.",
      docs: 'https://pipedrive.readme.io/docs/how-to-find-the-api-token',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://oauth.pipedrive.com/oauth/token', scopes: ['admin'], clientAuth: 'basic' },
      description: 'A Marketplace app with the admin scope, installed by an admin (authorization code; refreshed at oauth.pipedrive.com with Basic client auth).',
      docs: 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'name', 'emails', 'phones', 'status', 'roles', 'licenses', 'avatar', 'timezone', 'createdAt', 'updatedAt', 'lastLoginAt'],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'delta-seconds' },
  errors: {
    code: (body, status) => {
      if (!body || typeof body !== 'object') return undefined;
      const b = body as { success?: unknown; errorCode?: unknown; error?: unknown };
      if (b.success !== false) return undefined;
      if (typeof b.errorCode === 'number' || typeof b.errorCode === 'string') return String(b.errorCode);
      return String(status);
    },
    bodyLevel: false,
    table: { '401': 'REAUTH_REQUIRED', '403': 'FORBIDDEN', '404': 'NOT_FOUND', '429': 'RATE_LIMITED' },
    docs: 'https://pipedrive.readme.io/docs/core-api-concepts-http-status-codes',
  },
  semantics: {
    permanent: false,
    description:
      'The user is deactivated (active_flag false): they can no longer log in to the company; their deals, contacts and activities stay in Pipedrive, still owned by them, and an admin can reactivate them. Pipedrive has no API to delete a user.',
    docs: 'https://developers.pipedrive.com/docs/api/v1/Users#updateUser',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developers.pipedrive.com/docs/api/v1/Users#getCurrentUser',
    async lookup({ http }) {
      const me = await http.get<Envelope<PipedriveUser>>(path`/users/me`);
      if (!me.data) return undefined;
      return { ids: [String(me.data.id), ...(me.data.email ? [me.data.email] : [])] };
    },
  },

  async findUsers({ http, email }) {
    const res = await http.get<Envelope<PipedriveUser[]>>(path`/users/find`, { query: { term: email, search_by_email: 1 } });
    const want = email.trim().toLowerCase();
    return (res.data ?? []).filter((u) => (u.email ?? '').toLowerCase() === want);
  },

  async getUser({ http, id }) {
    checkId(id);
    const res = await http.get<Envelope<PipedriveUser>>(path`/users/${id}`);
    return res.data ?? undefined;
  },

  async deleteUser({ http, id, remoteQuery, snapshot }) {
    checkId(id);
    if (snapshot?.active_flag === false) return { outcome: 'ALREADY_DEACTIVATED' };
    const res = await http.put<Envelope<PipedriveUser>>(path`/users/${id}`, { json: { active_flag: false }, query: remoteQuery });
    return { outcome: 'DEACTIVATED', user: res?.data ? { ...(snapshot ?? {}), ...res.data } : undefined };
  },

  toUser(u) {
    const status = u.is_deleted ? 'DELETED' : u.active_flag === false ? 'INACTIVE' : 'ACTIVE';
    const apps = (u.access ?? []).filter((a) => a.app);
    return compact({
      id: String(u.id),
      name: u.name ?? undefined,
      emails: u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : undefined,
      phones: u.phone ? [{ number: u.phone }] : undefined,
      status,
      rawStatus: u.is_deleted ? 'deleted' : u.active_flag === false ? 'inactive' : 'active',
      roles: u.role_id !== null && u.role_id !== undefined ? [{ id: String(u.role_id) }] : undefined,
      // Access per Pipedrive app (sales, projects, campaigns, global, account_settings): what the user's seat gives.
      licenses: apps.length ? apps.map((a) => ({ id: a.permission_set_id ?? a.app, name: `${a.app}${a.admin ? ' (admin)' : ''}` })) : undefined,
      avatar: u.icon_url ?? undefined,
      timezone: u.timezone_name ?? undefined,
      createdAt: pdDate(u.created),
      updatedAt: pdDate(u.modified),
      lastLoginAt: pdDate(u.last_login),
    });
  },
});
