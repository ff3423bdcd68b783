/**
 * GitLab: remove a user's direct membership of a group (`organizationId`) or of a project
 * (`workspaceId`). The spec gives GitLab exactly one of the two, so "delete" here is the
 * documented membership removal; the GitLab account itself belongs to the person (on gitlab.com)
 * or to the instance (self-managed), and its deletion is an instance-administrator call
 * (`DELETE /users/:id`) that the spec's params do not describe: it is not offered.
 *
 * Calls (REST API v4, https://docs.gitlab.com/api/members/):
 *  1. GET /groups/:id/members/:user_id | GET /projects/:id/members/:user_id — the direct member
 *     (404 when the user is not a direct member: nothing is removed then).
 *     https://docs.gitlab.com/api/members/#get-a-member-of-a-group-or-project
 *  2. DELETE /groups/:id/members/:user_id | DELETE /projects/:id/members/:user_id → 204.
 *     https://docs.gitlab.com/api/members/#remove-a-member-from-a-group-or-project
 *     Optional `skip_subresources` / `unassign_issuables` are not sent (GitLab's defaults:
 *     direct memberships in subgroups and projects are removed too, issues stay assigned);
 *     `remote_query` can pass them.
 *  - GET /user — who the token acts as (a personal token's user, or the bot user of a group or
 *    project access token), for the self-deletion guard.
 *    https://docs.gitlab.com/api/users/#get-the-current-user
 *  `:id` is "the ID or URL-encoded path of the project or group": the path tag encodes
 *  `group/subgroup` as one segment (`group%2Fsubgroup`), as GitLab asks.
 *
 * Auth: `Authorization: Bearer <token>` for personal, group or project access tokens and OAuth
 * tokens (https://docs.gitlab.com/api/rest/authentication/). Self-managed and Dedicated: the
 * account's base URL override (https://HOST/api/v4).
 *
 * Rate limits (https://docs.gitlab.com/administration/settings/user_and_ip_rate_limits/#response-headers):
 * 429 with `Retry-After` and `RateLimit-Reset` (Unix time); the body is the plain text "Retry later".
 *
 * ambiguous: removing the last Owner of a group is refused by GitLab ("A group must have at least
 * one owner", https://docs.gitlab.com/user/group/#remove-a-member-from-the-group), but the members
 * API page documents no status for it; the refusal comes back as GitLab's own status (403 →
 * FORBIDDEN) with its message, never as success.
 * ambiguous: the member's `email` is only returned for enterprise users of the group (Limitations
 * section of the members API): the snapshot lists it only when GitLab gives it.
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { DeleteUserParams, UserStatus } from '../core/types.js';

export interface GitLabMember {
  id: number;
  username: string;
  name?: string;
  state?: string;
  avatar_url?: string | null;
  web_url?: string;
  access_level?: number;
  email?: string | null;
  created_at?: string;
  created_by?: { id: number; username: string; name?: string } | null;
  expires_at?: string | null;
  group_saml_identity?: { extern_uid?: string; provider?: string; saml_provider_id?: number } | null;
  [k: string]: unknown;
}

interface GitLabCurrentUser {
  id: number;
  username: string;
  email?: string | null;
  public_email?: string | null;
  commit_email?: string | null;
}

/** https://docs.gitlab.com/api/members/#roles */
const ROLES: Record<number, string> = {
  0: 'No access',
  5: 'Minimal access',
  10: 'Guest',
  15: 'Planner',
  20: 'Reporter',
  30: 'Developer',
  40: 'Maintainer',
  50: 'Owner',
  60: 'Admin',
};

const STATUS: Record<string, UserStatus> = {
  active: 'ACTIVE',
  // Membership waiting for a seat / an owner's approval (members API `state` filter `awaiting`).
  awaiting: 'INVITED',
  blocked: 'INACTIVE',
  deactivated: 'INACTIVE',
  banned: 'INACTIVE',
};

/** The container the params name: a group (organizationId) or a project (workspaceId). */
function container(params: DeleteUserParams): { kind: 'groups' | 'projects'; id: string } {
  if (params.organizationId && params.workspaceId) throw badInput('GitLab needs exactly one of organization_id (a group) or workspace_id (a project)');
  if (params.organizationId) return { kind: 'groups', id: params.organizationId };
  if (params.workspaceId) return { kind: 'projects', id: params.workspaceId };
  throw badInput('GitLab needs organization_id (a group id or path) or workspace_id (a project id or path)');
}

