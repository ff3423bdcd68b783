/**
 * Looker (Google Cloud core and original Looker instances): delete the user on the instance.
 *
 * Calls (Looker API 4.0, https://cloud.google.com/looker/docs/reference/looker-api/latest; the
 * OpenAPI description is looker-open-source/sdk-codegen spec/Looker.4.0.oas.json, copied to
 * test/contracts/looker-4.0.oas.json):
 *  - POST /api/4.0/login (form body client_id, client_secret) → {access_token, token_type, expires_in}
 *    https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/ApiAuth/login — the
 *    token goes in `Authorization: token …` ("The word `token` is a string literal").
 *  - GET /api/4.0/users/{user_id} → User (snapshot)
 *    https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/user
 *  - DELETE /api/4.0/users/{user_id} → 204
 *    https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/delete_user
 *  - GET /api/4.0/user → User: "the user account currently calling the API" (self-deletion guard)
 *    https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/me
 *  - GET /api/4.0/users/search?email=…&limit=…&offset=… (lookup by email)
 *    https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/search_users —
 *    "String search params use case-insensitive matching" and may hold `%`/`_` as SQL LIKE
 *    wildcards, so an address with `_` can match others: only exact (case-insensitive) matches of
 *    `email` are kept.
 * Errors: 400/403/404/429 with {message, documentation_url} (no error codes): the HTTP status
 * decides. Rate limit: 429 is documented with no reset header; Retry-After is honoured if sent,
 * otherwise the core's backoff.
 *
 * What deletion means (delete_user): "This action cannot be undone ... Their reports, Looks and
 * dashboards will be moved to Trash. Any public URLs owned by them will no longer work. Schedules
 * created by the users or that use their content will be deleted. Alerts will continue to run, but
 * will not be visible or editable from the dashboard. The user cannot delete themselves. The last
 * administrator user cannot be deleted."
 *
 * Ambiguities: the status and message Looker answers for the last administrator (or the caller
 * itself) are not documented — they come back with the vendor's status (400/403 → BAD_USER_INPUT /
 * FORBIDDEN) and its message. Instances hosted on a custom domain, or older ones serving the API on
 * port 19999, need the account's base-URL override: the `host` context accepts *.looker.com,
 * and *.looker.app (the instance URL of Looker (Google Cloud core)) hosts;
 * https://cloud.google.com/looker/docs/api-getting-started lists <instance>.api.looker.com,
 * <instance>.api.<region>.looker.com and <instance>.looker.com[:19999]. "Deleting Service Accounts
 * via this endpoint is deprecated and can be blocked": a service account is refused here
 * (BAD_USER_INPUT) rather than sent to a deprecated path; offboarding concerns people.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

interface LookerCredential {
  email?: string | null;
  logged_in_at?: string | null;
  created_at?: string | null;
  is_disabled?: boolean;
  verified?: boolean;
  type?: string | null;
  [k: string]: unknown;
}

export interface LookerUser {
  id: string;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  display_name?: string | null;
  is_disabled?: boolean;
  role_ids?: string[] | null;
  group_ids?: string[] | null;
  locale?: string | null;
  avatar_url?: string | null;
  url?: string | null;
  is_service_account?: boolean;
  credentials_email?: LookerCredential | null;
  credentials_totp?: LookerCredential | null;
  credentials_google?: LookerCredential | null;
  credentials_saml?: LookerCredential | null;
  credentials_oidc?: LookerCredential | null;
  credentials_ldap?: LookerCredential | null;
  credentials_looker_openid?: LookerCredential | null;
  [k: string]: unknown;
}

/** Users per search page, and pages read at most (10 000 users with one address is not a person). */
const PAGE = 100;
const MAX_PAGES = 20;

const LOGIN_CREDENTIALS = ['credentials_email', 'credentials_google', 'credentials_saml', 'credentials_oidc', 'credentials_ldap', 'credentials_looker_openid'] as const;

/** The latest `logged_in_at` over the user's login credentials. */
function lastLogin(u: LookerUser): Date | undefined {
  let latest: Date | undefined;
  for (const k of LOGIN_CREDENTIALS) {
    const d = date(u[k]?.logged_in_at);
    if (d && (!latest || d > latest)) latest = d;
  }
  return latest;
}

