/**
 * Tableau Cloud: remove the user from the site the account signs in to.
 *
 * Calls (REST API 3.24, https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_users_and_groups.htm):
 *  - POST /api/3.24/auth/signin with a personal access token and the site's content URL →
 *    {credentials: {token, site: {id, contentUrl}, user: {id}}}
 *    https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_authentication.htm#sign_in
 *    (the token goes in `X-Tableau-Auth`; the site id comes from the answer)
 *  - GET /api/3.24/sites/{site-id}/users/{user-id} → {user} (snapshot)          #query_user_on_site
 *  - DELETE /api/3.24/sites/{site-id}/users/{user-id}[?mapAssetsTo={user-id}] → 204  #remove_user_from_site
 *  - GET /api/3.24/sessions/current → {session: {site, user}} (self-deletion guard)
 *    https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_authentication.htm#get_current_server_session
 *  - GET /api/3.24/sites/{site-id}/users?filter=name:eq:{email}&pageSize=100&pageNumber=N (lookup by email)
 *    #get_users_on_site; filter syntax: https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_concepts_filtering_and_sorting.htm
 * JSON is asked for with `Accept: application/json` (the API answers XML otherwise).
 * Errors: {"error": {"summary", "detail", "code": "404002"}} (https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_errors.htm
 * style codes: 404002 user not found, 401002 unauthorized access, 403xxx forbidden).
 *
 * What deletion means (Remove User from Site): the user is removed from the site; "The user will be
 * deleted if they do not own any other assets other than subscriptions. If a user still owns content
 * (assets) on Tableau Server, the user cannot be deleted unless the ownership is reassigned first."
 * `mapAssetsTo` (the id of a user who receives the removed user's content) is not a spec param: it is
 * passed through `remote_query`, unchanged, on the DELETE.
 *
 * Ambiguities: what Tableau answers when the user still owns content is not stated on the reference
 * page; Okta's Tableau Cloud connector documents that the site role is then changed to Unlicensed, the
 * user is not removed, and a 409 Conflict comes back. A 409 on the removal is therefore reported as
 * PRECONDITION (reassign the content, or pass mapAssetsTo), and docs/vendors/tableau.md says the site
 * role may already be Unlicensed. Whether `name:eq:` matches case-insensitively is not documented:
 * the address is sent as given and only exact, case-insensitive matches of `email` or `name` are kept.
 * A session lives 120 minutes on Tableau Cloud unless the site says otherwise (the sign-in answer does
 * not tell; a 401 renews it earlier). Tableau Server (self-hosted) needs the account's base-URL override.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface TableauUser {
  id: string;
  name?: string | null;
  fullName?: string | null;
  email?: string | null;
  siteRole?: string | null;
  authSetting?: string | null;
  lastLogin?: string | null;
  externalAuthUserId?: string | null;
  locale?: string | null;
  language?: string | null;
  domain?: { name?: string } | null;
  [k: string]: unknown;
}

interface UsersPage {
  pagination?: { pageNumber?: string; pageSize?: string; totalAvailable?: string };
  users?: { user?: TableauUser[] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 100;
const MAX_PAGES = 20;
const TABLEAU = 'Tableau';

/**
 * The license a site role uses (Tableau Cloud site roles:
 * https://help.tableau.com/current/online/en-us/users_site_roles.htm). Unlicensed holds none.
 */
function licenseOf(siteRole: string): string | undefined {
  if (siteRole === 'Creator' || siteRole === 'SiteAdministratorCreator' || siteRole === 'ServerAdministrator') return 'Creator';
  if (siteRole === 'Explorer' || siteRole === 'ExplorerCanPublish' || siteRole === 'SiteAdministratorExplorer' || siteRole === 'SiteAdministrator') return 'Explorer';
  if (siteRole === 'Viewer' || siteRole === 'ReadOnly') return 'Viewer';
  return undefined;
}

function siteOf(context: Readonly<Record<string, string>>): string {
  const site = context.siteId;
  if (!site) throw badInput('The Tableau account has no site id yet: sign in again (the site id comes from the sign-in answer)', { integration: TABLEAU });
  return site;
}

