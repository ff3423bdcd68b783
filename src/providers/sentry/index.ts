/**
 * Sentry: remove a member from the organization (the account's `organizationSlug`). The id is the
 * organization MEMBER id (as listed by the members API), not the Sentry user id: a Sentry user
 * account belongs to the person and can belong to several organizations.
 *
 * Calls (https://docs.sentry.io/api/organizations/; request and response shapes from Sentry's
 * OpenAPI description, getsentry/sentry-api-schema `openapi-derefed.json` @ a589a26c, whose
 * example payloads are the fixtures):
 *  1. GET /api/0/organizations/{organization_id_or_slug}/members/{member_id}/ → 200 member
 *     (a pending invite too). https://docs.sentry.io/api/organizations/retrieve-an-organization-member/
 *  2. DELETE /api/0/organizations/{organization_id_or_slug}/members/{member_id}/ → 204.
 *     https://docs.sentry.io/api/organizations/delete-an-organization-member/
 *  - GET /api/0/organizations/{organization_id_or_slug}/members/ (cursor paging through the `Link`
 *    header, https://docs.sentry.io/api/pagination/): the lookup by email.
 *    https://docs.sentry.io/api/organizations/list-an-organizations-members/
 * Hosts: the OpenAPI server is `https://{region}.sentry.io` with region `us` or `de` (the
 * organization's data-storage location); self-hosted Sentry through the account's base URL
 * (`https://HOST/api/0`). Auth: `Authorization: Bearer <auth token>` with `member:admin`
 * (https://docs.sentry.io/api/auth/).
 *
 * Precondition: the member payload carries `isOnlyOwner`; the only Owner of an organization is
 * refused (FAILED_PRECONDITION) before any write, as Sentry itself does not let the organization
 * lose its last Owner (https://docs.sentry.io/organization/membership/).
 *
 * Rate limits (https://docs.sentry.io/api/ratelimits/): 429 with `X-Sentry-Rate-Limit-Reset`
 * (UTC epoch seconds), `X-Sentry-Rate-Limit-Remaining`, `X-Sentry-Rate-Limit-Limit`; concurrent
 * limits answer 429 as well. Errors: `{"detail": "..."}`.
 *
 * Self-deletion guard: `me` names the caller in Sentry's member endpoints; it is refused before
 * any call, and member ids are numeric. ambiguous: `me` is not in the API reference (it is how
 * Sentry's own web app reads the current member), so it is only used as an alias to refuse.
 * Sentry's public reference documents no "who am I" call: organization auth tokens and internal
 * integrations act as the organization, not as a member (tokenOwner unavailable).
 */
import { AppError, badInput } from '../../errors.js';
import { defineProvider } from '../core/definition.js';
import type { VendorHttp } from '../core/http.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface SentryMember {
  id: string;
  email: string;
  name?: string;
  user?: {
    id: string;
    name?: string;
    username?: string;
    email?: string;
    avatarUrl?: string;
    isActive?: boolean;
    isSuspended?: boolean;
    isManaged?: boolean;
    dateJoined?: string;
    lastLogin?: string | null;
    has2fa?: boolean;
    lastActive?: string | null;
    emails?: Array<{ id: string; email: string; is_verified: boolean }>;
  } | null;
  role?: string;
  orgRole?: string;
  roleName?: string;
  pending?: boolean;
  expired?: boolean;
  flags?: Record<string, boolean>;
  dateCreated?: string;
  inviteStatus?: string;
  teams?: string[];
  teamRoles?: Array<{ teamSlug: string; role: string | null }>;
  isOnlyOwner?: boolean;
  [k: string]: unknown;
}

const MAX_PAGES = 50;

function memberPath(org: string, id: string) {
  if (!/^[0-9]+$/.test(id)) throw badInput('a Sentry organization member id is numeric (the id listed by the members API, not the user id or email)');
  return path`/organizations/${org}/members/${id}/`;
}

/** The `rel="next"` cursor of a Sentry Link header, when it says more results exist. */
export function nextCursor(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    if (/rel="next"/.test(part) && /results="true"/.test(part)) return /cursor="([^"]+)"/.exec(part)?.[1];
  }
  return undefined;
}

async function allMembers(http: VendorHttp, org: string): Promise<SentryMember[]> {
  const out: SentryMember[] = [];
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_PAGES) throw new AppError('REMOTE_ERROR', `Sentry organization ${org} has more members than ${MAX_PAGES} pages; the lookup stopped there`);
    const res = await http.request<SentryMember[]>('GET', path`/organizations/${org}/members/`, { query: { cursor } });
    out.push(...(Array.isArray(res.body) ? res.body : []));
    const next = nextCursor(res.headers.link);
    if (!next || next === cursor) return out;
    cursor = next;
  }
}

