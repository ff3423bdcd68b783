/**
 * Cisco Meraki: revoke a Dashboard administrator's access to the organization (Dashboard API v1).
 * Meraki's "users" here are dashboard administrators of an organization.
 *
 * Calls (https://api.meraki.com/api/v1):
 *  - GET /organizations/{organizationId}/admins → 200 [admin] ("List the dashboard administrators in
 *    this organization"): the snapshot, found by admin id (or email address)
 *    https://developer.cisco.com/meraki/api-v1/get-organization-admins/
 *  - GET /networks/{networkId} → 200 network: `workspace_id` names a network of the organization;
 *    its `organizationId` must be the `organization_id` given (a mismatched pair stops the deletion)
 *    https://developer.cisco.com/meraki/api-v1/get-network/
 *  - DELETE /organizations/{organizationId}/admins/{adminId} → 204 ("Revoke all access for a
 *    dashboard administrator within this organization")
 *    https://developer.cisco.com/meraki/api-v1/delete-organization-admin/
 *  - GET /administered/identities/me → 200 { name, email, ... }: the administrator the API key
 *    belongs to, for the self-deletion guard
 *    https://developer.cisco.com/meraki/api-v1/get-administered-identities-me/
 * Auth: `Authorization: Bearer {API key}` (https://developer.cisco.com/meraki/api-v1/authorization/);
 * the key acts as the administrator who generated it.
 * Rate limits (https://developer.cisco.com/meraki/api-v1/rate-limit/): 10 calls per second per
 * organization; 429 with Retry-After (seconds).
 * Errors: `{ "errors": ["..."] }` with the HTTP status (400, 401, 403, 404, 429).
 *
 * What deletion means: every privilege of the administrator in this organization — organization
 * access, network and tag privileges — is revoked; the person's Meraki dashboard account remains
 * (it may administer other organizations) and can be granted access again. REMOVED_FROM_CONTAINER
 * (the organization).
 *
 * ambiguous: the spec requires both organization_id and workspace_id for Meraki. Meraki has
 * organizations and networks, and its only documented removal is organization-wide; workspace_id is
 * read as a network of that organization and checked to belong to it (a wrong pair names the wrong
 * organization), never used to narrow the revocation (a network-only removal would leave an
 * organization-wide administrator in place).
 * ambiguous: the regional dashboards (China api.meraki.cn, FedRAMP api.gov-meraki.com) are
 * offered as hosts; their API paths are documented as the same as api.meraki.com.
 * ambiguous: the dashboard refuses to remove the organization's last full administrator; the error
 * text is not documented, so Meraki's 400 is reported as is.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact, date, splitName } from '../core/map.js';
import { path } from '../core/path.js';
import type { DeleteUserParams, UserStatus } from '../core/types.js';

export interface MerakiAdmin {
  id: string;
  name?: string;
  email?: string;
  orgAccess?: 'full' | 'read-only' | 'enterprise' | 'none' | string;
  accountStatus?: 'ok' | 'pending' | 'locked' | 'unverified' | string;
  twoFactorAuthEnabled?: boolean;
  hasApiKey?: boolean;
  lastActive?: string | null;
  tags?: Array<{ tag: string; access: string }>;
  networks?: Array<{ id: string; access: string }>;
  authenticationMethod?: string;
  [k: string]: unknown;
}

/** The admin and the organization it was read in. */
export interface MerakiMember {
  admin: MerakiAdmin;
  organizationId: string;
}

const STATUS: Record<string, UserStatus> = { ok: 'ACTIVE', pending: 'INVITED', unverified: 'INVITED', locked: 'INACTIVE' };
const INTEGRATION = 'Cisco Meraki';

function org(params: DeleteUserParams): string {
  if (!params.organizationId) throw badInput('organization_id is required');
  return params.organizationId;
}

/** "2019-01-28 14:58:56 -0800" (Meraki's lastActive) → Date. */
function merakiDate(v: string | null | undefined): Date | undefined {
  if (!v) return undefined;
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)$/.exec(v);
  return date(m ? `${m[1]}T${m[2]}${m[3]}:${m[4]}` : v);
}

async function admins(http: VendorHttp, organizationId: string): Promise<MerakiAdmin[]> {
  return http.get<MerakiAdmin[]>(path`/organizations/${organizationId}/admins`);
}

