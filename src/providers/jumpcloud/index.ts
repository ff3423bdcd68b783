/**
 * JumpCloud: delete the system user (API v1). The deletion is permanent: the user record is
 * removed from the organization (the alternative, suspension, is a PUT with `suspended: true`
 * and is not what the spec's deleteUser asks for).
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
 *  - JumpCloud has no license object on a user. It bills per user record in the organization
 *    (https://jumpcloud.com/support/faq-billing-charges-and-invoices), so `licenses` carries one
 *    "JumpCloud user" seat in the user's organization: our reading, stated in the mapping.
 *  - Ids are 24-hex-digit object ids (`_id`); anything else is refused before any call, so a
 *    username can never be taken for an id.
 */
import { badInput } from '../../errors.js';
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
  created?: string;
  [k: string]: unknown;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** `state` (STAGED | ACTIVATED | SUSPENDED) → unified status; `suspended: true` wins. */
const STATUS: Record<string, UserStatus> = { ACTIVATED: 'ACTIVE', SUSPENDED: 'INACTIVE', STAGED: 'INVITED' };

/** The one license a JumpCloud user holds: a user seat of the organization (see above). */
export const JUMPCLOUD_SEAT = { id: 'jumpcloud-user', name: 'JumpCloud user' } as const;

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
    'organizations', 'licenses', 'userType', 'createdAt',
  ],

  getUser({ http, id, context }) {
    return http.get<JumpCloudUser>(path`/systemusers/${checkId(id)}`, { headers: orgHeader(context) });
  },

  async deleteUser({ http, id, context, remoteQuery, snapshot }) {
    const res = await http.request<JumpCloudUser | undefined>('DELETE', path`/systemusers/${checkId(id)}`, {
      query: remoteQuery,
      headers: orgHeader(context),
    });
    // The answer is the deleted user (systemuserreturn); a dry run or an empty answer has none.
    const after = res.body && typeof res.body === 'object' && typeof res.body._id === 'string' ? res.body : undefined;
    return { outcome: 'DELETED', user: after && snapshot ? { ...snapshot, ...after } : (after ?? snapshot) };
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
      // Every user record is a billed seat of its organization (our reading, see the header).
      licenses: u.organization ? [{ ...JUMPCLOUD_SEAT, organizationId: u.organization }] : [{ ...JUMPCLOUD_SEAT }],
      createdAt: date(u.created),
    });
  },
});