function status(m: SentryMember): { status: UserStatus; raw: string } {
  if (m.pending) return { status: m.expired ? 'INACTIVE' : 'INVITED', raw: m.expired ? 'invite_expired' : 'pending' };
  if (m.user && (m.user.isActive === false || m.user.isSuspended === true)) return { status: 'INACTIVE', raw: m.user.isSuspended ? 'suspended' : 'inactive' };
  return { status: 'ACTIVE', raw: 'active' };
}

export const sentry = defineProvider<SentryMember>({
  name: 'Sentry',
  slug: 'sentry',
  docs: 'https://docs.sentry.io/api/organizations/delete-an-organization-member/',
  baseUrl: 'https://{region}.sentry.io/api/0',
  context: {
    region: { kind: 'enum', description: "The organization's data-storage location (Sentry's OpenAPI server variable): us or de", values: ['us', 'de'], default: 'us' },
    organizationSlug: { kind: 'id', description: 'Organization id or slug', example: 'acme', pattern: /^[a-z0-9][a-z0-9_-]{0,49}$/ },
  },
  auth: {
    auth_token: {
      scheme: { kind: 'bearer', tokenField: 'authToken' },
      description: 'A user auth token or internal integration token with the member:admin scope.',
      docs: 'https://docs.sentry.io/api/auth/',
    },
    oauth: {
      scheme: { kind: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://sentry.io/oauth/token/', scopes: ['member:admin'] },
      description: 'A Sentry public integration authorized by an organization Owner or Manager (member:admin).',
      docs: 'https://docs.sentry.io/api/auth/',
    },
  },
  params: {},
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'identifiers', 'name', 'username', 'emails', 'status', 'isEmailVerified', 'is2faEnabled', 'roles', 'groups', 'avatar', 'createdAt', 'lastActiveAt', 'lastLoginAt'],
  rateLimit: { resetHeader: 'x-sentry-rate-limit-reset', resetKind: 'epoch-seconds', remainingHeader: 'x-sentry-rate-limit-remaining' },
  semantics: {
    permanent: true,
    description:
      'The member (or pending invite) is removed from the Sentry organization and all its teams and loses access to its projects; their Sentry user account, and memberships of other organizations, stay. Issues and events they touched stay. Sentry documents no restore: adding them back is a new invitation.',
    docs: 'https://docs.sentry.io/api/organizations/delete-an-organization-member/',
  },
  selfAliases: ['me'],
  tokenOwner: {
    unavailable:
      "Sentry's API reference (https://docs.sentry.io/api/) documents no call naming the token's user; organization auth tokens and internal integration tokens act as the organization, not as a member. The alias `me` is refused and the only Owner is refused from the member payload (isOnlyOwner).",
  },

  async findUsers({ http, email, context }) {
    const want = email.toLowerCase();
    const org = context.organizationSlug as string;
    return (await allMembers(http, org)).filter(
      (m) => m.email?.toLowerCase() === want || m.user?.email?.toLowerCase() === want || (m.user?.emails ?? []).some((e) => e.email.toLowerCase() === want),
    );
  },

  getUser({ http, id, context }) {
    return http.get<SentryMember>(memberPath(context.organizationSlug as string, id));
  },

  async deleteUser({ http, id, context, snapshot, remoteQuery }) {
    const org = context.organizationSlug as string;
    if (snapshot?.isOnlyOwner === true) {
      throw new AppError('FAILED_PRECONDITION', `Member ${id} is the only Owner of Sentry organization ${org}; make another member an Owner first`, { integration: 'sentry' });
    }
    await http.request('DELETE', memberPath(org, id), { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: org } };
  },

  // The organization role, team roles and team memberships described the removed membership.
  after(user) {
    return { ...user, status: null, rawStatus: null, roles: [], groups: [] };
  },

  toUser(m) {
    const s = status(m);
    const u = m.user ?? undefined;
    const verified = u?.emails?.find((e) => e.email.toLowerCase() === (m.email ?? '').toLowerCase())?.is_verified;
    const orgRole = m.orgRole ?? m.role;
    return compact({
      id: m.id,
      identifiers: { memberId: m.id, userId: u?.id ?? null, email: m.email },
      name: m.name || u?.name || undefined,
      username: u?.username || undefined,
      emails: m.email ? [{ email: m.email, isPrimary: true }] : undefined,
      status: s.status,
      rawStatus: s.raw,
      isEmailVerified: typeof verified === 'boolean' ? verified : undefined,
      is2faEnabled: typeof u?.has2fa === 'boolean' ? u.has2fa : undefined,
      roles: [
        ...(orgRole ? [{ id: orgRole, name: m.roleName ?? orgRole, organization: orgRole }] : []),
        ...(m.teamRoles ?? []).filter((t) => t.role).map((t) => ({ id: t.role as string, name: t.role as string, group: t.teamSlug })),
      ],
      groups: m.teams?.length ? m.teams.map((slug) => ({ id: slug, name: slug })) : undefined,
      avatar: u?.avatarUrl || undefined,
      createdAt: date(m.dateCreated),
      lastActiveAt: date(u?.lastActive),
      lastLoginAt: date(u?.lastLogin),
    });
  },
});
