/**
 * Files.com: delete the user from the site (REST API v1).
 *
 * Sources: Files.com's own SDK documentation (the same text as https://developers.files.com/,
 * published in Files-com/files-sdk-ruby: README.md, docs/user.md, docs/api_key.md,
 * lib/files.com/api_client.rb for the paths and headers; Files-com/files-sdk-go for the error
 * `type` strings).
 *
 * Base URL: `https://{subdomain}.files.com/api/rest/v1`. The SDKs put every call under
 * `/api/rest/v1` of the base URL, which is "the full https:// URL of your Files.com subdomain (e.g.
 * https://MY-SUBDOMAIN.files.com)" — "always required if your site is configured to disable global
 * acceleration" (README, Configuration > Base URL), so the site's own subdomain is used, never the
 * shared app.files.com.
 *
 * Calls (https://developers.files.com/#users):
 *  - GET    /users/{id} → 200 user (snapshot)                              "Show User"
 *  - DELETE /users/{id} → success without a body                            "Delete User"
 *    `new_owner_id` (optional): "Provide a User ID here to transfer ownership of certain resources
 *    such as Automations and Share Links (Bundles) to that new user." It is not a param of the spec;
 *    a client can send it through remote_query, which goes to the DELETE unchanged.
 *  - GET    /users?filter[email]={email}&per_page=1000 (+ cursor) → users (findUsers). `filter`
 *    "return[s] records where the specified field is equal to the supplied value", `email` is a valid
 *    filter field; paging by the `X-Files-Cursor-Next` response header sent back as `cursor`.
 *  - GET    /api_key → the API key in use ("Show information about current API key"): its `user_id`
 *    is the "User ID for the owner of this API Key. May be blank for Site-wide API Keys" — the
 *    self-deletion guard's token owner; a site-wide key acts as no user.
 * Auth: header `X-FilesAPI-Key: {apiKey}` (api_client.rb request_headers) with the key of a site
 * administrator or a site-wide key: "if the user is not an administrator ... no access will be
 * granted to site administration functions in the API".
 *
 * Errors: JSON `{"error": "...", "http-code": 404, "title": "...", "type": "not-found/user-not-found"}`;
 * the `type` is "<group>/<error>" with the groups bad-request, not-authenticated, not-authorized,
 * not-found, processing-failure, rate-limited, service-unavailable, site-configuration (README,
 * Errors). The code read is the whole `type`; the table maps the documented types that matter here.
 * Rate limits: the group rate-limited (TooManyRequests, TooManyConcurrentRequests); no header is
 * documented, so a Retry-After is honoured when sent and backoff is used otherwise.
 *
 * What deletion means: the user record is deleted (Delete User). Files.com documents no restore of
 * a deleted user; disabling (`disabled: true`: "Disabled users cannot log in, and do not count for
 * billing purposes") is the reversible alternative, not what is done here.
 *
 * Ambiguities (docs/vendors/files-com.md): the docs do not say what becomes of the automations and
 * share links a deleted user owned when no new_owner_id is given (ambiguous: the deletion is sent
 * as documented and the docs page says so); the success status of DELETE is not shown (204 and 200
 * are both accepted); Files.com documents no alias such as `me` for /users/{id}, and its user ids
 * are integers (int64), so anything else is refused before any call.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface FilesComUser {
  id: number;
  username?: string | null;
  email?: string | null;
  name?: string | null;
  company?: string | null;
  disabled?: boolean | null;
  disabled_expired_or_inactive?: boolean | null;
  active_2fa?: boolean | null;
  site_admin?: boolean | null;
  readonly_site_admin?: boolean | null;
  workspace_admin?: boolean | null;
  billing_permission?: boolean | null;
  self_managed?: boolean | null;
  group_ids?: string | null;
  admin_group_ids?: number[] | null;
  avatar_url?: string | null;
  time_zone?: string | null;
  language?: string | null;
  site_id?: number | null;
  workspace_id?: number | null;
  created_at?: string | null;
  last_login_at?: string | null;
  last_active_at?: string | null;
  password_set_at?: string | null;
  [k: string]: unknown;
}

interface FilesComApiKey {
  id?: number;
  user_id?: number | null;
  [k: string]: unknown;
}

/** Files.com user ids are int64. */
const USER_ID = /^\d{1,19}$/;

function userPath(id: string) {
  if (!USER_ID.test(id)) throw badInput(`Files.com user ids are integers; "${id.slice(0, 40)}" is not`);
  return path`/users/${id}`;
}

/** findUsers: at most this many pages of up to PER_PAGE users. */
const PER_PAGE = 1000;
const MAX_PAGES = 10;

