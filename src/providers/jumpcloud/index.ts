/**
 * JumpCloud: delete the system user (API v1). The deletion is permanent: the user record is
 * removed from the organization, and "Deleting any object within your JumpCloud org is
 * permanent. You can't recover or restore an object once it's been deleted"
 * (https://jumpcloud.com/support/delete-org). The alternative, suspension, is a PUT with
 * `suspended: true` and is not what the spec's deleteUser asks for.
 *
 * Self-deletion guard:
 *  - No self-alias: /systemusers/{id} takes the user's `_id` only (24 hex digits, checked); the
 *    description documents no `me`/`self` for it.
 *  - Token owner: unavailable. The API key belongs to an administrator ("This API key is
 *    associated to the currently logged in administrator", description "API Key Considerations"),
 *    and administrators are accounts of their own, "separate from the user accounts listed in
 *    USER MANAGEMENT > Users" (https://jumpcloud.com/support/secure-admin-portal-logins). Neither
 *    API documents a call naming the administrator behind a key (`/users/getSelf` is listed in the
 *    description without any operation).
 *  - But an administrator can be created from (or matched to) a user with the same email, one
 *    identity; then "If a user account is deleted, then the admin account is automatically
 *    deleted" (https://jumpcloud.com/support/faq-give-user-an-admin-role). Such a user carries the
 *    admin role in `admin` ({ id, roleName, roleNames } on systemuserreturn). Since the key's
 *    administrator cannot be told apart, deleting a user that holds an admin role is refused
 *    (FAILED_PRECONDITION, no DELETE): revoke the admin role first ("If the admin role is ever
 *    revoked, the user identity is preserved", same page) or delete them in the Admin Portal.
 *    ambiguous: the description gives `admin` no description; it is read as set (an id or a role
 *    name) for users holding an admin role and null otherwise.
 *
 * Calls (JumpCloud API v1, Swagger 2.0 in test/contracts/jumpcloud-v1.json, basePath /api):
 *  - GET /api/systemusers/{id} → 200 systemuserreturn (snapshot)            operationId User_Get
 *    https://docs.jumpcloud.com/api/1.0/index.html#tag/Systemusers/operation/systemusers_get
 *  - DELETE /api/systemusers/{id} → 200 systemuserreturn (the deleted user)  operationId User_Delete
 *    https://docs.jumpcloud.com/api/1.0/index.html#tag/Systemusers/operation/systemusers_delete
 * Auth: `x-api-key: {API key}` of an administrator (description "API Key" section); a
 * multi-tenant (MSP) administrator must also send `x-org-id: {organization id}` on every call
 * ("Multi-Tenant Portal Headers" section); single-tenant administrators do not need it.
 * Host: console.jumpcloud.com, or console.eu.jumpcloud.com for organizations in the EU data
 * centre (description Overview note; `x-ms-parameterized-host` enum console | console.eu).
 * Rate limits: JumpCloud answers 429 and documents no reset header
 * (https://jumpcloud.com/support/best-practices-jumpcloud-api); the shared client backs off
 * and honours Retry-After if one is sent.
 *
 * Ambiguities (also in docs/vendors/jumpcloud.md):
 *  - A user who is the Manager of other users cannot be deleted without `cascade_manager`
 *    (https://jumpcloud.com/support/use-the-manager-attribute-in-admin-portal-and-api). The
 *    query parameter appears in the description's x-codeSamples but not in the operation's
 *    parameters. We never send it on our own (it rewrites other users' Manager attribute); a
 *    caller passes it as remote_query[cascade_manager]=null|{managerId} and it reaches the
 *    DELETE unchanged. Without it JumpCloud's refusal is returned as REMOTE_ERROR.
 *  - JumpCloud has no license object on a user (it bills per user record,
 *    https://jumpcloud.com/support/faq-billing-charges-and-invoices): `licenses` is not mapped.
 *  - Ids are 24-hex-digit object ids (`_id`); anything else is refused before any call, so a
 *    username can never be taken for an id.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface JumpCloudUser {
  _id: string;
  username?: string;
  email?: string;
  alternateEmail?: string;
  firstname?: string;
  middlename?: string;
  lastname?: string;
  displayname?: string;
  jobTitle?: string;
  employeeType?: string;
  organization?: string;
  state?: 'STAGED' | 'ACTIVATED' | 'SUSPENDED' | string;
  activated?: boolean;
  suspended?: boolean;
  account_locked?: boolean;
  totp_enabled?: boolean;
  mfa?: { configured?: boolean; exclusion?: boolean } | null;
  phoneNumbers?: Array<{ id?: string; number?: string; type?: string }>;
  /** The admin role this user holds (an administrator created from or matched to the user), null otherwise. */
  admin?: { id?: string; roleName?: string; roleNames?: string[] } | null;
  created?: string;
  [k: string]: unknown;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** `state` (STAGED | ACTIVATED | SUSPENDED) → unified status; `suspended: true` wins. */
const STATUS: Record<string, UserStatus> = { ACTIVATED: 'ACTIVE', SUSPENDED: 'INACTIVE', STAGED: 'INVITED' };

