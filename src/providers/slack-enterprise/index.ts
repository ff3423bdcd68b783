/**
 * Slack Enterprise (Enterprise Grid): remove a user from one workspace of the org with
 * admin.users.remove. Slack answers HTTP 200 with `ok: false` on failure: `errors` reads Slack's
 * error string from every body and maps the documented ones.
 *
 * Calls (Web API, https://slack.com/api):
 *  - GET users.info?user={id} (snapshot; needs users:read, users:read.email for the email)
 *    https://docs.slack.dev/reference/methods/users.info — does not accept JSON bodies, so a query string.
 *  - POST admin.users.remove, form body team_id={workspaceId}&user_id={id}
 *    (user token xoxp- with admin.users:write of an org admin/owner, app installed org-wide)
 *    https://docs.slack.dev/reference/methods/admin.users.remove/
 *  - GET auth.test — "checks authentication and tells you who you are": `user_id` (and `user`)
 *    of the token, for the self-deletion guard. No scope needed.
 *    https://docs.slack.dev/reference/methods/auth.test/ — its page names POST; every Web API
 *    method also takes "GET querystring parameters" (https://docs.slack.dev/apis/web-api) and
 *    auth.test has none. A GET keeps the lookup a read: made in dry runs too, never a write.
 * Rate limits: HTTP 429 with Retry-After (seconds), https://docs.slack.dev/apis/web-api/rate-limits;
 * the error string is `ratelimited` ("Refer to the Retry-After header for when to retry").
 *
 * Errors (the methods' error tables, as Slack publishes them in its API reference and as
 * mirrored in https://github.com/slack-ruby/slack-api-ref methods/admin/admin.users.remove.json,
 * users/users.info.json, auth/auth.test.json):
 *  - credentials: not_authed, invalid_auth, token_revoked, account_inactive → REAUTH_REQUIRED;
 *    token_expired ("Authentication token has expired") → refreshed like a 401 (OAuth), else REAUTH_REQUIRED;
 *  - user_not_found → NOT_FOUND (a 200 body: the service reads ALREADY_ABSENT only when it
 *    removed this user before); team_not_found ("team_id was not found") → BAD_USER_INPUT;
 *  - missing_scope, not_allowed_token_type, invalid_permissions ("only accessible by org owners
 *    and admins"), feature_not_enabled, access_denied, cannot_modify_primary_owner, no_permission,
 *    is_bot, ekm_access_denied, enterprise_is_restricted, accesslimited,
 *    two_factor_setup_required → FORBIDDEN;
 *  - user_already_deleted ("already been marked as deleted") → FAILED_PRECONDITION;
 *  - ratelimited → RATE_LIMITED; everything else (failed_to_remove_user_from_workspace,
 *    internal_error, fatal_error, user_not_visible, ...) → REMOTE_ERROR with Slack's string.
 *
 * Self-aliases: Slack documents none for user ids (users.info takes a U…/W… id; anything else
 * is refused by the id check below), so `selfAliases` is empty and the guard relies on auth.test.
 *
 * Ambiguity: the docs do not say whether removing a user from their last workspace deactivates
 * the org account or frees the seat; this integration removes from the workspace named by
 * `workspaceId` only (the user's other workspaces are in `workspaces`). Slack documents no way to
 * restore a removed workspace membership: an admin adds the user again (admin.users.assign), a
 * new membership.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { literal } from '../core/path.js';

export interface SlackUser {
  id: string;
  team_id?: string;
  name?: string;
  deleted?: boolean;
  real_name?: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_bot?: boolean;
  is_invited_user?: boolean;
  has_2fa?: boolean;
  updated?: number;
  locale?: string;
  profile?: {
    real_name?: string;
    display_name?: string;
    first_name?: string;
    last_name?: string;
    title?: string;
    phone?: string;
    email?: string;
    image_original?: string;
    image_512?: string;
    image_192?: string;
    [k: string]: unknown;
  };
  enterprise_user?: {
    id?: string;
    enterprise_id?: string;
    enterprise_name?: string;
    is_admin?: boolean;
    is_owner?: boolean;
    teams?: string[];
  };
}

const USERS_INFO = literal('/users.info');
const ADMIN_USERS_REMOVE = literal('/admin.users.remove');
const AUTH_TEST = literal('/auth.test');

function role(u: SlackUser): string {
  if (u.is_primary_owner) return 'primary_owner';
  if (u.is_owner) return 'owner';
  if (u.is_admin) return 'admin';
  if (u.is_ultra_restricted) return 'single_channel_guest';
  if (u.is_restricted) return 'multi_channel_guest';
  return 'member';
}

const empty = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

export const slackEnterprise = defineProvider<SlackUser>({
  name: 'Slack Enterprise',
  slug: 'slack-enterprise',
  docs: 'https://docs.slack.dev/reference/methods/admin.users.remove/',
  baseUrl: 'https://slack.com/api',
  context: {},
  auth: {
    user_token: {
      scheme: { kind: 'bearer', tokenField: 'token' },
      description: 'A user token (xoxp-) of an Enterprise Grid org admin or owner with admin.users:write, users:read and users:read.email, from an app installed on the org.',
    },
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://slack.com/api/oauth.v2.access',
        scopes: ['admin.users:write', 'users:read', 'users:read.email'],
      },
      description: 'An OAuth v2 user access token (with token rotation, a refresh token) carrying the same scopes.',
    },
  },
  params: { workspaceId: { use: 'required', note: 'The unique identifier for a group' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'title', 'name', 'username', 'emails', 'phones', 'status', 'is2faEnabled', 'roles', 'organizations', 'workspaces', 'avatar', 'timezone', 'updatedAt'],
  rateLimit: {},
  errors: {
    code: (body) => {
      const b = body as { ok?: unknown; error?: unknown } | undefined;
      return b && typeof b === 'object' && b.ok === false ? String(b.error ?? 'unknown_error') : undefined;
    },
    bodyLevel: true,
    table: {
      not_authed: 'REAUTH_REQUIRED',
      invalid_auth: 'REAUTH_REQUIRED',
      token_revoked: 'REAUTH_REQUIRED',
      account_inactive: 'REAUTH_REQUIRED',
      token_expired: 'TOKEN_EXPIRED',
      user_not_found: 'NOT_FOUND',
      team_not_found: 'BAD_USER_INPUT',
      missing_scope: 'FORBIDDEN',
      not_allowed_token_type: 'FORBIDDEN',
      invalid_permissions: 'FORBIDDEN',
      feature_not_enabled: 'FORBIDDEN',
      access_denied: 'FORBIDDEN',
      cannot_modify_primary_owner: 'FORBIDDEN',
      no_permission: 'FORBIDDEN',
      is_bot: 'FORBIDDEN',
      ekm_access_denied: 'FORBIDDEN',
      enterprise_is_restricted: 'FORBIDDEN',
      accesslimited: 'FORBIDDEN',
      two_factor_setup_required: 'FORBIDDEN',
      user_already_deleted: 'PRECONDITION',
      ratelimited: 'RATE_LIMITED',
    },
    docs: 'https://docs.slack.dev/reference/methods/admin.users.remove/',
  },
  semantics: {
    permanent: true,
    description:
      'The user is removed from the one workspace named by workspaceId and loses access to it; their Enterprise Grid account, their other workspaces and what they posted stay. Slack documents no restore of a removed membership: an org admin can add them to the workspace again, as a new membership. Whether their last workspace going deactivates the org account or frees a seat is not documented.',
    docs: 'https://docs.slack.dev/reference/methods/admin.users.remove/',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://docs.slack.dev/reference/methods/auth.test/',
    async lookup({ http }) {
      // Both auth methods are user tokens of an org admin or owner (admin.* methods take no bot token).
      const me = await http.get<{ ok: true; user_id?: string; user?: string }>(AUTH_TEST);
      if (!me.user_id) throw new AppError('REMOTE_ERROR', 'Slack auth.test named no user_id for the account\'s token', { integration: 'Slack Enterprise' });
      return { ids: [me.user_id, ...(me.user ? [me.user] : [])] };
    },
  },

  async getUser({ http, id }) {
    if (!/^[UW][A-Z0-9]{2,30}$/.test(id)) throw badInput(`Slack user ids look like U0123ABCD or W0123ABCD; "${id.slice(0, 40)}" is not one`);
    const res = await http.get<{ ok: true; user: SlackUser }>(USERS_INFO, { query: { user: id } });
    return res.user;
  },

  async deleteUser({ http, id, params, remoteQuery }) {
    await http.request('POST', ADMIN_USERS_REMOVE, {
      query: remoteQuery,
      form: { team_id: params.workspaceId as string, user_id: id },
    });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: params.workspaceId as string } };
  },

  // The workspace goes from `workspaces`; the role was the one held in the workspace users.info
  // answered for, so it goes too when that was the user's only workspace. The org account's
  // state (`status`) is unchanged: the user is not deactivated.
  after(user, result) {
    const team = result.container?.id;
    const workspaces = (user.workspaces ?? []).filter((w) => w.id !== team);
    const lastOne = (user.workspaces ?? []).length > 0 && workspaces.length === 0;
    return { ...user, workspaces, ...(lastOne ? { roles: [] } : {}) };
  },

  toUser(u) {
    const p = u.profile ?? {};
    const r = role(u);
    const ent = u.enterprise_user;
    const rawStatus = u.deleted ? 'deleted' : u.is_invited_user ? 'invited' : 'active';
    return compact({
      id: u.id,
      firstName: empty(p.first_name),
      lastName: empty(p.last_name),
      title: empty(p.title),
      name: empty(p.real_name) ?? empty(u.real_name),
      username: u.name,
      emails: p.email ? [{ email: p.email, type: 'work', isPrimary: true }] : undefined,
      phones: empty(p.phone) ? [{ number: p.phone as string, type: 'work' }] : undefined,
      status: u.deleted ? 'INACTIVE' : u.is_invited_user ? 'INVITED' : 'ACTIVE',
      rawStatus,
      is2faEnabled: u.has_2fa,
      roles: [{ id: r, name: r, workspace: r }],
      organizations: ent?.enterprise_id ? [{ id: ent.enterprise_id, name: ent.enterprise_name ?? null }] : undefined,
      workspaces: (ent?.teams ?? (u.team_id ? [u.team_id] : [])).map((t) => ({ id: t })),
      avatar: empty(p.image_original) ?? empty(p.image_512) ?? empty(p.image_192),
      timezone: u.tz,
      languages: u.locale ? [u.locale] : undefined,
      updatedAt: date(u.updated),
    });
  },
});
