/**
 * WordPress (WordPress.com REST API v1.1): remove the user from the site the spec's `workspace` names.
 *
 * Calls (https://public-api.wordpress.com/rest/v1.1; endpoint definitions in Jetpack's
 * json-endpoints, the source of developer.wordpress.com/docs/api/):
 *  - GET /sites/{site}/users/{user_ID} → 200 user { ID, login, email, name, first_name, last_name,
 *    URL, avatar_URL, profile_URL, site_ID, roles, is_super_admin } ("Get details of a user of a site
 *    by ID"; `login:{login}` for a user name)
 *    https://developer.wordpress.com/docs/api/1.1/get/sites/%24site/users/login:%24user_login/
 *  - GET /sites/{site} → 200 site { ID, name, URL, jetpack, ... }: whether the site is a Jetpack
 *    (self-hosted) site, where the same call deletes the user and their posts
 *    https://developer.wordpress.com/docs/api/1.1/get/sites/%24site/
 *  - POST /sites/{site}/users/{user_ID}/delete { reassign? } → 200 { "success": true } ("Deletes or
 *    removes a user of a site"; `reassign`: "An optional id of a user to reassign posts to")
 *    https://developer.wordpress.com/docs/api/1.1/post/sites/%24site/users/%24user_ID/delete/
 *  - GET /sites/{site}/users?search={email}&search_columns=user_email → { found, users }: lookup by email
 *    https://developer.wordpress.com/docs/api/1.1/get/sites/%24site/users/
 *  - GET /me → { ID, username, email, ... }: the user the token belongs to (self-deletion guard)
 *    https://developer.wordpress.com/docs/api/1.1/get/me/
 * Auth: OAuth 2.0 bearer token of a site administrator (scope `global`, or a site-scoped token),
 * https://developer.wordpress.com/docs/oauth2/.
 * Errors: `{ "error": "unknown_user", "message": "..." }` with the HTTP status; `{ "success": false }`
 * on the delete is a failure.
 *
 * What deletion means: on a WordPress.com site the user is removed from the site (their WordPress.com
 * account remains and can be invited again); their posts stay on the site, or go to the user given as
 * `remote_query` `reassign`. On a Jetpack-connected self-hosted site the same call deletes the user
 * account on that site, and WordPress then deletes the user's posts unless they are reassigned: there
 * the call is refused (FAILED_PRECONDITION) without `reassign`, never forced.
 *
 * ambiguous: "Deletes or removes" — which one happens is not spelled out per site type in the
 * reference; the split above follows WordPress's own behaviour (multisite: remove_user_from_blog,
 * single site: wp_delete_user).
 * ambiguous: GET /sites/{site}/users/{user_ID} is marked "do not document" in the endpoint list while its
 * `login:` twin is documented; both answer the same user format.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';
import type { DeleteUserParams } from '../core/types.js';

export interface WordPressUser {
  ID: number;
  login?: string;
  email?: string | false;
  name?: string;
  first_name?: string;
  last_name?: string;
  nice_name?: string;
  URL?: string;
  avatar_URL?: string;
  profile_URL?: string;
  site_ID?: number;
  roles?: string[];
  is_super_admin?: boolean;
  [k: string]: unknown;
}

const MAX_PAGES = 10;
const PAGE = 100;

function site(params: DeleteUserParams): string {
  if (!params.workspace) throw badInput('workspace (the WordPress.com site ID or domain) is required');
  return params.workspace;
}

function userPath(siteId: string, id: string) {
  if (id.trim().toLowerCase() === 'me') throw badInput('"me" is not a user id: it names the user the token belongs to');
  return /^\d+$/.test(id) ? path`/sites/${siteId}/users/${id}` : path`/sites/${siteId}/users/${`login:${id}`}`;
}

function reassignOf(remoteQuery: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const r = remoteQuery?.reassign;
  if (r === undefined) return undefined;
  if ((typeof r === 'string' && /^\d+$/.test(r)) || (typeof r === 'number' && Number.isInteger(r) && r > 0)) return Number(r);
  throw badInput('remote_query.reassign must be the numeric id of the user who receives the posts');
}

const DOCS = 'https://developer.wordpress.com/docs/api/1.1/post/sites/%24site/users/%24user_ID/delete/';

export const wordpress = defineProvider<WordPressUser>({
  name: 'WordPress',
  slug: 'wordpress',
  docs: DOCS,
  baseUrl: 'https://public-api.wordpress.com/rest/v1.1',
  context: {},
  auth: {
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://public-api.wordpress.com/oauth2/token', scopes: ['global'] },
      description: 'WordPress.com app authorized by a site administrator (scope global, or a token for the one site).',
      docs: 'https://developer.wordpress.com/docs/oauth2/',
    },
  },
  params: { workspace: { use: 'required', note: 'The WordPress.com site ID or domain (e.g. example.wordpress.com)' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'roles', 'workspaces', 'avatar', 'urls'],
  errors: {
    code: (body) => {
      const b = body as { error?: unknown; success?: unknown } | undefined;
      if (!b || typeof b !== 'object') return undefined;
      if (typeof b.error === 'string') return b.error;
      return b.success === false ? 'delete_failed' : undefined;
    },
    bodyLevel: true,
    table: {
      unknown_user: 'NOT_FOUND',
      unknown_blog: 'BAD_USER_INPUT',
      authorization_required: 'REAUTH_REQUIRED',
      invalid_token: 'REAUTH_REQUIRED',
      unauthorized: 'FORBIDDEN',
    },
    docs: 'https://developer.wordpress.com/docs/api/',
  },
  semantics: {
    permanent: true,
    description:
      'The user is removed from the WordPress.com site: their WordPress.com account remains and can be invited again; their posts stay on the site, or pass to the user given as remote_query reassign. On a Jetpack (self-hosted) site the call deletes the user there, so it is refused unless reassign says who keeps the posts.',
    docs: DOCS,
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.wordpress.com/docs/api/1.1/get/me/',
    async lookup({ http }) {
      const me = await http.get<{ ID?: number; username?: string; email?: string }>(path`/me`);
      return { ids: [me.ID !== undefined ? String(me.ID) : undefined, me.username, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email, params }) {
    const siteId = site(params);
    const out: WordPressUser[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<{ found?: number; users?: WordPressUser[] }>(path`/sites/${siteId}/users`, {
        query: { search: email, search_columns: 'user_email', number: PAGE, offset: page * PAGE },
      });
      const users = res.users ?? [];
      for (const u of users) if (typeof u.email === 'string' && u.email.toLowerCase() === email.toLowerCase()) out.push(u);
      if (users.length < PAGE) return out;
    }
    return out;
  },

  getUser({ http, id, params }) {
    return http.get<WordPressUser>(userPath(site(params), id));
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const siteId = site(params);
    const reassign = reassignOf(remoteQuery);
    const info = await http.get<{ ID?: number; jetpack?: boolean }>(path`/sites/${siteId}`);
    if (info.jetpack === true && reassign === undefined) {
      throw new AppError(
        'FAILED_PRECONDITION',
        'this is a Jetpack (self-hosted) site, where WordPress deletes the user and their posts: give remote_query reassign (the id of the user who keeps the posts)',
        { integration: 'WordPress', reason: 'POSTS_WOULD_BE_DELETED' },
      );
    }
    const userId = snapshot ? String(snapshot.ID) : id;
    if (!/^\d+$/.test(userId)) throw badInput('a WordPress.com user is removed by its numeric id');
    await http.post(path`/sites/${siteId}/users/${userId}/delete`, { json: reassign === undefined ? {} : { reassign } });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: String(snapshot?.site_ID ?? info.ID ?? siteId) } };
  },

  toUser(u, { params }) {
    const ws = String(u.site_ID ?? params.workspace ?? '');
    const name = u.name || [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined;
    const urls = [
      ...(u.URL ? [{ url: u.URL, type: 'website' }] : []),
      ...(u.profile_URL ? [{ url: u.profile_URL, type: 'profile' }] : []),
    ];
    return compact({
      id: String(u.ID),
      firstName: u.first_name || undefined,
      lastName: u.last_name || undefined,
      name,
      username: u.login || undefined,
      emails: typeof u.email === 'string' && u.email ? [{ email: u.email, isPrimary: true }] : undefined,
      roles: u.roles?.length ? u.roles.map((r) => ({ name: r, workspace: ws || null })) : undefined,
      workspaces: ws ? [{ id: ws }] : undefined,
      avatar: u.avatar_URL || undefined,
      urls: urls.length ? urls : undefined,
    });
  },
});
