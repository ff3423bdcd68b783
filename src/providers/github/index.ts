/**
 * GitHub: remove a person from an organization (the user account itself belongs to them, not
 * to the organization, so "delete" here is removal from the org named by `organizationId`).
 *
 * Calls (https://docs.github.com/en/rest/orgs/members, API version 2022-11-28):
 *  1. GET /orgs/{org}/memberships/{username} — state `active` or `pending` (invitation); 404 when
 *     the person is neither a member nor invited.
 *     https://docs.github.com/en/rest/orgs/members#get-organization-membership-for-a-user
 *  2. GET /users/{username} — the profile for the snapshot.
 *     https://docs.github.com/en/rest/users/users#get-a-user
 *  3. active → DELETE /orgs/{org}/members/{username} (removes from the org and all its teams).
 *     https://docs.github.com/en/rest/orgs/members#remove-an-organization-member
 *     pending → DELETE /orgs/{org}/memberships/{username}, which cancels the invitation.
 *     https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user
 *
 * Ambiguities in the docs, stated rather than guessed:
 *  - the `id` is the user's login (GitHub's paths take logins, not numeric ids);
 *  - removal ends the direct membership only; access that an enterprise team gives stays
 *    (the membership's `enterprise_teams_providing_indirect_membership` is kept in remoteData);
 *  - a 403 means either missing permission or rate limiting: `x-ratelimit-remaining: 0` tells them apart.
 * GitHub Enterprise Server: set the account's baseUrl to https://HOST/api/v3.
 */
import { defineProvider } from '../core/definition.js';
import { compact, date } from '../core/map.js';
import { path } from '../core/path.js';
import type { UserStatus } from '../core/types.js';

export interface GitHubUser {
  login: string;
  id: number;
  node_id?: string;
  avatar_url?: string;
  html_url?: string;
  type?: string;
  site_admin?: boolean;
  name?: string | null;
  company?: string | null;
  blog?: string | null;
  location?: string | null;
  email?: string | null;
  bio?: string | null;
  twitter_username?: string | null;
  created_at?: string;
  updated_at?: string;
}

export interface GitHubMembership {
  state: 'active' | 'pending';
  role: string;
  organization?: { login: string; id: number; description?: string | null };
  user?: { login: string; id: number } | null;
  direct_membership?: boolean;
  enterprise_teams_providing_indirect_membership?: string[];
}

export interface GitHubSnapshot {
  user: GitHubUser;
  /** Absent when the user is read without an organization (federation references). */
  membership?: GitHubMembership;
}

const STATUS: Record<GitHubMembership['state'], UserStatus> = { active: 'ACTIVE', pending: 'INVITED' };

export const github = defineProvider<GitHubSnapshot>({
  name: 'GitHub',
  slug: 'github',
  docs: 'https://docs.github.com/en/rest/orgs/members#remove-an-organization-member',
  baseUrl: 'https://api.github.com',
  context: {},
  auth: {
    token: {
      scheme: { kind: 'bearer', tokenField: 'token' },
      description:
        'A fine-grained or classic personal access token, or a GitHub App installation token, of an organization owner with the "Members" organization permission (write).',
    },
  },
  params: { organizationId: { use: 'required', note: 'The unique identifier of an organization' } },
  outcome: 'REMOVED_FROM_CONTAINER',
  maps: ['id', 'identifiers', 'name', 'username', 'emails', 'status', 'roles', 'organizations', 'userType', 'avatar', 'bio', 'createdAt', 'updatedAt', 'urls'],
  headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
  rateLimit: { resetHeader: 'x-ratelimit-reset', resetKind: 'epoch-seconds', remainingHeader: 'x-ratelimit-remaining' },
  // "Avoid concurrent requests ... make requests serially instead of concurrently" (secondary rate limits):
  // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#avoid-concurrent-requests
  maxConcurrency: 1,

  async getUser({ http, id, params }) {
    // Membership first: a person who is neither a member nor invited is a 404 before anything else.
    const membership = params.organizationId
      ? await http.get<GitHubMembership>(path`/orgs/${params.organizationId}/memberships/${id}`)
      : undefined;
    const user = await http.get<GitHubUser>(path`/users/${id}`);
    return { user, membership };
  },

  async deleteUser({ http, id, params, snapshot, remoteQuery }) {
    const org = params.organizationId as string;
    const res =
      snapshot?.membership?.state === 'pending'
        ? await http.request('DELETE', path`/orgs/${org}/memberships/${id}`, { query: remoteQuery })
        : await http.request('DELETE', path`/orgs/${org}/members/${id}`, { query: remoteQuery });
    return { outcome: 'REMOVED_FROM_CONTAINER' };
  },

  toUser({ user, membership }, { params }) {
    const org = membership?.organization?.login ?? params.organizationId;
    return compact({
      id: user.login,
      identifiers: { id: user.id, login: user.login, nodeId: user.node_id ?? null },
      name: user.name ?? undefined,
      username: user.login,
      emails: user.email ? [{ email: user.email, type: 'public', isPrimary: true }] : undefined,
      status: membership ? STATUS[membership.state] : undefined,
      rawStatus: membership?.state,
      // roles.organization is "the role of the user in the organization" (spec), so it carries the role too.
      roles: membership ? [{ id: membership.role, name: membership.role, organization: membership.role }] : undefined,
      organizations: org ? [{ id: org, name: membership?.organization?.login ?? org }] : undefined,
      userType: user.type,
      avatar: user.avatar_url,
      bio: user.bio ?? undefined,
      createdAt: date(user.created_at),
      updatedAt: date(user.updated_at),
      urls: [
        ...(user.html_url ? [{ url: user.html_url, type: 'profile' }] : []),
        ...(user.blog ? [{ url: user.blog, type: 'blog' }] : []),
      ],
    });
  },
});
