/**
 * Databricks: remove a user through Databricks' SCIM 2.0 APIs, at the level the account's context
 * names. The spec gives Databricks no param, so the level is the account's configuration:
 *
 *  - Workspace level (default; context.host = the workspace host, no accountId). Workspace admin.
 *    - GET    https://{workspace host}/api/2.0/preview/scim/v2/Users/{id} (snapshot)
 *      https://docs.databricks.com/api/workspace/users/get
 *    - DELETE https://{workspace host}/api/2.0/preview/scim/v2/Users/{id} → empty success
 *      https://docs.databricks.com/api/workspace/users/delete — "Deletes a user. Deleting a user
 *      from a Databricks workspace also removes objects associated with the user."
 *    Outcome REMOVED_FROM_CONTAINER: users are account-level identities ("Adding a user to a
 *    Databricks workspace also adds them to the account",
 *    https://docs.databricks.com/admin/users-groups/users.html); the workspace call removes the
 *    user from that one workspace, the account identity (and any other workspace) stays.
 *
 *  - Account level (context.accountId given, context.host = the account console host:
 *    accounts.cloud.databricks.com, accounts.azuredatabricks.net or accounts.gcp.databricks.com).
 *    Account admin.
 *    - GET    https://{accounts host}/api/2.0/accounts/{account_id}/scim/v2/Users/{id} (snapshot)
 *      https://docs.databricks.com/api/account/users/get
 *    - DELETE https://{accounts host}/api/2.0/accounts/{account_id}/scim/v2/Users/{id}
 *      https://docs.databricks.com/api/account/users/delete — "Deletes a user. Deleting a user
 *      from a Databricks account also removes objects associated with the user." Outcome DELETED.
 *
 * Auth (https://docs.databricks.com/dev-tools/auth/):
 *  - personal_access_token: `Authorization: Bearer <PAT>` of a workspace admin (workspace level only;
 *    PATs are workspace credentials).
 *  - client_credentials: OAuth M2M of a service principal at the workspace token endpoint
 *    https://{host}/oidc/v1/token, scope all-apis, client id/secret as HTTP Basic
 *    (https://docs.databricks.com/dev-tools/auth/oauth-m2m.html).
 *  - account_client_credentials: the same grant at the account token endpoint
 *    https://{accounts host}/oidc/accounts/{account_id}/v1/token (account level; needs context.accountId).
 * Rate limits: 429 with Retry-After (honoured by the HTTP client); no rate-limit header is documented.
 *
 * Self-deletion guard: `Me` is refused as an id (RFC 7644 §3.11; see core/scim.ts). At workspace
 * level the owner is read from GET https://{workspace host}/api/2.0/preview/scim/v2/Me ("Retrieve
 * the same information about yourself as returned by Get user by ID"; "Non-admin users and
 * service principals can invoke the Me Get endpoint"),
 * https://docs.databricks.com/api/workspace/currentuser/me
 * (https://docs.databricks.com/dev-tools/api/latest/scim/scim-me.html): a PAT names its user; an
 * M2M service principal names itself, which is never a /Users resource. At account level the
 * account SCIM API documents no /Me and the only account method is an M2M service principal,
 * which is not a user under /Users: no lookup there.
 *
 * What it means: nothing is restorable. Workspace: the user leaves that workspace and "Deleting a
 * user from a Databricks workspace also removes objects associated with the user"; the account
 * identity and its other workspaces stay, and the workspace's entitlements go (the returned user
 * has no roles left there). Account: "Deleting a user from a Databricks account also removes
 * objects associated with the user."
 *
 * Ambiguities (docs/vendors/databricks.md): which level a customer wants is not in the spec; the
 * catalog's choice (workspace) stays the default and the account level is opt-in via accountId.
 * The SCIM `roles` attribute is AWS instance profiles at workspace level ("Corresponds to AWS
 * instance profile/arn role") but Databricks roles (account_admin) at account level: ARNs are not
 * reported as roles. Entitlements (workspace-access, allow-cluster-create, ...) are reported as
 * roles. Error bodies are not published; SCIM-shaped (RFC 7644 §3.12) bodies are assumed.
 */
import { badInput } from '../../errors.js';
import { impliedAfter } from '../../deletion/after.js';
import { defineProvider } from '../core/definition.js';
import { path, type VendorPath } from '../core/path.js';
import { SCIM_SELF_ALIASES, scimOwner, scimToUser, type ScimMultiValued, type ScimUser } from '../core/scim.js';
import type { UnifiedUser } from '../core/types.js';

