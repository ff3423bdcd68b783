/**
 * Calendly: remove the user from their Calendly organization (API v2). Calendly removes a member
 * through the organization *membership*, not the user: the membership of the user in their
 * organization is looked up first, then deleted.
 *
 * Calls (https://api.calendly.com):
 *  - GET /users/{uuid} → 200 { resource: User } (snapshot; `current_organization` is the user's
 *    organization URI)
 *    https://developer.calendly.com/api-docs/calendly-api/users/get-user
 *  - GET /organization_memberships?organization={org uri}&user={user uri} → 200 { collection:
 *    [OrganizationMembership], pagination } ("use `user` to look up a user's membership in an
 *    organization")
 *    https://developer.calendly.com/api-docs/calendly-api/organizations/list-organization-memberships
 *  - DELETE /organization_memberships/{membership uuid} → 204 (Remove User from Organization,
 *    scope organizations:write)
 *    https://developer.calendly.com/api-docs/calendly-api/organizations/remove-user-from-organization
 *  - GET /users/me → 200 { resource: User }: the user the token acts as (self-deletion guard, and
 *    the organization searched by email); `me` is refused as an id.
 *    https://developer.calendly.com/api-docs/calendly-api/users/get-current-user
 * Auth: `Authorization: Bearer` with a personal access token or an OAuth access token of an
 * organization owner or admin (scopes users:read, organizations:read, organizations:write).
 * Errors: `{ "title": "...", "message": "...", "details": [...] }` with the HTTP status (401
 * Unauthenticated, 403 Permission Denied, 404 Resource Not Found, 429).
 * Rate limits (https://developer.calendly.com/api-docs/rate-limits): 429 with X-RateLimit-Limit,
 * X-RateLimit-Remaining and X-RateLimit-Reset (seconds until the window resets).
 *
 * Preconditions: the organization's owner cannot be removed (ownership must be transferred in
 * Calendly first): a membership with role `owner` is refused here, before any write.
 * A user who is not a member of the organization (no membership) is NOT_FOUND.
 *
 * What deletion means (https://help.calendly.com/hc/en-us/articles/360049549813): the person leaves
 * the organization and its seat is freed; their Calendly user account remains as a standalone
 * free account with their own event types, and they can be invited again. Removal from the
 * container: REMOVED_FROM_CONTAINER (the organization).
 *
 * ambiguous: Calendly documents X-RateLimit-Reset as the seconds left in the window; a 429 is
 * waited out with it (delta seconds).
 * ambiguous: what happens to the removed user's scheduled events and team event types is
 * described on the help page, not in the API reference; the semantics quote the help page.
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import { compact, date, splitName } from '../core/map.js';
import { path } from '../core/path.js';

export interface CalendlyUser {
  uri: string;
  name?: string;
  slug?: string;
  email?: string;
  scheduling_url?: string;
  timezone?: string;
  avatar_url?: string | null;
  created_at?: string;
  updated_at?: string;
  current_organization?: string;
  resource_type?: string;
  locale?: string;
  [k: string]: unknown;
}

export interface CalendlyMembership {
  uri: string;
  role: 'user' | 'admin' | 'owner' | string;
  user: CalendlyUser;
  organization: string;
  created_at?: string;
  updated_at?: string;
}

interface MembershipPage {
  collection: CalendlyMembership[];
  pagination?: { next_page_token?: string | null };
}

/** The user and their membership in the organization (absent when they have none). */
export interface CalendlyRaw {
  user: CalendlyUser;
  membership?: CalendlyMembership;
}

const API = 'https://api.calendly.com';
const MAX_PAGES = 20;

/** The last segment of a Calendly resource URI (`https://api.calendly.com/users/AAAA` → `AAAA`). */
function uuidOf(uri: string): string {
  const seg = uri.split('/').pop() ?? '';
  if (!seg) throw new AppError('REMOTE_ERROR', 'Calendly answered a resource URI without an id', { integration: 'Calendly' });
  return seg;
}

function userPath(id: string) {
  if (id.trim().toLowerCase() === 'me') throw badInput('"me" is not a user id: it names the user the token acts as');
  return path`/users/${id}`;
}

const DOCS = 'https://developer.calendly.com/api-docs/calendly-api/organizations/remove-user-from-organization';

