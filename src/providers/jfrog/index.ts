/**
 * JFrog Platform: delete a user through the Access REST API (Artifactory 7.49.3 and later; the
 * older `/artifactory/api/security/users/{name}` calls are deprecated:
 * https://docs.jfrog.com/integrations/docs/deprecated-jfrog-apis).
 *
 * Calls (base `<JFrog_Base_URL>/access/api`, https://jfrog.com/help/r/jfrog-rest-apis/base-url):
 *  1. GET /access/api/v2/users/{username} → 200 user (404 "Username not found").
 *     https://jfrog.com/help/r/jfrog-rest-apis/get-user-details
 *  2. DELETE /access/api/v2/users/{username} → 204.
 *     https://jfrog.com/help/r/jfrog-rest-apis/delete-user
 *  - GET /access/api/v1/tokens/me — "Get Token by ID" with `me`, "the currently used token"
 *    (7.53.1+): its `subject` names the user the token belongs to (`<service-id>/users/<username>`
 *    for user tokens), for the self-deletion guard. https://jfrog.com/help/r/jfrog-rest-apis/get-token-by-id
 * Host: JFrog Cloud `https://{server}.jfrog.io`; self-hosted through the account's base URL.
 * Auth: `Authorization: Bearer <access token>` of an administrator ("Requires admin authentication
 * using Access Tokens"). https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens
 *
 * Rate limits: JFrog documents no API rate-limit headers for these calls; a 429 is retried with
 * exponential backoff (Retry-After is honoured by the client when present).
 * Errors: `{"errors": [{"code", "message"}]}`; statuses keep the generic mapping.
 *
 * ambiguous: the docs do not say what happens to a user's tokens and API keys on deletion, nor
 * whether the last administrator can be deleted; JFrog's answer to a refused deletion is reported
 * as the error. Users managed by SCIM or an external realm (SAML, LDAP) may be re-created by the
 * identity provider on their next sign-in: the snapshot keeps `realm` in `identifiers`.
 */
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface JFrogUser {
  username: string;
  email?: string;
  admin?: boolean;
  effective_admin?: boolean;
  profile_updatable?: boolean;
  disable_ui_access?: boolean;
  internal_password_disabled?: boolean;
  last_logged_in?: string | null;
  realm?: string;
  groups?: string[];
  status?: string;
  [k: string]: unknown;
}

const STATUS: Record<string, UserStatus> = { enabled: 'ACTIVE', disabled: 'INACTIVE', locked: 'INACTIVE', invited: 'INVITED' };

/** The user a token subject names: `jfac@<id>/users/<username>`, or a bare username. */
export function subjectUser(subject: string): string {
  const i = subject.lastIndexOf('/users/');
  return i >= 0 ? subject.slice(i + '/users/'.length) : subject;
}

export const jfrog = defineProvider<JFrogUser>({
  name: 'JFrog',
  slug: 'jfrog',
  docs: 'https://jfrog.com/help/r/jfrog-rest-apis/delete-user',
  baseUrl: 'https://{subdomain}.jfrog.io',
  context: { subdomain: { kind: 'subdomain', description: 'JFrog Cloud server name (<server>.jfrog.io)', example: 'acme' } },
  auth: {
    access_token: {
      scheme: { kind: 'bearer', tokenField: 'accessToken' },
      description: 'An access token of a JFrog Platform administrator (admin-scoped identity or access token).',
      docs: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'identifiers', 'username', 'emails', 'status', 'roles', 'groups', 'lastLoginAt'],
  semantics: {
    permanent: true,
    description:
      'The user is deleted from the JFrog Platform (Artifactory, Xray and the other services share the Access user store) and can no longer sign in; artifacts and builds they deployed stay. JFrog documents no restore of a deleted user.',
    docs: 'https://jfrog.com/help/r/jfrog-rest-apis/delete-user',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://jfrog.com/help/r/jfrog-rest-apis/get-token-by-id',
    async lookup({ http }) {
      const token = await http.get<{ subject?: string }>(path`/access/api/v1/tokens/me`);
      if (!token.subject) return undefined;
      return { ids: [...new Set([subjectUser(token.subject), token.subject])] };
    },
  },
  noLookup:
    'The Access API list of users (GET /access/api/v2/users, https://jfrog.com/help/r/jfrog-rest-apis/get-user-list) answers username, uri, realm and status only, with no email and no email filter; finding a user by email would mean reading every user.',

  getUser({ http, id }) {
    return http.get<JFrogUser>(path`/access/api/v2/users/${id}`);
  },

  async deleteUser({ http, id, remoteQuery }) {
    await http.request('DELETE', path`/access/api/v2/users/${id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  after(user) {
    return { ...user, status: 'DELETED', rawStatus: null, groups: [] };
  },

  toUser(u) {
    const admin = u.effective_admin ?? u.admin;
    return compact({
      id: u.username,
      identifiers: { username: u.username, realm: u.realm ?? null },
      username: u.username,
      emails: u.email ? [{ email: u.email, isPrimary: true }] : undefined,
      status: u.status ? (STATUS[u.status.toLowerCase()] ?? null) : undefined,
      rawStatus: u.status,
      roles: admin === undefined ? undefined : [{ id: admin ? 'admin' : 'user', name: admin ? 'Administrator' : 'User' }],
      groups: u.groups?.length ? u.groups.map((g) => ({ id: g, name: g })) : undefined,
      lastLoginAt: date(u.last_logged_in),
    });
  },
});