function memberPath(params: DeleteUserParams, id: string) {
  if (!/^[0-9]+$/.test(id)) throw badInput('a GitLab user id is numeric (the members API takes the user ID, not the username)');
  const c = container(params);
  return c.kind === 'groups' ? path`/groups/${c.id}/members/${id}` : path`/projects/${c.id}/members/${id}`;
}

export const gitlab = defineProvider<GitLabMember>({
  name: 'GitLab',
  slug: 'gitlab',
  docs: 'https://docs.gitlab.com/api/members/#remove-a-member-from-a-group-or-project',
  baseUrl: 'https://gitlab.com/api/v4',
  context: {},
  auth: {
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'A personal, group or project access token with the `api` scope, of a user with the Owner role (or Maintainer for projects) on the group or project.',
      docs: 'https://docs.gitlab.com/user/profile/personal_access_tokens/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://gitlab.com/oauth/token', scopes: ['api'] },
      description: 'A GitLab OAuth application authorized by a group or project Owner with the `api` scope.',
      docs: 'https://docs.gitlab.com/api/oauth2/',
    },
  },
  params: {
    organizationId: { use: 'supported', note: 'Either of organization or workspace is required.' },
    workspaceId: { use: 'supported', note: 'Either of organization or workspace is required.' },
  },
  either: [{ oneOf: ['organizationId', 'workspaceId'], message: 'Either of organization or workspace is required.' }],
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'identifiers', 'name', 'username', 'emails', 'status', 'roles', 'avatar', 'createdAt', 'urls'],
  rateLimit: { resetHeader: 'ratelimit-reset', resetKind: 'epoch-seconds' },
  semantics: {
    permanent: true,
    description:
      'The user loses their direct membership of the group (and, by default, their direct memberships of its subgroups and projects) or of the project, and the seat it used; their GitLab account, contributions, issues and merge requests stay. GitLab documents no restore: adding the user back is a new membership.',
    docs: 'https://docs.gitlab.com/api/members/#remove-a-member-from-a-group-or-project',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://docs.gitlab.com/api/users/#get-the-current-user',
    async lookup({ http }) {
      const me = await http.get<GitLabCurrentUser>(path`/user`);
      return { ids: [String(me.id), me.username, me.email, me.public_email, me.commit_email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },
  noLookup:
    'GitLab finds users by email only for administrators (GET /users?search= matches private emails for admins only, and the answer to others carries no email to compare exactly: https://docs.gitlab.com/api/users/#list-users); the members API answers a member\'s email only for enterprise users. An exact lookup is not possible with a group owner\'s token.',

  getUser({ http, id, params }) {
    return http.get<GitLabMember>(memberPath(params, id));
  },

  async deleteUser({ http, id, params, remoteQuery }) {
    const c = container(params);
    await http.request('DELETE', memberPath(params, id), { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: c.kind === 'groups' ? 'organization' : 'workspace', id: c.id } };
  },

  // The membership (its state and role) is gone; the account stays.
  after(user) {
    return { ...user, status: null, rawStatus: null, roles: [] };
  },

  toUser(m, { params }) {
    const c = params.organizationId || params.workspaceId ? container(params) : undefined;
    const role = m.access_level === undefined ? undefined : (ROLES[m.access_level] ?? String(m.access_level));
    return compact({
      id: String(m.id),
      identifiers: { id: m.id, username: m.username, samlExternUid: m.group_saml_identity?.extern_uid ?? null },
      name: m.name || undefined,
      username: m.username,
      emails: m.email ? [{ email: m.email, isPrimary: true }] : undefined,
      status: m.state ? (STATUS[m.state] ?? null) : undefined,
      rawStatus: m.state,
      roles:
        role === undefined
          ? undefined
          : [{ id: String(m.access_level), name: role, ...(c?.kind === 'groups' ? { group: c.id } : c?.kind === 'projects' ? { workspace: c.id } : {}) }],
      avatar: m.avatar_url || undefined,
      createdAt: date(m.created_at),
      urls: m.web_url ? [{ url: m.web_url, type: 'profile' }] : undefined,
    });
  },
});
