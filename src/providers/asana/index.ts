/**
 * Asana: remove a user from a workspace/organization (removeFrom ORGANIZATION) or from a team
 * (removeFrom GROUP). Asana has no API to delete a user account.
 *
 * Calls (https://developers.asana.com/reference):
 *  - GET /users/{user_gid} (snapshot)                       https://developers.asana.com/reference/getuser
 *  - GET /users/{user_gid}/workspace_memberships (status: is_active per workspace)
 *    https://developers.asana.com/reference/getworkspacemembershipsforuser
 *  - POST /workspaces/{workspace_gid}/removeUser  {"data":{"user":"<gid|email>"}}
 *    https://developers.asana.com/reference/removeuserforworkspace
 *  - POST /teams/{team_gid}/removeUser            {"data":{"user":"<gid|email>"}}
 *    https://developers.asana.com/reference/removeuserforteam
 *  - GET /users/me — the user (or service account) the token acts as, for the self-deletion
 *    guard; Asana documents "me" for any user gid ("A string identifying a user. This can either
 *    be the string \"me\", an email, or the gid of a user"), so `me` is a self-alias.
 *    https://developers.asana.com/reference/getuser
 * Errors: {"errors":[{"message"}]}; rate limit: 429 with Retry-After (seconds).
 *
 * Who receives the removed user's resources depends on the token (Asana's answer, by its staff,
 * to "What happens when I delete a user using the Asana API?",
 * https://forum.asana.com/t/what-happens-when-i-delete-a-user-using-the-asana-api/1100804/6,
 * pointing to the Help Center's "User deprovisioning"): with a personal access token "the PAT
 * owner becomes the fallback recipient": a "Previously assigned tasks" project is created with
 * the PAT owner as admin, and the user's rules, templates and bundles are transferred to the PAT
 * owner; with a service account token the removal behaves like SCIM deprovisioning and follows
 * the Admin Console's member-removal settings (by default all super admins). Service accounts are
 * "organization-level substitutes for Personal Access Tokens" on Enterprise tiers
 * (https://help.asana.com/s/article/service-accounts), sent as a bearer token like a PAT; Asana's
 * own deprovisioning script asks for "a service account in the organization (preferred, an admin
 * PAT will also work)" (https://github.com/Asana/deprovision_inactive_guests). Hence the
 * `service_account` auth method, listed first.
 * ambiguous: the transfer is documented in that staff answer and later renderings of the
 * removeUserForWorkspace reference, not in the OpenAPI text stored here; a team removal
 * (removeUser on a team) transfers nothing.
 *
 * What removal means: the user loses access to the workspace or organization (or the team);
 * their Asana account stays. Asana documents no restore of a removed membership (adding the user
 * back, addUser, is a new membership, and transferred ownership stays transferred), so the
 * removal is declared permanent.
 *
 * Ambiguities: the workspace call is documented as 204 with a `{"data":{}}` body and the team
 * call's status is not documented (third-party copies show 200): any 2xx is success. Asana
 * users have a single `name`; first/last name are derived by splitting it at the first space.
 */
import { defineProvider } from '../core/definition.js';
import { compact, splitName } from '../core/map.js';
import { path } from '../core/path.js';

export interface AsanaUser {
  gid: string;
  resource_type?: string;
  name?: string | null;
  email?: string | null;
  photo?: Record<string, string | null> | null;
  workspaces?: Array<{ gid: string; name?: string; resource_type?: string }>;
}

export interface AsanaWorkspaceMembership {
  gid: string;
  is_active?: boolean;
  is_admin?: boolean;
  is_guest?: boolean;
  workspace?: { gid: string; name?: string };
}

export interface AsanaSnapshot {
  user: AsanaUser;
  memberships: AsanaWorkspaceMembership[];
}

const USER_FIELDS = 'gid,name,email,photo,workspaces,workspaces.name';
const MEMBERSHIP_FIELDS = 'is_active,is_admin,is_guest,workspace,workspace.name';

