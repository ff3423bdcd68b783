/**
 * ClickUp: remove (deactivate) a user from a Workspace. ClickUp's API calls a Workspace a "team";
 * the spec's `organization_id` is that Workspace (team) id. Both user calls are documented as
 * "only available to Workspaces on our Enterprise Plan". ClickUp has no API to delete a user's
 * ClickUp account, which may belong to other Workspaces.
 *
 * Calls (https://developer.clickup.com/reference):
 *  - GET /api/v2/team/{team_id}/user/{user_id} (snapshot) — "View information about a user in a
 *    Workspace" → {"member":{"user":{id,username,email,color,profilePicture,initials,role,
 *    custom_role,last_active,date_joined,date_invited},"invited_by",...}}
 *    https://developer.clickup.com/reference/getuser
 *  - DELETE /api/v2/team/{team_id}/user/{user_id} — "Remove User From Workspace": "Deactivate a
 *    user from a Workspace" https://developer.clickup.com/reference/removeuserfromworkspace
 *  - GET /api/v2/user — "Get Authorized User", the token's user (self-deletion guard)
 *    https://developer.clickup.com/reference/getauthorizeduser
 *  - GET /api/v2/team — "Get Authorized Workspaces", each with its `members` (lookup by email)
 *    https://developer.clickup.com/reference/getauthorizedteams
 * Auth: personal token `Authorization: pk_...` (no Bearer prefix) or an OAuth access token
 *   (`Authorization: Bearer ...`) https://developer.clickup.com/docs/authentication
 * Errors: non-200 with {"err": "...", "ECODE": "..."}; OAUTH_019/021/025/077 token not found
 *   (revoked), OAUTH_023/026/027/029..045 Workspace not authorized for the token, OAUTH_017 no
 *   Authorization header https://developer.clickup.com/docs/common_errors
 * Rate limits: per token; 429 with X-RateLimit-Limit / -Remaining / -Reset (epoch seconds)
 *   https://developer.clickup.com/docs/rate-limits
 *
 * Precondition: role 1 is the Workspace owner, whom ClickUp does not let anyone remove (ownership
 * must be transferred first, in the Workspace settings): refused before any write.
 *
 * ambiguous: the reference titles the call "Remove User From Workspace" and describes it as
 * "Deactivate a user from a Workspace"; it does not say whether the member can be reactivated
 * nor what happens to their tasks. It is declared as a removal from the Workspace, not permanent.
 * ambiguous: the reference gives no example of the removal's answer nor of a not-found answer;
 * any 2xx is success and a 404 is NOT_FOUND.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date, splitName } from '../core/map.js';
import { path } from '../core/path.js';

export interface ClickUpUser {
  id: number;
  username?: string | null;
  email?: string | null;
  color?: string | null;
  profilePicture?: string | null;
  initials?: string | null;
  role?: number | null;
  custom_role?: { id?: number; name?: string } | null;
  last_active?: string | null;
  date_joined?: string | null;
  date_invited?: string | null;
}

/** A Workspace member as Get User (`member`) and Get Authorized Workspaces (`members[]`) give it. */
export interface ClickUpMember {
  user: ClickUpUser;
  invited_by?: Partial<ClickUpUser> | null;
}

interface ClickUpTeam {
  id: string;
  name?: string;
  members?: ClickUpMember[];
}

const DOCS_REMOVE = 'https://developer.clickup.com/reference/removeuserfromworkspace';

/** ClickUp's documented roles: "1 is owner, 2 is admin, 3 is member, 4 is guest". */
const ROLES: Readonly<Record<number, string>> = { 1: 'owner', 2: 'admin', 3: 'member', 4: 'guest' };

function code(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { ECODE?: unknown; err?: unknown };
  if (typeof b.ECODE === 'string') return b.ECODE;
  return undefined;
}

const TOKEN_NOT_FOUND = ['OAUTH_019', 'OAUTH_021', 'OAUTH_025', 'OAUTH_077', 'OAUTH_017'];
const TEAM_NOT_AUTHORIZED = ['OAUTH_023', 'OAUTH_026', 'OAUTH_027', ...Array.from({ length: 17 }, (_, i) => `OAUTH_0${29 + i}`)];