export const filesCom = defineProvider<FilesComUser>({
  name: 'Files.com',
  slug: 'files-com',
  docs: 'https://developers.files.com/#delete-user',
  baseUrl: 'https://{subdomain}.files.com/api/rest/v1',
  context: {
    subdomain: { kind: 'subdomain', description: 'The Files.com site subdomain (acme in https://acme.files.com)', example: 'acme' },
  },
  auth: {
    api_key: {
      scheme: { kind: 'headers', headers: { 'X-FilesAPI-Key': '{apiKey}' } },
      description: 'An API key of a site administrator, or a site-wide API key (Settings > API keys).',
      docs: 'https://www.files.com/docs/sdk-and-apis/api-keys',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: [
    'id', 'username', 'name', 'emails', 'status', 'is2faEnabled', 'roles', 'groups', 'organizations', 'avatar', 'timezone', 'languages',
    'createdAt', 'lastLoginAt', 'lastActiveAt',
  ],
  errors: {
    docs: 'https://developers.files.com/#errors',
    bodyLevel: false,
    code: (body) => {
      const type = (body as { type?: unknown } | null)?.type;
      return typeof type === 'string' ? type : undefined;
    },
    table: {
      'not-found/user-not-found': 'NOT_FOUND',
      'not-authenticated/authentication-required': 'REAUTH_REQUIRED',
      'not-authenticated/invalid-credentials': 'REAUTH_REQUIRED',
      'not-authorized/api-key-is-disabled': 'REAUTH_REQUIRED',
      'not-authorized/site-admin-required': 'FORBIDDEN',
      'not-authorized/site-admin-or-workspace-admin-permission-required': 'FORBIDDEN',
      'not-authorized/insufficient-permission-for-site': 'FORBIDDEN',
      'bad-request/user-id-invalid': 'BAD_USER_INPUT',
      'rate-limited/too-many-requests': 'RATE_LIMITED',
      'rate-limited/too-many-concurrent-requests': 'RATE_LIMITED',
    },
  },
  semantics: {
    permanent: true,
    description:
      "The user is deleted from the Files.com site and can no longer sign in by any protocol. Files.com documents no restore of a deleted user. Automations and share links the user owned can be handed to another user with new_owner_id (through remote_query); the docs do not say what happens to them otherwise.",
    docs: 'https://developers.files.com/#delete-user',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developers.files.com/#show-information-about-current-api-key',
    async lookup({ http }) {
      const key = await http.get<FilesComApiKey>(path`/api_key`);
      // "May be blank for Site-wide API Keys": such a key acts as no user.
      if (key.user_id === null || key.user_id === undefined) return undefined;
      return { ids: [String(key.user_id)] };
    },
  },

  async findUsers({ http, email }) {
    const wanted = email.trim().toLowerCase();
    const found: FilesComUser[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.request<FilesComUser[]>('GET', path`/users`, {
        query: { 'filter[email]': email.trim(), per_page: PER_PAGE, ...(cursor ? { cursor } : {}) },
      });
      for (const u of Array.isArray(res.body) ? res.body : []) if (typeof u.email === 'string' && u.email.toLowerCase() === wanted) found.push(u);
      cursor = res.headers['x-files-cursor-next'] || undefined;
      if (!cursor) break;
    }
    return found;
  },

  getUser({ http, id }) {
    return http.get<FilesComUser>(userPath(id));
  },

  async deleteUser({ http, id, remoteQuery }) {
    await http.request('DELETE', userPath(id), { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const disabled = u.disabled === true || u.disabled_expired_or_inactive === true;
    const roles = [
      u.site_admin ? { id: 'site_admin', name: 'Site administrator' } : undefined,
      u.readonly_site_admin ? { id: 'readonly_site_admin', name: 'Read-only site administrator' } : undefined,
      u.workspace_admin ? { id: 'workspace_admin', name: 'Workspace administrator', workspace: u.workspace_id ? String(u.workspace_id) : null } : undefined,
    ].filter((r) => r !== undefined);
    const groupIds = (u.group_ids ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '');
    return compact({
      id: String(u.id),
      username: u.username || undefined,
      name: u.name || undefined,
      emails: u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : undefined,
      // `disabled_expired_or_inactive`: "true if user disabled or expired or inactive".
      status: u.disabled === undefined && u.disabled_expired_or_inactive === undefined ? undefined : disabled ? 'INACTIVE' : 'ACTIVE',
      rawStatus: u.disabled ? 'disabled' : u.disabled_expired_or_inactive ? 'expired_or_inactive' : u.disabled === false ? 'enabled' : undefined,
      is2faEnabled: u.active_2fa ?? undefined,
      roles: roles.length ? roles : [{ id: 'user', name: 'User' }],
      groups: groupIds.length ? groupIds.map((id) => ({ id })) : undefined,
      organizations: u.site_id !== null && u.site_id !== undefined ? [{ id: String(u.site_id) }] : undefined,
      workspaces: u.workspace_id ? [{ id: String(u.workspace_id) }] : undefined,
      avatar: u.avatar_url || undefined,
      timezone: u.time_zone || undefined,
      languages: u.language ? [u.language] : undefined,
      createdAt: date(u.created_at),
      lastLoginAt: date(u.last_login_at),
      lastActiveAt: date(u.last_active_at),
    });
  },
});
