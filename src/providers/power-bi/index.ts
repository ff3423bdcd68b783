/**
 * Power BI: remove a user's access to one workspace (the spec's required `workspace`, the group id).
 *
 * Calls (Power BI REST API, https://learn.microsoft.com/en-us/rest/api/power-bi/; Microsoft's Swagger
 * description microsoft/PowerBI-CSharp sdk/swaggers/swagger.json, copied to test/contracts/power-bi.json):
 *  - GET /v1.0/myorg/groups/{groupId}/users?$top=…&$skip=… → {value: GroupUser[]} (snapshot: the
 *    user's entry in the workspace) https://learn.microsoft.com/en-us/rest/api/power-bi/groups/get-group-users
 *  - DELETE /v1.0/myorg/groups/{groupId}/users/{user} → 200, where `user` is "The email address of the
 *    user or object ID of the service principal to delete"
 *    https://learn.microsoft.com/en-us/rest/api/power-bi/groups/delete-user-in-group
 * Auth: Microsoft Entra tokens for https://analysis.windows.net/powerbi/api — a service principal
 * (client credentials at https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token, scope
 * …/.default; the app must be allowed to use the APIs and be Admin of the workspace,
 * https://learn.microsoft.com/en-us/power-bi/developer/embedded/embed-service-principal) or the
 * delegated token of a workspace admin (scope Workspace.ReadWrite.All).
 * Rate limits: 429 with Retry-After (https://learn.microsoft.com/en-us/rest/api/power-bi/#throttling).
 * Errors: {"error": {"code": "PowerBIEntityNotFound", "message": …}}.
 *
 * What the removal means: the user's permissions on that workspace are deleted; the user, their
 * Power BI license and their access to other workspaces, apps and shared items are untouched. Content
 * in a workspace belongs to the workspace, so nothing they made there is deleted.
 *
 * Ambiguities: Power BI has no call to read one workspace user: the workspace's user list is read
 * (bounded paging) and the user picked by `identifier` or `emailAddress`, case-insensitively; "User
 * permissions for workspaces take time to get updated", so a user added moments ago may not be listed
 * yet (NOT_FOUND). The answer when the last admin would be removed is not documented: Power BI's own
 * error comes back. A security group principal (principalType Group) is refused: offboarding removes
 * people. Sovereign clouds (api.powerbigov.us, …) need the account's base-URL override. Power BI REST
 * has no "who am I" call, so the token's owner cannot be named (see tokenOwner).
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';
import type { DeleteUserParams } from '../core/types.js';

export interface PowerBiGroupUser {
  identifier: string;
  displayName?: string | null;
  emailAddress?: string | null;
  groupUserAccessRight?: 'None' | 'Member' | 'Admin' | 'Contributor' | 'Viewer' | string | null;
  principalType?: 'User' | 'Group' | 'App' | 'None' | string | null;
  graphId?: string | null;
  userType?: string | null;
  profile?: { id?: string; displayName?: string } | null;
  [k: string]: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 1000;
const MAX_PAGES = 20;
const POWER_BI = 'Power BI';

function workspaceOf(params: DeleteUserParams): string {
  const ws = params.workspace ?? '';
  if (!UUID.test(ws)) throw badInput('workspace must be the Power BI workspace (group) id, a UUID', { integration: POWER_BI });
  return ws;
}

/** Every user of the workspace, read in pages of $top until a short page. */
async function* workspaceUsers(http: VendorHttp, ws: string): AsyncGenerator<PowerBiGroupUser> {
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await http.get<{ value?: PowerBiGroupUser[] }>(path`/groups/${ws}/users`, { query: { $top: PAGE, $skip: page * PAGE } });
    const rows = res.value ?? [];
    yield* rows;
    if (rows.length < PAGE) return;
  }
}

