/**
 * Segment: remove a user from the Segment workspace the Public API token belongs to (IAM Users).
 * A Segment user is a login that may belong to several workspaces; this removes them from this one.
 *
 * Calls (Segment Public API, https://docs.segmentapis.com, `Authorization: Bearer <token>`):
 *  - GET /users/{userId} → {data: {user: {id, name, email, permissions[]}}} (snapshot)
 *    https://docs.segmentapis.com/tag/IAM-Users#operation/getUser
 *  - GET / → {data: {workspace: {id, name, slug}}}: the workspace the token acts on (the container)
 *    https://docs.segmentapis.com/tag/Workspaces#operation/getWorkspace
 *  - DELETE /users?userIds.0={userId} → {data: {status: "SUCCESS"}} "Removes one or multiple users";
 *    60 requests per minute on this endpoint.
 *    https://docs.segmentapis.com/tag/IAM-Users#operation/deleteUsers
 *  - GET /users?pagination.count=200[&pagination.cursor=…] (lookup by email)
 *    https://docs.segmentapis.com/tag/IAM-Users#operation/listUsers
 * Hosts: api.segmentapis.com, and eu1.api.segmentapis.com for workspaces in the EU region
 * (https://docs.segmentapis.com/tag/Getting-Started#section/Regional-Segment).
 * Errors: `{errors: [{type, message, field?}]}`. Rate limits: 429 with `Retry-After` and
 * `RateLimit-Reset` (seconds until the window resets), https://docs.segmentapis.com/tag/Rate-Limits
 *
 * ambiguous: the array query param is written the way the docs' examples write arrays
 * (`userIds.0=`); the OpenAPI description gives it as a plain array. Exactly one id is ever sent.
 * ambiguous: the 404 body's `type` value is not shown in the docs; NOT_FOUND comes from the status.
 */
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface SegmentUser {
  id: string;
  name?: string | null;
  email?: string | null;
  permissions?: Array<{ roleId: string; roleName?: string | null; resources?: Array<{ id: string; type: string }> }> | null;
  [k: string]: unknown;
}

export interface SegmentSnapshot {
  user: SegmentUser;
  /** The token's workspace; absent when read without it. */
  workspace?: { id: string; name?: string | null; slug?: string | null };
}

const PAGE_SIZE = 200;
const MAX_PAGES = 100;

export const segment = defineProvider<SegmentSnapshot>({
  name: 'Segment',
  slug: 'segment',
  docs: 'https://docs.segmentapis.com/tag/IAM-Users#operation/deleteUsers',
  baseUrl: 'https://{host}',
  context: {
    host: {
      kind: 'enum',
      description: 'Public API host: api.segmentapis.com, or eu1.api.segmentapis.com for workspaces in the EU region',
      values: ['api.segmentapis.com', 'eu1.api.segmentapis.com'],
      default: 'api.segmentapis.com',
    },
  },
  auth: {
    api_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'A Public API token (Settings > Workspace settings > Access Management > Tokens) with the Workspace Owner role.',
      docs: 'https://docs.segmentapis.com/tag/Getting-Started#section/Get-an-API-token',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'name', 'emails', 'roles', 'workspaces'],
  rateLimit: { resetHeader: 'ratelimit-reset', resetKind: 'delta-seconds' },
  semantics: {
    permanent: true,
    description:
      'The user is removed from the Segment workspace with all their roles and group memberships in it ("Group Memberships Deleted"); their Segment login and other workspaces are untouched. No restore: invite them again.',
    docs: 'https://docs.segmentapis.com/tag/IAM-Users#operation/deleteUsers',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'Segment Public API tokens belong to the workspace (created under Access Management > Tokens with a role), not to a user login, and the Public API documents no "current user" call.',
  },

  async findUsers({ http, email }) {
    const wanted = email.toLowerCase();
    const found: SegmentSnapshot[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: Record<string, string | number> = { 'pagination.count': PAGE_SIZE };
      if (cursor) query['pagination.cursor'] = cursor;
      const res = await http.get<{ data?: { users?: SegmentUser[]; pagination?: { next?: string | null } } }>(path`/users`, { query });
      for (const u of res.data?.users ?? []) if (u.email?.toLowerCase() === wanted) found.push({ user: u });
      cursor = res.data?.pagination?.next ?? undefined;
      if (!cursor) break;
    }
    return found;
  },

  async getUser({ http, id }) {
    const res = await http.get<{ data: { user: SegmentUser } }>(path`/users/${id}`);
    const ws = await http.get<{ data: { workspace: { id: string; name?: string; slug?: string } } }>(path`/`);
    return { user: res.data.user, workspace: ws.data?.workspace };
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    const userId = snapshot?.user.id ?? id;
    // remote_query passes through, except any userIds of its own: this call removes exactly one user.
    const passed = Object.fromEntries(Object.entries(remoteQuery ?? {}).filter(([k]) => !/^userids/i.test(k)));
    await http.request('DELETE', path`/users`, { query: { ...passed, 'userIds.0': userId } });
    const workspace = snapshot?.workspace?.id;
    return workspace ? { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: workspace } } : { outcome: 'REMOVED_FROM_CONTAINER' };
  },

  after(user) {
    return { ...user, roles: [], workspaces: [] };
  },

  toUser({ user, workspace }) {
    return compact({
      id: user.id,
      name: user.name ?? undefined,
      emails: user.email ? [{ email: user.email, type: 'work', isPrimary: true }] : undefined,
      roles: (user.permissions ?? []).map((p) => ({
        id: p.roleId,
        name: p.roleName ?? null,
        workspace: p.resources?.some((r) => r.type === 'WORKSPACE') ? (workspace?.id ?? null) : null,
      })),
      workspaces: workspace ? [{ id: workspace.id, name: workspace.name ?? null }] : undefined,
    });
  },
});
