/**
 * HubSpot: remove a user from the HubSpot account (User Provisioning API v3).
 *
 * Calls (https://developers.hubspot.com/docs/reference/api/settings/user-provisioning, and HubSpot's
 * own OpenAPI description test/contracts/hubspot-user-provisioning-v3.json, from
 * HubSpot/HubSpot-public-api-spec-collection; every request is checked against it in hubspot.test.ts):
 *  - GET /settings/v3/users/{userId} → 200 PublicUser (snapshot)         "Retrieves a user"
 *  - DELETE /settings/v3/users/{userId} → 204                            "Removes a user"
 *  - GET /settings/v3/users/{email}?idProperty=EMAIL → 200 PublicUser or 404 (lookup by email):
 *    "`userId` refers to the user's ID by default, or optionally email as specified by the
 *    `IdProperty` query param".
 * Auth: a private app's access token or an OAuth access token, both `Authorization: Bearer`
 * (https://developers.hubspot.com/docs/guides/apps/authentication/intro-to-auth); scopes
 * settings.users.read (GET) and settings.users.write (DELETE), per the description's `security`.
 * Errors (https://developers.hubspot.com/docs/guides/api/error-handling): JSON
 * `{"status":"error","message","correlationId","category"}`; categories INVALID_AUTHENTICATION,
 * EXPIRED_AUTHENTICATION, MISSING_SCOPES, OBJECT_NOT_FOUND, RATE_LIMITS.
 * Rate limits (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details): 429 with
 * `errorType: RATE_LIMIT` and X-HubSpot-RateLimit-* headers (limits and remaining calls, no reset
 * time and no Retry-After): the core backs off.
 *
 * What deletion means (https://knowledge.hubspot.com/user-management/deactivate-hubspot-users): a
 * removed user "will no longer be able to log in or access the account, and their user profile will
 * be removed from the account"; they are unassigned from conversations and assets and removed from
 * reports. Records they owned show "Deactivated User (<email>)" as owner
 * (https://knowledge.hubspot.com/articles/kcs_article/settings/if-i-delete-a-user-what-will-happen-to-their-owned-contacts-companies-and-deals).
 * There is no restore: the person can only be invited again as a new user.
 *
 * ambiguous: the knowledge base says that in the app "The user must be deactivated before you can
 * fully remove them"; the API reference documents DELETE alone, with no deactivation step, so none
 * is sent.
 * ambiguous: HubSpot also publishes date-versioned paths for this API; the v3 path of the committed
 * OpenAPI description is used.
 * ambiguous: the description's examples are all null; the fixture is built from its PublicUser schema
 * (see docs/vendors/hubspot.md).
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact } from '../core/map.js';
import { path } from '../core/path.js';

export interface HubSpotUser {
  id: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  roleId?: string | null;
  roleIds?: string[] | null;
  primaryTeamId?: string | null;
  secondaryTeamIds?: string[] | null;
  seatNames?: string[] | null;
  superAdmin?: boolean;
  [k: string]: unknown;
}

/** HubSpot user ids are numeric strings; an id with `@` would be read as a user id anyway (idProperty defaults to USER_ID). */
function checkId(id: string): void {
  if (!/^\d{1,20}$/.test(id)) throw badInput(`HubSpot user ids are numeric; "${id.slice(0, 40)}" is not (offboard by email through the lookup)`);
}

export const hubspot = defineProvider<HubSpotUser>({
  name: 'HubSpot',
  slug: 'hubspot',
  docs: 'https://developers.hubspot.com/docs/reference/api/settings/user-provisioning',
  baseUrl: 'https://api.hubapi.com',
  context: {},
  auth: {
    private_app: {
      scheme: { kind: 'bearer', tokenField: 'accessToken' },
      description: 'Access token of a private app with the settings.users.read and settings.users.write scopes.',
      docs: 'https://developers.hubspot.com/docs/guides/apps/private-apps/overview',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://api.hubapi.com/oauth/v1/token', scopes: ['settings.users.read', 'settings.users.write'] },
      description: 'Public app installed by a super admin (OAuth 2.0 authorization code, refreshed at /oauth/v1/token).',
      docs: 'https://developers.hubspot.com/docs/guides/apps/authentication/working-with-oauth',
    },
  },
  params: {},
  outcome: 'DELETED',
  maps: ['id', 'firstName', 'lastName', 'name', 'emails', 'roles', 'licenses', 'groups'],
  errors: {
    code: (body) => {
      if (!body || typeof body !== 'object') return undefined;
      const b = body as { category?: unknown; errorType?: unknown };
      if (typeof b.category === 'string') return b.category;
      return typeof b.errorType === 'string' ? b.errorType : undefined;
    },
    bodyLevel: false,
    table: {
      INVALID_AUTHENTICATION: 'REAUTH_REQUIRED',
      EXPIRED_AUTHENTICATION: 'TOKEN_EXPIRED',
      MISSING_SCOPES: 'FORBIDDEN',
      OBJECT_NOT_FOUND: 'NOT_FOUND',
      RATE_LIMITS: 'RATE_LIMITED',
      RATE_LIMIT: 'RATE_LIMITED',
    },
    docs: 'https://developers.hubspot.com/docs/guides/api/error-handling',
  },
  semantics: {
    permanent: true,
    description:
      'The user is removed from the HubSpot account: they can no longer log in, their user profile is removed, they are unassigned from conversations and assets and removed from reports; the CRM records they owned stay, owned by "Deactivated User (<email>)". There is no restore: the person can only be invited again as a new user.',
    docs: 'https://knowledge.hubspot.com/user-management/deactivate-hubspot-users',
  },
  selfAliases: [],
  tokenOwner: {
    unavailable:
      "A private app token acts as the app, not as a user. For OAuth, HubSpot names the installing user only through GET /oauth/v1/access-tokens/{token}, which carries the access token in the URL path; this service never puts a token in a URL, so the owner is not looked up.",
  },

  async findUsers({ http, email }) {
    const res = await http.request<HubSpotUser>('GET', path`/settings/v3/users/${email}`, { query: { idProperty: 'EMAIL' }, accept: [404] });
    if (res.status === 404 || !res.body) return [];
    return (res.body.email ?? '').toLowerCase() === email.trim().toLowerCase() ? [res.body] : [];
  },

  getUser({ http, id }) {
    checkId(id);
    return http.get<HubSpotUser>(path`/settings/v3/users/${id}`);
  },

  async deleteUser({ http, id, remoteQuery }) {
    checkId(id);
    await http.request('DELETE', path`/settings/v3/users/${id}`, { query: remoteQuery });
    return { outcome: 'DELETED' };
  },

  toUser(u) {
    const roleIds = u.roleIds?.length ? u.roleIds : u.roleId ? [u.roleId] : [];
    const roles = [...roleIds.map((r) => ({ id: String(r) })), ...(u.superAdmin ? [{ id: 'superAdmin', name: 'Super Admin' }] : [])];
    const teams = [...(u.primaryTeamId ? [u.primaryTeamId] : []), ...(u.secondaryTeamIds ?? [])];
    const name = [u.firstName, u.lastName].filter((x): x is string => Boolean(x)).join(' ');
    return compact({
      id: String(u.id),
      firstName: u.firstName ?? undefined,
      lastName: u.lastName ?? undefined,
      name: name || undefined,
      emails: u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : undefined,
      roles: roles.length ? roles : undefined,
      licenses: u.seatNames?.length ? u.seatNames.map((s) => ({ id: s, name: s })) : undefined,
      groups: teams.length ? teams.map((t) => ({ id: String(t) })) : undefined,
    });
  },
});
