/**
 * Zendesk Support: delete the user on the account's subdomain.
 *
 * Calls (https://developer.zendesk.com/api-reference/ticketing/users/users/):
 *  - GET /api/v2/users/{user_id} → {"user":{...}} (snapshot)       #show-user
 *  - DELETE /api/v2/users/{user_id} → 200 {"user":{...,"active":false}}  #delete-user
 *  - with `irreversiblyEraseUserData` (an extension param, not in the spec): then
 *    DELETE /api/v2/deleted_users/{deleted_user_id} → 200 {"deleted_user":{...}}
 *    #permanently-delete-user: "Before permanently deleting a user, you must delete the user
 *    first ... Permanently deleting a user deletes all of their information. This information is
 *    not recoverable." It is the GDPR step ("To comply with GDPR, a further step is needed").
 *  - GET /api/v2/users/me → {"user":{...}} #show-self: the user the credentials act as, for the
 *    self-deletion guard. It "is allowed for anonymous users": credentials Zendesk does not accept
 *    come back as an anonymous user without an id, which fails the deletion (REAUTH_REQUIRED).
 * Auth: https://developer.zendesk.com/api-reference/introduction/security-and-auth/ (an API token
 * acts as the admin whose email comes with it; OAuth as the authorizing user).
 * Rate limit: 429 with Retry-After (the 429 body is plain text).
 *
 * What deletion means (https://support.zendesk.com/hc/en-us/articles/4408821737498-Deleting-end-users):
 * "delete (soft delete): Deletes the user from the account, but the user is still in the Zendesk
 * database for 30 days. After 30 days, an automated process permanently deletes any data
 * associated with the soft-deleted user"; "neither type of deletion can be undone ... Zendesk can't
 * recover deleted users for you" (also: "Warning: Deleted users are not recoverable", Delete User
 * reference; automatic removal announced in
 * https://support.zendesk.com/hc/en-us/articles/5007485121562). So both are permanent — there is no
 * restore window — and they differ in when the data goes: after 30 days, or now (the erasure).
 * Administrators "can delete all users except the account owner".
 *
 * Ambiguities: the general docs say DELETE answers 204, the Delete User reference says 200 with
 * the user; both are accepted (a 204 gives no user: the returned user is what the outcome
 * implies). Zendesk has no "license" object: the agent seat type is taken from `role_type`
 * (documented values 0–5), our reading, stated in the mapping below. Whether GET
 * /api/v2/users/{id} still shows a soft-deleted user is not documented; when it shows one
 * (`active: false`) and the erasure is asked for, only the permanent deletion is sent.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';

export interface ZendeskUser {
  id: number;
  url?: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  active?: boolean;
  suspended?: boolean;
  verified?: boolean;
  role?: string | null;
  role_type?: number | null;
  custom_role_id?: number | null;
  external_id?: string | null;
  organization_id?: number | null;
  locale?: string | null;
  time_zone?: string | null;
  iana_time_zone?: string | null;
  photo?: { content_url?: string | null } | null;
  two_factor_auth_enabled?: boolean | null;
  created_at?: string | null;
  updated_at?: string | null;
  last_login_at?: string | null;
  [k: string]: unknown;
}

/** Zendesk `role_type` values (Users API reference). */
const ROLE_TYPES: Record<number, string> = {
  0: 'Custom agent',
  1: 'Light agent',
  2: 'Chat agent',
  3: 'Chat agent (Contributor)',
  4: 'Admin',
  5: 'Billing admin',
};

