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
 *  - GET /user — who the token acts as, for the self-deletion guard (login, id).
 *    https://docs.github.com/en/rest/users/users#get-the-authenticated-user
 *    A GitHub App installation token acts as the app, never as an organization member: GitHub
 *    answers it 403 `{"message":"Resource not accessible by integration","documentation_url":
 *    "https://docs.github.com/rest/users/users#get-the-authenticated-user"}` (the endpoint is not
 *    in "Endpoints available for GitHub App installation access tokens",
 *    https://docs.github.com/en/rest/authentication/endpoints-available-for-github-app-installation-access-tokens;
 *    the answer as reported in https://github.com/actions/create-github-app-token/issues/258).
 *    The lookup says "no user" then: an app cannot be the member being removed.
 *  GitHub documents no alias for a username (`/user` is a separate path, not `/users/me`), so
 *  `selfAliases` is empty; the owner comparison covers the token's own login.
 *
 * Rate limits (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 *  - primary: 403 or 429 with `x-ratelimit-remaining: 0`; wait until `x-ratelimit-reset` (epoch s);
 *  - secondary: 403 or 429 "and an error message that indicates that you exceeded a secondary
 *    rate limit. If the retry-after response header is present, you should not retry your
 *    request until after that many seconds has elapsed. If the x-ratelimit-remaining header is
 *    0, you should not retry your request until after the time ... specified by the
 *    x-ratelimit-reset header. Otherwise, wait for at least one minute before retrying."
 *    So: a 403 with Retry-After is rate limited (forbiddenWithRetryAfter), the secondary-limit
 *    message in a 403 body without headers is recognized by `errors`, and with no hint the wait is
 *    the documented minute (defaultWaitMs), never a short backoff.
 *
 * What removal means: "the user's access privileges and settings are saved for three months"
 * and an owner can reinstate them (role, team memberships, repository access, private forks) by
 * inviting them back within that time:
 * https://docs.github.com/en/organizations/managing-membership-in-your-organization/reinstating-a-former-member-of-your-organization
 * ambiguous: "three months" is not a number of days; 89 days is used (the shortest three
 * calendar months), so `restorableUntil` never promises more than GitHub keeps.
 *
 * Ambiguities in the docs, stated rather than guessed:
 *  - the `id` is the user's login (GitHub's paths take logins, not numeric ids);
 *  - removal ends the direct membership only; access that an enterprise team gives stays
 *    (the membership's `enterprise_teams_providing_indirect_membership` is kept in remoteData);
 *  - a 403 means missing permission or rate limiting: headers and the message tell them apart.
 * GitHub Enterprise Server: set the account's baseUrl to https://HOST/api/v3.
 */
import { AppError } from '../../errors.js';
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

/**
 * GitHub's error code for an error body: GitHub has no code field, so the documented messages
 * are recognized. "abuse detection mechanism" is the earlier name of the secondary rate limit.
 */
function githubErrorCode(body: unknown, status: number): string | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  if (typeof message !== 'string') return undefined;
  if (/secondary rate limit|abuse detection mechanism/i.test(message)) return 'secondary_rate_limit';
  if (/API rate limit exceeded/i.test(message)) return 'primary_rate_limit';
  if (/Resource not accessible by integration/i.test(message)) return 'resource_not_accessible_by_integration';
  return undefined;
}

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
  rateLimit: {
    resetHeader: 'x-ratelimit-reset',
    resetKind: 'epoch-seconds',
    remainingHeader: 'x-ratelimit-remaining',
    forbiddenWithRetryAfter: true,
    // "Otherwise, wait for at least one minute before retrying."
    defaultWaitMs: 60_000,
  },
  errors: {
    code: githubErrorCode,
    bodyLevel: false,
    table: {
      secondary_rate_limit: 'RATE_LIMITED',
      primary_rate_limit: 'RATE_LIMITED',
      resource_not_accessible_by_integration: 'FORBIDDEN',
    },
    docs: 'https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit',
  },
  // "Avoid concurrent requests ... make requests serially instead of concurrently" (secondary rate limits):
  // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#avoid-concurrent-requests
  maxConcurrency: 1,
  semantics: {
    permanent: false,
    // "saved for three months": 89 days, the shortest three calendar months (see the header).
    restoreWindowDays: 89,
    description:
      'The person is removed from the organization and all its teams and loses access to its repositories; their GitHub account is untouched. GitHub keeps their role, team memberships, repository access and private forks for three months, during which an owner can reinstate them by inviting them back (a paid seat must be free). A pending invitation is cancelled instead.',
    docs: 'https://docs.github.com/en/organizations/managing-membership-in-your-organization/reinstating-a-former-member-of-your-organization',
  },
  selfAliases: [],
  tokenOwner: {
    docs: 'https://docs.github.com/en/rest/users/users#get-the-authenticated-user',
    async lookup({ http }) {
      try {
        const me = await http.get<GitHubUser>(path`/user`);
        return { ids: [me.login, String(me.id), me.node_id, me.email].filter((v): v is string => typeof v === 'string' && v !== '') };
      } catch (err) {
        // A GitHub App installation token acts as the app: it is no member who could be removed.
        if (err instanceof AppError && err.code === 'FORBIDDEN' && err.details.remote?.error === 'resource_not_accessible_by_integration') {
          return undefined;
        }
        throw err;
      }
    },
  },

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
    if (snapshot?.membership?.state === 'pending') {
      await http.request('DELETE', path`/orgs/${org}/memberships/${id}`, { query: remoteQuery });
    } else {
      await http.request('DELETE', path`/orgs/${org}/members/${id}`, { query: remoteQuery });
    }
    return { outcome: 'REMOVED_FROM_CONTAINER', container: { kind: 'organization', id: org } };
  },

  // status, rawStatus, roles and organizations all described the one membership that is now
  // gone (toUser maps exactly that organization, named by the membership or the path): no
  // membership state, no role, no organization.
  after(user) {
    return { ...user, status: null, rawStatus: null, roles: [], organizations: [] };
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