export const tableau = defineProvider<TableauUser>({
  name: 'Tableau',
  slug: 'tableau',
  docs: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_users_and_groups.htm#remove_user_from_site',
  baseUrl: 'https://{host}/api/3.24',
  context: {
    host: { kind: 'hostname', description: 'Tableau Cloud pod host', example: '10ax.online.tableau.com', endsWith: ['.online.tableau.com'] },
    siteId: { kind: 'id', description: 'Site LUID (read from the sign-in answer)', example: '9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d', pattern: UUID, optional: true },
  },
  auth: {
    personal_access_token: {
      scheme: {
        kind: 'session',
        signIn: {
          url: '/auth/signin',
          json: { credentials: { personalAccessTokenName: '{tokenName}', personalAccessTokenSecret: '{tokenSecret}', site: { contentUrl: '{siteContentUrl}' } } },
        },
        token: { path: 'credentials.token' },
        ttlSeconds: 7200,
        header: { 'X-Tableau-Auth': '{token}' },
        provides: { siteId: { path: 'credentials.site.id' } },
      },
      description:
        "Personal access token (name and secret) of a site administrator, and the site's content URL (the name in …/#/site/<contentUrl>); signed in at /auth/signin, the session token goes in X-Tableau-Auth.",
      docs: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_concepts_auth.htm',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'name', 'username', 'emails', 'status', 'roles', 'licenses', 'languages', 'lastLoginAt'],
  errors: {
    // A 409 on Remove User from Site: the user still owns content (see Ambiguities above).
    code: (body, status) => (status === 409 ? 'HTTP-409' : ((body as { error?: { code?: unknown } } | undefined)?.error?.code as string | undefined)),
    bodyLevel: false,
    table: { 'HTTP-409': 'PRECONDITION', '404002': 'NOT_FOUND', '404000': 'NOT_FOUND' },
    docs: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_users_and_groups.htm#remove_user_from_site',
  },
  semantics: {
    permanent: true,
    description:
      "The user is removed from the Tableau Cloud site and their license seat freed; the site user is deleted when they own no content other than subscriptions. A user who still owns content cannot be removed until it is reassigned (Tableau then only sets the site role to Unlicensed); remote_query mapAssetsTo=<user id> hands the content to another user during the removal.",
    docs: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_users_and_groups.htm#remove_user_from_site',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_authentication.htm#get_current_server_session',
    async lookup({ http }) {
      const res = await http.get<{ session?: { user?: TableauUser } }>(path`/sessions/current`);
      const me = res.session?.user;
      if (!me?.id) return undefined;
      return { ids: [me.id, ...(me.name ? [me.name] : []), ...(me.email ? [me.email] : [])] };
    },
  },

  async findUsers({ http, email, context }) {
    const site = siteOf(context);
    if (/[,:]/.test(email)) throw badInput('A Tableau filter value cannot hold "," or ":"');
    const want = email.toLowerCase();
    const out: TableauUser[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await http.get<UsersPage>(path`/sites/${site}/users`, { query: { filter: `name:eq:${email}`, pageSize: PAGE, pageNumber: page } });
      const users = res.users?.user ?? [];
      out.push(...users.filter((u) => (u.email ?? '').toLowerCase() === want || (u.name ?? '').toLowerCase() === want));
      const total = Number(res.pagination?.totalAvailable ?? users.length);
      if (users.length < PAGE || page * PAGE >= total) break;
    }
    return out;
  },

  async getUser({ http, id, context }) {
    if (!UUID.test(id)) throw badInput(`Tableau user ids are LUIDs (UUIDs); "${id.slice(0, 40)}" is not`);
    const res = await http.get<{ user: TableauUser }>(path`/sites/${siteOf(context)}/users/${id}`);
    return res.user;
  },

  async deleteUser({ http, id, context, remoteQuery }) {
    const site = siteOf(context);
    await http.request('DELETE', path`/sites/${site}/users/${id}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: site } };
  },

  // A Tableau Cloud site user exists only in its site: once removed, its site role and the license seat
  // that role used are gone (204 only comes when Tableau removed the user).
  after(user) {
    return { ...user, status: 'DELETED', rawStatus: null, roles: [], licenses: [] };
  },

  toUser(u) {
    const role = u.siteRole ?? undefined;
    const license = role ? licenseOf(role) : undefined;
    const email = u.email || (u.name && u.name.includes('@') ? u.name : undefined);
    const status: UserStatus | undefined = role ? (role === 'Unlicensed' ? 'INACTIVE' : 'ACTIVE') : undefined;
    return compact({
      id: u.id,
      name: u.fullName || undefined,
      username: u.name ?? undefined,
      emails: email ? [{ email, type: 'primary', isPrimary: true }] : undefined,
      status,
      rawStatus: role,
      roles: role ? [{ id: role, name: role }] : undefined,
      licenses: license ? [{ id: license, name: license }] : undefined,
      languages: u.language || u.locale ? [(u.language || u.locale) as string] : undefined,
      lastLoginAt: date(u.lastLogin),
    });
  },
});
