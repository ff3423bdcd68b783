/**
 * Okta: deactivate, then delete. A DELETE on a user that is not DEPROVISIONED only deactivates
 * it, so the flow is explicit: deactivate when needed, then the DELETE that removes the user.
 *
 * Calls (Okta Management API, test/contracts/okta.yaml):
 *  - GET /api/v1/users/{id} (snapshot; id, login or short login)
 *    https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/getUser
 *  - POST /api/v1/users/{id}/lifecycle/deactivate (200, no body)
 *    https://developer.okta.com/docs/api/openapi/okta-management/management/tag/UserLifecycle/#tag/UserLifecycle/operation/deactivateUser
 *  - DELETE /api/v1/users/{id} (204)
 *    https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/deleteUser
 *  - GET /api/v1/users/me — the user the API token (or OAuth token) belongs to, for the
 *    self-deletion guard; `me` is also refused as an id ("You can substitute `me` for the `id` to
 *    fetch the current user linked to an API token", getUser in test/contracts/okta.yaml).
 * Rate limits: 429 with X-Rate-Limit-Reset (UTC epoch seconds),
 * https://developer.okta.com/docs/reference/rl-best-practices/
 * Deleting is permanent: "Deletes a user permanently ... This action cannot be recovered!" 
 *
 * `remote_query` (e.g. sendEmail=true) goes to both lifecycle calls unchanged.
 * Ambiguity: DELETE answers 204 whether it deactivated or deleted; we only send it after the
 * user is DEPROVISIONED (from the snapshot or our own deactivate call), which the docs say deletes.
 */
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface OktaUser {
  id: string;
  status: string;
  created?: string | null;
  activated?: string | null;
  statusChanged?: string | null;
  lastLogin?: string | null;
  lastUpdated?: string | null;
  passwordChanged?: string | null;
  type?: { id: string };
  profile: {
    login?: string;
    firstName?: string | null;
    lastName?: string | null;
    displayName?: string | null;
    nickName?: string | null;
    email?: string | null;
    secondEmail?: string | null;
    mobilePhone?: string | null;
    primaryPhone?: string | null;
    preferredLanguage?: string | null;
    locale?: string | null;
    timezone?: string | null;
    title?: string | null;
    userType?: string | null;
    organization?: string | null;
    profileUrl?: string | null;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

const STATUS: Record<string, UserStatus> = {
  ACTIVE: 'ACTIVE',
  RECOVERY: 'ACTIVE',
  PASSWORD_EXPIRED: 'ACTIVE',
  LOCKED_OUT: 'ACTIVE',
  STAGED: 'INVITED',
  PROVISIONED: 'INVITED',
  SUSPENDED: 'INACTIVE',
  DEPROVISIONED: 'INACTIVE',
};

export const okta = defineProvider<OktaUser>({
  name: 'Okta',
  slug: 'okta',
  docs: 'https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/deleteUser',
  baseUrl: 'https://{domain}',
  context: {
    domain: {
      kind: 'hostname',
      description: 'The Okta org domain (a custom domain goes in baseUrl, on an account an admin marked self-hosted)',
      example: 'acme.okta.com',
      endsWith: ['.okta.com', '.oktapreview.com', '.okta-emea.com', '.okta-gov.com', '.okta.mil'],
    },
  },
  auth: {
    api_token: {
      scheme: { kind: 'headers', headers: { Authorization: 'SSWS {apiToken}' } },
      description: 'An Okta API token of an administrator allowed to manage users.',
    },
    oauth: {
      scheme: {
        kind: 'oauth2',
        grant: 'authorization_code',
        tokenUrl: 'https://{domain}/oauth2/v1/token',
        scopes: ['okta.users.read', 'okta.users.manage'],
      },
      description: 'An OAuth 2.0 access token for the Okta Management API (org authorization server) with okta.users.read and okta.users.manage.',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: [
    'id', 'firstName', 'lastName', 'name', 'username', 'emails', 'phones', 'status', 'title', 'userType',
    'timezone', 'languages', 'createdAt', 'updatedAt', 'lastLoginAt', 'statusChangedAt', 'activatedAt',
  ],
  rateLimit: { resetHeader: 'x-rate-limit-reset', resetKind: 'epoch-seconds' },
  semantics: {
    permanent: true,
    description:
      'The user is deactivated (sessions, app assignments and group memberships end), then deleted permanently: "This action cannot be recovered!" A deactivated user kept by an earlier run is deleted without a second deactivation.',
    docs: 'https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/deleteUser',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/getUser',
    async lookup({ http }) {
      // Both auth methods act as a user (an API token has its creating admin's permissions; the
      // OAuth method is an authorization-code grant): a failure here fails the deletion.
      const me = await http.get<OktaUser>(path`/api/v1/users/me`);
      return { ids: [me.id, me.profile?.login, me.profile?.email].filter((v): v is string => typeof v === 'string') };
    },
  },

  getUser({ http, id }) {
    return http.get<OktaUser>(path`/api/v1/users/${id}`);
  },

  async deleteUser({ http, snapshot, id, remoteQuery }) {
    // Use Okta's own id from the snapshot: `id` may be a login, and both calls must hit the same user.
    const oktaId = snapshot?.id ?? id;
    if (snapshot?.status !== 'DEPROVISIONED') {
      await http.post(path`/api/v1/users/${oktaId}/lifecycle/deactivate`, { query: remoteQuery });
    }
    await http.request('DELETE', path`/api/v1/users/${oktaId}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const p = u.profile ?? {};
    const name = p.displayName ?? ([p.firstName, p.lastName].filter(Boolean).join(' ') || undefined);
    const language = p.preferredLanguage ?? p.locale;
    return compact({
      id: u.id,
      firstName: p.firstName ?? undefined,
      lastName: p.lastName ?? undefined,
      name,
      username: p.login,
      title: p.title ?? undefined,
      userType: p.userType ?? undefined,
      emails: [
        ...(p.email ? [{ email: p.email, type: 'primary', isPrimary: true }] : []),
        ...(p.secondEmail ? [{ email: p.secondEmail, type: 'secondary', isPrimary: false }] : []),
      ],
      phones: [
        ...(p.primaryPhone ? [{ number: p.primaryPhone, type: 'primary' }] : []),
        ...(p.mobilePhone ? [{ number: p.mobilePhone, type: 'mobile' }] : []),
      ],
      status: STATUS[u.status] ?? null,
      rawStatus: u.status,
      timezone: p.timezone ?? undefined,
      languages: language ? [language] : undefined,
      createdAt: date(u.created),
      updatedAt: date(u.lastUpdated),
      lastLoginAt: date(u.lastLogin),
      statusChangedAt: date(u.statusChanged),
      activatedAt: date(u.activated),
    });
  },
});
