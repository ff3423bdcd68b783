/**
 * Slack Enterprise (Enterprise Grid): remove a user from one workspace of the org with
 * admin.users.remove. Slack answers HTTP 200 with `ok: false` on failure: that is an error here,
 * carrying Slack's error string.
 *
 * Calls (Web API, https://slack.com/api):
 *  - GET users.info?user={id} (snapshot; needs users:read, users:read.email for the email)
 *    https://api.slack.com/methods/users.info — does not accept JSON bodies, so a query string.
 *  - POST admin.users.remove, form body team_id={workspaceId}&user_id={id}
 *    (user token xoxp- with admin.users:write of an org admin/owner, app installed org-wide)
 *    https://docs.slack.dev/reference/methods/admin.users.remove/
 * Rate limits: HTTP 429 with Retry-After (seconds), https://docs.slack.dev/apis/web-api/rate-limits
 *
 * Ambiguity: the docs do not say whether removing a user from their last workspace deactivates
 * the org account or frees the seat; this integration removes from the workspace named by
 * `workspaceId` only (the user's other workspaces are in `workspaces`).
 */
import { badInput } from '../../errors.js';
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
  bodyError: (body) => {
    const b = body as { ok?: unknown; error?: unknown } | undefined;
    return b && typeof b === 'object' && b.ok === false ? String(b.error ?? 'unknown_error') : undefined;
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
    return { outcome: 'REMOVED_FROM_CONTAINER' };
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
