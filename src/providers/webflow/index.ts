/**
 * Webflow: remove a member from an Enterprise workspace (Data API v2, Workspace Members).
 *
 * Webflow has two kinds of "users": workspace members (the people who build and manage sites, billed
 * as seats) and site users (visitors with memberships on one site, the User Accounts API). The spec
 * requires `workspace_id`, and offboarding an employee means taking away their workspace seat, so
 * this integration removes the workspace member. Site users are not touched.
 *
 * Calls (https://api.webflow.com/v2; reference https://developers.webflow.com/data/reference/enterprise/workspace-members/):
 *  - GET    /workspaces/{workspace_id}/members?email={email} (id is an email), or
 *    GET    /workspaces/{workspace_id}/members?limit=100[&cursor=…] paged by `pagination.nextCursor` (id is a
 *    member id) → {members: [{id, email, firstName, lastName, roles: {workspace, site?}, addedOn}],
 *    invites, pagination} — the snapshot. "List the members and invites of a workspace"; `email`: "Filter
 *    to the Member or invite with this email address"; limit "up to a maximum of 100".  …/list-members
 *  - DELETE /workspaces/{workspace_id}/members/{member_id} → success without a body.  …/remove-member
 *    "Remove a member from a workspace. This endpoint requires an Enterprise workspace." "Removing a
 *    member revokes their access to the whole workspace and frees their seat" (…/bulk-remove-members);
 *    it "removes active members only" (pending invites are not members).
 *  - GET    /token/authorized_by → {id, email, firstName, lastName}: "Information about the Authorized
 *    User" (scope authorized_user:read), the self-deletion guard's owner for OAuth (Data Client) tokens.
 *    https://developers.webflow.com/data/reference/token/authorized-by
 * Scopes: workspace_members:read, workspace_members:write. Auth: `Authorization: Bearer` with a Workspace
 * API token or a Data Client app's OAuth token (token URL https://api.webflow.com/oauth/access_token).
 * Source of the shapes: Webflow's own SDK generated from its API definition (webflow/js-webflow-api:
 * workspaces/members client, WorkspaceMember, WorkspaceMembersResponse, AuthorizedUser, error types).
 * Errors: {code, message, externalReference, details}; 400, 401, 403, 404, 409 (ConflictError), 429, 500
 * are the remove call's documented statuses. Rate limits: 429, Retry-After honoured
 * (https://developers.webflow.com/data/reference/rate-limits).
 *
 * Ambiguities (docs/vendors/webflow.md): what a 409 on the removal means is not described (a state
 * that forbids the removal, such as the workspace's owner or last admin): it is FAILED_PRECONDITION
 * with Webflow's message. For a Workspace API token the docs do not say whom /token/authorized_by
 * names (the token belongs to the workspace, not to a person): the guard has no owner to compare then.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface WebflowWorkspaceMember {
  id: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  roles?: { workspace?: string | null; site?: string | null } | null;
  addedOn?: string | null;
  [k: string]: unknown;
}

/** A member as read from one workspace. */
export interface WebflowMemberInWorkspace {
  member: WebflowWorkspaceMember;
  workspaceId: string;
}