const DOCS = 'https://developer.cisco.com/meraki/api-v1/delete-organization-admin/';

export const ciscoMeraki = defineProvider<MerakiMember>({
  name: 'Cisco Meraki',
  slug: 'cisco-meraki',
  docs: DOCS,
  baseUrl: 'https://{host}/api/v1',
  context: {
    host: {
      kind: 'enum',
      description: 'The Meraki dashboard API host: api.meraki.com (default), api.meraki.cn (China), api.gov-meraki.com (FedRAMP)',
      values: ['api.meraki.com', 'api.meraki.cn', 'api.gov-meraki.com'],
      default: 'api.meraki.com',
    },
  },
  auth: {
    api_key: {
      scheme: { kind: 'bearer', tokenField: 'apiKey' },
      description: 'Dashboard API key of an organization administrator with full organization access (My Profile > API access).',
      docs: 'https://developer.cisco.com/meraki/api-v1/authorization/',
    },
  },
  params: {
    organizationId: { use: 'required', note: 'The Meraki organization the administrator is revoked from' },
    workspaceId: { use: 'required', note: 'A network id of that organization, checked to belong to it (the revocation is organization-wide)' },
  },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'status', 'is2faEnabled', 'roles', 'organizations', 'workspaces', 'lastActiveAt'],
  rateLimit: { defaultWaitMs: 1_000 },
  semantics: {
    permanent: true,
    description:
      'All access of the dashboard administrator within this organization (organization, network and tag privileges) is revoked; their Meraki dashboard account remains and can be granted access again.',
    docs: DOCS,
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developer.cisco.com/meraki/api-v1/get-administered-identities-me/',
    async lookup({ http }) {
      const me = await http.get<{ name?: string; email?: string }>(path`/administered/identities/me`);
      return { ids: [me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email, params }) {
    const organizationId = org(params);
    return (await admins(http, organizationId)).filter((a) => a.email?.toLowerCase() === email.toLowerCase()).map((admin) => ({ admin, organizationId }));
  },

  async getUser({ http, id, params }) {
    const organizationId = org(params);
    const lower = id.toLowerCase();
    const admin = (await admins(http, organizationId)).find((a) => a.id === id || a.email?.toLowerCase() === lower);
    if (!admin) throw new AppError('NOT_FOUND', `no dashboard administrator of organization ${organizationId} has this id or email address`, { integration: INTEGRATION });
    return { admin, organizationId };
  },

  async deleteUser({ http, id, params, snapshot }) {
    const organizationId = org(params);
    const networkId = params.workspaceId;
    if (!networkId) throw badInput('workspace_id is required');
    const network = await http.get<{ id: string; organizationId?: string }>(path`/networks/${networkId}`);
    if (network.organizationId !== organizationId) {
      throw badInput(`workspace_id ${networkId} is a network of another Meraki organization than organization_id ${organizationId}`);
    }
    await http.request('DELETE', path`/organizations/${organizationId}/admins/${snapshot?.admin.id ?? id}`);
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: organizationId } };
  },

  // Revoked from the organization: no organization, network or tag privilege left there.
  after(user) {
    return { ...user, organizations: [], workspaces: [], roles: [] };
  },

  toUser({ admin, organizationId }) {
    const roles = [
      ...(admin.orgAccess && admin.orgAccess !== 'none' ? [{ name: admin.orgAccess, organization: organizationId }] : []),
      ...(admin.networks ?? []).map((n) => ({ name: n.access, organization: organizationId, workspace: n.id })),
      ...(admin.tags ?? []).map((t) => ({ id: `tag:${t.tag}`, name: t.access, organization: organizationId })),
    ];
    return compact({
      id: admin.id,
      ...splitName(admin.name),
      name: admin.name || undefined,
      emails: admin.email ? [{ email: admin.email, isPrimary: true }] : undefined,
      status: admin.accountStatus ? (STATUS[admin.accountStatus] ?? null) : undefined,
      rawStatus: admin.accountStatus,
      is2faEnabled: admin.twoFactorAuthEnabled,
      roles: roles.length ? roles : undefined,
      organizations: [{ id: organizationId }],
      workspaces: admin.networks?.length ? admin.networks.map((n) => ({ id: n.id })) : undefined,
      lastActiveAt: merakiDate(admin.lastActive),
    });
  },
});
