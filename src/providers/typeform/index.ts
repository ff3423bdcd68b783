/**
 * Typeform: remove a member from a workspace (Workspaces API). Typeform's API has no call that
 * deletes a user or removes them from the account: the documented way to revoke a team member's
 * access is to remove them from workspaces ("give Typeform team members access to your workspaces
 * (and revoke access as needed)", https://www.typeform.com/developers/create/workspaces/). The spec
 * requires `workspace_id`: the member is removed from that workspace, REMOVED_FROM_CONTAINER.
 *
 * Calls (host api.typeform.com, or api.eu.typeform.com for accounts in the EU data center):
 *  - GET   /workspaces/{workspace_id} → 200 workspace with `members` [{email, name, role}] (snapshot: the
 *    member whose email is the id)      https://www.typeform.com/developers/create/reference/retrieve-workspace/
 *  - PATCH /workspaces/{workspace_id} [{"op":"remove","path":"/members","value":{"email":…}}] → 204
 *    https://www.typeform.com/developers/create/reference/update-workspace/
 *  - GET   /me → {alias, email, language}: the account the token belongs to (self-deletion guard)
 *    https://www.typeform.com/developers/create/reference/retrieve-own-account/
 * Hosts: "the Typeform API will now be reachable from both api.typeform.com (for US accounts) and
 * api.eu.typeform.com (for EU accounts) ... Some APIs, such as the Accounts, Workspaces, and Forms APIs,
 * can be used on both" (https://www.typeform.com/developers/get-started/responses-data-center/): a
 * closed choice per account.
 * Auth: personal access token or OAuth 2.0 access token, `Authorization: Bearer`; scopes
 * workspaces:read, workspaces:write, accounts:read (https://www.typeform.com/developers/get-started/scopes/).
 * Errors: JSON {"code", "description"}; rate limit 429 (2 requests per second per account,
 * https://www.typeform.com/developers/get-started/#rate-limits), Retry-After honoured when sent.
 *
 * Members carry no id: the user is named by email, compared case-insensitively with the workspace's
 * members. Not a member of the workspace → NOT_FOUND, nothing is sent.
 *
 * Ambiguities (docs/vendors/typeform.md): whether Typeform refuses to remove a workspace's owner (or
 * its last owner) is not documented; such a refusal comes back as Typeform's error, never as success.
 * What happens to typeforms the member created in the workspace is not documented either: they belong
 * to the workspace, which is not changed.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface TypeformMember {
  email: string;
  name?: string | null;
  role?: 'owner' | 'member' | string | null;
}

export interface TypeformWorkspace {
  id: string;
  name?: string;
  account_id?: string;
  shared?: boolean;
  members?: TypeformMember[];
  [k: string]: unknown;
}

/** The member of one workspace, with that workspace. */
export interface TypeformWorkspaceMember {
  member: TypeformMember;
  workspace: TypeformWorkspace;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function email(id: string): string {
  if (!EMAIL.test(id)) {
    throw new AppError('BAD_USER_INPUT', `Typeform workspace members are named by their email address; "${id.slice(0, 40)}" is not one`, { integration: 'Typeform' });
  }
  return id;
}

function workspaceId(params: { workspaceId?: string }): string {
  // Required by the declaration (validated before); checked again so no path is built without it.
  if (!params.workspaceId) throw new AppError('BAD_USER_INPUT', 'Typeform needs workspace_id', { integration: 'Typeform', missing: ['workspaceId'] });
  return params.workspaceId;
}

export const typeform = defineProvider<TypeformWorkspaceMember>({
  name: 'Typeform',
  slug: 'typeform',
  docs: 'https://www.typeform.com/developers/create/reference/update-workspace/',
  baseUrl: 'https://{host}',
  context: {
    host: {
      kind: 'enum',
      description: 'API host: api.typeform.com (US accounts, default) or api.eu.typeform.com (EU data center accounts)',
      values: ['api.typeform.com', 'api.eu.typeform.com'],
      default: 'api.typeform.com',
    },
  },
  auth: {
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'Personal access token of the workspace owner or an account admin with workspaces:read, workspaces:write and accounts:read.',
      docs: 'https://www.typeform.com/developers/get-started/personal-access-token/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://api.typeform.com/oauth/token', scopes: ['workspaces:read', 'workspaces:write', 'accounts:read'] },
      description: 'OAuth app authorized by the workspace owner or an account admin.',
      docs: 'https://www.typeform.com/developers/get-started/applications/',
    },
  },
  params: { workspaceId: { use: 'required', note: 'The unique identifier for the workspace' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'name', 'emails', 'roles', 'workspaces', 'organizations'],
  errors: {
    docs: 'https://www.typeform.com/developers/create/workspaces/',
    bodyLevel: false,
    code: (body) => {
      const code = (body as { code?: unknown } | null)?.code;
      return typeof code === 'string' ? code : undefined;
    },
    table: {
      NOT_FOUND: 'NOT_FOUND',
      AUTHENTICATION_FAILED: 'REAUTH_REQUIRED',
      FORBIDDEN: 'FORBIDDEN',
      VALIDATION_ERROR: 'BAD_USER_INPUT',
    },
  },
  semantics: {
    permanent: true,
    description:
      "The member is removed from the workspace and loses access to its typeforms and their results; their Typeform account, their other workspaces and the workspace's typeforms stay. Typeform's API has no call that deletes a user or removes them from the account.",
    docs: 'https://www.typeform.com/developers/create/workspaces/',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://www.typeform.com/developers/create/reference/retrieve-own-account/',
    async lookup({ http }) {
      const me = await http.get<{ email?: unknown; alias?: unknown }>(path`/me`);
      if (typeof me.email !== 'string' || me.email === '') {
        throw new AppError('REMOTE_ERROR', 'Typeform: /me did not name the account the token belongs to', { integration: 'Typeform' });
      }
      return { ids: [me.email] };
    },
  },

  async findUsers({ http, email: address, params }) {
    const ws = await http.get<TypeformWorkspace>(path`/workspaces/${workspaceId(params)}`);
    const wanted = address.trim().toLowerCase();
    return (ws.members ?? []).filter((m) => m.email.toLowerCase() === wanted).map((member) => ({ member, workspace: ws }));
  },

  async getUser({ http, id, params }) {
    const address = email(id);
    const ws = await http.get<TypeformWorkspace>(path`/workspaces/${workspaceId(params)}`);
    const member = (ws.members ?? []).find((m) => m.email.toLowerCase() === address.toLowerCase());
    if (!member) {
      throw new AppError('NOT_FOUND', `${address} is not a member of Typeform workspace ${ws.id}`, { integration: 'Typeform' });
    }
    return { member, workspace: ws };
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const ws = workspaceId(params);
    // The address exactly as the workspace lists it.
    const address = snapshot?.member.email ?? email(id);
    await http.request('PATCH', path`/workspaces/${ws}`, { json: [{ op: 'remove', path: '/members', value: { email: address } }], query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: ws } };
  },

  // Out of the workspace, and without the role held there.
  after(user, result) {
    const id = result.container?.id;
    return {
      ...user,
      workspaces: (user.workspaces ?? []).filter((w) => w.id !== id),
      roles: (user.roles ?? []).filter((r) => r.workspace !== id),
    };
  },

  toUser({ member, workspace }) {
    return compact({
      id: member.email,
      name: member.name || undefined,
      emails: [{ email: member.email, type: 'primary', isPrimary: true }],
      roles: member.role ? [{ id: member.role, name: member.role, workspace: workspace.id }] : undefined,
      workspaces: [{ id: workspace.id, name: workspace.name ?? null }],
      organizations: workspace.account_id ? [{ id: workspace.account_id }] : undefined,
    });
  },
});