interface MembersPage {
  members?: WebflowWorkspaceMember[];
  invites?: unknown[];
  pagination?: { limit?: number; nextCursor?: string | null };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** Webflow ids are 24 hex characters (Mongo ObjectIds). */
const MEMBER_ID = /^[0-9a-f]{24}$/i;
const PAGE = 100;
const MAX_PAGES = 50;

function workspaceOf(params: { workspaceId?: string }): string {
  if (!params.workspaceId) throw new AppError('BAD_USER_INPUT', 'Webflow needs workspace_id', { integration: 'Webflow', missing: ['workspaceId'] });
  return params.workspaceId;
}

async function membersByEmail(http: VendorHttp, ws: string, email: string): Promise<WebflowWorkspaceMember[]> {
  const page = await http.get<MembersPage>(path`/workspaces/${ws}/members`, { query: { email } });
  const wanted = email.toLowerCase();
  return (page.members ?? []).filter((m) => typeof m.email === 'string' && m.email.toLowerCase() === wanted);
}

export const webflow = defineProvider<WebflowMemberInWorkspace>({
  name: 'Webflow',
  slug: 'webflow',
  docs: 'https://developers.webflow.com/data/reference/enterprise/workspace-members/remove-member',
  baseUrl: 'https://api.webflow.com/v2',
  context: {},
  auth: {
    workspace_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'Workspace API token of an Enterprise workspace with workspace_members:read and workspace_members:write.',
      docs: 'https://developers.webflow.com/data/reference/authentication/workspace-token',
    },
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://api.webflow.com/oauth/access_token',
        scopes: ['workspace_members:read', 'workspace_members:write', 'authorized_user:read'],
      },
      description: 'Data Client app authorized for the Enterprise workspace by a workspace admin.',
      docs: 'https://developers.webflow.com/data/docs/data-clients/getting-started',
    },
  },
  params: { workspaceId: { use: 'required' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'roles', 'workspaces', 'activatedAt'],
  errors: {
    docs: 'https://developers.webflow.com/data/reference/error-handling',
    bodyLevel: false,
    code: (body, status) => {
      if (status === 409) return 'conflict';
      const code = (body as { code?: unknown } | null)?.code;
      return typeof code === 'string' ? code : undefined;
    },
    table: {
      resource_not_found: 'NOT_FOUND',
      route_not_found: 'NOT_FOUND',
      not_authorized: 'REAUTH_REQUIRED',
      missing_scopes: 'FORBIDDEN',
      forbidden: 'FORBIDDEN',
      conflict: 'PRECONDITION',
      too_many_requests: 'RATE_LIMITED',
    },
  },
  semantics: {
    permanent: true,
    description:
      "The member is removed from the Webflow workspace: they lose access to the whole workspace and its sites, and their seat is freed. Their Webflow account and the workspace's sites stay; they can be invited again. Enterprise workspaces only.",
    docs: 'https://developers.webflow.com/data/reference/enterprise/workspace-members/bulk-remove-members',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developers.webflow.com/data/reference/token/authorized-by',
    async lookup({ http, method }) {
      // A Workspace API token belongs to the workspace, not to a person.
      if (method !== 'oauth') return undefined;
      const me = await http.get<{ id?: unknown; email?: unknown }>(path`/token/authorized_by`);
      const ids = [me.id, me.email].filter((v): v is string => typeof v === 'string' && v !== '');
      if (ids.length === 0) throw new AppError('REMOTE_ERROR', 'Webflow: /token/authorized_by did not name the authorizing user', { integration: 'Webflow' });
      return { ids };
    },
  },

  async findUsers({ http, email, params }) {
    const ws = workspaceOf(params);
    return (await membersByEmail(http, ws, email.trim())).map((member) => ({ member, workspaceId: ws }));
  },

  async getUser({ http, id, params }) {
    const ws = workspaceOf(params);
    let member: WebflowWorkspaceMember | undefined;
    if (EMAIL.test(id)) {
      const found = await membersByEmail(http, ws, id);
      if (found.length > 1) throw new AppError('REMOTE_ERROR', `Webflow lists ${found.length} members with the address ${id}`, { integration: 'Webflow' });
      member = found[0];
    } else if (MEMBER_ID.test(id)) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES && !member; page++) {
        const res = await http.get<MembersPage>(path`/workspaces/${ws}/members`, { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } });
        member = (res.members ?? []).find((m) => m.id === id);
        cursor = res.pagination?.nextCursor ?? undefined;
        if (!cursor) break;
      }
    } else {
      throw new AppError('BAD_USER_INPUT', `Webflow workspace members are named by their member id or email; "${id.slice(0, 40)}" is neither`, { integration: 'Webflow' });
    }
    if (!member) throw new AppError('NOT_FOUND', `${id.slice(0, 80)} is not a member of Webflow workspace ${ws}`, { integration: 'Webflow' });
    return { member, workspaceId: ws };
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const ws = workspaceOf(params);
    const memberId = snapshot?.member.id ?? (MEMBER_ID.test(id) ? id : undefined);
    if (!memberId) throw new AppError('BAD_USER_INPUT', 'Webflow needs the member id to remove a member', { integration: 'Webflow' });
    await http.request('DELETE', path`/workspaces/${ws}/members/${memberId}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: ws } };
  },

  // Out of the workspace, and without the roles held there.
  after(user, result) {
    const id = result.container?.id;
    return { ...user, workspaces: (user.workspaces ?? []).filter((w) => w.id !== id), roles: (user.roles ?? []).filter((r) => r.workspace !== id) };
  },

  toUser({ member: m, workspaceId }) {
    const roles = [
      m.roles?.workspace ? { id: m.roles.workspace, name: `workspace ${m.roles.workspace}`, workspace: workspaceId } : undefined,
      m.roles?.site ? { id: m.roles.site, name: `default site role ${m.roles.site}`, workspace: workspaceId } : undefined,
    ].filter((r) => r !== undefined);
    const name = [m.firstName, m.lastName].filter(Boolean).join(' ');
    return compact({
      id: m.id,
      firstName: m.firstName || undefined,
      lastName: m.lastName || undefined,
      name: name || undefined,
      emails: m.email ? [{ email: m.email, type: 'primary', isPrimary: true }] : undefined,
      roles: roles.length ? roles : undefined,
      workspaces: [{ id: workspaceId }],
      activatedAt: date(m.addedOn),
    });
  },
});
