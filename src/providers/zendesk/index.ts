/**
 * Zendesk Support: delete the user on the account's subdomain.
 *
 * Calls (https://developer.zendesk.com/api-reference/ticketing/users/users/):
 *  - GET /api/v2/users/{user_id} → {"user":{...}} (snapshot)       #show-user
 *  - DELETE /api/v2/users/{user_id} → 200 {"user":{...,"active":false}}  #delete-user
 * Zendesk's delete is a soft delete (the user moves to deleted users); the permanent, GDPR
 * deletion (DELETE /api/v2/deleted_users/{id}) is not done here: the spec gives Zendesk no
 * `permanent` param. Auth: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
 * Rate limit: 429 with Retry-After (the 429 body is plain text).
 *
 * Ambiguities: the general docs say DELETE answers 204, the Delete User reference says 200 with
 * the user; both are accepted. Zendesk has no "license" object: the agent seat type is taken from
 * `role_type` (documented values 0–5), our reading, stated in the mapping below.
 */
import { badInput } from '../../errors.js';
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
  outcome: 'DELETED',
  maps: [
    'id', 'externalId', 'name', 'emails', 'phones', 'status', 'isEmailVerified', 'is2faEnabled', 'roles', 'licenses', 'organizations',
    'avatar', 'timezone', 'languages', 'createdAt', 'updatedAt', 'lastLoginAt',
  ],

  getUser({ http, id }) {
    if (!/^\d{1,20}$/.test(id)) throw badInput(`Zendesk user ids are numeric; "${id.slice(0, 40)}" is not`);
    return http.get<{ user: ZendeskUser }>(path`/api/v2/users/${id}`).then((r) => r.user);
  },

  async deleteUser({ http, id, remoteQuery, snapshot }) {
    const res = await http.request<{ user?: ZendeskUser } | undefined>('DELETE', path`/api/v2/users/${id}`, { query: remoteQuery });
    // The DELETE answer carries the user with `active: false` (only a few fields in the docs' example).
    const after = res.body?.user;
    return { outcome: 'DELETED', user: after && snapshot ? { ...snapshot, ...after } : (after ?? snapshot) };
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
