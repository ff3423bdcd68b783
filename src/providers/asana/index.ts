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
 * Errors: {"errors":[{"message"}]}; rate limit: 429 with Retry-After (seconds).
 *
 * Ambiguities: the workspace call is documented as 204 with a `{"data":{}}` body and the team
 * call's status is not documented (third-party copies show 200): any 2xx is success. Asana
 * users have a single `name`; first/last name are derived by splitting it at the first space.
 * Asana accepts "me" as a user, which would remove the caller: it is rejected here.
 */
import { badInput } from '../../errors.js';
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
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'token' },
      description: 'A personal access token of a workspace admin (or, for teams, a team member allowed to manage it).',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://app.asana.com/-/oauth_token' },
      description: 'An OAuth 2.0 access token of an Asana app (refresh token optional).',
    },
  },
  params: { removeFrom: { use: 'required' }, removeFromId: { use: 'required' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'status', 'organizations', 'workspaces', 'avatar'],

  async getUser({ http, id }) {
    if (id.toLowerCase() === 'me') throw badInput('Asana reads "me" as the caller; give the user\'s gid or email');
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
    return { outcome: 'REMOVED_FROM_CONTAINER' };
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
