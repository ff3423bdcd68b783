/**
 * Elastic Cloud: remove a user's membership from the Elastic Cloud organization named by
 * `organizationId` (required). The Elastic Cloud user itself is not deleted by this API.
 *
 * Calls (https://api.elastic-cloud.com/api/v1, `Authorization: ApiKey {key}`):
 *  - GET /organizations/{organization_id}/members → {members: [{organization_id, user_id, name,
 *    email, member_since, role_assignments}]} (snapshot: the member whose user_id is the id; no
 *    single-member read is documented). https://www.elastic.co/docs/api/doc/cloud/operation/operation-list-organization-members
 *  - DELETE /organizations/{organization_id}/members/{user_ids} → 200; 404 with
 *    user.not_found / organization.not_found / organization.membership_not_found (also in the
 *    `x-cloud-error-codes` header). https://www.elastic.co/docs/api/doc/cloud/operation/operation-delete-organization-memberships
 *    `user_ids` is a "CSV list of User identifiers": an id containing a comma would remove several
 *    members, so such an id is refused before any call. The `force` query param ("effective only
 *    for Platform Admins") is never sent by us.
 *  - The lookup by email reads the same member list (it carries `email`).
 * Auth: https://www.elastic.co/docs/deploy-manage/api-keys/elastic-cloud-api-keys
 * Errors: `{errors: [{code, message, fields?}]}`, https://www.elastic.co/docs/api/doc/cloud
 *
 * Token owner: the Elastic Cloud API documents no "current user" call (GET /api/v1/user is
 * documented for Elastic Cloud Enterprise only) — see `tokenOwner`.
 * ambiguous: rate limits of the Elastic Cloud API are not documented; 429 with Retry-After is
 * honoured by the core, otherwise backoff. Refusals such as removing the last organization owner
 * are not documented; they keep their HTTP mapping with Elastic's message.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface ElasticMember {
  organization_id: string;
  user_id: string;
  name?: string | null;
  email?: string | null;
  member_since?: string | null;
  role_assignments?: Record<string, Array<{ role_id: string; organization_id?: string; [k: string]: unknown }> | undefined> | null;
  [k: string]: unknown;
}

function errorCode(body: unknown): string | undefined {
  const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const code = (errors[0] as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function checkUserId(id: string): void {
  if (id.includes(',')) {
    throw new AppError('BAD_USER_INPUT', 'An Elastic Cloud user id cannot contain a comma (the API reads a comma-separated list and would remove several members).', { integration: 'elastic-cloud' });
  }
}

/** The organization to remove from (required by the declaration; checked again so no path holds "undefined"). */
function orgOf(params: { organizationId?: string }): string {
  if (!params.organizationId) throw new AppError('BAD_USER_INPUT', 'Elastic Cloud requires organizationId', { integration: 'elastic-cloud', params: ['organizationId'] });
  return params.organizationId;
}

async function members(http: VendorHttp, org: string): Promise<ElasticMember[]> {
  const res = await http.get<{ members?: ElasticMember[] }>(path`/organizations/${org}/members`);
  return res.members ?? [];
}

export const elasticCloud = defineProvider<ElasticMember>({
  name: 'Elastic Cloud',
  slug: 'elastic-cloud',
  docs: 'https://www.elastic.co/docs/api/doc/cloud/operation/operation-delete-organization-memberships',
  baseUrl: 'https://api.elastic-cloud.com/api/v1',
  context: {},
  auth: {
    api_key: {
      scheme: { kind: 'headers', headers: { Authorization: 'ApiKey {apiKey}' } },
      description: 'An Elastic Cloud API key with the Organization owner role.',
      docs: 'https://www.elastic.co/docs/deploy-manage/api-keys/elastic-cloud-api-keys',
    },
  },
  params: { organizationId: { use: 'required', note: 'The Elastic Cloud organization to remove the user from' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'name', 'emails', 'status', 'roles', 'organizations'],
  errors: {
    code: errorCode,
    bodyLevel: false,
    table: {
      'user.not_found': 'NOT_FOUND',
      'organization.not_found': 'NOT_FOUND',
      'organization.membership_not_found': 'NOT_FOUND',
    },
    docs: 'https://www.elastic.co/docs/api/doc/cloud/operation/operation-delete-organization-memberships',
  },
  semantics: {
    permanent: true,
    description:
      "The user's membership of the Elastic Cloud organization is removed, with the roles it gave them on the organization and its deployments and projects; their Elastic Cloud user is not deleted. No restore: they must be invited again.",
    docs: 'https://www.elastic.co/docs/deploy-manage/users-roles/cloud-organization/manage-users',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'The Elastic Cloud API documents no "current user" call for an API key (GET /api/v1/user is documented for Elastic Cloud Enterprise only); Elastic Cloud API keys carry their own role assignments in the organization.',
  },

  async findUsers({ http, email, params }) {
    const wanted = email.toLowerCase();
    return (await members(http, orgOf(params))).filter((m) => m.email?.toLowerCase() === wanted);
  },

  async getUser({ http, id, params }) {
    checkUserId(id);
    const member = (await members(http, orgOf(params))).find((m) => m.user_id === id);
    if (!member) {
      throw new AppError('NOT_FOUND', `Elastic Cloud has no member ${id} in organization ${params.organizationId}`, { integration: 'elastic-cloud' });
    }
    return member;
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const org = orgOf(params);
    const userId = snapshot?.user_id ?? id;
    checkUserId(userId);
    await http.request('DELETE', path`/organizations/${org}/members/${userId}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: org } };
  },

  after(user) {
    return { ...user, status: null, rawStatus: null, roles: [], organizations: [] };
  },

  toUser(m) {
    const roles = Object.entries(m.role_assignments ?? {}).flatMap(([scope, list]) =>
      (list ?? []).map((r) => ({ id: r.role_id, name: r.role_id, organization: scope === 'organization' ? r.role_id : null })),
    );
    return compact({
      id: m.user_id,
      name: m.name ?? undefined,
      emails: m.email ? [{ email: m.email, type: 'work', isPrimary: true }] : undefined,
      // Listed members are members (invitations are a separate resource).
      status: 'ACTIVE',
      rawStatus: 'member',
      roles,
      organizations: [{ id: m.organization_id }],
    });
  },
});