const same = (a: string | null | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

export const powerBi = defineProvider<PowerBiGroupUser>({
  name: 'Power BI',
  slug: 'power-bi',
  docs: 'https://learn.microsoft.com/en-us/rest/api/power-bi/groups/delete-user-in-group',
  baseUrl: 'https://api.powerbi.com/v1.0/myorg',
  context: {
    tenantId: {
      kind: 'id',
      description: 'Microsoft Entra tenant id (GUID) or verified domain; required for the service principal method',
      example: 'contoso.onmicrosoft.com',
      pattern: /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/,
      optional: true,
    },
  },
  auth: {
    service_principal: {
      scheme: {
        kind: 'oauth2',
        grant: 'client_credentials',
        tokenUrl: 'https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token',
        scopes: ['https://analysis.windows.net/powerbi/api/.default'],
      },
      description:
        'An Entra app registration (client id and secret) allowed to use Power BI APIs (tenant setting "Service principals can use Fabric APIs") and added as Admin of the workspace.',
      docs: 'https://learn.microsoft.com/en-us/power-bi/developer/embedded/embed-service-principal',
    },
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
        scopes: ['https://analysis.windows.net/powerbi/api/Workspace.ReadWrite.All', 'offline_access'],
      },
      description: 'Delegated access of a workspace admin.',
    },
  },
  params: { workspace: { use: 'required', note: 'The Power BI workspace (group) id the user is removed from.' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'name', 'emails', 'userType', 'roles', 'workspaces'],
  errors: {
    code: (body) => (body as { error?: { code?: unknown } } | undefined)?.error?.code as string | undefined,
    bodyLevel: false,
    table: { PowerBIEntityNotFound: 'NOT_FOUND', ItemNotFound: 'NOT_FOUND', GroupNotFound: 'NOT_FOUND' },
    docs: 'https://learn.microsoft.com/en-us/rest/api/power-bi/groups/delete-user-in-group',
  },
  semantics: {
    permanent: true,
    description:
      "The user's permissions on the one workspace are deleted; the user, their Power BI license and their access to other workspaces, apps and items shared with them are untouched. Workspace content belongs to the workspace and stays.",
    docs: 'https://learn.microsoft.com/en-us/rest/api/power-bi/groups/delete-user-in-group',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'The Power BI REST API has no call naming the caller: a service principal token acts as the app, and a delegated token names its user only inside the Entra token (Microsoft Graph /me needs a token for another audience).',
  },

  async findUsers({ http, email, params }) {
    const out: PowerBiGroupUser[] = [];
    for await (const u of workspaceUsers(http, workspaceOf(params))) if (same(u.emailAddress, email) || same(u.identifier, email)) out.push(u);
    return out;
  },

  async getUser({ http, id, params }) {
    const ws = workspaceOf(params);
    for await (const u of workspaceUsers(http, ws)) {
      if (!same(u.identifier, id) && !same(u.emailAddress, id)) continue;
      if (u.principalType === 'Group') throw badInput(`${id} is a group principal of the workspace, not a person`, { integration: POWER_BI });
      return u;
    }
    throw new AppError('NOT_FOUND', `Power BI workspace ${ws} lists no user ${id.slice(0, 80)}`, { integration: POWER_BI });
  },

  async deleteUser({ http, id, params, remoteQuery, snapshot }) {
    const ws = workspaceOf(params);
    // The documented key is the user's email address (or a service principal's object id).
    const user = snapshot?.principalType === 'User' && snapshot.emailAddress ? snapshot.emailAddress : (snapshot?.identifier ?? id);
    await http.request('DELETE', path`/groups/${ws}/users/${user}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: ws } };
  },

  // The access right was the user's role in that workspace: it goes with the membership.
  after(user, result) {
    const ws = result.container?.id;
    return {
      ...user,
      workspaces: (user.workspaces ?? []).filter((w) => w.id !== ws),
      roles: (user.roles ?? []).filter((r) => r.workspace !== ws),
    };
  },

  toUser(u, { params }) {
    const ws = params.workspace;
    return compact({
      id: u.identifier,
      name: u.displayName ?? undefined,
      emails: u.emailAddress ? [{ email: u.emailAddress, type: 'primary', isPrimary: true }] : undefined,
      userType: u.principalType ?? undefined,
      roles: u.groupUserAccessRight ? [{ id: u.groupUserAccessRight, name: u.groupUserAccessRight, workspace: ws ?? null }] : undefined,
      workspaces: ws ? [{ id: ws }] : undefined,
    });
  },
});