export const zendesk = defineProvider<ZendeskUser>({
  name: 'Zendesk',
  slug: 'zendesk',
  docs: 'https://developer.zendesk.com/api-reference/ticketing/users/users/#delete-user',
  baseUrl: 'https://{subdomain}.zendesk.com',
  context: { subdomain: { kind: 'subdomain', description: 'The Zendesk subdomain (acme in acme.zendesk.com)', example: 'acme' } },
  auth: {
    api_token: {
      scheme: { kind: 'basic', username: '{email}/token', password: '{apiToken}' },
      description: 'The email of an admin and an API token (Admin Center → Apps and integrations → Zendesk API).',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://{subdomain}.zendesk.com/oauth/tokens', scopes: ['users:read', 'users:write'] },
      description: 'An OAuth 2.0 access token of a Zendesk OAuth client.',
    },
  },
  params: {},
  extensionParams: {
    irreversiblyEraseUserData: {
      use: 'supported',
      note: "After the (soft) deletion, also DELETE /api/v2/deleted_users/{id}: Zendesk's permanent deletion erases all of the user's information now instead of after 30 days. It cannot be undone.",
    },
  },
  outcome: 'DELETED',
  maps: [
    'id', 'externalId', 'name', 'emails', 'phones', 'status', 'isEmailVerified', 'is2faEnabled', 'roles', 'licenses', 'organizations',
    'avatar', 'timezone', 'languages', 'createdAt', 'updatedAt', 'lastLoginAt',
  ],
  semantics: {
    permanent: true,
    description:
      "The user is deleted (a soft delete) and can no longer sign in; Zendesk cannot undo it or recover the user. Their data stays in Zendesk's database for 30 days, then is permanently deleted automatically; their closed tickets stay. With irreversiblyEraseUserData the permanent deletion (GDPR) runs right away. The account owner cannot be deleted.",
    docs: 'https://support.zendesk.com/hc/en-us/articles/4408821737498-Deleting-end-users',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.zendesk.com/api-reference/ticketing/users/users/#show-self',
    async lookup({ http }) {
      const { user: me } = await http.get<{ user: ZendeskUser }>(path`/api/v2/users/me`);
      if (me?.id === undefined || me.id === null) {
        // "allowed for anonymous users": unaccepted credentials read as the anonymous user.
        throw new AppError('REAUTH_REQUIRED', 'Zendesk answered /api/v2/users/me as an anonymous user: it did not accept the account\'s credentials; reconnect the integrated account', {
          integration: 'Zendesk',
        });
      }
      return { ids: [String(me.id), ...(me.email ? [me.email] : [])] };
    },
  },

  getUser({ http, id }) {
    if (!/^\d{1,20}$/.test(id)) throw badInput(`Zendesk user ids are numeric; "${id.slice(0, 40)}" is not`);
    return http.get<{ user: ZendeskUser }>(path`/api/v2/users/${id}`).then((r) => r.user);
  },

  async deleteUser({ http, id, params, remoteQuery, snapshot }) {
    const erase = params.irreversiblyEraseUserData === true;
    let user: ZendeskUser | undefined;
    if (!(erase && snapshot?.active === false)) {
      const res = await http.request<{ user?: ZendeskUser } | undefined>('DELETE', path`/api/v2/users/${id}`, { query: remoteQuery });
      // The DELETE answer carries the user with `active: false` (only a few fields in the docs'
      // example), merged over the snapshot; a 204 carries none.
      const after = res.body?.user;
      user = after ? { ...(snapshot ?? {}), ...after } : undefined;
    }
    if (!erase) return { outcome: 'DELETED', user };
    // The permanent deletion of the soft-deleted user: its answer shows what is left (email,
    // phone and organization erased).
    const res = await http.request<{ deleted_user?: Partial<ZendeskUser> } | undefined>('DELETE', path`/api/v2/deleted_users/${id}`, { query: remoteQuery });
    const erased = res.body?.deleted_user;
    const base = user ?? snapshot;
    return {
      outcome: 'DELETED',
      user: erased && base ? { ...base, ...erased, active: false } : erased ? ({ ...erased, active: false } as ZendeskUser) : undefined,
      permanent: true,
    };
  },

  toUser(u) {
    const agent = u.role === 'agent' || u.role === 'admin';
    const seat = u.role_type !== null && u.role_type !== undefined ? ROLE_TYPES[u.role_type] : undefined;
    const rawStatus = u.active === false ? 'deleted' : u.suspended ? 'suspended' : 'active';
    return compact({
      id: String(u.id),
      externalId: u.external_id ?? undefined,
      name: u.name ?? undefined,
      emails: u.email ? [{ email: u.email, type: 'primary', isPrimary: true }] : undefined,
      phones: u.phone ? [{ number: u.phone, type: 'primary' }] : undefined,
      status: u.active === false ? 'DELETED' : u.suspended ? 'INACTIVE' : 'ACTIVE',
      rawStatus,
      isEmailVerified: u.verified,
      is2faEnabled: u.two_factor_auth_enabled ?? undefined,
      roles: u.role ? [{ id: u.custom_role_id !== null && u.custom_role_id !== undefined ? String(u.custom_role_id) : u.role, name: u.role }] : undefined,
      // An agent or admin holds a Support seat; its kind is the role_type (our reading, see above).
      licenses: agent ? [{ id: u.role_type !== null && u.role_type !== undefined ? String(u.role_type) : u.role, name: seat ?? u.role }] : undefined,
      organizations: u.organization_id ? [{ id: String(u.organization_id) }] : undefined,
      avatar: u.photo?.content_url ?? undefined,
      timezone: u.iana_time_zone ?? u.time_zone ?? undefined,
      languages: u.locale ? [u.locale] : undefined,
      createdAt: date(u.created_at),
      updatedAt: date(u.updated_at),
      lastLoginAt: date(u.last_login_at),
    });
  },
});