export const clickup = defineProvider<ClickUpMember>({
  name: 'ClickUp',
  slug: 'clickup',
  docs: DOCS_REMOVE,
  baseUrl: 'https://api.clickup.com/api/v2',
  context: {},
  auth: {
    api_token: {
      scheme: { kind: 'headers', headers: { Authorization: '{apiToken}' } },
      description: 'Personal API token (pk_...) of a Workspace owner or admin, sent without a Bearer prefix (Enterprise plan).',
      docs: 'https://developer.clickup.com/docs/authentication',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://api.clickup.com/api/v2/oauth/token' },
      description: 'OAuth app authorized by a Workspace owner or admin for this Workspace (Enterprise plan).',
      docs: 'https://developer.clickup.com/docs/authentication',
    },
  },
  params: { organizationId: { use: 'required', note: 'The ID of the organization to remove the user from' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'roles', 'userType', 'organizations', 'avatar', 'lastActiveAt', 'createdAt'],
  semantics: {
    permanent: false,
    description:
      'ClickUp deactivates the user in the Workspace ("Deactivate a user from a Workspace"): they lose access to it; their ClickUp account, their other Workspaces and the work they did stay. ClickUp documents no restore window for the API call (its reference does not say whether the member can be reactivated).',
    docs: DOCS_REMOVE,
  },
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'epoch-seconds', remainingHeader: 'x-ratelimit-remaining', defaultWaitMs: 60_000 },
  errors: {
    code: (body) => code(body),
    bodyLevel: false,
    table: {
      ...Object.fromEntries(TOKEN_NOT_FOUND.map((c) => [c, 'REAUTH_REQUIRED' as const])),
      ...Object.fromEntries(TEAM_NOT_AUTHORIZED.map((c) => [c, 'FORBIDDEN' as const])),
    },
    docs: 'https://developer.clickup.com/docs/common_errors',
  },
  // ClickUp documents no alias of the token's user in a user id (ids are numbers).
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developer.clickup.com/reference/getauthorizeduser',
    async lookup({ http }) {
      const { user } = await http.get<{ user: ClickUpUser }>(path`/user`);
      return { ids: [String(user.id), user.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email, params }) {
    // Get Authorized Workspaces lists every member of each Workspace the token may see (no paging).
    const workspace = params.organizationId;
    if (!workspace) throw new AppError('BAD_USER_INPUT', 'ClickUp needs organizationId (the Workspace id) to look a user up', { integration: 'ClickUp', params: ['organizationId'] });
    const { teams } = await http.get<{ teams: ClickUpTeam[] }>(path`/team`);
    const wanted = email.trim().toLowerCase();
    const team = teams.find((t) => String(t.id) === workspace);
    // A Workspace the token was not authorized for is not "no such user".
    if (!team) throw new AppError('FORBIDDEN', `the ClickUp token is not authorized for Workspace ${workspace}`, { integration: 'ClickUp' });
    return (team.members ?? []).filter((m) => typeof m.user.email === 'string' && m.user.email.toLowerCase() === wanted);
  },

  async getUser({ http, id, params }) {
    const { member } = await http.get<{ member: ClickUpMember }>(path`/team/${params.organizationId as string}/user/${id}`);
    return member;
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const team = params.organizationId as string;
    if (snapshot?.user.role === 1) {
      throw new AppError(
        'FAILED_PRECONDITION',
        'this user is the owner of the ClickUp Workspace, who cannot be removed from it: transfer the Workspace ownership first (Settings > Workspace), then remove them.',
        { integration: 'ClickUp', reason: 'WORKSPACE_OWNER' },
      );
    }
    const user = snapshot ? String(snapshot.user.id) : id;
    await http.delete(path`/team/${team}/user/${user}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: team } };
  },

  toUser({ user }, { params }) {
    const role = typeof user.role === 'number' ? ROLES[user.role] : undefined;
    const org = params.organizationId;
    return compact({
      id: String(user.id),
      ...splitName(user.username),
      name: user.username ?? undefined,
      emails: user.email ? [{ email: user.email, type: 'work', isPrimary: true }] : undefined,
      roles:
        user.role !== null && user.role !== undefined
          ? [{ id: String(user.role), name: user.custom_role?.name ?? role ?? null, organization: org ?? null }]
          : undefined,
      userType: role,
      organizations: org ? [{ id: org }] : undefined,
      avatar: user.profilePicture ?? undefined,
      lastActiveAt: date(user.last_active ? Number(user.last_active) : undefined),
      createdAt: date(user.date_joined ? Number(user.date_joined) : undefined),
    });
  },
});