/** The admin role a user holds, when JumpCloud says it holds one (see the header). */
export function adminRoleOf(u: JumpCloudUser | undefined): string | undefined {
  const a = u?.admin;
  if (!a || typeof a !== 'object') return undefined;
  const names = [a.roleName, ...(Array.isArray(a.roleNames) ? a.roleNames : [])].filter((n): n is string => typeof n === 'string' && n !== '');
  if (names.length > 0) return names[0];
  return typeof a.id === 'string' && a.id !== '' ? 'administrator' : undefined;
}

function orgHeader(context: Readonly<Record<string, string>>): Record<string, string> | undefined {
  return context.orgId ? { 'x-org-id': context.orgId } : undefined;
}

function checkId(id: string): string {
  if (!OBJECT_ID.test(id)) throw badInput(`JumpCloud user ids are 24 hexadecimal digits (the user's _id); "${id.slice(0, 40)}" is not one`);
  return id;
}

export const jumpcloud = defineProvider<JumpCloudUser>({
  name: 'JumpCloud',
  slug: 'jumpcloud',
  docs: 'https://docs.jumpcloud.com/api/1.0/index.html#tag/Systemusers/operation/systemusers_delete',
  baseUrl: 'https://{host}/api',
  context: {
    host: {
      kind: 'enum',
      description: 'Console API host: console.jumpcloud.com, or console.eu.jumpcloud.com for organizations in the EU data centre',
      values: ['console.jumpcloud.com', 'console.eu.jumpcloud.com'],
      default: 'console.jumpcloud.com',
    },
    orgId: {
      kind: 'id',
      description: 'Organization id sent as x-org-id; required for multi-tenant (MSP) administrators, omitted otherwise',
      example: '5f1e7c2b9d8a4b0012c3d4e5',
      pattern: OBJECT_ID,
      optional: true,
    },
  },
  auth: {
    api_key: {
      scheme: { kind: 'headers', headers: { 'x-api-key': '{apiKey}' } },
      description: 'The API key of a JumpCloud administrator allowed to manage users (Admin Portal → username menu → My API Key).',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: [
    'id', 'firstName', 'lastName', 'name', 'username', 'title', 'emails', 'phones', 'status', 'is2faEnabled',
    'organizations', 'userType', 'createdAt',
  ],
  semantics: {
    permanent: true,
    description:
      'The user record is removed from the organization; JumpCloud cannot restore it ("Deleting any object within your JumpCloud org is permanent"). A user who is also an administrator (one identity) is refused, since JumpCloud would delete the admin account with it.',
    docs: 'https://jumpcloud.com/support/delete-org',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'The API key belongs to a JumpCloud administrator, an account separate from system users, and neither API documents a call naming the administrator behind a key. An administrator that is one identity with a user (same email) goes with that user, so deleting any user that holds an admin role is refused instead.',
  },

  getUser({ http, id, context }) {
    return http.get<JumpCloudUser>(path`/systemusers/${checkId(id)}`, { headers: orgHeader(context) });
  },

  async deleteUser({ http, id, context, remoteQuery, snapshot }) {
    checkId(id);
    const role = adminRoleOf(snapshot);
    if (role !== undefined) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `this JumpCloud user also holds the admin role "${role}": JumpCloud deletes the admin account with the user, and it cannot say whether that administrator owns this account's API key (self-deletion guard). Revoke the admin role in the Admin Portal (Settings > Administrators) first, or delete the user there.`,
        { integration: 'JumpCloud', reason: 'USER_IS_ADMINISTRATOR' },
      );
    }
    // The DELETE of the user the snapshot read (the same `_id`). JumpCloud answers with the
    // record as it was when removed (systemuserreturn); its `state` describes the user before
    // the deletion, so it is not used as the user after it: the user is gone (DELETED), and the
    // answer stays available as the raw response.
    await http.request('DELETE', path`/systemusers/${snapshot?._id ?? id}`, { query: remoteQuery, headers: orgHeader(context) });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const name = u.displayname || [u.firstname, u.lastname].filter(Boolean).join(' ') || undefined;
    const rawStatus = u.suspended === true && u.state !== 'SUSPENDED' ? 'SUSPENDED' : u.state;
    const emails = [
      ...(u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : []),
      ...(u.alternateEmail && u.alternateEmail !== u.email ? [{ email: u.alternateEmail, type: 'alternate', isPrimary: false }] : []),
    ];
    const phones = (u.phoneNumbers ?? []).filter((p) => p.number).map((p) => ({ number: p.number as string, type: p.type ?? null }));
    const mfaKnown = u.mfa?.configured !== undefined || u.totp_enabled !== undefined;
    return compact({
      id: u._id,
      firstName: u.firstname || undefined,
      lastName: u.lastname || undefined,
      name,
      username: u.username || undefined,
      title: u.jobTitle || undefined,
      userType: u.employeeType || undefined,
      emails: emails.length ? emails : undefined,
      phones: phones.length ? phones : undefined,
      status: rawStatus ? (STATUS[rawStatus] ?? null) : undefined,
      rawStatus,
      is2faEnabled: mfaKnown ? u.mfa?.configured === true || u.totp_enabled === true : undefined,
      organizations: u.organization ? [{ id: u.organization }] : undefined,
      createdAt: date(u.created),
    });
  },
});
