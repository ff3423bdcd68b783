/**
 * Auth0: delete the user from the tenant through the Management API v2. The deletion is
 * permanent ("This action cannot be undone"); blocking (PATCH blocked:true) is the reversible
 * alternative and is not what the spec's deleteUser asks for.
 *
 * Calls (Auth0 Management API v2, base https://{tenant domain}/api/v2):
 *  - GET /api/v2/users/{id} → 200 user (snapshot; scope read:users)
 *    https://auth0.com/docs/api/management/v2/users/get-users-by-id
 *  - DELETE /api/v2/users/{id} → 204, no body (scope delete:users)
 *    https://auth0.com/docs/api/management/v2/users/delete-users-by-id
 * The DELETE answers 204 whether or not the user existed (auth0/node-auth0 issues #451 and
 * #645: "a 204 on user not found or user deleted"), so the GET is what tells a missing user
 * (404, errorCode inexistent_user) from a deleted one: no DELETE is sent after a 404.
 * User ids hold a `|` (auth0|507f…, google-oauth2|1043…) and are path-encoded
 * (https://auth0.com/docs/manage-users/user-search/retrieve-users-with-get-users-by-id-endpoint).
 *
 * Auth: `Authorization: Bearer {Management API access token}`. The token is either given as is
 * (api_token) or obtained by a machine-to-machine application with the client credentials grant
 * at https://{domain}/oauth/token, audience https://{domain}/api/v2/
 * (https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens/get-management-api-access-tokens-for-production);
 * the exchange is the accounts layer's, the call only carries the access token.
 * Rate limits: 429 with x-ratelimit-limit / -remaining / -reset (UTC epoch seconds)
 * (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy).
 *
 * Self-deletion guard (tokenOwner unavailable; no self-alias):
 *  - A Management API token that can delete users acts as an application, never as a user of the
 *    tenant: it is issued to a machine-to-machine application by the client credentials grant
 *    (get-management-api-access-tokens-for-production above; the Dashboard's API Explorer token is
 *    likewise its "API Explorer Application"). The only Management API tokens issued in a user's
 *    context are single-page-application tokens, limited to the *current_user* scopes
 *    (read:current_user, update:current_user_metadata, ...), none of which deletes a user
 *    (https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens/get-management-api-tokens-for-single-page-applications).
 *    So the token's owner is never a user DELETE /users/{id} could remove: nothing to look up.
 *  - The users endpoints document no alias of the caller (`me`, `self`) for {id}; none is declared.
 *
 * Semantics: permanent. "Delete a user by user ID. This action cannot be undone."
 * (delete-users-by-id); the Dashboard warns likewise (https://auth0.com/docs/manage-users/user-accounts/delete-users).
 *
 * Domains: the tenant's canonical domain only — {tenant}.auth0.com (older US tenants) or {tenant}.{us|eu|au|jp|uk|ca}.auth0.com
 * (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/public-cloud-service-endpoints).
 * Custom domains are refused as context.domain: the Management API's identifier is always the
 * canonical https://{tenant}.auth0.com/api/v2/, and a token requested through a custom domain
 * is only valid when the Management API is also called through it (get-access-tokens,
 * "Custom domains and the Auth0 Management API"). A free hostname would also let a
 * misconfigured account send the token anywhere. An account that must use its custom domain
 * can set the account's baseUrl override (https://login.example.com/api/v2) explicitly.
 */
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface Auth0User {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  created_at?: string;
  updated_at?: string;
  identities?: Array<{ connection?: string; user_id?: string; provider?: string; isSocial?: boolean }>;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  picture?: string;
  name?: string;
  nickname?: string;
  multifactor?: string[];
  last_ip?: string;
  last_login?: string;
  logins_count?: number;
  blocked?: boolean;
  given_name?: string;
  family_name?: string;
  [k: string]: unknown;
}

export const auth0 = defineProvider<Auth0User>({
  name: 'Auth0',
  slug: 'auth0',
  docs: 'https://auth0.com/docs/api/management/v2/users/delete-users-by-id',
  baseUrl: 'https://{domain}/api/v2',
  context: {
    domain: {
      kind: 'hostname',
      description:
        "The tenant's canonical Auth0 domain: {tenant}.auth0.com or {tenant}.{us|eu|au|jp|uk|ca}.auth0.com (Settings → Custom Domains shows it); custom domains are not accepted here",
      example: 'acme.us.auth0.com',
      endsWith: ['.auth0.com'],
    },
  },
  auth: {
    api_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'A Management API access token with the read:users and delete:users scopes (it expires; 24 hours by default).',
    },
    client_credentials: {
      scheme: {
        kind: 'oauth2',
        grant: 'client_credentials',
        tokenUrl: 'https://{domain}/oauth/token',
        audience: 'https://{domain}/api/v2/',
        // No `scopes`: the documented token request has grant_type, client_id, client_secret,
        // audience (and organization) only; the token carries the scopes granted to the
        // application for the Management API, which must include read:users and delete:users.
      },
      description: 'A machine-to-machine application authorized for the Auth0 Management API and granted read:users and delete:users.',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: [
    'id', 'firstName', 'lastName', 'name', 'username', 'emails', 'isEmailVerified', 'phones', 'status', 'is2faEnabled',
    'avatar', 'createdAt', 'updatedAt', 'lastLoginAt',
  ],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'epoch-seconds' },
  semantics: {
    permanent: true,
    description:
      'The user is removed from the tenant and can no longer log in; Auth0 cannot restore it ("This action cannot be undone"). Blocking (blocked: true) is the reversible alternative and is not what deleteUser does.',
    docs: 'https://auth0.com/docs/api/management/v2/users/delete-users-by-id',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      'A Management API token with delete:users is issued to a machine-to-machine application (client credentials grant) and acts as that application, not as a user of the tenant; the only user-context Management API tokens (single-page applications) carry current_user scopes only, none of which can delete a user. Auth0 documents no call naming a user behind such a token.',
  },

  getUser({ http, id }) {
    return http.get<Auth0User>(path`/users/${id}`);
  },

  async deleteUser({ http, id, snapshot, remoteQuery }) {
    // 204 with no body; the GET before it is what proved the user exists. The id the GET
    // answered with is the one deleted (the same user the snapshot shows).
    await http.request('DELETE', path`/users/${snapshot?.user_id ?? id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const mfa = Array.isArray(u.multifactor) ? u.multifactor.filter((m) => typeof m === 'string' && m !== '') : undefined;
    return compact({
      id: u.user_id,
      firstName: u.given_name || undefined,
      lastName: u.family_name || undefined,
      name: u.name || undefined,
      username: u.username || undefined,
      emails: u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : undefined,
      isEmailVerified: u.email ? u.email_verified : undefined,
      phones: u.phone_number ? [{ number: u.phone_number, type: 'primary' }] : undefined,
      // Auth0 has no lifecycle states: a user is usable unless an administrator blocked it.
      status: u.blocked === true ? 'INACTIVE' : 'ACTIVE',
      rawStatus: u.blocked === true ? 'blocked' : 'active',
      // `multifactor`: the MFA providers the user has enrolled with.
      is2faEnabled: mfa ? mfa.length > 0 : undefined,
      avatar: u.picture || undefined,
      createdAt: date(u.created_at),
      updatedAt: date(u.updated_at),
      lastLoginAt: date(u.last_login),
    });
  },
});
