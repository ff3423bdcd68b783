/**
 * DocuSign eSignature: close the user in the account. DocuSign never deletes users: "This closes one
 * or more user records in the account. Users are never deleted from an account, but closing a user
 * prevents them from using account functions" (Users:delete).
 *
 * Calls (eSignature REST API v2.1, https://{base_uri host}/restapi/v2.1; checked against DocuSign's
 * Swagger description of the same operations in v2, test/contracts/esignature.rest.swagger-v2.json):
 *  - GET /accounts/{accountId}/users/{userId} → 200 userInformation (User:get, snapshot)
 *    https://developers.docusign.com/docs/esign-rest-api/reference/users/users/get/
 *  - DELETE /accounts/{accountId}/users with the body { "users": [{ "userId": … }] } → 200
 *    usersResponse, each user with `userStatus: "closed"` or an `errorDetails` (Users:delete)
 *    https://developers.docusign.com/docs/esign-rest-api/reference/users/users/delete/
 *  - GET /accounts/{accountId}/users?email={email} → 200 userInformationList (Users:list): lookup by email
 *    https://developers.docusign.com/docs/esign-rest-api/reference/users/users/list/
 *  - GET https://account.docusign.com/oauth/userinfo (account-d.docusign.com for demo): who the
 *    access token of the authorization-code method belongs to
 *    https://developers.docusign.com/platform/auth/reference/user-info/
 * Auth: JWT Grant (integration key, RSA key, `userId` = the impersonated administrator, scopes
 * signature impersonation; the account's base URI host comes from /oauth/userinfo), or an
 * authorization-code access token of an administrator (context.host then required).
 * Errors: 400/401 `{ "errorCode", "message" }`; in the DELETE's 200 answer, per user
 * `errorDetails: { errorCode, message }` (read as a body-level error).
 * Rate limits (https://developers.docusign.com/platform/account/api-resource-limits/): hourly
 * limits; 429 with X-RateLimit-Reset (Unix epoch seconds) and X-RateLimit-Remaining.
 *
 * What deletion means: the user is closed (DEACTIVATED): they can no longer sign in or use the account,
 * their envelopes stay in the account, and an administrator can reopen (reactivate) the user — not
 * permanent. A user already closed is left as is (ALREADY_DEACTIVATED).
 *
 * ambiguous: the error code for an unknown user id is not listed on the reference pages; the codes
 * DocuSign answers for it (USER_DOES_NOT_EXIST_IN_SYSTEM, INVALID_USERID) are both read as NOT_FOUND.
 * ambiguous: the user fixture is built from the userInformation schema (no example is published in the
 * Swagger description); values are illustrative of the documented field formats.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface DocuSignUser {
  userId: string;
  userName?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  userType?: string;
  userStatus?: string;
  isAdmin?: string;
  permissionProfileId?: string;
  permissionProfileName?: string;
  jobTitle?: string;
  title?: string;
  createdDateTime?: string;
  lastLogin?: string;
  groupList?: Array<{ groupId?: string; groupName?: string; groupType?: string }>;
  errorDetails?: { errorCode?: string; message?: string };
  [k: string]: unknown;
}

const STATUS: Record<string, UserStatus> = {
  active: 'ACTIVE',
  activationrequired: 'INVITED',
  activationsent: 'INVITED',
  created: 'INVITED',
  closed: 'INACTIVE',
  disabled: 'INACTIVE',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PAGES = 20;

function accountOf(context: Readonly<Record<string, string>>): string {
  const a = context.accountId;
  if (!a) throw badInput('context.accountId is required');
  return a;
}

function userId(id: string): string {
  if (!UUID.test(id)) throw badInput('a DocuSign user id is a GUID (the userId of the account user)');
  return id;
}

const DOCS = 'https://developers.docusign.com/docs/esign-rest-api/reference/users/users/delete/';

export const docusign = defineProvider<DocuSignUser>({
  name: 'DocuSign',
  slug: 'docusign',
  docs: DOCS,
  baseUrl: 'https://{host}/restapi/v2.1',
  context: {
    host: {
      kind: 'hostname',
      description: 'eSignature base URI host returned by /oauth/userinfo (the jwt method reads it there itself)',
      example: 'na3.docusign.net',
      endsWith: ['.docusign.net'],
      optional: true,
    },
    accountId: { kind: 'id', description: 'eSignature account id (GUID)', example: 'f0f1e2d3-c4b5-a697-8879-6a5b4c3d2e1f', pattern: UUID },
  },
  auth: {
    jwt: {
      scheme: {
        kind: 'jwt_bearer',
        tokenUrl: 'https://account.docusign.com/oauth/token',
        claims: { iss: '{integrationKey}', sub: '{userId}', aud: '{tokenHost}' },
        scopes: ['signature', 'impersonation'],
        lifetimeSeconds: 3600,
        actsAs: 'userId',
        lookup: { url: 'userinfo', provides: { host: { path: 'accounts[account_id={accountId}].base_uri', as: 'host' } } },
      },
      description:
        'JWT Grant: an integration key with an RSA key pair (privateKey), userId = the API username (GUID) of an account administrator who granted consent to signature impersonation. The base URI of context.accountId is read from /oauth/userinfo. Demo accounts: tokenUrl https://account-d.docusign.com/oauth/token.',
      docs: 'https://developers.docusign.com/platform/auth/jwt-get-token/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://account.docusign.com/oauth/token', scopes: ['signature', 'extended'] },
      description: 'Authorization code grant of an account administrator (context.host required).',
      docs: 'https://developers.docusign.com/platform/auth/authcode/',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'firstName', 'lastName', 'name', 'title', 'emails', 'status', 'roles', 'groups', 'userType', 'createdAt', 'lastLoginAt'],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'epoch-seconds' },
  errors: {
    code: (body) => {
      const b = body as { errorCode?: unknown; users?: Array<{ errorDetails?: { errorCode?: unknown } }> } | undefined;
      if (!b || typeof b !== 'object') return undefined;
      if (typeof b.errorCode === 'string') return b.errorCode;
      const perUser = Array.isArray(b.users) ? b.users.find((u) => u?.errorDetails?.errorCode)?.errorDetails?.errorCode : undefined;
      return typeof perUser === 'string' ? perUser : undefined;
    },
    bodyLevel: true,
    table: {
      USER_DOES_NOT_EXIST_IN_SYSTEM: 'NOT_FOUND',
      INVALID_USERID: 'NOT_FOUND',
      USER_NOT_FOUND: 'NOT_FOUND',
      AUTHORIZATION_INVALID_TOKEN: 'TOKEN_EXPIRED',
      USER_AUTHENTICATION_FAILED: 'REAUTH_REQUIRED',
      PARTNER_AUTHENTICATION_FAILED: 'REAUTH_REQUIRED',
      USER_LACKS_PERMISSIONS: 'FORBIDDEN',
      USER_LACKS_MEMBERSHIP: 'FORBIDDEN',
      ACCOUNT_LACKS_PERMISSIONS: 'FORBIDDEN',
      HOURLY_APIINVOCATION_LIMIT_EXCEEDED: 'RATE_LIMITED',
      BURST_APIINVOCATION_LIMIT_EXCEEDED: 'RATE_LIMITED',
    },
    docs: 'https://developers.docusign.com/docs/esign-rest-api/esign101/error-codes/',
  },
  semantics: {
    permanent: false,
    description:
      'The user is closed: they can no longer sign in or use account functions; DocuSign never deletes account users, their envelopes stay in the account, and an administrator can reactivate the user.',
    docs: DOCS,
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://developers.docusign.com/platform/auth/reference/user-info/',
    async lookup({ http, subject }) {
      // JWT Grant: the token acts as the impersonated administrator (the `sub` claim, a userId GUID).
      if (subject) return { ids: [subject] };
      const host = http.base.hostname;
      const origin = host.endsWith('.docusign.net') ? (host.startsWith('demo.') ? 'https://account-d.docusign.com' : 'https://account.docusign.com') : http.base.origin;
      const me = await http.get<{ sub?: string; email?: string }>(path`/oauth/userinfo`, { origin });
      return { ids: [me.sub, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email, context }) {
    const out: DocuSignUser[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<{ users?: DocuSignUser[]; endPosition?: string; totalSetSize?: string; nextUri?: string }>(path`/accounts/${accountOf(context)}/users`, {
        query: { email, count: 100, start_position: page * 100 },
      });
      for (const u of res.users ?? []) if (u.email?.toLowerCase() === email.toLowerCase()) out.push(u);
      if (!res.nextUri) return out;
    }
    return out;
  },

  getUser({ http, id, context }) {
    return http.get<DocuSignUser>(path`/accounts/${accountOf(context)}/users/${userId(id)}`);
  },

  async deleteUser({ http, id, context, snapshot }) {
    if (snapshot?.userStatus?.toLowerCase() === 'closed') return { outcome: 'ALREADY_DEACTIVATED' };
    const res = await http.request<{ users?: DocuSignUser[] }>('DELETE', path`/accounts/${accountOf(context)}/users`, { json: { users: [{ userId: userId(id) }] } });
    const closed = res.body?.users?.find((u) => u.userId?.toLowerCase() === id.toLowerCase());
    if (!closed) throw new AppError('REMOTE_ERROR', 'DocuSign answered the closing without the user', { integration: 'DocuSign' });
    return { outcome: 'DEACTIVATED', user: snapshot ? { ...snapshot, userStatus: closed.userStatus ?? 'closed' } : closed };
  },

  toUser(u) {
    const roles = [
      ...(u.permissionProfileName || u.permissionProfileId ? [{ id: u.permissionProfileId ?? null, name: u.permissionProfileName ?? null }] : []),
      ...(String(u.isAdmin).toLowerCase() === 'true' ? [{ name: 'Administrator' }] : []),
    ];
    const groups = (u.groupList ?? []).filter((g) => g.groupId).map((g) => ({ id: g.groupId as string, name: g.groupName ?? null }));
    return compact({
      id: u.userId,
      firstName: u.firstName || undefined,
      lastName: u.lastName || undefined,
      name: u.userName || [u.firstName, u.lastName].filter(Boolean).join(' ') || undefined,
      title: u.jobTitle || undefined,
      emails: u.email ? [{ email: u.email, isPrimary: true }] : undefined,
      status: u.userStatus ? (STATUS[u.userStatus.toLowerCase()] ?? null) : undefined,
      rawStatus: u.userStatus,
      roles: roles.length ? roles : undefined,
      groups: groups.length ? groups : undefined,
      userType: u.userType || undefined,
      createdAt: date(u.createdDateTime),
      lastLoginAt: date(u.lastLogin),
    });
  },
});
