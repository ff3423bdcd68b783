/** GitHub under the generic provider contract (test/provider-contract.test.ts). */
import { defineContract } from '../../../test/helpers/contract.js';
import { fixture } from '../../../test/helpers/provider.js';
import { github, type GitHubMembership, type GitHubUser } from './index.js';

const user = fixture<GitHubUser>('github', 'user.json');
const membership = fixture<GitHubMembership>('github', 'membership-active.json');
// The documented membership example names organization "github".
const ORG = 'github';
const LOGIN = user.login;
// The owner of the token as GET /user documents it (the "Get the authenticated user" shape), another person.
const admin: GitHubUser = { ...user, login: 'org-admin', id: 583231, node_id: 'MDQ6VXNlcjU4MzIzMQ==', email: 'admin@example.com', name: 'Org Admin' };

export const contract = defineContract({
  provider: github,
  credentials: { method: 'token', token: 'ghp_contractToken0000000000000000000000' },
  id: LOGIN,
  params: { organizationId: ORG },
  happy: [
    { route: `GET /orgs/${ORG}/memberships/${LOGIN}`, reply: { body: membership } },
    { route: `GET /users/${LOGIN}`, reply: { body: user } },
    { route: `DELETE /orgs/${ORG}/members/${LOGIN}`, reply: { status: 204 } },
  ],
  owner: { route: 'GET /user', someoneElse: { body: admin }, theTarget: { body: user } },
  // A secondary rate limit: 403 with Retry-After and calls left (rate-limits-for-the-rest-api).
  rateLimited: {
    status: 403,
    headers: { 'retry-after': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': '0' },
    body: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    },
  },
  notFound: {
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/orgs/members#get-organization-membership-for-a-user', status: '404' },
  },
  unauthorized: { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } },
  container: { kind: 'organization', id: ORG },
});