export const asana = defineProvider<AsanaSnapshot>({
  name: 'Asana',
  slug: 'asana',
  docs: 'https://developers.asana.com/reference/removeuserforworkspace',
  baseUrl: 'https://app.asana.com/api/1.0',
  context: {},
  auth: {
    service_account: {
      scheme: { kind: 'bearer', tokenField: 'token' },
      description:
        'Preferred: a service account token (Asana Enterprise / Enterprise+, created by a super admin in Admin console > Apps > Service accounts, with full permissions). A workspace removal then follows the Admin console\'s member-removal settings for who receives the user\'s tasks, rules, templates and bundles.',
    },
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'token' },
      description:
        'A personal access token of a workspace admin (or, for teams, a team member allowed to manage it). Beware: on a workspace removal Asana transfers the removed user\'s resources to the owner of this token (a "Previously assigned tasks" project, their rules, templates and bundles); prefer a service account where the plan offers one.',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://app.asana.com/-/oauth_token' },
      description: 'An OAuth 2.0 access token of an Asana app (refresh token optional).',
    },
  },
  params: { removeFrom: { use: 'required' }, removeFromId: { use: 'required' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'status', 'organizations', 'workspaces', 'avatar'],
  semantics: {
    permanent: true,
    description:
      'The user loses access to the workspace or organization (removeFrom ORGANIZATION) or to the team (GROUP); their Asana account stays. On a workspace removal Asana hands their resources on: with a personal access token its owner receives a "Previously assigned tasks" project and the user\'s rules, templates and bundles; with a service account the Admin console\'s member-removal settings decide (by default the super admins). Asana documents no restore: adding the user back is a new membership and transferred ownership stays transferred.',
    docs: 'https://forum.asana.com/t/what-happens-when-i-delete-a-user-using-the-asana-api/1100804/6',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developers.asana.com/reference/getuser',
    async lookup({ http }) {
      // Every auth method acts as a user or a service account user; both have a gid.
      const { data: me } = await http.get<{ data: AsanaUser }>(path`/users/me`, { query: { opt_fields: 'gid,email,name' } });
      return { ids: [me.gid, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async getUser({ http, id }) {
    const { data: user } = await http.get<{ data: AsanaUser }>(path`/users/${id}`, { query: { opt_fields: USER_FIELDS } });
    const { data: memberships } = await http.get<{ data: AsanaWorkspaceMembership[] }>(path`/users/${user.gid}/workspace_memberships`, {
      query: { opt_fields: MEMBERSHIP_FIELDS, limit: 100 },
    });
    return { user, memberships };
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const container = params.removeFromId as string;
    const user = snapshot?.user.gid ?? id;
    const body = { data: { user } };
    const target = params.removeFrom === 'GROUP' ? path`/teams/${container}/removeUser` : path`/workspaces/${container}/removeUser`;
    await http.request('POST', target, { query: remoteQuery, json: body });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: params.removeFrom === 'GROUP' ? 'group' : 'workspace', id: container } };
  },

  // A workspace removal: the workspace is no longer listed (as workspace nor organization), and
  // the status, which described the membership of that workspace, no longer applies. A team
  // removal leaves the workspace membership (and its status) as it was; teams are not mapped.
  after(user, result) {
    if (result.container?.kind !== 'workspace') return user;
    const gone = result.container.id;
    return {
      ...user,
      status: null,
      rawStatus: null,
      workspaces: (user.workspaces ?? []).filter((w) => w.id !== gone),
      organizations: (user.organizations ?? []).filter((o) => o.id !== gone),
    };
  },

  toUser({ user, memberships }, { params }) {
    // Status in the workspace the user is removed from; for a team, in any workspace.
    const relevant =
      params.removeFrom === 'ORGANIZATION' ? memberships.filter((m) => m.workspace?.gid === params.removeFromId) : memberships;
    const active = relevant.some((m) => m.is_active !== false);
    const known = relevant.length > 0;
    const photo = user.photo ?? undefined;
    return compact({
      id: user.gid,
      ...splitName(user.name),
      name: user.name ?? undefined,
      emails: user.email ? [{ email: user.email, type: 'work', isPrimary: true }] : undefined,
      status: known ? (active ? 'ACTIVE' : 'INACTIVE') : undefined,
      rawStatus: known ? (active ? 'is_active' : 'not_active') : undefined,
      organizations: user.workspaces?.map((w) => ({ id: w.gid, name: w.name ?? null })),
      workspaces: user.workspaces?.map((w) => ({ id: w.gid, name: w.name ?? null })),
      avatar: photo?.image_1024x1024 ?? photo?.image_128x128 ?? undefined,
    });
  },
});