export const calendly = defineProvider<CalendlyRaw>({
  name: 'Calendly',
  slug: 'calendly',
  docs: DOCS,
  baseUrl: API,
  context: {},
  auth: {
    personal_access_token: {
      scheme: { kind: 'bearer', tokenField: 'apiToken' },
      description: 'Personal access token of an organization owner or admin.',
      docs: 'https://developer.calendly.com/how-to-authenticate-with-personal-access-tokens',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://auth.calendly.com/oauth/token', scopes: ['users:read', 'organizations:read', 'organizations:write'] },
      description: 'OAuth app acting for an organization owner or admin (users:read, organizations:read, organizations:write).',
      docs: 'https://developer.calendly.com/create-a-developer-account',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'firstName', 'lastName', 'name', 'username', 'emails', 'roles', 'organizations', 'avatar', 'timezone', 'languages', 'createdAt', 'updatedAt', 'urls'],
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'delta-seconds' },
  semantics: {
    permanent: true,
    description:
      'The person is removed from the Calendly organization and their seat is freed; their Calendly user remains as a standalone account (with their own event types) and can be invited again. The organization owner cannot be removed.',
    docs: 'https://help.calendly.com/hc/en-us/articles/360049549813',
  },
  selfAliases: ['me'],
  tokenOwner: {
    docs: 'https://developer.calendly.com/api-docs/calendly-api/users/get-current-user',
    async lookup({ http }) {
      const me = (await http.get<{ resource: CalendlyUser }>(path`/users/me`)).resource;
      return { ids: [uuidOf(me.uri), me.uri, me.email, me.slug].filter((v): v is string => typeof v === 'string' && v !== '') };
    },
  },

  async findUsers({ http, email }) {
    const me = (await http.get<{ resource: CalendlyUser }>(path`/users/me`)).resource;
    if (!me.current_organization) return [];
    const out: CalendlyRaw[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await http.get<MembershipPage>(path`/organization_memberships`, {
        query: { organization: me.current_organization, email, count: 100, ...(pageToken ? { page_token: pageToken } : {}) },
      });
      for (const m of res.collection ?? []) {
        if (m.user?.email?.toLowerCase() === email.toLowerCase()) out.push({ user: { ...m.user, current_organization: m.organization }, membership: m });
      }
      pageToken = res.pagination?.next_page_token ?? undefined;
      if (!pageToken) return out;
    }
    throw new AppError('REMOTE_ERROR', `Calendly listed more than ${MAX_PAGES} pages of memberships for one email address`, { integration: 'Calendly' });
  },

  async getUser({ http, id }) {
    const user = (await http.get<{ resource: CalendlyUser }>(userPath(id))).resource;
    if (!user.current_organization) return { user };
    const res = await http.get<MembershipPage>(path`/organization_memberships`, { query: { organization: user.current_organization, user: user.uri } });
    const membership = (res.collection ?? []).find((m) => m.user?.uri === user.uri);
    return membership ? { user, membership } : { user };
  },

  async deleteUser({ snapshot, http }) {
    const membership = snapshot?.membership;
    if (!membership) {
      throw new AppError('NOT_FOUND', 'this Calendly user is not a member of an organization: there is no membership to remove', { integration: 'Calendly' });
    }
    if (membership.role === 'owner') {
      throw new AppError(
        'FAILED_PRECONDITION',
        'this Calendly user owns the organization and cannot be removed: transfer the ownership to another member in Calendly (Admin > Users) first',
        { integration: 'Calendly', reason: 'ORGANIZATION_OWNER' },
      );
    }
    await http.request('DELETE', path`/organization_memberships/${uuidOf(membership.uri)}`);
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: uuidOf(membership.organization) } };
  },

  toUser({ user, membership }) {
    const org = membership?.organization ?? user.current_organization;
    return compact({
      id: uuidOf(user.uri),
      ...splitName(user.name),
      name: user.name || undefined,
      username: user.slug || undefined,
      emails: user.email ? [{ email: user.email, isPrimary: true }] : undefined,
      roles: membership ? [{ name: membership.role, organization: uuidOf(membership.organization) }] : undefined,
      organizations: org ? [{ id: uuidOf(org) }] : undefined,
      avatar: user.avatar_url || undefined,
      timezone: user.timezone || undefined,
      languages: user.locale ? [user.locale] : undefined,
      createdAt: date(user.created_at),
      updatedAt: date(user.updated_at),
      urls: user.scheduling_url ? [{ url: user.scheduling_url, type: 'scheduling' }] : undefined,
    });
  },
});
