/**
 * Salesforce: deactivate the user (Salesforce users cannot be deleted).
 *
 * Calls (REST API, https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/):
 *  - GET /services/data/v61.0/sobjects/User/{id} → 200 User record (snapshot)          dome_get_field_values.htm
 *  - PATCH /services/data/v61.0/sobjects/User/{id} {"IsActive":false} → 204            dome_update_fields.htm
 *  - GET /services/oauth2/userinfo (on the instance) → {user_id, preferred_username, email}: the user the
 *    token acts as, for the self-deletion guard
 *    (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm)
 *  - GET /services/data/v61.0/query?q=SELECT … FROM User WHERE Email = '…' (lookup by email)  dome_query.htm
 * Base URL: the org's instance (My Domain) host, https://{host}/services/data/v61.0; the JWT bearer
 * flow reads it from the token answer's `instance_url`
 * (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm). API version 61.0
 * (Summer '24) is a supported version; the User fields used here exist in every version since 20.0.
 * Errors (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm): a JSON
 * array `[{"message","errorCode","fields"}]`; 401 INVALID_SESSION_ID, 404 NOT_FOUND, 403
 * REQUEST_LIMIT_EXCEEDED when the org's API request limit is exceeded
 * (https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm).
 *
 * What deletion means (https://help.salesforce.com/s/articleView?id=sf.deactivating_users.htm): "You
 * can't delete a user, but you can deactivate a user's account so the user can't log in"; a
 * deactivated user loses access to all records, their licence becomes available, the records they own
 * stay (owned by the inactive user) and an admin can reactivate them. Salesforce refuses to deactivate
 * users in some roles — the default lead/case owner, a user named in a workflow or a custom hierarchy
 * field — with FIELD_INTEGRITY_EXCEPTION (or INVALID_CROSS_REFERENCE_KEY), which is reported as
 * PRECONDITION: the admin must reassign first; nothing is forced.
 *
 * ambiguous: Salesforce also documents freezing (UserLogin.IsFrozen) as the immediate lock while
 * blockers are resolved; it is not used: deactivation is the documented end state.
 * ambiguous: FIELD_INTEGRITY_EXCEPTION also covers other validation failures; on a PATCH that only sets
 * IsActive it means a deactivation blocker, our reading.
 * ambiguous: Salesforce documents no alias such as `me` for sObject ids (selfAliases []).
 */
import { badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface SalesforceUser {
  Id: string;
  Username?: string | null;
  FirstName?: string | null;
  LastName?: string | null;
  Name?: string | null;
  Title?: string | null;
  Email?: string | null;
  Phone?: string | null;
  MobilePhone?: string | null;
  IsActive?: boolean;
  UserRoleId?: string | null;
  ProfileId?: string | null;
  UserType?: string | null;
  TimeZoneSidKey?: string | null;
  LanguageLocaleKey?: string | null;
  AboutMe?: string | null;
  FullPhotoUrl?: string | null;
  SmallPhotoUrl?: string | null;
  CreatedDate?: string | null;
  LastModifiedDate?: string | null;
  LastLoginDate?: string | null;
  [k: string]: unknown;
}

/** User ids: 15- or 18-character record ids with the User key prefix 005. */
function checkId(id: string): void {
  if (!/^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(id)) throw badInput(`Salesforce user ids are 15 or 18 characters starting with 005; "${id.slice(0, 40)}" is not`);
}

/** A string literal for SOQL: backslash and quote escaped (SOQL reference, "Quoted String Escape Sequences"). */
function soqlString(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const FIELDS = 'Id,Username,FirstName,LastName,Name,Title,Email,Phone,MobilePhone,IsActive,UserRoleId,ProfileId,UserType,TimeZoneSidKey,LanguageLocaleKey,AboutMe,FullPhotoUrl,SmallPhotoUrl,CreatedDate,LastModifiedDate,LastLoginDate';

export const salesforce = defineProvider<SalesforceUser>({
  name: 'Salesforce',
  slug: 'salesforce',
  docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm',
  baseUrl: 'https://{host}/services/data/v61.0',
  context: {
    host: {
      kind: 'hostname',
      description: "My Domain host (the jwt method reads it from the token answer's instance_url)",
      example: 'acme.my.salesforce.com',
      endsWith: ['.salesforce.com'],
      optional: true,
    },
  },
  auth: {
    jwt: {
      scheme: {
        kind: 'jwt_bearer',
        tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
        claims: { iss: '{clientId}', sub: '{username}', aud: 'https://{tokenHost}' },
        lifetimeSeconds: 180,
        actsAs: 'username',
        provides: { host: { path: 'instance_url', as: 'host' } },
      },
      description:
        'OAuth 2.0 JWT bearer flow: a connected (or external client) app with "Use digital signatures" (its certificate) and pre-authorized users; clientId = its consumer key, privateKey = the certificate\'s key, username = a user with Manage Users. Sandboxes: tokenUrl https://test.salesforce.com/services/oauth2/token.',
      docs: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://login.salesforce.com/services/oauth2/token', scopes: ['api', 'refresh_token'] },
      description: 'Connected app authorized by a user with Manage Users (web server flow); the account context gives the instance host.',
      docs: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm',
    },
    client_credentials: {
      scheme: { kind: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://{host}/services/oauth2/token' },
      description: 'Connected app client credentials flow (its run-as user needs Manage Users).',
      docs: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_client_credentials_flow.htm',
    },
  },
  params: {},
  outcome: 'DEACTIVATED',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'title', 'emails', 'phones', 'status', 'roles', 'userType', 'avatar', 'timezone', 'languages', 'bio', 'createdAt', 'updatedAt', 'lastLoginAt'],
  errors: {
    code: (body) => {
      const first = Array.isArray(body) ? (body[0] as { errorCode?: unknown } | undefined) : (body as { errorCode?: unknown } | null);
      return first && typeof first.errorCode === 'string' ? first.errorCode : undefined;
    },
    bodyLevel: false,
    table: {
      NOT_FOUND: 'NOT_FOUND',
      INVALID_SESSION_ID: 'REAUTH_REQUIRED',
      INSUFFICIENT_ACCESS: 'FORBIDDEN',
      INSUFFICIENT_ACCESS_OR_READONLY: 'FORBIDDEN',
      API_DISABLED_FOR_ORG: 'FORBIDDEN',
      REQUEST_LIMIT_EXCEEDED: 'RATE_LIMITED',
      FIELD_INTEGRITY_EXCEPTION: 'PRECONDITION',
      INVALID_CROSS_REFERENCE_KEY: 'PRECONDITION',
      MALFORMED_ID: 'BAD_USER_INPUT',
    },
    docs: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm',
  },
  semantics: {
    permanent: false,
    description:
      "The user is deactivated (IsActive false): they can no longer log in, their licence becomes available, and the records they own stay in Salesforce, owned by the inactive user. Salesforce cannot delete users; an admin can reactivate them. Deactivation blockers (default lead or case owner, workflow or hierarchy references) are reported, never forced.",
    docs: 'https://help.salesforce.com/s/articleView?id=sf.deactivating_users.htm',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm',
    async lookup({ http }) {
      const me = await http.get<{ user_id?: string; preferred_username?: string; email?: string }>(path`/services/oauth2/userinfo`, { origin: http.base.origin });
      const ids = [me.user_id, me.preferred_username, me.email].filter((x): x is string => typeof x === 'string' && x !== '');
      // An 18-character id also names the user by its 15-character form.
      if (me.user_id && me.user_id.length === 18) ids.push(me.user_id.slice(0, 15));
      return ids.length ? { ids } : undefined;
    },
  },

  async findUsers({ http, email }) {
    const want = email.trim();
    const q = `SELECT ${FIELDS} FROM User WHERE Email = ${soqlString(want)} LIMIT 200`;
    const res = await http.get<{ records?: SalesforceUser[] }>(path`/query`, { query: { q } });
    return (res.records ?? []).filter((u) => (u.Email ?? '').toLowerCase() === want.toLowerCase());
  },

  getUser({ http, id }) {
    checkId(id);
    return http.get<SalesforceUser>(path`/sobjects/User/${id}`);
  },

  async deleteUser({ http, id, remoteQuery, snapshot }) {
    checkId(id);
    if (snapshot?.IsActive === false) return { outcome: 'ALREADY_DEACTIVATED' };
    await http.request('PATCH', path`/sobjects/User/${id}`, { json: { IsActive: false }, query: remoteQuery });
    return { outcome: 'DEACTIVATED', user: snapshot ? { ...snapshot, IsActive: false } : undefined };
  },

  toUser(u) {
    const phones = [...(u.Phone ? [{ number: u.Phone, type: 'work' }] : []), ...(u.MobilePhone ? [{ number: u.MobilePhone, type: 'mobile' }] : [])];
    const roles = [...(u.ProfileId ? [{ id: u.ProfileId, name: 'Profile' }] : []), ...(u.UserRoleId ? [{ id: u.UserRoleId, name: 'Role' }] : [])];
    return compact({
      id: u.Id,
      firstName: u.FirstName ?? undefined,
      lastName: u.LastName ?? undefined,
      name: u.Name ?? undefined,
      username: u.Username ?? undefined,
      title: u.Title ?? undefined,
      emails: u.Email ? [{ email: u.Email, type: 'primary', isPrimary: true }] : undefined,
      phones: phones.length ? phones : undefined,
      status: u.IsActive === false ? 'INACTIVE' : 'ACTIVE',
      rawStatus: u.IsActive === false ? 'inactive' : 'active',
      roles: roles.length ? roles : undefined,
      userType: u.UserType ?? undefined,
      avatar: u.FullPhotoUrl ?? u.SmallPhotoUrl ?? undefined,
      timezone: u.TimeZoneSidKey ?? undefined,
      languages: u.LanguageLocaleKey ? [u.LanguageLocaleKey] : undefined,
      bio: u.AboutMe ?? undefined,
      createdAt: date(u.CreatedDate),
      updatedAt: date(u.LastModifiedDate),
      lastLoginAt: date(u.LastLoginDate),
    });
  },
});