/** Databricks' domains: AWS, Google Cloud and Azure (workspace and account console hosts). */
export const DATABRICKS_DOMAINS = ['.cloud.databricks.com', '.gcp.databricks.com', '.azuredatabricks.net'] as const;
/** The account console hosts, one per cloud. */
export const DATABRICKS_ACCOUNT_HOSTS = ['accounts.cloud.databricks.com', 'accounts.gcp.databricks.com', 'accounts.azuredatabricks.net'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Level {
  level: 'workspace' | 'account';
  /** The SCIM path of one user at that level. */
  user: (id: string) => VendorPath;
}

/** Which API the account's context names; contradictory contexts are refused before any call. */
export function databricksLevel(context: Readonly<Record<string, string>>): Level {
  const host = context.host ?? '';
  const accountId = context.accountId;
  const accountsHost = (DATABRICKS_ACCOUNT_HOSTS as readonly string[]).includes(host);
  if (accountId) {
    if (!accountsHost) {
      throw badInput(`Databricks: context.accountId selects the account-level SCIM API, so context.host must be the account console (${DATABRICKS_ACCOUNT_HOSTS.join(', ')})`, { integration: 'Databricks' });
    }
    return { level: 'account', user: (id) => path`/accounts/${accountId}/scim/v2/Users/${id}` };
  }
  if (accountsHost || host.startsWith('accounts.')) {
    throw badInput('Databricks: the account console needs context.accountId; for workspace-level removal give the workspace host', { integration: 'Databricks' });
  }
  return { level: 'workspace', user: (id) => path`/preview/scim/v2/Users/${id}` };
}

function databricksToUser(raw: ScimUser): UnifiedUser {
  const entitlements = Array.isArray(raw.entitlements) ? raw.entitlements : [];
  // Workspace `roles` are AWS instance profiles (ARNs), not roles of the person.
  const roles = (Array.isArray(raw.roles) ? raw.roles : []).filter((r: ScimMultiValued) => r.value && !r.value.startsWith('arn:'));
  const user = scimToUser({ ...raw, roles: undefined, photos: undefined });
  const mapped = [...roles, ...entitlements].filter((r) => r.value).map((r) => ({ id: r.value as string, name: r.display ?? (r.value as string) }));
  if (mapped.length) user.roles = mapped;
  return user;
}

export const databricks = defineProvider<ScimUser>({
  name: 'Databricks',
  slug: 'databricks',
  docs: 'https://docs.databricks.com/api/workspace/users/delete',
  baseUrl: 'https://{host}/api/2.0',
  context: {
    host: {
      kind: 'hostname',
      description:
        'Workspace host (dbc-….cloud.databricks.com, adb-….azuredatabricks.net, ….gcp.databricks.com); for account-level removal the account console host (accounts.cloud.databricks.com, accounts.azuredatabricks.net, accounts.gcp.databricks.com) together with accountId',
      example: 'dbc-a1b2345c-d6e7.cloud.databricks.com',
      endsWith: DATABRICKS_DOMAINS,
    },
    accountId: {
      kind: 'id',
      description: 'Databricks account id (a UUID, from the account console); only for account-level removal',
      example: '0d26daa6-5e44-4c97-a497-ef015f91254a',
      pattern: UUID,
      optional: true,
    },
  },
  auth: {
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'Personal access token of a workspace admin (workspace level only).',
    },
    client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://{host}/oidc/v1/token', scopes: ['all-apis'], clientAuth: 'basic' },
      description: 'OAuth M2M: a service principal with the workspace admin role, its client id and OAuth secret (workspace level).',
    },
    account_client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://{host}/oidc/accounts/{accountId}/v1/token', scopes: ['all-apis'], clientAuth: 'basic' },
      description: 'OAuth M2M: a service principal with the account admin role, its client id and OAuth secret (account level; context.accountId is required).',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'status', 'roles', 'groups'],
  headers: { accept: 'application/scim+json, application/json' },
  semantics: {
    permanent: true,
    description:
      'Workspace level (default): the user is removed from that workspace, and "deleting a user from a Databricks workspace also removes objects associated with the user"; the account identity and other workspaces stay. Account level: the user is deleted from the account, which "also removes objects associated with the user". No restore is documented.',
    docs: 'https://docs.databricks.com/api/workspace/users/delete',
  },
  selfAliases: SCIM_SELF_ALIASES,
  tokenOwner: {
    docs: 'https://docs.databricks.com/api/workspace/currentuser/me',
    async lookup({ http, context }) {
      // Account level: no /Me is documented, and the account method is a service principal, never a /Users resource.
      if (databricksLevel(context).level === 'account') return undefined;
      return scimOwner(await http.get<ScimUser>(path`/preview/scim/v2/Me`), 'Databricks');
    },
  },

  async getUser({ http, id, context }) {
    return http.get<ScimUser>(databricksLevel(context).user(id));
  },

  async deleteUser({ http, id, context, remoteQuery, snapshot }) {
    const target = databricksLevel(context);
    // The user the snapshot read (its own id), as in every SCIM integration.
    const userId = typeof snapshot?.id === 'string' && snapshot.id !== '' ? snapshot.id : id;
    // The reference shows an empty object as the answer; a 204 with no body is accepted as well.
    await http.request('DELETE', target.user(userId), { query: remoteQuery });
    if (target.level === 'account') return { outcome: 'DELETED' };
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'workspace', id: context.host ?? '' } };
  },

  toUser: databricksToUser,

  after(user, result) {
    const after = impliedAfter(user, result);
    // The workspace's entitlements (and instance profiles) went with the workspace; the account
    // identity, its status and its account groups stay. ambiguous: workspace-local groups also go,
    // but SCIM does not say which listed groups are workspace-local, so groups are kept as read.
    return result.outcome === 'REMOVED_FROM_CONTAINER' ? { ...after, roles: [] } : after;
  },
});
