/**
 * Atlassian (Cloud organization): remove a user from a directory of the organization with the
 * Organizations REST API v2. The Atlassian account belongs to the person (or, for a managed
 * account, to the organization's claimed domain) and stays; they lose access to the organization's
 * apps and stop being billed.
 *
 * Choice among the documented removals (https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/):
 *  - "Remove user from directory" — chosen: "Remove a user from a directory if you don't want them
 *    to appear in your directory or have access to your apps anymore. You're not billed for a user
 *    once they're removed. You must invite the user to your organization again if you want to
 *    reinstate their access to your apps. You'll need to assign their roles and group memberships
 *    again." It works for every account, managed or not.
 *  - "Suspend user access" (POST …/suspend) keeps roles and groups for a restore: an offboarding
 *    that keeps access restorable is not what deleteUser asks for.
 *  - Deleting the Atlassian account itself (user management API `lifecycle/delete`) applies to
 *    managed accounts only and reaches beyond the organization; not offered.
 *  - The v1 "Remove user access" (DELETE /admin/v1/orgs/{orgId}/directory/users/{accountId}) works
 *    only for organizations on the new user management experience (https://jira.atlassian.com/browse/ID-8902).
 *
 * Calls (base https://api.atlassian.com; paths and fields as in Atlassian's OpenAPI description,
 * generated into MrRefactoring/jira.js `src/admin/api/users.ts` and `models/multiDirectoryUserDetailsData.ts`):
 *  1. GET /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId} → `{ data: user }`.
 *     https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/#api-v2-orgs-orgid-directories-directoryid-users-accountid-get
 *  2. DELETE /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId} → 204.
 *     https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/#api-v2-orgs-orgid-directories-directoryid-users-accountid-delete
 *  - POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/search `{ emails: [..] }` —
 *    "Use `emails` for exact-match filtering by full email addresses": the lookup by email (a read).
 * Auth: `Authorization: Bearer <organization API key>` (https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/).
 * Rate limits: the Organizations API reference lists 429 answers but no headers of its own.
 * ambiguous: the Retry-After header Atlassian's Cloud REST APIs send with a 429
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/) is honoured when present,
 * otherwise exponential backoff.
 *
 * Self-deletion guard: an organization API key belongs to the organization, not to a user
 * (tokenOwner unavailable); the API documents no alias of an account id.
 * ambiguous: removing the last organization admin is not described; Atlassian's refusal is reported
 * as the error. Users synced from an identity provider (`managementSource: "synced"`) may be added
 * back by the next sync: remove them in the identity provider too.
 */
import { AppError } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface AtlassianUserData {
  accountId?: string;
  accountType?: string;
  status?: string;
  accountStatus?: string;
  membershipStatus?: string;
  addedToOrg?: string;
  deactivatedOn?: string | null;
  name?: string;
  nickname?: string;
  email?: string;
  emailVerified?: boolean;
  claimStatus?: string;
  platformRoles?: string[];
  picture?: string;
  avatar?: string;
  managementSource?: string | null;
  mfaEnabled?: boolean;
  jobTitle?: string;
  department?: string | null;
  organization?: string | null;
  location?: string | null;
  timeZone?: string | null;
  [k: string]: unknown;
}

export interface AtlassianUser {
  data?: AtlassianUserData;
}

const STATUS: Record<string, UserStatus> = { active: 'ACTIVE', suspended: 'INACTIVE', no_membership: 'INACTIVE' };
const UUID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/;

function base(context: Readonly<Record<string, string>>) {
  return { org: context.orgId as string, dir: context.directoryId as string };
}

export const atlassian = defineProvider<AtlassianUser>({
  name: 'Atlassian',
  slug: 'atlassian',
  docs: 'https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/#api-v2-orgs-orgid-directories-directoryid-users-accountid-delete',
  baseUrl: 'https://api.atlassian.com',
  context: {
    orgId: { kind: 'id', description: 'Atlassian organization id (from admin.atlassian.com/o/{orgId})', example: '9a1jj823-jac8-123d-jj01-63315k059cb2', pattern: UUID },
    directoryId: {
      kind: 'id',
      description: 'The directory of the organization the user is in (Get directories: GET /admin/v2/orgs/{orgId}/directories)',
      example: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    },
  },
  auth: {
    api_key: {
      scheme: { kind: 'bearer', tokenField: 'apiKey' },
      description: 'An organization API key (Atlassian Administration > Settings > API keys) with user management access.',
      docs: 'https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'identifiers', 'name', 'username', 'emails', 'status', 'isEmailVerified', 'is2faEnabled', 'roles', 'userType', 'title', 'avatar', 'timezone', 'createdAt'],
  semantics: {
    permanent: true,
    description:
      "The user is removed from the organization's directory: they lose access to the organization's apps and are no longer billed; their Atlassian account stays. Reinstating them means inviting them again and assigning their roles and group memberships again.",
    docs: 'https://developer.atlassian.com/cloud/admin/organization/rest/api-group-users/#api-v2-orgs-orgid-directories-directoryid-users-accountid-delete',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      "An Atlassian organization API key is the organization's credential, not a user's (https://support.atlassian.com/organization-administration/docs/manage-an-organization-with-the-admin-apis/); the Organizations API has no call naming a user behind it.",
  },

  async findUsers({ http, email, context }) {
    const { org, dir } = base(context);
    const page = await http.post<{ data?: AtlassianUserData[] }>(path`/admin/v2/orgs/${org}/directories/${dir}/users/search`, {
      json: { emails: [email], limit: 100 },
    });
    return (page.data ?? []).filter((u) => u.email?.toLowerCase() === email.toLowerCase()).map((data) => ({ data }));
  },

  async getUser({ http, id, context }) {
    const { org, dir } = base(context);
    const user = await http.get<AtlassianUser>(path`/admin/v2/orgs/${org}/directories/${dir}/users/${id}`);
    if (!user?.data) throw new AppError('REMOTE_ERROR', 'Atlassian answered the user read without a user', { integration: 'atlassian' });
    return user;
  },

  async deleteUser({ http, id, context, remoteQuery }) {
    const { org, dir } = base(context);
    await http.request('DELETE', path`/admin/v2/orgs/${org}/directories/${dir}/users/${id}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: org } };
  },

  // The membership and the admin roles held in the organization are gone; the account stays.
  after(user) {
    return { ...user, status: 'INACTIVE', rawStatus: 'no_membership', roles: [] };
  },

  toUser({ data: u = {} }, { id }) {
    const rawStatus = u.membershipStatus;
    return compact({
      id: u.accountId ?? id,
      identifiers: { accountId: u.accountId ?? id, claimStatus: u.claimStatus ?? null, managementSource: u.managementSource ?? null },
      name: u.name || undefined,
      username: u.nickname || undefined,
      emails: u.email ? [{ email: u.email, isPrimary: true }] : undefined,
      status: rawStatus ? (STATUS[rawStatus] ?? null) : undefined,
      rawStatus,
      isEmailVerified: typeof u.emailVerified === 'boolean' ? u.emailVerified : undefined,
      is2faEnabled: typeof u.mfaEnabled === 'boolean' ? u.mfaEnabled : undefined,
      roles: u.platformRoles?.length ? u.platformRoles.map((r) => ({ id: r, name: r })) : undefined,
      userType: u.accountType,
      title: u.jobTitle || undefined,
      avatar: u.picture || u.avatar || undefined,
      timezone: u.timeZone || undefined,
      createdAt: date(u.addedToOrg),
    });
  },
});