function checkId(id: string): void {
  // Looker user ids are strings of digits in every documented example ("Unique Id", type string).
  if (!/^\d{1,20}$/.test(id)) throw badInput(`Looker user ids are numeric strings; "${id.slice(0, 40)}" is not`);
}

export const looker = defineProvider<LookerUser>({
  name: 'Looker',
  slug: 'looker',
  docs: 'https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/delete_user',
  baseUrl: 'https://{host}/api/4.0',
  context: {
    host: {
      kind: 'hostname',
      description: 'Looker instance host (acme.cloud.looker.com, or the *.looker.app host of a Looker (Google Cloud core) instance)',
      example: 'acme.cloud.looker.com',
      endsWith: ['.looker.com', '.looker.app'],
    },
  },
  auth: {
    api_key: {
      scheme: {
        kind: 'session',
        signIn: { url: '/login', form: { client_id: '{clientId}', client_secret: '{clientSecret}' } },
        token: { path: 'access_token' },
        expiresIn: { path: 'expires_in' },
        header: { Authorization: 'token {token}' },
      },
      description:
        'API key (client_id and client_secret) of an admin user (Admin > Users > Edit Keys), exchanged at /login for an access token sent as "Authorization: token …".',
      docs: 'https://cloud.google.com/looker/docs/api-auth',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'status', 'is2faEnabled', 'roles', 'groups', 'avatar', 'languages', 'lastLoginAt', 'urls'],
  semantics: {
    permanent: true,
    description:
      "The user is deleted and this cannot be undone. Their reports, Looks and dashboards move to Trash, their public URLs stop working, schedules they created or that use their content are deleted, and their alerts keep running without being visible. The last administrator (and the caller itself) cannot be deleted.",
    docs: 'https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/delete_user',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://cloud.google.com/looker/docs/reference/looker-api/latest/methods/User/me',
    async lookup({ http }) {
      const me = await http.get<LookerUser>(path`/user`);
      return { ids: [String(me.id), ...(me.email ? [me.email] : []), ...(me.credentials_email?.email ? [me.credentials_email.email] : [])] };
    },
  },

  async findUsers({ http, email }) {
    const want = email.toLowerCase();
    const out: LookerUser[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await http.get<LookerUser[]>(path`/users/search`, { query: { email, limit: PAGE, offset: page * PAGE } });
      if (!Array.isArray(rows)) break;
      // `_` and `%` are LIKE wildcards in Looker's search: keep exact addresses only.
      out.push(...rows.filter((u) => (u.email ?? u.credentials_email?.email ?? '').toLowerCase() === want));
      if (rows.length < PAGE) break;
    }
    return out;
  },

  async getUser({ http, id }) {
    checkId(id);
    const user = await http.get<LookerUser>(path`/users/${id}`);
    if (user?.is_service_account) {
      throw badInput('Looker user ' + id + ' is a service account; Looker deprecates deleting service accounts with delete_user (use delete_service_account in Looker)');
    }
    return user;
  },

  async deleteUser({ http, id, remoteQuery }) {
    await http.request('DELETE', path`/users/${id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const email = u.email ?? u.credentials_email?.email ?? undefined;
    return compact({
      id: String(u.id),
      firstName: u.first_name ?? undefined,
      lastName: u.last_name ?? undefined,
      name: u.display_name ?? ([u.first_name, u.last_name].filter(Boolean).join(' ') || undefined),
      emails: email ? [{ email, type: 'primary', isPrimary: true }] : undefined,
      status: u.is_disabled ? 'INACTIVE' : 'ACTIVE',
      rawStatus: u.is_disabled ? 'disabled' : 'enabled',
      // A verified, enabled TOTP credential is Looker's two-factor authentication.
      is2faEnabled: u.credentials_totp ? u.credentials_totp.verified === true && u.credentials_totp.is_disabled !== true : false,
      roles: u.role_ids?.length ? u.role_ids.map((r) => ({ id: String(r) })) : undefined,
      groups: u.group_ids?.length ? u.group_ids.map((g) => ({ id: String(g) })) : undefined,
      avatar: u.avatar_url ?? undefined,
      languages: u.locale ? [u.locale] : undefined,
      lastLoginAt: lastLogin(u),
      urls: u.url ? [{ url: u.url, type: 'api' }] : undefined,
    });
  },
});
